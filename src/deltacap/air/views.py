"""Air-quality pages: the overview (map of stations by AQI category at their latest hour,
the cities' daily AQI of today and yesterday), the station list, a city's daily AQI over
30 days, and the imports of the national network's CSV files for editors."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from deltacap.accounts.permissions import can, principal_of
from deltacap.air import evaluation, selectors, services, store, track_selectors, warning_selectors
from deltacap.air.importing import MAX_IMPORT_BYTES
from deltacap.air.labels import COLOURS, category, item_name
from deltacap.air.models import StationKind
from deltacap.air.schemas import EvaluationRowOut, evaluation_rows
from deltacap.air.selectors import Rating
from deltacap.domain.access import Action, Kind, Role, region_resource
from deltacap.domain.air.evaluation import Unit
from deltacap.domain.errors import DeltacapError, InvalidInput, NotFound, gettext_noop
from deltacap.domain.input_rules import ascii_whole, file_too_large
from deltacap.inputs import FIRST_YEAR, LAST_YEAR
from deltacap.reference.labels import division_name, pollutant_name
from deltacap.reference.models import Division, Level
from deltacap.web.errors import message_of, status_of

CITY_DAYS = 30


def _error(request: HttpRequest, exc: DeltacapError) -> HttpResponse:
    return render(request, "web/error.html", {"message": message_of(exc)}, status=status_of(exc))


def _primary(rating: Rating) -> str:
    return _(", ").join(item_name(item) for item in rating.primary) or "—"


def _over_standard(rating: Rating) -> str:
    return _(", ").join(item_name(item) for item in rating.over_standard) or "—"


def _rated(rating: Rating | None) -> dict[str, Any]:
    if rating is None:
        return {
            "aqi": None, "category": "", "colour": "", "primary": "—", "over_standard": "—",
            "level": None,
        }  # fmt: skip
    return {
        "aqi": rating.aqi,
        "level": rating.level,
        "category": category(rating.level),
        "colour": rating.colour if rating.level else "",
        "primary": _primary(rating) if rating.aqi is not None else "—",
        "over_standard": _over_standard(rating),
        "standard": rating.standard,
    }


def _can_import(request: HttpRequest) -> dict[str, bool]:
    area = services.own_area(request.user)
    return {
        "can_import_stations": can(request.user, Action.IMPORT_AIR_STATIONS, area),
        "can_import_observations": can(request.user, Action.IMPORT_AIR_OBSERVATIONS, area),
    }


@require_safe
def overview(request: HttpRequest) -> HttpResponse:
    today = selectors.local_now().date()
    yesterday = today - timedelta(days=1)
    daily = selectors.city_daily(yesterday, today)
    by_city: dict[tuple[str, date], Rating] = {(r["city"], r["date"]): r["rating"] for r in daily}
    rows = [
        {
            "city": city,
            "member": city.member_code,
            "today": _rated(by_city.get((city.code, today))),
            "yesterday": _rated(by_city.get((city.code, yesterday))),
        }
        for city in selectors.cities()
    ]
    latest = selectors.latest_station_aqi()
    points = [
        {
            "name": f"{row['station'].name} · {division_name(row['station'].city_id)}",
            "value": [row["station"].lon, row["station"].lat, row["rating"].aqi],
            "colour": row["rating"].colour,
            "category": category(row["rating"].level) or _("not published"),
        }
        for row in latest
    ]
    hour = max((row["time"] for row in latest), default=None)
    legend = [{"category": category(level), "colour": colour} for level, colour in _legend()]
    context = {
        "rows": rows,
        "today": today,
        "yesterday": yesterday,
        "hour": hour,
        "map": {"points": points, "aqi": _("AQI")},
        "legend": legend,
        "active_warnings": list(warning_selectors.visible_warnings(request.user, active=True)),
        # High-emission vehicles are linked from here for those who read them.
        "can_read_vehicles": can(request.user, Action.READ, region_resource(Kind.VEHICLE)),
        # Mobile monitoring (走航) likewise, for the officials.
        "can_read_tracks": track_selectors.may_read_tracks(request.user),
        # Hangzhou Bay petrochemicals, for the officials and the enterprises.
        "can_read_petrochem": can(request.user, Action.READ, region_resource(Kind.PETRO_CAMPAIGN))
        or principal_of(request.user).role is Role.ENTERPRISE,
        **_can_import(request),
    }
    return render(request, "air/overview.html", context)


def _legend() -> list[tuple[int, str]]:
    return sorted(COLOURS.items())


@require_safe
def station_list(request: HttpRequest) -> HttpResponse:
    member = request.GET.get("member", "")
    city = request.GET.get("city", "")
    kind = request.GET.get("kind", "")
    if kind not in ("", *StationKind.values):
        kind = ""
    stations = selectors.stations(member=member, city=city, kind=kind)
    latest = {row["station"].code: row for row in selectors.latest_station_aqi()}
    rows = [
        {
            "station": s,
            "kind": s.get_kind_display(),
            "time": latest[s.code]["time"] if s.code in latest else None,
            **_rated(latest[s.code]["rating"] if s.code in latest else None),
        }
        for s in stations
    ]
    context = {
        "rows": rows,
        "member": member,
        "city": city,
        "kind": kind,
        "members": Division.objects.filter(level=Level.MEMBER),
        "cities": selectors.cities(),
        "kinds": StationKind.choices,
        **_can_import(request),
    }
    return render(request, "air/stations.html", context)


@require_safe
def city_detail(request: HttpRequest, code: str) -> HttpResponse:
    city = Division.objects.filter(code=code, prefecture=True).first()
    if city is None:
        return _error(request, NotFound(gettext_noop("No city {code}."), field="code", code=code))
    today = selectors.local_now().date()
    start = today - timedelta(days=CITY_DAYS - 1)
    daily = selectors.city_daily(start, today, city=city.code)
    days = [
        {"date": r["date"], "stations": r["stations"], "rating": r["rating"], **_rated(r["rating"])}
        for r in daily
    ]
    chart = {
        "dates": [d["date"].isoformat() for d in days],
        "aqi": [{"value": d["aqi"], "colour": d["colour"] or None} for d in days],
        "label": _("AQI"),
    }
    context = {
        "city": city,
        "days": list(reversed(days)),
        "chart": chart,
        "start": start,
        "end": today,
        "stations": selectors.stations(city=city.code),
    }
    return render(request, "air/city.html", context)


COLUMNS = {
    "stations": [
        ("监测点编码", gettext_lazy("station code, such as 1141A")),
        ("监测点名称", gettext_lazy("station name")),
        ("城市", gettext_lazy("city")),
        ("经度", gettext_lazy("longitude, WGS-84 degrees")),
        ("纬度", gettext_lazy("latitude, WGS-84 degrees")),
        ("类型（国控、省控）", gettext_lazy("national or provincial control station")),
    ],
    "observations": [
        ("监测点编码", gettext_lazy("station code, such as 1141A")),
        ("时间", gettext_lazy("the hour in China time, such as 2026-03-01 08:00")),
        ("SO2, NO2, CO, O3, PM10, PM2.5", gettext_lazy("1-hour values")),
        (
            "SO2_24h, NO2_24h, CO_24h, PM10_24h, PM2.5_24h",
            gettext_lazy("24-hour moving means, where given"),
        ),
        ("O3_8h", gettext_lazy("ozone 8-hour moving mean, where given")),
    ],
}
IMPORTS: dict[str, tuple[Callable[..., services.ImportReport], Action]] = {
    "stations": (services.import_stations, Action.IMPORT_AIR_STATIONS),
    "observations": (services.import_observations, Action.IMPORT_AIR_OBSERVATIONS),
}


def _import_page(request: HttpRequest, kind: str) -> HttpResponse:
    run, action = IMPORTS[kind]
    context: dict[str, Any] = {
        "kind": kind,
        "limit_mb": MAX_IMPORT_BYTES // 1024 // 1024,
        "columns": COLUMNS[kind],
        **_can_import(request),
    }
    if request.method != "POST":
        return render(request, "air/import.html", context)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            # The access decision first: a refused importer learns nothing of the file.
            services.require_import(request.user, action)
            raise InvalidInput(gettext_noop("Choose a CSV file."), field="file")
        if (upload.size or 0) > MAX_IMPORT_BYTES:
            services.require_import(request.user, action)
            raise file_too_large(upload.size or 0, MAX_IMPORT_BYTES)
        report = run(
            by=request.user,
            channel="import",
            data=upload.read(),
            dry_run=request.POST.get("action") != "import",
        )
    except DeltacapError as exc:
        context["error"] = message_of(exc)
        return render(request, "air/import.html", context, status=status_of(exc))
    context["report"] = report.to_json()
    context["filename"] = upload.name
    return render(request, "air/import.html", context, status=422 if report.issues else 200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_stations(request: HttpRequest) -> HttpResponse:
    return _import_page(request, "stations")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_observations(request: HttpRequest) -> HttpResponse:
    return _import_page(request, "observations")


UNITS = {
    Unit.CITY: gettext_lazy("City"),
    Unit.MEMBER: gettext_lazy("Member"),
    Unit.REGION: gettext_lazy("Region"),
}
ATTAINMENT = {
    True: gettext_lazy("attains"),
    False: gettext_lazy("does not attain"),
    None: gettext_lazy("too few valid days"),
}


def _whole(
    request: HttpRequest, name: str, label: str, bounds: tuple[int, int], default: int | None
) -> Any:
    """The query's whole number ``name`` within ``bounds`` (``default`` when not given);
    InvalidInput naming the field otherwise."""
    text = request.GET.get(name, "").strip()
    if not text:
        return default
    value = ascii_whole(text)
    lower, upper = bounds
    if value is None or not lower <= value <= upper:
        raise InvalidInput(
            gettext_noop("{name}: enter a whole number from {lower} to {upper}."),
            field=name,
            name=label,
            lower=lower,
            upper=upper,
        )
    return value


def _evaluation_row(row: EvaluationRowOut) -> dict[str, Any]:
    valid = max(row.aqi_days, 1)
    return {
        "row": row,
        "attainment": ATTAINMENT[row.attains_all] if row.has_data else _("no data"),
        "failing": _(", ").join(pollutant_name(p) for p in row.failing),
        "good_percent": None if row.good_share is None else row.good_share * 100,
        "bars": [
            {
                "level": level,
                "days": days,
                "width": days * 100 / valid,
                "colour": COLOURS[level],
                "category": category(level),
            }
            for level, days in enumerate(row.days_by_level, start=1)
        ],
    }


@require_safe
def evaluation_page(request: HttpRequest) -> HttpResponse:
    newest = selectors.latest_date(store.root())
    this_year = (newest or selectors.local_now().date()).year
    try:
        year = _whole(request, "year", _("Year"), (FIRST_YEAR, LAST_YEAR), this_year)
        month = _whole(request, "month", _("Month"), (1, 12), None)
    except InvalidInput as exc:
        return _error(request, exc)
    by = request.GET.get("by", Unit.CITY.value)
    unit = Unit(by) if by in Unit.__members__.values() else Unit.CITY
    result = evaluation.kept(year, month, unit)
    rows = [_evaluation_row(row) for row in evaluation_rows(result)]
    context = {
        "result": result,
        "rows": rows,
        "year": year,
        "month": month,
        "unit": unit.value,
        "unit_heading": UNITS[unit],
        "units": [(u.value, label) for u, label in UNITS.items()],
        "years": list(range(this_year, this_year - 6, -1)),
        "months": [(number, MONTHS[number]) for number in range(1, 13)],
        "limits": _(result.limits.value),
        "hj633": [(s.value, start, end) for s, start, end in result.hj633],
        "legend": [{"category": category(level), "colour": colour} for level, colour in _legend()],
    }
    return render(request, "air/evaluation.html", context)
