"""Approval by the competent bureaus of both sides; nobody approves their own trade."""

import pytest

from deltacap.domain.errors import Conflict
from deltacap.domain.rights.accounts import Account
from deltacap.domain.rights.approval import (
    ApprovalPolicy,
    ApprovalState,
    Approver,
    Level,
    Side,
    competent_chain,
    decide,
)
from deltacap.domain.rights.errors import (
    AlreadyDecided,
    AmountNotValid,
    NotApproved,
    NotCompetent,
    SelfApproval,
    TradeRejected,
)
from deltacap.domain.rights.trades import Trade, TradeKind
from tests.domain.rights.rights_world import (
    BUREAU_GUANGDE,
    BUREAU_JIANGSU,
    BUREAU_JIASHAN,
    BUREAU_SUZHOU,
    BUREAU_WUJIANG,
    E_JIASHAN,
    E_WUJIANG,
    E_WUJIANG_2,
    R_JIANGSU,
    R_WUJIANG,
    WUJIANG,
    at,
    holding,
)

POLICY = ApprovalPolicy()


def trade(seller: Account = E_WUJIANG, buyer: Account = E_JIASHAN, trade_id: str = "T1") -> Trade:
    return Trade(
        trade_id, TradeKind.LISTING, seller, buyer, holding(seller), 100, 1_000_000, at(1), "L1"
    )


def test_both_bureaus_approve_then_the_trade_is_approved() -> None:
    t = trade()
    state = decide(ApprovalState("T1"), t, BUREAU_WUJIANG, approve=True, at=at(2))
    assert not state.approved
    with pytest.raises(NotApproved, match="buyer side's bureau \\(330421\\)"):
        state.require_approved(t, POLICY)
    state = decide(state, t, BUREAU_JIASHAN, approve=True, at=at(3))
    assert state.approved
    state.require_approved(t, POLICY)
    assert [(d.side, d.user_id) for d in state.decisions] == [
        (Side.SELLER, "u-wujiang"),
        (Side.BUYER, "u-jiashan"),
    ]


def test_one_bureau_competent_for_both_sides_decides_both() -> None:
    t = trade(buyer=E_WUJIANG_2)
    state = decide(ApprovalState("T1"), t, BUREAU_WUJIANG, approve=True, at=at(2))
    assert state.approved


def test_a_higher_bureau_may_decide_for_its_divisions() -> None:
    state = decide(ApprovalState("T1"), trade(), BUREAU_SUZHOU, approve=True, at=at(2))
    assert [d.side for d in state.decisions] == [Side.SELLER]


def test_nobody_approves_their_own_trade() -> None:
    enterprise_staff = Approver("u-staff", "320509", frozenset({E_WUJIANG.account_id}))
    with pytest.raises(SelfApproval, match="acts for account e-wujiang"):
        decide(ApprovalState("T1"), trade(), enterprise_staff, approve=True, at=at(2))
    buyer_staff = Approver("u-buyer", "320509", frozenset({E_JIASHAN.account_id}))
    with pytest.raises(SelfApproval):  # even for the other side
        decide(ApprovalState("T1"), trade(), buyer_staff, approve=True, at=at(2))


def test_a_reserves_own_bureau_cannot_approve_its_sale_but_the_one_above_can() -> None:
    sale = trade(seller=R_WUJIANG)
    with pytest.raises(SelfApproval):
        decide(ApprovalState("T1"), sale, BUREAU_WUJIANG, approve=True, at=at(2))
    state = decide(ApprovalState("T1"), sale, BUREAU_SUZHOU, approve=True, at=at(2))
    assert state.decision(Side.SELLER) is not None


def test_a_member_reserve_is_approved_at_member_level() -> None:
    sale = trade(seller=R_JIANGSU)
    assert competent_chain(R_JIANGSU.located(), POLICY) == ("320000",)
    with pytest.raises(SelfApproval):
        decide(ApprovalState("T1"), sale, BUREAU_JIANGSU, approve=True, at=at(2))
    office = Approver("u-office", "320000")
    assert decide(ApprovalState("T1"), sale, office, approve=True, at=at(2)).decision(Side.SELLER)


def test_a_bureau_outside_both_chains_is_not_competent() -> None:
    with pytest.raises(NotCompetent, match="seller's bureau is 320509, the buyer's 330421"):
        decide(ApprovalState("T1"), trade(), BUREAU_GUANGDE, approve=True, at=at(2))


def test_the_policy_level_sets_the_competent_bureau() -> None:
    city_level = ApprovalPolicy(Level.CITY)
    assert competent_chain(WUJIANG, city_level) == ("320500", "320000")
    with pytest.raises(NotCompetent):
        decide(
            ApprovalState("T1"), trade(), BUREAU_WUJIANG, approve=True, at=at(2), policy=city_level
        )


def test_a_side_is_decided_once() -> None:
    t = trade()
    state = decide(ApprovalState("T1"), t, BUREAU_WUJIANG, approve=True, at=at(2))
    with pytest.raises(
        AlreadyDecided, match="seller side of trade T1 was already decided by u-wujiang"
    ) as caught:
        decide(state, t, BUREAU_SUZHOU, approve=True, at=at(3))
    assert isinstance(caught.value, Conflict)


def test_a_rejection_ends_the_trade() -> None:
    t = trade()
    state = decide(ApprovalState("T1"), t, BUREAU_JIASHAN, approve=False, at=at(2))
    assert state.rejected_by is not None and not state.approved
    with pytest.raises(TradeRejected, match="rejected by u-jiashan"):
        decide(state, t, BUREAU_WUJIANG, approve=True, at=at(3))
    with pytest.raises(TradeRejected):
        state.require_approved(t, POLICY)


def test_the_state_belongs_to_its_trade() -> None:
    with pytest.raises(AmountNotValid):
        decide(ApprovalState("other"), trade(), BUREAU_WUJIANG, approve=True, at=at(2))
