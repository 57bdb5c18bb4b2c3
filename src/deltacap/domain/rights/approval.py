"""Approval of trades by the competent environment bureaus of both sides.

Issue 4 item 4: "Each trade needs approval by the competent environment bureaus of
seller and buyer before settlement", and no one approves their own trade. The rules:

1. A side's competent bureau is the bureau of the party's division at the policy's
   level (county by default, a parameter; a city or member reserve has no county, so
   its lowest division serves). A bureau above it in the same chain (the city over the
   county, the member over the city) may approve in its place: higher bureaus are
   competent over their divisions (our reading; pilot practice sends cross-city and
   cross-basin trades to the province, docs/domain/standards.md §10.2, [V-2nd]).
2. No one approves a trade in which they act for a party: an enterprise's staff for
   the enterprise, a bureau for the reserve it manages (``Approver.acts_for``). Another
   competent bureau (usually the one above) must decide that side.
3. One decision per side; one approver competent for both sides decides both. A
   rejection of either side ends the trade. Both sides approved: ready to settle.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from deltacap.domain.rights.accounts import Area
from deltacap.domain.rights.errors import (
    AlreadyDecided,
    AmountNotValid,
    NotApproved,
    NotCompetent,
    SelfApproval,
    TradeRejected,
)
from deltacap.domain.rights.quantities import require_aware
from deltacap.domain.rights.trades import Trade


class Side(StrEnum):
    SELLER = "seller"
    BUYER = "buyer"


class Level(StrEnum):
    COUNTY = "county"
    CITY = "city"
    MEMBER = "member"


_LEVELS = (Level.COUNTY, Level.CITY, Level.MEMBER)


@dataclass(frozen=True)
class ApprovalPolicy:
    level: Level = Level.COUNTY


@dataclass(frozen=True)
class Approver:
    """A bureau user: the division of the bureau and the accounts the user acts for."""

    user_id: str
    bureau_division: str
    acts_for: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Decision:
    side: Side
    user_id: str
    bureau_division: str
    approved: bool
    at: datetime


def competent_chain(area: Area, policy: ApprovalPolicy) -> tuple[str, ...]:
    """The divisions whose bureaus may decide for ``area``: the competent one and above."""
    codes = {Level.COUNTY: area.county, Level.CITY: area.city, Level.MEMBER: area.member}
    start = _LEVELS.index(policy.level)
    # Every area has a member, so the chain is never empty.
    return tuple(str(codes[lvl]) for lvl in _LEVELS[start:] if codes[lvl])


def _areas(trade: Trade) -> dict[Side, Area]:
    return {Side.SELLER: trade.seller.located(), Side.BUYER: trade.buyer.located()}


@dataclass(frozen=True)
class ApprovalState:
    """The decisions taken on one trade so far."""

    trade_id: str
    decisions: tuple[Decision, ...] = ()

    def decision(self, side: Side) -> Decision | None:
        return next((d for d in self.decisions if d.side is side), None)

    @property
    def rejected_by(self) -> Decision | None:
        return next((d for d in self.decisions if not d.approved), None)

    @property
    def approved(self) -> bool:
        return all((d := self.decision(side)) is not None and d.approved for side in Side)

    def require_approved(self, trade: Trade, policy: ApprovalPolicy) -> None:
        """Raises TradeRejected, or NotApproved naming the first side still undecided."""
        self._require_open()
        for side, area in _areas(trade).items():
            if self.decision(side) is None:
                division = competent_chain(area, policy)[0]
                raise NotApproved(trade=trade.trade_id, side=side.value, division=division)

    def _require_open(self) -> None:
        rejection = self.rejected_by
        if rejection is not None:
            raise TradeRejected(trade=self.trade_id, user=rejection.user_id)


def _require_not_a_party(trade: Trade, approver: Approver) -> None:
    """Rule 2. Raises SelfApproval."""
    for party in (trade.seller, trade.buyer):
        if party.account_id in approver.acts_for:
            raise SelfApproval(
                field="approver",
                user=approver.user_id,
                account=party.account_id,
                trade=trade.trade_id,
            )


def decide(
    state: ApprovalState,
    trade: Trade,
    approver: Approver,
    *,
    approve: bool,
    at: datetime,
    policy: ApprovalPolicy | None = None,
) -> ApprovalState:
    """``state`` with ``approver``'s decision on every side it is competent for.

    Raises SelfApproval (rule 2), NotCompetent (rule 1), TradeRejected (already
    rejected), AlreadyDecided (every side it could decide is decided).
    """
    policy = policy or ApprovalPolicy()
    require_aware(at, "at")
    if state.trade_id != trade.trade_id:
        raise AmountNotValid(field="trade_id", expected=state.trade_id, got=trade.trade_id)
    _require_not_a_party(trade, approver)
    areas = _areas(trade)
    sides = [s for s, a in areas.items() if approver.bureau_division in competent_chain(a, policy)]
    if not sides:
        raise NotCompetent(
            field="approver",
            division=approver.bureau_division,
            trade=trade.trade_id,
            seller_division=competent_chain(areas[Side.SELLER], policy)[0],
            buyer_division=competent_chain(areas[Side.BUYER], policy)[0],
        )
    state._require_open()
    open_sides = [s for s in sides if state.decision(s) is None]
    if not open_sides:
        done = state.decision(sides[0])
        raise AlreadyDecided(side=sides[0].value, trade=trade.trade_id, user=done and done.user_id)
    new = tuple(
        Decision(side, approver.user_id, approver.bureau_division, approve, at)
        for side in open_sides
    )
    return ApprovalState(state.trade_id, state.decisions + new)
