"""Pages of the lakes, linked from /water/: the 5 km Taihu zone on a map with the
enterprises inside, the members' plans and their reserves for the zone (what closures moved
in, what was allocated to whom, and the allocation form of a member's editor);
cyanobacteria blooms with their grades, the warnings (the public sees the active ones), the
member's notices and emergency actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from deltacap.accounts.permissions import can, principal_of
from deltacap.domain.access import AccessDenied, Action, Role, refusal
from deltacap.domain.errors import DeltacapError, NotFound
from deltacap.enterprises.selectors import visible_enterprises
from deltacap.reference.models import Division, Level
from deltacap.water import blooms, taihu, taihu_reserve
from deltacap.water.models_lakes import (
    BloomObservation,
    BloomWarning,
    EmergencyAction,
    Lake,
    PlanAction,
    PlanStatus,
    ReserveDirection,
    TaihuPlan,
    tonnes_text,
)
from deltacap.web.errors import message_of, status_of

# Grade codes as the Roman numerals of the standards' tables (Ⅰ…Ⅴ, one character each).
ROMAN = {"I": "Ⅰ", "II": "Ⅱ", "III": "Ⅲ", "IV": "Ⅳ", "V": "Ⅴ"}
OFFICIALS = (Role.OFFICE, Role.MEMBER_EDITOR, Role.MEMBER_VIEWER, Role.CITY_EDITOR)


def _en() -> bool:
    return (get_language() or "zh").startswith("en")


def _named(obj: Any) -> str:
    return str(obj.name_en if _en() else obj.name_zh)


@require_safe
def taihu_page(request: HttpRequest) -> HttpResponse:
    return render(request, "water/taihu/index.html", _taihu_context(request))


def _taihu_context(request: HttpRequest, form: dict[str, Any] | None = None) -> dict[str, Any]:
    principal = principal_of(request.user)
    official = principal.role in OFFICIALS
    found = taihu.inside(list(visible_enterprises(request.user))) if official else []
    summary = taihu.zone_summary()
    rows: list[dict[str, Any]] = [
        {
            "inside": i,
            "industry": _named(i.industry),
            "distance_km": i.distance_m / 1000,
            "editable": _may_edit_plan(request, i),
        }
        for i in found
    ]
    plans = taihu.plans() if official else []
    groups = [
        {**g, "name": g["name_en"] if _en() else g["name_zh"]}
        for g in taihu.by_industry(found)
        if g["count"]
    ]
    points = [
        {
            "name": i.enterprise.name,
            "value": [i.site.lon, i.site.lat],
            "industry": _named(i.industry),
            "chemical": i.industry.chemical,
        }
        for i in found
    ]
    context = {
        "summary": summary,
        "official": official,
        "rows": rows,
        "groups": groups,
        "plans": plans,
        "editable_plans": {p.pk for p in plans if can(request.user, Action.EDIT_TAIHU_PLAN, p)},
        "map": {"zone": taihu.zone_geojson(), "points": points},
    }
    if official:
        context |= _reserve_context(request, form)
        context |= _site_context(request)
    return context


# --- an enterprise's position (the form of the page; water/taihu.py's locate_enterprise) ----

SITE_FORM = ("enterprise_id", "lon", "lat", "source")


def _locatable(request: HttpRequest) -> list[Any]:
    """The enterprises whose position the user may set (the office: all; a bureau: those
    under it), by member, place and name."""
    found = (
        visible_enterprises(request.user)
        .select_related("division", "site")
        .order_by("member_code", "division_id", "name")
    )
    return [e for e in found if can(request.user, Action.LOCATE_ENTERPRISE, e)]


def _site_context(
    request: HttpRequest, form: dict[str, str] | None = None, **extra: Any
) -> dict[str, Any]:
    return {"locatable": _locatable(request), "site_form": form or {}, **extra}


def _site_saved(out: dict[str, Any]) -> str:
    where = (
        gettext("inside the 5 km zone, {km} km from the shore")
        if out["inside"]
        else gettext("outside the 5 km zone, {km} km from the shore")
    ).format(km=f"{out['distance_to_shore_m'] / 1000:.1f}")
    return gettext("{name}: position set to {lon}, {lat}; {where}.").format(
        name=out["name"], lon=out["lon"], lat=out["lat"], where=where
    )


def _site_label(name: str | None) -> str:
    labels = {
        "enterprise": gettext("Enterprise"),
        "lon": gettext("Longitude"),
        "lat": gettext("Latitude"),
        "source": gettext("Source of the position"),
    }
    return labels.get(name or "", "")


@login_required
@require_POST
def taihu_site(request: HttpRequest) -> HttpResponse:
    """Set an enterprise's position (the page's form, through ``taihu.locate_enterprise``,
    the API's service). Answers htmx with the form's card, a plain post with the page."""
    form = {name: request.POST.get(name, "").strip() for name in SITE_FORM}
    htmx = bool(request.headers.get("HX-Request"))
    try:
        enterprise = taihu.get_enterprise(_number(form["enterprise_id"]))
        site = taihu.locate_enterprise(
            by=request.user, channel="page", enterprise=enterprise,
            lon=form["lon"], lat=form["lat"], source=form["source"],
        )  # fmt: skip
    except DeltacapError as exc:
        error = {"site_error": message_of(exc), "site_error_field": _site_label(exc.field)}
        if htmx:
            context = _site_context(request, form, **error)
            return render(request, "water/taihu/_site_form.html", context, status=status_of(exc))
        context = {**_taihu_context(request), **_site_context(request, form, **error)}
        return render(request, "water/taihu/index.html", context, status=status_of(exc))
    said = _site_saved(taihu.site_out(site))
    if not htmx:
        messages.success(request, said)
        return redirect(reverse("water:taihu") + "#site-card")
    context = _site_context(request, {"enterprise_id": form["enterprise_id"]}, site_saved=said)
    return render(request, "water/taihu/_site_form.html", context)


def _may_edit_plan(request: HttpRequest, i: taihu.Inside) -> bool:
    """Whether the user may create or change the plan of an enterprise inside the zone."""
    plan = i.plan or TaihuPlan(enterprise=i.enterprise, member_id=i.enterprise.member_code)
    return can(request.user, Action.EDIT_TAIHU_PLAN, plan)


ALLOCATION_FIELDS = ("holding_id", "enterprise_id", "tonnes", "industry", "decision", "reason")


def _industry_name(code: str) -> str:
    named = taihu_reserve.industry(code) if code else None
    return _named(named) if named else ""


def _reserve_context(request: HttpRequest, form: dict[str, Any] | None = None) -> dict[str, Any]:
    """The members' reserves for the zone: totals, the inflows from closures, the
    allocations (flagged outside the strategic emerging industries) and, for a member's
    editor (the bureau over its reserve), the allocation form."""
    found = taihu_reserve.moves()
    members = {d.code: d.name for d in Division.objects.filter(level=Level.MEMBER)}
    totals = [
        {**r, "member_name": members.get(r["member"], ""),
         **{k.replace("_kg", "_t"): tonnes_text(r[k]) for k in r if k.endswith("_kg")}}
        for r in taihu_reserve.totals(found)
    ]  # fmt: skip
    inflows = [m for m in found if m.direction == ReserveDirection.INTO]
    allocations = [
        {"move": m, "industry": _industry_name(m.industry)}
        for m in found
        if m.direction == ReserveDirection.OUT
    ]
    p = principal_of(request.user)
    writer = p.role is Role.MEMBER_EDITOR and bool(p.division_code)
    context: dict[str, Any] = {
        "reserve_totals": totals,
        "inflows": inflows,
        "allocations": allocations,
        "reserve_writer": writer,
        "allocation": form or {},
        "strategic_source": taihu.config()["strategic_emerging"]["classification"],
        "closer_member": p.division_code if writer else None,
        "today": dt.date.today(),
    }
    if writer:
        holdings = taihu_reserve.allocation_holdings([p.division_code or ""])
        context |= {
            "reserve_holdings": [
                {"holding": h, "free_t": tonnes_text(h.kg - h.committed_kg)} for h in holdings
            ],
            "receivers": list(
                visible_enterprises(request.user)
                .filter(member_code=p.division_code, division__level=Level.COUNTY)
                .order_by("name")
            ),
            "industries": [
                {"code": i.code, "name": _named(i), "strategic": i.strategic}
                for i in taihu_reserve.strategic_industries()
            ],
        }
    return context


def _field_label(name: str | None) -> str:
    labels = {
        "holding_id": gettext("Rights in the reserve"),
        "enterprise_id": gettext("Receiving enterprise"),
        "tonnes": gettext("Tonnes a year"),
        "industry": gettext("Industry of the receiving enterprise"),
        "decision": gettext("Decision number"),
        "reason": gettext("Reason for another industry"),
    }
    return labels.get(name or "", "")


@login_required
@require_POST
def taihu_close(request: HttpRequest, taihu_enterprise_id: int) -> HttpResponse:
    """Record an enterprise's closure as done (its member's editors): a chemical one's
    rights then move into the member's reserve for the zone."""
    text = request.POST.get("completed_on", "").strip()
    try:
        day: Any = dt.date.fromisoformat(text) if text else None
    except ValueError:
        day = text  # refused by the plan's own check, after its access decision
    try:
        taihu.save_plan(
            by=request.user,
            channel="page",
            enterprise=taihu.get_enterprise(taihu_enterprise_id),
            values={"status": "done", "completed_on": day},
        )
    except DeltacapError as exc:
        context = {
            **_taihu_context(request),
            "plan_error": message_of(exc),
            "plan_error_field": _field_label(exc.field)
            or (gettext("Completed on") if exc.field == "completed_on" else ""),
        }
        return render(request, "water/taihu/index.html", context, status=status_of(exc))
    return redirect(reverse("water:taihu") + "#reserve")


PLAN_FORM_FIELDS = ("action", "deadline", "status", "progress", "completed_on", "note")


def _plan_labels() -> dict[str, str]:
    return {
        "action": gettext("Measure of the plan"),
        "deadline": gettext("Deadline"),
        "status": gettext("Status"),
        "progress": gettext("Progress (%)"),
        "completed_on": gettext("Completed on"),
        "note": gettext("Note"),
        "enterprise": gettext("Enterprise"),
    }


def _whole(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _plan_values(posted: dict[str, str]) -> dict[str, Any]:
    """The form's values for ``taihu.save_plan``: an empty choice or progress left as it
    is, a day as a date; text that is no day or whole number goes as typed, for the plan's
    own check to refuse (after its access decision)."""
    values: dict[str, Any] = {}
    for name in ("action", "status"):
        if posted[name]:
            values[name] = posted[name]
    if posted["progress"]:
        values["progress"] = (
            int(posted["progress"]) if _whole(posted["progress"]) else posted["progress"]
        )
    for name in ("deadline", "completed_on"):
        try:
            values[name] = dt.date.fromisoformat(posted[name]) if posted[name] else None
        except ValueError:
            values[name] = posted[name]
    values["note"] = posted["note"]
    return values


def _plan_form(
    request: HttpRequest,
    plan: TaihuPlan,
    posted: dict[str, str],
    error: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    labels = _plan_labels()
    context = {
        "plan": plan,
        "enterprise": plan.enterprise,
        "new": plan.pk is None,
        "form": posted,
        "labels": labels,
        "actions": PlanAction.choices,
        "statuses": PlanStatus.choices,
        "error": error,
        "error_label": labels.get(error["field"], "") if error else "",
    }
    return render(request, "water/taihu/plan_edit.html", context, status=status)


def _plan_posted(plan: TaihuPlan) -> dict[str, str]:
    """The plan's values as the form shows them (a new plan: to be closed by the year's end)."""
    if plan.pk is None:
        deadline = dt.date(dt.date.today().year, 12, 31).isoformat()
        return {"action": "close", "deadline": deadline, "status": "planned", "progress": "0",
                "completed_on": "", "note": ""}  # fmt: skip
    return {
        "action": plan.action,
        "deadline": plan.deadline.isoformat(),
        "status": plan.status,
        "progress": str(plan.progress),
        "completed_on": plan.completed_on.isoformat() if plan.completed_on else "",
        "note": plan.note,
    }


@login_required
@require_http_methods(["GET", "POST"])
def taihu_plan_edit(request: HttpRequest, taihu_enterprise_id: int) -> HttpResponse:
    """GET: the form of an enterprise's plan (new or its own), to the editors of the
    enterprise's member. POST: saved through ``taihu.save_plan`` (the API's service: its
    access decision, the write and its audit event in one transaction) and back to the
    zone's page, or the form again with the fault at its field (nothing written)."""
    try:
        enterprise = taihu.get_enterprise(taihu_enterprise_id)
    except NotFound as exc:
        return render(request, "web/error.html", {"message": message_of(exc)}, status=404)
    plan = taihu.plan_of(enterprise)
    if request.method == "GET":
        if not can(request.user, Action.EDIT_TAIHU_PLAN, plan):
            action = Action.EDIT_TAIHU_PLAN
            raise AccessDenied(principal_of(request.user), action, plan.as_resource(),
                               refusal(action))  # fmt: skip
        return _plan_form(request, plan, _plan_posted(plan))
    posted = {f: request.POST.get(f, "").strip() for f in PLAN_FORM_FIELDS}
    try:
        taihu.save_plan(
            by=request.user, channel="page", enterprise=enterprise, values=_plan_values(posted)
        )
    except AccessDenied:
        raise
    except DeltacapError as exc:
        error = {"field": exc.field or "", "message": message_of(exc)}
        return _plan_form(request, plan, posted, error, status=status_of(exc))
    messages.success(request, gettext("The plan is saved."))
    return redirect(reverse("water:taihu") + "#plans")


def _number(value: str) -> int:
    return int(value) if value.isdigit() else -1


@login_required
@require_POST
def taihu_allocate(request: HttpRequest) -> HttpResponse:
    """Allocate rights from the member's reserve for the zone (the page's form)."""
    form = {name: request.POST.get(name, "").strip() for name in ALLOCATION_FIELDS}
    try:
        taihu_reserve.allocate(
            by=request.user,
            channel="page",
            holding_id=_number(form["holding_id"]),
            enterprise_id=_number(form["enterprise_id"]),
            tonnes=form["tonnes"],
            industry_code=form["industry"],
            decision=form["decision"],
            reason=form["reason"],
        )
    except DeltacapError as exc:
        context = {
            **_taihu_context(request, form),
            "allocation_error": message_of(exc),
            "allocation_error_field": _field_label(exc.field),
        }
        return render(request, "water/taihu/index.html", context, status=status_of(exc))
    return redirect(reverse("water:taihu") + "#reserve")


def _bloom_labels() -> dict[str, str]:
    """The bloom forms' fields by the names the services give them in an error."""
    return {
        "lake": gettext("Lake"),
        "point": gettext("Point"),
        "lon": gettext("Longitude"),
        "lat": gettext("Latitude"),
        "observed_on": gettext("Date"),
        "density": gettext("Algal density (cells/L)"),
        "area_km2": gettext("Bloom area (km²)"),
        "level": gettext("Warning level"),
        "message": gettext("Message"),
        "observation": gettext("Observation it rests on"),
        "warning": gettext("Warning"),
        "taken_on": gettext("Date"),
        "description": gettext("Emergency action taken"),
        "member": gettext("Member"),
    }


def _blooms_context(request: HttpRequest) -> dict[str, Any]:
    """The warnings (the public: the active ones), and for officials the notices to their
    member and the graded observations; for a member's editors (as the access rules say)
    the forms: an observation, a warning, a lift of its own warnings and an emergency
    action under a warning for a lake its member lies around."""
    principal = principal_of(request.user)
    official = principal.role in OFFICIALS
    own = principal.division_code or ""
    levels = {w.code: w for w in blooms.warning_levels()}
    lakes = dict(Lake.choices)

    def level_name(code: str) -> str:
        level = levels.get(code)
        return (_named(level) if level else code) or code

    may_act = official and can(request.user, Action.RECORD_BLOOM, EmergencyAction(member_id=own))
    warnings = [
        {
            "warning": w,
            "lake": lakes.get(w.lake, w.lake),
            "level": level_name(w.level),
            "colour": levels[w.level].colour if w.level in levels else "#888",
            "may_lift": official and w.active and can(request.user, Action.ISSUE_BLOOM_WARNING, w),
            "may_act": may_act and own in blooms.members_around(w.lake),
        }
        for w in blooms.warnings(principal, active=not official)
    ]
    observations: list[dict[str, Any]] = [
        {
            "graded": g,
            "lake": lakes.get(g.observation.lake, g.observation.lake),
            "density_grade": _named(g.density_grade),
            "density": cells(float(g.observation.density)),
            "area_grade": _named(g.area_grade) if g.area_grade else "",
            "suggested": level_name(g.suggested.code) if g.suggested else "",
        }
        for g in (blooms.observations(principal) if official else [])
    ]
    return {
        "official": official,
        "warnings": warnings,
        "observations": observations,
        "notices": blooms.notices(principal) if official else [],
        "density": blooms.density_grades(),
        "area": blooms.area_grades(),
        "levels": [
            {"level": w, "name": _named(w), "from": cells(w.density)}
            for w in blooms.warning_levels()
        ],
        "levels_verified": blooms.config()["warning_levels"]["status"] == "verified",
        "grade_names": [
            {"grade": g, "name": _named(g), "roman": _ROMAN[i], "from": cells(g.lower)}
            for i, g in enumerate(blooms.density_grades().rows)
        ],
        "area_names": [{"grade": g, "name": _named(g)} for g in blooms.area_grades().rows],
        "lakes": lakes,
        "may_observe": official
        and can(request.user, Action.RECORD_BLOOM, BloomObservation(member_id=own)),
        "may_warn": official
        and can(request.user, Action.ISSUE_BLOOM_WARNING, BloomWarning(member_id=own)),
        "today": dt.date.today(),
        "values": {},
    }


@require_safe
def blooms_page(request: HttpRequest) -> HttpResponse:
    return render(request, "water/blooms/index.html", _blooms_context(request))


def _bloom_failed(
    request: HttpRequest, form: str, exc: DeltacapError, warning_id: int | None = None
) -> HttpResponse:
    """The blooms page again with the error at its form and field, the values posted kept
    (nothing was written: each service writes in one transaction)."""
    context = _blooms_context(request)
    rows = {r["warning"].pk: r for r in context["warnings"]}
    shown = {
        "observe": context["may_observe"],
        "warn": context["may_warn"],
        "lift": warning_id in rows,
        "act": warning_id in rows and rows[warning_id]["may_act"],
    }
    if warning_id in rows:
        rows[warning_id][f"{form}_error"] = True
    context.update(
        error_top=not shown[form],
        error=message_of(exc),
        error_field=exc.field or "",
        error_label=_bloom_labels().get(exc.field or "", ""),
        error_form=form,
        values=request.POST,
    )
    return render(request, "water/blooms/index.html", context, status=status_of(exc))


def _posted(request: HttpRequest, name: str) -> str:
    return str(request.POST.get(name, ""))


@login_required
@require_POST
def bloom_observe(request: HttpRequest) -> HttpResponse:
    """POST: the member's observation at a lake point on a day (its editors)."""
    try:
        blooms.record_observation(
            by=request.user, channel="page", lake=_posted(request, "lake"),
            point=_posted(request, "point"),
            lon=blooms.number_of(_posted(request, "lon")),
            lat=blooms.number_of(_posted(request, "lat")),
            observed_on=blooms.day_of(_posted(request, "observed_on")),
            density=blooms.number_of(_posted(request, "density")),
            area_km2=blooms.number_of(_posted(request, "area_km2")),
        )  # fmt: skip
    except DeltacapError as exc:
        return _bloom_failed(request, "observe", exc)
    messages.success(request, gettext("The observation is recorded."))
    return redirect(reverse("water:blooms") + "#observations")


@login_required
@require_POST
def bloom_warn(request: HttpRequest) -> HttpResponse:
    """POST: a warning the member issues for a lake; the other members around it are told."""
    try:
        blooms.issue_warning(
            by=request.user, channel="page", lake=_posted(request, "lake"),
            level=_posted(request, "level"), message=_posted(request, "message"),
            observation_id=blooms.number_or_none(_posted(request, "observation")),
        )  # fmt: skip
    except DeltacapError as exc:
        return _bloom_failed(request, "warn", exc)
    messages.success(
        request, gettext("The warning is issued; the other members around the lake are told.")
    )
    return redirect(reverse("water:blooms") + "#warnings")


@login_required
@require_POST
def bloom_lift(request: HttpRequest, bloom_warning_id: int) -> HttpResponse:
    """POST: the member's own active warning lifted (its editors)."""
    try:
        warning = blooms.get_warning(bloom_warning_id)
        blooms.lift_warning(by=request.user, channel="page", warning=warning)
    except DeltacapError as exc:
        return _bloom_failed(request, "lift", exc, bloom_warning_id)
    messages.success(request, gettext("The warning is lifted."))
    return redirect(reverse("water:blooms") + "#warnings")


@login_required
@require_POST
def bloom_act(request: HttpRequest, bloom_warning_id: int) -> HttpResponse:
    """POST: an emergency action the member takes under a warning for a lake it lies around."""
    try:
        warning = blooms.get_warning(bloom_warning_id)
        blooms.record_action(
            by=request.user, channel="page", warning=warning,
            taken_on=blooms.day_of(_posted(request, "taken_on")),
            description=_posted(request, "description"),
        )  # fmt: skip
    except DeltacapError as exc:
        return _bloom_failed(request, "act", exc, bloom_warning_id)
    messages.success(request, gettext("The emergency action is recorded."))
    return redirect(reverse("water:blooms") + "#warnings")


# The grades' numerals as the standard and the warning levels write them (Ⅰ-Ⅴ, one character).
_ROMAN = ("Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ", "Ⅴ", "Ⅵ", "Ⅶ", "Ⅷ")
_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def cells(value: float) -> str:
    """An algal density as officials write it: 2×10⁶ (1.5×10⁷), 0 as 0."""
    if not value:
        return "0"
    mantissa, exponent = f"{value:.1e}".split("e")
    digits = mantissa.removesuffix(".0")
    power = f"10{str(int(exponent)).translate(_SUPERSCRIPT)}"
    return power if digits == "1" else f"{digits}×{power}"
