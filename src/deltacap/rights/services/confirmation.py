"""Confirmation of rights (确权核算): a bureau enters the calculator's inputs, the domain
computes the allocation (HJ 942-2018 method patterns, the smaller where both apply), the
rights are issued through the journal and the paid-use fee is assessed at the price the
office maintains.

An enterprise's rights of one pollutant and validity are confirmed once; a later
confirmation of the same rights is an explicit amendment of the one in force (``amends``):
the journal issues the increase or retires the decrease, and the fee is assessed on an
increase. The confirmation row keeps every input, every method's result, the method that
set the allocation, the sources, the journal entry and the fee with the price row it used.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from deltacap.accounts.permissions import Actor, require, user_of
from deltacap.audit import services as audit
from deltacap.domain.access import Action
from deltacap.domain.accounting.provenance import Tag
from deltacap.domain.china_time import CHINA_STANDARD_TIME
from deltacap.domain.errors import Conflict, InvalidInput, NotFound, gettext_noop
from deltacap.domain.rights import allocation as calc
from deltacap.domain.rights.accounts import HoldingKey, Origin
from deltacap.domain.rights.book import Book
from deltacap.domain.rights.entries import issuance_entry, retirement_entry
from deltacap.domain.rights.fees import PaidUseFee, paid_use_fee, validity_years
from deltacap.domain.rights.invariants import apply_checked
from deltacap.domain.rights.journal import Cause, CauseKind, EntryDraft, EntryKind
from deltacap.domain.rights.schedules import PaidUsePrice, paid_use_prices
from deltacap.rights import journal
from deltacap.rights.config import domain_account, market_config
from deltacap.rights.models import Confirmation, JournalEntry, PaidUsePriceRow, RightsAccount
from deltacap.rights.services.accounts import account_of, date_input, get_enterprise, now
from deltacap.rights.services.calculator import (
    CONFIRMED_ORIGINS,
    METHOD_FIELDS,
    bounded_text,
    confirmed_origin,
    method_inputs,
)
from deltacap.rights.services.issuance import post_issuance

__all__ = ["CONFIRMED_ORIGINS", "METHOD_FIELDS", "confirm_rights", "price_schedule"]


def price_schedule() -> tuple[Any, dict[tuple[str, str, str, date], PaidUsePriceRow]]:
    """The paid-use prices as the domain's schedule, and the rows by key and start."""
    rows = list(PaidUsePriceRow.objects.all())
    prices = paid_use_prices(
        PaidUsePrice(
            r.member_code,
            r.pollutant,
            r.fen_per_tonne_year,
            r.valid_from,
            r.valid_to,
            r.source,
            Tag(r.tag),
            r.payer_class,
        )
        for r in rows
    )
    by_key = {(r.member_code, r.pollutant, r.payer_class, r.valid_from): r for r in rows}
    return prices, by_key


def _fee(
    account: RightsAccount, pollutant: str, kg: int, years: int, day: date, payer_class: str
) -> tuple[PaidUseFee, PaidUsePriceRow]:
    """The paid-use fee of ``kg`` a year for ``years`` at the price in force on ``day``."""
    prices, rows = price_schedule()
    fee = paid_use_fee(
        kg,
        member=account.member_code,
        pollutant=pollutant,
        day=day,
        prices=prices,
        years=years,
        payer_class=payer_class,
    )
    p = fee.price
    return fee, rows[(p.member, p.pollutant, p.payer_class, p.valid_from)]


def _candidates(allocation: calc.Allocation) -> list[dict[str, Any]]:
    return [
        {
            "method": c.method.value,
            "kg": c.kg,
            "exact_kg": str(c.exact_kg),
            "inputs": dict(c.inputs),
            "formula": c.formula,
            "source": c.source,
        }
        for c in allocation.candidates
    ]


def _in_force(
    account: RightsAccount, pollutant: str, start: date, end: date
) -> Confirmation | None:
    """The confirmation in force of these rights: the latest (amendments come later)."""
    if account._state.adding:
        return None
    return (
        Confirmation.objects.select_for_update()
        .filter(account=account, pollutant=pollutant, valid_from=start, valid_to=end)
        .order_by("-pk")
        .first()
    )


def _check_amendment(current: Confirmation | None, amends: int | None, origin: Origin) -> None:
    """A second confirmation of the same rights only as an amendment of the one in force."""
    if current is None:
        if amends is not None:
            raise NotFound(
                gettext_noop("There is no confirmation of these rights to amend."),
                field="amends",
            )
        return
    if amends is None:
        raise Conflict(
            gettext_noop(
                "These rights were confirmed already (confirmation {id}); to change them, "
                "give that confirmation as the one this amends."
            ),
            field="amends",
            id=current.pk,
        )
    if amends != current.pk:
        raise Conflict(
            gettext_noop("Confirmation {id} is the one in force of these rights; amend it."),
            field="amends",
            id=current.pk,
        )
    if origin.value != current.origin:
        raise InvalidInput(
            gettext_noop("An amendment keeps the origin of the rights it amends ({origin})."),
            field="origin",
            origin=current.origin,
        )


def _entry(
    account: RightsAccount,
    allocation: calc.Allocation,
    key: tuple[date, date, Origin],
    ref: str,
    when: datetime,
    current: Confirmation | None,
) -> EntryDraft:
    """The journal entry of a confirmation: the allocation issued, or for an amendment the
    increase issued or the decrease retired."""
    start, end, origin = key
    cause = Cause(CauseKind.DECISION, f"confirmation:{ref}")
    change = allocation.kg - (current.kg if current else 0)
    if current is not None and change == 0:
        raise InvalidInput(
            gettext_noop("The amendment gives the same allocation ({kg} kg); nothing changes."),
            field="amends",
            kg=allocation.kg,
        )
    if change < 0:
        holding = HoldingKey(account.code, allocation.pollutant, start, end, origin)
        return retirement_entry(
            entry_id=f"retire:confirmation:{ref}", holding=holding, kg=-change, cause=cause, at=when
        )
    return issuance_entry(
        entry_id=f"issue:confirmation:{ref}",
        holder=domain_account(account),
        pollutant=allocation.pollutant,
        valid_from=start,
        valid_to=end,
        kg=change,
        cause=cause,
        at=when,
        origin=origin,
    )


def _post(account: RightsAccount, draft: EntryDraft) -> int:
    """Append ``draft``; the holding of the confirmed rights. A decrease takes only what
    is neither sold nor promised to a listing or trade."""
    if draft.kind is EntryKind.ISSUANCE:
        return post_issuance(account, draft).pk
    key = draft.postings[0].holding
    rows = journal.lock_holdings([p.holding for p in draft.postings])
    apply_checked((draft,), Book({k: r.kg for k, r in rows.items()}))
    free = rows[key].kg - rows[key].committed_kg
    if free < -draft.postings[0].delta_kg:
        raise Conflict(
            gettext_noop(
                "Only {free} kg of these rights are free (the rest is sold or promised); "
                "the amendment cannot take {kg} kg."
            ),
            field="amends",
            free=free,
            kg=-draft.postings[0].delta_kg,
        )
    journal.append((draft,), rows)
    return rows[key].pk


@journal.unit_of_work(journal=True)
def confirm_rights(
    *,
    by: Actor,
    channel: str,
    enterprise_id: int,
    pollutant: str,
    valid_from: date | str,
    valid_to: date | str,
    basis: str,
    methods: Mapping[str, Mapping[str, Any]],
    origin: str = Origin.INITIAL_PAID.value,
    decision: str = "",
    payer_class: str = "",
    amends: int | None = None,
    at: datetime | None = None,
) -> Confirmation:
    """Confirm an enterprise's initial allocation of ``pollutant`` from the calculator's
    ``methods`` (``{"performance": {"capacity_mw": ..., ...}, ...}``; units in the field
    names), issue it through the journal and assess its paid-use fee (``initial_paid``).
    Rights confirmed before are changed only by an amendment of the confirmation in force
    (``amends``: its id).

    Only the bureaus of the enterprise's area may. Raises NotFound, AccessDenied,
    InvalidInput / RightsInvalid naming the field (a method input, the pollutant, the
    validity, no paid-use price in force), Conflict (confirmed before without ``amends``,
    the decision confirmed before, a decrease of rights sold or promised). Nothing is
    written unless everything holds.
    """
    account = account_of(get_enterprise(enterprise_id), save=False)
    require(by, Action.CONFIRM_RIGHTS, account)
    market_config().rules.pollutants.spec(pollutant)
    start, end = date_input(valid_from, "valid_from"), date_input(valid_to, "valid_to")
    years, kind = validity_years(start, end), confirmed_origin(origin)
    basis = bounded_text(basis, "basis", True, 200)
    decision = bounded_text(decision, "decision", False, 80)
    performance, concentration = method_inputs(methods)
    allocation = calc.allocate(
        pollutant,
        market_config().rules.pollutants,
        basis=basis,
        performance=performance,
        concentration=concentration,
    )
    current = _in_force(account, pollutant, start, end)
    _check_amendment(current, amends, kind)
    when = now(at)
    ref = decision or f"{account.code}:{pollutant}:{when.isoformat()}"
    draft = _entry(account, allocation, (start, end, kind), ref, when, current)
    added = max(0, allocation.kg - (current.kg if current else 0))
    fee = None
    if kind is Origin.INITIAL_PAID and added:
        day = when.astimezone(CHINA_STANDARD_TIME).date()
        fee = _fee(account, allocation.pollutant, added, years, day, payer_class)
    if (decision and Confirmation.objects.filter(decision=decision).exists()) or (
        JournalEntry.objects.filter(entry_id=draft.entry_id).exists()
    ):
        raise Conflict(
            gettext_noop("Decision {decision} was confirmed before."),
            field="decision",
            decision=ref,
        )
    holding_id = _post(account, draft)
    made = Confirmation.objects.create(
        account=account,
        holding_id=holding_id,
        pollutant=pollutant,
        valid_from=start,
        valid_to=end,
        origin=kind.value,
        basis=basis,
        decision=decision,
        method=allocation.method.value,
        candidates=_candidates(allocation),
        formula_source=calc.FORMULA_SOURCE,
        rule_source=allocation.rule_source,
        kg=allocation.kg,
        entry_id=draft.entry_id,
        fee_fen=fee[0].fen if fee else None,
        fee_years=years if fee else None,
        price=fee[1] if fee else None,
        price_fen_per_tonne_year=fee[0].price.fen_per_tonne_year if fee else None,
        price_source=fee[0].price.source if fee else "",
        confirmed_by=user_of(by),
        channel=channel,
        confirmed_at=when,
        amends=current,
    )
    audit.record(
        actor=by,
        channel=channel,
        action="rights.confirm_amend" if current else "rights.confirm",
        object_type="confirmation",
        object_id=made.pk,
        member_code=account.member_code,
        before=None if current is None else {"confirmation": current.pk, "kg": current.kg},
        after={
            "account": account.code,
            "pollutant": pollutant,
            "kg": allocation.kg,
            "method": allocation.method.value,
            "entry": draft.entry_id,
            "fee_fen": made.fee_fen,
        },
    )
    return made
