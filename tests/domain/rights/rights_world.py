"""A small world for the emission-rights tests: four pilot counties and two others.

The pilot counties are the first cross-province pilot areas (上海青浦, 江苏吴江, 浙江嘉善,
安徽广德; docs/domain/accounting.md §6.6, [V-2nd]); GB/T 2260 codes. Basin membership, prices and
bands are made up for the tests: no verified figure exists (docs/domain/accounting.md §0 item 4).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from fractions import Fraction

from deltacap.domain.accounting.provenance import Tag
from deltacap.domain.china_time import CHINA_STANDARD_TIME
from deltacap.domain.rights.accounts import Account, AccountKind, Area, HoldingKey, Origin
from deltacap.domain.rights.approval import Approver
from deltacap.domain.rights.book import Book
from deltacap.domain.rights.cross_region import RegionRules
from deltacap.domain.rights.entries import issuance_entry
from deltacap.domain.rights.invariants import apply_checked
from deltacap.domain.rights.journal import Cause, CauseKind, EntryDraft
from deltacap.domain.rights.pollutants import DEFAULT_POLLUTANTS
from deltacap.domain.rights.schedules import REGION_WIDE, PriceBand, price_bands
from deltacap.domain.rights.trades import Market

SH, JS, ZJ, AH = "310000", "320000", "330000", "340000"
QINGPU = Area(SH, "310000", "310118")
WUJIANG = Area(JS, "320500", "320509")
KUNSHAN = Area(JS, "320500", "320583")  # not a pilot county
JIASHAN = Area(ZJ, "330400", "330421")
NANHU = Area(ZJ, "330400", "330402")  # not a pilot county
GUANGDE = Area(AH, "341800", "341882")

E_QINGPU = Account("e-qingpu", AccountKind.ENTERPRISE, QINGPU)
E_WUJIANG = Account("e-wujiang", AccountKind.ENTERPRISE, WUJIANG)
E_WUJIANG_2 = Account("e-wujiang-2", AccountKind.ENTERPRISE, WUJIANG)
E_KUNSHAN = Account("e-kunshan", AccountKind.ENTERPRISE, KUNSHAN)
E_JIASHAN = Account("e-jiashan", AccountKind.ENTERPRISE, JIASHAN)
E_NANHU = Account("e-nanhu", AccountKind.ENTERPRISE, NANHU)
E_GUANGDE = Account("e-guangde", AccountKind.ENTERPRISE, GUANGDE)
R_WUJIANG = Account("r-wujiang", AccountKind.COUNTY_RESERVE, WUJIANG)
R_JIANGSU = Account("r-jiangsu", AccountKind.MEMBER_RESERVE, Area(JS))
PLATFORM = Account("platform", AccountKind.PLATFORM)

ENTERPRISES = (E_QINGPU, E_WUJIANG, E_WUJIANG_2, E_KUNSHAN, E_JIASHAN, E_NANHU, E_GUANGDE)
RESERVES = (R_WUJIANG, R_JIANGSU)

BUREAU_WUJIANG = Approver("u-wujiang", "320509", frozenset({R_WUJIANG.account_id}))
BUREAU_SUZHOU = Approver("u-suzhou", "320500")
BUREAU_JIANGSU = Approver("u-jiangsu", JS, frozenset({R_JIANGSU.account_id}))
BUREAU_QINGPU = Approver("u-qingpu", "310118")
BUREAU_JIASHAN = Approver("u-jiashan", "330421")
BUREAU_GUANGDE = Approver("u-guangde", "341882")
BUREAU_KUNSHAN = Approver("u-kunshan", "320583")
BUREAU_NANHU = Approver("u-nanhu", "330402")
BUREAU_OF = {
    "310118": BUREAU_QINGPU,
    "320509": BUREAU_WUJIANG,
    "320583": BUREAU_KUNSHAN,
    "330421": BUREAU_JIASHAN,
    "330402": BUREAU_NANHU,
    "341882": BUREAU_GUANGDE,
    JS: BUREAU_JIANGSU,
}

RULES = RegionRules(
    pollutants=DEFAULT_POLLUTANTS,
    members=frozenset({SH, JS, ZJ, AH}),
    pilot_counties=frozenset({"310118", "320509", "330421", "341882"}),
    basins={
        "310118": frozenset({"taihu"}),
        "320500": frozenset({"taihu"}),
        "330421": frozenset({"taihu"}),
        "330402": frozenset({"taihu"}),
        "341882": frozenset({"shuiyang"}),
        JS: frozenset({"taihu", "huai"}),
    },
)

BANDS = price_bands(
    PriceBand(REGION_WIDE, p, 100_000, 20_000_000, date(2020, 1, 1), None, "test", Tag.MEMORY)
    for p in ("COD", "NH3-N", "NOx", "VOCs")
)
MARKET = Market(BANDS, RULES)
RATIO_MARKET = Market(BANDS, replace(RULES, cross_member_ratio=Fraction(9, 10)))

VALID_FROM, VALID_TO = date(2021, 1, 1), date(2025, 12, 31)
NOW = datetime(2024, 7, 1, 10, 0, tzinfo=CHINA_STANDARD_TIME)


def at(day: int, hour: int = 10, month: int = 7, year: int = 2024) -> datetime:
    return datetime(year, month, day, hour, tzinfo=CHINA_STANDARD_TIME)


def holding(
    account: Account,
    pollutant: str = "VOCs",
    origin: Origin = Origin.INITIAL_FREE,
    valid_from: date = VALID_FROM,
    valid_to: date = VALID_TO,
) -> HoldingKey:
    return HoldingKey(account.account_id, pollutant, valid_from, valid_to, origin)


def issue(
    account: Account,
    kg: int,
    pollutant: str = "VOCs",
    *,
    entry_id: str | None = None,
    valid_from: date = VALID_FROM,
    valid_to: date = VALID_TO,
    when: datetime = NOW,
) -> EntryDraft:
    return issuance_entry(
        entry_id=entry_id or f"issue-{account.account_id}-{pollutant}-{kg}",
        holder=account,
        pollutant=pollutant,
        valid_from=valid_from,
        valid_to=valid_to,
        kg=kg,
        cause=Cause(CauseKind.DECISION, f"allocation-{account.account_id}"),
        at=when,
    )


def funded(*grants: tuple[Account, int, str]) -> Book:
    """A book in which each account was issued kg of the pollutant."""
    return apply_checked(tuple(issue(a, kg, p) for a, kg, p in grants), Book())
