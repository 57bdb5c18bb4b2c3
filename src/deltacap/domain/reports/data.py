"""What a report is built from, as plain values (gathered by ``deltacap.reports.gather``).

Tonnes as Decimal; shares (completion, time progress) as Decimal 0..1; names in Chinese
(the reports are official documents, written in Chinese whatever the reader's language).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class Pollutant:
    code: str
    name: str


@dataclass(frozen=True)
class ProgressRow:
    """One row of ``deltacap progress`` at the end of the year (scope: member or region)."""

    scope: str
    pollutant: str
    target_tonnes: Decimal | None
    verified_tonnes: Decimal
    completion_rate: Decimal | None
    time_progress: Decimal
    status: str  # on_track, behind, far_behind, no_target


@dataclass(frozen=True)
class ProjectRow:
    """A project that is verified and credited by the end of the year."""

    code: str
    name: str
    city: str
    category: str
    commissioning_date: date
    tonnes: dict[str, Decimal]  # accounted tonnes by pollutant code


@dataclass(frozen=True)
class MarketRow:
    """Settled trades in the year sold from the member, per pollutant."""

    pollutant: str  # code
    trades: int
    tonnes: Decimal
    value_yuan: Decimal


@dataclass(frozen=True)
class AirRow:
    """A city's (or member's) HJ 663 evaluation of the year."""

    code: str
    name: str
    composite_index: float | None
    good_share: float | None
    pm25: float | None
    o3: float | None
    attains_all: bool | None
    rank: int | None


@dataclass(frozen=True)
class WaterRow:
    """A section's year: its target class and the class of its annual mean (GB 3838)."""

    name: str
    body: str
    target_class: str
    year_class: str
    attains: bool | None


@dataclass(frozen=True)
class TrackingRow:
    """A water body's tracking evaluation of the year (跟踪评估, ``water/tracking.py``)."""

    body: str
    sections: int
    months_with_data: int
    months_attaining: int  # months in which every section with data met its target
    trends: tuple[tuple[str, str], ...]  # (item code, "increasing"/"decreasing"/"no trend")
    loads: tuple[tuple[str, float, float | None, bool], ...] = ()  # item, t, target t, complete
    projects_in_place: int = 0  # water projects in the area commissioned by the year's end
    investment_wan: Decimal = Decimal(0)
    outfalls_rectifying: int = 0
    zone_done: int | None = None  # Taihu: the 5 km zone's plans done
    measured: bool = True  # False: no area configured, the measures are not counted


@dataclass(frozen=True)
class Submission:
    submitted_on: date
    after_deadline: bool
    outcomes: dict[str, int]  # done, late, dropped → number of projects


@dataclass
class MemberData:
    code: str
    name: str
    year: int
    period_name: str
    frozen: bool  # the round of the year is closed: figures from its snapshot
    pollutants: list[Pollutant]
    progress: list[ProgressRow]  # this member's rows, one per pollutant
    # Year-end verified tonnes of every year of the period so far, by pollutant.
    yearly: dict[str, list[tuple[int, Decimal]]] = field(default_factory=dict)
    status_counts: dict[str, int] = field(default_factory=dict)  # status name → projects
    completed: list[ProjectRow] = field(default_factory=list)
    cities: list[tuple[str, str, Decimal]] = field(default_factory=list)  # code, name, t
    submission: Submission | None = None
    market: list[MarketRow] = field(default_factory=list)
    monitoring: dict[str, Decimal] = field(default_factory=dict)  # pollutant code → t
    air: list[AirRow] = field(default_factory=list)  # its cities
    air_member: AirRow | None = None
    water: list[WaterRow] = field(default_factory=list)
    tracking: list[TrackingRow] = field(default_factory=list)  # its water bodies


@dataclass
class RegionData:
    year: int
    period_name: str
    frozen: bool
    pollutants: list[Pollutant]
    progress: list[ProgressRow]  # the region's rows, one per pollutant
    members: list[MemberData]
    tracking: list[TrackingRow] = field(default_factory=list)  # every water body
