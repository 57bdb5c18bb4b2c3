"""The VOCs limits that apply to a process in each member, side by side ("统一标准").

A row is one limit of one standard: the process it covers (or every process), the member
whose standard it is (``national`` for the country's: GB 31570-2015 petroleum refining,
GB 31571-2015 petrochemicals, GB 37822-2019 fugitive VOCs), the monitoring point it
applies at (a stack outlet, the enterprise's boundary, inside the plant), the pollutant
(NMHC, the usual VOCs proxy), its value and unit, the clause, and whether the value was
verified against the standard's text. The table is configuration
(``petrochem/data/vocs_limits.json``): a value that could not be checked against the
official text is marked unverified there and shown so.

The strictest applicable limit of an enterprise at a point is the lowest value among the
rows for its processes under the national standards and its own member's local ones (the
stricter standard governs where two apply); a monitored concentration is compared to it.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

NATIONAL = "national"
ALL_PROCESSES = "*"
UNITS = ("mg/m3",)


class Process(enum.StrEnum):
    """Processes of the bay's petrochemical and chemical enterprises."""

    REFINING = "refining"  # 石油炼制
    PETROCHEMICAL = "petrochemical"  # 石油化学 (ethylene, aromatics, ...)
    SYNTHETIC_RESIN = "synthetic_resin"  # 合成树脂
    FINE_CHEMICAL = "fine_chemical"  # 精细化工 / 化学原料和化学制品
    PHARMACEUTICAL = "pharmaceutical"  # 化学合成类制药
    STORAGE_LOADING = "storage_loading"  # 储运 (tank farms, loading)


class PointKind(enum.StrEnum):
    """Where a limit applies."""

    STACK = "stack"  # 有组织排放口 (organised outlet)
    BOUNDARY = "boundary"  # 企业边界 / 厂界 (fence line)
    IN_PLANT = "in_plant"  # 厂区内 (fugitive, GB 37822 附录A)


@dataclass(frozen=True)
class LimitRow:
    standard: str
    clause: str
    member: str  # "national" or a member's code
    process: str  # a Process value, or "*" for every process
    point: PointKind
    pollutant: str
    value: Decimal
    unit: str
    verified: bool
    source: str
    note: str = ""

    @property
    def national(self) -> bool:
        return self.member == NATIONAL

    def covers(self, process: str) -> bool:
        return self.process in (ALL_PROCESSES, process)


@dataclass(frozen=True)
class LimitTable:
    version: str
    rows: tuple[LimitRow, ...]
    source: str = ""

    @property
    def unverified(self) -> int:
        return sum(1 for r in self.rows if not r.verified)


def _decimal(value: object, where: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValueError(f"{where}: value {value!r} is not a number") from None
    if not number.is_finite() or number <= 0:
        raise ValueError(f"{where}: value {value!r} must be above 0")
    return number


def parse_limits(data: dict[str, object]) -> LimitTable:
    """The table from its JSON configuration; raises ValueError naming the row at fault."""
    rows = []
    raw_rows = data.get("rows")
    if not isinstance(raw_rows, list) or not raw_rows:
        raise ValueError("VOCs limits: 'rows' must be a non-empty list")
    for n, raw in enumerate(raw_rows, start=1):
        where = f"VOCs limits row {n}"
        if not isinstance(raw, dict):
            raise ValueError(f"{where}: not an object")
        process = str(raw.get("process", ""))
        if process != ALL_PROCESSES and process not in {p.value for p in Process}:
            raise ValueError(f"{where}: unknown process {process!r}")
        member = str(raw.get("member", ""))
        if member != NATIONAL and not (len(member) == 6 and member.isdigit()):
            raise ValueError(f"{where}: member must be 'national' or a member's code")
        unit = str(raw.get("unit", ""))
        if unit not in UNITS:
            raise ValueError(f"{where}: unit {unit!r} is not one of {UNITS}")
        verified = raw.get("verified")
        if not isinstance(verified, bool):
            raise ValueError(f"{where}: 'verified' must be true or false")
        if not str(raw.get("standard", "")).strip() or not str(raw.get("source", "")).strip():
            raise ValueError(f"{where}: a row names its standard and its source")
        rows.append(
            LimitRow(
                standard=str(raw["standard"]),
                clause=str(raw.get("clause", "")),
                member=member,
                process=process,
                point=PointKind(str(raw.get("point", ""))),
                pollutant=str(raw.get("pollutant", "NMHC")),
                value=_decimal(raw.get("value"), where),
                unit=unit,
                verified=verified,
                source=str(raw["source"]),
                note=str(raw.get("note", "")),
            )
        )
    return LimitTable(
        version=str(data.get("version", "")), rows=tuple(rows), source=str(data.get("source", ""))
    )


def applicable(
    table: LimitTable | Iterable[LimitRow],
    processes: Iterable[str],
    member: str,
    point: PointKind | None = None,
    pollutant: str = "NMHC",
) -> list[LimitRow]:
    """The rows that apply to an enterprise of ``member`` with ``processes``: the national
    standards' and its own member's, for any of its processes (or every process), at
    ``point`` (every point when None)."""
    rows = table.rows if isinstance(table, LimitTable) else tuple(table)
    wanted = set(processes)
    return [
        r
        for r in rows
        if r.pollutant == pollutant
        and (point is None or r.point is point)
        and (r.national or r.member == member)
        and (r.process == ALL_PROCESSES or r.process in wanted)
    ]


@dataclass(frozen=True)
class Strictest:
    """The strictest limit at a point and every row it was chosen from."""

    point: PointKind
    row: LimitRow
    candidates: tuple[LimitRow, ...]

    @property
    def value(self) -> Decimal:
        return self.row.value

    @property
    def verified(self) -> bool:
        return self.row.verified


def strictest(rows: Iterable[LimitRow]) -> LimitRow | None:
    """The row with the lowest value (a local standard before a national one at the same
    value: it is the one an inspector cites); None when no row applies."""
    found = sorted(rows, key=lambda r: (r.value, r.national, r.standard))
    return found[0] if found else None


def strictest_for(
    table: LimitTable, processes: Iterable[str], member: str, pollutant: str = "NMHC"
) -> dict[PointKind, Strictest]:
    """For each point at which a limit applies, the strictest applicable one."""
    wanted = list(processes)
    out: dict[PointKind, Strictest] = {}
    for point in PointKind:
        rows = applicable(table, wanted, member, point, pollutant)
        best = strictest(rows)
        if best is not None:
            out[point] = Strictest(point, best, tuple(rows))
    return out


@dataclass(frozen=True)
class Gap:
    """A monitored concentration against a limit: the difference (positive above the limit),
    the ratio, and whether it exceeds it."""

    concentration: Decimal
    limit: Decimal
    difference: Decimal
    ratio: Decimal
    exceeds: bool

    @property
    def percent_of_limit(self) -> Decimal:
        return (self.ratio * 100).quantize(Decimal("0.1"))


def gap(concentration: Decimal | float | str, limit: Decimal) -> Gap:
    """The gap of ``concentration`` to ``limit`` (same unit). Equal to the limit is within it."""
    c = Decimal(str(concentration))
    if not c.is_finite() or c < 0:
        raise ValueError("a concentration is a finite number, 0 or more")
    if limit <= 0:
        raise ValueError("a limit is above 0")
    return Gap(
        concentration=c,
        limit=limit,
        difference=c - limit,
        ratio=(c / limit).quantize(Decimal("0.0001")),
        exceeds=c > limit,
    )
