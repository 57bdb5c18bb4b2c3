"""Lake trophic state: the comprehensive trophic level index TLI(Σ).

Source: 中国环境监测总站《湖泊（水库）富营养化评价方法及分级技术规定》(总站生字〔2001〕090号),
standards.md §3.3 [V]. TLI(Σ) = Σ W_j · TLI(j), W_j = r_j² / Σ r_j² with chlorophyll a as
the reference (r = 1). Where an item is missing, the weights are taken over the items
present. Units: Chla mg/m³ (µg/L), SD m, the others mg/L.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float64]

# r_ij of each item with chlorophyll a (the method's Table).
CORRELATION: dict[str, float] = {"Chla": 1.0, "TP": 0.84, "TN": 0.82, "SD": -0.83, "CODMn": 0.83}

# TLI(j) = 10 (a + b ln C)
INDEX: dict[str, tuple[float, float]] = {
    "Chla": (2.5, 1.086),
    "TP": (9.436, 1.624),
    "TN": (5.453, 1.694),
    "SD": (5.118, -1.94),
    "CODMn": (0.109, 2.661),
}

# Grades by TLI: < 30 贫营养; 30–50 中营养; 50–60 轻度富营养; 60–70 中度富营养; > 70 重度.
GRADE_CODES: tuple[str, ...] = (
    "oligotrophic",
    "mesotrophic",
    "light_eutrophic",
    "middle_eutrophic",
    "hyper_eutrophic",
)
GRADE_NAMES: tuple[str, ...] = ("贫营养", "中营养", "轻度富营养", "中度富营养", "重度富营养")
# Upper bounds (inclusive) of the first four grades.
_BOUNDS = np.array([30.0, 50.0, 60.0, 70.0])


def weights() -> dict[str, float]:
    total = sum(r * r for r in CORRELATION.values())
    return {k: r * r / total for k, r in CORRELATION.items()}


def tli(columns: Mapping[str, Sequence[float | None] | Floats]) -> Floats:
    """TLI(Σ) of each sample; NaN where none of the five items is given (or a value is not
    positive)."""
    n = len(next(iter(columns.values()))) if columns else 0
    total = np.zeros(n)
    weight = np.zeros(n)
    for item, (a, b) in INDEX.items():
        if item not in columns:
            continue
        raw = columns[item]
        c = np.asarray([np.nan if v is None else v for v in raw], dtype=np.float64)
        given = np.isfinite(c) & (c > 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            index = 10 * (a + b * np.log(np.where(given, c, 1.0)))
        r2 = CORRELATION[item] ** 2
        total += np.where(given, r2 * index, 0.0)
        weight += np.where(given, r2, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(weight > 0, total / np.where(weight > 0, weight, 1.0), np.nan)


def grade_index(values: Floats) -> npt.NDArray[np.int8]:
    """0..4 into GRADE_CODES; −1 where NaN. 30 is mesotrophic, 50 mesotrophic, 60 light."""
    values = np.asarray(values, dtype=np.float64)
    # < 30 → 0; 30 ≤ x ≤ 50 → 1; 50 < x ≤ 60 → 2; 60 < x ≤ 70 → 3; > 70 → 4
    index = np.where(values < _BOUNDS[0], 0, np.searchsorted(_BOUNDS[1:], values, "left") + 1)
    return np.where(np.isnan(values), -1, index).astype(np.int8)
