"""Moves into and out of a government reserve by a decision (no market, no price):

- ``recover_into_reserve``: rights of an enterprise recovered into a reserve (无偿收回, a
  closure), by the bureaus over the enterprise;
- ``release_from_reserve``: rights of a reserve allocated to an enterprise of the
  reserve's own area, by the bureaus over the reserve.

Both are the ledger's reserve move (``domain.rights.entries.reserve_move_entry``): the
rights keep their pollutant and validity, change origin (``reserve_recovery`` into a
reserve, ``reserve_release`` out of it), and the entry traces to the decision it names.
What is promised to open listings, auctions or trades cannot move. One transaction with
the journal's append and the audit event.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from deltacap.accounts.permissions import Actor, require
from deltacap.audit import services as audit
from deltacap.domain.access import Action
from deltacap.domain.errors import Conflict, InvalidInput, NotFound, gettext_noop
from deltacap.domain.rights.book import Book
from deltacap.domain.rights.entries import require_transferable, reserve_move_entry
from deltacap.domain.rights.invariants import apply_checked
from deltacap.domain.rights.journal import Cause, CauseKind
from deltacap.domain.rights.quantities import kg_from_tonnes, local_day
from deltacap.rights import journal
from deltacap.rights.config import domain_account, holding_key
from deltacap.rights.journal.rows import HoldingRow
from deltacap.rights.models import JournalEntry, RightsAccount
from deltacap.rights.services.accounts import (
    account_of,
    get_enterprise,
    get_holding,
    input_names,
    now,
    opened,
)


def _decision(value: str) -> str:
    text = (value or "").strip()
    if not text:
        raise InvalidInput(gettext_noop("Name the decision the rights move by."), field="decision")
    return text[:80]


def _move(
    *,
    holding_id: int,
    target: RightsAccount,
    kg: int,
    entry_id: str,
    decision: str,
    at: datetime,
) -> tuple[HoldingRow, int]:
    """Append the reserve move of ``kg`` from the (locked) holding to ``target``; the
    holding credited and the entry's sequence number."""
    if JournalEntry.objects.filter(entry_id=entry_id).exists():
        raise Conflict(
            gettext_noop("Decision {decision} moved these rights before."),
            field="decision",
            decision=decision,
        )
    holding = get_holding(holding_id, lock=True)
    key = holding_key(holding)
    require_transferable(
        key, kg, held_kg=holding.kg, committed_kg=holding.committed_kg, day=local_day(at)
    )
    draft = reserve_move_entry(
        entry_id=entry_id,
        source=domain_account(holding.account),
        holding=key,
        target=domain_account(target),
        kg=kg,
        cause=Cause(CauseKind.DECISION, decision),
        at=at,
    )
    opened(target)
    rows = journal.lock_holdings(p.holding for p in draft.postings)
    apply_checked((draft,), Book({k: r.kg for k, r in rows.items()}))
    (seq,) = journal.append((draft,), rows)
    credit = next(p.holding for p in draft.postings if p.delta_kg > 0)
    return rows[credit], seq


@input_names
@journal.unit_of_work(journal=True)
def recover_into_reserve(
    *,
    by: Actor,
    channel: str,
    holding_id: int,
    reserve_code: str,
    tonnes: Decimal | str,
    decision: str,
    at: datetime | None = None,
) -> tuple[HoldingRow, int]:
    """Recover ``tonnes`` of an enterprise's holding into the reserve ``reserve_code``
    (opened before, by ``reserve_account``). Returns the reserve's holding credited and
    the journal entry's sequence number.

    Raises NotFound, AccessDenied, Conflict (the decision moved these rights before),
    InvalidInput / RightsInvalid naming the field (quantity, expired, more than is free).
    """
    holding = get_holding(holding_id)
    require(by, Action.RECOVER_RIGHTS, holding)
    if holding.account.enterprise_id is None:
        raise InvalidInput(
            gettext_noop("Only an enterprise's rights are recovered into a reserve."),
            field="holding_id",
        )
    reserve = RightsAccount.objects.filter(code=reserve_code).first()
    if reserve is None or not domain_account(reserve).is_reserve:
        raise NotFound(
            gettext_noop("No reserve account {code}."), field="reserve_code", code=reserve_code
        )
    kg, cause, when = kg_from_tonnes(tonnes, "tonnes"), _decision(decision), now(at)
    row, seq = _move(
        holding_id=holding.pk,
        target=reserve,
        kg=kg,
        entry_id=f"recover:{cause}:{holding.pk}",
        decision=cause,
        at=when,
    )
    audit.record(
        actor=by,
        channel=channel,
        action="rights.reserve_recover",
        object_type="holding",
        object_id=row.pk,
        member_code=reserve.member_code,
        before={"account": holding.account_id, "holding": holding.pk},
        after={"account": reserve.code, "pollutant": holding.pollutant, "kg": kg, "entry": seq},
    )
    return row, seq


def _in_area(reserve: RightsAccount, enterprise_account: RightsAccount) -> bool:
    """Whether the enterprise lies in the reserve's own division (its deepest code)."""
    own = reserve.county_code or reserve.city_code or reserve.member_code
    return own in enterprise_account.place.division_path


@input_names
@journal.unit_of_work(journal=True)
def release_from_reserve(
    *,
    by: Actor,
    channel: str,
    holding_id: int,
    enterprise_id: int,
    tonnes: Decimal | str,
    decision: str,
    at: datetime | None = None,
) -> tuple[HoldingRow, int]:
    """Allocate ``tonnes`` of a reserve's holding to an enterprise of the reserve's own
    area (its account opened on first use). Returns the enterprise's holding credited and
    the journal entry's sequence number.

    Raises NotFound, AccessDenied, Conflict, InvalidInput / RightsInvalid naming the field.
    """
    holding = get_holding(holding_id)
    require(by, Action.RELEASE_RESERVE, holding)
    if not domain_account(holding.account).is_reserve:
        raise InvalidInput(
            gettext_noop("Only a government reserve's rights are allocated this way."),
            field="holding_id",
        )
    enterprise = account_of(get_enterprise(enterprise_id), save=False)
    if not _in_area(holding.account, enterprise):
        raise InvalidInput(
            gettext_noop("A reserve allocates only to enterprises of its own area."),
            field="enterprise_id",
        )
    kg, cause, when = kg_from_tonnes(tonnes, "tonnes"), _decision(decision), now(at)
    row, seq = _move(
        holding_id=holding.pk,
        target=enterprise,
        kg=kg,
        entry_id=f"release:{cause}:{holding.pk}",
        decision=cause,
        at=when,
    )
    audit.record(
        actor=by,
        channel=channel,
        action="rights.reserve_release",
        object_type="holding",
        object_id=row.pk,
        member_code=holding.account.member_code,
        before={"account": holding.account_id, "holding": holding.pk},
        after={"account": enterprise.code, "pollutant": holding.pollutant, "kg": kg, "entry": seq},
    )
    return row, seq
