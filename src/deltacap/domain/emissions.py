"""Emission totals from online monitoring data: the rules, written once. Pure.

An outlet's monitoring device uploads records (HJ 212-2017 minute data, CN 2051,
or hourly data, CN 2061): for each factor a mean concentration (``-Avg``) and a
data flag (``-Flag``), and for the flow factor (w00000 waste water, a00000 flue
gas) the volume of the interval (``-Cou``, m3) or its mean rate (``-Avg``: L/s
for water, m3/s for gas; HJ 212-2017 Annex B).

Emission of one record = concentration x flow volume x unit factor:
water mg/L x m3 = g, so kg = x 0.001; gas mg/m3 x m3 = mg, so kg = x 0.000001.
Water and gas are told apart by the factor code (Annex B: ``w...`` water,
``a...`` gas), and each pollutant is paired with its medium's flow factor.

Flags (HJ 212-2017 data flags; the treatment is this project's rule):

- ``N`` (normal) and ``T`` (over the upper range: the value is a lower bound and
  is counted as sent) are **valid**.
- ``F`` (stopped): the source is not running: **zero** emission, and the record
  is not expected, so it does not lower the capture rate.
- ``M`` maintenance, ``C`` calibration, ``D`` fault, ``B`` communication fault,
  ``S`` manually set, and any unknown flag are **invalid**: their values are
  not used. Within an hour each invalid record is replaced by the mean emission
  of the hour's valid records (the hour's total is scaled by
  (valid + invalid) / valid). An hour with no valid record has no emission figure
  (None: missing, never zero).
- A record is judged by its own flag and its flow's flag: the worse one wins
  (stopped before invalid before valid); a record without a flow value is invalid.
- A value the screening flagged (beyond its field's data type or the factor's
  plausible range, ``domain.screening``) is read with the flag ``SUSPECT_FLAG``, which
  is not a data flag of the standard: its record is invalid (stopped when its flow
  says the source stopped), so the value never enters a total.

Capture rate (有效数据率) = valid records / expected records, where an hour
expects 60 / minute interval records (1 for hourly data) less its stopped ones;
records never received count as missing. An exceedance is an hour whose mean
concentration (valid records) is above the outlet's limit; consecutive such
hours form one event.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

VALID_FLAGS = frozenset({"N", "T"})
STOPPED_FLAGS = frozenset({"F"})
INVALID_FLAGS = frozenset({"M", "C", "D", "B", "S"})
# The flag a screened-out value is read with (no data flag of HJ 212 has this name).
SUSPECT_FLAG = "suspect"

# The flow factor of each medium (HJ 212-2017 Annex B: w00000 L/s, a00000 m3/s; Cou in m3).
FLOW_FACTORS = {"water": "w00000", "air": "a00000"}
FLOW_RATE_M3_PER_S = {"water": Decimal("0.001"), "air": Decimal("1")}
# kg per (concentration unit x m3): water mg/L, gas mg/m3 (Annex B units).
KG_PER_UNIT_M3 = {"water": Decimal("0.001"), "air": Decimal("0.000001")}

_RATE_PLACES = Decimal("0.0001")
FLOW_FACTOR_CODES = frozenset(FLOW_FACTORS.values())
HOUR = timedelta(hours=1)


def medium_of(factor: str) -> str:
    """``"water"`` for Annex B water codes (``w...``), ``"air"`` for the rest (``a...``)."""
    return "water" if factor.startswith("w") else "air"


class Status(enum.StrEnum):
    VALID = "valid"
    INVALID = "invalid"
    STOPPED = "stopped"


def flag_of(flag: str | None, suspect: bool) -> str | None:
    """The flag a record is judged by: ``SUSPECT_FLAG`` for a screened-out value."""
    return SUSPECT_FLAG if suspect else flag


def status(flag: str | None, flow_flag: str | None = "N") -> Status:
    """A record's status from its flag and its flow's flag (None = no flag sent = N)."""
    flags = (flag or "N", flow_flag or "N")
    if any(f in STOPPED_FLAGS for f in flags):
        return Status.STOPPED
    if all(f in VALID_FLAGS for f in flags):
        return Status.VALID
    return Status.INVALID


def flow_volume_m3(
    *, cou: Decimal | None, avg: Decimal | None, seconds: int, medium: str
) -> Decimal | None:
    """Flow volume of one record in m3: ``cou`` (m3) as sent, else mean rate x ``seconds``."""
    if cou is not None:
        return cou
    if avg is None:
        return None
    return avg * FLOW_RATE_M3_PER_S[medium] * seconds


@dataclass(frozen=True, slots=True)
class Record:
    """One record of one factor: mean concentration, flow volume (m3) and both flags."""

    concentration: Decimal | None
    flow_m3: Decimal | None
    flag: str | None = "N"
    flow_flag: str | None = "N"

    @property
    def status(self) -> Status:
        judged = status(self.flag, self.flow_flag)
        if judged is Status.VALID and (self.concentration is None or self.flow_m3 is None):
            return Status.INVALID
        return judged


@dataclass(frozen=True, slots=True)
class HourFigures:
    """One hour of one factor of one outlet. ``emission_kg`` is None when no record is valid."""

    valid: int
    invalid: int
    stopped: int
    expected: int
    emission_kg: Decimal | None
    flow_m3: Decimal | None
    mean_concentration: Decimal | None
    max_concentration: Decimal | None

    @property
    def capture_rate(self) -> Decimal | None:
        return capture_rate(self.valid, self.expected)


def hour_figures(records: Sequence[Record], *, medium: str, per_hour: int) -> HourFigures:
    """The figures of one hour from its records; ``per_hour`` records are expected (60/interval).

    Emission in kg (see the module's rules); flow in m3; concentrations in the
    factor's unit. Raises KeyError for a medium other than water or air.
    """
    factor = KG_PER_UNIT_M3[medium]
    by_status: dict[Status, list[Record]] = {s: [] for s in Status}
    for record in records:
        by_status[record.status].append(record)
    valid, invalid = by_status[Status.VALID], by_status[Status.INVALID]
    stopped = len(by_status[Status.STOPPED])
    expected = max(per_hour - stopped, 0)
    if not valid:
        zero = Decimal(0) if stopped and not invalid else None
        return HourFigures(0, len(invalid), stopped, expected, zero, zero, None, None)
    scale = Decimal(len(valid) + len(invalid)) / len(valid)
    kg = flow = total = Decimal(0)
    peak: Decimal | None = None
    for r in valid:
        assert r.concentration is not None and r.flow_m3 is not None  # VALID says so
        kg += r.concentration * r.flow_m3
        flow += r.flow_m3
        total += r.concentration
        peak = r.concentration if peak is None else max(peak, r.concentration)
    return HourFigures(
        len(valid),
        len(invalid),
        stopped,
        expected,
        kg * factor * scale,
        flow * scale,
        total / len(valid),
        peak,
    )


def per_hour(minute_interval: int) -> int:
    """Records an hour expects from a device sending every ``minute_interval`` minutes."""
    if minute_interval <= 0:
        raise ValueError("minute_interval must be positive")
    return max(60 // minute_interval, 1)


def capture_rate(valid: int, expected: int) -> Decimal | None:
    """有效数据率: valid / expected, at most 1, to 4 places; None when nothing was expected."""
    if expected <= 0:
        return None
    return min(Decimal(valid) / expected, Decimal(1)).quantize(_RATE_PLACES)


def period_expected(
    *, hours_in_period: int, hours_seen: int, expected_seen: int, per_hour: int
) -> int:
    """Records expected over a period: what the hours with data expected (less stopped records),
    plus ``per_hour`` for each hour of the period from which nothing arrived."""
    return expected_seen + max(hours_in_period - hours_seen, 0) * per_hour


@dataclass(frozen=True, slots=True)
class ExceedanceEvent:
    """Consecutive hours whose mean concentration was above ``limit``; ``end`` is exclusive."""

    start: datetime
    end: datetime
    hours: int
    peak: Decimal
    limit: Decimal


def exceedance_events(
    hours: Iterable[tuple[datetime, Decimal | None]], limit: Decimal
) -> list[ExceedanceEvent]:
    """Events from ``(hour start, mean concentration)`` pairs (any order; None = no valid data).

    An hour exceeds when its mean is strictly above ``limit``; a gap or a
    compliant hour ends an event.
    """
    events: list[ExceedanceEvent] = []
    run: list[tuple[datetime, Decimal]] = []
    for hour, value in sorted((h, v) for h, v in hours if v is not None and v > limit):
        if run and hour != run[-1][0] + HOUR:
            events.append(_event(run, limit))
            run = []
        run.append((hour, value))
    if run:
        events.append(_event(run, limit))
    return events


def _event(run: list[tuple[datetime, Decimal]], limit: Decimal) -> ExceedanceEvent:
    return ExceedanceEvent(run[0][0], run[-1][0] + HOUR, len(run), max(v for _, v in run), limit)
