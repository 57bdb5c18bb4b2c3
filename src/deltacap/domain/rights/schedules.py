"""Versioned price tables: paid-use (有偿使用) prices and trading price bands.

No price is a constant here. docs/domain/accounting.md §0 item 4 and
docs/domain/standards.md §10.2: the provincial base prices per tonne-year differ by
pollutant and change over time, and no verified figure per province was found ([V-2nd] for
the few observed figures, e.g. Jiangsu Taihu NH3-N 11 000 元/年·吨 from 2011-07-01,
docs/domain/accounting.md §6.3). Each row
therefore carries its member, pollutant, validity dates, source and tag, and the rules
look the row up for the day of the event.

``member`` is a member's division code, or ``REGION_WIDE`` (``""``) for a row that holds
in every member; a member's own row wins over a region-wide one.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Generic, Protocol, TypeVar

from deltacap.domain.accounting.provenance import Tag
from deltacap.domain.rights.errors import AmountNotValid, NoScheduleEntry, PriceOutsideBand
from deltacap.domain.rights.quantities import require_fen

REGION_WIDE = ""


class _Row(Protocol):
    @property
    def key(self) -> tuple[str, ...]: ...
    @property
    def valid_from(self) -> date: ...
    @property
    def valid_to(self) -> date | None: ...


def _covers(row: _Row, day: date) -> bool:
    return row.valid_from <= day and (row.valid_to is None or day <= row.valid_to)


def _overlap(a: _Row, b: _Row) -> bool:
    a_end, b_end = a.valid_to or date.max, b.valid_to or date.max
    return a.valid_from <= b_end and b.valid_from <= a_end


@dataclass(frozen=True)
class PaidUsePrice:
    """Paid-use price of one pollutant in one member: fen per tonne per year of validity.

    ``payer_class`` distinguishes rates such as Jiangsu's industrial vs WWTP rates
    (docs/domain/accounting.md §6.3); ``""`` is the rate for every payer.
    """

    member: str
    pollutant: str
    fen_per_tonne_year: int
    valid_from: date
    valid_to: date | None
    source: str
    tag: Tag
    payer_class: str = ""

    def __post_init__(self) -> None:
        require_fen(self.fen_per_tonne_year, "fen_per_tonne_year")

    @property
    def key(self) -> tuple[str, ...]:
        return (self.member, self.pollutant, self.payer_class)


@dataclass(frozen=True)
class PriceBand:
    """Lowest and highest trade price of one pollutant, fen per tonne, for a period.

    A member's floor such as Anhui's "not below the province-wide paid-use price"
    (docs/domain/accounting.md §6.4, [V-2nd]) is configured as that member's ``min_fen_per_tonne``.
    """

    member: str
    pollutant: str
    min_fen_per_tonne: int
    max_fen_per_tonne: int
    valid_from: date
    valid_to: date | None
    source: str
    tag: Tag

    def __post_init__(self) -> None:
        require_fen(self.min_fen_per_tonne, "min_fen_per_tonne")
        require_fen(self.max_fen_per_tonne, "max_fen_per_tonne")
        if self.max_fen_per_tonne < self.min_fen_per_tonne:
            raise AmountNotValid(
                field="max_fen_per_tonne",
                expected=f"at least the band's minimum {self.min_fen_per_tonne}",
                got=self.max_fen_per_tonne,
            )

    @property
    def key(self) -> tuple[str, ...]:
        return (self.member, self.pollutant, "")

    def contains(self, fen_per_tonne: int) -> bool:
        return self.min_fen_per_tonne <= fen_per_tonne <= self.max_fen_per_tonne


R = TypeVar("R", PaidUsePrice, PriceBand)


class Schedule(Generic[R]):
    """Rows versioned by date; rows of the same key may not overlap in time."""

    def __init__(self, what: str, rows: Iterable[R]) -> None:
        self.what = what
        self.rows: tuple[R, ...] = tuple(rows)
        for i, row in enumerate(self.rows):
            for other in self.rows[i + 1 :]:
                if row.key == other.key and _overlap(row, other):
                    raise AmountNotValid(
                        field="valid_from",
                        expected=f"{what} periods of {row.key} that do not overlap",
                        got=f"{row.valid_from}..{row.valid_to} and "
                        f"{other.valid_from}..{other.valid_to}",
                    )

    def find(self, key: tuple[str, ...], day: date) -> R | None:
        """The row of exactly ``key`` in force on ``day``, if any."""
        for row in self.rows:
            if row.key == key and _covers(row, day):
                return row
        return None

    def lookup(self, member: str, pollutant: str, day: date, payer_class: str = "") -> R:
        """The row in force on ``day``: the member's before the region-wide one, and for
        each the payer class's before the rate for every payer.

        Raises NoScheduleEntry when there is none.
        """
        classes = dict.fromkeys((payer_class, ""))
        for scope in (member, REGION_WIDE):
            for cls in classes:
                row = self.find((scope, pollutant, cls), day)
                if row is not None:
                    return row
        raise NoScheduleEntry(
            field="pollutant", what=self.what, pollutant=pollutant, member=member, day=day
        )


def price_bands(rows: Iterable[PriceBand]) -> Schedule[PriceBand]:
    return Schedule("price band", rows)


def paid_use_prices(rows: Iterable[PaidUsePrice]) -> Schedule[PaidUsePrice]:
    return Schedule("paid-use price", rows)


def require_price_in_band(
    bands: Schedule[PriceBand], *, member: str, pollutant: str, fen_per_tonne: int, day: date
) -> PriceBand:
    """The band that ``fen_per_tonne`` lies in, on ``day`` in ``member``.

    Raises AmountNotValid for a price that is not a positive whole number of fen,
    NoScheduleEntry when no band is configured, PriceOutsideBand when it lies outside.
    The band of the seller's member applies (issue 4: "price bands per pollutant").
    """
    require_fen(fen_per_tonne, "price_fen_per_tonne")
    band = bands.lookup(member, pollutant, day)
    if not band.contains(fen_per_tonne):
        raise PriceOutsideBand(
            field="price_fen_per_tonne",
            price=fen_per_tonne,
            pollutant=pollutant,
            day=day,
            min_price=band.min_fen_per_tonne,
            max_price=band.max_fen_per_tonne,
        )
    return band
