"""Every write of eco-compensation settlements (生态补偿): a year's settlement computed
from the annual means at the agreement's assessment section (or from a P given), with
every input frozen in the record; its approval by the upstream party, the downstream party
and the region office, each once (settled when all three approved). Each write takes one
access decision and is audited in the same transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from deltacap.accounts.permissions import Actor, principal_of, require, user_of
from deltacap.audit import services as audit
from deltacap.domain.access import Action, Role
from deltacap.domain.errors import Conflict, InvalidInput, NotFound, gettext_noop
from deltacap.domain.water.compensation import (
    DOWNSTREAM,
    OFFICE,
    SIDES,
    UPSTREAM,
    Agreement,
    Outcome,
    check_p,
    settle,
)
from deltacap.water import selectors
from deltacap.water.config import agreement as agreement_by_code
from deltacap.water.models import (
    Settlement,
    SettlementApproval,
    SettlementStatus,
    settlement_resource,
)

FIRST_YEAR = 2000
SETTLEMENT_FIELDS = ["agreement", "year", "round", "p", "payer", "payee", "amount_fen"]


def check_year(value: Any, *, field: str = "year") -> int:
    """A settlement year: a whole number from 2000 to this year. Raises InvalidInput."""
    try:
        year = int(str(value).strip())
    except ValueError:
        raise InvalidInput(
            gettext_noop("The year must be a whole number, not “{value}”."),
            field=field,
            value=value,
        ) from None
    if not FIRST_YEAR <= year <= dt.date.today().year:
        raise InvalidInput(
            gettext_noop("The year must be from {first} to {last}, not {value}."),
            field=field,
            first=FIRST_YEAR,
            last=dt.date.today().year,
            value=value,
        )
    return year


def outcome_from_samples(agreement: Agreement, year: int) -> Outcome:
    """The year's outcome from the annual means at the agreement's section. Raises
    InvalidInput (field ``p``) when an indicator has no sample that year."""
    rnd = agreement.round_of(year)
    codes = [i.code for i in rnd.indicators]
    means = selectors.annual_means(agreement.section, year, codes)
    missing = [c for c in codes if c not in means.means]
    if missing:
        raise InvalidInput(
            gettext_noop(
                "The section {section} has no samples of {items} in {year}: give P instead."
            ),
            field="p",
            section=agreement.section,
            items=", ".join(missing),
            year=year,
        )
    concentrations = {c: Decimal(str(round(means.means[c], 6))) for c in codes}
    outcome = settle(agreement, year, concentrations=concentrations)
    outcome.inputs["samples"] = {
        "section": agreement.section,
        "counts": means.counts,
        "first": means.first.isoformat() if means.first else None,
        "last": means.last.isoformat() if means.last else None,
    }
    outcome.inputs["p_from"] = "samples"
    return outcome


def compute_settlement(
    *,
    by: Actor,
    channel: str,
    agreement: str,
    year: Any,
    p: Any = None,
    synthetic: bool = False,
) -> Settlement:
    """A year's settlement of an agreement: from ``p`` when given, else from the year's
    samples at its assessment section. The office or an editor of a party. Raises
    NotFound (``agreement``), InvalidInput (``year``, ``p``), Conflict (the year is settled
    already), AccessDenied."""
    found = agreement_by_code(agreement)
    require(by, Action.SETTLE_COMPENSATION, settlement_resource(found.upstream, found.downstream))
    chosen = check_year(year)
    given = None if p is None or str(p).strip() == "" else check_p(p)
    outcome = (
        settle(found, chosen, p=given) if given is not None else outcome_from_samples(found, chosen)
    )
    outcome.inputs["parties"] = {UPSTREAM: found.upstream, DOWNSTREAM: found.downstream}
    with transaction.atomic():
        if Settlement.objects.filter(agreement=found.code, year=chosen).exists():
            raise Conflict(
                gettext_noop("The year {year} of this agreement has a settlement already."),
                field="year",
                year=chosen,
            )
        settlement = Settlement.objects.create(
            agreement=found.code,
            year=chosen,
            round=outcome.round,
            upstream=found.upstream,
            downstream=found.downstream,
            section=found.section,
            p=outcome.p,
            payer=outcome.payer,
            payee=outcome.payee,
            amount_fen=outcome.amount_yuan * 100,
            inputs=outcome.inputs,
            synthetic=synthetic,
            created_by=user_of(by),
        )
        audit.record(
            actor=by,
            channel=channel,
            action="water.compensation.settle",
            object_type="eco_settlement",
            object_id=f"{found.code}-{chosen}",
            member_code=found.upstream,
            after=audit.snapshot(settlement, SETTLEMENT_FIELDS),
        )
    return settlement


def get_settlement(settlement_id: int) -> Settlement:
    try:
        return Settlement.objects.prefetch_related("approvals__approved_by").get(pk=settlement_id)
    except Settlement.DoesNotExist:
        raise NotFound(
            gettext_noop("No settlement with id {id}."), field="settlement_id", id=settlement_id
        ) from None


def side_of(by: Actor, settlement: Settlement) -> str | None:
    """The side ``by`` approves for: the office, or the party whose member editor it is."""
    principal = principal_of(by)
    if principal.role is Role.OFFICE:
        return OFFICE
    if principal.role is Role.MEMBER_EDITOR:
        if principal.division_code == settlement.upstream:
            return UPSTREAM
        if principal.division_code == settlement.downstream:
            return DOWNSTREAM
    return None


def approve_settlement(*, by: Actor, channel: str, settlement_id: int) -> Settlement:
    """Approve a settlement for the actor's side (its party, or the office); settled when
    both parties and the office approved. Raises NotFound, AccessDenied, Conflict (settled
    already, or this side approved already)."""
    with transaction.atomic():
        settlement = Settlement.objects.select_for_update().filter(pk=settlement_id).first()
        if settlement is None:
            raise NotFound(
                gettext_noop("No settlement with id {id}."), field="settlement_id", id=settlement_id
            )
        require(by, Action.APPROVE_COMPENSATION, settlement)
        side = side_of(by, settlement)
        if side is None:  # the rule admits only the office and the parties' editors
            raise Conflict(gettext_noop("You approve for no side of this settlement."))
        if settlement.settled:
            raise Conflict(gettext_noop("The settlement is settled already."))
        if settlement.approvals.filter(side=side).exists():
            raise Conflict(gettext_noop("This side has approved the settlement already."))
        SettlementApproval.objects.create(settlement=settlement, side=side, approved_by=user_of(by))
        sides = set(settlement.approvals.values_list("side", flat=True))
        if sides == set(SIDES):
            settlement.status = SettlementStatus.SETTLED
            settlement.save(update_fields=["status"])
        audit.record(
            actor=by,
            channel=channel,
            action="water.compensation.approve",
            object_type="eco_settlement",
            object_id=f"{settlement.agreement}-{settlement.year}",
            member_code=settlement.upstream,
            after={"sides": sorted(sides), "settled": settlement.settled},
        )
    return get_settlement(settlement.pk)
