"""``deltacap water outfalls ...``, ``deltacap water network import`` and ``deltacap water
trace``: the register of outfalls into rivers and lakes (list; CSV or Excel import checked
whole, nothing written on an error; the rectification counts per member, an outfall's
rectification recorded as done, and its verification or sending back by another
official), the river network (GeoJSON import) and tracing a
section's exceedance of a parameter to the upstream outfalls and enterprises ranked by
load."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

import typer
from rich.console import Console
from rich.table import Table

from deltacap.cli._django import DataDir, Lang, LangOption, acting_as, setup, user_errors
from deltacap.domain.errors import gettext_noop

app = typer.Typer(
    help="Outfalls into rivers and lakes: the list, the CSV or Excel import, and their "
    "rectification.",
    invoke_without_command=True,
)
network_app = typer.Typer(help="The river network: GeoJSON import.", no_args_is_help=True)
console = Console(highlight=False)


@app.callback()
def outfalls_command(
    ctx: typer.Context,
    member: str | None = typer.Option(None, "--member", help="Only this member's (its code)."),
    as_json: bool = typer.Option(False, "--json", help="A JSON list, one object per outfall."),
    data_dir: Path | None = DataDir,
    lang: Lang | None = LangOption,
) -> None:
    """The outfalls with their reach, enterprise, approved discharge and rectification."""
    if ctx.invoked_subcommand is not None:
        return
    # ``user_errors`` gives the function its ``lang`` (typed as the function it wraps).
    cast(Any, _list)(member=member, as_json=as_json, data_dir=data_dir, lang=lang)


@user_errors
def _list(*, member: str | None, as_json: bool, data_dir: Path | None) -> None:
    setup(data_dir)
    from django.utils.translation import gettext as _

    from deltacap.domain.access import SYSTEM
    from deltacap.water import outfalls

    names = outfalls.reach_names()
    rows = [outfalls.outfall_out(o, names) for o in outfalls.outfalls(SYSTEM, member)]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    table = Table(
        _("Outfall"), _("Kind"), _("Member"), _("Reach"), _("Responsible entity"),
        _("Approved discharge (m³/d)"), _("Rectification"), _("Deadline"), _("State"),
    )  # fmt: skip
    for r in rows:
        table.add_row(
            f"{r['name']} ({r['code']})",
            r["kind_name"],
            r["member_name"],
            r["reach_name"] or "—",
            r["enterprise"]["name"] if r["enterprise"] else "—",
            "—" if r["approved_m3_per_day"] is None else f"{r['approved_m3_per_day']:g}",
            r["rectification_name"],
            r["deadline"] or "—",
            _state(r["rectification_task"]),
        )
    console.print(table)


def _state(task: dict[str, Any]) -> str:
    if task["status"] == "none":
        return "—"
    from django.utils.translation import gettext as _

    if task["completed_on"]:
        return f"{task['status_name']} {task['completed_on']}"
    if task["sent_back"]:
        return f"{task['status_name']} ({_('sent back')})"
    return task["status_name"]


def _read(file: Path) -> bytes:
    from deltacap.domain.errors import InvalidInput

    try:
        return file.read_bytes()
    except OSError:
        raise InvalidInput(
            gettext_noop("Cannot read {file}."), field="file", file=str(file)
        ) from None


@app.command("import")
@user_errors
def import_command(
    file: Path,
    dry_run: bool = typer.Option(False, "--dry-run", help="Check only; write nothing."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    as_user: str | None = typer.Option(
        None, "--as", help="Import as this account (its rights); default: the operator."
    ),
    data_dir: Path | None = DataDir,
) -> None:
    """Import outfalls from CSV or Excel (.xlsx, its first sheet: code, name, kind, lon,
    lat, receiving_water, member, ...); every error by row and column; nothing written on
    any error (exit 1)."""
    setup(data_dir)
    from django.utils.translation import gettext as _

    from deltacap.water.outfalls import import_outfalls

    user = acting_as(as_user)
    report = import_outfalls(by=user, channel="cli", data=_read(file), dry_run=dry_run)
    if as_json:
        typer.echo(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        for e in report.errors:
            where = " ".join(str(p) for p in (e.row, e.column) if p)
            typer.echo(f"{where}: {e.message}" if where else e.message, err=True)
        if not report.errors:
            text = (
                _("The file is valid: {rows} outfalls, {created} new and {updated} to replace.")
                if dry_run
                else _("Imported {rows} outfalls: {created} new, {updated} replaced.")
            )
            typer.echo(
                text.format(rows=report.rows, created=report.created, updated=report.updated)
            )
    if report.errors:
        raise typer.Exit(1)


@app.command("rectifications")
@user_errors
def rectifications_command(
    as_json: bool = typer.Option(False, "--json", help="One JSON object."),
    data_dir: Path | None = DataDir,
) -> None:
    """Per member, its outfalls under rectification today: rectified (verified), awaiting
    verification, open (the overdue included) and overdue (open past the deadline)."""
    setup(data_dir)
    from django.utils.translation import gettext as _

    from deltacap.domain.access import SYSTEM
    from deltacap.water import outfall_rectification, outfalls

    summary = outfall_rectification.summary_out(outfalls.outfalls(SYSTEM))
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False))
        return
    table = Table(
        _("Member"), _("Under rectification"), _("Rectified"), _("Awaiting verification"),
        _("Not yet done"), _("Overdue"),
    )  # fmt: skip
    for m in [*summary["members"], {**summary["total"], "member_name": _("Total")}]:
        table.add_row(
            m["member_name"], str(m["tasks"]), str(m["rectified"]), str(m["awaiting"]),
            str(m["open"]), str(m["overdue"]),
        )  # fmt: skip
    console.print(table)


@app.command("rectify")
@user_errors
def rectify_command(
    code: str = typer.Argument(..., help="The outfall's code."),
    evidence: str = typer.Option(
        ..., "--evidence", help="What was done and how it was checked (the evidence)."
    ),
    completed_on: str = typer.Option(
        "", "--completed-on", "--on", help="The day it was done, YYYY-MM-DD (default: today)."
    ),
    as_json: bool = typer.Option(False, "--json", help="The outfall as JSON."),
    as_user: str | None = typer.Option(
        None, "--as", help="Record as this account (its rights); default: the operator."
    ),
    data_dir: Path | None = DataDir,
) -> None:
    """Record an outfall's rectification as done (the editors of its own member), with the
    day and the evidence; it then awaits verification by another official. Audited."""
    setup(data_dir)
    from django.utils.translation import gettext as _

    from deltacap.domain.access import SYSTEM
    from deltacap.water import outfall_rectification, outfalls

    user = acting_as(as_user)
    number = outfall_rectification.outfall_id(code)
    outfall_rectification.complete_rectification(
        by=user, channel="cli", outfall_id=number, evidence=evidence, completed_on=completed_on
    )
    out = outfalls.outfall_out(outfalls.get_outfall(SYSTEM, number))
    if as_json:
        typer.echo(json.dumps(out, ensure_ascii=False))
        return
    typer.echo(
        _("{name} ({code}): recorded as done on {day}, awaiting verification.").format(
            name=out["name"], code=out["code"], day=out["rectification_task"]["completed_on"]
        )
    )


@app.command("verify")
@user_errors
def verify_command(
    code: str = typer.Argument(..., help="The outfall's code."),
    verified_on: str = typer.Option(
        "", "--on", help="The day it was verified, YYYY-MM-DD (default: today)."
    ),
    note: str = typer.Option("", "--note", help="A note on the verification (optional)."),
    send_back: str = typer.Option(
        "", "--send-back", help="Send it back instead, for this reason (what is missing)."
    ),
    as_json: bool = typer.Option(False, "--json", help="The outfall as JSON."),
    as_user: str = typer.Option(
        ..., "--as", help="The official who verifies (not the one who recorded it)."
    ),
    data_dir: Path | None = DataDir,
) -> None:
    """Verify (核查销号) an outfall's rectification recorded as done, or send it back with
    --send-back REASON (it is open again): an editor of the outfall's member or the region
    office, not the official who recorded it. Audited."""
    setup(data_dir)
    from django.utils.translation import gettext as _

    from deltacap.domain.access import SYSTEM
    from deltacap.water import outfall_rectification, outfalls

    user = acting_as(as_user)
    number = outfall_rectification.outfall_id(code)
    if send_back.strip():
        outfall_rectification.send_back_rectification(
            by=user, channel="cli", outfall_id=number, reason=send_back
        )
        done = _("{name} ({code}): sent back; the rectification is open again.")
    else:
        outfall_rectification.verify_rectification(
            by=user, channel="cli", outfall_id=number, verified_on=verified_on, note=note
        )
        done = _("{name} ({code}): rectification verified on {day}.")
    out = outfalls.outfall_out(outfalls.get_outfall(SYSTEM, number))
    if as_json:
        typer.echo(json.dumps(out, ensure_ascii=False))
        return
    day = out["rectification_task"]["verified_on"]
    typer.echo(done.format(name=out["name"], code=out["code"], day=day))


@network_app.command("import")
@user_errors
def network_import_command(
    file: Path,
    dry_run: bool = typer.Option(False, "--dry-run", help="Check only; write nothing."),
    approximate: bool = typer.Option(
        False, "--approximate", help="Mark the reaches approximate (also when the file says so)."
    ),
    source: str = typer.Option("", "--source", help="Where the network comes from."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    data_dir: Path | None = DataDir,
) -> None:
    """Import the river network from GeoJSON (LineStrings with the properties id, from,
    to, name): the operator. Outfalls move to their nearest reach unless given one."""
    setup(data_dir)
    from django.utils.translation import gettext as _

    from deltacap.accounts.actors import PLATFORM
    from deltacap.water.outfalls import import_network

    report = import_network(
        by=PLATFORM, channel="cli", data=_read(file), dry_run=dry_run,
        approximate=approximate, source=source,
    )  # fmt: skip
    if as_json:
        typer.echo(json.dumps(report.to_json(), ensure_ascii=False))
        return
    text = (
        _("The file is valid: {n} reaches, {created} new and {updated} to replace.")
        if dry_run
        else _("Imported {n} reaches: {created} new, {updated} replaced.")
    )
    typer.echo(text.format(n=report.reaches, created=report.created, updated=report.updated))


@user_errors
def trace_command(
    section: str = typer.Argument(..., help="The section's code."),
    parameter: str = typer.Option(..., "--parameter", help="COD, CODMn, NH3-N, TP or TN."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object."),
    data_dir: Path | None = DataDir,
) -> None:
    """The outfalls upstream of a section ranked by their load of a parameter (approved
    discharge × concentration), with the latest value against the section's target."""
    setup(data_dir)
    from django.utils.translation import gettext as _

    from deltacap.domain.access import SYSTEM
    from deltacap.water import outfalls

    result = outfalls.trace_out(
        outfalls.trace_section(SYSTEM, outfalls.section_by_code(section), parameter)
    )
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False))
        return
    e = result["exceedance"]
    if e:
        console.print(
            _(
                "{section} {p}: {v} mg/L on {d}, limit of the target class {l} mg/L ({state})."
            ).format(
                section=result["section_name"], p=result["parameter"], v=e["value_mg_per_l"],
                d=e["sampled_on"], l=e["limit_mg_per_l"],
                state=_("exceeded") if e["exceeded"] else _("not exceeded"),
            )
        )  # fmt: skip
    else:
        console.print(
            _("{section} {p}: no sample.").format(
                section=result["section_name"], p=result["parameter"]
            )
        )
    console.print(_("Load (kg/d) = approved discharge (m³/d) × concentration (mg/L) ÷ 1000."))
    basis = {"outfall": _("the outfall's own"), "outlet_limit": _("HJ 212 outlet permit limit"),
             "unknown": _("unknown")}  # fmt: skip
    table = Table(
        _("Rank"), _("Outfall"), _("Member"), _("Responsible entity"),
        _("Concentration (mg/L)"), _("Basis"), _("Load (kg/d)"),
    )  # fmt: skip
    for r in result["outfalls"]:
        table.add_row(
            str(r["rank"]), f"{r['name']} ({r['code']})", r["member"], r["enterprise"] or "—",
            "—" if r["concentration_mg_per_l"] is None else f"{r['concentration_mg_per_l']:g}",
            basis[r["basis"]],
            "—" if r["load_kg_per_day"] is None else f"{r['load_kg_per_day']:.2f}",
        )  # fmt: skip
    console.print(table)
