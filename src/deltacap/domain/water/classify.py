"""Single-factor classification (单因子评价) by GB 3838-2002 Table 1 and the national
evaluation method (环办〔2011〕22号《地表水环境质量评价办法（试行）》; standards.md §3.2):

- each item is classed against its row: the best class whose limit it meets; a value equal
  to a limit meets that class ("≤"; dissolved oxygen "≥"); worse than class V is 劣V;
- the overall class is the worst class of the counted items (TN and faecal coliform are
  reported, not counted); a lake's TN class is given apart as a reference;
- items worse than class III are the determining ones (定类/超标指标), ordered by their
  multiple over class III, (C − C_III) / C_III (none for DO and pH, which come last);
- the qualitative grade: I–II 优, III 良好, IV 轻度污染, V 中度污染, 劣V 重度污染.

Every function works over columns (NumPy arrays, one value per sample); NaN is "not
measured". Classes are small integers: 1..5 for I..V, 6 for 劣V, 0 for none.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from deltacap.domain.errors import InvalidInput, gettext_noop
from deltacap.domain.water.gb3838 import ITEMS, Direction, Row, Table, WaterType

Floats = npt.NDArray[np.float64]
Classes = npt.NDArray[np.int8]

NONE = 0
WORSE_THAN_V = 6
CLASS_III = 3
CLASS_NAMES: tuple[str, ...] = ("", "I", "II", "III", "IV", "V", "劣V")
# The qualitative grade of each class (环办〔2011〕22号 表1), by class number.
GRADES: tuple[str, ...] = ("", "优", "优", "良好", "轻度污染", "中度污染", "重度污染")
GRADE_CODES: tuple[str, ...] = (
    "",
    "excellent",
    "excellent",
    "good",
    "slightly_polluted",
    "moderately_polluted",
    "heavily_polluted",
)
# Faecal coliform is counted per litre; pH has no unit; the rest are mg/L.
PH_SCALE = (0.0, 14.0)


def class_number(name: str) -> int:
    """1..6 from "I".."劣V" (also "V+" and "worse_than_V"); ValueError otherwise."""
    aliases = {"V+": WORSE_THAN_V, "worse_than_V": WORSE_THAN_V}
    if name in aliases:
        return aliases[name]
    if name in CLASS_NAMES[1:]:
        return CLASS_NAMES.index(name)
    raise ValueError(name)


def single_factor(row: Row, values: Floats) -> Classes:
    """The class of each value of one item (0 where NaN)."""
    values = np.asarray(values, dtype=np.float64)
    limits = np.asarray(row.limits, dtype=np.float64)
    if row.direction is Direction.RANGE:
        inside = (values >= limits[0]) & (values <= limits[1])
        out = np.where(inside, 1, WORSE_THAN_V)
    elif row.direction is Direction.MIN:
        # limits fall from class I to V; a value at least a limit meets that class.
        out = np.searchsorted(-limits, -values, side="left") + 1
    else:
        # The first limit the value does not exceed; equal limits (COD I = II) give the better.
        out = np.searchsorted(limits, values, side="left") + 1
    return np.where(np.isnan(values), NONE, out).astype(np.int8)


def multiple_over_iii(row: Row, values: Floats) -> Floats:
    """(C − C_III) / C_III where the value exceeds class III; NaN elsewhere and for DO and
    pH (the method computes no multiple for them)."""
    values = np.asarray(values, dtype=np.float64)
    if row.direction is not Direction.MAX:
        return np.full(values.shape, np.nan)
    limit = row.limits[CLASS_III - 1]
    with np.errstate(invalid="ignore"):
        over = values > limit
    return np.where(over, (values - limit) / limit, np.nan)


@dataclass
class Classification:
    """The classes of n samples of one water type."""

    water: WaterType
    classes: dict[str, Classes]
    multiples: dict[str, Floats]
    overall: Classes
    lake_reference: dict[str, Classes] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.overall)

    def determining(self, i: int) -> list[tuple[str, float | None]]:
        """Sample ``i``'s counted items worse than class III, by multiple (largest first;
        those without a multiple last, in the order of Table 1)."""
        found = []
        for item, classes in self.classes.items():
            if classes[i] > CLASS_III and item in self.counted:
                m = float(self.multiples[item][i])
                found.append((item, None if math.isnan(m) else m))
        return sorted(found, key=lambda f: (f[1] is None, -(f[1] or 0.0), ITEMS.index(f[0])))

    counted: frozenset[str] = frozenset()


def _column(values: Sequence[float | None] | Floats, n: int) -> Floats:
    column = np.asarray(
        [np.nan if v is None else v for v in values] if isinstance(values, list) else values,
        dtype=np.float64,
    )
    if column.shape != (n,):
        raise ValueError("columns of different lengths")
    return column


def classify(
    table: Table, water: WaterType, columns: Mapping[str, Sequence[float | None] | Floats]
) -> Classification:
    """Class every item of ``columns`` (item name → one value per sample) in ``water``, and
    the overall class of each sample. Items without a row in the table are left out."""
    n = len(next(iter(columns.values()))) if columns else 0
    classes: dict[str, Classes] = {}
    multiples: dict[str, Floats] = {}
    overall = np.zeros(n, dtype=np.int8)
    counted = set()
    for item in ITEMS:
        if item not in columns:
            continue
        row = table.row(item, water)
        if row is None:
            continue
        values = _column(columns[item], n)
        classes[item] = single_factor(row, values)
        multiples[item] = multiple_over_iii(row, values)
        if table.counted(item):
            counted.add(item)
            overall = np.maximum(overall, classes[item])
    reference = {}
    if water is WaterType.LAKE:
        reference = {i: classes[i] for i in table.rules.lake_reference if i in classes}
    return Classification(water, classes, multiples, overall, reference, frozenset(counted))


def grades(overall: Classes) -> npt.NDArray[np.str_]:
    """The qualitative grade of each class ('' for none)."""
    return np.asarray(GRADE_CODES, dtype=object)[np.asarray(overall)]


def attains(overall: Classes, target: Classes | int) -> npt.NDArray[np.int8]:
    """1 where the class meets the target class (at least as good), 0 where not, −1 where
    there is no class."""
    overall = np.asarray(overall)
    return np.where(overall == NONE, -1, (overall <= np.asarray(target)).astype(np.int8)).astype(
        np.int8
    )


def check_value(item: str, value: object, *, field: str | None = None) -> float:
    """A measured value as a float: a finite number, not negative (pH within 0–14).
    Raises InvalidInput naming ``field`` (the item by default)."""
    where = field or item
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InvalidInput(gettext_noop("{item}: a number is expected."), field=where, item=item)
    try:
        number = float(value)
    except ValueError:
        raise InvalidInput(
            gettext_noop("{item}: {value} is not a number."), field=where, item=item, value=value
        ) from None
    if not math.isfinite(number) or number < 0:
        raise InvalidInput(
            gettext_noop("{item}: {value} is not a concentration (a number of 0 or more)."),
            field=where,
            item=item,
            value=value,
        )
    if item == "pH" and not PH_SCALE[0] <= number <= PH_SCALE[1]:
        raise InvalidInput(
            gettext_noop("pH must lie between 0 and 14, not {value}."), field=where, value=value
        )
    return number
