"""Every write of heavy-pollution weather warnings (重污染天气预警, issue 12 §4): issue, raise,
lower and lift a city's warning (its member's editors) or the region's (the office), and the
notified members' marking of their notices.

Each write asks its rule once, then writes the warning, a step of its history and its audit
event in one transaction. The level the forecast calls for by the scheme in force on the
warning's start (``domain/air/warnings.py``) is kept beside the level issued; an issuer may
choose another level, saying why. On issue, every other member of the region gets a notice.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from deltacap.accounts.permissions import Actor, require, user_of
from deltacap.air.models import (
    AirWarning,
    AirWarningChange,
    AirWarningNotice,
    WarningStatus,
    WarningStep,
    warning_resource,
)
from deltacap.air.selectors import local_now
from deltacap.audit import services as audit
from deltacap.domain.access import Action
from deltacap.domain.air import warnings as scheme_rules
from deltacap.domain.air.warnings import WarningLevel
from deltacap.domain.errors import InvalidInput, NotFound, gettext_noop
from deltacap.reference.models import Division, Level

MAX_NOTE = 2000
MAX_SPAN_DAYS = 30


def get_warning(warning_id: int) -> AirWarning:
    found = AirWarning.objects.select_related("city__parent").filter(pk=warning_id).first()
    if found is None:
        raise NotFound(gettext_noop("No warning {id}."), field="id", id=warning_id)
    return found


def get_notice(notice_id: int) -> AirWarningNotice:
    found = AirWarningNotice.objects.select_related("warning", "member").filter(pk=notice_id)
    notice = found.first()
    if notice is None:
        raise NotFound(gettext_noop("No notice {id}."), field="id", id=notice_id)
    return notice


def _city(code: Any) -> Division | None:
    """The warned city by its code; blank: the region."""
    text = str(code or "").strip()
    if not text:
        return None
    city = Division.objects.select_related("parent").filter(code=text, prefecture=True).first()
    if city is None:
        raise InvalidInput(
            gettext_noop("{city} is not one of the region's 41 cities."), field="city", city=text
        )
    return city


def _day(value: Any, field: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise InvalidInput(
            gettext_noop("Enter the date as YYYY-MM-DD; got {got}."), field=field, got=value
        ) from None


def _level(value: Any, scheme: scheme_rules.Scheme) -> WarningLevel | None:
    text = str(value or "").strip()
    if not text:
        return None
    try:
        level = WarningLevel(text)
    except ValueError:
        level = None
    if level is None or level not in scheme.levels:
        raise InvalidInput(
            gettext_noop("Choose one of the levels of the {scheme} scheme; got {got}."),
            field="level",
            scheme=scheme.key,
            got=text,
        )
    return level


def _note(value: Any) -> str:
    note = str(value or "").strip()
    if len(note) > MAX_NOTE:
        raise InvalidInput(
            gettext_noop("Write at most {limit} characters."), field="note", limit=MAX_NOTE
        )
    return note


def _choose(
    scheme: scheme_rules.Scheme, series: list[int], level: Any, note: str
) -> tuple[WarningLevel, str]:
    """The level issued (the one proposed unless another is chosen) and the proposed one;
    another level than proposed needs the issuer's reason."""
    proposed = scheme_rules.decide(scheme, series)
    chosen = _level(level, scheme) or proposed
    if chosen is None:
        raise InvalidInput(
            gettext_noop(
                "The forecast calls for no warning by the {scheme} scheme; choose a level "
                "and give the reason."
            ),
            field="level",
            scheme=scheme.key,
        )
    if chosen is not proposed and not note:
        raise InvalidInput(
            gettext_noop(
                "Give the reason for a level other than the one the forecast calls for ({level})."
            ),
            field="note",
            level=proposed.value if proposed else "—",
        )
    return chosen, proposed.value if proposed else ""


def _snapshot(warning: AirWarning) -> dict[str, Any]:
    return {
        "level": warning.level,
        "proposed_level": warning.proposed_level,
        "forecast_aqi": list(warning.forecast_aqi),
        "expected_end": warning.expected_end.isoformat(),
        "lifted_on": warning.lifted_on.isoformat() if warning.lifted_on else None,
    }


def _record(
    warning: AirWarning, step: WarningStep, day: date, *, by: Actor, channel: str, before: Any
) -> None:
    AirWarningChange.objects.create(
        warning=warning,
        step=step,
        level=warning.level,
        proposed_level=warning.proposed_level,
        forecast_aqi=list(warning.forecast_aqi),
        day=day,
        note=warning.note,
        by=user_of(by),
    )
    after = _snapshot(warning) | {"day": day.isoformat(), "note": warning.note}
    audit.record(
        actor=by,
        channel=channel,
        action=f"air_warning.{step.value}",
        object_type="air_warning",
        object_id=warning.pk,
        member_code=warning.member_code,
        before=before,
        after=after,
    )


def issue_warning(
    *,
    by: Actor,
    channel: str,
    city: Any,
    start: Any,
    expected_end: Any,
    forecast_aqi: list[Any],
    level: Any = None,
    note: Any = "",
    synthetic: bool = False,
) -> AirWarning:
    """Issue a warning for ``city`` (its code; blank: a regional warning) from ``start``
    (the first forecast day) to ``expected_end``, at ``level`` (default: the level the
    forecast calls for by the scheme in force on ``start``). Notifies every other member.
    Raises AccessDenied, InvalidInput."""
    place = _city(city)
    require(by, Action.ISSUE_AIR_WARNING, warning_resource(place))
    first, end = _day(start, "start"), _day(expected_end, "expected_end")
    _check_span(first, end)
    scheme = scheme_rules.scheme_on(first)
    series = scheme_rules.check_series(forecast_aqi)
    text = _note(note)
    chosen, proposed = _choose(scheme, series, level, text)
    with transaction.atomic():
        _refuse_second(place)
        warning = AirWarning.objects.create(
            city=place,
            member_code=(place.member_code or "") if place else "",
            scheme=scheme.key,
            level=chosen.value,
            proposed_level=proposed,
            forecast_aqi=series,
            start=first,
            expected_end=end,
            note=text,
            synthetic=synthetic,
        )
        _record(warning, WarningStep.ISSUE, first, by=by, channel=channel, before=None)
        _notify(warning)
    return warning


def _check_span(first: date, end: date) -> None:
    if end < first or end > first + timedelta(days=MAX_SPAN_DAYS):
        raise InvalidInput(
            gettext_noop("The expected end is on or after the start, within {days} days."),
            field="expected_end",
            days=MAX_SPAN_DAYS,
        )


def _refuse_second(place: Division | None) -> None:
    active = AirWarning.objects.select_for_update(of=("self",)).filter(
        city=place, status=WarningStatus.ACTIVE
    )
    if active.exists():
        raise InvalidInput(
            gettext_noop("A warning is in force here already: raise, lower or lift it."),
            field="city",
        )


def _notify(warning: AirWarning) -> None:
    """A notice to every member of the region but the warning's own."""
    members = Division.objects.filter(level=Level.MEMBER).exclude(code=warning.member_code)
    AirWarningNotice.objects.bulk_create(
        [AirWarningNotice(warning=warning, member=member) for member in members]
    )


def _active(warning_id: int, action: Action, by: Actor) -> AirWarning:
    warning = get_warning(warning_id)
    require(by, action, warning.as_resource())
    warning = (
        AirWarning.objects.select_for_update(of=("self",)).select_related("city").get(pk=warning.pk)
    )
    if not warning.active:
        raise InvalidInput(
            gettext_noop("The warning was lifted on {day}; issue a new one."),
            field="level",
            day=warning.lifted_on.isoformat() if warning.lifted_on else "",
        )
    return warning


def change_level(
    *,
    by: Actor,
    channel: str,
    warning_id: int,
    step: WarningStep,
    level: Any,
    forecast_aqi: list[Any],
    day: Any = None,
    expected_end: Any = None,
    note: Any = "",
) -> AirWarning:
    """Raise (``step`` RAISE) or lower (LOWER) a warning in force to ``level`` on ``day``
    (default today) on a new forecast from that day. Raises AccessDenied, InvalidInput."""
    action = Action.RAISE_AIR_WARNING if step is WarningStep.RAISE else Action.LOWER_AIR_WARNING
    with transaction.atomic():
        warning = _active(warning_id, action, by)
        scheme = scheme_rules.scheme(warning.scheme)
        when = _day(day, "day") if day else local_now().date()
        if when < warning.start:
            raise InvalidInput(gettext_noop("The date is before the warning's start."), field="day")
        series = scheme_rules.check_series(forecast_aqi)
        text = _note(note)
        _check_direction(_level(level, scheme), WarningLevel(warning.level), step)
        chosen, proposed = _choose(scheme, series, level, text)
        before = _snapshot(warning)
        warning.level, warning.proposed_level = chosen.value, proposed
        warning.forecast_aqi, warning.note = series, text
        if expected_end:
            warning.expected_end = _day(expected_end, "expected_end")
            _check_span(when, warning.expected_end)
        warning.save()
        _record(warning, step, when, by=by, channel=channel, before=before)
    return warning


def _check_direction(chosen: WarningLevel | None, current: WarningLevel, step: WarningStep) -> None:
    if chosen is None:
        raise InvalidInput(gettext_noop("Choose the new level."), field="level")
    if (chosen.rank > current.rank) != (step is WarningStep.RAISE) or chosen is current:
        raise InvalidInput(
            gettext_noop("Choose a level above the current one.")
            if step is WarningStep.RAISE
            else gettext_noop("Choose a level below the current one."),
            field="level",
        )


def lift_warning(
    *, by: Actor, channel: str, warning_id: int, day: Any = None, note: Any = ""
) -> AirWarning:
    """Lift a warning in force on ``day`` (default today; the scheme lifts it when the
    forecast stays below yellow for more than 36 h). Raises AccessDenied, InvalidInput."""
    with transaction.atomic():
        warning = _active(warning_id, Action.LIFT_AIR_WARNING, by)
        when = _day(day, "day") if day else local_now().date()
        if when < warning.start:
            raise InvalidInput(gettext_noop("The date is before the warning's start."), field="day")
        before = _snapshot(warning)
        warning.status, warning.lifted_on = WarningStatus.LIFTED, when
        warning.note = _note(note)
        warning.save()
        _record(warning, WarningStep.LIFT, when, by=by, channel=channel, before=before)
    return warning


def mark_notice(*, by: Actor, channel: str, notice_id: int, read: bool = True) -> AirWarningNotice:
    """The notified member's editor marks a notice read (or unread again)."""
    with transaction.atomic():
        notice = get_notice(notice_id)
        require(by, Action.MARK_AIR_WARNING_NOTICE, notice.as_resource())
        if (notice.read_at is not None) == read:
            return notice
        notice.read_at = timezone.now() if read else None
        notice.read_by = user_of(by) if read else None
        notice.save(update_fields=["read_at", "read_by"])
        audit.record(
            actor=by,
            channel=channel,
            action="air_warning_notice.read" if read else "air_warning_notice.unread",
            object_type="air_warning_notice",
            object_id=notice.pk,
            member_code=notice.member_id,
            after={"read": read, "warning": notice.warning_id},
        )
    return notice
