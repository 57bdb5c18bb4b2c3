"""GB 3838-2002 《地表水环境质量标准》 Table 1 (表1 地表水环境质量标准基本项目标准限值) as data.

Sources (docs/domain/standards.md §3.1): the rows for DO, CODMn, NH3-N and both
TP rows (rivers; lakes and reservoirs, 湖、库) are verified against the standard's table
([V]); COD, BOD5 and TN against two independent secondary tables ([V-2nd]). They are
data here. Every other row of Table 1 (pH, copper ... sulfide, faecal coliform) is
unverified ([M]) and comes from configuration (``water/data/gb3838_unverified.json``),
passed in as :class:`Row` objects: :func:`table` joins both.

Limits are "≤" for every item but dissolved oxygen ("≥", higher is better) and pH (a range
that holds for all classes). Units: mg/L; pH none; faecal coliform 个/L.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

CLAUSE = "GB 3838-2002 表1"


class Direction(StrEnum):
    MAX = "max"  # a value at most the limit meets the class ("≤")
    MIN = "min"  # a value at least the limit meets the class ("≥", dissolved oxygen)
    RANGE = "range"  # a value within [low, high] meets every class (pH 6–9)


class WaterType(StrEnum):
    RIVER = "river"
    LAKE = "lake"  # lakes and reservoirs (湖、库)


class Status(StrEnum):
    VERIFIED = "V"
    SECONDARY = "V-2nd"
    UNVERIFIED = "M"


@dataclass(frozen=True)
class Row:
    """One item of Table 1: the limits of classes I to V (for RANGE: (low, high)).

    ``water``: None for all waters, else the one water type the row holds for (TP has a
    river row and a lake row)."""

    item: str
    limits: tuple[float, ...]
    direction: Direction = Direction.MAX
    water: WaterType | None = None
    status: Status = Status.VERIFIED
    source: str = CLAUSE

    def __post_init__(self) -> None:
        expected = 2 if self.direction is Direction.RANGE else 5
        if len(self.limits) != expected:
            raise ValueError(f"{self.item}: {expected} limits expected")
        steps = self.limits if self.direction is not Direction.MIN else self.limits[::-1]
        if any(b < a for a, b in zip(steps, steps[1:], strict=False)):
            raise ValueError(f"{self.item}: limits out of order")


_V = "standards.md §3.1 [V]: " + CLAUSE
_V2 = "standards.md §3.1 [V-2nd]: " + CLAUSE

# The verified rows of Table 1 (classes I, II, III, IV, V). DO class I is "饱和率90%
# (或7.5)": the 7.5 mg/L alternative is used.
VERIFIED_ROWS: tuple[Row, ...] = (
    Row("DO", (7.5, 6, 5, 3, 2), Direction.MIN, source=_V),
    Row("CODMn", (2, 4, 6, 10, 15), source=_V),
    Row("NH3-N", (0.15, 0.5, 1.0, 1.5, 2.0), source=_V),
    Row("TP", (0.02, 0.1, 0.2, 0.3, 0.4), water=WaterType.RIVER, source=_V),
    Row("TP", (0.01, 0.025, 0.05, 0.1, 0.2), water=WaterType.LAKE, source=_V + " (湖、库)"),
    Row("COD", (15, 15, 20, 30, 40), status=Status.SECONDARY, source=_V2),
    Row("BOD5", (3, 3, 4, 6, 10), status=Status.SECONDARY, source=_V2),
    Row("TN", (0.2, 0.5, 1.0, 1.5, 2.0), status=Status.SECONDARY, source=_V2 + " (湖、库)"),
)

# The items of a routine assessment, in the order of Table 1 (环办〔2011〕22号: the 21
# basic items but water temperature, TN and faecal coliform, which are reported apart).
ITEMS: tuple[str, ...] = (
    "pH",
    "DO",
    "CODMn",
    "COD",
    "BOD5",
    "NH3-N",
    "TP",
    "TN",
    "Cu",
    "Zn",
    "F",
    "Se",
    "As",
    "Hg",
    "Cd",
    "Cr6",
    "Pb",
    "CN",
    "VolatilePhenol",
    "Petroleum",
    "LAS",
    "Sulfide",
    "FecalColiform",
)


@dataclass(frozen=True)
class Rules:
    """The national evaluation method's choices (环办〔2011〕22号, standards.md §3.2, [M]:
    configuration). ``not_counted``: items reported but left out of the overall class;
    ``lake_reference``: items a lake's reference class is given for apart."""

    not_counted: frozenset[str] = frozenset({"TN", "FecalColiform"})
    lake_reference: frozenset[str] = frozenset({"TN"})
    source: str = "环办〔2011〕22号《地表水环境质量评价办法（试行）》"


@dataclass(frozen=True)
class Table:
    rows: tuple[Row, ...]
    rules: Rules = Rules()

    def row(self, item: str, water: WaterType) -> Row | None:
        """The row that classes ``item`` in ``water`` (a lake's own row first)."""
        general = None
        for row in self.rows:
            if row.item != item:
                continue
            if row.water is water:
                return row
            if row.water is None:
                general = row
        return general

    def counted(self, item: str) -> bool:
        return item not in self.rules.not_counted


def table(extra: Iterable[Row] = (), rules: Rules | None = None) -> Table:
    """Table 1: the verified rows with ``extra`` (the configured rows; a configured row of
    an item and water the verified rows have is refused)."""
    rows = list(VERIFIED_ROWS)
    known = {(r.item, r.water) for r in rows}
    for row in extra:
        if (row.item, row.water) in known:
            raise ValueError(f"{row.item} is already a verified row")
        if row.item not in ITEMS:
            raise ValueError(f"{row.item} is no item of Table 1")
        known.add((row.item, row.water))
        rows.append(row)
    return Table(tuple(rows), rules or Rules())


def row_of(data: Mapping[str, object]) -> Row:
    """A configured row from its mapping (``item``, ``limits``, ``direction``, ``water``,
    ``source``); marked unverified."""
    water = data.get("water")
    limits = data["limits"]
    if not isinstance(limits, list | tuple):
        raise ValueError("limits must be a list")
    return Row(
        item=str(data["item"]),
        limits=tuple(float(x) for x in limits),
        direction=Direction(str(data.get("direction", "max"))),
        water=WaterType(str(water)) if water else None,
        status=Status(str(data.get("status", "M"))),
        source=str(data.get("source", CLAUSE)),
    )
