"""``deltacap petrochem ...``: Hangzhou Bay petrochemicals (环杭州湾石化化工 三统一): the
VOCs limits side by side, the bay's scope and enterprises with their strictest limits, the
joint inspection campaigns and the findings (``--open``, ``--overdue``, ``--member``), the
shared monitoring; the fence-line stations, exceedances, an enterprise's hours and the ozone
cooperation are in ``cli/petrochem_fence.py`` (``deltacap.petrochem``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from django.utils.translation import gettext as _
from rich import box
from rich.console import Console
from rich.table import Table

from deltacap.cli import _codes, petrochem_fence, petrochem_writes
from deltacap.cli._django import DataDir, acting_as, setup, user_errors

app = typer.Typer(
    help="Hangzhou Bay petrochemical and chemical VOCs: limits, campaigns, findings.",
    no_args_is_help=True,
)
petrochem_fence.register(app)
petrochem_writes.register(app)
console = Console(highlight=False)
AsJson = typer.Option(False, "--json", help="Print JSON.")
AsUser = typer.Option(
    None, "--as", help="Read as this account (its rights); default: the operator."
)


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left")
    for column in columns:
        table.add_column(column)
    return table


def _echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False))


@app.command()
@user_errors
def limits(as_json: bool = AsJson, data_dir: Path | None = DataDir) -> None:
    """The VOCs (NMHC) limits per process and member, with the standard, clause and whether
    the value was verified."""
    setup(data_dir)
    from deltacap.petrochem import schemas, selectors

    rows = [schemas.limit_out(r) for r in selectors.limits_rows()]
    if as_json:
        _echo_json(rows)
        return
    table = _table(_("VOCs limits side by side"), _("Process"), _("Where the limit applies"),
                   _("Member"), _("Limit"), _("Standard"), _("Value verified"))  # fmt: skip
    for r in rows:
        table.add_row(
            str(r["process_name"]), r["point_name"], r["member_name"], f"{r['value']} mg/m³",
            f"{r['standard']} {r['clause']}", _("yes") if r["verified"] else _("not verified"),
        )  # fmt: skip
    console.print(table)


@app.command()
@user_errors
def scope(as_json: bool = AsJson, data_dir: Path | None = DataDir) -> None:
    """The bay's cities and districts (the office sets them; else the configured default)."""
    setup(data_dir)
    from deltacap.petrochem import selectors

    s = selectors.scope()
    default = selectors.scope_is_default()
    if as_json:
        _echo_json({"divisions": list(s.divisions), "default": default, "source": s.source})
        return
    names = _codes.division_names(set(s.divisions))
    console.print("、".join(names.get(c, c) for c in s.divisions), markup=False)
    if default:
        console.print(_("default list, not verified: the plan names no cities"), style="yellow")


@app.command()
@user_errors
def enterprises(
    member: str | None = typer.Option(None, "--member", help="Only this member's (code)."),
    as_json: bool = AsJson,
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """The bay's enterprises with their processes and strictest limits."""
    setup(data_dir)
    from deltacap.petrochem import schemas, selectors

    code = _codes.member(member).code if member else ""
    rows = [schemas.enterprise_out(b)
            for b in selectors.bay_enterprises(acting_as(as_user), code)]  # fmt: skip
    if as_json:
        _echo_json(rows)
        return
    table = _table(
        _("Enterprises of the bay"),
        _("Enterprise"),
        _("Processes"),
        _("Strictest stack limit (NMHC)"),
        _("Strictest boundary limit (NMHC)"),
    )
    for e in rows:
        cells = []
        for point in ("stack", "boundary"):
            s = e["strictest"].get(point)
            cells.append("—" if s is None else f"{s['value']} mg/m³ {s['standard']}"
                         + ("" if s["verified"] else f" ({_('not verified')})"))  # fmt: skip
        table.add_row(e["name"], "、".join(p["process_name"] for p in e["processes"]), *cells)
    console.print(table)


@app.command()
@user_errors
def campaigns(
    as_json: bool = AsJson, as_user: str | None = AsUser, data_dir: Path | None = DataDir
) -> None:
    """The joint inspection campaigns: dates, members, enterprises."""
    setup(data_dir)
    from deltacap.petrochem import schemas, selectors

    rows = [schemas.campaign_out(c) for c in selectors.campaigns(acting_as(as_user))]
    if as_json:
        _echo_json(rows)
        return
    table = _table(_("Joint inspection campaigns"), _("Name"), _("Starts"), _("Ends"),
                   _("Members taking part"), _("Enterprises inspected"))  # fmt: skip
    for c in rows:
        table.add_row(c["name"], c["starts"], c["ends"], "、".join(c["member_names"]),
                      "、".join(e["name"] for e in c["enterprises"]))  # fmt: skip
    console.print(table)
    if not rows:
        console.print(_("No campaign yet."))


@app.command()
@user_errors
def findings(
    open_only: bool = typer.Option(False, "--open", help="Only findings not closed."),
    overdue: bool = typer.Option(False, "--overdue", help="Only overdue findings."),
    member: str | None = typer.Option(None, "--member", help="Only this member's (code)."),
    as_json: bool = AsJson,
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """The findings at the bay's enterprises, those due first; overdue ones in red."""
    setup(data_dir)
    from django.utils import timezone

    from deltacap.petrochem import schemas, selectors

    code = _codes.member(member).code if member else ""
    today = timezone.localdate()
    found = selectors.findings(acting_as(as_user), member=code, open_only=open_only,
                               overdue=overdue, today=today)  # fmt: skip
    rows = [schemas.finding_out(f, today) for f in found]
    if as_json:
        _echo_json(rows)
        return
    table = _table(_("Findings"), _("Enterprise"), _("Member"), _("Kind of finding"),
                   _("Rectification deadline"), _("State"))  # fmt: skip
    for r in rows:
        deadline = r["deadline"] + (f" ({_('overdue')})" if r["overdue"] else "")
        table.add_row(r["enterprise"]["name"], r["member_name"], r["kind_name"], deadline,
                      r["state_name"], style="red" if r["overdue"] else None)  # fmt: skip
    console.print(table)
    if not rows:
        console.print(_("No finding."))


@app.command()
@user_errors
def monitoring(
    days: int = typer.Option(7, "--days", min=1, max=31, help="Days up to today (1 to 31)."),
    as_json: bool = AsJson,
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """Shared monitoring of the bay: daily NMHC of the bay's outlets against the strictest
    stack limit."""
    setup(data_dir)
    from deltacap.petrochem import figures

    start, end = figures.period(None, days)
    rows = [figures.figures_out(f) for f in figures.bay_figures(acting_as(as_user), start, end)]
    if as_json:
        _echo_json(rows)
        return
    table = _table(_("Shared monitoring of the bay"), _("Enterprise"), _("Outlet"),
                   _("Strictest stack limit (NMHC)"), _("Latest day"), _("Daily mean (mg/m³)"),
                   _("Hours above the limit"))  # fmt: skip
    for r in rows:
        last = r["days"][-1]
        limit = "—" if r["limit"] is None else f"{r['limit']['value']} mg/m³"
        table.add_row(r["enterprise"]["name"], f"{r['outlet']['code']} {r['factor_name']}",
                      limit, last["day"], last["mean"], str(r["hours_above"]),
                      style="red" if r["hours_above"] else None)  # fmt: skip
    console.print(table)
    if not rows:
        console.print(_("No monitoring data of the bay's outlets in this period."))
