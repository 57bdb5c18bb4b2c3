"""Reading the journal back: every entry in order and the stored balances, for
``deltacap ledger verify`` (the chain and every balance recomputed)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db import transaction

from deltacap.domain.rights.accounts import HoldingKey, Origin
from deltacap.domain.rights.journal import Cause, CauseKind, EntryKind, Payment
from deltacap.domain.rights.journal import JournalEntry as DomainEntry
from deltacap.domain.rights.journal import Posting as DomainPosting
from deltacap.domain.rights.verify import VerifyReport, verify
from deltacap.rights.models import Holding, JournalEntry, JournalHead, Posting


def _domain_entry(row: JournalEntry, postings: list[Posting]) -> DomainEntry:
    payment = None
    if row.payment_fen is not None:
        payment = Payment(row.payer, row.payee, row.payment_fen)
    return DomainEntry(
        entry_id=row.entry_id,
        kind=EntryKind(row.kind),
        cause=Cause(CauseKind(row.cause_kind), row.cause_ref),
        recorded_at=row.recorded_at,
        postings=tuple(
            DomainPosting(
                HoldingKey(p.account, p.pollutant, p.valid_from, p.valid_to, Origin(p.origin)),
                p.delta_kg,
            )
            for p in postings
        ),
        payment=payment,
        seq=row.seq,
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


def journal(batch: int = 2000) -> Iterator[DomainEntry]:
    """Every entry of the journal in sequence order, streamed in batches."""
    last = 0
    while True:
        rows = list(JournalEntry.objects.filter(seq__gt=last).order_by("seq")[:batch])
        if not rows:
            return
        by_entry: dict[int, list[Posting]] = {r.pk: [] for r in rows}
        for p in Posting.objects.filter(entry_id__in=list(by_entry)).order_by("pk"):
            by_entry[p.entry_id].append(p)
        for row in rows:
            yield _domain_entry(row, by_entry[row.pk])
        last = rows[-1].seq


def stored_balances() -> dict[HoldingKey, int]:
    return {
        HoldingKey(h.account_id, h.pollutant, h.valid_from, h.valid_to, Origin(h.origin)): h.kg
        for h in Holding.objects.all()
    }


def verify_ledger() -> tuple[VerifyReport, JournalHead | None]:
    """Recompute the chain and every balance; also return the head row to compare."""
    with transaction.atomic():
        report = verify(journal(), stored_balances())
        head = JournalHead.objects.filter(pk=1).first()
    return report, head
