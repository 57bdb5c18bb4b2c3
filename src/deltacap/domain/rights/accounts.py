"""Accounts and holdings of the registry.

Accounts: enterprises, government reserves at county, city and member level, the
platform, and two accounts of the ledger itself: ``issuance`` (the source every right
is issued from; its balance is minus everything issued) and ``retired`` (where rights
end; it only grows). Issue 4 item 1; reserves after docs/domain/accounting.md §6.7 ("government
account; inflows from free recovery or buy-back; outflows by sale"), [V-2nd].

A holding is the balance of one account in one pollutant, validity period and origin
(docs/domain/accounting.md §6.7: ``valid_from``/``valid_to``, ≤ 5 years, and ``acquisition``,
[V-2nd]). The validity dates are inclusive local days.
"""

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from deltacap.domain.rights.errors import AmountNotValid

ISSUANCE_ACCOUNT_ID = "issuance"
RETIRED_ACCOUNT_ID = "retired"
LEDGER_ACCOUNT_IDS = frozenset({ISSUANCE_ACCOUNT_ID, RETIRED_ACCOUNT_ID})


class AccountKind(StrEnum):
    ENTERPRISE = "enterprise"
    COUNTY_RESERVE = "county_reserve"
    CITY_RESERVE = "city_reserve"
    MEMBER_RESERVE = "member_reserve"
    PLATFORM = "platform"
    ISSUANCE = "issuance"
    RETIRED = "retired"


RESERVE_KINDS = frozenset(
    {AccountKind.COUNTY_RESERVE, AccountKind.CITY_RESERVE, AccountKind.MEMBER_RESERVE}
)
TRADING_KINDS = RESERVE_KINDS | {AccountKind.ENTERPRISE}


class Origin(StrEnum):
    """How the holder came by the rights (issue 4 item 1; docs/domain/accounting.md §6.7)."""

    INITIAL_FREE = "initial_free"
    INITIAL_PAID = "initial_paid"
    PURCHASE = "purchase"
    GOVERNMENT_SALE = "government_sale"
    FREED_CAPACITY = "freed_capacity"
    RESERVE_RECOVERY = "reserve_recovery"
    RESERVE_RELEASE = "reserve_release"


@dataclass(frozen=True)
class Area:
    """Where an account sits: member, and city and county where it has them (GB/T 2260)."""

    member: str
    city: str | None = None
    county: str | None = None

    def chain(self) -> tuple[str, ...]:
        """The division codes from the lowest level up: county, city, member."""
        return tuple(code for code in (self.county, self.city, self.member) if code)


_REQUIRED_LEVEL: dict[AccountKind, str] = {
    AccountKind.ENTERPRISE: "county",
    AccountKind.COUNTY_RESERVE: "county",
    AccountKind.CITY_RESERVE: "city",
    AccountKind.MEMBER_RESERVE: "member",
}


@dataclass(frozen=True)
class Account:
    """An account of the registry. Enterprises and reserves have an area."""

    account_id: str
    kind: AccountKind
    area: Area | None = None

    def __post_init__(self) -> None:
        level = _REQUIRED_LEVEL.get(self.kind)
        if level is not None and (self.area is None or not getattr(self.area, level)):
            raise AmountNotValid(
                field="area", expected=f"an area with a {level} for a {self.kind}", got=self.area
            )

    @property
    def is_reserve(self) -> bool:
        return self.kind in RESERVE_KINDS

    @property
    def can_trade(self) -> bool:
        return self.kind in TRADING_KINDS

    def located(self) -> Area:
        """The account's area (trading accounts always have one)."""
        if self.area is None:
            raise AmountNotValid(field="area", expected="an account with an area", got=self)
        return self.area


ISSUANCE_ACCOUNT = Account(ISSUANCE_ACCOUNT_ID, AccountKind.ISSUANCE)
RETIRED_ACCOUNT = Account(RETIRED_ACCOUNT_ID, AccountKind.RETIRED)


@dataclass(frozen=True, order=True)
class HoldingKey:
    """One holding: account, pollutant, validity period (inclusive days) and origin."""

    account: str
    pollutant: str
    valid_from: date
    valid_to: date
    origin: Origin
    # Keys are looked up in books and row maps hundreds of times a settlement run: the
    # hash is computed once (an enum member's hash is a Python call).
    _hash: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.valid_to < self.valid_from:
            raise AmountNotValid(
                field="valid_to", expected=f"on or after {self.valid_from}", got=self.valid_to
            )
        fields = (self.account, self.pollutant, self.valid_from, self.valid_to, self.origin)
        object.__setattr__(self, "_hash", hash(fields))

    def __hash__(self) -> int:
        return self._hash

    def __reduce__(self) -> tuple[Any, ...]:
        # Copied or unpickled keys hash again: string hashes differ between processes.
        return (
            HoldingKey,
            (self.account, self.pollutant, self.valid_from, self.valid_to, self.origin),
        )

    @property
    def vintage(self) -> tuple[str, date, date]:
        """What a transfer must preserve: pollutant and validity period."""
        return (self.pollutant, self.valid_from, self.valid_to)

    def expired_on(self, day: date) -> bool:
        return day > self.valid_to

    def moved_to(self, account: str, origin: Origin) -> "HoldingKey":
        """The same rights held by ``account``, acquired by ``origin``."""
        return HoldingKey(account, self.pollutant, self.valid_from, self.valid_to, origin)
