"""Paid-use fees (有偿使用费) for confirmed rights.

Fee = tonnes × price per tonne-year × years, in whole fen (rounded half up), with the
price looked up in a versioned :class:`~deltacap.domain.rights.schedules.Schedule` by
member, pollutant, payer class and the day the fee is assessed. Source: 2015 national
draft measures, fee levels set by each pilot province (docs/domain/accounting.md §6.1, [V-2nd]);
observed rates such as Jiangsu Taihu NH3-N (docs/domain/accounting.md §6.3, [V-2nd]) are per tonne
and year, hence ``years``. No price is built in (docs/domain/accounting.md §0 item 4).
"""

from dataclasses import dataclass
from datetime import date

from deltacap.domain.rights.errors import AmountNotValid
from deltacap.domain.rights.quantities import require_positive_kg, value_fen
from deltacap.domain.rights.schedules import PaidUsePrice, Schedule


@dataclass(frozen=True)
class PaidUseFee:
    """A fee and the price row it used (so a later table cannot change it silently)."""

    kg: int
    years: int
    fen: int
    price: PaidUsePrice


def paid_use_fee(
    kg: int,
    *,
    member: str,
    pollutant: str,
    day: date,
    prices: Schedule[PaidUsePrice],
    years: int = 1,
    payer_class: str = "",
) -> PaidUseFee:
    """The paid-use fee for ``kg`` per year held for ``years`` years, assessed on ``day``.

    Raises QuantityNotPositive for ``kg`` or ``years`` below 1, NoScheduleEntry when no
    price is configured for the member (or region-wide) on that day.
    """
    require_positive_kg(kg, "kg")
    require_positive_kg(years, "years", "years")
    price = prices.lookup(member, pollutant, day, payer_class)
    return PaidUseFee(kg, years, value_fen(kg, price.fen_per_tonne_year, years), price)


def validity_years(valid_from: date, valid_to: date) -> int:
    """Years of validity a fee is charged for: whole years from ``valid_from``, a part
    year counted as a year (2025-01-01..2029-12-31 is 5, ..2030-01-01 is 6).

    How the pilots charge a part year was not found in their rules ([M]): counting it in
    full is the reading under which no validity goes unpaid. Raises AmountNotValid when
    ``valid_to`` is before ``valid_from``.
    """
    if valid_to < valid_from:
        raise AmountNotValid(field="valid_to", expected=f"on or after {valid_from}", got=valid_to)
    years = valid_to.year - valid_from.year
    if _anniversary(valid_from, years) <= valid_to:
        years += 1
    return max(years, 1)


def _anniversary(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one: the year ends on 28 February
        return date(day.year + years, 3, 1)
