"""``deltacap water ...``: water coordination. ``sections`` lists the monitoring sections,
``section set`` changes one (names, kind, position, target class, source),
``import`` reads a CSV or Excel file of monthly samples, or with ``--automatic`` of 4-hourly
automatic station readings (checked whole; nothing written on an error),
``tracking --year Y`` gives each water body's tracking evaluation (cli/water_tracking.py),
``classify --json`` classes records by GB 3838-2002 (no data folder, no database),
``compensation AGREEMENT --year Y --p P --json`` says who pays whom how much for a year of
an eco-compensation agreement (from P or from the annual means; no data folder);
``settlements`` lists the recorded settlements, ``settlements settle`` and ``settlements
approve`` settle a year and approve it as an account (cli/water_settlements.py);
``taihu-zone``, ``taihu-plan``, ``taihu-locate``, ``taihu-reserve`` and ``taihu-allocate``
the 5 km Taihu zone, its members' plans and enterprises' positions (cli/water_taihu.py),
their reserves fed by closures and the allocations from them."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from deltacap.cli._django import (
    DataDir,
    Lang,
    LangOption,
    _run_language,
    acting_as,
    early_gettext,
    language_of,
    setup,
    user_errors,
)
from deltacap.domain.errors import DeltacapError, gettext_noop

app = typer.Typer(help="Water coordination: sections and quality by GB 3838.", no_args_is_help=True)
console = Console()


@app.callback()
def _group() -> None:
    """Water coordination: sections, monthly data, classes by GB 3838-2002."""


@app.command("sections")
@user_errors
def sections_command(
    as_json: bool = typer.Option(False, "--json", help="A JSON list, one object per section."),
    data_dir: Path | None = DataDir,
) -> None:
    """The monitoring sections: water body, kind, members, target class, latest class."""
    setup(data_dir)
    from django.utils.translation import gettext as _

    from deltacap.water import selectors
    from deltacap.water.labels import class_label, grade_label
    from deltacap.water.schemas import section_out

    chosen = selectors.sections()
    last = selectors.latest(selectors.monthly_quality(chosen))
    if as_json:
        rows = []
        for s in chosen:
            q = last[s.pk]
            row = section_out(s).dict()
            row["latest_month"] = q.month if q else None
            row["latest_class"] = (q.overall_name or None) if q else None
            rows.append(row)
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    table = Table(
        _("Section"), _("Water body"), _("Target class"), _("Month"), _("Class"), _("Grade")
    )
    for s in chosen:
        q = last[s.pk]
        table.add_row(
            f"{s.name} ({s.code})",
            s.water_body.name,
            class_label(s.target_class),
            q.month if q else "—",
            class_label(q.overall) if q else "—",
            grade_label(q.grade) if q else "—",
        )
    console.print(table)


section_app = typer.Typer(help="One monitoring section.", no_args_is_help=True)
app.add_typer(section_app, name="section")


@section_app.command("set")
@user_errors
def section_set_command(
    code: str,
    name_zh: str | None = typer.Option(None, "--name-zh", help="The Chinese name."),
    name_en: str | None = typer.Option(None, "--name-en", help="The English name."),
    kind: str | None = typer.Option(None, "--kind", help="national, provincial or cross_border."),
    target_class: int | None = typer.Option(
        None, "--target-class", help="The function target class, 1 to 5 (I to V)."
    ),
    lon: float | None = typer.Option(None, "--lon", help="Degrees east (WGS-84)."),
    lat: float | None = typer.Option(None, "--lat", help="Degrees north (WGS-84)."),
    approximate: bool | None = typer.Option(
        None, "--approximate/--exact", help="Whether the position is approximate."
    ),
    source: str | None = typer.Option(None, "--source", help="Where name and position come from."),
    as_json: bool = typer.Option(False, "--json", help="Print the section as JSON."),
    as_user: str | None = typer.Option(
        None, "--as", help="Act as this account (its rights); default: the operator."
    ),
    data_dir: Path | None = DataDir,
) -> None:
    """Change a section (by code): only the options given change; its water body and
    members stay. Audited; a refusal or a bad value is one line (exit 2), nothing written."""
    setup(data_dir)
    from django.utils.translation import gettext as _

    from deltacap.water import services
    from deltacap.water.labels import class_label
    from deltacap.water.schemas import section_out

    user = acting_as(as_user)
    given = {
        "name_zh": name_zh,
        "name_en": name_en,
        "kind": kind,
        "target_class": target_class,
        "lon": lon,
        "lat": lat,
        "approximate": approximate,
        "source": source,
    }
    changes = {k: v for k, v in given.items() if v is not None}
    if not changes:
        raise DeltacapError(gettext_noop("Give at least one value to change."))
    section = services.edit_section(
        by=user, channel="cli", section=services.section_by_code(code), changes=changes
    )
    section = services.get_section(section.pk)
    if as_json:
        typer.echo(json.dumps(section_out(section).dict(), ensure_ascii=False))
        return
    typer.echo(
        _("Saved {name} ({code}): target class {target}, at {lon}° E, {lat}° N.").format(
            name=section.name,
            code=section.code,
            target=class_label(section.target_class),
            lon=round(section.lon, 6),
            lat=round(section.lat, 6),
        )
    )


@app.command("import")
@user_errors
def import_command(
    file: Path,
    dry_run: bool = typer.Option(False, "--dry-run", help="Check only; write nothing."),
    four_hourly: bool = typer.Option(
        False,
        "--automatic",
        help="4-hourly readings of automatic stations (section, time, items) instead of "
        "monthly samples.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    as_user: str | None = typer.Option(
        None, "--as", help="Import as this account (its rights); default: the operator."
    ),
    data_dir: Path | None = DataDir,
) -> None:
    """Import monthly samples (section, date, items in mg/L), or with --automatic 4-hourly
    readings (section, time, items), from CSV or Excel (.xlsx); every error by row and
    column; nothing written on any error (exit 1)."""
    setup(data_dir)
    from django.utils.translation import gettext as _

    from deltacap.domain.errors import InvalidInput
    from deltacap.water.automatic import import_readings
    from deltacap.water.services import import_samples

    user = acting_as(as_user)
    try:
        data = file.read_bytes()
    except OSError:
        raise InvalidInput(
            gettext_noop("Cannot read {file}."), field="file", file=str(file)
        ) from None
    run = import_readings if four_hourly else import_samples
    report = run(by=user, channel="cli", data=data, dry_run=dry_run)
    if as_json:
        typer.echo(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        for e in report.errors:
            where = " ".join(str(p) for p in (e.row, e.column) if p)
            typer.echo(f"{where}: {e.message}" if where else e.message, err=True)
        if not report.errors and four_hourly:
            text = (
                _("The file is valid: {rows} readings, all new.")
                if dry_run
                else _("Imported {rows} readings.")
            )
            typer.echo(text.format(rows=report.rows))
        elif not report.errors:
            text = (
                _("The file is valid: {rows} samples, {created} new and {updated} to replace.")
                if dry_run
                else _("Imported {rows} samples: {created} new, {updated} replaced.")
            )
            typer.echo(
                text.format(rows=report.rows, created=report.created, updated=report.updated)
            )
    if report.errors:
        raise typer.Exit(1)


@app.command("classify")
def classify_command(
    as_json: bool = typer.Option(
        False, "--json", help="Read JSON lines on standard input, write one JSON line each."
    ),
    lang: Lang | None = LangOption,
) -> None:
    """Class records by GB 3838-2002: {"water_body": "river"|"lake", "params": {NAME: number}}
    per line. A bad record is answered on its own line ({"ok": false, "error", "field"})
    and the run goes on."""
    token = _run_language.set(language_of(lang.value if lang else None))
    try:
        if not as_json:
            typer.echo(
                early_gettext(gettext_noop("Give --json (JSON lines on standard input).")), err=True
            )
            raise typer.Exit(2)
        for line in sys.stdin.buffer:
            if line.strip():
                typer.echo(json.dumps(_answer(line), ensure_ascii=False))
    finally:
        _run_language.reset(token)


def _answer(line: bytes) -> dict[str, Any]:
    from deltacap.water.records import classify_record

    try:
        record = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return {
            "ok": False,
            "error": early_gettext(gettext_noop("The line is not a JSON object.")),
            "field": "record",
        }
    try:
        return classify_record(record)
    except DeltacapError as error:
        message = early_gettext(error.message_template).format(**error.params)
        return {"ok": False, "error": message, "field": error.field}


CONCENTRATIONS_HELP = (
    "The year's annual mean concentrations at the assessment section instead of --p, in "
    "mg/L, as NAME=VALUE pairs separated by commas, e.g. "
    "CODMn=1.2,NH3-N=0.1,TP=0.02,TN=0.9 (every indicator of the agreement's round)."
)


def _argument(field: str | None) -> str:
    """The command-line argument a domain error's field names."""
    if not field:
        return ""
    head, _, item = field.partition(".")
    names = {"agreement": "AGREEMENT", "year": "--year", "p": "--p"}
    name = names.get(head, f"--{head.replace('_', '-')}")
    return f"{name} ({item})" if item else name


def parse_concentrations(text: str) -> dict[str, str]:
    """``CODMn=1.2,NH3-N=0.1`` to ``{"CODMn": "1.2", "NH3-N": "0.1"}``. Raises InvalidInput."""
    from deltacap.domain.errors import InvalidInput

    out: dict[str, str] = {}
    for part in (p.strip() for p in text.split(",")):
        name, equals, value = part.partition("=")
        if not part or not equals or not name.strip():
            raise InvalidInput(
                gettext_noop("“{part}” is not NAME=VALUE (e.g. CODMn=1.2)."),
                field="concentrations",
                part=part,
            )
        if name.strip() in out:
            raise InvalidInput(
                gettext_noop("{item} is given twice."),
                field=f"concentrations.{name.strip()}",
                item=name.strip(),
            )
        out[name.strip()] = value.strip()
    return out


@app.command("compensation")
def compensation_command(
    agreement: str = typer.Argument(..., help="The agreement: xinanjiang or taipu."),
    year: int = typer.Option(..., "--year", help="The year settled (its round applies)."),
    p: str | None = typer.Option(None, "--p", help="The compensation index P (0 to 1000)."),
    concentrations: str | None = typer.Option(None, "--concentrations", help=CONCENTRATIONS_HELP),
    as_json: bool = typer.Option(
        False,
        "--json",
        help='Print {"agreement", "year", "round", "p", "payer", "payee", '
        '"amount_yuan"} (payer and payee as member codes).',
    ),
    lang: Lang | None = LangOption,
) -> None:
    """Who pays whom how much for a year of an eco-compensation agreement: P ≤ 1, the
    downstream member pays the upstream one; P > 1, the upstream pays the downstream
    (P = K0 × Σ k_i × C_i / C_i0). Reads the configured agreements only (no data folder).
    A bad argument is one line naming it (exit 2)."""
    token = _run_language.set(language_of(lang.value if lang else None))
    try:
        outcome = _compensation(agreement, year, p, concentrations)
        if as_json:
            typer.echo(json.dumps(outcome.to_json(), ensure_ascii=False))
            return
        text = early_gettext(
            gettext_noop(
                "{agreement} {year}, round {round}: P = {p}; {payer} pays {payee} {amount} yuan."
            )
        )
        typer.echo(
            text.format(
                agreement=outcome.agreement,
                year=outcome.year,
                round=outcome.round,
                p=outcome.p,
                payer=outcome.payer,
                payee=outcome.payee,
                amount=outcome.amount_yuan,
            )
        )
    except DeltacapError as error:
        where = _argument(error.field)
        message = early_gettext(error.message_template).format(**error.params)
        typer.echo(f"{where}: {message}" if where else message, err=True)
        raise typer.Exit(2) from None
    finally:
        _run_language.reset(token)


def _compensation(agreement: str, year: int, p: str | None, concentrations: str | None) -> Any:
    from deltacap.domain.errors import InvalidInput
    from deltacap.domain.water.compensation import check_p, settle
    from deltacap.water.config import agreement as agreement_by_code

    found = agreement_by_code(agreement)
    if (p is None) == (concentrations is None):
        raise InvalidInput(
            gettext_noop("Give either --p or --concentrations (one of them)."), field="p"
        )
    if p is not None:
        return settle(found, year, p=check_p(p))
    assert concentrations is not None
    return settle(found, year, concentrations=parse_concentrations(concentrations))


# --- the lakes: the 5 km Taihu zone and cyanobacteria blooms --------------------------------


@app.command("taihu-zone")
@user_errors
def taihu_zone_command(
    as_json: bool = typer.Option(
        False, "--json", help="One JSON object: the zone, counts by industry, the enterprises."
    ),
    data_dir: Path | None = DataDir,
) -> None:
    """The enterprises inside the 5 km Taihu zone (geodesic, from the packaged outline), by
    industry with chemical ones first, each with its distance to the shore and its plan."""
    setup(data_dir)
    from django.utils.translation import get_language
    from django.utils.translation import gettext as _

    from deltacap.water import taihu

    found = taihu.inside()
    summary = taihu.zone_summary()
    counts = taihu.by_industry(found)
    if as_json:
        out = {
            **summary,
            "by_industry": counts,
            "enterprises": [taihu.inside_out(i) for i in found],
        }
        typer.echo(json.dumps(out, ensure_ascii=False))
        return
    en = (get_language() or "zh").startswith("en")
    console.print(
        _("Zone within {d} m of the lake: lake {lake} km², land {land} km².").format(
            d=int(summary["distance_m"]),
            lake=summary["lake_area_km2"],
            land=summary["land_area_km2"],
        )
    )
    console.print(
        "  ".join(
            f"{c['name_en'] if en else c['name_zh']}: {c['count']}" for c in counts if c["count"]
        )
        or _("No located enterprise lies inside the zone.")
    )
    table = Table(
        _("Enterprise"), _("Industry"), _("Member"), _("Distance to the shore (km)"), _("Plan")
    )
    for i in found:
        plan = i.plan
        table.add_row(
            i.enterprise.name,
            i.industry.name_en if en else i.industry.name_zh,
            i.enterprise.member_code,
            f"{i.distance_m / 1000:.1f}",
            f"{plan.get_action_display()} {plan.deadline} {plan.progress} %" if plan else "—",
        )
    console.print(table)


@app.command("taihu-reserve")
@user_errors
def taihu_reserve_command(
    as_json: bool = typer.Option(
        False, "--json", help="One JSON object: totals, the reserves' holdings, every move."
    ),
    data_dir: Path | None = DataDir,
) -> None:
    """The members' government reserves for the Taihu zone: what the closures of chemical
    enterprises moved in, what was allocated to whom and for which industry (an allocation
    outside the strategic emerging industries flagged, with its reason), and what remains."""
    setup(data_dir)
    from django.utils.translation import get_language
    from django.utils.translation import gettext as _

    from deltacap.water import taihu_reserve as reserve

    found = reserve.moves()
    totals = reserve.totals(found)
    if as_json:
        out = {
            "totals": reserve.totals_out(totals),
            "holdings": [reserve.holding_out(h) for h in reserve.balances()],
            "moves": [reserve.move_out(m) for m in found],
        }
        typer.echo(json.dumps(out, ensure_ascii=False))
        return
    en = (get_language() or "zh").startswith("en")
    summary = Table(
        _("Member"), _("Pollutant"), _("In from closures (t/a)"),
        _("To strategic emerging industries (t/a)"), _("To other industries (t/a)"),
        _("Remaining (t/a)"), title=_("The Taihu zone's reserves"),
    )  # fmt: skip
    names = _member_names(en)
    for r in totals:
        summary.add_row(
            names.get(r["member"], r["member"]), r["pollutant"],
            *(_t(r[k]) for k in ("in_kg", "strategic_kg", "other_kg", "remaining_kg")),
        )  # fmt: skip
    console.print(summary if totals else _("Nothing has moved into a reserve of the zone yet."))
    if not found:
        return
    moves = Table(
        _("Date"), _("Direction"), _("Enterprise"), _("Pollutant"), _("Tonnes a year"),
        _("Industry"), _("Decision number"),
    )  # fmt: skip
    for m in found:
        named = reserve.industry(m.industry) if m.industry else None
        label = (named.name_en if en else named.name_zh) if named else "—"
        if m.strategic is False:
            label = _("{industry} (not strategic emerging: {reason})").format(
                industry=label, reason=m.reason
            )
        why = m.decision
        if m.plan is not None:
            done = m.plan.completed_on.isoformat() if m.plan.completed_on else "—"
            why = _("Closure completed on") + f" {done}"
        moves.add_row(
            m.moved_at.date().isoformat(), m.get_direction_display(), m.enterprise.name,
            m.pollutant, _t(m.kg), label, why,
        )  # fmt: skip
    console.print(moves)


def _t(kg: int) -> str:
    return f"{kg / 1000:,.3f}".rstrip("0").rstrip(".")


def _member_names(en: bool) -> dict[str, str]:
    from deltacap.reference.models import Division

    return {
        d.code: (d.name_en if en else d.name_zh) or d.code
        for d in Division.objects.filter(level="member")
    }


@app.command("taihu-close")
@user_errors
def taihu_close_command(
    enterprise: int = typer.Argument(..., help="The enterprise inside the zone (its number)."),
    on: str | None = typer.Option(
        None, "--on", help="The day the closure was completed (YYYY-MM-DD); default today."
    ),
    as_json: bool = typer.Option(False, "--json", help="The plan and the rights moved, as JSON."),
    as_user: str | None = typer.Option(
        None, "--as", help="Act as this account (its rights); default: the operator."
    ),
    data_dir: Path | None = DataDir,
) -> None:
    """Record an enterprise's closure as done (its member's editors). A chemical enterprise's
    rights then move into its member's reserve for the zone. Audited; a refusal or a bad
    value is one line (exit 2), nothing written."""
    setup(data_dir)
    import datetime as dt

    from django.utils.translation import gettext as _

    from deltacap.water import taihu
    from deltacap.water import taihu_reserve as reserve

    user = acting_as(as_user)
    day: Any = None
    if on:
        try:
            day = dt.date.fromisoformat(on)
        except ValueError:
            day = on  # refused by the plan's own check, after its access decision
    plan = taihu.save_plan(
        by=user, channel="cli", enterprise=taihu.get_enterprise(enterprise),
        values={"status": "done", "completed_on": day},
    )  # fmt: skip
    moved = [m for m in reserve.moves() if m.plan_id == plan.pk]
    if as_json:
        out = {"plan": taihu.plan_out(plan), "moved": [reserve.move_out(m) for m in moved]}
        typer.echo(json.dumps(out, ensure_ascii=False))
        return
    console.print(
        _("Closure of {enterprise} recorded as done on {day}.").format(
            enterprise=plan.enterprise.name, day=plan.completed_on
        )
    )
    for m in moved:
        console.print(
            _("{tonnes} t a year of {pollutant} moved into the reserve.").format(
                tonnes=_t(m.kg), pollutant=m.pollutant
            )
        )


@app.command("taihu-allocate")
@user_errors
def taihu_allocate_command(
    holding: int = typer.Option(..., "--holding", help="The reserve's holding (its number)."),
    enterprise: int = typer.Option(..., "--enterprise", help="The receiving enterprise (number)."),
    tonnes: str = typer.Option(..., "--tonnes", help="Tonnes a year (at most 3 decimals)."),
    industry: str = typer.Option(
        ..., "--industry", help="The receiving enterprise's industry (a code of the list)."
    ),
    decision: str = typer.Option(..., "--decision", help="The decision it is made by."),
    reason: str = typer.Option(
        "", "--reason", help="Why, when the industry is not a strategic emerging one."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the allocation as JSON."),
    as_user: str | None = typer.Option(
        None, "--as", help="Act as this account (its rights); default: the operator."
    ),
    data_dir: Path | None = DataDir,
) -> None:
    """Allocate rights from a member's reserve for the Taihu zone to an enterprise of that
    member. Audited; a refusal or a bad value is one line (exit 2), nothing written."""
    setup(data_dir)
    from django.utils.translation import gettext as _

    from deltacap.water import taihu_reserve as reserve

    user = acting_as(as_user)
    move = reserve.allocate(
        by=user, channel="cli", holding_id=holding, enterprise_id=enterprise, tonnes=tonnes,
        industry_code=industry, decision=decision, reason=reason,
    )  # fmt: skip
    if as_json:
        typer.echo(json.dumps(reserve.move_out(move), ensure_ascii=False))
        return
    console.print(
        _("Allocated {tonnes} t a year of {pollutant} to {enterprise}.").format(
            tonnes=_t(move.kg), pollutant=move.pollutant, enterprise=move.enterprise.name
        )
    )
    if move.strategic is False:
        console.print(_("Flagged: not a strategic emerging industry."))


# --- cyanobacteria blooms: the list and the writes (cli/water_blooms.py) --------------------

from deltacap.cli import water_blooms  # noqa: E402

app.add_typer(water_blooms.app, name="blooms")


# --- outfalls, the river network and tracing (cli/water_outfalls.py) -----------------------

from deltacap.cli import water_outfalls  # noqa: E402

app.add_typer(water_outfalls.app, name="outfalls")
app.add_typer(water_outfalls.network_app, name="network")
app.command("trace")(water_outfalls.trace_command)


# --- shared facilities of the demonstration zone ------------------------------------------


@app.command("facilities")
@user_errors
def facilities_command(
    as_json: bool = typer.Option(False, "--json", help="One JSON list of the facilities."),
    data_dir: Path | None = DataDir,
) -> None:
    """The demonstration zone's shared facilities (Qingpu, Wujiang, Jiashan): kind,
    location, capacity, status and the sharing members' shares."""
    setup(data_dir)
    from django.utils.translation import gettext as _

    from deltacap.water import facilities

    found = facilities.facilities()
    if as_json:
        typer.echo(json.dumps([facilities.facility_out(f) for f in found], ensure_ascii=False))
        return
    table = Table(
        _("Facility"), _("Kind"), _("Location"), _("Capacity"), _("Status"),
        _("Sharing members and shares"),
    )  # fmt: skip
    for f in found:
        table.add_row(
            f.name + (f" ({_('synthetic')})" if f.synthetic else ""),
            f.get_kind_display(),
            f.division.name,
            f"{f.capacity:f} {f.capacity_unit}",
            f.get_status_display(),
            "; ".join(f"{s.member.name} {s.percent:f} %" for s in f.shares.all()),
        )
    console.print(table)


# --- N/P loads into the lakes and the monthly flows (cli/water_loads.py) -------------------

from deltacap.cli import water_loads  # noqa: E402

app.command("loads")(water_loads.loads_command)
app.add_typer(water_loads.flows_app, name="flows")

# --- a member's plan for an enterprise in the 5 km Taihu zone (cli/water_taihu.py) ---------

from deltacap.cli import water_taihu  # noqa: E402

app.command("taihu-plan")(water_taihu.taihu_plan_command)
app.command("taihu-locate")(water_taihu.taihu_locate_command)

# --- the tracking evaluation of the water bodies (cli/water_tracking.py) ---------------------

from deltacap.cli import water_tracking  # noqa: E402

app.command("tracking")(water_tracking.tracking_command)

# --- eco-compensation settlements: settle a year, approve (cli/water_settlements.py) -------

from deltacap.cli import water_settlements  # noqa: E402

app.add_typer(water_settlements.app, name="settlements")
