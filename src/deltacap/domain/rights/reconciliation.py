"""Year-end reconciliation: held rights against actual emissions (issue 4 item 7).

For each enterprise and pollutant: the rights it held for the year, its actual emissions
(from monitoring totals when there are any for that pollutant and year, otherwise the
submitted figure: ``prefer_monitoring``; each line says which, with the monitoring's data
capture rate) and the difference, a surplus or a shortfall. A pair with holdings but no
figure is listed as ``no_figure``, never as a surplus.

Rights are quantities per year; a holding valid for only part of the year counts, by
default, pro rata by days, rounded down (``Coverage.PRO_RATA``); ``Coverage.ANY_DAY``
counts it in full if valid on any day of the year. How partial years are counted was
not found in the members' rules ([M]), hence the parameter.
"""

from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from deltacap.domain.rights.accounts import LEDGER_ACCOUNT_IDS, HoldingKey
from deltacap.domain.rights.book import Book


class Coverage(StrEnum):
    PRO_RATA = "pro_rata"
    ANY_DAY = "any_day"


class Status(StrEnum):
    SURPLUS = "surplus"
    SHORTFALL = "shortfall"
    BALANCED = "balanced"
    NO_FIGURE = "no_figure"


class ActualBasis(StrEnum):
    """Where an actual emission figure comes from."""

    MONITORING = "monitoring"
    SUBMITTED = "submitted"


@dataclass(frozen=True)
class ActualEmission:
    """Actual emissions of a year (kg); ``capture_rate`` (有效数据率) of monitoring totals."""

    kg: int
    source: str
    basis: ActualBasis = ActualBasis.SUBMITTED
    capture_rate: Decimal | None = None


Pair = tuple[str, str]


def prefer_monitoring(
    monitored: Mapping[Pair, ActualEmission], submitted: Mapping[Pair, ActualEmission]
) -> dict[Pair, ActualEmission]:
    """Per (account, pollutant): the monitoring total where the enterprise's outlets
    reported that pollutant in the year, otherwise the figure submitted to its bureau
    (issue 4 item 7: "from monitoring totals when the monitoring issue provides them,
    otherwise from submitted figures")."""
    return {**submitted, **monitored}


@dataclass(frozen=True)
class ReconciliationLine:
    """One enterprise and pollutant: held, emitted, and held minus emitted (kg/a)."""

    account: str
    pollutant: str
    held_kg: int
    actual_kg: int | None
    actual_source: str | None
    difference_kg: int | None
    status: Status
    actual_basis: ActualBasis | None = None
    capture_rate: Decimal | None = None


def _year_share(key: HoldingKey, kg: int, year: int, coverage: Coverage) -> int:
    first, last = date(year, 1, 1), date(year, 12, 31)
    start, end = max(key.valid_from, first), min(key.valid_to, last)
    if end < start:
        return 0
    if coverage is Coverage.ANY_DAY:
        return kg
    days, year_days = (end - start).days + 1, (last - first).days + 1
    return kg * days // year_days


def held_for_year(
    book: Book,
    year: int,
    *,
    accounts: Collection[str] | None = None,
    coverage: Coverage = Coverage.PRO_RATA,
) -> dict[tuple[str, str], int]:
    """Rights held for ``year`` per (account, pollutant), of ``accounts`` (default all)."""
    held: dict[tuple[str, str], int] = defaultdict(int)
    for key, kg in book.items():
        if key.account in LEDGER_ACCOUNT_IDS or (
            accounts is not None and key.account not in accounts
        ):
            continue
        share = _year_share(key, kg, year, coverage)
        if share:
            held[(key.account, key.pollutant)] += share
    return dict(held)


def _line(key: tuple[str, str], held: int, actual: ActualEmission | None) -> ReconciliationLine:
    if actual is None:
        return ReconciliationLine(*key, held, None, None, None, Status.NO_FIGURE)
    difference = held - actual.kg
    status = (
        Status.SURPLUS
        if difference > 0
        else Status.SHORTFALL
        if difference < 0
        else Status.BALANCED
    )
    return ReconciliationLine(
        *key,
        held,
        actual.kg,
        actual.source,
        difference,
        status,
        actual.basis,
        actual.capture_rate,
    )


def reconcile(
    held: Mapping[tuple[str, str], int], actual: Mapping[tuple[str, str], ActualEmission]
) -> tuple[ReconciliationLine, ...]:
    """One line per (account, pollutant) that has holdings or emissions, sorted."""
    keys = sorted(set(held) | set(actual))
    return tuple(_line(key, held.get(key, 0), actual.get(key)) for key in keys)


def shortfalls(lines: Collection[ReconciliationLine]) -> list[ReconciliationLine]:
    """The list for the bureaus: shortfalls, largest first."""
    short = [line for line in lines if line.status is Status.SHORTFALL]
    return sorted(short, key=lambda line: (line.difference_kg or 0, line.account, line.pollutant))
