"""Water pages: the sections on a map coloured by their latest month's class with a table
of classes and grades, one section's months (chart and table), and the import of monthly
manual data for the members responsible for sections and the office."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from pydantic import ValidationError

from deltacap.accounts.permissions import can, principal_of
from deltacap.domain.access import AccessDenied, Action, Kind, allowed, refusal, region_resource
from deltacap.domain.errors import DeltacapError, NotFound
from deltacap.domain.water.classify import CLASS_NAMES
from deltacap.water import automatic, selectors, services
from deltacap.water.config import agreements
from deltacap.water.labels import (
    CLASS_COLOURS,
    TRENDS,
    TROPHIC,
    class_label,
    grade_label,
    item_label,
)
from deltacap.water.models import Section, SectionKind
from deltacap.water.schemas import SectionPatch
from deltacap.water.selectors import MonthQuality
from deltacap.web.errors import message_of, status_of, validation_errors

# The items a section's chart and table show, when measured.
SHOWN = ("DO", "CODMn", "COD", "BOD5", "NH3-N", "TP", "TN", "Chla", "SD")


def _may_import(request: HttpRequest) -> bool:
    principal = principal_of(request.user)
    return any(
        allowed(principal, Action.IMPORT_WATER_DATA, s.as_resource())
        for s in Section.objects.prefetch_related("responsible")
    )


def _row(q: MonthQuality | None) -> dict[str, Any]:
    if q is None:
        return {"month": "", "class": "", "grade": "", "colour": CLASS_COLOURS[""]}
    return {
        "month": q.month,
        "class": class_label(q.overall),
        "class_name": CLASS_NAMES[q.overall],
        "grade": grade_label(q.grade),
        "colour": CLASS_COLOURS[CLASS_NAMES[q.overall]],
        "attains": q.attains,
        "determining": [{"item": item_label(i), "multiple": m} for i, m in q.determining],
        "tli": q.tli,
        "trophic": str(TROPHIC[q.trophic]) if q.trophic else "",
        "reference": [
            {"item": item_label(i), "class": class_label(c)} for i, c in q.lake_reference.items()
        ],
    }


def _agreements(request: HttpRequest) -> list[dict[str, Any]]:
    """The eco-compensation agreements with the latest settlement the user may read."""
    readable = selectors.settlements(principal_of(request.user))
    out = []
    for a in agreements().values():
        mine = [s for s in readable if s.agreement == a.code]
        out.append(
            {
                "code": a.code,
                "name": a.name_zh if translation.get_language().startswith("zh") else a.name_en,
                "illustrative": a.illustrative,
                "latest": mine[-1] if mine else None,
            }
        )
    return out


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    all_sections = selectors.sections()
    last = selectors.latest(selectors.monthly_quality(all_sections))
    rows = [
        {"section": s, "target": class_label(s.target_class), **_row(last[s.pk])}
        for s in all_sections
    ]
    year = selectors.default_year()
    bodies = []
    for by in selectors.body_years(year):
        bodies.append(
            {
                "body": by.body,
                "months": by.months_with_data,
                "attaining": by.months_attaining,
                "trends": [
                    {
                        "item": item_label(i),
                        "trend": str(TRENDS[t.trend]) if t else "",
                        "p": t.p if t else None,
                    }
                    for i, t in by.trends.items()
                ],
            }
        )
    points = [
        {
            "name": r["section"].name,
            "value": [r["section"].lon, r["section"].lat],
            "class": r["class"] or _("No data"),
            "grade": r["grade"],
            "month": r["month"],
            "colour": r["colour"],
        }
        for r in rows
    ]
    legend = [
        {"label": class_label(n), "colour": CLASS_COLOURS[CLASS_NAMES[n]]} for n in range(1, 7)
    ]
    context = {
        "rows": rows,
        "agreements": _agreements(request),
        "bodies": bodies,
        "year": year,
        "map": {"points": points, "legend": legend},
        "may_import": _may_import(request),
    }
    return render(request, "water/index.html", context)


@require_safe
def section_page(request: HttpRequest, section_id: int) -> HttpResponse:
    try:
        section = services.get_section(section_id)
    except NotFound as exc:
        return render(request, "web/error.html", {"message": message_of(exc)}, status=404)
    months = selectors.monthly_quality([section])[section.pk]
    shown = [i for i in SHOWN if any(i in q.values for q in months)]
    table = [
        {
            **_row(q),
            "cells": [
                {"value": _rounded(q.values.get(i)), "class": class_label(q.classes.get(i, 0))}
                for i in shown
            ],
        }
        for q in months
    ]
    chart = {
        "months": [q.month for q in months],
        "classes": [q.overall or None for q in months],
        "colours": [CLASS_COLOURS[CLASS_NAMES[q.overall]] for q in months],
        "axis": [class_label(n) for n in range(1, 7)],
        "target": section.target_class,
        "labels": {"class": _("Class"), "target": _("Target class")},
    }
    context = {
        **_automatic(section),
        "section": section,
        "target": class_label(section.target_class),
        "members": section.responsible.all(),
        "shown": [{"code": i, "label": item_label(i)} for i in shown],
        "table": list(reversed(table)),
        "chart": chart,
        "may_edit": can(request.user, Action.EDIT_WATER_SECTION, section),
    }
    return render(request, "water/section.html", context)


def _automatic(section: Section) -> dict[str, Any]:
    """The section's last four weeks of 4-hourly readings: the chart (each reading's class,
    each day's class from the day's mean) and the table of days, newest first."""
    recent = automatic.recent(section)
    if not recent.readings:
        return {"automatic": None}
    shown = [i for i in automatic.AUTOMATIC if any(i in d.values for d in recent.days)]
    days = [
        {
            "day": d.day,
            "readings": d.readings,
            "class": class_label(d.overall),
            "colour": CLASS_COLOURS[CLASS_NAMES[d.overall]],
            "grade": grade_label(d.grade),
            "attains": d.attains,
            "determining": [{"item": item_label(i), "multiple": m} for i, m in d.determining],
            "cells": [
                {"value": _mean(i, d.values.get(i)), "class": class_label(d.classes.get(i, 0))}
                for i in shown
            ],
        }
        for d in reversed(recent.days)
    ]
    chart = {
        "readings": [
            {
                "time": r.time.isoformat(),
                "label": r.time.strftime("%Y-%m-%d %H:%M"),
                "class": r.overall or None,
                "colour": CLASS_COLOURS[CLASS_NAMES[r.overall]],
            }
            for r in recent.readings
        ],
        "days": [
            {
                "time": f"{d.day.isoformat()}T12:00:00",
                "label": d.day.isoformat(),
                "class": d.overall or None,
            }
            for d in recent.days
        ],
        "axis": [class_label(n) for n in range(1, 7)],
        "target": section.target_class,
        "labels": {
            "reading": _("Class of each reading"),
            "day": _("Class of the day (daily mean)"),
            "target": _("Target class"),
        },
    }
    return {
        "automatic": {
            "first": recent.first,
            "last": recent.last,
            "count": len(recent.readings),
            "synthetic": recent.synthetic,
            "per_day": automatic.PER_DAY,
            "shown": [{"code": i, "label": item_label(i)} for i in shown],
            "days": days,
        },
        "automatic_chart": chart,
    }


_FORM_FIELDS = ("name_zh", "name_en", "kind", "lon", "lat", "target_class", "source")


def _form_values(section: Section) -> dict[str, Any]:
    return {
        "name_zh": section.name_zh,
        "name_en": section.name_en,
        "kind": section.kind,
        "lon": f"{section.lon:.6f}".rstrip("0").rstrip("."),
        "lat": f"{section.lat:.6f}".rstrip("0").rstrip("."),
        "target_class": str(section.target_class),
        "approximate": section.approximate,
        "source": section.source,
    }


def _edit_form(
    request: HttpRequest,
    section: Section,
    values: dict[str, Any],
    error: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The form, with the fault (``{"field", "message"}``) at its field, or above the form
    when it names none of them."""
    classes = [(str(n), class_label(n)) for n in range(1, 6)]
    specs = [
        ("name_zh", _("Name (Chinese)"), "text", None, ""),
        ("name_en", _("Name (English)"), "text", None, ""),
        ("kind", _("Kind"), "select", SectionKind.choices, ""),
        ("target_class", _("Target class"), "select", classes,
         _("The function target by GB 3838-2002.")),
        ("lon", _("Longitude"), "text", None, _("Degrees east (WGS-84), 113 to 124.")),
        ("lat", _("Latitude"), "text", None, _("Degrees north (WGS-84), 26.5 to 36.")),
        ("approximate", _("Approximate position"), "checkbox", None, ""),
        ("source", _("Source"), "textarea", None, _("Where the name and position come from.")),
    ]  # fmt: skip
    at = error["field"] if error else ""
    fields = [
        {
            "name": name,
            "label": label,
            "kind": kind,
            "options": [(str(v), str(t)) for v, t in options or []],
            "value": values.get(name, ""),
            "hint": hint,
            "required": name in ("name_zh", "kind", "target_class", "lon", "lat"),
            "error": error["message"] if error and at == name else "",
        }
        for name, label, kind, options, hint in specs
    ]
    members = "、".join(str(m.name) for m in section.responsible.all())
    context = {
        "section": section,
        "heading": _("Edit the section: {name}").format(name=section.name),
        "members": _("Responsible members: {members}").format(members=members),
        "fields": fields,
        "error": error["message"] if error and at not in {f["name"] for f in fields} else "",
    }
    return render(request, "water/section_edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def section_edit(request: HttpRequest, section_id: int) -> HttpResponse:
    """GET: the section's form, to the office and the editors of its responsible members.
    POST: the changes saved through ``services.edit_section`` and back to the section's
    page, or the form again with the fault at its field (nothing written)."""
    try:
        section = services.get_section(section_id)
    except NotFound as exc:
        return render(request, "web/error.html", {"message": message_of(exc)}, status=404)
    if not can(request.user, Action.EDIT_WATER_SECTION, section):
        action = Action.EDIT_WATER_SECTION
        raise AccessDenied(
            principal_of(request.user), action, section.as_resource(), refusal(action)
        )
    if request.method == "GET":
        return _edit_form(request, section, _form_values(section))
    posted: dict[str, Any] = {f: request.POST.get(f, "") for f in _FORM_FIELDS}
    posted["approximate"] = bool(request.POST.get("approximate"))
    try:
        patch = SectionPatch.model_validate(posted)
    except ValidationError as exc:
        first = validation_errors([dict(e) for e in exc.errors()])[0]
        return _edit_form(request, section, posted, first, status=422)
    try:
        services.edit_section(
            by=request.user, channel="page", section=section, changes=patch.changes()
        )
    except DeltacapError as exc:
        error = {"field": exc.field or "", "message": message_of(exc)}
        return _edit_form(request, section, posted, error, status=status_of(exc))
    messages.success(request, _("The section is saved."))
    return redirect("water:section", section_id=section.pk)


# The decimals a daily mean of the readings is shown with (those the stations report, one more).
MEAN_DECIMALS = {"pH": 2, "DO": 2, "CODMn": 2, "NH3-N": 3, "TP": 3, "TN": 2, "Chla": 1}


def _mean(item: str, value: float | None) -> float | None:
    return None if value is None else round(value, MEAN_DECIMALS.get(item, 4))


def _rounded(value: float | None) -> float | None:
    """A monthly mean as the table shows it (at most four decimals)."""
    return None if value is None else round(value, 4)


def _require_importer(request: HttpRequest) -> None:
    if not _may_import(request):
        raise AccessDenied(
            principal_of(request.user),
            Action.IMPORT_WATER_DATA,
            region_resource(Kind.WATER_SECTION),
            refusal(Action.IMPORT_WATER_DATA),
        )


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    """GET: the upload form. POST: check the file (``action=check``) or import it: monthly
    samples, or 4-hourly readings of automatic stations (``kind=automatic``); CSV or Excel."""
    _require_importer(request)
    kind = "automatic" if request.POST.get("kind", request.GET.get("kind")) == "automatic" else ""
    context: dict[str, Any] = {
        "limit_mb": services.MAX_IMPORT_BYTES // 2**20,
        "kind": kind or "monthly",
    }
    if request.method == "GET":
        return render(request, "water/import.html", context)
    upload = request.FILES.get("file")
    dry_run = request.POST.get("action") != "import"
    if upload is None:
        context["error"] = _("Choose a file.")
        return render(request, "water/import.html", context, status=422)
    run = automatic.import_readings if kind else services.import_samples
    try:
        report = run(
            by=request.user,
            channel="page",
            data=upload.read(services.MAX_IMPORT_BYTES + 1),
            dry_run=dry_run,
        )
    except DeltacapError as exc:
        context["error"] = message_of(exc)
        return render(request, "water/import.html", context, status=status_of(exc))
    context.update(report=report, filename=upload.name)
    return render(request, "water/import.html", context, status=422 if report.errors else 200)
