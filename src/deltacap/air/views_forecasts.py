"""Joint forecast consultation pages (联合会商): the sessions, a session with every source's
forecasts side by side (the members', the consensus, the platform's baseline) and the forms
of whoever may write (the office opens, records the consensus and publishes; a member's
editors submit their own cities' and the host cities' forecasts), the verification of a
session with its chart of forecast against observed per city, and the verification of
every session over time. The public sees the published consensus only."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from deltacap.accounts.permissions import can, principal_of
from deltacap.air import forecast_selectors as reads
from deltacap.air import forecast_services as services
from deltacap.air import selectors
from deltacap.air.forecast_models import (
    CityForecast,
    Consultation,
    ConsultationStatus,
    Source,
    forecast_resource,
)
from deltacap.air.labels import COLOURS, category
from deltacap.domain.access import Action, Role
from deltacap.domain.air.forecast import MAX_HORIZON, POLLUTANTS, Scores
from deltacap.domain.errors import DeltacapError
from deltacap.reference.labels import division_name
from deltacap.reference.models import Division, Level
from deltacap.web.errors import message_of, status_of

POLLUTANT_WORDS = {
    "PM2.5": "PM2.5",
    "PM10": "PM10",
    "O3": "O₃",
    "NO2": "NO₂",
    "SO2": "SO₂",
    "CO": "CO",
}
SOURCE_WORDS = {
    Source.MEMBER.value: gettext_lazy("Members"),
    Source.CONSENSUS.value: gettext_lazy("Consensus"),
    Source.PERSISTENCE.value: gettext_lazy("Baseline: persistence"),
    Source.REGRESSION.value: gettext_lazy("Baseline: regression"),
}


def _error(request: HttpRequest, exc: DeltacapError) -> HttpResponse:
    return render(request, "web/error.html", {"message": message_of(exc)}, status=status_of(exc))


def _pollutant(code: str) -> str:
    return POLLUTANT_WORDS.get(code, code) if code else "—"


def _levels(low: int, high: int) -> dict[str, Any]:
    words = category(low) if low == high else f"{category(low)}–{category(high)}"
    return {"words": words, "colour": COLOURS[high], "level": high}


def _cell(f: CityForecast | None) -> dict[str, Any] | None:
    if f is None:
        return None
    return {
        "range": f"{f.aqi_low}–{f.aqi_high}",
        "primary": _pollutant(f.primary),
        "reasoning": f.reasoning,
        **_levels(f.level_low, f.level_high),
    }


def _context_base(request: HttpRequest) -> dict[str, Any]:
    return {
        "can_open": can(request.user, Action.OPEN_CONSULTATION, Consultation()),
        "reads_all": reads.reads_all(request.user),
    }


def _list_rows(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "c": c,
            "cities": _(", ").join(division_name(d.code) for d in c.cities.all()),
            "hosts": _(", ").join(division_name(d.code) for d in c.hosts.all()),
        }
        for c in reads.consultations(request.user)
    ]


@require_safe
def consultation_list(request: HttpRequest) -> HttpResponse:
    rows = _list_rows(request)
    today = selectors.local_now().date()
    context = {
        **_context_base(request),
        "rows": rows,
        "today": today,
        "cities": selectors.cities(),
        "horizons": list(range(1, MAX_HORIZON + 1)),
        "day_value": today.isoformat(),
    }
    return render(request, "air/forecast/list.html", context)


@login_required
@require_POST
def open_consultation(request: HttpRequest) -> HttpResponse:
    try:
        opened = services.open_consultation(
            by=request.user,
            channel="page",
            day=request.POST.get("day", ""),
            horizon=request.POST.get("horizon", ""),
            cities=request.POST.getlist("cities"),
            hosts=request.POST.getlist("hosts"),
            title=request.POST.get("title", ""),
        )
    except DeltacapError as exc:
        context = {
            **_context_base(request),
            "rows": _list_rows(request),
            "today": selectors.local_now().date(),
            "cities": selectors.cities(),
            "horizons": list(range(1, MAX_HORIZON + 1)),
            "values": request.POST,
            "day_value": request.POST.get("day", ""),
            "chosen": request.POST.getlist("cities"),
            "chosen_hosts": request.POST.getlist("hosts"),
            "error": message_of(exc),
            "error_field": exc.field,
        }
        return render(request, "air/forecast/list.html", context, status=status_of(exc))
    return redirect("air:consultation", consultation_id=opened.pk)


def _own_member(request: HttpRequest) -> str | None:
    principal = principal_of(request.user)
    if principal.role is not Role.MEMBER_EDITOR:
        return None
    return principal.division_code


def _prefill(
    horizon: int, existing: dict[int, CityForecast], fallback: dict[int, CityForecast]
) -> list[dict[str, Any]]:
    rows = []
    for lead in range(1, horizon + 1):
        f = existing.get(lead) or fallback.get(lead)
        rows.append(
            {
                "lead": lead,
                "aqi_low": f.aqi_low if f else "",
                "aqi_high": f.aqi_high if f else "",
                "primary": f.primary if f else "",
                "reasoning": existing[lead].reasoning if lead in existing else "",
            }
        )
    return rows


def _posted(request: HttpRequest, horizon: int) -> list[dict[str, Any]]:
    """The rows of a posted forecast form (a day left blank is left out)."""
    rows = []
    for lead in range(1, horizon + 1):
        low = request.POST.get(f"aqi_low_{lead}", "").strip()
        high = request.POST.get(f"aqi_high_{lead}", "").strip()
        if not low and not high:
            continue
        rows.append(
            {
                "lead": lead,
                "aqi_low": low,
                "aqi_high": high,
                "primary": request.POST.get(f"primary_{lead}", ""),
                "reasoning": request.POST.get(f"reasoning_{lead}", ""),
            }
        )
    return rows


def _detail(
    request: HttpRequest,
    consultation: Consultation,
    *,
    error: DeltacapError | None = None,
    error_city: str = "",
) -> HttpResponse:
    forecasts = reads.forecasts(request.user, consultation)
    by_city: dict[str, list[CityForecast]] = defaultdict(list)
    for f in forecasts:
        by_city[f.city_id].append(f)
    member = _own_member(request)
    is_open = consultation.status == ConsultationStatus.OPEN
    can_consensus = is_open and can(request.user, Action.RECORD_CONSENSUS, consultation)
    can_submit = (
        is_open
        and member is not None
        and can(request.user, Action.SUBMIT_FORECAST, forecast_resource(member))
    )
    hosts = {d.code for d in consultation.hosts.all()}
    days = [consultation.day + timedelta(days=n) for n in range(consultation.horizon)]
    cities = []
    for city in consultation.cities.order_by("code"):
        rows = by_city.get(city.code, [])
        members = sorted({f.member_code for f in rows if f.source == Source.MEMBER})
        columns: list[tuple[str, str]] = [
            (Source.PERSISTENCE.value, ""),
            (Source.REGRESSION.value, ""),
            *[(Source.MEMBER.value, m) for m in members],
            (Source.CONSENSUS.value, ""),
        ]
        index = {(f.source, f.member_code, f.lead): f for f in rows}
        if not reads.reads_all(request.user):
            columns = [(Source.CONSENSUS.value, "")]
        headings = [
            division_name(m) if source == Source.MEMBER else str(SOURCE_WORDS[source])
            for source, m in columns
        ]
        table = [
            {
                "day": day,
                "lead": lead,
                "cells": [_cell(index.get((s, m, lead))) for s, m in columns],
            }
            for lead, day in enumerate(days, start=1)
        ]
        regression = {f.lead: f for f in rows if f.source == Source.REGRESSION}
        if not regression:
            regression = {f.lead: f for f in rows if f.source == Source.PERSISTENCE}
        entry: dict[str, Any] = {
            "city": city,
            "host": city.code in hosts,
            "headings": headings,
            "table": table,
        }
        if can_submit and (city.member_code == member or city.code in hosts):
            own = {f.lead: f for f in rows if f.source == Source.MEMBER and f.member_code == member}
            entry["member_form"] = _prefill(consultation.horizon, own, regression)
        if can_consensus:
            agreed = {f.lead: f for f in rows if f.source == Source.CONSENSUS}
            entry["consensus_form"] = _prefill(
                consultation.horizon, agreed, _members_mean(rows) or regression
            )
        cities.append(entry)
    context = {
        **_context_base(request),
        "consultation": consultation,
        "cities": cities,
        "pollutants": [(code, POLLUTANT_WORDS[code]) for code in POLLUTANTS],
        "member_name": division_name(member) if member and can_submit else "",
        "can_publish": can_consensus
        and can(request.user, Action.PUBLISH_CONSULTATION, consultation),
        "error": message_of(error) if error else "",
        "error_city": error_city,
    }
    return render(
        request, "air/forecast/detail.html", context, status=status_of(error) if error else 200
    )


def _members_mean(rows: list[CityForecast]) -> dict[int, CityForecast]:
    """The members' forecasts averaged per day (the consensus form's first proposal)."""
    grouped: dict[int, list[CityForecast]] = defaultdict(list)
    for f in rows:
        if f.source == Source.MEMBER:
            grouped[f.lead].append(f)
    found = {}
    for lead, group in grouped.items():
        primaries = [f.primary for f in group if f.primary]
        found[lead] = CityForecast(
            lead=lead,
            aqi_low=round(sum(f.aqi_low for f in group) / len(group)),
            aqi_high=round(sum(f.aqi_high for f in group) / len(group)),
            primary=max(set(primaries), key=primaries.count) if primaries else "",
        )
    return found


@require_safe
def consultation_detail(request: HttpRequest, consultation_id: int) -> HttpResponse:
    try:
        consultation = reads.visible(request.user, consultation_id)
    except DeltacapError as exc:
        return _error(request, exc)
    return _detail(request, consultation)


def _write(request: HttpRequest, consultation_id: int, source: str) -> HttpResponse:
    city = request.POST.get("city", "")
    try:
        consultation = reads.get_consultation(consultation_id)
        rows = _posted(request, consultation.horizon)
        if source == Source.CONSENSUS:
            services.record_consensus(
                by=request.user,
                channel="page",
                consultation_id=consultation.pk,
                city=city,
                forecasts=rows,
            )
        else:
            services.submit_forecasts(
                by=request.user,
                channel="page",
                consultation_id=consultation.pk,
                city=city,
                forecasts=rows,
            )
    except DeltacapError as exc:
        found = Consultation.objects.filter(pk=consultation_id).first()
        if found is None or not reads.reads_all(request.user):
            return _error(request, exc)
        return _detail(request, found, error=exc, error_city=city)
    url = reverse("air:consultation", kwargs={"consultation_id": consultation.pk})
    return redirect(f"{url}#city-{city}")


@login_required
@require_POST
def submit_forecasts(request: HttpRequest, consultation_id: int) -> HttpResponse:
    return _write(request, consultation_id, Source.MEMBER)


@login_required
@require_POST
def record_consensus(request: HttpRequest, consultation_id: int) -> HttpResponse:
    return _write(request, consultation_id, Source.CONSENSUS)


@login_required
@require_POST
def publish(request: HttpRequest, consultation_id: int) -> HttpResponse:
    try:
        services.publish(by=request.user, channel="page", consultation_id=consultation_id)
    except DeltacapError as exc:
        found = Consultation.objects.filter(pk=consultation_id).first()
        if found is None or not reads.reads_all(request.user):
            return _error(request, exc)
        return _detail(request, found, error=exc)
    return redirect("air:consultation", consultation_id=consultation_id)


# --- verification ---------------------------------------------------------------------------


def _score_row(name: str, s: Scores) -> dict[str, Any]:
    return {
        "name": name,
        "n": s.forecasts,
        "level": s.level_rate,
        "level_hits": s.level_hits,
        "primary": s.primary_rate,
        "primary_hits": s.primary_hits,
        "primary_days": s.primary_days,
        "inside": s.inside_rate,
        "mae": s.mean_abs_error,
        "bias": s.bias,
    }


def _source_rows(groups: dict[str, Scores]) -> list[dict[str, Any]]:
    return [_score_row(str(SOURCE_WORDS[k]), v) for k, v in groups.items()]


@require_safe
def consultation_verification(request: HttpRequest, consultation_id: int) -> HttpResponse:
    try:
        consultation = reads.visible(request.user, consultation_id)
    except DeltacapError as exc:
        return _error(request, exc)
    result = reads.verify_consultation(request.user, consultation)
    cities = list(consultation.cities.order_by("code"))
    chosen = request.GET.get("city", "")
    city = next((c for c in cities if c.code == chosen), cities[0] if cities else None)
    chart = reads.chart(result, city.code) if city else None
    if chart:
        chart["series"] = [
            {"name": _series_name(key), "data": data} for key, data in chart["series"].items()
        ]
        chart["labels"] = {
            "observed": _("Observed AQI"),
            "range": _("Consensus range"),
            "aqi": _("AQI"),
        }
    rows = [
        {
            **r,
            "source_words": _series_name(r["member"] or r["source"]),
            "observed_words": category(r["observed_level"]) if r["observed_level"] else "",
            "primary_words": _pollutant(r["primary"]),
            "observed_primary_words": _(", ").join(_pollutant(p) for p in r["observed_primary"])
            or "—",
        }
        for r in result.rows
        if city and r["city"] == city.code
    ]
    context = {
        **_context_base(request),
        "consultation": consultation,
        "by_source": _source_rows(result.by_source),
        "by_member": [_score_row(division_name(m), v) for m, v in result.by_member.items()],
        "pending": result.pending,
        "cities": cities,
        "city": city,
        "chart": chart,
        "rows": rows,
    }
    return render(request, "air/forecast/verification.html", context)


def _series_name(key: str) -> str:
    if key in SOURCE_WORDS:
        return str(SOURCE_WORDS[key])
    return division_name(key)


@require_safe
def verification_over_time(request: HttpRequest) -> HttpResponse:
    result = reads.verify_all(request.user)
    months = [
        {"month": month, "rows": _source_rows(groups)} for month, groups in result.by_month.items()
    ]
    leads = [
        {"lead": lead, "rows": _source_rows(groups)} for lead, groups in result.by_lead.items()
    ]
    context = {
        **_context_base(request),
        "by_source": _source_rows(result.by_source),
        "by_member": [_score_row(division_name(m), v) for m, v in result.by_member.items()],
        "months": months,
        "leads": leads,
        "pending": result.pending,
        "members": Division.objects.filter(level=Level.MEMBER),
    }
    return render(request, "air/forecast/over_time.html", context)
