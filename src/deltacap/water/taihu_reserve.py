"""The government reserve of the 5 km Taihu zone (三(二)): a closed chemical enterprise's
emission rights move into its member's reserve for the zone, and the reserve's rights are
allocated to enterprises, each allocation naming the receiving enterprise's industry and
flagged when that industry is not a strategic emerging one.

The rights move through the ledger's own services (``rights.services.recover_into_reserve``
and ``release_from_reserve``: the registry's access rules, its journal and its audit); a
``TaihuReserveMove`` says why (the plan that closed the enterprise, or the industry an
allocation is for) and is audited in the same transaction.

One reserve per member, not one for the zone: the ledger's reserves belong to one member,
city or county (their rights are disposed of by the bureaus over that division), and the
zone's land lies in two members (Jiangsu and Zhejiang). Each member's is kept apart from its
general reserve (``res-<member>-taihu``).

The plan says the freed totals go *first* (优先) to strategic emerging industries, not
only to them: an allocation to another industry is not refused but needs a stated reason
and is flagged on the page, in the API and on the command line.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from deltacap.accounts.permissions import Actor
from deltacap.audit import services as audit
from deltacap.domain.errors import InvalidInput, gettext_noop
from deltacap.domain.rights.quantities import kg_from_tonnes, local_day, tonnes_from_kg
from deltacap.rights import services as rights
from deltacap.rights.journal import unit_of_work
from deltacap.rights.models import Holding, RightsAccount
from deltacap.water.models_lakes import (
    PlanAction,
    PlanStatus,
    ReserveDirection,
    TaihuPlan,
    TaihuReserveMove,
)


@dataclass(frozen=True)
class StrategicIndustry:
    code: str
    name_zh: str
    name_en: str
    strategic: bool


def _config() -> dict[str, Any]:
    from deltacap.water.taihu import config

    return config()


def purpose() -> str:
    return str(_config()["reserve"]["purpose"])


def reserve_code(member_code: str) -> str:
    """The account code of a member's reserve for the zone (as ``reserve_account`` names it)."""
    return f"res-{member_code}-{purpose()}"


@functools.cache
def strategic_industries() -> list[StrategicIndustry]:
    """The configured strategic emerging industries, then "another industry"."""
    data = _config()["strategic_emerging"]
    found = [
        StrategicIndustry(i["code"], i["name_zh"], i["name_en"], True) for i in data["industries"]
    ]
    other = data["other"]
    return [*found, StrategicIndustry(other["code"], other["name_zh"], other["name_en"], False)]


def industry(code: str) -> StrategicIndustry | None:
    return next((i for i in strategic_industries() if i.code == code), None)


def _tonnes(kg: int) -> Decimal:
    return tonnes_from_kg(kg)


# --- into the reserve: a closure ----------------------------------------------------------


def closes(plan: TaihuPlan, before: tuple[str, str] | None) -> bool:
    """Whether saving ``plan`` records the closure of a chemical enterprise just now: it is
    a closure done, and was not one before (``before``: the action and status it had)."""
    from deltacap.water.taihu import industry_of

    return (
        plan.action == PlanAction.CLOSE
        and plan.status == PlanStatus.DONE
        and before != (PlanAction.CLOSE, PlanStatus.DONE)
        and industry_of(plan.enterprise.sector).chemical
    )


def recover_on_closure(
    *, by: Actor, channel: str, plan: TaihuPlan, synthetic: bool = False
) -> list[TaihuReserveMove]:
    """Move every right the closed enterprise may give (held, not promised to an open
    listing, auction or trade, not expired) into its member's reserve for the zone, one
    journal entry per holding. Inside the caller's transaction (``save_plan``'s)."""
    account = RightsAccount.objects.filter(enterprise=plan.enterprise).first()
    if account is None:
        return []
    when = timezone.now()
    day = local_day(when)
    holdings = [
        h
        for h in Holding.objects.filter(account=account, valid_to__gte=day).order_by("pk")
        if h.kg - h.committed_kg > 0
    ]
    if not holdings:
        return []
    reserve = rights.reserve_account(
        by=by, channel=channel, division_code=plan.member_id, purpose=purpose()
    )
    decision = f"taihu-closure-{plan.pk}"
    moves = []
    for h in holdings:
        kg = h.kg - h.committed_kg
        _, seq = rights.recover_into_reserve(
            by=by,
            channel=channel,
            holding_id=h.pk,
            reserve_code=reserve.code,
            tonnes=_tonnes(kg),
            decision=decision,
            at=when,
        )
        moves.append(
            TaihuReserveMove.objects.create(
                direction=ReserveDirection.INTO,
                member_id=plan.member_id,
                reserve_code=reserve.code,
                enterprise=plan.enterprise,
                plan=plan,
                pollutant=h.pollutant,
                valid_from=h.valid_from,
                valid_to=h.valid_to,
                kg=kg,
                decision=decision,
                entry_seq=seq,
                moved_at=when,
                synthetic=synthetic,
            )
        )
    audit.record(
        actor=by,
        channel=channel,
        action="water.taihu_reserve.recover",
        object_type="taihu_plan",
        object_id=plan.pk,
        member_code=plan.member_id,
        after={
            "reserve": reserve.code,
            "moved": [f"{m.pollutant} {m.kg:,} kg" for m in moves],
            "entries": [m.entry_seq for m in moves],
        },
    )
    return moves


# --- out of the reserve: an allocation ----------------------------------------------------


@unit_of_work(journal=True)
def allocate(
    *,
    by: Actor,
    channel: str,
    holding_id: int,
    enterprise_id: int,
    tonnes: Decimal | str,
    industry_code: str,
    decision: str,
    reason: str = "",
    at: datetime | None = None,
    synthetic: bool = False,
) -> TaihuReserveMove:
    """Allocate ``tonnes`` of a holding of a member's Taihu reserve to an enterprise of that
    member, for the industry it names: the bureaus over the reserve (the ledger's rule).

    Raises NotFound, AccessDenied, Conflict, InvalidInput naming the field: not a Taihu
    reserve's holding, no industry or one not configured, another industry without a reason,
    a quantity the holding cannot give.
    """
    row, seq = rights.release_from_reserve(
        by=by,
        channel=channel,
        holding_id=holding_id,
        enterprise_id=enterprise_id,
        tonnes=tonnes,
        decision=decision,
        at=at,
    )
    source = Holding.objects.select_related("account").get(pk=holding_id)
    if not source.account.code.endswith(f"-{purpose()}"):
        raise InvalidInput(
            gettext_noop("This holding is not in a reserve of the Taihu zone."),
            field="holding_id",
        )
    chosen = industry((industry_code or "").strip())
    if chosen is None:
        raise InvalidInput(
            gettext_noop("Name the receiving enterprise's industry from the list."),
            field="industry",
        )
    why = (reason or "").strip()
    if not chosen.strategic and not why:
        raise InvalidInput(
            gettext_noop(
                "The reserve's rights go first to strategic emerging industries: give the "
                "reason for allocating them to another industry."
            ),
            field="reason",
        )
    move = TaihuReserveMove.objects.create(
        direction=ReserveDirection.OUT,
        member_id=source.account.member_code,
        reserve_code=source.account.code,
        enterprise_id=enterprise_id,
        pollutant=row.key.pollutant,
        valid_from=row.key.valid_from,
        valid_to=row.key.valid_to,
        kg=kg_from_tonnes(tonnes, "tonnes"),
        industry=chosen.code,
        strategic=chosen.strategic,
        reason=why[:2000],
        decision=decision.strip()[:80],
        entry_seq=seq,
        moved_at=at or timezone.now(),
        synthetic=synthetic,
    )
    audit.record(
        actor=by,
        channel=channel,
        action="water.taihu_reserve.allocate",
        object_type="taihu_reserve_move",
        object_id=move.pk,
        member_code=move.member_id,
        after={
            "enterprise": enterprise_id,
            "pollutant": move.pollutant,
            "kg": move.kg,
            "industry": chosen.code,
            "strategic": chosen.strategic,
            "reason": move.reason,
            "entry": seq,
        },
    )
    return move


# --- reads --------------------------------------------------------------------------------


def moves(member_codes: list[str] | None = None) -> list[TaihuReserveMove]:
    """The moves (newest first), of the given members' reserves or all."""
    found = TaihuReserveMove.objects.select_related("enterprise", "member", "plan")
    if member_codes is not None:
        found = found.filter(member_id__in=member_codes)
    return list(found)


def balances(member_codes: list[str] | None = None) -> list[Holding]:
    """The Taihu reserves' holdings with rights in them."""
    found = Holding.objects.select_related("account").filter(
        account__code__endswith=f"-{purpose()}", kg__gt=0
    )
    if member_codes is not None:
        found = found.filter(account__member_code__in=member_codes)
    return list(found.order_by("account_id", "pollutant", "valid_from", "origin"))


def totals(found: list[TaihuReserveMove]) -> list[dict[str, Any]]:
    """Per member and pollutant: tonnes in, allocated (to strategic emerging industries and
    to others) and what remains."""
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for m in found:
        row = rows.setdefault(
            (m.member_id, m.pollutant),
            {"member": m.member_id, "pollutant": m.pollutant, "in_kg": 0, "strategic_kg": 0,
             "other_kg": 0},
        )  # fmt: skip
        if m.direction == ReserveDirection.INTO:
            row["in_kg"] += m.kg
        elif m.strategic:
            row["strategic_kg"] += m.kg
        else:
            row["other_kg"] += m.kg
    for row in rows.values():
        row["remaining_kg"] = row["in_kg"] - row["strategic_kg"] - row["other_kg"]
    return [rows[k] for k in sorted(rows)]


def allocation_holdings(member_codes: list[str] | None) -> list[Holding]:
    """The holdings an allocation may take from (with rights not promised elsewhere)."""
    return [h for h in balances(member_codes) if h.kg - h.committed_kg > 0]


# --- output shapes (the API and the command line) -----------------------------------------


def move_out(m: TaihuReserveMove) -> dict[str, Any]:
    named = industry(m.industry) if m.industry else None
    return {
        "id": m.pk,
        "direction": m.direction,
        "member": m.member_id,
        "reserve": m.reserve_code,
        "enterprise": m.enterprise_id,
        "enterprise_name": m.enterprise.name,
        "closure_plan": m.plan_id,
        "pollutant": m.pollutant,
        "valid_from": m.valid_from.isoformat(),
        "valid_to": m.valid_to.isoformat(),
        "tonnes": str(_tonnes(m.kg)),
        "industry": m.industry or None,
        "industry_name_zh": named.name_zh if named else None,
        "industry_name_en": named.name_en if named else None,
        "strategic_emerging": m.strategic,
        "reason": m.reason,
        "decision": m.decision,
        "journal_entry": m.entry_seq,
        "moved_at": m.moved_at.isoformat(),
        "synthetic": m.synthetic or m.enterprise.synthetic,
    }


def holding_out(h: Holding) -> dict[str, Any]:
    return {
        "holding": h.pk,
        "member": h.account.member_code,
        "reserve": h.account_id,
        "pollutant": h.pollutant,
        "valid_from": h.valid_from.isoformat(),
        "valid_to": h.valid_to.isoformat(),
        "tonnes": str(_tonnes(h.kg)),
        "free_tonnes": str(_tonnes(h.kg - h.committed_kg)),
    }


def totals_out(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "member": r["member"],
            "pollutant": r["pollutant"],
            **{k.replace("_kg", "_tonnes"): str(_tonnes(r[k])) for k in r if k.endswith("_kg")},
        }
        for r in rows
    ]
