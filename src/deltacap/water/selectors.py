"""Reads of water quality: sections, and each section's monthly classes by GB 3838-2002
(monthly means of the samples, classed over columns), and each water body's year.

Everyone reads the region's water data (sections are published), the public included;
the eco-compensation settlements by their read rule (settled ones are public).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db.models import Q

from deltacap.domain.access import Action, Principal, allowed
from deltacap.domain.water.classify import (
    CLASS_NAMES,
    GRADE_CODES,
    GRADES,
    attains,
    classify,
)
from deltacap.domain.water.gb3838 import WaterType
from deltacap.domain.water.tli import GRADE_CODES as TROPHIC_CODES
from deltacap.domain.water.tli import grade_index, tli
from deltacap.domain.water.trend import Trend, seasonal_kendall
from deltacap.water.config import gb3838_table
from deltacap.water.models import Sample, Section, Settlement, WaterBody
from deltacap.water.models_outfalls import Outfall, outfall_resource
from deltacap.water.records import MEASURED

# The items a water body's trend is given for (the plan's concerns: organics, N and P).
TREND_ITEMS = ("CODMn", "NH3-N", "TP", "TN")


@dataclass
class MonthQuality:
    section: Section
    month: str  # YYYY-MM
    samples: int
    values: dict[str, float]
    classes: dict[str, int]
    overall: int
    grade: str  # GRADE_CODES
    determining: list[tuple[str, float | None]]
    attains: bool | None
    lake_reference: dict[str, int] = field(default_factory=dict)
    tli: float | None = None
    trophic: str = ""

    @property
    def overall_name(self) -> str:
        return CLASS_NAMES[self.overall]

    @property
    def qualitative(self) -> str:
        return GRADES[self.overall]


def sections() -> list[Section]:
    return list(
        Section.objects.select_related("water_body", "upstream", "downstream")
        .prefetch_related("responsible")
        .order_by("water_body__code", "code")
    )


def _monthly_means(
    samples: Iterable[Sample],
) -> dict[tuple[int, str], tuple[int, dict[str, float]]]:
    """(section id, YYYY-MM) → (number of samples, mean of each item over them)."""
    sums: dict[tuple[int, str], dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    counts: dict[tuple[int, str], int] = defaultdict(int)
    for sample in samples:
        key = (sample.section_id, sample.sampled_on.strftime("%Y-%m"))
        counts[key] += 1
        for item, value in sample.values.items():
            if item in MEASURED and value is not None:
                sums[key][item].append(float(value))
    return {
        key: (counts[key], {i: float(np.mean(v)) for i, v in sums[key].items()}) for key in counts
    }


def monthly_quality(
    of: Iterable[Section], *, year: int | None = None
) -> dict[int, list[MonthQuality]]:
    """Each section's months (oldest first), classed by GB 3838-2002: all section-months of
    one water type are classed together, over columns."""
    by_id = {s.pk: s for s in of}
    samples = Sample.objects.filter(section_id__in=list(by_id)).only(
        "section_id", "sampled_on", "values"
    )
    if year is not None:
        samples = samples.filter(sampled_on__year=year)
    means = _monthly_means(samples.iterator())
    result: dict[int, list[MonthQuality]] = {pk: [] for pk in by_id}
    groups: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for key in sorted(means, key=lambda k: k[1]):
        groups[by_id[key[0]].water_body.water_type].append(key)
    for water, keys in groups.items():
        for quality in _classed(WaterType(water), keys, means, by_id):
            result[quality.section.pk].append(quality)
    return result


def _classed(
    water: WaterType,
    keys: list[tuple[int, str]],
    means: dict[tuple[int, str], tuple[int, dict[str, float]]],
    by_id: dict[int, Section],
) -> list[MonthQuality]:
    items = sorted({i for k in keys for i in means[k][1]})
    columns = {i: np.array([means[k][1].get(i, np.nan) for k in keys]) for i in items}
    classed = classify(gb3838_table(), water, columns)
    targets = np.array([by_id[k[0]].target_class for k in keys], dtype=np.int8)
    attained = attains(classed.overall, targets)
    trophic = tli(columns) if water is WaterType.LAKE else np.full(len(keys), np.nan)
    trophic_grade = grade_index(trophic)
    out = []
    for n, key in enumerate(keys):
        count, values = means[key]
        overall = int(classed.overall[n])
        out.append(
            MonthQuality(
                section=by_id[key[0]],
                month=key[1],
                samples=count,
                values=values,
                classes={i: int(c[n]) for i, c in classed.classes.items() if c[n]},
                overall=overall,
                grade=GRADE_CODES[overall],
                determining=classed.determining(n),
                attains=None if attained[n] < 0 else bool(attained[n]),
                lake_reference={i: int(c[n]) for i, c in classed.lake_reference.items() if c[n]},
                tli=None if np.isnan(trophic[n]) else round(float(trophic[n]), 1),
                trophic=TROPHIC_CODES[trophic_grade[n]] if trophic_grade[n] >= 0 else "",
            )
        )
    return out


def latest(quality: dict[int, list[MonthQuality]]) -> dict[int, MonthQuality | None]:
    return {pk: (months[-1] if months else None) for pk, months in quality.items()}


@dataclass
class BodyYear:
    body: WaterBody
    year: int
    months_with_data: int
    months_attaining: int  # months in which every section with data met its target
    trends: dict[str, Trend | None]


def _month_span(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def body_years(year: int) -> list[BodyYear]:
    """Each water body's year: months attaining at every section, and the Seasonal Kendall
    trend of the body's monthly mean of each trend item over all its data (the sections'
    months classed once, together)."""
    chosen = sections()
    quality = monthly_quality(chosen)
    per_body: dict[int, dict[str, list[MonthQuality]]] = defaultdict(lambda: defaultdict(list))
    for section in chosen:
        for q in quality[section.pk]:
            per_body[section.water_body_id][q.month].append(q)
    return [body_year(body, year, per_body[body.pk]) for body in WaterBody.objects.all()]


def body_year(body: WaterBody, year: int, per_month: dict[str, list[MonthQuality]]) -> BodyYear:
    """The body's ``year`` from its sections' classed months (``per_month``: YYYY-MM → the
    sections' months): months with data, months in which every section met its target, and
    the Seasonal Kendall trend of each trend item over all the months given."""
    in_year = {m: qs for m, qs in per_month.items() if m.startswith(f"{year:04d}-")}
    attaining = sum(all(q.attains for q in qs) for qs in in_year.values())
    trends: dict[str, Trend | None] = {}
    span = _month_span(min(per_month), max(per_month)) if per_month else []
    for item in TREND_ITEMS:
        series = []
        for month in span:
            values = [q.values[item] for q in per_month.get(month, []) if item in q.values]
            series.append(float(np.mean(values)) if values else None)
        trends[item] = seasonal_kendall(series)
    return BodyYear(body, year, len(in_year), attaining, trends)


def default_year() -> int:
    last = Sample.objects.order_by("-sampled_on").values_list("sampled_on", flat=True).first()
    return (last or dt.date.today()).year


# --- eco-compensation ------------------------------------------------------------------------


@dataclass
class AnnualMeans:
    """A section's year: each item's mean of the samples (mg/L) and how many went in."""

    section: str
    year: int
    means: dict[str, float]
    counts: dict[str, int]
    first: dt.date | None
    last: dt.date | None


def annual_means(section_code: str, year: int, items: Iterable[str]) -> AnnualMeans:
    """The arithmetic mean of the year's samples at the section, per item (the annual mean
    concentration C_i of the compensation index; items with no sample are left out)."""
    wanted = list(items)
    values: dict[str, list[float]] = defaultdict(list)
    days = []
    samples = Sample.objects.filter(section__code=section_code, sampled_on__year=year)
    for sample in samples.order_by("sampled_on"):
        days.append(sample.sampled_on)
        for item in wanted:
            value = sample.values.get(item)
            if isinstance(value, int | float):
                values[item].append(float(value))
    return AnnualMeans(
        section=section_code,
        year=year,
        means={i: sum(v) / len(v) for i, v in values.items() if v},
        counts={i: len(v) for i, v in values.items()},
        first=days[0] if days else None,
        last=days[-1] if days else None,
    )


def settlements(principal: Principal, agreement: str | None = None) -> list[Settlement]:
    """The settlements ``principal`` may read (settled ones are public), by agreement and year."""
    chosen = Settlement.objects.prefetch_related("approvals__approved_by")
    if agreement is not None:
        chosen = chosen.filter(agreement=agreement)
    return [s for s in chosen if allowed(principal, Action.READ, s.as_resource())]


def outfalls_of_enterprises(p: Principal, enterprise_ids: Any) -> list[Outfall]:
    """The outfalls into rivers and lakes (入河排污口) linked to these enterprises, as the
    enterprise responsible in the outfall register or through one of their outlets, that
    ``p`` reads; their outlets prefetched, by code. ``enterprise_ids``: ids, or a query of
    them (``.values("pk")``, read as a subquery however many there are)."""
    ids = enterprise_ids
    found = (
        Outfall.objects.filter(Q(enterprise_id__in=ids) | Q(outlets__enterprise_id__in=ids))
        .distinct()
        .prefetch_related("outlets")
        .order_by("code")
    )
    return [o for o in found if allowed(p, Action.READ, o.as_resource())]


def reads_outfalls(p: Principal, member_code: str) -> bool:
    """Whether ``p`` reads the outfalls of ``member_code``."""
    return allowed(p, Action.READ, outfall_resource(member_code))
