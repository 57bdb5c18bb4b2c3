"""The office's configuration of the market: pilot counties, flagged counties, the
cross-member trade ratio, trading price bands and paid-use prices. Office only (or the
platform's own loads), audited; what it maintains is read by ``selectors.market_settings``.

Price bands and paid-use prices are versioned: a new price starts on a day and closes the
version in force before it the day before; versions are never deleted, so a trade or a
fee can always be traced to the price it was checked against."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction
from typing import Any, TypeVar

from django.db import models

from deltacap.accounts.permissions import Actor, require
from deltacap.audit import services as audit
from deltacap.domain.access import Action
from deltacap.domain.accounting.provenance import Tag
from deltacap.domain.errors import Conflict, InvalidInput, gettext_noop
from deltacap.domain.rights.quantities import fen_from_yuan, require_fen
from deltacap.reference.models import Division, Level
from deltacap.rights.config import market_config
from deltacap.rights.journal import unit_of_work
from deltacap.rights.models import CountyTargetFlag, MarketSetting, PaidUsePriceRow, PriceBandRow
from deltacap.rights.services.accounts import date_input

MARKET = MarketSetting.as_resource()
Version = TypeVar("Version", PriceBandRow, PaidUsePriceRow)


@unit_of_work()
def set_cross_member_ratio(
    *, by: Actor, channel: str, ratio: str | None, source: str = ""
) -> Fraction | None:
    """The office sets (or, with ``None``, removes) the cross-member trade ratio: the buyer
    receives that fraction of what a seller in another member gives (issue 4 item 5).

    ``ratio`` as ``"9/10"`` or ``"0.9"``. Raises AccessDenied, InvalidInput."""
    require(by, Action.SET_TRADE_RATIO, MARKET)
    value = None
    if ratio is not None:
        try:
            value = Fraction(str(ratio).strip())
        except (ValueError, ZeroDivisionError):
            value = None
        if value is None or not (0 < value <= 1):
            raise InvalidInput(
                gettext_noop("Enter a fraction above 0 and at most 1, such as 9/10."),
                field="ratio",
            )
    setting, _ = MarketSetting.objects.select_for_update().get_or_create(pk=1)
    before = str(setting)
    setting.ratio_numerator = value.numerator if value else None
    setting.ratio_denominator = value.denominator if value else None
    setting.source = source
    setting.save()
    audit.record(
        actor=by,
        channel=channel,
        action="rights.ratio",
        object_type="market_setting",
        object_id=1,
        before={"ratio": before},
        after={"ratio": str(value) if value else None, "source": source},
    )
    return value


@unit_of_work()
def flag_county(
    *, by: Actor, channel: str, county_code: str, not_meeting_target: bool, source: str = ""
) -> bool:
    """The office flags a county as not meeting its target (its enterprises may then buy
    only from within the county), or lifts the flag. Raises AccessDenied, InvalidInput."""
    require(by, Action.FLAG_COUNTY, MARKET)
    if not Division.objects.filter(code=county_code, level=Level.COUNTY).exists():
        raise InvalidInput(
            gettext_noop("No county with code {code}."), field="county_code", code=county_code
        )
    if not_meeting_target:
        CountyTargetFlag.objects.update_or_create(
            county_code=county_code, defaults={"source": source}
        )
    else:
        CountyTargetFlag.objects.filter(county_code=county_code).delete()
    audit.record(
        actor=by,
        channel=channel,
        action="rights.county_flag",
        object_type="division",
        object_id=county_code,
        after={"not_meeting_target": not_meeting_target, "source": source},
    )
    return not_meeting_target


@unit_of_work()
def set_pilot_county(*, by: Actor, channel: str, county_code: str, pilot: bool) -> Division:
    """The office marks a county as an emission-rights pilot county (or not)."""
    require(by, Action.SET_PILOT_COUNTY, MARKET)
    county = Division.objects.filter(code=county_code, level=Level.COUNTY).first()
    if county is None:
        raise InvalidInput(
            gettext_noop("No county with code {code}."), field="county_code", code=county_code
        )
    before = county.pilot_county
    county.pilot_county = pilot
    county.save(update_fields=["pilot_county"])
    audit.record(
        actor=by,
        channel=channel,
        action="rights.pilot_county",
        object_type="division",
        object_id=county.code,
        member_code=county.member_code,
        before={"pilot_county": before},
        after={"pilot_county": pilot},
    )
    return county


def _member(member_code: str) -> str:
    code = (member_code or "").strip()
    if code and not Division.objects.filter(code=code, level=Level.MEMBER).exists():
        raise InvalidInput(
            gettext_noop("No member with code {code}."), field="member_code", code=code
        )
    return code


def _source(source: str) -> str:
    text = (source or "").strip()
    if not text:
        raise InvalidInput(gettext_noop("Say where the figure comes from."), field="source")
    return text


def _price(yuan: Any, field: str) -> int:
    return require_fen(fen_from_yuan(yuan, field), field)


def _new_version(rows: models.QuerySet[Any], start: date) -> Any:
    """Close the version in force before ``start`` (locked); refuse a start on or before
    the latest version's. Returns the closed version, if any (call inside a transaction)."""
    versions = list(rows.select_for_update().order_by("valid_from"))
    if versions and versions[-1].valid_from >= start:
        raise Conflict(
            gettext_noop("A version from {day} exists; a new one must start after it."),
            field="valid_from",
            day=versions[-1].valid_from,
        )
    last = versions[-1] if versions else None
    if last is not None and (last.valid_to is None or last.valid_to >= start):
        last.valid_to = start - timedelta(days=1)
        last.save(update_fields=["valid_to"])
    return last


def _version_dict(row: PriceBandRow | PaidUsePriceRow) -> dict[str, Any]:
    """A price version as the audit trail records it (its prices in fen)."""
    prices: dict[str, Any] = (
        {"min_fen_per_tonne": row.min_fen_per_tonne, "max_fen_per_tonne": row.max_fen_per_tonne}
        if isinstance(row, PriceBandRow)
        else {"fen_per_tonne_year": row.fen_per_tonne_year, "payer_class": row.payer_class}
    )
    return {
        "member": row.member_code,
        "pollutant": row.pollutant,
        **prices,
        "valid_from": row.valid_from.isoformat(),
        "valid_to": row.valid_to.isoformat() if row.valid_to else None,
        "source": row.source,
    }


def _add_version(
    by: Actor,
    channel: str,
    model: type[Version],
    key: dict[str, str],
    start: date,
    values: dict[str, Any],
) -> Version:
    """A new version of the price of ``key`` from ``start``, closing the one in force
    before it the day before; audited with the version it closed."""
    closed = _new_version(model.objects.filter(**key), start)
    row = model.objects.create(
        **key,
        **values,
        valid_from=start,
        tag=Tag.VERIFIED.value,  # the office's own figure, with the source it gives
    )
    kind = "price_band" if model is PriceBandRow else "paid_use_price"
    audit.record(
        actor=by,
        channel=channel,
        action=f"rights.{kind}",
        object_type=kind,
        object_id=row.pk,
        member_code=key["member_code"],
        before=None if closed is None else _version_dict(closed),
        after=_version_dict(row),
    )
    return row


@unit_of_work()
def set_price_band(
    *,
    by: Actor,
    channel: str,
    pollutant: str,
    min_yuan_per_tonne: Any,
    max_yuan_per_tonne: Any,
    valid_from: date | str,
    source: str,
    member_code: str = "",
) -> PriceBandRow:
    """A new version of the trading price band of ``pollutant`` (in ``member_code``, or
    every member), from ``valid_from``. Raises AccessDenied, InvalidInput, RightsInvalid
    naming the field, Conflict (a version starts on or after that day)."""
    require(by, Action.SET_PRICE_BAND, MARKET)
    market_config().rules.pollutants.spec(pollutant)
    low = _price(min_yuan_per_tonne, "min_yuan_per_tonne")
    high = _price(max_yuan_per_tonne, "max_yuan_per_tonne")
    if high < low:
        raise InvalidInput(
            gettext_noop("The highest price must not be below the lowest."),
            field="max_yuan_per_tonne",
        )
    start = date_input(valid_from, "valid_from")
    key = {"member_code": _member(member_code), "pollutant": pollutant}
    prices = {"min_fen_per_tonne": low, "max_fen_per_tonne": high, "source": _source(source)}
    return _add_version(by, channel, PriceBandRow, key, start, prices)


@unit_of_work()
def set_paid_use_price(
    *,
    by: Actor,
    channel: str,
    pollutant: str,
    yuan_per_tonne_year: Any,
    valid_from: date | str,
    source: str,
    member_code: str = "",
    payer_class: str = "",
) -> PaidUsePriceRow:
    """A new version of the paid-use price of ``pollutant`` (yuan per tonne and year of
    validity) in ``member_code`` (or every member), from ``valid_from``. Raises
    AccessDenied, InvalidInput naming the field, Conflict."""
    require(by, Action.SET_PAID_USE_PRICE, MARKET)
    market_config().rules.pollutants.spec(pollutant)
    fen = _price(yuan_per_tonne_year, "yuan_per_tonne_year")
    start = date_input(valid_from, "valid_from")
    key = {
        "member_code": _member(member_code),
        "pollutant": pollutant,
        "payer_class": (payer_class or "").strip()[:20],
    }
    price = {"fen_per_tonne_year": fen, "source": _source(source)}
    return _add_version(by, channel, PaidUsePriceRow, key, start, price)
