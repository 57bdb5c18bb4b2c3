"""Reads of the joint forecast consultation: the sessions a reader may see, their forecasts
(the members' to the officials; a published session's consensus to everyone), the
platform's baseline from the stored city daily AQI, and the verification of forecasts
against the observed daily AQI (``deltacap.domain.air.forecast``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
from django.db.models import QuerySet

from deltacap.accounts.permissions import Actor, can
from deltacap.air import selectors
from deltacap.air.forecast_models import (
    CityForecast,
    Consultation,
    ConsultationStatus,
    Source,
    forecast_resource,
)
from deltacap.domain.access import Action
from deltacap.domain.air.forecast import (
    SETTINGS,
    Baseline,
    Checked,
    Scores,
    baseline,
    check,
    pollutant_of,
    scores,
)
from deltacap.domain.errors import NotFound, gettext_noop


def get_consultation(consultation_id: int) -> Consultation:
    found = Consultation.objects.filter(pk=consultation_id).first()
    if found is None:
        raise NotFound(
            gettext_noop("No consultation {id}."), field="consultation_id", id=consultation_id
        )
    return found


def reads_all(by: Actor | None) -> bool:
    """Whether the reader sees every session and the members' forecasts (the officials)."""
    return can(by, Action.READ, forecast_resource(None))


def consultations(by: Actor | None) -> QuerySet[Consultation]:
    """The sessions the reader may see: all for the officials, the published ones else."""
    rows = Consultation.objects.prefetch_related("cities", "hosts")
    if not reads_all(by):
        rows = rows.filter(status=ConsultationStatus.PUBLISHED)
    return rows.order_by("-day", "-pk")


def visible(by: Actor | None, consultation_id: int) -> Consultation:
    """The session, if the reader may see it (NotFound otherwise: nothing is told)."""
    consultation = get_consultation(consultation_id)
    if not reads_all(by) and not consultation.published:
        raise NotFound(
            gettext_noop("No consultation {id}."), field="consultation_id", id=consultation_id
        )
    return consultation


def forecasts(by: Actor | None, consultation: Consultation) -> list[CityForecast]:
    """The session's forecasts the reader may see: every source for the officials; the
    consensus of a published session for everyone else."""
    rows = consultation.forecasts.select_related("city").order_by(
        "city_id", "lead", "source", "member_code"
    )
    if not reads_all(by):
        if not consultation.published:
            return []
        rows = rows.filter(source=Source.CONSENSUS)
    return list(rows)


# --- the baseline ---------------------------------------------------------------------------


def _first_primary(rating: selectors.Rating) -> str:
    return pollutant_of(rating.primary[0]) if rating.primary and rating.aqi else ""


def baselines(cities: list[str], issued: date, horizon: int) -> dict[str, list[Baseline]]:
    """The baseline (persistence, regression) of each city from its daily AQI observed in
    the window before ``issued``."""
    start = issued - timedelta(days=SETTINGS.window)
    daily = selectors.city_daily(start, issued - timedelta(days=1))
    by_city: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in daily:
        by_city[row["city"]].append(row)
    found = {}
    for code in cities:
        rows = [r for r in by_city.get(code, []) if r["rating"].aqi is not None]
        found[code] = baseline(
            [r["date"] for r in rows],
            [float(r["rating"].aqi) for r in rows],
            [_first_primary(r["rating"]) for r in rows],
            issued,
            horizon,
        )
    return found


# --- verification ---------------------------------------------------------------------------


@dataclass
class Verification:
    """The verification of a set of forecasts: each forecast with its observation, and the
    scores by source, by member, by days ahead and by month."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    by_source: dict[str, Scores] = field(default_factory=dict)
    by_member: dict[str, Scores] = field(default_factory=dict)
    by_lead: dict[int, dict[str, Scores]] = field(default_factory=dict)
    by_month: dict[str, dict[str, Scores]] = field(default_factory=dict)
    observed_days: int = 0
    pending: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "by_source": {k: v.to_json() for k, v in self.by_source.items()},
            "by_member": {k: v.to_json() for k, v in self.by_member.items()},
            "by_lead": {
                str(lead): {k: v.to_json() for k, v in groups.items()}
                for lead, groups in self.by_lead.items()
            },
            "by_month": {
                month: {k: v.to_json() for k, v in groups.items()}
                for month, groups in self.by_month.items()
            },
            "pending": self.pending,
            "forecasts": [
                {
                    key: (value.isoformat() if isinstance(value, date) else value)
                    for key, value in row.items()
                }
                for row in self.rows
            ],
        }


SOURCE_ORDER = [s.value for s in Source]


def observed(cities: set[str], start: date, end: date) -> dict[tuple[str, date], Any]:
    """(city, day) → the city's daily rating on days that have passed (China time)."""
    today = selectors.local_now().date()
    end = min(end, today - timedelta(days=1))
    if end < start or not cities:
        return {}
    return {
        (r["city"], r["date"]): r["rating"]
        for r in selectors.city_daily(start, end)
        if r["city"] in cities and r["rating"].aqi is not None
    }


def verify(rows: list[CityForecast]) -> Verification:
    """Every forecast of ``rows`` against the observed daily AQI of its city and day."""
    result = Verification()
    if not rows:
        return result
    seen = observed({r.city_id for r in rows}, min(r.day for r in rows), max(r.day for r in rows))
    ratings = [seen.get((r.city_id, r.day)) for r in rows]
    checked = check(
        np.array([r.aqi_low for r in rows], dtype=float),
        np.array([r.aqi_high for r in rows], dtype=float),
        [r.primary for r in rows],
        np.array([np.nan if g is None else float(g.aqi) for g in ratings]),
        [[] if g is None else list(g.primary) for g in ratings],
    )
    result.observed_days = len(seen)
    result.pending = int(np.isnan(checked.observed).sum())
    sources = np.array([r.source for r in rows])
    members = np.array([r.member_code for r in rows])
    leads = np.array([r.lead for r in rows])
    months = np.array([r.day.strftime("%Y-%m") for r in rows])
    for source in SOURCE_ORDER:
        mask = sources == source
        if mask.any():
            result.by_source[source] = scores(checked, mask)
    for member in sorted(set(members[sources == Source.MEMBER])):
        result.by_member[member] = scores(checked, (sources == Source.MEMBER) & (members == member))
    for lead in sorted(set(leads.tolist())):
        result.by_lead[lead] = _by_source(checked, sources, leads == lead)
    for month in sorted(set(months.tolist())):
        result.by_month[month] = _by_source(checked, sources, months == month)
    result.rows = [
        _row(r, g, checked, i) for i, (r, g) in enumerate(zip(rows, ratings, strict=True))
    ]
    return result


def _by_source(checked: Checked, sources: np.ndarray, mask: np.ndarray) -> dict[str, Scores]:
    return {
        source: scores(checked, mask & (sources == source))
        for source in SOURCE_ORDER
        if (mask & (sources == source)).any()
    }


def _row(r: CityForecast, rating: Any, checked: Checked, i: int) -> dict[str, Any]:
    known = not np.isnan(checked.observed[i])
    primary_hit = checked.primary_hit[i]
    return {
        "consultation": r.consultation_id,
        "source": r.source,
        "member": r.member_code,
        "city": r.city_id,
        "day": r.day,
        "lead": r.lead,
        "aqi_low": r.aqi_low,
        "aqi_high": r.aqi_high,
        "level_low": r.level_low,
        "level_high": r.level_high,
        "primary": r.primary,
        "observed_aqi": int(checked.observed[i]) if known else None,
        "observed_level": int(checked.observed_level[i]) if known else None,
        "observed_primary": [pollutant_of(p) for p in rating.primary] if rating else [],
        "level_hit": bool(checked.level_hit[i]) if known else None,
        "primary_hit": None if np.isnan(primary_hit) else bool(primary_hit),
        "inside_range": bool(checked.inside[i]) if known else None,
        "error": round(float(checked.error[i]), 1) if known else None,
    }


def verify_consultation(by: Actor | None, consultation: Consultation) -> Verification:
    return verify(forecasts(by, consultation))


def verify_all(by: Actor | None) -> Verification:
    """Every forecast of every session the reader sees, verified (over time)."""
    rows: list[CityForecast] = []
    for consultation in consultations(by):
        rows.extend(forecasts(by, consultation))
    return verify(rows)


def chart(verification: Verification, city: str) -> dict[str, Any]:
    """Forecast against observed for one city: the observed AQI, the consensus range and
    each other source's midpoint, by day."""
    rows = [r for r in verification.rows if r["city"] == city]
    days = sorted({r["day"] for r in rows})
    index = {d: i for i, d in enumerate(days)}
    observed_aqi: list[int | None] = [None] * len(days)
    series: dict[str, list[float | None]] = {}
    low: list[int | None] = [None] * len(days)
    high: list[int | None] = [None] * len(days)
    for r in rows:
        i = index[r["day"]]
        observed_aqi[i] = r["observed_aqi"]
        key = r["member"] if r["source"] == Source.MEMBER else r["source"]
        series.setdefault(key, [None] * len(days))[i] = (r["aqi_low"] + r["aqi_high"]) / 2
        if r["source"] == Source.CONSENSUS:
            low[i], high[i] = r["aqi_low"], r["aqi_high"]
    return {
        "dates": [d.isoformat() for d in days],
        "observed": observed_aqi,
        "low": low,
        "high": high,
        "series": series,
    }


# --- shapes for the API and the command line -------------------------------------------------


def consultation_json(c: Consultation) -> dict[str, Any]:
    return {
        "id": c.pk,
        "day": c.day.isoformat(),
        "horizon": c.horizon,
        "title": c.title,
        "status": c.status,
        "status_words": str(c.get_status_display()),
        "published_at": c.published_at.isoformat() if c.published_at else None,
        "cities": [d.code for d in c.cities.all()],
        "hosts": [d.code for d in c.hosts.all()],
        "synthetic": c.synthetic,
    }


def forecast_json(f: CityForecast) -> dict[str, Any]:
    return {
        "source": f.source,
        "member": f.member_code or None,
        "city": f.city_id,
        "day": f.day.isoformat(),
        "lead": f.lead,
        "aqi_low": f.aqi_low,
        "aqi_high": f.aqi_high,
        "level_low": f.level_low,
        "level_high": f.level_high,
        "primary": f.primary,
        "reasoning": f.reasoning,
    }
