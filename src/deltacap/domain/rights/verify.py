"""Recompute the journal's hash chain and every balance; report the first break.

Issue 4 item 3: "``deltacap ledger verify`` recomputes the chain and all balances from
the journal and reports the first break". For each entry, in order:

1. its sequence number follows the previous one (1, 2, 3 ...);
2. its ``prev_hash`` is the previous entry's hash (the genesis hash for the first);
3. its ``hash`` is the SHA-256 of its own canonical content (so any altered field, an
   amount included, breaks at that very entry);
4. its id has not been used before;
5. it keeps every invariant of ``invariants.entry_violation`` against the balances the
   entries before it produced.

Then the replayed balances must keep ``invariants.book_violations`` and, when the
holdings table is passed as ``stored`` (every account, the ``issuance`` and ``retired``
accounts included), every balance of it must equal the journal's. Entries may be any
iterable (a database cursor streams them).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from deltacap.domain.rights.accounts import HoldingKey
from deltacap.domain.rights.book import Book
from deltacap.domain.rights.errors import (
    BalanceMismatch,
    BrokenChain,
    DuplicateEntry,
    LedgerViolation,
)
from deltacap.domain.rights.invariants import book_violations, entry_violation
from deltacap.domain.rights.journal import GENESIS_HASH, JournalEntry, entry_hash


@dataclass(frozen=True)
class Break:
    """The first entry that breaks the journal: its position, id and the reason."""

    index: int
    seq: int
    entry_id: str
    reason: LedgerViolation

    def __str__(self) -> str:
        return f"entry #{self.seq} ({self.entry_id}) at index {self.index}: {self.reason}"


@dataclass(frozen=True)
class VerifyReport:
    """What ``verify`` found. ``ok`` when there is no break and every balance agrees."""

    entries_checked: int
    head_hash: str
    first_break: Break | None
    book: Book
    balance_mismatches: tuple[LedgerViolation, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return self.first_break is None and not self.balance_mismatches


def _link_violation(
    entry: JournalEntry, expected_seq: int, prev_hash: str, seen: set[str]
) -> LedgerViolation | None:
    if entry.seq != expected_seq:
        return BrokenChain(entry=entry.entry_id, what="seq", found=entry.seq, expected=expected_seq)
    if entry.prev_hash != prev_hash:
        return BrokenChain(
            entry=entry.entry_id, what="prev_hash", found=entry.prev_hash, expected=prev_hash
        )
    recomputed = entry_hash(entry)
    if entry.hash != recomputed:
        return BrokenChain(entry=entry.entry_id, what="hash", found=entry.hash, expected=recomputed)
    if entry.entry_id in seen:
        return DuplicateEntry(entry=entry.entry_id)
    return None


def verify(
    entries: Iterable[JournalEntry], stored: Mapping[HoldingKey, int] | None = None
) -> VerifyReport:
    """Recompute the chain and the balances of ``entries``; compare with ``stored``.

    Stops at the first broken entry (its ``Break`` names index, sequence number, id and
    reason); the report's book holds the balances up to the entry before it.
    """
    book, seen, prev_hash, count = Book(), set[str](), GENESIS_HASH, 0
    for index, entry in enumerate(entries):
        violation = _link_violation(entry, index + 1, prev_hash, seen) or entry_violation(
            entry, book
        )
        if violation is not None:
            found = Break(index, entry.seq, entry.entry_id, violation)
            return VerifyReport(count, prev_hash, found, book)
        book.apply(entry)
        seen.add(entry.entry_id)
        prev_hash, count = entry.hash, count + 1
    mismatches = [
        *book_violations(book),
        *(_mismatches(book, stored) if stored is not None else []),
    ]
    return VerifyReport(count, prev_hash, None, book, tuple(mismatches))


def _mismatches(book: Book, stored: Mapping[HoldingKey, int]) -> list[LedgerViolation]:
    journal = book.as_dict()
    found: list[LedgerViolation] = []
    for key in sorted(set(journal) | {k for k, v in stored.items() if v}):
        if journal.get(key, 0) != stored.get(key, 0):
            found.append(
                BalanceMismatch(
                    account=key.account,
                    pollutant=key.pollutant,
                    valid_from=key.valid_from,
                    valid_to=key.valid_to,
                    origin=key.origin.value,
                    stored_kg=stored.get(key, 0),
                    journal_kg=journal.get(key, 0),
                )
            )
    return found
