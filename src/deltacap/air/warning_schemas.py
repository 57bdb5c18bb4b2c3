"""Output shapes of heavy-pollution warnings, shared by the API, the pages and the command
line."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Schema

from deltacap.accounts.permissions import Actor
from deltacap.air import warning_selectors
from deltacap.air.models import AirWarning, AirWarningNotice
from deltacap.domain.air import warnings as scheme_rules


class WarningOut(Schema):
    id: int
    # The city's code; "" for a regional warning.
    city: str
    city_name: str
    member: str
    scheme: str
    level: str
    # The level the forecast calls for by the scheme ("": none).
    proposed_level: str
    status: str
    forecast_aqi: list[int]
    start: date
    expected_end: date
    lifted_on: date | None
    note: str
    synthetic: bool


class WarningChangeOut(Schema):
    step: str
    level: str
    proposed_level: str
    forecast_aqi: list[int]
    day: date
    note: str
    by: str
    at: datetime


class WarningNoticeOut(Schema):
    id: int
    warning: int
    member: str
    member_name: str
    read: bool
    read_at: datetime | None
    read_by: str
    created_at: datetime


class WarningShareOut(Schema):
    # Minimum cut of each pollutant's city-wide baseline, percent (null: none set).
    percent: Decimal | None
    pollutants: list[str]
    verified: bool


class WarningPollutantCheckOut(Schema):
    pollutant: str
    # Sums over the entries that give the pollutant's baseline (kg/d).
    baseline: float
    cut: float
    # Achieved cut, percent of the baseline (null: no entry gives a baseline).
    achieved_percent: float | None
    required_percent: Decimal | None
    # null: cannot be judged (no figures, or no share asked at the level).
    passes: bool | None
    # Entries that give no baseline for this pollutant.
    missing: int


class WarningActiveListOut(Schema):
    event: int
    event_name: str
    member: str
    version: int


class WarningListCheckOut(Schema):
    # The lists taken as active: each member's list of the latest event begun on or before
    # the warning's start, at its latest version.
    lists: list[WarningActiveListOut]
    required_percent: Decimal | None
    verified: bool
    entries: int
    # Entries lacking the baseline of at least one pollutant.
    missing: int
    passes: bool | None
    pollutants: list[WarningPollutantCheckOut]


class WarningDetailOut(WarningOut):
    reduction: WarningShareOut
    # The cut checked against the active control lists (null: the reader may not see lists).
    list_check: WarningListCheckOut | None
    history: list[WarningChangeOut]
    notices: list[WarningNoticeOut]


class LevelDecisionOut(Schema):
    scheme: str
    forecast_aqi: list[int]
    # The level the forecast calls for (null: no warning).
    level: str | None
    reduction_percent: Decimal | None
    in_force_from: date
    thresholds_status: str


def warning_out(w: AirWarning) -> WarningOut:
    return WarningOut(
        id=w.pk,
        city=w.city_id or "",
        city_name=w.city.name_zh if w.city else "长三角区域",
        member=w.member_code,
        scheme=w.scheme,
        level=w.level,
        proposed_level=w.proposed_level,
        status=w.status,
        forecast_aqi=list(w.forecast_aqi),
        start=w.start,
        expected_end=w.expected_end,
        lifted_on=w.lifted_on,
        note=w.note,
        synthetic=w.synthetic,
    )


def notice_out(n: AirWarningNotice) -> WarningNoticeOut:
    return WarningNoticeOut(
        id=n.pk,
        warning=n.warning_id,
        member=n.member_id,
        member_name=n.member.name_zh,
        read=n.read_at is not None,
        read_at=n.read_at,
        read_by=n.read_by.username if n.read_by else "",
        created_at=n.created_at,
    )


def list_check_out(w: AirWarning) -> WarningListCheckOut:
    found = warning_selectors.list_check(w)
    check = found.check
    return WarningListCheckOut(
        lists=[
            WarningActiveListOut(
                event=a.control_list.event_id,
                event_name=a.control_list.event.name,
                member=a.control_list.member_id,
                version=a.version.number,
            )
            for a in found.lists
        ],
        required_percent=check.required,
        verified=check.verified,
        entries=check.entries,
        missing=check.missing,
        passes=check.passes,
        pollutants=[
            WarningPollutantCheckOut(
                pollutant=p.pollutant,
                baseline=p.baseline,
                cut=p.cut,
                achieved_percent=None if p.achieved is None else round(p.achieved, 1),
                required_percent=p.required,
                passes=p.passes,
                missing=p.missing,
            )
            for p in check.pollutants
        ],
    )


def warning_detail(w: AirWarning, by: Actor | None) -> WarningDetailOut:
    share = warning_selectors.reduction_share(w)
    history = [
        WarningChangeOut(
            step=c.step,
            level=c.level,
            proposed_level=c.proposed_level,
            forecast_aqi=list(c.forecast_aqi),
            day=c.day,
            note=c.note,
            by=c.by.username if c.by else "",
            at=c.at,
        )
        for c in warning_selectors.history(w)
    ]
    return WarningDetailOut(
        **warning_out(w).model_dump(),
        reduction=WarningShareOut(
            percent=share.percent, pollutants=list(share.pollutants), verified=share.verified
        ),
        list_check=list_check_out(w) if warning_selectors.may_see_list_check(by) else None,
        history=history,
        notices=[notice_out(n) for n in warning_selectors.notices_of(w, by)],
    )


def level_decision(scheme_key: str, values: list[str]) -> LevelDecisionOut:
    """The level ``values`` (the forecast daily AQI, one a day) call for by ``scheme_key``.
    Raises InvalidInput naming the scheme or the day at fault."""
    scheme = scheme_rules.scheme(scheme_key)
    series = scheme_rules.check_series([v.strip() for v in values], field="aqi")
    level = scheme_rules.decide(scheme, series)
    return LevelDecisionOut(
        scheme=scheme.key,
        forecast_aqi=series,
        level=level.value if level else None,
        reduction_percent=scheme_rules.reduction_percent(scheme, level) if level else None,
        in_force_from=scheme.in_force_from,
        thresholds_status=scheme.thresholds_status.value,
    )
