"""The invariants of the ledger, each checked in one place.

Issue 4 item 3: "Invariants: no negative balance, total rights per pollutant change only
by issuance or retirement, every entry traces to the order, trade or decision that
caused it", and every change is a balanced double entry. An entry is acceptable when:

1. it names a cause (a non-empty reference);
2. it has postings, none of zero, at most one per holding;
3. it is balanced: per pollutant and validity period, debits equal credits (the
   postings sum to zero), so a transfer can neither create rights nor change their
   validity;
4. its kind allows each posting: an issuance takes rights only from the ``issuance``
   account, a retirement gives rights only to the ``retired`` account, and transfers
   and reserve moves touch neither. With 3, this is what makes the total outstanding
   per pollutant change only by issuance or retirement;
5. a transfer or reserve move takes no rights that have expired on the entry's day;
6. no account but ``issuance`` is left below zero.

:func:`check_entry` raises the first broken rule; :func:`entry_violation` returns it.
"""

from collections import defaultdict
from collections.abc import Callable
from datetime import date

from deltacap.domain.rights.accounts import (
    ISSUANCE_ACCOUNT_ID,
    LEDGER_ACCOUNT_IDS,
    RETIRED_ACCOUNT_ID,
)
from deltacap.domain.rights.book import Book
from deltacap.domain.rights.errors import (
    DuplicatePosting,
    EmptyEntry,
    ExpiredRightsMoved,
    ForbiddenCredit,
    ForbiddenDebit,
    LedgerViolation,
    MissingCause,
    NegativeBalance,
    NegativeHolding,
    NotConserved,
    Unbalanced,
    ZeroPosting,
)
from deltacap.domain.rights.journal import EntryDraft, EntryKind
from deltacap.domain.rights.quantities import local_day

_Allowed = Callable[[str], bool]


def _holder(account: str) -> bool:
    return account not in LEDGER_ACCOUNT_IDS


# Rule 4: which accounts each kind of entry may take rights from (debit) and give to.
_KIND_RULES: dict[EntryKind, tuple[_Allowed, _Allowed]] = {
    EntryKind.ISSUANCE: (lambda a: a == ISSUANCE_ACCOUNT_ID, _holder),
    EntryKind.RETIREMENT: (_holder, lambda a: a == RETIRED_ACCOUNT_ID),
    EntryKind.TRANSFER: (_holder, _holder),
    EntryKind.RESERVE_MOVE: (_holder, _holder),
}
_MOVES = frozenset({EntryKind.TRANSFER, EntryKind.RESERVE_MOVE})


def _cause(entry: EntryDraft) -> LedgerViolation | None:
    if not entry.cause.ref.strip():
        return MissingCause(entry=entry.entry_id)
    return None


def _shape(entry: EntryDraft) -> LedgerViolation | None:
    if not entry.postings:
        return EmptyEntry(entry=entry.entry_id)
    seen = set()
    for posting in entry.postings:
        delta = posting.delta_kg
        if isinstance(delta, bool) or not isinstance(delta, int) or delta == 0:
            return ZeroPosting(
                entry=entry.entry_id, account=posting.holding.account, delta_kg=delta
            )
        if posting.holding in seen:
            return DuplicatePosting(entry=entry.entry_id, account=posting.holding.account)
        seen.add(posting.holding)
    return None


def _balance(entry: EntryDraft) -> LedgerViolation | None:
    sums: dict[tuple[str, date, date], int] = defaultdict(int)
    for posting in entry.postings:
        sums[posting.holding.vintage] += posting.delta_kg
    for (pollutant, valid_from, valid_to), total in sorted(sums.items()):
        if total:
            return Unbalanced(
                entry=entry.entry_id,
                pollutant=pollutant,
                valid_from=valid_from,
                valid_to=valid_to,
                sum_kg=total,
            )
    return None


def _kind(entry: EntryDraft) -> LedgerViolation | None:
    may_debit, may_credit = _KIND_RULES[entry.kind]
    for posting in entry.postings:
        account = posting.holding.account
        if posting.delta_kg < 0 and not may_debit(account):
            return ForbiddenDebit(entry=entry.entry_id, kind=entry.kind.value, account=account)
        if posting.delta_kg > 0 and not may_credit(account):
            return ForbiddenCredit(entry=entry.entry_id, kind=entry.kind.value, account=account)
    return None


def _expiry(entry: EntryDraft) -> LedgerViolation | None:
    if entry.kind not in _MOVES:
        return None
    day = local_day(entry.recorded_at, "recorded_at")
    for posting in entry.postings:
        key = posting.holding
        if posting.delta_kg < 0 and key.expired_on(day):
            return ExpiredRightsMoved(
                entry=entry.entry_id,
                pollutant=key.pollutant,
                account=key.account,
                valid_to=key.valid_to,
            )
    return None


def _no_negative(entry: EntryDraft, book: Book) -> LedgerViolation | None:
    for posting in entry.postings:
        key = posting.holding
        after = book.balance(key) + posting.delta_kg
        if after < 0 and key.account != ISSUANCE_ACCOUNT_ID:
            return NegativeBalance(
                entry=entry.entry_id,
                account=key.account,
                balance_kg=after,
                pollutant=key.pollutant,
            )
    return None


def entry_violation(entry: EntryDraft, book: Book) -> LedgerViolation | None:
    """The first rule (1 to 6 above) that ``entry`` breaks when applied to ``book``."""
    return (
        _cause(entry)
        or _shape(entry)
        or _balance(entry)
        or _kind(entry)
        or _expiry(entry)
        or _no_negative(entry, book)
    )


def check_entry(entry: EntryDraft, book: Book) -> None:
    """Raise the first rule ``entry`` breaks against ``book``. Raises LedgerViolation."""
    violation = entry_violation(entry, book)
    if violation is not None:
        raise violation


def apply_checked(entries: tuple[EntryDraft, ...], book: Book) -> Book:
    """A copy of ``book`` with ``entries`` applied in order, each checked first.

    Raises LedgerViolation; ``book`` itself is left untouched.
    """
    after = book.copy()
    for entry in entries:
        check_entry(entry, after)
        after.apply(entry)
    return after


def book_violations(book: Book) -> list[LedgerViolation]:
    """Invariants of a whole book (replayed from the entire journal).

    No holding below zero but the issuance account's, and every pollutant and validity
    period sums to zero over all accounts (what the issuance account gave out is held
    or retired).
    """
    found: list[LedgerViolation] = []
    sums: dict[tuple[str, date, date], int] = defaultdict(int)
    for key, kg in book.items():
        sums[key.vintage] += kg
        if kg < 0 and key.account != ISSUANCE_ACCOUNT_ID:
            found.append(
                NegativeHolding(
                    account=key.account,
                    balance_kg=kg,
                    pollutant=key.pollutant,
                    valid_from=key.valid_from,
                    valid_to=key.valid_to,
                )
            )
    for (pollutant, valid_from, valid_to), total in sorted(sums.items()):
        if total:
            found.append(
                NotConserved(
                    pollutant=pollutant, valid_from=valid_from, valid_to=valid_to, sum_kg=total
                )
            )
    return found
