"""When a reduction counts: the two crediting policies of docs/domain/accounting.md §2.4.

The official 14th FYP rule was not found. Both readings are supported and
both figures are always computed, so the plan period's rule can decide later:

- period actuals (12th FYP style): credit from the first day of the second
  month after stable operation starts, for 12 months, split over calendar
  years ("连续稳定运行的，核算时间从稳定运行后第二个月算起" [V-2nd]);
- annual capacity ("形成有效减排能力" [V-2nd] wording): the full annual
  reduction capacity in the year the project is completed and accepted, if it
  runs stably at year end [M].
"""

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from types import MappingProxyType

from deltacap.domain.accounting.errors import CreditingError
from deltacap.domain.accounting.provenance import Tag


class CreditingPolicy(StrEnum):
    PERIOD_ACTUALS = "period_actuals"
    ANNUAL_CAPACITY = "annual_capacity"


@dataclass(frozen=True)
class CreditingRule:
    """A crediting policy with its parameters, source and tag (data, not code)."""

    policy: CreditingPolicy
    tag: Tag
    source: str
    start_offset_months: int = 1
    credited_months: int = 12


PERIOD_ACTUALS_RULE = CreditingRule(
    CreditingPolicy.PERIOD_ACTUALS,
    Tag.MEMORY,
    "12th FYP air rules, sfmzp.com/article-5225-6.html [V-2nd]; use for the 14th FYP [M]; "
    "'second month' read as the month after the month stable operation starts [M]",
)
ANNUAL_CAPACITY_RULE = CreditingRule(
    CreditingPolicy.ANNUAL_CAPACITY,
    Tag.MEMORY,
    "14th FYP scheme wording 形成有效减排能力, m.bjx.com.cn/mnews/20220128/1202134.shtml [V-2nd]",
)
# Which rule counts toward each plan period's targets: unknown, so configurable [M].
PLAN_PERIOD_RULES: Mapping[str, CreditingRule] = MappingProxyType(
    {"fyp14": ANNUAL_CAPACITY_RULE, "fyp15": ANNUAL_CAPACITY_RULE}
)


@dataclass(frozen=True)
class CreditWindow:
    """Days of one calendar year in the period-actuals window (both ends inclusive)."""

    year: int
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class Credit:
    """What one year credits for one pollutant of one project, under a rule."""

    policy: CreditingPolicy
    year: int
    operation_start: date
    stable_from: date
    days_credited: int
    reduction_period_kg: int
    reduction_annual_capacity_kg: int
    counted_kg: int


def add_months(day: date, months: int) -> date:
    """The first day of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def credit_windows(
    stable_from: date, rule: CreditingRule = PERIOD_ACTUALS_RULE
) -> tuple[CreditWindow, ...]:
    """The period-actuals windows, one per calendar year touched.

    Credit starts on the first day of the month ``rule.start_offset_months``
    after ``stable_from``'s month and lasts ``rule.credited_months`` months.
    """
    start = add_months(stable_from, rule.start_offset_months)
    last = add_months(start, rule.credited_months) - timedelta(days=1)
    windows = []
    for year in range(start.year, last.year + 1):
        window_start = max(start, date(year, 1, 1))
        window_end = min(last, date(year, 12, 31))
        windows.append(CreditWindow(year, window_start, window_end))
    return tuple(windows)


def prorate(annual_kg: int, windows: tuple[CreditWindow, ...]) -> dict[int, int]:
    """Share ``annual_kg`` over the windows by days; the last window takes the remainder.

    The shares always sum to ``annual_kg`` (no kilogram is created or lost).
    """
    total_days = sum(window.days for window in windows)
    shares = {window.year: annual_kg * window.days // total_days for window in windows[:-1]}
    shares[windows[-1].year] = annual_kg - sum(shares.values())
    return shares


def credit_for_year(
    rule: CreditingRule,
    *,
    year: int,
    operation_start: date,
    stable_from: date,
    annual_capacity_kg: int,
    accepted_on: date | None = None,
    stable_at_year_end: bool = False,
    period_kg: int | None = None,
) -> Credit:
    """The credit ``year`` gets under ``rule``; both policies' figures are recorded.

    ``period_kg`` is the reduction computed from the window's own monitoring
    data; without it the annual capacity is prorated by days. ``days_credited``
    is the period-actuals window's days in ``year``. Raises CreditingError.
    """
    _check(operation_start, stable_from, annual_capacity_kg, period_kg)
    windows = credit_windows(stable_from, rule)
    in_year = [window for window in windows if window.year == year]
    days = in_year[0].days if in_year else 0
    if period_kg is None:
        period_kg = prorate(annual_capacity_kg, windows).get(year, 0)
    elif not in_year:
        raise CreditingError(reason=f"no period-actuals window falls in {year}")
    counted = period_kg
    if rule.policy is CreditingPolicy.ANNUAL_CAPACITY:
        counts = _capacity_counts(year, stable_from, accepted_on, stable_at_year_end)
        counted = annual_capacity_kg if counts else 0
    return Credit(rule.policy, year, operation_start, stable_from, days, period_kg,
                  annual_capacity_kg, counted)  # fmt: skip


def _capacity_counts(
    year: int, stable_from: date, accepted_on: date | None, stable_at_year_end: bool
) -> bool:
    """Completed and accepted in ``year``, stable by then and still stable at year end."""
    accepted = accepted_on is not None and accepted_on.year == year
    return accepted and stable_from.year <= year and stable_at_year_end


def _check(
    operation_start: date, stable_from: date, annual_capacity_kg: int, period_kg: int | None
) -> None:
    if stable_from < operation_start:
        raise CreditingError(reason="stable operation cannot start before operation")
    if annual_capacity_kg < 0 or (period_kg is not None and period_kg < 0):
        raise CreditingError(reason="a negative reduction is refused, not credited")


def duplicate_credits(keys: Iterable[Hashable]) -> list[Hashable]:
    """Keys (e.g. project, pollutant, plan period) credited more than once.

    A project's reduction counts once toward a cumulative target
    (docs/domain/accounting.md §2.1 [M]).
    """
    counts = Counter(keys)
    return [key for key, count in counts.items() if count > 1]
