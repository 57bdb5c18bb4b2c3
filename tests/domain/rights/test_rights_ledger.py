"""The ledger: balanced double entries, invariants, the hash chain and verify()."""

from dataclasses import replace
from datetime import date, datetime
from typing import Any

import pytest

from deltacap.domain.rights.accounts import (
    ISSUANCE_ACCOUNT_ID,
    RETIRED_ACCOUNT_ID,
    Account,
    AccountKind,
    HoldingKey,
    Origin,
)
from deltacap.domain.rights.book import Book
from deltacap.domain.rights.entries import (
    issuance_entry,
    require_transferable,
    reserve_move_entry,
    retirement_entry,
    transfer_entry,
)
from deltacap.domain.rights.errors import (
    AmountNotValid,
    BalanceMismatch,
    BrokenChain,
    DuplicateEntry,
    DuplicatePosting,
    EmptyEntry,
    ExpiredRightsMoved,
    ForbiddenCredit,
    ForbiddenDebit,
    InsufficientHolding,
    MissingCause,
    NaiveDatetime,
    NegativeBalance,
    NegativeHolding,
    NotConserved,
    PartyNotAllowed,
    RightsExpired,
    SelfTrade,
    Unbalanced,
    ZeroPosting,
)
from deltacap.domain.rights.invariants import apply_checked, book_violations, check_entry
from deltacap.domain.rights.journal import (
    GENESIS_HASH,
    Cause,
    CauseKind,
    ChainHead,
    EntryDraft,
    EntryKind,
    JournalEntry,
    Payment,
    Posting,
    canonical_bytes,
    chain,
    entry_hash,
    head_of,
)
from deltacap.domain.rights.verify import verify
from tests.domain.rights.rights_world import (
    E_JIASHAN,
    E_WUJIANG,
    E_WUJIANG_2,
    NOW,
    PLATFORM,
    R_JIANGSU,
    R_WUJIANG,
    at,
    holding,
    issue,
)

CAUSE = Cause(CauseKind.DECISION, "decision-1")


def transfer(kg: int, entry_id: str = "t1", when: datetime = NOW) -> EntryDraft:
    return transfer_entry(
        entry_id=entry_id,
        holding=holding(E_WUJIANG),
        buyer=E_WUJIANG_2.account_id,
        kg=kg,
        origin=Origin.PURCHASE,
        cause=Cause(CauseKind.TRADE, "trade-1"),
        at=when,
        payment=Payment(E_WUJIANG_2.account_id, E_WUJIANG.account_id, 12_345),
    )


def journal(*drafts: EntryDraft) -> tuple[JournalEntry, ...]:
    return chain(drafts, ChainHead())


def sample_journal() -> tuple[JournalEntry, ...]:
    retire = retirement_entry(
        entry_id="r1",
        holding=holding(E_WUJIANG_2, origin=Origin.PURCHASE),
        kg=100,
        cause=CAUSE,
        at=NOW,
    )
    return journal(issue(E_WUJIANG, 1_000), issue(E_JIASHAN, 500, "COD"), transfer(400), retire)


# --- entries and balances --------------------------------------------------------------


def test_issuance_debits_the_issuance_account_and_credits_the_holder() -> None:
    book = apply_checked((issue(E_WUJIANG, 1_000),), Book())
    assert book.balance(holding(E_WUJIANG)) == 1_000
    assert book.issued_kg() == {"VOCs": 1_000}
    assert book.outstanding_kg() == {"VOCs": 1_000}
    assert (
        book.balance(holding(E_WUJIANG).moved_to(ISSUANCE_ACCOUNT_ID, Origin.INITIAL_FREE))
        == -1_000
    )


def test_transfer_moves_rights_and_keeps_totals() -> None:
    book = apply_checked((issue(E_WUJIANG, 1_000), transfer(400)), Book())
    assert book.balance(holding(E_WUJIANG)) == 600
    assert book.balance(holding(E_WUJIANG_2, origin=Origin.PURCHASE)) == 400
    assert book.outstanding_kg() == {"VOCs": 1_000}
    assert book.available_kg(E_WUJIANG.account_id, "VOCs", date(2024, 1, 1)) == 600
    assert book.holdings(E_WUJIANG_2.account_id) == [
        (holding(E_WUJIANG_2, origin=Origin.PURCHASE), 400)
    ]


def test_retirement_lowers_the_total_outstanding() -> None:
    retire = retirement_entry(entry_id="r", holding=holding(E_WUJIANG), kg=300, cause=CAUSE, at=NOW)
    book = apply_checked((issue(E_WUJIANG, 1_000), retire), Book())
    assert book.outstanding_kg() == {"VOCs": 700}
    assert book.retired_kg() == {"VOCs": 300}
    assert book_violations(book) == []


def test_a_holding_that_reaches_zero_is_dropped() -> None:
    book = apply_checked((issue(E_WUJIANG, 400), transfer(400)), Book())
    assert book.holdings(E_WUJIANG.account_id) == []


def test_reserve_moves_recover_and_release() -> None:
    into = reserve_move_entry(
        entry_id="m1",
        source=E_WUJIANG,
        holding=holding(E_WUJIANG),
        target=R_WUJIANG,
        kg=100,
        cause=CAUSE,
        at=NOW,
    )
    out = reserve_move_entry(
        entry_id="m2",
        source=R_WUJIANG,
        holding=holding(R_WUJIANG, origin=Origin.RESERVE_RECOVERY),
        target=E_WUJIANG_2,
        kg=60,
        cause=CAUSE,
        at=NOW,
    )
    book = apply_checked((issue(E_WUJIANG, 1_000), into, out), Book())
    assert book.balance(holding(R_WUJIANG, origin=Origin.RESERVE_RECOVERY)) == 40
    assert book.balance(holding(E_WUJIANG_2, origin=Origin.RESERVE_RELEASE)) == 60


def test_a_reserve_move_needs_a_reserve_on_one_side() -> None:
    with pytest.raises(PartyNotAllowed, match="reserve move"):
        reserve_move_entry(
            entry_id="m",
            source=E_WUJIANG,
            holding=holding(E_WUJIANG),
            target=E_WUJIANG_2,
            kg=1,
            cause=CAUSE,
            at=NOW,
        )
    with pytest.raises(SelfTrade):
        reserve_move_entry(
            entry_id="m",
            source=R_WUJIANG,
            holding=holding(R_WUJIANG),
            target=R_WUJIANG,
            kg=1,
            cause=CAUSE,
            at=NOW,
        )
    with pytest.raises(PartyNotAllowed, match="held by e-wujiang"):
        reserve_move_entry(
            entry_id="m",
            source=R_WUJIANG,
            holding=holding(E_WUJIANG),
            target=R_JIANGSU,
            kg=1,
            cause=CAUSE,
            at=NOW,
        )
    with pytest.raises(PartyNotAllowed):
        reserve_move_entry(
            entry_id="m",
            source=R_JIANGSU,
            holding=holding(R_JIANGSU),
            target=PLATFORM,
            kg=1,
            cause=CAUSE,
            at=NOW,
        )


def test_issuance_refusals() -> None:
    with pytest.raises(PartyNotAllowed, match="platform"):
        issue(PLATFORM, 1)
    with pytest.raises(AmountNotValid, match="origin"):
        issuance_entry(
            entry_id="i",
            holder=E_WUJIANG,
            pollutant="VOCs",
            valid_from=date(2021, 1, 1),
            valid_to=date(2025, 12, 31),
            kg=1,
            cause=CAUSE,
            at=NOW,
            origin=Origin.PURCHASE,
        )
    with pytest.raises(AmountNotValid, match="2025-12-31"):
        issue(E_WUJIANG, 1, valid_to=date(2026, 1, 1))  # longer than five years
    with pytest.raises(NaiveDatetime):
        issue(E_WUJIANG, 1, when=NOW.replace(tzinfo=None))
    leap = issue(E_WUJIANG, 1, valid_from=date(2024, 2, 29), valid_to=date(2029, 2, 27))
    assert leap.postings[1].delta_kg == 1
    with pytest.raises(AmountNotValid):
        HoldingKey("a", "VOCs", date(2024, 1, 2), date(2024, 1, 1), Origin.PURCHASE)


def test_accounts_need_the_area_of_their_level() -> None:
    with pytest.raises(AmountNotValid, match="county"):
        Account("e", AccountKind.ENTERPRISE, None)
    with pytest.raises(AmountNotValid):
        PLATFORM.located()


def test_transferable_rules() -> None:
    key = holding(E_WUJIANG)
    assert require_transferable(key, 10, held_kg=30, committed_kg=20, day=date(2024, 1, 1)) == 10
    with pytest.raises(InsufficientHolding, match="10 kg of VOCs available to sell; 11 kg"):
        require_transferable(key, 11, held_kg=30, committed_kg=20, day=date(2024, 1, 1))
    with pytest.raises(RightsExpired, match="2025-12-31"):
        require_transferable(key, 1, held_kg=30, day=date(2026, 1, 1))


# --- each invariant refuses ------------------------------------------------------------


def funded_book() -> Book:
    return apply_checked((issue(E_WUJIANG, 1_000),), Book())


def draft(
    kind: EntryKind, *postings: Posting, cause: Cause = CAUSE, when: datetime = NOW
) -> EntryDraft:
    return EntryDraft("x", kind, cause, when, postings)


SELLER = holding(E_WUJIANG)
BUYER = holding(E_WUJIANG_2, origin=Origin.PURCHASE)


@pytest.mark.parametrize(
    ("entry", "error"),
    [
        (
            draft(
                EntryKind.TRANSFER,
                Posting(SELLER, -1),
                Posting(BUYER, 1),
                cause=Cause(CauseKind.TRADE, " "),
            ),
            MissingCause,
        ),
        (draft(EntryKind.TRANSFER), EmptyEntry),
        (draft(EntryKind.TRANSFER, Posting(SELLER, 0)), ZeroPosting),
        (draft(EntryKind.TRANSFER, Posting(SELLER, -1), Posting(SELLER, 1)), DuplicatePosting),
        (draft(EntryKind.TRANSFER, Posting(SELLER, -2), Posting(BUYER, 1)), Unbalanced),
        (
            draft(
                EntryKind.TRANSFER,
                Posting(SELLER, -1),
                Posting(replace(BUYER, valid_to=date(2024, 12, 31)), 1),
            ),
            Unbalanced,
        ),
        (
            draft(
                EntryKind.TRANSFER, Posting(SELLER, -1), Posting(replace(BUYER, pollutant="COD"), 1)
            ),
            Unbalanced,
        ),
        (draft(EntryKind.TRANSFER, Posting(SELLER, -1001), Posting(BUYER, 1001)), NegativeBalance),
        (
            draft(
                EntryKind.TRANSFER,
                Posting(SELLER, -1),
                Posting(BUYER, 1),
                when=at(1, month=1, year=2026),
            ),
            ExpiredRightsMoved,
        ),
        (
            draft(
                EntryKind.TRANSFER,
                Posting(SELLER, -1),
                Posting(SELLER.moved_to(RETIRED_ACCOUNT_ID, Origin.PURCHASE), 1),
            ),
            ForbiddenCredit,
        ),
        (
            draft(EntryKind.ISSUANCE, Posting(SELLER, -1), Posting(BUYER, 1)),
            ForbiddenDebit,
        ),
        (
            draft(EntryKind.RETIREMENT, Posting(SELLER, -1), Posting(BUYER, 1)),
            ForbiddenCredit,
        ),
        (
            draft(
                EntryKind.RESERVE_MOVE,
                Posting(SELLER.moved_to(ISSUANCE_ACCOUNT_ID, Origin.INITIAL_FREE), -1),
                Posting(BUYER, 1),
            ),
            ForbiddenDebit,
        ),
    ],
)
def test_each_invariant_refuses_an_entry_that_breaks_it(entry: EntryDraft, error: type) -> None:
    book = funded_book()
    with pytest.raises(error) as caught:
        check_entry(entry, book)
    assert "Entry x" in str(caught.value)
    assert book.balance(SELLER) == 1_000  # nothing applied


def test_expired_rights_can_still_be_retired() -> None:
    late = at(1, month=3, year=2026)
    retire = retirement_entry(entry_id="r", holding=SELLER, kg=1_000, cause=CAUSE, at=late)
    assert apply_checked((retire,), funded_book()).outstanding_kg() == {}


def test_apply_checked_leaves_the_book_untouched_on_refusal() -> None:
    book = funded_book()
    with pytest.raises(NegativeBalance):
        apply_checked((transfer(600, "a"), transfer(600, "b")), book)
    assert book.balance(SELLER) == 1_000


def test_book_violations_find_negative_holdings_and_lost_rights() -> None:
    broken = Book({SELLER: -5, BUYER: 3})
    found = book_violations(broken)
    assert [type(v) for v in found] == [NegativeHolding, NotConserved]
    assert "-2 kg" in str(found[1])


# --- hash chain ------------------------------------------------------------------------


def test_entries_chain_from_the_genesis_hash() -> None:
    entries = sample_journal()
    assert [e.seq for e in entries] == [1, 2, 3, 4]
    assert entries[0].prev_hash == GENESIS_HASH
    assert all(b.prev_hash == a.hash for a, b in zip(entries, entries[1:], strict=False))
    assert all(e.hash == entry_hash(e) and len(e.hash) == 64 for e in entries)
    assert head_of(entries) == ChainHead(4, entries[-1].hash)
    assert head_of(()) == ChainHead()


def test_chaining_continues_after_a_head() -> None:
    first = journal(issue(E_WUJIANG, 1_000))
    more = chain([transfer(10)], ChainHead.after(first[-1]))
    assert (more[0].seq, more[0].prev_hash) == (2, first[-1].hash)
    assert verify(first + more).ok


def test_the_canonical_form_ignores_posting_order_and_time_zone() -> None:
    entry = journal(transfer(10))[0]
    shuffled = replace(
        entry, postings=tuple(reversed(entry.postings)), recorded_at=NOW.astimezone()
    )
    assert canonical_bytes(shuffled) == canonical_bytes(entry)
    assert b'"at":"2024-07-01T02:00:00.000000+00:00"' in canonical_bytes(entry)
    assert b'"payment":["e-wujiang-2","e-wujiang",12345]' in canonical_bytes(entry)


def test_the_hash_covers_every_field() -> None:
    entry = journal(transfer(10))[0]
    changes: list[dict[str, Any]] = [
        {"entry_id": "other"},
        {"kind": EntryKind.RESERVE_MOVE},
        {"cause": Cause(CauseKind.ORDER, "trade-1")},
        {"recorded_at": at(2)},
        {"payment": Payment(E_WUJIANG_2.account_id, E_WUJIANG.account_id, 12_346)},
        {"payment": None},
        {"seq": 2},
        {"prev_hash": "1" * 64},
    ]
    for change in changes:
        assert entry_hash(replace(entry, **change)) != entry.hash, change


# --- verify ----------------------------------------------------------------------------


def test_verify_accepts_an_intact_journal() -> None:
    entries = sample_journal()
    report = verify(entries)
    assert report.ok and report.first_break is None
    assert report.entries_checked == 4
    assert report.head_hash == entries[-1].hash
    assert report.book.outstanding_kg() == {"COD": 500, "VOCs": 900}
    assert verify(()).ok and verify(()).head_hash == GENESIS_HASH


def test_verify_names_the_entry_whose_amount_was_altered() -> None:
    entries = list(sample_journal())
    posting = entries[2].postings[0]
    entries[2] = replace(
        entries[2], postings=(replace(posting, delta_kg=-401), entries[2].postings[1])
    )
    report = verify(entries)
    assert not report.ok
    assert report.first_break is not None
    assert (report.first_break.index, report.first_break.entry_id) == (2, "t1")
    assert isinstance(report.first_break.reason, BrokenChain)
    assert "hash" in str(report.first_break)
    assert report.book.outstanding_kg() == {"COD": 500, "VOCs": 1_000}  # up to the entry before


def test_verify_catches_a_resealed_entry_by_its_successor_or_its_balance() -> None:
    entries = list(sample_journal())
    forged = replace(entries[2], postings=(Posting(SELLER, -5_000), Posting(BUYER, 5_000)))
    entries[2] = replace(forged, hash=entry_hash(forged))
    report = verify(entries)
    assert report.first_break is not None and report.first_break.index == 2
    assert isinstance(report.first_break.reason, NegativeBalance)
    entries = list(sample_journal())
    entries[1] = replace(entries[1], recorded_at=at(2))
    entries[1] = replace(entries[1], hash=entry_hash(entries[1]))
    report = verify(entries)
    assert report.first_break is not None and report.first_break.index == 2
    assert "prev_hash" in str(report.first_break.reason)


def test_verify_catches_gaps_reorders_and_duplicates() -> None:
    entries = list(sample_journal())
    assert verify(entries[:1] + entries[2:]).first_break.index == 1  # type: ignore[union-attr]
    swapped = [entries[1], entries[0], *entries[2:]]
    assert verify(swapped).first_break.index == 0  # type: ignore[union-attr]
    again = journal(issue(E_WUJIANG, 5), issue(E_WUJIANG, 5))
    report = verify(again)
    assert report.first_break is not None and isinstance(report.first_break.reason, DuplicateEntry)


def test_verify_compares_the_holdings_table() -> None:
    entries = sample_journal()
    stored = verify(entries).book.as_dict()
    assert verify(entries, stored).ok
    stored[SELLER] += 1
    report = verify(entries, stored)
    assert not report.ok and report.first_break is None
    (mismatch,) = report.balance_mismatches
    assert isinstance(mismatch, BalanceMismatch)
    assert "601 kg" in str(mismatch) and "600 kg" in str(mismatch)
    assert not verify(entries, {}).ok
