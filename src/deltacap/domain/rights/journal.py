"""Journal entries of the ledger, their canonical form and the hash chain.

Issue 4 item 3: every change of a holding is a balanced, append-only journal entry
(double entry), hash-chained. An :class:`EntryDraft` is what the rules decide; sealing it
after the journal's head gives a :class:`JournalEntry` with its sequence number, the
previous entry's hash and its own:

    hash = SHA-256(canonical_bytes(entry content, previous hash))

The canonical serialisation is JSON with sorted keys, no whitespace, UTF-8, integers
for kilograms and fen, ISO dates, UTC timestamps with microseconds
(``2024-07-01T02:00:00.000000+00:00``) and postings sorted by holding, so that the same
content always gives the same bytes whatever order a database returns rows in. The
first entry's previous hash is :data:`GENESIS_HASH`.
"""

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from deltacap.domain.rights.accounts import HoldingKey
from deltacap.domain.rights.quantities import require_aware

GENESIS_HASH = "0" * 64
CANONICAL_VERSION = 1


class EntryKind(StrEnum):
    ISSUANCE = "issuance"
    TRANSFER = "transfer"
    RETIREMENT = "retirement"
    RESERVE_MOVE = "reserve_move"


class CauseKind(StrEnum):
    """What an entry traces to (issue 4 item 3: "the order, trade or decision")."""

    ORDER = "order"
    TRADE = "trade"
    AUCTION = "auction"
    DECISION = "decision"


@dataclass(frozen=True)
class Cause:
    kind: CauseKind
    ref: str


@dataclass(frozen=True)
class Posting:
    """A change of one holding, in kilograms: above zero it grows, below zero it shrinks.

    The debits of an entry are its negative postings, the credits its positive ones.
    """

    holding: HoldingKey
    delta_kg: int


@dataclass(frozen=True)
class Payment:
    """Money that changes hands with a transfer, in fen (recorded, hashed, not a balance)."""

    payer: str
    payee: str
    fen: int


@dataclass(frozen=True)
class EntryDraft:
    """An entry as the rules decided it, before it takes its place in the chain."""

    entry_id: str
    kind: EntryKind
    cause: Cause
    recorded_at: datetime
    postings: tuple[Posting, ...]
    payment: Payment | None = None

    def sealed(self, seq: int, prev_hash: str) -> "JournalEntry":
        """This draft as entry number ``seq`` after an entry whose hash is ``prev_hash``."""
        require_aware(self.recorded_at, "recorded_at")
        content = {f.name: getattr(self, f.name) for f in fields(EntryDraft)}
        entry = JournalEntry(**content, seq=seq, prev_hash=prev_hash, hash="")
        return replace(entry, hash=entry_hash(entry))


@dataclass(frozen=True)
class JournalEntry(EntryDraft):
    """An entry of the journal: a draft with its place in the hash chain."""

    seq: int = 0
    prev_hash: str = GENESIS_HASH
    hash: str = ""


def _timestamp(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def _posting(posting: Posting) -> list[Any]:
    h = posting.holding
    return [
        h.account,
        h.pollutant,
        h.valid_from.isoformat(),
        h.valid_to.isoformat(),
        h.origin.value,
        posting.delta_kg,
    ]


def canonical_content(entry: JournalEntry) -> dict[str, Any]:
    """Everything the hash covers, as plain JSON values (the previous hash included)."""
    payment = entry.payment
    return {
        "v": CANONICAL_VERSION,
        "seq": entry.seq,
        "id": entry.entry_id,
        "kind": entry.kind.value,
        "cause": [entry.cause.kind.value, entry.cause.ref],
        "at": _timestamp(entry.recorded_at),
        "postings": sorted(_posting(p) for p in entry.postings),
        "payment": None if payment is None else [payment.payer, payment.payee, payment.fen],
        "prev": entry.prev_hash,
    }


def canonical_bytes(entry: JournalEntry) -> bytes:
    content = canonical_content(entry)
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def entry_hash(entry: JournalEntry) -> str:
    """SHA-256 (hex) of the entry's canonical bytes, which include the previous hash."""
    return hashlib.sha256(canonical_bytes(entry)).hexdigest()


@dataclass(frozen=True)
class ChainHead:
    """Where the next entry goes: its sequence number and the hash it must follow."""

    seq: int = 0
    hash: str = GENESIS_HASH

    @classmethod
    def after(cls, entry: JournalEntry | None) -> "ChainHead":
        return cls() if entry is None else cls(entry.seq, entry.hash)


def chain(drafts: Iterable[EntryDraft], head: ChainHead) -> tuple[JournalEntry, ...]:
    """Seal ``drafts`` in order after ``head`` (sequence numbers count up from head.seq+1)."""
    sealed: list[JournalEntry] = []
    seq, prev = head.seq, head.hash
    for draft in drafts:
        seq += 1
        entry = draft.sealed(seq, prev)
        sealed.append(entry)
        prev = entry.hash
    return tuple(sealed)


def head_of(entries: Sequence[JournalEntry]) -> ChainHead:
    return ChainHead.after(entries[-1] if entries else None)
