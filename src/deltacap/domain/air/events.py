"""Key-period events (重点时段 / 重大活动保障) and their controlled-enterprise lists.

The plan (沪环监测〔2023〕208号, 二(二)) asks for "dynamically updated lists of controlled
enterprises and of measures" around major events in the region. Each member keeps one list
per event: the enterprises under control, each with its measures (一厂一策) and the
expected cut of each measure per pollutant, and the enterprise's ordinary daily emission
(its baseline). Every change is a new version; this module holds the pure rules:

- the list's rows and their checks (:func:`check_entries`), with the faults located by row
  and column (the Excel import reads its rows into :class:`Row` first);
- the difference between two versions (:func:`diff`);
- the expected cut of a list per pollutant against the event's required share
  (:func:`cuts`), per city and per member;
- the judgement of execution from online monitoring (:func:`judge_execution`), over
  columns (NumPy), never a loop per record.

Units: emissions and cuts in kg per day. The required shares and the tolerances of the
judgement are configuration (:class:`EventConfig`), not facts of a standard: the defaults
below are **unverified** and set by the office per event.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np

from deltacap.domain.errors import InvalidInput, gettext_noop

POLLUTANTS = ("SO2", "NOx", "PM", "VOCs")
# HJ 212-2017 Annex B factor codes measured at a stack for each pollutant of the list
# (VOCs by non-methane total hydrocarbons, the usual stack surrogate; PM by 烟尘).
FACTORS = {"a21026": "SO2", "a21002": "NOx", "a34013": "PM", "a24088": "VOCs"}
MAX_TEXT = 200
MAX_ROWS = 5000


class MeasureKind(enum.StrEnum):
    """一厂一策 measures: stop production, limit production by a share, stop named
    processes, shift transport (e.g. no heavy diesel trucks, rail or water instead)."""

    STOP = "stop"
    LIMIT = "limit"
    STOP_PROCESS = "stop_process"
    SHIFT_TRANSPORT = "shift_transport"


class Grade(enum.StrEnum):
    """Performance grade (绩效分级) of the enterprise where known: A, B, C, 引领性."""

    A = "A"
    B = "B"
    C = "C"
    LEADING = "leading"
    UNKNOWN = ""


# The words a list's Excel file may use for the kinds and grades (Chinese, English, code).
MEASURE_WORDS = {
    "停产": MeasureKind.STOP,
    "限产": MeasureKind.LIMIT,
    "停止工序": MeasureKind.STOP_PROCESS,
    "停工序": MeasureKind.STOP_PROCESS,
    "运输调整": MeasureKind.SHIFT_TRANSPORT,
    "错峰运输": MeasureKind.SHIFT_TRANSPORT,
    **{k.value: k for k in MeasureKind},
}
MEASURE_CN = {
    MeasureKind.STOP: "停产",
    MeasureKind.LIMIT: "限产",
    MeasureKind.STOP_PROCESS: "停止工序",
    MeasureKind.SHIFT_TRANSPORT: "运输调整",
}
GRADE_WORDS = {
    "A": Grade.A,
    "B": Grade.B,
    "C": Grade.C,
    "引领性": Grade.LEADING,
    "leading": Grade.LEADING,
    "": Grade.UNKNOWN,
    "未分级": Grade.UNKNOWN,
}
GRADE_CN = {Grade.A: "A", Grade.B: "B", Grade.C: "C", Grade.LEADING: "引领性", Grade.UNKNOWN: ""}


@dataclass(frozen=True)
class EventConfig:
    """An event's requirement and the judgement's tolerances (configuration, unverified
    defaults): the required cut per pollutant as a share of the listed enterprises' ordinary
    emission; how far an enterprise under 'stop' may emit (a share of its baseline) before it
    is flagged; how far above its expected remaining share any other may emit; how many
    previous weeks make the baseline."""

    required_shares: Mapping[str, float] = field(
        default_factory=lambda: {"SO2": 0.2, "NOx": 0.2, "PM": 0.2, "VOCs": 0.2}
    )
    stop_share: float = 0.1
    tolerance: float = 0.1
    baseline_weeks: int = 4


@dataclass(frozen=True)
class Measure:
    """One measure of an enterprise: its kind, the production cut in % (limit), what it is
    about (the process stopped, the transport shifted) and its expected cut (kg/d)."""

    kind: MeasureKind
    detail: str = ""
    percent: float | None = None
    cuts: Mapping[str, float] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind.value, self.detail)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "detail": self.detail,
            "percent": self.percent,
            "cuts": {p: self.cuts[p] for p in POLLUTANTS if p in self.cuts},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Measure:
        return cls(
            MeasureKind(data["kind"]),
            str(data.get("detail") or ""),
            data.get("percent"),
            {p: float(v) for p, v in (data.get("cuts") or {}).items()},
        )


@dataclass(frozen=True)
class Entry:
    """An enterprise under control (by its USCC), its grade, its ordinary emission per
    pollutant (kg/d) and its measures."""

    uscc: str
    grade: Grade = Grade.UNKNOWN
    baseline: Mapping[str, float] = field(default_factory=dict)
    measures: tuple[Measure, ...] = ()

    def cut(self, pollutant: str) -> float:
        return sum(m.cuts.get(pollutant, 0.0) for m in self.measures)

    @property
    def stops(self) -> bool:
        return any(m.kind is MeasureKind.STOP for m in self.measures)

    def to_json(self) -> dict[str, Any]:
        return {
            "uscc": self.uscc,
            "grade": self.grade.value,
            "baseline": {p: self.baseline[p] for p in POLLUTANTS if p in self.baseline},
            "measures": [m.to_json() for m in self.measures],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Entry:
        return cls(
            str(data["uscc"]),
            Grade(data.get("grade") or ""),
            {p: float(v) for p, v in (data.get("baseline") or {}).items()},
            tuple(Measure.from_json(m) for m in data.get("measures") or ()),
        )


def entries_from_json(data: Iterable[Mapping[str, Any]]) -> tuple[Entry, ...]:
    return tuple(Entry.from_json(d) for d in data)


def entries_to_json(entries: Iterable[Entry]) -> list[dict[str, Any]]:
    return [e.to_json() for e in entries]


# --- rows (a list as a table: one row per measure) -------------------------------------------


@dataclass(frozen=True)
class Row:
    """One row of a list's table as read (a file's sheet, or a form): ``number`` is its row
    in the sheet; values as given (strings or numbers, None for empty)."""

    number: int
    uscc: Any = None
    grade: Any = None
    kind: Any = None
    percent: Any = None
    detail: Any = None
    baseline: Mapping[str, Any] = field(default_factory=dict)
    cuts: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Fault:
    """A located fault of a list's table: row (1-based in the sheet), column header."""

    row: int | None
    column: str | None
    error: InvalidInput


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _number(value: Any, column: str, *, upper: float | None = None) -> float | None:
    text = _text(value)
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise InvalidInput(
            gettext_noop("{column}: enter a number; got {got}."),
            field=column,
            column=column,
            got=text,
        ) from None
    if not math.isfinite(number) or number < 0 or (upper is not None and number > upper):
        raise InvalidInput(
            gettext_noop("{column}: enter a number from 0 to {upper}; got {got}."),
            field=column,
            column=column,
            upper=upper if upper is not None else "∞",
            got=text,
        )
    return number


@dataclass
class _Checked:
    """One row read: its enterprise, grade (as given), measure and baseline, or None."""

    uscc: str
    grade: Grade | None
    grade_text: str
    measure: Measure | None
    baseline: dict[str, float]


class _Faults:
    def __init__(self, columns: Mapping[str, str]) -> None:
        self.columns = columns
        self.found: list[Fault] = []

    def add(self, row: int | None, key: str, error: InvalidInput) -> None:
        self.found.append(Fault(row, self.columns.get(key, key), error))


def _uscc(row: Row, faults: _Faults) -> str | None:
    uscc = _text(row.uscc).upper()
    if len(uscc) == 18 and uscc.isalnum():
        return uscc
    faults.add(
        row.number,
        "uscc",
        InvalidInput(
            gettext_noop(
                "Enter the enterprise's unified social credit code (18 characters); got {got}."
            ),
            field="uscc",
            got=uscc or "—",
        ),
    )
    return None


def _grade(row: Row, faults: _Faults) -> tuple[Grade | None, str]:
    text = _text(row.grade)
    grade = GRADE_WORDS.get(text.upper() if len(text) == 1 else text)
    if grade is None:
        faults.add(
            row.number,
            "grade",
            InvalidInput(
                gettext_noop("Grade: enter A, B, C, 引领性 or leave it empty; got {got}."),
                field="grade",
                got=text,
            ),
        )
    return grade, text


def _amounts(row: Row, faults: _Faults) -> tuple[dict[str, float], dict[str, float]]:
    cuts: dict[str, float] = {}
    base: dict[str, float] = {}
    for pollutant in POLLUTANTS:
        for key, target, raw in (
            (f"cut_{pollutant}", cuts, row.cuts.get(pollutant)),
            (f"baseline_{pollutant}", base, row.baseline.get(pollutant)),
        ):
            try:
                value = _number(raw, faults.columns.get(key, key))
            except InvalidInput as exc:
                faults.add(row.number, key, exc)
                continue
            if value is not None:
                target[pollutant] = value
    return cuts, base


def _measure(row: Row, faults: _Faults, cuts: dict[str, float]) -> Measure | None:
    kind = MEASURE_WORDS.get(_text(row.kind))
    if kind is None:
        faults.add(
            row.number,
            "kind",
            InvalidInput(
                gettext_noop("Measure: enter 停产, 限产, 停止工序 or 运输调整; got {got}."),
                field="kind",
                got=_text(row.kind) or "—",
            ),
        )
    detail = _text(row.detail)
    if len(detail) > MAX_TEXT:
        faults.add(
            row.number,
            "detail",
            InvalidInput(
                gettext_noop("At most {limit} characters."), field="detail", limit=MAX_TEXT
            ),
        )
    percent: float | None = None
    try:
        percent = _number(row.percent, faults.columns.get("percent", "percent"), upper=100)
    except InvalidInput as exc:
        faults.add(row.number, "percent", exc)
    if kind is MeasureKind.LIMIT and percent is None and _text(row.percent) == "":
        faults.add(
            row.number,
            "percent",
            InvalidInput(gettext_noop("A production limit needs its cut in %."), field="percent"),
        )
    if kind is MeasureKind.STOP_PROCESS and not detail:
        faults.add(
            row.number,
            "detail",
            InvalidInput(gettext_noop("Name the process that is stopped."), field="detail"),
        )
    if kind is None:
        return None
    return Measure(kind, detail, percent if kind is MeasureKind.LIMIT else None, cuts)


def _row(row: Row, faults: _Faults) -> _Checked | None:
    uscc = _uscc(row, faults)
    if uscc is None:
        return None
    grade, grade_text = _grade(row, faults)
    cuts, base = _amounts(row, faults)
    return _Checked(uscc, grade, grade_text, _measure(row, faults, cuts), base)


@dataclass
class _Building:
    grade: Grade
    baseline: dict[str, float]
    first_row: int
    measures: list[Measure] = field(default_factory=list)


def _merge(building: _Building, checked: _Checked, row: int, faults: _Faults) -> None:
    """A further row of an enterprise: the same grade and baseline (or empty)."""
    if checked.grade_text and checked.grade is not None and checked.grade is not building.grade:
        faults.add(
            row,
            "grade",
            InvalidInput(
                gettext_noop("The enterprise's grade differs from its first row."), field="grade"
            ),
        )
    for pollutant, value in checked.baseline.items():
        known = building.baseline.get(pollutant)
        if known is None:
            building.baseline[pollutant] = value
        elif not math.isclose(known, value):
            faults.add(
                row,
                f"baseline_{pollutant}",
                InvalidInput(
                    gettext_noop("The enterprise's ordinary emission differs from its first row."),
                    field=f"baseline_{pollutant}",
                ),
            )


def _over_baseline(entry: Entry, row: int, faults: _Faults) -> None:
    for pollutant in POLLUTANTS:
        base = entry.baseline.get(pollutant)
        if base is not None and entry.cut(pollutant) > base * (1 + 1e-9):
            faults.add(
                row,
                f"cut_{pollutant}",
                InvalidInput(
                    gettext_noop(
                        "The enterprise's cuts of {pollutant} ({cut} kg/d) exceed its "
                        "ordinary emission ({base} kg/d)."
                    ),
                    field=f"cut_{pollutant}",
                    pollutant=pollutant,
                    cut=round(entry.cut(pollutant), 3),
                    base=round(base, 3),
                ),
            )


def check_rows(
    rows: Sequence[Row], columns: Mapping[str, str]
) -> tuple[tuple[Entry, ...], list[Fault]]:
    """The entries of a list's rows, or every fault found (row and column; ``columns`` names
    each field's column header: uscc, grade, kind, percent, detail, baseline_<P>, cut_<P>).

    Rules: a USCC of 18 characters; a known grade and measure kind; a limit's production cut
    from 0 to 100 % (required for 'limit'); a stop of a process names the process; cuts and
    baselines non-negative; an enterprise's grade and baseline the same on each of its rows
    (or left empty after its first row); a measure (kind and detail) once per enterprise;
    the cuts of an enterprise not above its ordinary emission of that pollutant."""
    faults = _Faults(columns)
    if len(rows) > MAX_ROWS:
        faults.add(
            None,
            "file",
            InvalidInput(
                gettext_noop("At most {limit} rows are accepted; the file has {n}."),
                field="file",
                limit=MAX_ROWS,
                n=len(rows),
            ),
        )
        return (), faults.found
    building: dict[str, _Building] = {}
    for row in rows:
        checked = _row(row, faults)
        if checked is None:
            continue
        if checked.uscc not in building:
            building[checked.uscc] = _Building(
                checked.grade or Grade.UNKNOWN, checked.baseline, row.number
            )
        else:
            _merge(building[checked.uscc], checked, row.number, faults)
        measure = checked.measure
        if measure is None:
            continue
        if any(m.key == measure.key for m in building[checked.uscc].measures):
            faults.add(
                row.number,
                "kind",
                InvalidInput(
                    gettext_noop("The enterprise has this measure on an earlier row."),
                    field="kind",
                ),
            )
            continue
        building[checked.uscc].measures.append(measure)
    entries = []
    for uscc, b in building.items():
        entry = Entry(uscc, b.grade, b.baseline, tuple(b.measures))
        _over_baseline(entry, b.first_row, faults)
        entries.append(entry)
    return tuple(entries), faults.found


def rows_of(entries: Iterable[Entry]) -> list[dict[str, Any]]:
    """The table of a list: one row per measure (an enterprise without measures: one row)."""
    found = []
    for entry in entries:
        measures: Sequence[Measure | None] = entry.measures or (None,)
        for n, m in enumerate(measures):
            found.append(
                {
                    "uscc": entry.uscc,
                    "grade": entry.grade,
                    "baseline": entry.baseline if n == 0 else {},
                    "kind": m.kind if m else None,
                    "percent": m.percent if m else None,
                    "detail": m.detail if m else "",
                    "cuts": m.cuts if m else {},
                }
            )
    return found


# --- the difference between two versions ------------------------------------------------------


@dataclass(frozen=True)
class MeasureChange:
    before: Measure
    after: Measure


@dataclass(frozen=True)
class EntryChange:
    """An enterprise on both lists whose grade, baseline or measures changed."""

    uscc: str
    grade: tuple[Grade, Grade] | None
    baseline: tuple[Mapping[str, float], Mapping[str, float]] | None
    added: tuple[Measure, ...]
    removed: tuple[Measure, ...]
    changed: tuple[MeasureChange, ...]


@dataclass(frozen=True)
class ListDiff:
    added: tuple[Entry, ...]
    removed: tuple[Entry, ...]
    changed: tuple[EntryChange, ...]

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def to_json(self) -> dict[str, Any]:
        return {
            "added": [e.to_json() for e in self.added],
            "removed": [e.to_json() for e in self.removed],
            "changed": [
                {
                    "uscc": c.uscc,
                    "grade": None if c.grade is None else [g.value for g in c.grade],
                    "baseline": None if c.baseline is None else [dict(b) for b in c.baseline],
                    "measures_added": [m.to_json() for m in c.added],
                    "measures_removed": [m.to_json() for m in c.removed],
                    "measures_changed": [
                        {"before": m.before.to_json(), "after": m.after.to_json()}
                        for m in c.changed
                    ],
                }
                for c in self.changed
            ],
        }


def diff(before: Sequence[Entry], after: Sequence[Entry]) -> ListDiff:
    """What changed from ``before`` to ``after``: enterprises added and removed (by USCC),
    and for those on both, a changed grade or baseline and the measures added, removed and
    changed (a measure is known by its kind and detail; changed: its % or its cuts)."""
    old = {e.uscc: e for e in before}
    new = {e.uscc: e for e in after}
    changes = []
    for uscc, entry in new.items():
        was = old.get(uscc)
        if was is None or was == entry:
            continue
        old_m = {m.key: m for m in was.measures}
        new_m = {m.key: m for m in entry.measures}
        changes.append(
            EntryChange(
                uscc,
                None if was.grade is entry.grade else (was.grade, entry.grade),
                None
                if dict(was.baseline) == dict(entry.baseline)
                else (was.baseline, entry.baseline),
                tuple(m for k, m in new_m.items() if k not in old_m),
                tuple(m for k, m in old_m.items() if k not in new_m),
                tuple(
                    MeasureChange(old_m[k], m)
                    for k, m in new_m.items()
                    if k in old_m and old_m[k] != m
                ),
            )
        )
    return ListDiff(
        tuple(e for u, e in new.items() if u not in old),
        tuple(e for u, e in old.items() if u not in new),
        tuple(changes),
    )


# --- expected cuts against the requirement -----------------------------------------------------


@dataclass(frozen=True)
class CutLine:
    """The expected cut of a group of listed enterprises (a city, a member, the event) for
    one pollutant: kg/d cut, their ordinary emission (kg/d), the share and whether it meets
    the required share (None when no baseline is known)."""

    unit: str
    pollutant: str
    cut: float
    baseline: float
    required: float | None

    @property
    def share(self) -> float | None:
        return self.cut / self.baseline if self.baseline > 0 else None

    @property
    def meets(self) -> bool | None:
        if self.required is None or self.share is None:
            return None
        return self.share >= self.required - 1e-9


def cuts(
    entries: Iterable[tuple[str, str, Entry]], required: Mapping[str, float]
) -> dict[str, list[CutLine]]:
    """Sums of the expected cuts per pollutant by city, by member and for the whole event
    (key "event"), each against ``required`` (share of the ordinary emission; a pollutant
    without a requirement has none). ``entries``: (member code, city code, entry)."""
    totals: dict[tuple[str, str], list[float]] = {}
    for member, city, entry in entries:
        for unit in (f"city:{city}", f"member:{member}", "event"):
            for pollutant in POLLUTANTS:
                sums = totals.setdefault((unit, pollutant), [0.0, 0.0])
                sums[0] += entry.cut(pollutant)
                sums[1] += entry.baseline.get(pollutant, 0.0)
    found: dict[str, list[CutLine]] = {}
    for (unit, pollutant), (cut, base) in sorted(totals.items()):
        found.setdefault(unit, []).append(
            CutLine(unit, pollutant, cut, base, required.get(pollutant))
        )
    for lines in found.values():
        lines.sort(key=lambda line: POLLUTANTS.index(line.pollutant))
    return found


# --- proof of execution --------------------------------------------------------------------------


def baseline_days(event_days: Sequence[date], weeks: int) -> list[date]:
    """The same weekdays of the ``weeks`` previous weeks of every day of the event (not a
    day of the event itself)."""
    during = set(event_days)
    days = {d - timedelta(weeks=k) for d in event_days for k in range(1, weeks + 1)}
    return sorted(days - during)


def event_days(starts: date, ends: date) -> list[date]:
    return [starts + timedelta(days=n) for n in range((ends - starts).days + 1)]


@dataclass(frozen=True)
class Judgement:
    """Per enterprise and pollutant (columns): emission rate during the event and over its
    baseline days (kg/h, mean over the hours with data), the ratio, the largest ratio the
    list allows, and the flag where the measure was not carried out (None: not judged,
    for want of data on either side)."""

    uscc: np.ndarray
    pollutant: np.ndarray
    event_rate: np.ndarray
    baseline_rate: np.ndarray
    ratio: np.ndarray
    allowed: np.ndarray
    flagged: np.ndarray  # 1 flagged, 0 carried out, -1 not judged


def judge_execution(
    uscc: np.ndarray,
    pollutant: np.ndarray,
    event_rate: np.ndarray,
    baseline_rate: np.ndarray,
    expected_remaining: np.ndarray,
    stops: np.ndarray,
    config: EventConfig,
) -> Judgement:
    """Flag where the measured emission during the event is above what the list promised.

    For an enterprise under 'stop', more than ``config.stop_share`` of its baseline is
    flagged; for the others, more than its expected remaining share (1 − its cut / its
    ordinary emission, per pollutant) plus ``config.tolerance``. Rows without a positive
    baseline rate or without event data are not judged."""
    event_rate = np.asarray(event_rate, dtype=float)
    baseline_rate = np.asarray(baseline_rate, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(baseline_rate > 0, event_rate / baseline_rate, np.nan)
    allowed = np.where(
        np.asarray(stops, dtype=bool),
        config.stop_share,
        np.clip(np.asarray(expected_remaining, dtype=float), 0.0, 1.0) + config.tolerance,
    )
    judged = ~np.isnan(ratio)
    flagged = np.where(judged, (ratio > allowed + 1e-9).astype(int), -1)
    return Judgement(
        np.asarray(uscc), np.asarray(pollutant), event_rate, baseline_rate, ratio, allowed, flagged
    )


def expected_remaining(entry: Entry, pollutant: str) -> float:
    """1 − cut / ordinary emission (1 where no baseline is known: nothing promised)."""
    base = entry.baseline.get(pollutant, 0.0)
    return 1.0 - entry.cut(pollutant) / base if base > 0 else 1.0


# --- the event itself -----------------------------------------------------------------------


def check_event(name: str, starts: date, ends: date, aqi_max: int | None) -> None:
    if not name.strip() or len(name) > MAX_TEXT:
        raise InvalidInput(
            gettext_noop("Give the event a name of at most {limit} characters."),
            field="name",
            limit=MAX_TEXT,
        )
    if ends < starts:
        raise InvalidInput(gettext_noop("The event ends before it starts."), field="ends")
    if (ends - starts).days > 366:
        raise InvalidInput(gettext_noop("An event lasts at most a year."), field="ends")
    if aqi_max is not None and not 1 <= aqi_max <= 500:
        raise InvalidInput(
            gettext_noop("The AQI goal is a whole number from 1 to 500."), field="aqi_max"
        )


def check_shares(shares: Mapping[str, Any]) -> dict[str, float]:
    """Required shares per pollutant as fractions (0–1), from percent values."""
    found: dict[str, float] = {}
    for pollutant, value in shares.items():
        if pollutant not in POLLUTANTS:
            raise InvalidInput(
                gettext_noop("Unknown pollutant {got}; use SO2, NOx, PM or VOCs."),
                field="required_shares",
                got=pollutant,
            )
        if value is None or value == "":
            continue
        number = _number(value, f"required_{pollutant}", upper=100)
        if number is not None:
            found[pollutant] = number / 100
    return found
