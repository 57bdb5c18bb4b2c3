"""Every write of the emission-rights registry: accounts, confirmed rights, listings.

Each write takes keyword-only ``by`` and ``channel``, checks access before it looks at
the values, runs in one transaction and records its audit event there. The rules are
the domain's (``deltacap.domain.rights``); trades, approvals and settlement are in
``rights.trading``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from deltacap.accounts.permissions import Actor, require
from deltacap.audit import services as audit
from deltacap.domain.access import Action
from deltacap.domain.errors import Conflict, DeltacapError, InvalidInput, NotFound, gettext_noop
from deltacap.domain.rights import trades as rules
from deltacap.domain.rights.accounts import (
    RESERVE_KINDS,
    AccountKind,
    HoldingKey,
    Origin,
)
from deltacap.domain.rights.book import Book
from deltacap.domain.rights.entries import issuance_entry
from deltacap.domain.rights.invariants import apply_checked
from deltacap.domain.rights.journal import Cause, CauseKind
from deltacap.domain.rights.quantities import fen_from_yuan, kg_from_tonnes
from deltacap.enterprises.models import Enterprise
from deltacap.reference.models import Division, Level
from deltacap.rights import ledger
from deltacap.rights.market import domain_account, holding_key, market_config
from deltacap.rights.models import (
    Holding,
    JournalEntry,
    Listing,
    RightsAccount,
)

# The domain names quantities and prices in its units; the entry points take tonnes and yuan.
_INPUT_NAMES = {"quantity_kg": "tonnes", "price_fen_per_tonne": "price_yuan_per_tonne"}


@contextmanager
def input_names() -> Iterator[None]:
    """Name the caller's field (``tonnes``) in a refusal the domain names in kilograms."""
    try:
        yield
    except DeltacapError as exc:
        exc.field = _INPUT_NAMES.get(exc.field or "", exc.field)
        raise


def _now(at: datetime | None) -> datetime:
    return at or timezone.now()


def _area_codes(division: Division) -> tuple[str, str, str]:
    """Member, city and county codes of an enterprise's division ("" where it has none)."""
    path = division.path()[1:]
    member = path[0] if path else ""
    if division.level == Level.COUNTY:
        city = path[1] if len(path) > 2 else member
        return member, city, division.code
    return member, division.code if len(path) > 1 else member, ""


def account_of(enterprise: Enterprise, *, save: bool = True) -> RightsAccount:
    """The registry account of ``enterprise``, opened on first use (located in its county).

    With ``save=False`` an account not opened yet is returned unsaved: callers check access
    and input first and open it (``opened``) inside the transaction of their write, so a
    refused request writes nothing. Raises InvalidInput when the enterprise is not located
    in a county (rights are confirmed and traded by county).
    """
    existing = RightsAccount.objects.filter(enterprise=enterprise).first()
    if existing is not None:
        return existing
    member, city, county = _area_codes(enterprise.division)
    if not county:
        raise InvalidInput(
            gettext_noop("Enterprise {id} has no county; rights are held in a county."),
            field="enterprise_id",
            id=enterprise.pk,
        )
    account = RightsAccount(
        code=f"ent-{enterprise.pk}",
        kind=AccountKind.ENTERPRISE.value,
        enterprise=enterprise,
        member_code=member,
        city_code=city,
        county_code=county,
    )
    return opened(account) if save else account


def opened(account: RightsAccount) -> RightsAccount:
    """``account``, saved if it was not yet (call it inside the write's transaction)."""
    if not account._state.adding:
        return account
    fields = ["kind", "enterprise", "member_code", "city_code", "county_code"]
    saved, _ = RightsAccount.objects.get_or_create(
        code=account.code, defaults={f: getattr(account, f) for f in fields}
    )
    return saved


def get_enterprise(enterprise_id: Any) -> Enterprise:
    enterprise = Enterprise.objects.select_related("division__parent__parent").filter(
        pk=enterprise_id if isinstance(enterprise_id, int) else -1
    )
    found = enterprise.first()
    if found is None:
        raise NotFound(gettext_noop("No enterprise {id}."), field="enterprise_id", id=enterprise_id)
    return found


def _holder(enterprise_id: Any, account_code: str | None) -> RightsAccount:
    if enterprise_id is not None:
        return account_of(get_enterprise(enterprise_id), save=False)
    found = RightsAccount.objects.filter(code=account_code or "").first()
    if found is None or found.kind not in (k.value for k in RESERVE_KINDS):
        raise NotFound(
            gettext_noop("No reserve account {code}."), field="account_code", code=account_code
        )
    return found


def date_input(value: Any, field: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(gettext_noop("Enter a date as YYYY-MM-DD."), field=field) from None


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
) -> Holding:
    """Confirm (issue) ``tonnes`` per year of ``pollutant`` to an enterprise, or to a
    reserve's account by its code (确权).

    Only the bureaus of the holder's area may. Raises NotFound, AccessDenied, Conflict (a
    decision issued before), InvalidInput naming the field (RightsInvalid for quantity,
    validity, pollutant).
    """
    account = _holder(enterprise_id, account_code)
    require(by, Action.ISSUE_RIGHTS, account)
    kg = kg_from_tonnes(tonnes, "tonnes")
    market_config().rules.pollutants.spec(pollutant)
    start, end = date_input(valid_from, "valid_from"), date_input(valid_to, "valid_to")
    try:
        kind = Origin(origin)
    except ValueError:
        raise InvalidInput(gettext_noop("Not one of the allowed values."), field="origin") from None
    when = _now(at)
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

    def work() -> Holding:
        ledger.ensure_ledger_accounts()
        opened(account)
        rows = ledger.lock_holdings(p.holding for p in draft.postings)
        apply_checked((draft,), Book({k: r.kg for k, r in rows.items()}))
        ledger.append((draft,), rows)
        key = next(p.holding for p in draft.postings if p.delta_kg > 0)
        audit.record(
            actor=by,
            channel=channel,
            action="rights.issue",
            object_type="holding",
            object_id=rows[key].pk,
            member_code=account.member_code,
            after={"account": account.code, "pollutant": pollutant, "kg": kg, "entry": cause_ref},
        )
        return rows[key]

    return ledger.serializable(work, journal=True)


def _holding(holding_id: Any, *, lock: bool = False) -> Holding:
    qs = Holding.objects.select_related("account")
    if lock:
        qs = qs.select_for_update(of=("self",))
    found = qs.filter(pk=holding_id if isinstance(holding_id, int) else -1).first()
    if found is None:
        raise NotFound(gettext_noop("No holding {id}."), field="holding_id", id=holding_id)
    return found


def open_listing(
    *,
    by: Actor,
    channel: str,
    holding_id: int,
    tonnes: Decimal | str,
    price_yuan_per_tonne: Decimal | str,
    allow_partial: bool = False,
    at: datetime | None = None,
) -> Listing:
    """List part of a holding at a fixed price (挂牌); the quantity is committed.

    Raises NotFound, AccessDenied, RightsInvalid (quantity, more than held and not
    committed, expired rights, price outside the band), InvalidInput.
    """
    require(by, Action.LIST_RIGHTS, _holding(holding_id))
    kg = kg_from_tonnes(tonnes, "tonnes")
    price = fen_from_yuan(price_yuan_per_tonne, "price_yuan_per_tonne")
    when = _now(at)

    def work() -> Listing:
        holding = _holding(holding_id, lock=True)
        listing = Listing(
            holding=holding,
            seller=holding.account,
            quantity_kg=kg,
            remaining_kg=kg,
            price_fen_per_tonne=price,
            allow_partial=allow_partial,
            listed_at=when,
        )
        rules.open_listing(
            listing_id="new",
            seller=domain_account(holding.account),
            holding=holding_key(holding),
            quantity_kg=kg,
            price_fen_per_tonne=price,
            allow_partial=allow_partial,
            listed_at=when,
            held_kg=holding.kg,
            committed_kg=holding.committed_kg,
            market=market_config(),
        )
        holding.committed_kg += kg
        holding.save(update_fields=["committed_kg"])
        listing.save()
        audit.record(
            actor=by,
            channel=channel,
            action="rights.list",
            object_type="listing",
            object_id=listing.pk,
            member_code=holding.account.member_code,
            after={"holding": holding.pk, "kg": kg, "price_fen_per_tonne": price},
        )
        return listing

    with input_names():
        return ledger.serializable(work)


def withdraw_listing(*, by: Actor, channel: str, listing_id: int) -> Listing:
    """Withdraw what is left of an open listing; its commitment is released."""

    def work() -> Listing:
        listing = _listing(listing_id, lock=True)
        require(by, Action.WITHDRAW_LISTING, listing)
        if listing.status != Listing.Status.OPEN:
            raise Conflict(gettext_noop("The listing is not open."), field="listing_id")
        holding = Holding.objects.select_for_update().get(pk=listing.holding_id)
        holding.committed_kg -= listing.remaining_kg
        holding.save(update_fields=["committed_kg"])
        listing.status, left = Listing.Status.WITHDRAWN, listing.remaining_kg
        listing.remaining_kg = 0
        listing.save(update_fields=["status", "remaining_kg"])
        audit.record(
            actor=by,
            channel=channel,
            action="rights.withdraw",
            object_type="listing",
            object_id=listing.pk,
            member_code=listing.seller.member_code,
            after={"released_kg": left},
        )
        return listing

    return ledger.serializable(work)


def _listing(listing_id: Any, *, lock: bool = False) -> Listing:
    qs = Listing.objects.select_related("seller", "holding")
    if lock:
        qs = qs.select_for_update(of=("self",))
    found = qs.filter(pk=listing_id if isinstance(listing_id, int) else -1).first()
    if found is None:
        raise NotFound(gettext_noop("No listing {id}."), field="listing_id", id=listing_id)
    return found


def holding_kg(key: HoldingKey) -> int:
    row = Holding.objects.filter(
        account_id=key.account,
        pollutant=key.pollutant,
        valid_from=key.valid_from,
        valid_to=key.valid_to,
        origin=key.origin.value,
    ).first()
    return row.kg if row else 0


_RESERVE_KIND = {
    Level.COUNTY: AccountKind.COUNTY_RESERVE,
    Level.CITY: AccountKind.CITY_RESERVE,
    Level.MEMBER: AccountKind.MEMBER_RESERVE,
}


def reserve_account(*, by: Actor, channel: str, division_code: str) -> RightsAccount:
    """The government reserve account of a county, city or member, opened on first use.

    Only the bureaus of that division and above may. Raises InvalidInput, AccessDenied.
    """
    division = Division.objects.filter(code=division_code).first()
    if division is None or division.level not in _RESERVE_KIND:
        raise InvalidInput(
            gettext_noop("No county, city or member with code {code}."),
            field="division_code",
            code=division_code,
        )
    member, city, county = _area_codes(division)
    account = RightsAccount(
        code=f"res-{division.code}",
        kind=_RESERVE_KIND[Level(division.level)].value,
        member_code=member,
        city_code="" if division.level == Level.MEMBER else city,
        county_code=county,
    )
    require(by, Action.OPEN_RESERVE, account)
    with transaction.atomic():
        existing = RightsAccount.objects.filter(code=account.code).first()
        if existing is not None:
            return existing
        account.save()
        audit.record(
            actor=by,
            channel=channel,
            action="rights.reserve_open",
            object_type="rights_account",
            object_id=account.code,
            member_code=member,
        )
    return account
