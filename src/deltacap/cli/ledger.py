"""``deltacap ledger ...``: the emission-rights registry's journal."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from django.utils.translation import gettext as _
from rich.console import Console

from deltacap.cli._django import DataDir, err_console, setup, user_errors

console = Console()
app = typer.Typer(help="Emission-rights ledger (排污权).", no_args_is_help=True)


def _result(report: Any, head: Any) -> dict[str, Any]:
    from deltacap.web.errors import message_of

    found = report.first_break
    problems = [message_of(v) for v in report.balance_mismatches]
    if found is None and head is not None and head.hash != report.head_hash:
        problems.append(
            _("The journal head says {found}; the last entry's hash is {expected}.").format(
                found=head.hash, expected=report.head_hash
            )
        )
    return {
        "ok": found is None and not problems,
        "entries_checked": report.entries_checked,
        "head_hash": report.head_hash,
        "first_break": None
        if found is None
        else {"seq": found.seq, "entry_id": found.entry_id, "reason": message_of(found.reason)},
        "balance_problems": problems,
    }


@app.command()
@user_errors
def verify(
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
    data_dir: Path | None = DataDir,
) -> None:
    """Recompute the hash chain and every balance from the journal; report the first break.

    Exit 0 when everything checks out, 1 otherwise.
    """
    setup(data_dir)
    from deltacap.rights.journal import verify_ledger

    result = _result(*verify_ledger())
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False))
    elif result["ok"]:
        console.print(
            _("Ledger verified: {count} entries, head {head}.").format(
                count=result["entries_checked"], head=result["head_hash"]
            )
        )
    else:
        broken = result["first_break"]
        if broken is not None:
            err_console.print(
                _("First break: entry #{seq} ({entry_id}): {reason}").format(**broken)
            )
        for problem in result["balance_problems"]:
            err_console.print(problem)
    if not result["ok"]:
        raise typer.Exit(1)
