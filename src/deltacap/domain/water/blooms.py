"""Cyanobacteria (蓝藻) blooms: the bloom grade of an algal density, the scale of a bloom
area and the warning level an observation reaches.

The density grades are HJ 1098-2020 《水华遥感与地面监测评价技术规范（试行）》's five
levels of algal cell density (docs/domain/standards.md section 6, verified from a second
source); the area scale's cut-offs and the warning levels are not verified and come as
configuration (``deltacap/water/data/blooms.json``), each table tagged with its status.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from deltacap.domain.errors import InvalidInput, gettext_noop


@dataclass(frozen=True)
class Grade:
    """One row of a grading table: values from ``lower`` (inclusive) up to the next row's."""

    code: str
    lower: float
    name_zh: str
    name_en: str


@dataclass(frozen=True)
class Table:
    rows: tuple[Grade, ...]  # ascending ``lower``; the first row's lower is 0
    source: str
    verified: bool

    def grade(self, value: float) -> Grade:
        """The row ``value`` falls in (the last row whose lower bound it reaches)."""
        found = self.rows[0]
        for row in self.rows:
            if value >= row.lower:
                found = row
        return found


def table(rows: Iterable[Grade], *, source: str, verified: bool) -> Table:
    ordered = tuple(sorted(rows, key=lambda r: r.lower))
    if not ordered or ordered[0].lower != 0:
        raise ValueError("a grading table starts at 0")
    if len({r.lower for r in ordered}) != len(ordered):
        raise ValueError("a grading table's lower bounds differ")
    return Table(ordered, source, verified)


@dataclass(frozen=True)
class WarningLevel:
    """A warning level reached when the density or the bloom's share of the lake reaches
    its threshold (the first level of the list is the lowest)."""

    code: str
    density: float  # cells/L
    area_share: float  # % of the lake's area
    name_zh: str
    name_en: str
    colour: str


def check_density(value: object, field: str = "density") -> float:
    """An algal cell density in cells/L: a finite number, 0 or more, below 10^12."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidInput(gettext_noop("The algal density must be a number."), field=field)
    if not 0 <= value < 1e12:
        raise InvalidInput(
            gettext_noop("The algal density must be 0 or more cells per litre, below 10¹²."),
            field=field,
        )
    return float(value)


def check_area(value: object, lake_km2: float, field: str = "area_km2") -> float:
    """A bloom area in km²: a finite number from 0 to the lake's area."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidInput(gettext_noop("The bloom area must be a number."), field=field)
    if not 0 <= value <= lake_km2:
        raise InvalidInput(
            gettext_noop("The bloom area must be from 0 to the lake's area ({lake} km²)."),
            field=field,
            lake=round(lake_km2),
        )
    return float(value)


def area_share(area_km2: float | None, lake_km2: float) -> float | None:
    """The bloom area as a percentage of the lake's area."""
    if area_km2 is None or lake_km2 <= 0:
        return None
    return 100.0 * area_km2 / lake_km2


def warning_level(
    levels: Sequence[WarningLevel], density: float | None, share: float | None
) -> WarningLevel | None:
    """The highest level whose density or area threshold the observation reaches, or None."""
    reached = None
    for level in levels:
        if (density is not None and density >= level.density) or (
            share is not None and share >= level.area_share
        ):
            reached = level
    return reached
