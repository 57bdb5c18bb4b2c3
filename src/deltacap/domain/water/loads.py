"""Nutrient loads into a lake by inflow river (入湖污染负荷), by month and year.

Method: the general flux method (通量法) for river loads, as used in the Taihu basin's
load accounting (《太湖流域水环境综合治理总体方案》 accounts the N and P entering the lake
by river); its exact clause is not checked here, so the method is marked unverified:

    monthly load (t) = mean flow (m³/s) × seconds in the month × concentration (mg/L) × 1e-6

(m³/s × s = m³; one m³ at 1 mg/L holds 1 g = 1e-6 t). The concentration
is the mean of the month's samples at the inflow section. A month lacking a flow or a
concentration is a gap: reported, never counted as zero; the year's total is the sum of
the months that have both, with the gaps named beside it.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

METHOD = "通量法：月负荷(t) = 月均流量(m³/s) × 当月秒数 × 浓度(mg/L) × 10⁻⁶"
METHOD_STATUS = "unverified"
PARAMETERS = ("TN", "TP", "COD", "NH3-N")


def seconds_in_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1] * 86_400


def monthly_load_t(flow_m3_s: float, concentration_mg_l: float, year: int, month: int) -> float:
    """The load in tonnes of one month: flow × seconds × concentration × 1e-6."""
    if flow_m3_s < 0 or concentration_mg_l < 0:
        raise ValueError("flow and concentration must not be negative")
    return flow_m3_s * seconds_in_month(year, month) * concentration_mg_l * 1e-6


@dataclass
class MonthLoad:
    month: int
    flow_m3_s: float | None
    concentration_mg_l: float | None
    load_t: float | None

    @property
    def gap(self) -> str | None:
        """Why the month has no load: "flow", "concentration", "both", or None."""
        if self.flow_m3_s is None and self.concentration_mg_l is None:
            return "both"
        if self.flow_m3_s is None:
            return "flow"
        if self.concentration_mg_l is None:
            return "concentration"
        return None


@dataclass
class RiverLoad:
    parameter: str
    months: list[MonthLoad] = field(default_factory=list)

    @property
    def total_t(self) -> float:
        return sum(m.load_t for m in self.months if m.load_t is not None)

    @property
    def gaps(self) -> list[int]:
        return [m.month for m in self.months if m.load_t is None]


def river_year(
    year: int,
    parameter: str,
    flows: Mapping[int, float],
    samples: Mapping[int, Sequence[float]],
) -> RiverLoad:
    """The twelve months of one inflow section and parameter: ``flows`` month → mean flow
    (m³/s); ``samples`` month → the month's concentrations (mg/L), averaged."""
    out = RiverLoad(parameter)
    for month in range(1, 13):
        flow = flows.get(month)
        values = list(samples.get(month) or [])
        conc = sum(values) / len(values) if values else None
        load = (
            monthly_load_t(flow, conc, year, month)
            if flow is not None and conc is not None
            else None
        )
        out.months.append(MonthLoad(month, flow, conc, load))
    return out


@dataclass
class Comparison:
    load_t: float
    complete: bool
    target_t: float | None
    base_t: float | None

    @property
    def over_target(self) -> bool | None:
        return None if self.target_t is None else self.load_t > self.target_t

    @property
    def change_from_base(self) -> float | None:
        """The change against the base year as a fraction (−0.1 = 10 % lower)."""
        if self.base_t is None or self.base_t == 0:
            return None
        return (self.load_t - self.base_t) / self.base_t
