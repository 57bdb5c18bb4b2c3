"""Issuing rights to a holder (确权): the bureaus of its area, through the journal."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from deltacap.accounts.permissions import Actor, require
from deltacap.audit import services as audit
from deltacap.domain.access import Action
from deltacap.domain.errors import Conflict, InvalidInput, gettext_noop
from deltacap.domain.rights.accounts import HoldingKey, Origin
from deltacap.domain.rights.book import Book
from deltacap.domain.rights.entries import issuance_entry
from deltacap.domain.rights.invariants import apply_checked
from deltacap.domain.rights.journal import Cause, CauseKind, EntryDraft
from deltacap.domain.rights.quantities import kg_from_tonnes
from deltacap.rights import journal
from deltacap.rights.config import domain_account, market_config
from deltacap.rights.journal.rows import HoldingRow
from deltacap.rights.models import JournalEntry, RightsAccount
from deltacap.rights.services.accounts import date_input, holder, now, opened


def post_issuance(account: RightsAccount, draft: EntryDraft) -> HoldingRow:
    """Open ``account`` if new and append ``draft`` (an issuance to it) to the journal;
    return the holding it credited. Inside the caller's journal transaction."""
    journal.ensure_ledger_accounts()
    opened(account)
    rows = journal.lock_holdings(p.holding for p in draft.postings)
    apply_checked((draft,), Book({k: r.kg for k, r in rows.items()}))
    journal.append((draft,), rows)
    return rows[credited(draft)]


def credited(draft: EntryDraft) -> HoldingKey:
    return next(p.holding for p in draft.postings if p.delta_kg > 0)


def _origin(value: str) -> Origin:
    try:
        return Origin(value)
    except ValueError:
        raise InvalidInput(gettext_noop("Not one of the allowed values."), field="origin") from None


@journal.unit_of_work(journal=True)
def issue_rights(
    *,
    by: Actor,
    channel: str,
    pollutant: str,
    tonnes: Decimal | str,
    valid_from: date | str,
    valid_to: date | str,
    enterprise_id: int | None = None,
    account_code: str | None = None,
    origin: str = Origin.INITIAL_FREE.value,
    decision: str = "",
    at: datetime | None = None,
) -> HoldingRow:
    """Confirm (issue) ``tonnes`` per year of ``pollutant`` to an enterprise, or to a
    reserve's account by its code (确权); returns the holding credited.

    Only the bureaus of the holder's area may. Raises NotFound, AccessDenied, Conflict (a
    decision issued before), InvalidInput naming the field (RightsInvalid for quantity,
    validity, pollutant).
    """
    account = holder(enterprise_id, account_code)
    require(by, Action.ISSUE_RIGHTS, account)
    kg = kg_from_tonnes(tonnes, "tonnes")
    market_config().rules.pollutants.spec(pollutant)
    start, end = date_input(valid_from, "valid_from"), date_input(valid_to, "valid_to")
    kind, when = _origin(origin), now(at)
    cause_ref = decision or f"confirmation:{account.code}:{pollutant}:{when.isoformat()}"
    draft = issuance_entry(
        entry_id=f"issue:{cause_ref}",
        holder=domain_account(account),
        pollutant=pollutant,
        valid_from=start,
        valid_to=end,
        kg=kg,
        cause=Cause(CauseKind.DECISION, cause_ref),
        at=when,
        origin=kind,
    )
    if JournalEntry.objects.filter(entry_id=draft.entry_id).exists():
        raise Conflict(
            gettext_noop("Decision {decision} was issued before."),
            field="decision",
            decision=cause_ref,
        )
    row = post_issuance(account, draft)
    audit.record(
        actor=by,
        channel=channel,
        action="rights.issue",
        object_type="holding",
        object_id=row.pk,
        member_code=account.member_code,
        after={"account": account.code, "pollutant": pollutant, "kg": kg, "entry": cause_ref},
    )
    return row
