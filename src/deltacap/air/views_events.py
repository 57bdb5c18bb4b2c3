"""Pages of key-period events (linked from the air-quality section): the events (the office
sets one up), an event (goals; the members' lists with their versions; expected cuts
against the requirement; proof of execution), a member's list (history, the diff of two
versions, the workbook), and the list's edit and import pages for its member's editors."""

from __future__ import annotations

import math
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from deltacap.accounts.permissions import can, require
from deltacap.air import event_excel, event_selectors, event_services
from deltacap.air.models import AirEvent, ControlList
from deltacap.domain.access import Action, region_resource
from deltacap.domain.access import Kind as AccessKind
from deltacap.domain.air import events as rules
from deltacap.domain.errors import DeltacapError, InvalidInput, gettext_noop
from deltacap.reference.labels import division_name
from deltacap.reference.models import Division, Level
from deltacap.web.errors import message_of, status_of
from deltacap.web.templatetags.labels import person

KINDS = {
    rules.MeasureKind.STOP: gettext_lazy("stop production"),
    rules.MeasureKind.LIMIT: gettext_lazy("limit production"),
    rules.MeasureKind.STOP_PROCESS: gettext_lazy("stop processes"),
    rules.MeasureKind.SHIFT_TRANSPORT: gettext_lazy("shift transport"),
}
GRADES = {
    rules.Grade.A: "A",
    rules.Grade.B: "B",
    rules.Grade.C: "C",
    rules.Grade.LEADING: gettext_lazy("leading"),
    rules.Grade.UNKNOWN: "—",
}
POLLUTANT_WORDS = {
    "SO2": "SO₂",
    "NOx": "NOx",
    "PM": gettext_lazy("particulate matter"),
    "VOCs": "VOCs",
}


def _error(request: HttpRequest, exc: DeltacapError) -> HttpResponse:
    return render(request, "web/error.html", {"message": message_of(exc)}, status=status_of(exc))


def _percent(value: float | None) -> str:
    return "—" if value is None or math.isnan(value) else f"{value * 100:.1f} %"


def _kg(value: float | None) -> str:
    return "—" if value is None or math.isnan(value) else f"{value:,.1f}"


def _measure(m: rules.Measure) -> dict[str, Any]:
    return {
        "kind": KINDS[m.kind],
        "detail": m.detail,
        "percent": m.percent,
        "cuts": [_kg(m.cuts.get(p)) if p in m.cuts else "—" for p in rules.POLLUTANTS],
    }


def _entries(entries: tuple[rules.Entry, ...]) -> list[dict[str, Any]]:
    where = event_selectors.listed(e.uscc for e in entries)
    return [
        {
            "uscc": e.uscc,
            "name": where[e.uscc].name if e.uscc in where else "",
            "city": division_name(where[e.uscc].city) if e.uscc in where else "",
            "grade": GRADES[e.grade],
            "baseline": [
                _kg(e.baseline.get(p)) if p in e.baseline else "—" for p in rules.POLLUTANTS
            ],
            "measures": [_measure(m) for m in e.measures],
        }
        for e in entries
    ]


def _unit_name(unit: str) -> str:
    if unit == "event":
        return _("Whole event")
    return division_name(unit.split(":", 1)[1])


def _cut_rows(event: AirEvent) -> list[dict[str, Any]]:
    order = {"event": 0, "member": 1, "city": 2}
    found = []
    for unit, lines in sorted(
        event_selectors.cuts(event).items(), key=lambda kv: (order[kv[0].split(":")[0]], kv[0])
    ):
        found.append(
            {
                "name": _unit_name(unit),
                "kind": unit.split(":")[0],
                "cells": [
                    {
                        "cut": _kg(line.cut),
                        "share": _percent(line.share),
                        "required": _percent(line.required),
                        "meets": line.meets,
                    }
                    for line in lines
                ],
            }
        )
    return found


def _proof_rows(event: AirEvent) -> list[dict[str, Any]]:
    return [
        {
            "row": row,
            "pollutant": POLLUTANT_WORDS[row.pollutant],
            "event": _kg(row.event_rate),
            "baseline": _kg(row.baseline_rate),
            "ratio": _percent(row.ratio),
            "allowed": _percent(row.allowed),
        }
        for row in event_selectors.proof(event)
    ]


@require_safe
def events(request: HttpRequest) -> HttpResponse:
    """Every event; the office's form to set one up."""
    return render(
        request,
        "air/events.html",
        {
            "events": event_selectors.events(),
            "can_create": can(
                request.user, Action.CREATE_AIR_EVENT, region_resource(AccessKind.AIR_EVENT)
            ),
            "cities": Division.objects.filter(prefecture=True).order_by("code"),
            "members": Division.objects.filter(level=Level.MEMBER).order_by("code"),
            "pollutants": rules.POLLUTANTS,
        },
    )


@login_required
@require_http_methods(["POST"])
def event_create(request: HttpRequest) -> HttpResponse:
    post = request.POST
    try:
        aqi_text = post.get("aqi_max", "").strip()
        if aqi_text and not aqi_text.isdigit():
            require(request.user, Action.CREATE_AIR_EVENT, AirEvent())
            raise InvalidInput(
                gettext_noop("The AQI goal is a whole number from 1 to 500."), field="aqi_max"
            )
        event = event_services.create_event(
            by=request.user,
            channel="page",
            name=post.get("name", ""),
            starts=post.get("starts", ""),
            ends=post.get("ends", ""),
            cities=post.getlist("cities"),
            members=post.getlist("members"),
            area=post.get("area", ""),
            aqi_max=int(aqi_text) if aqi_text else None,
            goals=post.get("goals", ""),
            contacts=post.get("contacts", ""),
            required_shares={p: post.get(f"required_{p}", "") for p in rules.POLLUTANTS},
        )
    except DeltacapError as exc:
        return _error(request, exc)
    return redirect("air:event", event_id=event.pk)


@require_safe
def event_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    try:
        event = event_services.get_event(event_id)
    except DeltacapError as exc:
        return _error(request, exc)
    readable = event_selectors.may_read_lists(request.user, event)
    context: dict[str, Any] = {
        "event": event,
        "cities": [division_name(c.code) for c in event.cities.all()],
        "members": [division_name(x.member_id) for x in event_selectors.lists(event)],
        "shares": [
            (POLLUTANT_WORDS[p], _percent((event.required_shares or {}).get(p)))
            for p in rules.POLLUTANTS
        ],
        "readable": readable,
        "pollutants": [POLLUTANT_WORDS[p] for p in rules.POLLUTANTS],
    }
    if readable:
        context["lists"] = [
            {**row, "name": division_name(row["list"].member_id)}
            for row in event_selectors.summary(event)
        ]
        context["cuts"] = _cut_rows(event)
        context["proof"] = _proof_rows(event)
        context["days"] = len(event_selectors.days(event))
    return render(request, "air/event.html", context)


def _readable_list(request: HttpRequest, list_id: int) -> ControlList:
    control_list = event_services.get_list(list_id)
    require(request.user, Action.READ, control_list)
    return control_list


def _diff_view(diff: rules.ListDiff) -> dict[str, Any]:
    names = event_selectors.enterprise_names(
        [e.uscc for e in diff.added]
        + [e.uscc for e in diff.removed]
        + [c.uscc for c in diff.changed]
    )
    return {
        "added": [{**x, "name": names.get(x["uscc"], ("", ""))[0]} for x in _entries(diff.added)],
        "removed": [
            {**x, "name": names.get(x["uscc"], ("", ""))[0]} for x in _entries(diff.removed)
        ],
        "changed": [
            {
                "uscc": c.uscc,
                "name": names.get(c.uscc, ("", ""))[0],
                "grade": None if c.grade is None else [GRADES[g] for g in c.grade],
                "baseline": c.baseline is not None,
                "added": [_measure(m) for m in c.added],
                "removed": [_measure(m) for m in c.removed],
                "changed": [
                    {"before": _measure(m.before), "after": _measure(m.after)} for m in c.changed
                ],
            }
            for c in diff.changed
        ],
        "empty": diff.empty,
    }


def _version_number(request: HttpRequest, name: str, default: int) -> int:
    text = request.GET.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit():
        raise InvalidInput(gettext_noop("Choose a version of the list."), field=name)
    return int(text)


@login_required
@require_safe
def list_page(request: HttpRequest, list_id: int) -> HttpResponse:
    """A member's list: the version in force, its history and the diff of two versions."""
    try:
        control_list = _readable_list(request, list_id)
        history = event_selectors.versions(control_list)
        newest = history[0].number if history else 0
        after = _version_number(request, "to", newest)
        before = _version_number(request, "from", max(after - 1, 0))
        diff = event_selectors.diff_versions(control_list, before, after) if history else None
    except DeltacapError as exc:
        return _error(request, exc)
    return render(
        request,
        "air/control_list.html",
        {
            "list": control_list,
            "event": control_list.event,
            "member": division_name(control_list.member_id),
            "history": history,
            "author_html": person(history[0].author) if history else "—",
            "entries": _entries(event_services.current_entries(control_list)),
            "diff": _diff_view(diff) if diff else None,
            "before": before,
            "after": after,
            "numbers": [0, *sorted(v.number for v in history)],
            "pollutants": [POLLUTANT_WORDS[p] for p in rules.POLLUTANTS],
            "can_edit": can(request.user, Action.EDIT_CONTROL_LIST, control_list),
        },
    )


@login_required
@require_safe
def list_export(request: HttpRequest, list_id: int) -> HttpResponse:
    try:
        version = _version_number(request, "version", -1)
        content, filename = event_services.export_list(
            by=request.user, list_id=list_id, version=None if version < 0 else version
        )
    except DeltacapError as exc:
        return _error(request, exc)
    response = HttpResponse(content, content_type=event_excel.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _edit_context(request: HttpRequest, control_list: ControlList) -> dict[str, Any]:
    return {
        "list": control_list,
        "event": control_list.event,
        "member": division_name(control_list.member_id),
        "entries": _entries(event_services.current_entries(control_list)),
        "kinds": list(KINDS.items()),
        "grades": [(g.value, GRADES[g]) for g in rules.Grade if g is not rules.Grade.UNKNOWN],
        "pollutants": [(p, POLLUTANT_WORDS[p]) for p in rules.POLLUTANTS],
        "pollutant_words": [POLLUTANT_WORDS[p] for p in rules.POLLUTANTS],
    }


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def list_edit(request: HttpRequest, list_id: int) -> HttpResponse:
    """Save one enterprise's measure, or take an enterprise off the list (a new version)."""
    try:
        control_list = event_services.get_list(list_id)
    except DeltacapError as exc:
        return _error(request, exc)
    context = _edit_context(request, control_list)
    if request.method != "POST":
        if not can(request.user, Action.EDIT_CONTROL_LIST, control_list):
            message = _("Only the member's own editors change its controlled-enterprise list.")
            return render(request, "web/error.html", {"message": message}, status=403)
        return render(request, "air/control_list_edit.html", context)
    post = request.POST
    try:
        if post.get("op") == "remove":
            event_services.remove_enterprise(
                by=request.user,
                channel="page",
                list_id=list_id,
                uscc=post.get("uscc", ""),
                reason=post.get("reason", ""),
            )
        else:
            event_services.save_measure(
                by=request.user,
                channel="page",
                list_id=list_id,
                values={k: post.get(k, "") for k in post if k not in ("reason", "op")},
                reason=post.get("reason", ""),
            )
    except DeltacapError as exc:
        context["error"] = message_of(exc)
        context["values"] = post
        return render(request, "air/control_list_edit.html", context, status=status_of(exc))
    return redirect("air:control_list", list_id=list_id)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def list_import(request: HttpRequest, list_id: int) -> HttpResponse:
    """Check or import a workbook as the list's next version."""
    try:
        control_list = event_services.get_list(list_id)
    except DeltacapError as exc:
        return _error(request, exc)
    context: dict[str, Any] = {
        "list": control_list,
        "event": control_list.event,
        "member": division_name(control_list.member_id),
        "headers": list(event_excel.HEADERS.values()),
        "sheet": event_excel.SHEET,
    }
    if request.method != "POST":
        return render(request, "air/control_list_import.html", context)
    upload = request.FILES.get("file")
    reason = request.POST.get("reason", "")
    try:
        if upload is None:
            require(request.user, Action.EDIT_CONTROL_LIST, control_list)
            raise InvalidInput(gettext_noop("Choose an Excel file."), field="file")
        report = event_services.import_list(
            by=request.user,
            channel="import",
            list_id=list_id,
            data=upload.read(),
            reason=reason,
            dry_run=request.POST.get("action") != "import",
        )
    except DeltacapError as exc:
        context["error"] = message_of(exc)
        context["reason"] = reason
        return render(request, "air/control_list_import.html", context, status=status_of(exc))
    context["report"] = report.to_json(_)
    context["diff"] = _diff_view(report.diff) if report.diff else None
    context["filename"] = upload.name
    context["reason"] = reason
    context["pollutants"] = [POLLUTANT_WORDS[p] for p in rules.POLLUTANTS]
    return render(
        request, "air/control_list_import.html", context, status=422 if report.faults else 200
    )
