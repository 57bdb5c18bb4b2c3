"""/api/v1/rights: confirmation of rights (确权), paid-use prices and the office's market
settings (mounted on the rights router in ``rights.api``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import ConfigDict

from deltacap.accounts.auth import AUTH
from deltacap.inputs import BlankOrCode, Code, Day, Id, Limit, Measure, Note, Offset, Text, Yuan
from deltacap.rights import schemas, selectors, services
from deltacap.rights.models import PaidUsePriceRow

router = Router(tags=["rights"])


# --- confirmation of rights (确权) --------------------------------------------------------


# Calculator inputs: plausible ranges (a year has at most 8,784 hours), at most 6 decimals.
Hours = Annotated[Decimal, Measure(8784, 6, "hours in a year, at most 8,784")]


class PerformanceIn(Schema):
    model_config = ConfigDict(extra="forbid")

    capacity_mw: Annotated[Decimal, Measure(100_000, 6, "MW, at most 100,000")]
    utilisation_hours: Hours
    performance_g_kwh: Annotated[Decimal, Measure(10_000, 6, "g/kWh, at most 10,000")]


class AirConcentrationIn(Schema):
    model_config = ConfigDict(extra="forbid")

    limit_mg_m3: Annotated[Decimal, Measure(1_000_000, 6, "mg/m3, at most 1,000,000")]
    flow_m3_h: Annotated[Decimal, Measure(10**9, 6, "m3/h, at most 10^9")]
    hours: Hours


class WaterConcentrationIn(Schema):
    model_config = ConfigDict(extra="forbid")

    limit_mg_l: Annotated[Decimal, Measure(1_000_000, 6, "mg/L, at most 1,000,000")]
    volume_m3_a: Annotated[Decimal, Measure(10**11, 6, "m3 a year, at most 10^11")]


class ConfirmationIn(Schema):
    model_config = ConfigDict(extra="forbid")

    enterprise_id: Id
    pollutant: Code
    valid_from: Day
    valid_to: Day
    basis: Annotated[str, Text(200)]
    origin: Code = "initial_paid"
    decision: Annotated[str, Text(80)] = ""
    payer_class: Annotated[str, Text(20)] = ""
    # The id of the confirmation in force of the same rights, when this one amends it.
    amends: Id | None = None
    performance: PerformanceIn | None = None
    air_concentration: AirConcentrationIn | None = None
    water_concentration: WaterConcentrationIn | None = None


@router.post("/rights/confirmations", response={201: schemas.ConfirmationOut}, auth=AUTH)
def confirm(request: HttpRequest, payload: ConfirmationIn) -> Status[schemas.ConfirmationOut]:
    """A bureau of the enterprise's area confirms its initial allocation: give one or more
    methods' inputs (units in the field names); the smaller result is issued and, for
    ``initial_paid``, the paid-use fee assessed at the office's price. Rights confirmed
    before are changed only by amending the confirmation in force (``amends``: its id;
    otherwise 409): the difference is issued or retired."""
    data = payload.dict()
    methods = {m: data.pop(m) for m in services.METHOD_FIELDS}
    made = services.confirm_rights(
        by=request.user,
        channel="api",
        methods={m: v for m, v in methods.items() if v is not None},
        **data,
    )
    return Status(201, schemas.confirmation_out(made))


@router.get("/rights/confirmations", response=list[schemas.ConfirmationOut], auth=AUTH)
def confirmations(
    request: HttpRequest,
    limit: Annotated[int, Limit(1000)] = 200,
    offset: Offset = 0,
) -> list[schemas.ConfirmationOut]:
    """Confirmations the caller may read (an enterprise: its own), newest first."""
    rows = selectors.visible_confirmations(request.user)[offset : offset + limit]
    return [schemas.confirmation_out(c) for c in rows]


class PaidUsePriceIn(Schema):
    model_config = ConfigDict(extra="forbid")

    pollutant: Code
    yuan_per_tonne_year: Yuan
    valid_from: Day
    source: Annotated[str, Note(2000)]
    member_code: BlankOrCode = ""
    payer_class: Annotated[str, Text(20)] = ""


@router.get("/rights/paid-use-prices", response=list[schemas.PaidUsePriceOut], auth=AUTH)
def paid_use_prices(request: HttpRequest) -> list[schemas.PaidUsePriceOut]:
    """Paid-use prices, every version (the office maintains them)."""
    return [schemas.paid_use_price_out(r) for r in PaidUsePriceRow.objects.all()[:1000]]


@router.post("/rights/paid-use-prices", response={201: schemas.PaidUsePriceOut}, auth=AUTH)
def set_paid_use_price(
    request: HttpRequest, payload: PaidUsePriceIn
) -> Status[schemas.PaidUsePriceOut]:
    """The office sets a new version of a paid-use price (office only)."""
    row = services.set_paid_use_price(by=request.user, channel="api", **payload.dict())
    return Status(201, schemas.paid_use_price_out(row))


# --- the office's market settings -------------------------------------------------------


class PilotIn(Schema):
    model_config = ConfigDict(extra="forbid")

    pilot: bool


class FlagIn(Schema):
    model_config = ConfigDict(extra="forbid")

    not_meeting_target: bool
    source: Annotated[str, Note(2000)] = ""


class RatioIn(Schema):
    model_config = ConfigDict(extra="forbid")

    ratio: Annotated[str, Text(20)] | None
    source: Annotated[str, Note(2000)] = ""


class PriceBandIn(Schema):
    model_config = ConfigDict(extra="forbid")

    pollutant: Code
    min_yuan_per_tonne: Yuan
    max_yuan_per_tonne: Yuan
    valid_from: Day
    source: Annotated[str, Note(2000)]
    member_code: BlankOrCode = ""


@router.get("/rights/settings", response=schemas.MarketSettingsOut, auth=AUTH)
def market_settings(request: HttpRequest) -> schemas.MarketSettingsOut:
    """The office's market settings: pilot and flagged counties, the cross-member trade
    ratio, price bands and paid-use prices with every version (office only)."""
    return schemas.settings_out(request.user)


@router.put(
    "/rights/settings/pilot-counties/{county_code}", response=schemas.MarketSettingsOut, auth=AUTH
)
def set_pilot(
    request: HttpRequest, county_code: Code, payload: PilotIn
) -> schemas.MarketSettingsOut:
    """Make a county an emission-rights pilot county, or not (office only)."""
    services.set_pilot_county(
        by=request.user, channel="api", county_code=county_code, pilot=payload.pilot
    )
    return schemas.settings_out(request.user)


@router.put(
    "/rights/settings/county-flags/{county_code}", response=schemas.MarketSettingsOut, auth=AUTH
)
def set_flag(request: HttpRequest, county_code: Code, payload: FlagIn) -> schemas.MarketSettingsOut:
    """Flag a county as not meeting its target (no buying into it from outside), or lift
    the flag (office only)."""
    services.flag_county(by=request.user, channel="api", county_code=county_code, **payload.dict())
    return schemas.settings_out(request.user)


@router.put("/rights/settings/trade-ratio", response=schemas.MarketSettingsOut, auth=AUTH)
def set_ratio(request: HttpRequest, payload: RatioIn) -> schemas.MarketSettingsOut:
    """Set (``"9/10"``) or remove (``null``) the cross-member trade ratio (office only)."""
    services.set_cross_member_ratio(by=request.user, channel="api", **payload.dict())
    return schemas.settings_out(request.user)


@router.post("/rights/settings/price-bands", response={201: schemas.PriceBandOut}, auth=AUTH)
def add_price_band(request: HttpRequest, payload: PriceBandIn) -> Status[schemas.PriceBandOut]:
    """A new version of a pollutant's price band from ``valid_from``; the version before
    it ends the day before (office only, audited)."""
    row = services.set_price_band(by=request.user, channel="api", **payload.dict())
    return Status(201, schemas.price_band_out(row))
