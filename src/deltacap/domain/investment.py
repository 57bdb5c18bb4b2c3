"""Investment in key projects (万元) by funding source, and its sums by the plan's priority areas.

The plan (二(三)) asks for investment in wastewater infrastructure in northern Jiangsu, northern
Anhui and south-western Zhejiang; which cities each area covers is configuration
(projects/data/priority_areas.json, with its status and source), not fixed here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from deltacap.domain.errors import InvalidInput, gettext_noop
from deltacap.domain.input_rules import is_number_text

# A single project above 10 million 万元 (100 billion yuan) is taken for a unit error.
MAX_INVESTMENT_WAN = Decimal("10000000")
OTHER_AREA = "other"


class FundingSource(StrEnum):
    """Where a project's money mainly comes from."""

    CENTRAL = "central"
    PROVINCIAL = "provincial"
    LOCAL = "local"
    ENTERPRISE = "enterprise"
    OTHER = "other"

    @property
    def label_zh(self) -> str:
        return _LABELS[self][1]

    @property
    def label_en(self) -> str:
        return _LABELS[self][0]


_LABELS = {
    FundingSource.CENTRAL: ("Central government", "中央资金"),
    FundingSource.PROVINCIAL: ("Provincial government", "省级资金"),
    FundingSource.LOCAL: ("Local government", "市县资金"),
    FundingSource.ENTERPRISE: ("Enterprise", "企业自筹"),
    FundingSource.OTHER: ("Other", "其他"),
}


def _key(text: str) -> str:
    return "".join(str(text).split()).casefold()


_BY_NAME = {
    _key(name): source
    for source in FundingSource
    for name in (source.value, source.label_zh, source.label_en)
}


def check_investment_wan(value: object, field: str = "investment_wan") -> Decimal:
    """An investment in 万元 (10,000 yuan): 0 to 10,000,000, kept to 0.01 万元 (100 yuan).

    Raises InvalidInput naming ``field``."""
    try:
        if isinstance(value, bool) or (isinstance(value, str) and not is_number_text(value)):
            raise ValueError(value)
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        number = Decimal("NaN")
    if not number.is_finite():
        raise InvalidInput(
            gettext_noop("Expected an amount in 10,000 yuan such as 1250.5; got {got}."),
            field=field,
            got=value,
        )
    if number < 0 or number > MAX_INVESTMENT_WAN:
        raise InvalidInput(
            gettext_noop("An investment from 0 to {upper} (10,000 yuan) is expected; got {got}."),
            field=field,
            got=value,
            upper=MAX_INVESTMENT_WAN,
        )
    return number.quantize(Decimal("0.01"))


def check_funding_source(value: object, field: str = "funding_source") -> FundingSource:
    """A funding source by its code or its Chinese or English label; raises InvalidInput."""
    found = _BY_NAME.get(_key(str(value)))
    if found is None:
        raise InvalidInput(
            gettext_noop(
                "Unknown funding source {got}; expected 中央资金, 省级资金, 市县资金, 企业自筹 or "
                "其他 (central, provincial, local, enterprise, other)."
            ),
            field=field,
            got=value,
        )
    return found


@dataclass(frozen=True)
class PriorityArea:
    """One of the plan's priority areas: a code and the city codes it covers."""

    code: str
    cities: frozenset[str]


@dataclass(frozen=True)
class InvestmentRow:
    """One project's investment as summed: its city, member, category and funding source."""

    city: str
    member: str
    category: str
    funding_source: str  # "" when not given
    investment_wan: Decimal


@dataclass
class AreaTotal:
    """Sums of one area: in all, and by member, category and funding source (万元)."""

    area: str
    projects: int = 0
    investment_wan: Decimal = Decimal(0)
    by_member: dict[str, Decimal] = field(default_factory=dict)
    by_category: dict[str, Decimal] = field(default_factory=dict)
    by_funding_source: dict[str, Decimal] = field(default_factory=dict)

    def add(self, row: InvestmentRow) -> None:
        self.projects += 1
        self.investment_wan += row.investment_wan
        for sums, key in (
            (self.by_member, row.member),
            (self.by_category, row.category),
            (self.by_funding_source, row.funding_source),
        ):
            sums[key] = sums.get(key, Decimal(0)) + row.investment_wan


def area_of(city: str, areas: Iterable[PriorityArea]) -> str:
    """The first area covering ``city``, else ``OTHER_AREA``."""
    return next((a.code for a in areas if city in a.cities), OTHER_AREA)


def investment_by_area(
    rows: Iterable[InvestmentRow], areas: Iterable[PriorityArea]
) -> list[AreaTotal]:
    """Totals per priority area in the configured order, then the rest of the region
    (``OTHER_AREA``); rows without an amount are the caller's to leave out."""
    ordered = list(areas)
    totals: Mapping[str, AreaTotal] = {
        code: AreaTotal(code) for code in [*(a.code for a in ordered), OTHER_AREA]
    }
    for row in rows:
        totals[area_of(row.city, ordered)].add(row)
    return list(totals.values())
