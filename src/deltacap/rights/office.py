"""The office's configuration of the market: pilot counties, flagged counties, the
cross-member trade ratio. Office only (or the platform's own loads), audited."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from django.db import transaction

from deltacap.accounts.permissions import principal_of
from deltacap.audit import services as audit
from deltacap.domain.access import AccessDenied, Action, Kind, Resource, Role
from deltacap.domain.errors import InvalidInput, gettext_noop
from deltacap.reference.models import Division, Level
from deltacap.rights.models import CountyTargetFlag, MarketSetting


def _require_office(by: Any, channel: str) -> None:
    if by is None and channel == "system":
        return
    principal = principal_of(by)
    if principal.role is not Role.OFFICE:
        resource = Resource(Kind.HOLDING, ("region",), level="region")
        raise AccessDenied(principal, Action.WRITE, resource)


def set_cross_member_ratio(
    *, by: Any, channel: str, ratio: str | None, source: str = ""
) -> Fraction | None:
    """The office sets (or, with ``None``, removes) the cross-member trade ratio: the buyer
    receives that fraction of what a seller in another member gives (issue 4 item 5).

    ``ratio`` as ``"9/10"`` or ``"0.9"``. Raises AccessDenied, InvalidInput."""
    _require_office(by, channel)
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
    with transaction.atomic():
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


def flag_county(
    *, by: Any, channel: str, county_code: str, not_meeting_target: bool, source: str = ""
) -> bool:
    """The office flags a county as not meeting its target (its enterprises may then buy
    only from within the county), or lifts the flag. Raises AccessDenied, InvalidInput."""
    _require_office(by, channel)
    if not Division.objects.filter(code=county_code, level=Level.COUNTY).exists():
        raise InvalidInput(
            gettext_noop("No county with code {code}."), field="county_code", code=county_code
        )
    with transaction.atomic():
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


def set_pilot_county(*, by: Any, channel: str, county_code: str, pilot: bool) -> Division:
    """The office marks a county as an emission-rights pilot county (or not)."""
    _require_office(by, channel)
    county = Division.objects.filter(code=county_code, level=Level.COUNTY).first()
    if county is None:
        raise InvalidInput(
            gettext_noop("No county with code {code}."), field="county_code", code=county_code
        )
    with transaction.atomic():
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
