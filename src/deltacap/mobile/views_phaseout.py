"""/mobile/phaseout/: each member's phase-out of old vehicles and machinery against its
yearly target, by city and month, with the reduction its qualifying records account for
and how (every accounted class: count, activity, tonnes); a member's editors make its
phase-out of a year into key reduction projects from here, and find the import and target
forms (``views_phaseout_forms.py``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.views.decorators.http import require_POST, require_safe

from deltacap.domain.accounting import CATEGORIES
from deltacap.domain.accounting.labels import choice_name
from deltacap.domain.errors import DeltacapError, InvalidInput, gettext_noop
from deltacap.mobile import config, phaseout, phaseout_projects, phaseout_standard
from deltacap.mobile.services import MEMBERS
from deltacap.web.errors import message_of, status_of


@login_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """Progress of the year (``?year=``, default this year) per member."""
    text = request.GET.get("year", "")
    year = int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else timezone.localdate().year
    try:
        rows = phaseout.progress(request.user, year=year)
        for row in rows:
            row["reduction"] = phaseout.reduction_of(
                request.user, member=row["member"], year=year
            ).to_json()
    except DeltacapError as exc:
        return render(
            request, "web/error.html", {"message": message_of(exc)}, status=status_of(exc)
        )
    for row in rows:
        row["may_make_projects"] = phaseout_projects.may_make_projects(request.user, row["member"])
        row["projects"] = phaseout_projects.projects_of(row["member"], year)
        for project in row["projects"]:
            spec = CATEGORIES[project.category]
            english = (get_language() or "").startswith("en")
            project.category_name = spec.name_en if english else spec.name_zh
    context = {
        "year": year,
        "rows": rows,
        "classes": class_rows(rows),
        "standard": phaseout_standard.in_force(),
        "may_import": phaseout.may_import(request.user),
        "target_members": [
            m for m in MEMBERS if phaseout_projects.may_make_projects(request.user, m)
        ],
        "coefficients": config.phaseout_coefficients(),
    }
    return render(request, "mobile/phaseout.html", context)


def class_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every member's accounted classes as the page lists them: the calculator, the class
    (type and stage), the units, the activity per unit and the tonnes."""
    lang = "en" if (get_language() or "").startswith("en") else "zh"
    out = []
    for row in rows:
        for entry in row["reduction"]["classes"]:
            inputs, activity = entry["inputs"], entry["activity"]
            spec = CATEGORIES[entry["category"]]
            if entry["category"] == "diesel_phaseout":
                kind, stage = inputs["vehicle_type"], inputs["emission_standard"]
                used = f"{activity['km_per_year']} km/a"
            else:
                kind, stage = inputs["machinery_type"], inputs["emission_stage"]
                used = f"{activity['hours_per_year']} h/a × {activity['fuel_t_per_hour']} t/h"
            out.append(
                {
                    "member": row["member"],
                    "category": spec.name_en if lang == "en" else spec.name_zh,
                    "unit_class": f"{choice_name(kind, lang)} · {choice_name(stage, lang)}",
                    "units": entry["units"],
                    "activity": used,
                    "tonnes": entry["tonnes"],
                }
            )
    return out


@login_required
@require_POST
def make_projects(request: HttpRequest) -> HttpResponse:
    """The member's phase-out of the year made into key reduction projects (one per city
    and kind), then back to the phase-out page with what was made."""
    member = request.POST.get("member", "")
    text = request.POST.get("year", "")
    try:
        if not (text.isdigit() and 2000 <= int(text) <= 2100):
            raise InvalidInput(gettext_noop("Enter a year such as 2026."), field="year")
        made = phaseout_projects.make_projects(
            by=request.user, channel="page", member=member, year=int(text)
        )
    except DeltacapError as exc:
        return render(
            request, "web/error.html", {"message": message_of(exc)}, status=status_of(exc)
        )
    messages.success(
        request,
        ngettext(
            "%(n)d key reduction project made or brought up to date: %(codes)s.",
            "%(n)d key reduction projects made or brought up to date: %(codes)s.",
            len(made),
        )
        % {"n": len(made), "codes": "、".join(p.name + "（" + p.city.name_zh + "）" for p in made)},
    )
    return redirect(reverse("mobile:phaseout") + f"?year={text}")
