"""Heavy-pollution weather warnings (重污染天气预警): the national schemes as versioned
configuration, the level a forecast calls for, and the emission cut each level asks.

A scheme grades a warning from the forecast daily AQI, each day's value a rolling 24 h mean
(it may span natural days), and how long it lasts. A forecast is a series of daily values,
one per day from the first forecast day; a duration of 24 h is one daily value, 48 h two
consecutive ones, and so on.

Sources (docs/domain/standards.md §5, where each fact is tagged):
- the 2024 scheme, 生态环境部《关于进一步优化重污染天气应对机制的指导意见》(环大气〔2024〕6号,
  the document number unverified), 一、"优化重污染天气应急响应规则": yellow, orange, red
  (§5.1, [V-2nd]);
- the earlier scheme, the 2017-09 revision with four levels, blue the lowest (§5.2, [V-2nd]);
- the reduction shares: SO2, NOx, PM and VOCs each cut by at least 10 / 20 / 30 % of the
  city-wide baseline at yellow / orange / red (§5.3, [V-2nd]).
The dates from which each scheme applies are not verified: configuration, flagged so.

>>> decide("2024", [210, 230, 180])  # > 200 for 48 h: orange
<WarningLevel.ORANGE: 'orange'>
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from deltacap.domain.errors import InvalidInput, gettext_noop

HOURS_PER_VALUE = 24  # one forecast daily AQI covers a rolling 24 h
MAX_FORECAST_DAYS = 15
MAX_AQI = 500  # HJ 633: the AQI runs from 0 to 500


class WarningLevel(enum.StrEnum):
    """Warning levels, lowest first (蓝 blue exists only in the earlier scheme)."""

    BLUE = "blue"
    YELLOW = "yellow"
    ORANGE = "orange"
    RED = "red"

    @property
    def rank(self) -> int:
        return list(WarningLevel).index(self)


class Verification(enum.StrEnum):
    """How far a configured fact was checked (docs/domain/standards.md's tags)."""

    VERIFIED = "verified"  # [V]
    SECONDARY = "verified-secondary"  # [V-2nd]: a secondary source only
    UNVERIFIED = "unverified"  # [M]: from memory, a placeholder


@dataclass(frozen=True)
class Condition:
    """The daily AQI above ``above`` (at least ``above`` when ``inclusive``) for at least
    ``hours`` consecutive hours."""

    above: int
    hours: int = HOURS_PER_VALUE
    inclusive: bool = False

    def holds(self, aqi: int) -> bool:
        return aqi >= self.above if self.inclusive else aqi > self.above

    @property
    def days(self) -> int:
        return -(-self.hours // HOURS_PER_VALUE)


@dataclass(frozen=True)
class Trigger:
    """All ``conditions`` hold within one episode: a run of consecutive days meeting the
    first condition for its duration, within which each further condition holds for its
    own (the higher thresholds of a level are reached within the same episode)."""

    conditions: tuple[Condition, ...]

    def met(self, series: Sequence[int]) -> bool:
        first, *rest = self.conditions
        for start, end in _runs(series, first):
            if end - start < first.days:
                continue
            episode = series[start:end]
            if all(_longest(episode, c) >= c.days for c in rest):
                return True
        return False


@dataclass(frozen=True)
class LevelRule:
    """A level and the triggers (any one suffices) that call for it."""

    level: WarningLevel
    triggers: tuple[Trigger, ...]
    # The minimum cut of each pollutant's city-wide baseline emissions, percent (§5.3).
    reduction_percent: Decimal | None = None


@dataclass(frozen=True)
class Scheme:
    """One national scheme of warning levels, the rules lowest level first."""

    key: str
    title: str
    source: str
    in_force_from: dt.date
    rules: tuple[LevelRule, ...]
    thresholds_status: Verification
    date_status: Verification
    reduction_status: Verification
    # The pollutants each level's reduction share applies to (§5.3).
    pollutants: tuple[str, ...] = ("SO2", "NOx", "PM", "VOCs")

    @property
    def levels(self) -> tuple[WarningLevel, ...]:
        return tuple(rule.level for rule in self.rules)

    def rule(self, level: WarningLevel) -> LevelRule:
        for rule in self.rules:
            if rule.level is level:
                return rule
        raise InvalidInput(
            gettext_noop("The {scheme} scheme has no {level} level."),
            field="level",
            scheme=self.key,
            level=level.value,
        )


def _when(above: int, days: int = 1, inclusive: bool = False) -> Condition:
    return Condition(above, days * HOURS_PER_VALUE, inclusive)


def _any(*alternatives: tuple[Condition, ...]) -> tuple[Trigger, ...]:
    return tuple(Trigger(conditions) for conditions in alternatives)


_SHARES = {
    WarningLevel.YELLOW: Decimal(10),
    WarningLevel.ORANGE: Decimal(20),
    WarningLevel.RED: Decimal(30),
}

# docs/domain/standards.md §5.1: the table of levels and triggers.
SCHEME_2024 = Scheme(
    key="2024",
    title="关于进一步优化重污染天气应对机制的指导意见（2024）",
    source="生态环境部 环大气〔2024〕6号（文号未核实）一、优化重污染天气应急响应规则",
    # Unverified: reported as issued by 2024-06-22 (standards.md §5.1's sources).
    in_force_from=dt.date(2024, 6, 22),
    rules=(
        # 黄色: 预测日AQI>200 或 日AQI>150持续48小时及以上
        LevelRule(
            WarningLevel.YELLOW,
            _any((_when(200),), (_when(150, 2),)),
            _SHARES[WarningLevel.YELLOW],
        ),
        # 橙色: 日AQI>200持续48小时 或 日AQI>150持续72小时及以上
        LevelRule(
            WarningLevel.ORANGE,
            _any((_when(200, 2),), (_when(150, 3),)),
            _SHARES[WarningLevel.ORANGE],
        ),
        # 红色: 日AQI>200持续72小时 且 日AQI>300持续24小时及以上
        LevelRule(
            WarningLevel.RED,
            _any((_when(200, 3), _when(300))),
            _SHARES[WarningLevel.RED],
        ),
    ),
    thresholds_status=Verification.SECONDARY,
    date_status=Verification.UNVERIFIED,
    reduction_status=Verification.SECONDARY,
)

# docs/domain/standards.md §5.2: the 2017-09 revision, four levels.
SCHEME_2017 = Scheme(
    key="2017",
    title="重污染天气预警分级标准（2017年9月修订，四级）",
    source="生态环境部（原环境保护部）2017年9月修订的预警分级标准",
    in_force_from=dt.date(2017, 9, 1),  # unverified: "2017-09" only
    rules=(
        # 蓝色: 预测AQI日均值>200将持续1天
        LevelRule(WarningLevel.BLUE, _any((_when(200),))),
        # 黄色: >200将持续2天及以上
        LevelRule(WarningLevel.YELLOW, _any((_when(200, 2),)), _SHARES[WarningLevel.YELLOW]),
        # 橙色: >200将持续3天, 且出现AQI日均值>300
        LevelRule(
            WarningLevel.ORANGE,
            _any((_when(200, 3), _when(300))),
            _SHARES[WarningLevel.ORANGE],
        ),
        # 红色: >200将持续4天及以上 且 >300将持续2天及以上; 或 AQI日均值达到500并将持续1天及以上
        LevelRule(
            WarningLevel.RED,
            _any((_when(200, 4), _when(300, 2)), (_when(MAX_AQI, inclusive=True),)),
            _SHARES[WarningLevel.RED],
        ),
    ),
    thresholds_status=Verification.SECONDARY,
    date_status=Verification.UNVERIFIED,
    # The shares are stated with the three-colour levels; their use with this scheme is
    # from memory (环办大气函〔2019〕648号).
    reduction_status=Verification.UNVERIFIED,
)

SCHEMES: dict[str, Scheme] = {s.key: s for s in (SCHEME_2024, SCHEME_2017)}


def scheme(key: str) -> Scheme:
    """The scheme named ``key`` ("2024", "2017"). Raises InvalidInput for another."""
    found = SCHEMES.get(str(key).strip())
    if found is None:
        raise InvalidInput(
            gettext_noop("No warning scheme {scheme}; the schemes are {known}."),
            field="scheme",
            scheme=key,
            known=", ".join(SCHEMES),
        )
    return found


def scheme_on(day: dt.date) -> Scheme:
    """The scheme in force on ``day`` (the latest that had taken effect). Raises
    InvalidInput for a day before the earliest scheme."""
    in_force = [s for s in SCHEMES.values() if s.in_force_from <= day]
    if not in_force:
        raise InvalidInput(
            gettext_noop("No warning scheme was in force on {day}."),
            field="start",
            day=day.isoformat(),
        )
    return max(in_force, key=lambda s: s.in_force_from)


def check_series(values: Sequence[object], field: str = "forecast_aqi") -> list[int]:
    """The forecast daily AQI as whole numbers 0-500, one a day, 1 to 15 days. Raises
    InvalidInput naming the day at fault."""
    if not values:
        raise InvalidInput(
            gettext_noop("Give the forecast daily AQI, one value a day."), field=field
        )
    if len(values) > MAX_FORECAST_DAYS:
        raise InvalidInput(
            gettext_noop("Give at most {limit} days of forecast; got {count}."),
            field=field,
            limit=MAX_FORECAST_DAYS,
            count=len(values),
        )
    series = []
    for day, value in enumerate(values, start=1):
        number = _whole(value)
        if number is None or not 0 <= number <= MAX_AQI:
            raise InvalidInput(
                gettext_noop("Day {day}: the AQI is a whole number from 0 to 500; got {got}."),
                field=field,
                day=day,
                got=value,
            )
        series.append(number)
    return series


def _whole(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = str(value).strip()
    return int(text) if text.isascii() and text.isdigit() else None


def decide(scheme_key: str | Scheme, series: Sequence[int]) -> WarningLevel | None:
    """The highest level of the scheme whose trigger the forecast meets, or None (no
    warning). ``series``: the forecast daily AQI, one value a day from the first day."""
    chosen = scheme_key if isinstance(scheme_key, Scheme) else scheme(scheme_key)
    values = check_series(series)
    level = None
    for rule in chosen.rules:
        if any(trigger.met(values) for trigger in rule.triggers):
            level = rule.level
    return level


def reduction_percent(scheme_key: str | Scheme, level: WarningLevel) -> Decimal | None:
    """The minimum cut of each of SO2, NOx, PM and VOCs at ``level``, percent of the
    city-wide baseline emissions (None: the scheme sets none at that level)."""
    chosen = scheme_key if isinstance(scheme_key, Scheme) else scheme(scheme_key)
    return chosen.rule(level).reduction_percent


def _runs(series: Sequence[int], condition: Condition) -> list[tuple[int, int]]:
    """The maximal runs [start, end) of consecutive days meeting ``condition``."""
    runs, start = [], None
    for i, aqi in enumerate(series):
        if condition.holds(aqi):
            start = i if start is None else start
        elif start is not None:
            runs.append((start, i))
            start = None
    if start is not None:
        runs.append((start, len(series)))
    return runs


def _longest(series: Sequence[int], condition: Condition) -> int:
    return max((end - start for start, end in _runs(series, condition)), default=0)
