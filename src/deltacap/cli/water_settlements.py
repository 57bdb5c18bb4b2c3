"""``deltacap water settlements ...``: the yearly eco-compensation settlements (生态补偿).
Without a subcommand the settlements the acting account reads; ``settle`` computes a year's
settlement of an agreement (P given, or from the annual means at its assessment section,
every input frozen in the record) and ``approve`` approves one for the acting account's side
(the upstream or downstream party's editor, or the office), each through the service the API
and the pages use (its access decision, checks and audit event; nothing written on bad
input or a refusal, the field named in the message, exit 2)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

import typer
from rich.console import Console
from rich.table import Table

from deltacap.cli._django import DataDir, Lang, LangOption, acting_as, setup, user_errors

app = typer.Typer(
    help="Eco-compensation settlements: list; settle a year, approve.",
    invoke_without_command=True,
)
console = Console(highlight=False)

AS_USER = typer.Option(
    None, "--as", help="Act as this account (its rights); default: the operator."
)
AS_JSON = typer.Option(False, "--json", help="The settlement as JSON (as the API gives it).")


@app.callback()
def settlements_command(
    ctx: typer.Context,
    agreement: str | None = typer.Option(
        None, "--agreement", help="Only this agreement's (xinanjiang, taipu)."
    ),
    as_json: bool = typer.Option(False, "--json", help="A JSON list, one object per settlement."),
    as_user: str | None = AS_USER,
    data_dir: Path | None = DataDir,
    lang: Lang | None = LangOption,
) -> None:
    """The yearly settlements the acting account reads (settled ones are public; those
    awaiting approval, the officials'): P, who pays whom, the approvals."""
    if ctx.invoked_subcommand is not None:
        return
    # ``user_errors`` gives the function its ``lang`` (typed as the function it wraps).
    cast(Any, _list)(
        agreement=agreement, as_json=as_json, as_user=as_user, data_dir=data_dir, lang=lang
    )


@user_errors
def _list(*, agreement: str | None, as_json: bool, as_user: str | None,
          data_dir: Path | None) -> None:  # fmt: skip
    setup(data_dir)
    from django.utils.translation import gettext as _

    from deltacap.accounts.permissions import principal_of
    from deltacap.water import selectors
    from deltacap.water.config import agreement as agreement_by_code
    from deltacap.water.schemas import settlement_out

    if agreement is not None:
        agreement_by_code(agreement)
    found = selectors.settlements(principal_of(acting_as(as_user)), agreement)
    if as_json:
        typer.echo(json.dumps([_json(s) for s in found], ensure_ascii=False))
        return
    table = Table(
        _("Number"), _("Agreement"), _("Year"), _("Round"), "P", _("Payer"), _("Payee"),
        _("Amount (yuan)"), _("Approvals"), _("State"),
    )  # fmt: skip
    for s in found:
        out = settlement_out(s)
        table.add_row(
            str(s.pk), s.agreement, str(s.year), str(s.round), str(s.p), s.payer, s.payee,
            f"{out.amount_yuan:,.0f}", _sides(s), _state(s),
        )  # fmt: skip
    console.print(table)


def _json(s: Any) -> dict[str, Any]:
    from deltacap.water.schemas import settlement_out

    out: dict[str, Any] = settlement_out(s).model_dump(mode="json")
    return out


def _side_name(side: str) -> str:
    from django.utils.translation import gettext as _

    names = {"upstream": _("Upstream party"), "downstream": _("Downstream party"),
             "office": _("Region office")}  # fmt: skip
    return names.get(side, side)


def _sides(s: Any) -> str:
    from deltacap.domain.water.compensation import SIDES

    done = {a.side for a in s.approvals.all()}
    return ", ".join(_side_name(side) for side in SIDES if side in done) or "—"


def _state(s: Any) -> str:
    from django.utils.translation import gettext as _

    return _("Settled") if s.settled else _("Awaiting approval")


@app.command("settle")
@user_errors
def settle_command(
    agreement: str = typer.Argument(..., help="The agreement: xinanjiang or taipu."),
    year: str = typer.Option(..., "--year", help="The year settled (its round applies)."),
    p: str = typer.Option(
        "", "--p", help="The compensation index P (0 to 1000); default: from the year's samples."
    ),
    as_json: bool = AS_JSON,
    as_user: str | None = AS_USER,
    data_dir: Path | None = DataDir,
) -> None:
    """Settle a year of an agreement (the office or an editor of a party): P as given, or
    from the annual means of the year's samples at the assessment section; who pays whom
    and how much, with every input frozen in the record, awaiting the approval of both
    parties and the office. Audited."""
    setup(data_dir)
    from django.utils.translation import gettext as _

    from deltacap.water import settlements

    user = acting_as(as_user)
    s = settlements.compute_settlement(by=user, channel="cli", agreement=agreement, year=year, p=p)
    s = settlements.get_settlement(s.pk)
    if as_json:
        typer.echo(json.dumps(_json(s), ensure_ascii=False))
        return
    done = _(
        "Settlement {id}: {agreement} {year}, round {round}: P = {p}; {payer} pays {payee} "
        "{amount} yuan. Awaiting the approval of both parties and the office."
    )
    typer.echo(
        done.format(
            id=s.pk, agreement=s.agreement, year=s.year, round=s.round, p=s.p, payer=s.payer,
            payee=s.payee, amount=f"{s.amount_fen // 100:,}",
        )
    )  # fmt: skip


@app.command("approve")
@user_errors
def approve_command(
    settlement: str = typer.Argument(..., help="The settlement's number."),
    as_json: bool = AS_JSON,
    as_user: str | None = AS_USER,
    data_dir: Path | None = DataDir,
) -> None:
    """Approve a settlement for the acting account's side: the upstream or the downstream
    party (its member's editor) or the region office. Settled once all three approved.
    Audited."""
    setup(data_dir)
    from django.utils.translation import gettext as _

    from deltacap.domain.errors import NotFound, gettext_noop
    from deltacap.water import settlements

    number = settlement.strip()
    if not number.isdigit():
        raise NotFound(
            gettext_noop("No settlement with id {id}."), field="settlement", id=settlement
        )
    user = acting_as(as_user)
    s = settlements.approve_settlement(by=user, channel="cli", settlement_id=int(number))
    if as_json:
        typer.echo(json.dumps(_json(s), ensure_ascii=False))
        return
    done = _("Settlement {id} ({agreement} {year}) approved. Approvals: {sides}. {state}.")
    typer.echo(
        done.format(
            id=s.pk, agreement=s.agreement, year=s.year, sides=_sides(s), state=_state(s)
        )  # fmt: skip
    )
