"""Eco-compensation pages (生态补偿): an agreement's page (its rounds as configured with
each value's status, P by year against 1 and the money flows, the form to settle a year)
and a settlement's page (its frozen inputs, the approvals of both parties and the office,
the approve button)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from deltacap.accounts.permissions import can, principal_of
from deltacap.domain.access import Action
from deltacap.domain.errors import DeltacapError, NotFound, gettext_noop
from deltacap.domain.water.compensation import SIDES, Agreement, Fact
from deltacap.reference.models import Division
from deltacap.water import selectors, settlements
from deltacap.water.config import agreement as agreement_by_code
from deltacap.water.labels import item_label
from deltacap.water.models import ApprovalSide, Section, Settlement, settlement_resource
from deltacap.web.errors import message_of, status_of


def money(yuan: float) -> str:
    """An amount as people read it: 亿元/万元 in Chinese, million yuan in English."""
    if translation.get_language() and translation.get_language().startswith("zh"):
        if yuan and yuan % 100_000_000 == 0:
            return f"{yuan / 100_000_000:g} 亿元"
        return f"{yuan / 10_000:,.2f} 万元".replace(".00 ", " ")
    return f"{yuan / 1_000_000:,.2f} million yuan".replace(".00 ", " ")


def _names(codes: list[str]) -> dict[str, str]:
    return {d.code: str(d.name) for d in Division.objects.filter(code__in=codes)}


def _fact(fact: Fact, text: str | None = None) -> dict[str, Any]:
    return {"text": text if text is not None else fact.value, "verified": fact.verified,
            "source": fact.source}  # fmt: skip


def _rounds(agreement: Agreement, names: dict[str, str]) -> list[dict[str, Any]]:
    rows = []
    for r in agreement.rounds:
        years = (
            f"{r.first_year}–{r.last_year}"
            if r.last_year
            else _("from {year}").format(year=r.first_year)
        )
        changes = [
            {
                "year": c.from_year,
                "weights": [_fact(w, f"{item_label(k)} {w.value}") for k, w in c.weights.items()],
            }
            for c in r.weight_changes
        ]
        rows.append(
            {
                "number": r.number,
                "years": years,
                "k0": _fact(r.k0),
                "amount": _fact(r.amount_yuan, money(r.amount_yuan.value)),
                "indicators": [
                    {
                        "item": item_label(i.code),
                        "weight": _fact(i.weight),
                        "base": _fact(i.base_mg_l),
                    }
                    for i in r.indicators
                ],
                "changes": changes,
                "clause": _written(r.clause, r.clause_en),
            }
        )
    return rows


def _settlement_row(s: Settlement, names: dict[str, str]) -> dict[str, Any]:
    return {
        "settlement": s,
        "payer": names.get(s.payer, s.payer),
        "payee": names.get(s.payee, s.payee),
        "amount": money(s.amount_fen / 100),
        "met": s.p <= 1,
    }


def _agreement_context(request: HttpRequest, agreement: Agreement) -> dict[str, Any]:
    names = _names(list(agreement.members()))
    rows = [
        _settlement_row(s, names)
        for s in selectors.settlements(principal_of(request.user), agreement.code)
    ]
    section = Section.objects.filter(code=agreement.section).first()
    chart = {
        "years": [r["settlement"].year for r in rows],
        "p": [float(r["settlement"].p) for r in rows],
        "settled": [r["settlement"].settled for r in rows],
        "labels": {"p": _("P value"), "one": _("P = 1"), "pending": _("awaiting approval")},
    }
    return {
        "agreement": agreement,
        "name": agreement.name_zh if _zh() else agreement.name_en,
        "source": _written(agreement.source, agreement.source_en),
        "upstream": names.get(agreement.upstream, agreement.upstream),
        "downstream": names.get(agreement.downstream, agreement.downstream),
        "section": section,
        "rounds": _rounds(agreement, names),
        "rows": list(reversed(rows)),
        "chart": chart,
        "may_settle": can(
            request.user,
            Action.SETTLE_COMPENSATION,
            settlement_resource(agreement.upstream, agreement.downstream),
        ),
        "values": {"year": str(dt.date.today().year - 1), "p": ""},
        "error": None,
    }


def _written(zh: str, en: str) -> dict[str, str]:
    """A configured text in the page's language where the configuration has it (English
    falls back to the Chinese), with the language it is in."""
    if en and not _zh():
        return {"text": en, "lang": "en"}
    return {"text": zh, "lang": "zh-Hans"}


def _zh() -> bool:
    return bool(translation.get_language() and translation.get_language().startswith("zh"))


def _agreement_or_404(request: HttpRequest, code: str) -> Agreement | HttpResponse:
    try:
        return agreement_by_code(code)
    except NotFound as exc:
        return render(request, "web/error.html", {"message": message_of(exc)}, status=404)


@require_safe
def agreement_page(request: HttpRequest, agreement: str) -> HttpResponse:
    found = _agreement_or_404(request, agreement)
    if isinstance(found, HttpResponse):
        return found
    return render(request, "water/agreement.html", _agreement_context(request, found))


@login_required
@require_POST
def settle_page(request: HttpRequest, agreement: str) -> HttpResponse:
    """Settle a year (from P when given, else from the samples); to the settlement's page,
    or the agreement's page again with the fault at its field (nothing written)."""
    found = _agreement_or_404(request, agreement)
    if isinstance(found, HttpResponse):
        return found
    values = {"year": request.POST.get("year", ""), "p": request.POST.get("p", "")}
    try:
        settlement = settlements.compute_settlement(
            by=request.user, channel="page", agreement=found.code, year=values["year"],
            p=values["p"],
        )  # fmt: skip
    except DeltacapError as exc:
        context = _agreement_context(request, found)
        context["values"] = values
        context["error"] = {"field": exc.field or "", "message": message_of(exc)}
        return render(request, "water/agreement.html", context, status=status_of(exc))
    messages.success(request, _("The year is settled; it awaits the approvals."))
    return redirect("water:settlement", settlement_id=settlement.pk)


def _inputs(s: Settlement) -> list[dict[str, Any]]:
    """Per indicator: weight, base, annual mean and its ratio to the base (when from data)."""
    means = s.inputs.get("concentrations_mg_l", {})
    counts = s.inputs.get("samples", {}).get("counts", {})
    rows = []
    for code, values in s.inputs.get("indicators", {}).items():
        mean = means.get(code)
        base = values["base_mg_l"]["value"]
        rows.append(
            {
                "item": item_label(code),
                "weight": values["weight"],
                "base": values["base_mg_l"],
                "mean": float(mean) if mean is not None else None,
                "ratio": float(mean) / float(base) if mean is not None else None,
                "samples": counts.get(code),
            }
        )
    return rows


@require_safe
def settlement_page(request: HttpRequest, settlement_id: int) -> HttpResponse:
    try:
        s = settlements.get_settlement(settlement_id)
        if not can(request.user, Action.READ, s):
            raise NotFound(
                gettext_noop("No settlement with id {id}."), field="settlement_id", id=settlement_id
            )
    except NotFound as exc:
        return render(request, "web/error.html", {"message": message_of(exc)}, status=404)
    found = agreement_by_code(s.agreement)
    names = _names([s.upstream, s.downstream])
    approved = {a.side: a for a in s.approvals.all()}
    party = {"upstream": s.upstream, "downstream": s.downstream}
    sides = [
        {
            "side": side,
            "label": ApprovalSide(side).label,
            "who": names.get(party[side], "") if side in party else _("Region office"),
            "approval": approved.get(side),
        }
        for side in SIDES
    ]
    mine = settlements.side_of(request.user, s) if request.user.is_authenticated else None
    context = {
        "s": s,
        "agreement": found,
        "name": found.name_zh if _zh() else found.name_en,
        "row": _settlement_row(s, names),
        "upstream": names.get(s.upstream, s.upstream),
        "downstream": names.get(s.downstream, s.downstream),
        "k0": s.inputs.get("k0", {}),
        "inputs": _inputs(s),
        "samples": s.inputs.get("samples"),
        "p_from": s.inputs.get("p_from"),
        "clause": _written(s.inputs.get("clause", ""), s.inputs.get("clause_en", "")),
        "sides": sides,
        "may_approve": (
            not s.settled
            and mine is not None
            and mine not in approved
            and can(request.user, Action.APPROVE_COMPENSATION, s)
        ),
    }
    return render(request, "water/settlement.html", context)


@login_required
@require_POST
def approve_page(request: HttpRequest, settlement_id: int) -> HttpResponse:
    """Approve for the user's side; back to the settlement's page with what happened."""
    try:
        s = settlements.approve_settlement(
            by=request.user, channel="page", settlement_id=settlement_id
        )
    except NotFound as exc:
        return render(request, "web/error.html", {"message": message_of(exc)}, status=404)
    except DeltacapError as exc:
        if status_of(exc) == 403:
            raise
        messages.error(request, message_of(exc))
        return redirect("water:settlement", settlement_id=settlement_id)
    messages.success(
        request,
        _("Settled: all approvals are in.") if s.settled else _("Your approval is recorded."),
    )
    return redirect("water:settlement", settlement_id=settlement_id)
