"""The rows the journal gateway reads, named: accounts, holdings, trades of a settlement
run, and everything a run decides on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from deltacap.domain.access import Place, Resource
from deltacap.domain.rights.accounts import Account, AccountKind, Area, HoldingKey
from deltacap.domain.rights.approval import ApprovalState
from deltacap.domain.rights.cross_region import RegionRules
from deltacap.domain.rights.journal import ChainHead
from deltacap.domain.rights.trades import Trade
from deltacap.rights.models import place_of, trade_resource


class AccountRow(NamedTuple):
    """A registry account: its code and kind, its area's codes ("" where none), its
    enterprise (None for a reserve or the ledger's own)."""

    code: str
    kind: str
    member: str
    city: str
    county: str
    enterprise_id: int | None

    def domain(self) -> Account:
        area = Area(self.member, self.city or None, self.county or None) if self.member else None
        return Account(self.code, AccountKind(self.kind), area)

    @property
    def place(self) -> Place:
        return place_of(self.member, self.city, self.county, self.enterprise_id)


@dataclass(slots=True)
class HoldingRow:
    """A holding as locked for a write: its balance and what is promised from it change
    in place, and are written back by the gateway."""

    pk: int
    key: HoldingKey
    kg: int
    committed_kg: int


class TradeRow(NamedTuple):
    """A trade of a settlement run, locked: the domain's trade and what the run needs
    besides (its status, both parties, the key of a settlement already made)."""

    pk: int
    deal: Trade
    status: str
    seller: AccountRow
    buyer: AccountRow
    settled_key: str | None

    def resource(self) -> Resource:
        """The trade as the access rules see it (both parties' places)."""
        return trade_resource(self.seller.place, self.buyer.place, self.status)


@dataclass
class RunState:
    """What a settlement run decides on, read in one round trip: its trades (locked), the
    holdings they may post to (locked, those that exist), the journal head (locked), the
    cross-region rules and each trade's approvals."""

    trades: dict[int, TradeRow]
    holdings: dict[HoldingKey, HoldingRow]
    head: ChainHead
    rules: RegionRules
    approvals: dict[int, ApprovalState]
