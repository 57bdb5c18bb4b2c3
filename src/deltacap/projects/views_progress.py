"""The progress dashboard and the target-split page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from deltacap import public_cache
from deltacap.accounts.permissions import can, principal_of
from deltacap.audit.models import Channel
from deltacap.domain.access import Action
from deltacap.domain.errors import DeltacapError
from deltacap.domain.input_rules import ascii_whole
from deltacap.domain.projects import check_progress_reader
from deltacap.projects.decomposition import decomposition, history
from deltacap.projects.excel_export import figures_file
from deltacap.projects.progress import dashboard_data, progress
from deltacap.projects.services import get_period
from deltacap.reference.models import Division, Level, PlanningPeriod
from deltacap.targets import services as target_services
from deltacap.targets.models import Target
from deltacap.web.errors import message_of

TONNES_PER_WAN = 10000
STATUS_LABELS = {
    "on_track": gettext_lazy("on track"),
    "behind": gettext_lazy("behind"),
    "far_behind": gettext_lazy("far behind"),
    "no_target": gettext_lazy("no target"),
}


def _versions(period: str, scope: str, pollutant: str) -> list[dict[str, Any]]:
    """A target's versions, each with the channel it came through in words."""
    channels = dict(Channel.choices)
    return [
        {"v": v, "channel": channels.get(v.channel, v.channel)}
        for v in history(period, scope, pollutant)
    ]


def _period_code(request: HttpRequest) -> str:
    # A form's field only on a POST (reading request.POST on a GET makes an empty form).
    posted = request.POST.get("period") if request.method == "POST" else None
    return request.GET.get("period") or posted or "14fyp"


def _period(request: HttpRequest) -> PlanningPeriod:
    return get_period(_period_code(request))


def _year(request: HttpRequest) -> int | None:
    text = request.GET.get("year", "").strip()
    return ascii_whole(text)


@login_required
@require_GET
def progress_page(request: HttpRequest) -> HttpResponse:
    check_progress_reader(principal_of(request.user))
    code = _period_code(request)
    year = _year(request)
    # The same for every reader: rendered once until projects, targets, rounds or a period
    # change (a period's change renews every topic), so a kept page needs no period read;
    # an unknown period is refused when the page is rendered, and nothing is kept.
    content = public_cache.cached(
        public_cache.PROGRESS,
        ("progress.html", code, year, timezone.localdate()),
        lambda: render_to_string(
            "projects/_progress.html", _progress_context(get_period(code), year)
        ),
    )
    return render(request, "projects/progress.html", {"content": content})


def _progress_context(period: PlanningPeriod, year: int | None) -> dict[str, Any]:
    data = dashboard_data(period, year=year)
    data["labels"] = {"time_progress": _("Time progress")}
    by_scope: dict[str, dict[str, Any]] = {}
    for row in data["figures"]:  # type: ignore[attr-defined]
        row["status_label"] = STATUS_LABELS.get(row["status"], row["status"])
        by_scope.setdefault(row["scope"], {"name": row["name"], "cells": []})["cells"].append(row)
    context = {
        "period": period,
        "periods": PlanningPeriod.objects.filter(target_form="key_project_tonnes"),
        "year": year,
        "years": data["years"],
        "data": data,
        "rows": list(by_scope.items()),
        "pollutants": data["pollutants"],
        "problems": [c for c in data["checks"] if not c["ok"]],  # type: ignore[attr-defined]
        "time_progress_pct": round(float(data["time_progress"]) * 100, 1),  # type: ignore[arg-type]
        "today": timezone.localdate(),
        "chart": _chart_data(data),
    }
    return context


def _chart_data(data: dict[str, Any]) -> dict[str, Any]:
    """What the page's charts draw (static/projects/progress.js), and nothing more: the
    whole figures are in the table above and at the dashboard endpoint, so the page does
    not carry them twice (a quarter of the bytes it used to)."""
    return {
        "time_progress": data["time_progress"],
        "pollutants": data["pollutants"],
        "members": data["members"],
        "years": data["years"],
        "labels": data["labels"],
        "figures": [
            {k: row[k] for k in ("scope", "pollutant", "completion_rate")}
            for row in data["figures"]
        ],
        "series": [
            {k: row[k] for k in ("pollutant", "year", "completion_rate", "time_progress")}
            for row in data["series"]
            if row["scope"] == "region"
        ],
        "cities": data["cities"],
    }


@login_required
@require_GET
def targets_page(request: HttpRequest) -> HttpResponse:
    """The region's split to the members and each member's split to its cities."""
    check_progress_reader(principal_of(request.user))
    period = _period(request)
    pollutants = period.controlled_pollutants()
    checks = decomposition(period)
    targets = {
        (t.division_id, t.pollutant_id): t
        for t in Target.objects.filter(period=period).select_related("division")
    }
    members = []
    for member in Division.objects.filter(level=Level.MEMBER).order_by("code"):
        cities = Division.objects.filter(parent=member, level=Level.CITY).order_by("code")
        rows = []
        for city in cities:
            cells = []
            for p in pollutants:
                cell = targets.get((city.code, p.code)) or Target(
                    period=period, division=city, pollutant=p
                )
                cells.append({"target": cell, "pollutant": p.code})
            rows.append({"city": city, "cells": cells})
        first_city = (
            Target(period=period, division=cities[0], pollutant=pollutants[0]) if cities else None
        )
        members.append(
            {
                "member": member,
                "rows": rows,
                "may_edit": first_city is not None
                and can(request.user, Action.SET_TARGET, first_city),
                "checks": [c for c in checks if c.scope == member.code],
                "states": sorted(
                    (c for c in checks if c.scope == member.code),
                    key=lambda c: [p.code for p in pollutants].index(c.pollutant),
                ),
                "targets": [targets.get((member.code, p.code)) for p in pollutants],
            }
        )
    scope, pollutant = request.GET.get("scope"), request.GET.get("pollutant")
    context = {
        "period": period,
        "pollutants": pollutants,
        "region_checks": [c for c in checks if c.scope == "region"],
        "members": members,
        "history": _versions(period.code, scope, pollutant) if scope and pollutant else None,
        "history_of": (scope, pollutant),
    }
    return render(request, "projects/targets.html", context)


@login_required
@require_POST
def set_city_target(request: HttpRequest) -> HttpResponse:
    """A member editor sets a city's share (tonnes), through the targets service."""
    period = _period(request)
    try:
        target_services.set_target(
            by=request.user,
            channel="page",
            period=period.code,
            scope=request.POST.get("scope", ""),
            pollutant=request.POST.get("pollutant", ""),
            tonnes=request.POST.get("tonnes", "").strip() or None,
        )
    except DeltacapError as exc:
        messages.error(request, message_of(exc))
    else:
        messages.success(request, _("Saved."))
    return redirect(f"{reverse('projects:targets')}?period={period.code}")


@login_required
@require_GET
def progress_export(request: HttpRequest) -> HttpResponse:
    """The progress table (region and members × pollutants) as CSV or Excel."""
    check_progress_reader(principal_of(request.user))
    period = _period(request)
    report = progress(period, year=_year(request))
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    content, content_type = figures_file([f.to_json() for f in report.figures], fmt)
    response = HttpResponse(content, content_type=content_type)
    filename = f"progress-{period.code}-{report.year}.{fmt}"
    response["Content-Disposition"] = content_disposition_header(True, filename) or ""
    return response
