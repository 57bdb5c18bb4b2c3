"""Pages of the bay's fence-line VOCs stations and of the ozone cooperation, linked from
the bay's overview: the stations with their daily NMHC, the week's exceedances and the
register form; a station's hours of a day against the limits; the import of hourly
readings (checked first, then imported); O3 beside the bay's VOCs per day of the ozone
season. Every write goes through ``petrochem.stations`` or ``petrochem.fence_import``."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from deltacap.accounts.permissions import can
from deltacap.domain.access import Action
from deltacap.domain.errors import DeltacapError
from deltacap.petrochem import (
    config,
    fence_figures,
    fence_import,
    fence_store,
    labels,
    ozone,
    schemas,
    selectors,
    stations,
)
from deltacap.petrochem.models import BayEnterprise, FenceStation, scope_resource, station_resource
from deltacap.reference.models import Division
from deltacap.water.services import MAX_IMPORT_BYTES
from deltacap.web.errors import message_of, status_of

TEMPLATE = "petrochem/{}.html"
WEEK = 7


def _error(request: HttpRequest, exc: DeltacapError) -> HttpResponse:
    return render(request, "web/error.html", {"message": message_of(exc)}, status=status_of(exc))


def _base(request: HttpRequest) -> dict[str, Any]:
    return {
        "official": selectors.is_official(request.user),
        "may_set_scope": can(request.user, Action.SET_PETRO_SCOPE, scope_resource()),
        "today": timezone.localdate(),
    }


def _day(raw: str | None, default: date) -> date:
    try:
        return date.fromisoformat(raw or "")
    except ValueError:
        return default


def factor_word(code: str) -> str:
    return labels.word(labels.FACTORS, code)


def _register_cities(request: HttpRequest) -> list[Division]:
    """The bay's cities in which the one looking may register a station."""
    found = Division.objects.filter(code__in=selectors.bay_cities()).order_by("code")
    return [c for c in found if can(request.user, Action.EDIT_PETRO_STATION, station_resource(c))]


def _may_import(request: HttpRequest) -> list[FenceStation]:
    return [s for s in FenceStation.objects.select_related("city", "enterprise")
            if can(request.user, Action.IMPORT_PETRO_READINGS, s)]  # fmt: skip


def _stations_context(request: HttpRequest) -> dict[str, Any]:
    found = list(fence_figures.stations(request.user))
    last = fence_store.last_day(fence_store.root(), [s.code for s in found])
    end = last or timezone.localdate()
    start = end - timedelta(days=WEEK - 1)
    dates = [(start + timedelta(days=n)).isoformat() for n in range(WEEK)]
    rows = []
    for d in fence_figures.station_days(found, start, end):
        row = fence_figures.days_out(d) | {"factor_name": factor_word(d.factor)}
        by_day = {x["day"]: x for x in row["days"]}
        row["cells"] = [by_day.get(day) for day in dates]
        rows.append(row)
    names = {s.code: s for s in found}
    over = [fence_figures.exceedance_out(e, names) | {"factor_name": factor_word(e.factor)}
            for e in fence_figures.period_exceedances(request.user, start, end)]  # fmt: skip
    cities = _register_cities(request)
    return {
        **_base(request),
        "stations": [_station_words(schemas.station_out(s)) for s in found],
        "rows": rows,
        "dates": dates,
        "exceedances": over,
        "cities": cities,
        "factors": [(code, factor_word(code)) for code in config.fence().factors],
        "bay_enterprises": list(
            BayEnterprise.objects.select_related("enterprise__division").filter(
                enterprise__member_code__in={c.member_code for c in cities}
            )
        ),
        "may_import": bool(_may_import(request)),
        "fence": config.fence(),
        "values": {},
    }


def _station_words(row: dict[str, Any]) -> dict[str, Any]:
    for f in row["factors"]:
        f["name"] = factor_word(f["code"])
    return row


@login_required
@require_safe
def stations_page(request: HttpRequest) -> HttpResponse:
    return render(request, TEMPLATE.format("stations"), _stations_context(request))


@login_required
@require_POST
def save_station(request: HttpRequest) -> HttpResponse:
    raw = request.POST.get("bay_enterprise", "")
    try:
        s = stations.save_station(
            by=request.user, channel="page", code=request.POST.get("station_code", ""),
            name=request.POST.get("name", ""), city=request.POST.get("city", ""),
            lon=request.POST.get("lon", ""), lat=request.POST.get("lat", ""),
            factors=request.POST.getlist("factors"),
            enterprise_id=int(raw) if raw.isdigit() else None,
            park=request.POST.get("park", ""),
        )  # fmt: skip
    except DeltacapError as exc:
        context = _stations_context(request)
        context.update(error=message_of(exc), error_field=exc.field, values=request.POST)
        return render(request, TEMPLATE.format("stations"), context, status=status_of(exc))
    messages.success(request, _("The fence-line station is saved."))
    return redirect("petrochem:station", petro_station_id=s.pk)


def _chart(series: list[tuple[str, list[dict[str, Any]], str]], limit: Any) -> dict[str, Any]:
    """An hours chart's data: a line per series (name, hours, value key), the limit."""
    return {
        "series": [{"name": name, "points": [[h["hour"][11:16], float(h[key])] for h in hours]}
                   for name, hours, key in series],
        "limit": None if limit is None else float(limit["value"]),
        "limit_name": _("limit"),
        "unit": "mg/m³",
    }  # fmt: skip


@login_required
@require_safe
def station_page(request: HttpRequest, petro_station_id: int) -> HttpResponse:
    try:
        s = fence_figures.station(request.user, petro_station_id)
    except DeltacapError as exc:
        return _error(request, exc)
    last = fence_store.last_day(fence_store.root(), [s.code]) or timezone.localdate()
    day = _day(request.GET.get("day"), last)
    hours = fence_figures.station_hours(s, day)
    for n, f in enumerate(hours["factors"], start=1):
        f["name"] = factor_word(f["factor"])
        f["chart"] = _chart([(f["name"], f["hours"], "value")], f["limit"])
        f["chart_id"] = f"hours-{n}"
    found = fence_figures.station_days([s], day - timedelta(days=WEEK - 1), day)
    context = {
        **_base(request),
        "s": _station_words(schemas.station_out(s)),
        "day": day,
        "hours": hours,
        "days": [
            fence_figures.days_out(d) | {"factor_name": factor_word(d.factor)} for d in found
        ],  # fmt: skip
        "may_edit": can(request.user, Action.EDIT_PETRO_STATION, s),
    }
    return render(request, TEMPLATE.format("station"), context)


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    """GET: the upload form. POST: check the file (``action=check``) or import it."""
    context: dict[str, Any] = {
        **_base(request),
        "limit_mb": MAX_IMPORT_BYTES // 2**20,
        "stations": _may_import(request),
        "factors": [(code, factor_word(code)) for code in config.fence().factors],
    }
    if request.method == "GET":
        return render(request, TEMPLATE.format("import"), context)
    upload = request.FILES.get("file")
    if upload is None:
        context["error"] = _("Choose a file.")
        return render(request, TEMPLATE.format("import"), context, status=422)
    try:
        report = fence_import.import_readings(
            by=request.user, channel="page", data=upload.read(MAX_IMPORT_BYTES + 1),
            dry_run=request.POST.get("action") != "import",
        )  # fmt: skip
    except DeltacapError as exc:
        context["error"] = message_of(exc)
        return render(request, TEMPLATE.format("import"), context, status=status_of(exc))
    context.update(report=report, filename=upload.name)
    status = 422 if report.errors else 200
    return render(request, TEMPLATE.format("import"), context, status=status)


def _season_year(request: HttpRequest) -> int:
    """The year asked for, else the latest whose ozone season has readings."""
    raw = request.GET.get("year")
    if raw and raw.isdigit() and 1990 <= int(raw) <= timezone.localdate().year:
        return int(raw)
    return ozone.default_year(request.user)


def _years(shown: int) -> list[int]:
    """The last five years to choose from, and the one shown if it is older."""
    this = timezone.localdate().year
    return sorted({*range(this, this - 5, -1), shown}, reverse=True)


@login_required
@require_safe
def ozone_page(request: HttpRequest) -> HttpResponse:
    """O3 of the bay's cities beside the bay's VOCs, per day of the ozone season."""
    year = _season_year(request)
    found = ozone.season_out(ozone.ozone_season(request.user, year))
    chart = {
        "days": [d["day"] for d in found["days"]],
        "o3": [d["bay_o3_8h"] for d in found["days"]],
        "fence": [d["fence_nmhc_mean"] for d in found["days"]],
        "outlets": [d["outlet_nmhc_kg"] for d in found["days"]],
        "names": {
            "o3": _("O3 daily max 8-h mean of the bay's cities (µg/m³)"),
            "fence": _("Fence-line NMHC, daily mean (mg/m³)"),
            "outlets": _("Outlets' NMHC emission (kg)"),
        },  # fmt: skip
    }
    context = {
        **_base(request),
        "o": found,
        "rows": [
            d | {"city_values": [d["o3_8h"].get(c) for c in found["cities"]]} for d in found["days"]
        ],  # fmt: skip
        "chart": chart,
        "year": year,
        "years": _years(year),
        "has_o3": any(d["bay_o3_8h"] is not None for d in found["days"]),
    }
    return render(request, TEMPLATE.format("ozone"), context)
