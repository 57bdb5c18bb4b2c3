"""Cyanobacteria (蓝藻) blooms at the lakes (三(二)): observations of algal density and
bloom area with their grades, warnings a member issues for a lake (each sends a notice to
the other members around the lake), warnings lifted, and emergency actions recorded.

The grading tables and warning levels are configuration (``water/data/blooms.json``),
each tagged verified or unverified; the domain rules are in deltacap.domain.water.blooms.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

from django.db import transaction
from django.utils import timezone

from deltacap import geodata
from deltacap.accounts.permissions import Actor, principal_of, require, user_of
from deltacap.audit import services as audit
from deltacap.domain.access import Action, Principal, Role
from deltacap.domain.access.reads import may_read
from deltacap.domain.errors import Conflict, InvalidInput, NotFound, gettext_noop
from deltacap.domain.water import blooms as rules
from deltacap.inputs import LATITUDE_RANGE, LONGITUDE_RANGE
from deltacap.reference.models import Division, Level
from deltacap.water.models_lakes import (
    BloomNotice,
    BloomObservation,
    BloomWarning,
    EmergencyAction,
    Lake,
)

OBSERVATION_FIELDS = ["lake", "point", "lon", "lat", "observed_on", "density", "area_km2"]
WARNING_FIELDS = ["lake", "message", "issued_at", "lifted_at"]
ACTION_FIELDS = ["taken_on", "description"]
FIRST_DAY = dt.date(2000, 1, 1)


@functools.cache
def config() -> dict[str, Any]:
    text = resources.files("deltacap.water").joinpath("data/blooms.json").read_text()
    data: dict[str, Any] = json.loads(text)
    return data


def _table(name: str) -> rules.Table:
    data = config()[name]
    return rules.table(
        (
            rules.Grade(r["code"], float(r["lower"]), r["name_zh"], r["name_en"])
            for r in data["rows"]
        ),
        source=data["source"],
        verified=data["status"] == "verified",
    )


@functools.cache
def density_grades() -> rules.Table:
    return _table("density_grades")


@functools.cache
def area_grades() -> rules.Table:
    return _table("area_grades")


@functools.cache
def warning_levels() -> tuple[rules.WarningLevel, ...]:
    return tuple(
        rules.WarningLevel(
            w["code"], float(w["density"]), float(w["area_share"]), w["name_zh"], w["name_en"],
            w["colour"],
        )
        for w in config()["warning_levels"]["levels"]
    )  # fmt: skip


def level_of(code: str) -> rules.WarningLevel | None:
    return next((w for w in warning_levels() if w.code == code), None)


@functools.cache
def lake_area_km2(lake: str) -> float:
    for f in json.loads(geodata.lakes_geojson_bytes())["features"]:
        if f["properties"]["code"] == lake:
            return float(f["properties"]["area_km2"])
    raise KeyError(lake)


def members_around(lake: str) -> list[str]:
    members: list[str] = config()["lakes"]["members"].get(lake, [])
    return members


@dataclass(frozen=True)
class Graded:
    observation: BloomObservation
    density_grade: rules.Grade
    area_share: float | None
    area_grade: rules.Grade | None
    suggested: rules.WarningLevel | None


def graded(o: BloomObservation) -> Graded:
    share = rules.area_share(o.area_km2, lake_area_km2(o.lake))
    return Graded(
        o,
        density_grades().grade(o.density),
        share,
        area_grades().grade(share) if share is not None else None,
        rules.warning_level(warning_levels(), o.density, share),
    )


# --- reads --------------------------------------------------------------------------------


def observations(principal: Principal, lake: str | None = None) -> list[Graded]:
    rows = BloomObservation.objects.select_related("member")
    if lake:
        rows = rows.filter(lake=lake)
    return [graded(o) for o in rows if may_read(principal, o.as_resource())]


def warnings(principal: Principal, *, active: bool = False) -> list[BloomWarning]:
    """The warnings the principal may read (the public: the active ones), newest first."""
    rows = BloomWarning.objects.select_related("member").prefetch_related(
        "notices__member", "actions__member"
    )
    if active:
        rows = rows.filter(lifted_at__isnull=True)
    return [w for w in rows if may_read(principal, w.as_resource())]


def notices(principal: Principal) -> list[BloomNotice]:
    """The notices sent to the principal's member (the office: all)."""
    rows = BloomNotice.objects.select_related("warning__member", "member")
    return [n for n in rows if may_read(principal, n.as_resource()) and _addressed(principal, n)]


def _addressed(principal: Principal, notice: BloomNotice) -> bool:
    """The office reads every notice; a member's staff their member's."""
    if principal.role in (Role.OFFICE, Role.SYSTEM):
        return True
    return principal.division_code == notice.member_id


def get_warning(warning_id: Any) -> BloomWarning:
    found = BloomWarning.objects.select_related("member").filter(pk=warning_id).first()
    if found is None:
        raise NotFound(gettext_noop("No warning with number {id}."), field="warning", id=warning_id)
    return found


# --- writes -------------------------------------------------------------------------------


def _member(by: Actor, member_code: str | None) -> str:
    """The member a record is kept for: the one given, or the acting editor's (checked by
    :func:`_check_member` after the access decision)."""
    return member_code or principal_of(by).division_code or ""


def _check_member(code: str) -> None:
    if not Division.objects.filter(code=code, level=Level.MEMBER).exists():
        raise InvalidInput(gettext_noop("Name one of the four members."), field="member")


def _lake(value: Any) -> str:
    if value not in Lake.values:
        raise InvalidInput(
            gettext_noop("{value} is not one of {choices}."),
            field="lake",
            value=str(value),
            choices=", ".join(Lake.values),
        )
    return str(value)


def _day(value: Any, field: str) -> dt.date:
    if not isinstance(value, dt.date) or not FIRST_DAY <= value <= dt.date.today():
        raise InvalidInput(gettext_noop("A date from 2000 to today (YYYY-MM-DD)."), field=field)
    return value


def _position(value: Any, field: str, bounds: tuple[Any, Any]) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInput(gettext_noop("This must be a number."), field=field)
    if not float(bounds[0]) <= value <= float(bounds[1]):
        raise InvalidInput(
            gettext_noop("The position must lie in the Yangtze River Delta."), field=field
        )
    return float(value)


def _text(value: Any, field: str, limit: int, required: bool = False) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise InvalidInput(gettext_noop("This field is required."), field=field)
    if len(text) > limit:
        raise InvalidInput(gettext_noop("At most {limit} characters."), field=field, limit=limit)
    return text


def record_observation(
    *,
    by: Actor,
    channel: str,
    lake: Any,
    point: Any,
    lon: Any,
    lat: Any,
    observed_on: Any,
    density: Any,
    area_km2: Any = None,
    member_code: str | None = None,
    synthetic: bool = False,
) -> BloomObservation:
    """A member's observation at a lake point on a day (one per point and day)."""
    member = _member(by, member_code)
    with transaction.atomic():
        require(by, Action.RECORD_BLOOM, BloomObservation(member_id=member))
        _check_member(member)
        code = _lake(lake)
        values: dict[str, Any] = {
            "lake": code,
            "point": _text(point, "point", 60, required=True),
            "lon": _position(lon, "lon", LONGITUDE_RANGE),
            "lat": _position(lat, "lat", LATITUDE_RANGE),
            "observed_on": _day(observed_on, "observed_on"),
            "density": rules.check_density(density),
            "area_km2": None
            if area_km2 is None
            else rules.check_area(area_km2, lake_area_km2(code)),
        }
        observation = BloomObservation(member_id=member, synthetic=synthetic, **values)
        if BloomObservation.objects.filter(
            lake=code, point=observation.point, observed_on=observation.observed_on
        ).exists():
            raise Conflict(
                gettext_noop("This point has an observation on that day already."),
                field="observed_on",
            )
        observation.recorded_by = user_of(by)
        observation.save()
        audit.record(
            actor=by,
            channel=channel,
            action="water.bloom.observe",
            object_type="bloom_observation",
            object_id=observation.pk,
            member_code=member,
            after=audit.snapshot(observation, OBSERVATION_FIELDS),
        )
    return observation


def issue_warning(
    *,
    by: Actor,
    channel: str,
    lake: Any,
    level: Any,
    message: Any = "",
    observation_id: int | None = None,
    member_code: str | None = None,
    synthetic: bool = False,
) -> BloomWarning:
    """A member's warning for a lake; a notice goes to every other member around it."""
    member = _member(by, member_code)
    with transaction.atomic():
        require(by, Action.ISSUE_BLOOM_WARNING, BloomWarning(member_id=member))
        _check_member(member)
        code = _lake(lake)
        if level_of(str(level)) is None:
            raise InvalidInput(
                gettext_noop("{value} is not one of {choices}."),
                field="level",
                value=str(level),
                choices=", ".join(w.code for w in warning_levels()),
            )
        text = _text(message, "message", 2000)
        warning = BloomWarning(
            lake=code, level=str(level), member_id=member, message=text, synthetic=synthetic
        )
        if observation_id is not None:
            basis = BloomObservation.objects.filter(pk=observation_id, lake=code).first()
            if basis is None:
                raise InvalidInput(
                    gettext_noop("No observation of this lake with that number."),
                    field="observation",
                )
            warning.observation = basis
        warning.save()
        others = [m for m in members_around(code) if m != member]
        BloomNotice.objects.bulk_create(
            [
                BloomNotice(warning=warning, member_id=m, created_at=warning.issued_at)
                for m in others
            ]
        )
        audit.record(
            actor=by,
            channel=channel,
            action="water.bloom.warn",
            object_type="bloom_warning",
            object_id=warning.pk,
            member_code=member,
            after={**audit.snapshot(warning, WARNING_FIELDS), "notified": others},
        )
    return warning


def lift_warning(*, by: Actor, channel: str, warning: BloomWarning) -> BloomWarning:
    """End an active warning: the issuing member's editors."""
    with transaction.atomic():
        warning = BloomWarning.objects.select_for_update().get(pk=warning.pk)
        require(by, Action.ISSUE_BLOOM_WARNING, warning)
        if not warning.active:
            raise Conflict(gettext_noop("The warning is lifted already."), field="warning")
        before = audit.snapshot(warning, WARNING_FIELDS)
        warning.lifted_at = timezone.now()
        warning.save(update_fields=["lifted_at"])
        audit.record(
            actor=by,
            channel=channel,
            action="water.bloom.lift",
            object_type="bloom_warning",
            object_id=warning.pk,
            member_code=warning.member_id,
            before=before,
            after=audit.snapshot(warning, WARNING_FIELDS),
        )
    return warning


def record_action(
    *,
    by: Actor,
    channel: str,
    warning: BloomWarning,
    taken_on: Any,
    description: Any,
    member_code: str | None = None,
    synthetic: bool = False,
) -> EmergencyAction:
    """An emergency action a member around the lake takes under a warning."""
    member = _member(by, member_code)
    with transaction.atomic():
        require(by, Action.RECORD_BLOOM, EmergencyAction(member_id=member))
        _check_member(member)
        values = {
            "taken_on": _day(taken_on, "taken_on"),
            "description": _text(description, "description", 2000, required=True),
        }
        action = EmergencyAction(warning=warning, member_id=member, synthetic=synthetic, **values)
        if member not in members_around(warning.lake):
            raise InvalidInput(
                gettext_noop("The member does not lie around this lake."), field="member"
            )
        action.save()
        audit.record(
            actor=by,
            channel=channel,
            action="water.bloom.act",
            object_type="bloom_action",
            object_id=action.pk,
            member_code=member,
            after={**audit.snapshot(action, ACTION_FIELDS), "warning": warning.pk},
        )
    return action


# --- typed text (the page's forms and the command line) -----------------------------------


NUMBER_TEXT = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?", re.ASCII)
DAY_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


def number_of(text: str) -> Any:
    """A number typed as text, as the services take it: None when empty, a float when it
    is written in ASCII digits (a decimal point, an exponent: 6e7), else the text as typed
    (refused by the service's own check, after its access decision)."""
    text = text.strip()
    if not text:
        return None
    return float(text) if NUMBER_TEXT.fullmatch(text) else text


def day_of(text: str) -> Any:
    """A day typed as YYYY-MM-DD, as the services take it (else the text, refused)."""
    text = text.strip()
    if not DAY_TEXT.fullmatch(text):
        return text
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return text


def number_or_none(text: str) -> int | None:
    """A record's number typed as text: None when empty, -1 when it is no number (no record
    has it, so the service refuses it with its field)."""
    text = text.strip()
    if not text:
        return None
    return int(text) if text.isascii() and text.isdigit() and len(text) < 19 else -1


# --- output shapes (the API and the command line) -----------------------------------------


def observation_out(g: Graded) -> dict[str, Any]:
    o = g.observation
    return {
        "id": o.pk,
        "lake": o.lake,
        "point": o.point,
        "lon": o.lon,
        "lat": o.lat,
        "observed_on": o.observed_on.isoformat(),
        "member": o.member_id,
        "density": o.density,
        "density_grade": g.density_grade.code,
        "density_grade_name_zh": g.density_grade.name_zh,
        "density_grade_name_en": g.density_grade.name_en,
        "area_km2": o.area_km2,
        "area_share_percent": round(g.area_share, 2) if g.area_share is not None else None,
        "area_grade": g.area_grade.code if g.area_grade else None,
        "suggested_warning": g.suggested.code if g.suggested else None,
        "synthetic": o.synthetic,
    }


def warning_out(w: BloomWarning, *, full: bool = True) -> dict[str, Any]:
    """A warning; ``full``: with the members told and the emergency actions (the public
    sees the warning alone)."""
    level = level_of(w.level)
    out: dict[str, Any] = {
        "id": w.pk,
        "lake": w.lake,
        "level": w.level,
        "level_name_zh": level.name_zh if level else w.level,
        "level_name_en": level.name_en if level else w.level,
        "member": w.member_id,
        "issued_at": w.issued_at.isoformat(),
        "lifted_at": w.lifted_at.isoformat() if w.lifted_at else None,
        "active": w.active,
        "message": w.message,
        "synthetic": w.synthetic,
    }
    if full:
        out["notified"] = sorted(n.member_id for n in w.notices.all())
        out["actions"] = [
            {"id": a.pk, "member": a.member_id, "taken_on": a.taken_on.isoformat(),
             "description": a.description}
            for a in w.actions.all()
        ]  # fmt: skip
    return out
