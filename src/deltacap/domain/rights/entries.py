"""Building journal entries: issuance, retirement, reserve moves and transfers.

Each builder returns an :class:`EntryDraft` that keeps the invariants of
``invariants.check_entry`` when the holdings allow it; the service checks the draft
against the balances it locked (``invariants.apply_checked``) and appends it.

:func:`require_transferable` is the one rule for "can this holding give this much now":
not expired, and no more than is held and not already committed to open listings,
auctions or unsettled trades. Refusals here are input errors with a clear reason
(before a draft exists); the ledger's own check is the last line behind them.
"""

from datetime import date, datetime, timedelta

from deltacap.domain.rights.accounts import (
    ISSUANCE_ACCOUNT_ID,
    RETIRED_ACCOUNT_ID,
    Account,
    HoldingKey,
    Origin,
)
from deltacap.domain.rights.errors import (
    AmountNotValid,
    InsufficientHolding,
    PartyNotAllowed,
    RightsExpired,
    SelfTrade,
)
from deltacap.domain.rights.journal import Cause, EntryDraft, EntryKind, Payment, Posting
from deltacap.domain.rights.quantities import require_aware, require_positive_kg

# 国办发〔2014〕38号 and the 2015 draft measures: "排污权有效期原则上为五年"
# (docs/domain/accounting.md §6.1 and §6.7, [V-2nd]); a parameter of issue_entry.
DEFAULT_MAX_VALIDITY_YEARS = 5

ISSUED_ORIGINS = frozenset({Origin.INITIAL_FREE, Origin.INITIAL_PAID, Origin.FREED_CAPACITY})


def require_unexpired(holding: HoldingKey, day: date) -> None:
    """Raises RightsExpired when ``holding``'s validity ended before ``day``."""
    if holding.expired_on(day):
        raise RightsExpired(
            field="holding",
            pollutant=holding.pollutant,
            account=holding.account,
            valid_to=holding.valid_to,
            day=day,
        )


def require_transferable(
    holding: HoldingKey, kg: int, *, held_kg: int, committed_kg: int = 0, day: date
) -> int:
    """``kg`` if ``holding`` can give it on ``day``.

    ``held_kg`` is the holding's balance, ``committed_kg`` what open listings, auctions
    and unsettled trades already promise from it. Raises QuantityNotPositive,
    RightsExpired, InsufficientHolding.
    """
    require_positive_kg(kg)
    require_unexpired(holding, day)
    available = held_kg - committed_kg
    if kg > available:
        raise InsufficientHolding(
            field="quantity_kg",
            account=holding.account,
            available_kg=max(available, 0),
            pollutant=holding.pollutant,
            requested_kg=kg,
        )
    return kg


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def require_validity(valid_from: date, valid_to: date, max_years: int | None) -> None:
    """Raises AmountNotValid when the period ends before it starts or lasts too long."""
    last = None if max_years is None else _add_years(valid_from, max_years) - timedelta(days=1)
    if valid_to < valid_from or (last is not None and valid_to > last):
        raise AmountNotValid(
            field="valid_to",
            expected=f"a day from {valid_from} to {last or 'any later day'}",
            got=valid_to,
        )


def _require_holder(account: Account, action: str) -> None:
    if not account.can_trade:
        raise PartyNotAllowed(
            field="account", account=account.account_id, kind=account.kind.value, action=action
        )


def issuance_entry(
    *,
    entry_id: str,
    holder: Account,
    pollutant: str,
    valid_from: date,
    valid_to: date,
    kg: int,
    cause: Cause,
    at: datetime,
    origin: Origin = Origin.INITIAL_FREE,
    max_validity_years: int | None = DEFAULT_MAX_VALIDITY_YEARS,
) -> EntryDraft:
    """Issue ``kg`` per year of ``pollutant`` to ``holder`` from the issuance account.

    Raises PartyNotAllowed (holder neither an enterprise nor a reserve),
    QuantityNotPositive, AmountNotValid (origin not one of issuance, or a validity
    period longer than ``max_validity_years``).
    """
    _require_holder(holder, "hold issued rights")
    require_positive_kg(kg)
    require_aware(at, "at")
    if origin not in ISSUED_ORIGINS:
        raise AmountNotValid(field="origin", expected="an origin of issued rights", got=origin)
    require_validity(valid_from, valid_to, max_validity_years)
    credit = HoldingKey(holder.account_id, pollutant, valid_from, valid_to, origin)
    postings = (Posting(credit.moved_to(ISSUANCE_ACCOUNT_ID, origin), -kg), Posting(credit, kg))
    return EntryDraft(entry_id, EntryKind.ISSUANCE, cause, at, postings)


def retirement_entry(
    *, entry_id: str, holding: HoldingKey, kg: int, cause: Cause, at: datetime
) -> EntryDraft:
    """Retire ``kg`` of ``holding`` (surrender, expiry clean-up, a trade ratio's cut).

    Expired rights may be retired. Raises QuantityNotPositive.
    """
    require_positive_kg(kg)
    require_aware(at, "at")
    retired = holding.moved_to(RETIRED_ACCOUNT_ID, holding.origin)
    postings = (Posting(holding, -kg), Posting(retired, kg))
    return EntryDraft(entry_id, EntryKind.RETIREMENT, cause, at, postings)


def reserve_move_entry(
    *,
    entry_id: str,
    source: Account,
    holding: HoldingKey,
    target: Account,
    kg: int,
    cause: Cause,
    at: datetime,
) -> EntryDraft:
    """Move rights into, out of or between government reserves by a decision.

    Into a reserve the origin becomes ``reserve_recovery`` (free recovery or buy-back,
    docs/domain/accounting.md §6.2 and §6.4, [V-2nd]); out of a reserve to an enterprise it becomes
    ``reserve_release``. The service checks the holding first with
    :func:`require_transferable`. Raises PartyNotAllowed (neither side a reserve, an
    account that cannot hold rights, or a source that does not hold ``holding``),
    SelfTrade, QuantityNotPositive.
    """
    _require_holder(source, "give rights")
    _require_holder(target, "receive rights")
    if holding.account != source.account_id:
        raise PartyNotAllowed(
            field="source",
            account=source.account_id,
            kind=source.kind.value,
            action=f"give rights held by {holding.account}",
        )
    if not (source.is_reserve or target.is_reserve):
        raise PartyNotAllowed(
            field="target",
            account=target.account_id,
            kind=target.kind.value,
            action="take part in a reserve move between two enterprises",
        )
    if source.account_id == target.account_id:
        raise SelfTrade(field="target", account=target.account_id)
    require_positive_kg(kg)
    require_aware(at, "at")
    origin = Origin.RESERVE_RECOVERY if target.is_reserve else Origin.RESERVE_RELEASE
    postings = (Posting(holding, -kg), Posting(holding.moved_to(target.account_id, origin), kg))
    return EntryDraft(entry_id, EntryKind.RESERVE_MOVE, cause, at, postings)


def transfer_entry(
    *,
    entry_id: str,
    holding: HoldingKey,
    buyer: str,
    kg: int,
    origin: Origin,
    cause: Cause,
    at: datetime,
    payment: Payment | None,
) -> EntryDraft:
    """Transfer ``kg`` of ``holding`` to ``buyer`` (who holds them as ``origin``)."""
    postings = (Posting(holding, -kg), Posting(holding.moved_to(buyer, origin), kg))
    return EntryDraft(entry_id, EntryKind.TRANSFER, cause, at, postings, payment)
