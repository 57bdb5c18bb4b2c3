"""/api/v1/rights: confirmation of rights (确权), paid-use prices and the office's market
settings (mounted on the rights router in ``rights.api``)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import ConfigDict

from deltacap.accounts.auth import AUTH
from deltacap.inputs import BlankOrCode, Code, Day, Id, Limit, Measure, Note, Offset, Text, Yuan
from deltacap.rights import confirmation, office, selectors
from deltacap.rights.models import Confirmation, PaidUsePriceRow, PriceBandRow

router = Router(tags=["rights"])
_yuan = selectors.yuan


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
    performance: PerformanceIn | None = None
    air_concentration: AirConcentrationIn | None = None
    water_concentration: WaterConcentrationIn | None = None


class ConfirmationOut(Schema):
    id: int
    account: str
    enterprise_id: int | None
    pollutant: str
    valid_from: date
    valid_to: date
    origin: str
    basis: str
    decision: str
    method: str
    tonnes: Decimal
    candidates: list[dict[str, object]]
    formula_source: str
    rule_source: str
    holding_id: int
    entry_id: str
    fee_yuan: Decimal | None
    fee_years: int | None
    price_yuan_per_tonne_year: Decimal | None
    price_source: str
    confirmed_at: datetime


def confirmation_out(c: Confirmation) -> ConfirmationOut:
    return ConfirmationOut(
        id=c.pk,
        account=c.account_id,
        enterprise_id=c.account.enterprise_id,
        pollutant=c.pollutant,
        valid_from=c.valid_from,
        valid_to=c.valid_to,
        origin=c.origin,
        basis=c.basis,
        decision=c.decision,
        method=c.method,
        tonnes=selectors.tonnes(c.kg),
        candidates=c.candidates,
        formula_source=c.formula_source,
        rule_source=c.rule_source,
        holding_id=c.holding_id,
        entry_id=c.entry_id,
        fee_yuan=None if c.fee_fen is None else _yuan(c.fee_fen),
        fee_years=c.fee_years,
        price_yuan_per_tonne_year=None
        if c.price_fen_per_tonne_year is None
        else _yuan(c.price_fen_per_tonne_year),
        price_source=c.price_source,
        confirmed_at=c.confirmed_at,
    )


@router.post("/rights/confirmations", response={201: ConfirmationOut}, auth=AUTH)
def confirm(request: HttpRequest, payload: ConfirmationIn) -> Status[ConfirmationOut]:
    """A bureau of the enterprise's area confirms its initial allocation: give one or more
    methods' inputs (units in the field names); the smaller result is issued and, for
    ``initial_paid``, the paid-use fee assessed at the office's price."""
    data = payload.dict()
    methods = {m: data.pop(m) for m in confirmation.METHOD_FIELDS}
    made = confirmation.confirm_rights(
        by=request.user,
        channel="api",
        methods={m: v for m, v in methods.items() if v is not None},
        **data,
    )
    return Status(201, confirmation_out(made))


@router.get("/rights/confirmations", response=list[ConfirmationOut], auth=AUTH)
def confirmations(
    request: HttpRequest,
    limit: Annotated[int, Limit(1000)] = 200,
    offset: Offset = 0,
) -> list[ConfirmationOut]:
    """Confirmations the caller may read (an enterprise: its own), newest first."""
    rows = selectors.visible_confirmations(request.user)[offset : offset + limit]
    return [confirmation_out(c) for c in rows]


class PaidUsePriceIn(Schema):
    model_config = ConfigDict(extra="forbid")

    pollutant: Code
    yuan_per_tonne_year: Yuan
    valid_from: Day
    source: Annotated[str, Note(2000)]
    member_code: BlankOrCode = ""
    payer_class: Annotated[str, Text(20)] = ""


class PaidUsePriceOut(Schema):
    id: int
    member_code: str
    pollutant: str
    payer_class: str
    yuan_per_tonne_year: Decimal
    valid_from: date
    valid_to: date | None
    source: str
    tag: str


def _paid_use_price(r: PaidUsePriceRow) -> PaidUsePriceOut:
    return PaidUsePriceOut(
        id=r.pk,
        member_code=r.member_code,
        pollutant=r.pollutant,
        payer_class=r.payer_class,
        yuan_per_tonne_year=_yuan(r.fen_per_tonne_year),
        valid_from=r.valid_from,
        valid_to=r.valid_to,
        source=r.source,
        tag=r.tag,
    )


@router.get("/rights/paid-use-prices", response=list[PaidUsePriceOut], auth=AUTH)
def paid_use_prices(request: HttpRequest) -> list[PaidUsePriceOut]:
    """Paid-use prices, every version (the office maintains them)."""
    return [_paid_use_price(r) for r in PaidUsePriceRow.objects.all()[:1000]]


@router.post("/rights/paid-use-prices", response={201: PaidUsePriceOut}, auth=AUTH)
def set_paid_use_price(request: HttpRequest, payload: PaidUsePriceIn) -> Status[PaidUsePriceOut]:
    """The office sets a new version of a paid-use price (office only)."""
    row = office.set_paid_use_price(by=request.user, channel="api", **payload.dict())
    return Status(201, _paid_use_price(row))


# --- the office's market settings -------------------------------------------------------


class PriceBandOut(Schema):
    id: int
    member_code: str
    pollutant: str
    min_yuan_per_tonne: Decimal
    max_yuan_per_tonne: Decimal
    valid_from: date
    valid_to: date | None
    source: str
    tag: str
    verified: bool


class CountyOut(Schema):
    code: str
    name: str
    member: str | None = None
    source: str = ""


class MarketSettingsOut(Schema):
    pilot_counties: list[CountyOut]
    flagged_counties: list[CountyOut]
    trade_ratio: str | None
    trade_ratio_source: str
    price_bands: list[PriceBandOut]
    paid_use_prices: list[PaidUsePriceOut]


def price_band_out(r: PriceBandRow) -> PriceBandOut:
    return PriceBandOut(
        id=r.pk,
        member_code=r.member_code,
        pollutant=r.pollutant,
        min_yuan_per_tonne=_yuan(r.min_fen_per_tonne),
        max_yuan_per_tonne=_yuan(r.max_fen_per_tonne),
        valid_from=r.valid_from,
        valid_to=r.valid_to,
        source=r.source,
        tag=r.tag,
        verified=r.tag == "V",
    )


def settings_out(user: object) -> MarketSettingsOut:
    data = office.market_settings(user)
    return MarketSettingsOut(
        pilot_counties=[CountyOut(**c) for c in data["pilot_counties"]],
        flagged_counties=[CountyOut(**c) for c in data["flagged_counties"]],
        trade_ratio=data["trade_ratio"],
        trade_ratio_source=data["trade_ratio_source"],
        price_bands=[price_band_out(r) for r in data["price_bands"]],
        paid_use_prices=[_paid_use_price(r) for r in data["paid_use_prices"]],
    )


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


@router.get("/rights/settings", response=MarketSettingsOut, auth=AUTH)
def market_settings(request: HttpRequest) -> MarketSettingsOut:
    """The office's market settings: pilot and flagged counties, the cross-member trade
    ratio, price bands and paid-use prices with every version (office only)."""
    return settings_out(request.user)


@router.put("/rights/settings/pilot-counties/{county_code}", response=MarketSettingsOut, auth=AUTH)
def set_pilot(request: HttpRequest, county_code: Code, payload: PilotIn) -> MarketSettingsOut:
    """Make a county an emission-rights pilot county, or not (office only)."""
    office.set_pilot_county(
        by=request.user, channel="api", county_code=county_code, pilot=payload.pilot
    )
    return settings_out(request.user)


@router.put("/rights/settings/county-flags/{county_code}", response=MarketSettingsOut, auth=AUTH)
def set_flag(request: HttpRequest, county_code: Code, payload: FlagIn) -> MarketSettingsOut:
    """Flag a county as not meeting its target (no buying into it from outside), or lift
    the flag (office only)."""
    office.flag_county(by=request.user, channel="api", county_code=county_code, **payload.dict())
    return settings_out(request.user)


@router.put("/rights/settings/trade-ratio", response=MarketSettingsOut, auth=AUTH)
def set_ratio(request: HttpRequest, payload: RatioIn) -> MarketSettingsOut:
    """Set (``"9/10"``) or remove (``null``) the cross-member trade ratio (office only)."""
    office.set_cross_member_ratio(by=request.user, channel="api", **payload.dict())
    return settings_out(request.user)


@router.post("/rights/settings/price-bands", response={201: PriceBandOut}, auth=AUTH)
def add_price_band(request: HttpRequest, payload: PriceBandIn) -> Status[PriceBandOut]:
    """A new version of a pollutant's price band from ``valid_from``; the version before
    it ends the day before (office only, audited)."""
    row = office.set_price_band(by=request.user, channel="api", **payload.dict())
    return Status(201, price_band_out(row))
