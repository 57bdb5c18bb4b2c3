"""Ozone cooperation of the bay (臭氧协同): per day of a year's ozone season, each bay
city's O3 as the air-quality app computes it (the city's daily maximum 8-hour mean,
``air.selectors.city_daily``, µg/m³) beside the bay's VOCs: the daily NMHC emission (kg)
and mean hourly concentration of the bay enterprises' HJ 212 outlets, and the mean and
highest hourly NMHC of the fence-line stations with their hours above the limit. The VOCs
are what the reader may read (every official: all; an enterprise: its own). The year shown
when none is asked for is the latest whose season has readings (``default_year``)."""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from django.utils import timezone

from deltacap.accounts.permissions import Actor
from deltacap.air import selectors as air
from deltacap.air import store as air_store
from deltacap.air.models import Station
from deltacap.domain.petrochem.monitoring import NMHC
from deltacap.domain.petrochem.ozone import OzoneDay, VocsDay, correlation, days, pair, season
from deltacap.monitoring import figures as monitoring_figures
from deltacap.monitoring import store
from deltacap.monitoring.models import Outlet
from deltacap.petrochem import config, fence_figures, fence_store, selectors

FENCE_FACTOR = "NMHC"


def o3_by_day(start: date, end: date, cities: list[str], root: Path | None = None
              ) -> dict[date, dict[str, float | None]]:  # fmt: skip
    """Each city's daily maximum 8-hour O3 mean as the air app computes it."""
    found: dict[date, dict[str, float | None]] = defaultdict(dict)
    for row in air.city_daily(start, end, root=root):
        if row["city"] in cities:
            found[row["date"]][row["city"]] = row["rating"].values.get("O3_8h")
    return found


def _outlets(actor: Actor | None, start: date, end: date, root: Path
             ) -> dict[date, tuple[float | None, float | None]]:  # fmt: skip
    """Per day: the bay outlets' NMHC emission (kg, summed) and mean hourly concentration."""
    ids = [b.enterprise_id for b in selectors.bay_enterprises(actor)]
    outlets = list(Outlet.objects.filter(enterprise_id__in=ids).values_list("pk", flat=True))
    if not outlets or not store.has_files(root, "hourly"):
        return {}
    kg: dict[date, float] = defaultdict(float)
    for row in monitoring_figures.daily(root, outlets, start, end):
        if row["factor"] == NMHC and row["emission_kg"] is not None:
            kg[row["date"]] += float(row["emission_kg"])
    means: dict[date, list[float]] = defaultdict(list)
    for outlet in outlets:
        for row in monitoring_figures.hourly(root, outlet, start, end):
            if row["factor"] == NMHC and row["mean_concentration"] is not None:
                means[row["hour"].date()].append(float(row["mean_concentration"]))
    return {d: (kg.get(d), statistics.fmean(means[d]) if means.get(d) else None)
            for d in set(kg) | set(means)}  # fmt: skip


def _fence(actor: Actor | None, start: date, end: date, root: Path
           ) -> dict[date, tuple[float, float, int]]:  # fmt: skip
    """Per day: the fence-line stations' mean and highest hourly NMHC, hours above."""
    codes = list(fence_figures.stations(actor).values_list("code", flat=True))
    limit = config.fence().factors[FENCE_FACTOR].limit
    values: dict[date, list[float]] = defaultdict(list)
    for _code, time, factor, value, _s in fence_store.hours(root, codes, start, end):
        if factor == FENCE_FACTOR:
            values[time.date()].append(value)
    return {d: (statistics.fmean(v), max(v),
                sum(1 for x in v if limit is not None and x > float(limit)))
            for d, v in values.items()}  # fmt: skip


def _last_season_day(
    connection: Any, table: str, stations: list[str], months: tuple[int, int], today: date
) -> date | None:
    """The newest date up to ``today``, in the season's months of any year, with a reading
    of one of ``stations`` (the date partitions of the store's ``table``)."""
    try:
        row = connection.execute(
            f'SELECT max(date) FROM "{table}" WHERE date <= ? '
            "AND month(date) BETWEEN ? AND ? AND list_contains(?, station)",
            [today, months[0], months[1], stations],
        ).fetchone()
    finally:
        connection.close()
    return None if row is None else row[0]


def default_year(actor: Actor | None, *, root: Path | None = None,
                 today: date | None = None) -> int:  # fmt: skip
    """The year the page, the API and the command line show when none is asked for: the
    latest up to today's whose ozone season has readings (the bay cities' air-quality
    hours or the fence-line hours of the stations ``actor`` reads); today's year when none
    has."""
    day = today or timezone.localdate()
    months = config.fence().season_months
    base = root or store.store_root()
    found = []
    cities = selectors.bay_cities()
    air_codes = list(Station.objects.filter(city_id__in=cities).values_list("code", flat=True))
    if air_codes and air_store.has_files(base):
        found.append(_last_season_day(air_store.connect(base), air_store.TABLE, air_codes,
                                      months, day))  # fmt: skip
    fence_codes = list(fence_figures.stations(actor).values_list("code", flat=True))
    if fence_codes and fence_store.has_files(base):
        found.append(_last_season_day(fence_store.connect(base), fence_store.TABLE, fence_codes,
                                      months, day))  # fmt: skip
    days = [d for d in found if d is not None]
    return max(days).year if days else day.year


def ozone_season(
    actor: Actor | None, year: int, *, root: Path | None = None, today: date | None = None
) -> dict[str, Any]:
    """The year's ozone-season days, each with the bay cities' O3 and the bay's VOCs."""
    start, end = season(year, config.fence().season_months, today or timezone.localdate())
    cities = selectors.bay_cities()
    base = root or store.store_root()
    span = days(start, end) if start <= end else []
    outlets = _outlets(actor, start, end, base)
    fence = _fence(actor, start, end, base)
    vocs = {}
    for d in span:
        kg, mean = outlets.get(d, (None, None))
        f_mean, f_high, above = fence.get(d, (None, None, 0))
        vocs[d] = VocsDay(kg, mean, f_mean, f_high, above)
    rows = pair(span, o3_by_day(start, end, cities, base), cities, vocs)
    return {"year": year, "start": start, "end": end, "cities": cities, "rows": rows,
            "r_fence": correlation(rows, "fence_mean"),
            "r_outlets": correlation(rows, "outlet_kg")}  # fmt: skip


def _round(value: float | None, places: int) -> float | None:
    return None if value is None else round(value, places)


def row_out(r: OzoneDay) -> dict[str, Any]:
    v = r.vocs
    return {
        "day": r.day.isoformat(),
        "o3_8h": {city: _round(x, 1) for city, x in r.o3_8h.items()},
        "bay_o3_8h": _round(r.bay_o3_8h, 1),
        "outlet_nmhc_kg": _round(v.outlet_kg, 3),
        "outlet_nmhc_mean": _round(v.outlet_mean, 3),
        "fence_nmhc_mean": _round(v.fence_mean, 3),
        "fence_nmhc_highest": _round(v.fence_highest, 3),
        "fence_hours_above": v.fence_hours_above,
    }


def season_out(found: dict[str, Any]) -> dict[str, Any]:
    """The season as the API, the command line and the page's chart give it."""
    months = config.fence().season_months
    return {
        "year": found["year"],
        "start": found["start"].isoformat(),
        "end": found["end"].isoformat(),
        "season_months": list(months),
        "season_verified": False,
        "cities": found["cities"],
        "units": {"o3_8h": "µg/m³", "outlet_nmhc_kg": "kg", "nmhc": "mg/m³"},
        "correlation": {
            "fence_nmhc_mean": _round(found["r_fence"], 3),
            "outlet_nmhc_kg": _round(found["r_outlets"], 3),
        },  # fmt: skip
        "days": [row_out(r) for r in found["rows"]],
    }
