"""Settlement: approved trades become journal entries once, with their payment."""

from dataclasses import replace
from datetime import date

import pytest

from deltacap.domain.errors import Conflict
from deltacap.domain.rights.accounts import (
    ISSUANCE_ACCOUNT_ID,
    RETIRED_ACCOUNT_ID,
    Account,
    Origin,
)
from deltacap.domain.rights.approval import ApprovalState, decide
from deltacap.domain.rights.errors import (
    AlreadySettled,
    DifferentBasins,
    InsufficientHolding,
    NotApproved,
    RightsExpired,
    TargetNotMet,
)
from deltacap.domain.rights.invariants import apply_checked
from deltacap.domain.rights.journal import CauseKind, ChainHead, EntryKind, chain
from deltacap.domain.rights.settlement import settle, settlement_key
from deltacap.domain.rights.trades import Trade, TradeKind
from deltacap.domain.rights.verify import verify
from tests.domain.rights.rights_world import (
    BUREAU_OF,
    BUREAU_SUZHOU,
    BUREAU_WUJIANG,
    E_GUANGDE,
    E_JIASHAN,
    E_WUJIANG,
    R_WUJIANG,
    RATIO_MARKET,
    RULES,
    at,
    funded,
    holding,
    issue,
)

PRICE = 1_198_600


def trade(
    seller: Account = E_WUJIANG, buyer: Account = E_JIASHAN, kg: int = 400, pollutant: str = "VOCs"
) -> Trade:
    return Trade(
        "T1", TradeKind.LISTING, seller, buyer, holding(seller, pollutant), kg, PRICE, at(1), "L1"
    )


def approved(t: Trade) -> ApprovalState:
    """Both sides approved: a reserve's sale by the bureau above the one that manages it."""
    seller_county = str(t.seller.located().county)
    seller_bureau = BUREAU_SUZHOU if t.seller.is_reserve else BUREAU_OF[seller_county]
    state = decide(ApprovalState(t.trade_id), t, seller_bureau, approve=True, at=at(2))
    return decide(state, t, BUREAU_OF[str(t.buyer.located().county)], approve=True, at=at(2))


def test_settlement_moves_the_rights_and_records_the_payment() -> None:
    t = trade()
    book = funded((E_WUJIANG, 1_000, "VOCs"))
    result = settle(
        t, approvals=approved(t), book=book, settled_keys=set(), rules=RULES, settled_at=at(5)
    )
    (transfer,) = result.entries
    assert transfer.kind is EntryKind.TRANSFER
    assert (transfer.cause.kind, transfer.cause.ref) == (CauseKind.TRADE, "T1")
    assert result.payment.fen == 479_440 and transfer.payment == result.payment
    assert (result.payment.payer, result.payment.payee) == ("e-jiashan", "e-wujiang")
    assert (result.delivered_kg, result.retired_kg) == (400, 0)
    after = apply_checked(result.entries, book)
    assert after.balance(holding(E_WUJIANG)) == 600
    assert after.balance(holding(E_JIASHAN, origin=Origin.PURCHASE)) == 400
    assert book.balance(holding(E_WUJIANG)) == 1_000  # settle itself writes nothing


def test_a_reserve_sale_is_held_as_a_government_sale() -> None:
    t = trade(seller=R_WUJIANG)
    book = funded((R_WUJIANG, 1_000, "VOCs"))
    result = settle(
        t, approvals=approved(t), book=book, settled_keys=set(), rules=RULES, settled_at=at(5)
    )
    assert result.entries[0].postings[1].holding.origin is Origin.GOVERNMENT_SALE


def test_a_second_settlement_of_the_same_trade_is_refused() -> None:
    t = trade()
    book = funded((E_WUJIANG, 1_000, "VOCs"))
    first = settle(
        t, approvals=approved(t), book=book, settled_keys=set(), rules=RULES, settled_at=at(5)
    )
    assert first.key == settlement_key(t) and first.key.startswith("settle:")
    with pytest.raises(AlreadySettled, match="Trade T1 is already settled") as caught:
        settle(
            t,
            approvals=approved(t),
            book=book,
            settled_keys={first.key},
            rules=RULES,
            settled_at=at(6),
        )
    assert isinstance(caught.value, Conflict)


def test_settlement_keys_make_journal_entry_ids_unique() -> None:
    t = trade()
    book = funded((E_WUJIANG, 1_000, "VOCs"))
    result = settle(
        t, approvals=approved(t), book=book, settled_keys=set(), rules=RULES, settled_at=at(5)
    )
    journal = chain([issue(E_WUJIANG, 1_000), *result.entries, *result.entries], ChainHead())
    report = verify(journal)
    assert report.first_break is not None and report.first_break.index == 2  # the repeat


def test_an_unapproved_trade_is_not_settled() -> None:
    t = trade()
    half = decide(ApprovalState("T1"), t, BUREAU_WUJIANG, approve=True, at=at(2))
    book = funded((E_WUJIANG, 1_000, "VOCs"))
    with pytest.raises(NotApproved, match="buyer side"):
        settle(t, approvals=half, book=book, settled_keys=set(), rules=RULES, settled_at=at(5))


def test_the_holding_is_checked_again_at_settlement() -> None:
    t = trade()
    with pytest.raises(InsufficientHolding, match="300 kg of VOCs available to sell; 400 kg"):
        settle(
            t,
            approvals=approved(t),
            book=funded((E_WUJIANG, 300, "VOCs")),
            settled_keys=set(),
            rules=RULES,
            settled_at=at(5),
        )


def test_expired_rights_are_not_settled() -> None:
    t = trade()
    book = funded((E_WUJIANG, 1_000, "VOCs"))
    with pytest.raises(RightsExpired):
        settle(
            t,
            approvals=approved(t),
            book=book,
            settled_keys=set(),
            rules=RULES,
            settled_at=at(1, year=2026, month=1),
        )


def test_the_region_rules_are_checked_again_at_settlement() -> None:
    t = trade()
    book = funded((E_WUJIANG, 1_000, "VOCs"))
    flagged = replace(RULES, counties_not_meeting_target=frozenset({"330421"}))
    with pytest.raises(TargetNotMet):
        settle(
            t, approvals=approved(t), book=book, settled_keys=set(), rules=flagged, settled_at=at(5)
        )


def test_a_cross_basin_water_trade_is_not_settled() -> None:
    t = trade(buyer=E_GUANGDE, pollutant="COD")
    with pytest.raises(DifferentBasins):
        settle(
            t,
            approvals=approved(t),
            book=funded((E_WUJIANG, 1_000, "COD")),
            settled_keys=set(),
            rules=RULES,
            settled_at=at(5),
        )


def test_a_cross_member_ratio_retires_the_difference() -> None:
    t = trade(kg=999)
    book = funded((E_WUJIANG, 1_000, "VOCs"))
    result = settle(
        t,
        approvals=approved(t),
        book=book,
        settled_keys=set(),
        rules=RATIO_MARKET.rules,
        settled_at=at(5),
    )
    assert (result.delivered_kg, result.retired_kg) == (899, 100)
    transfer, retire = result.entries
    assert retire.kind is EntryKind.RETIREMENT and retire.cause.ref == "T1"
    assert result.payment.fen == 1_197_401  # the buyer pays for all 999 kg (1 197 401.4 fen)
    after = apply_checked(result.entries, book)
    assert after.balance(holding(E_WUJIANG)) == 1
    assert after.balance(holding(E_JIASHAN, origin=Origin.PURCHASE)) == 899
    assert after.retired_kg() == {"VOCs": 100}
    assert after.outstanding_kg() == {"VOCs": 900}
    assert after.issued_kg() == {"VOCs": 1_000}
    assert {p.holding.account for p in retire.postings} == {"e-wujiang", RETIRED_ACCOUNT_ID}
    assert ISSUANCE_ACCOUNT_ID not in {p.holding.account for p in transfer.postings}
    assert date(2025, 12, 31) == transfer.postings[1].holding.valid_to
