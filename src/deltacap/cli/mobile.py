"""``deltacap mobile ...``: high-emission vehicles shared among the members: imports of
vehicle lists and detections, a plate's record and history, the cross-member notices, and
the run of the rules that raises them (``deltacap.mobile``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from django.utils.translation import gettext as _
from rich import box
from rich.console import Console
from rich.table import Table

from deltacap.cli import _codes, mobile_phaseout, mobile_writes
from deltacap.cli._django import DataDir, acting_as, setup, user_errors
from deltacap.domain.errors import InvalidInput, gettext_noop

app = typer.Typer(help="High-emission vehicles shared among the members.", no_args_is_help=True)
detections_app = typer.Typer(
    help="Detections of vehicles (remote sensing, checks ...).", no_args_is_help=True
)
vehicles_app = typer.Typer(help="The vehicles a member registers.", no_args_is_help=True)
app.add_typer(detections_app, name="detections")
app.add_typer(vehicles_app, name="vehicles")
machinery_app = typer.Typer(
    help="Non-road mobile machinery the members register.", no_args_is_help=True
)
app.add_typer(machinery_app, name="machinery")
phaseout_app = typer.Typer(
    help="Phase-out of old vehicles and machinery: records, targets, progress.",
    no_args_is_help=True,
)
app.add_typer(phaseout_app, name="phaseout")
mobile_phaseout.register(phaseout_app)
mobile_writes.register(app, machinery_app)
console = Console(highlight=False)
AsUser = typer.Option(None, "--as", help="Act as this account (its rights); default: the operator.")
DryRun = typer.Option(False, "--dry-run", help="Check only; write nothing.")
AsJson = typer.Option(False, "--json", help="Print JSON.")


def _read(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except OSError:
        raise InvalidInput(
            gettext_noop("Cannot read the file {file}."), field="file", file=str(file)
        ) from None


def _finish(data: dict[str, Any], as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False))
    else:
        for error in data["errors"]:
            where = " ".join(str(error[k]) for k in ("row", "column") if error[k])
            text = f"{where}: {error['message']}" if where else error["message"]
            console.print(text, style="red", markup=False)
        if data["more_errors"]:
            console.print(_("And {n} more not listed.").format(n=data["more_errors"]))
        if data["errors"]:
            console.print(_("Nothing was written."))
        else:
            if data["kind"] in ("vehicles", "machinery", "phaseout"):
                line = _("{c} new, {u} changed, {n} unchanged.").format(
                    c=data["created"], u=data["updated"], n=data["unchanged"]
                )
            else:
                line = _("{r} detections of {p} plates, from {first} to {last}.").format(
                    r=data["rows"], p=data["plates"], first=data["first"], last=data["last"]
                )
            dry = "" if data["written"] else " " + _("(dry run: nothing written)")
            console.print(line + dry)
            if data["kind"] == "detections" and data["written"]:
                console.print(
                    _("Notices raised to the registering members: {n}.").format(
                        n=data["notices_raised"]
                    )
                )
    if data["errors"]:
        raise typer.Exit(1)


@detections_app.command("import")
@user_errors
def import_detections(
    file: Path,
    dry_run: bool = DryRun,
    as_json: bool = AsJson,
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """Import detections (CSV or Excel: 号牌号码, 号牌颜色, 检测时间, 城市, 地点, 检测方式,
    检测结果, CO(%), HC(ppm), NO(ppm), 不透光度(%)) into the measurement store; every error
    by row and column, nothing written on any error (exit 1)."""
    setup(data_dir)
    from deltacap.mobile.services import import_detections as run

    data = _read(file)
    with console.status(_("Checking and storing the detections ..."), spinner="dots"):
        report = run(by=acting_as(as_user), channel="cli", data=data, dry_run=dry_run)
    _finish(report.to_json(), as_json)


@vehicles_app.command("import")
@user_errors
def import_vehicles(
    file: Path,
    dry_run: bool = DryRun,
    as_json: bool = AsJson,
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """Import a vehicle list (CSV or Excel: 号牌号码, 号牌颜色, 车辆类型, 燃料类型, 排放标准,
    注册城市, 所有人类型); nothing written on any error (exit 1)."""
    setup(data_dir)
    from deltacap.mobile.services import import_vehicles as run

    report = run(by=acting_as(as_user), channel="cli", data=_read(file), dry_run=dry_run)
    _finish(report.to_json(), as_json)


def _words(table: dict[Any, Any], code: Any) -> str:
    from deltacap.mobile.labels import word

    return word(table, code)


@app.command()
@user_errors
def vehicle(plate: str, as_json: bool = AsJson, data_dir: Path | None = DataDir) -> None:
    """A plate's vehicle record and its detections by every member, the latest first."""
    setup(data_dir)
    from deltacap.mobile import labels, selectors
    from deltacap.mobile.schemas import as_json as jsonable
    from deltacap.mobile.schemas import detection_out, notice_out, vehicle_out

    found = selectors.normal_plate(plate)
    if found is None:
        raise InvalidInput(
            gettext_noop("{plate} is not a number plate."), field="plate", plate=plate
        )
    record = selectors.vehicle(found)
    detections = [detection_out(row) for row in selectors.history(found)]
    notices = [notice_out(n) for n in selectors.notices(plate=found)]
    if as_json:
        body = {"vehicle": vehicle_out(record) if record else None, "detections": detections,
                "notices": notices}  # fmt: skip
        typer.echo(json.dumps(jsonable(body), ensure_ascii=False))
        return
    names = _codes.names()
    if record is None:
        console.print(_("No member has registered {plate}.").format(plate=found))
    else:
        parts = [
            found,
            _words(labels.PLATE_COLOURS, record.plate_colour),
            _words(labels.VEHICLE_TYPES, record.vehicle_type),
            _words(labels.FUELS, record.fuel),
            _words(labels.STANDARDS, record.emission_standard),
            _codes.division_names({record.city_id}).get(record.city_id, record.city_id),
        ]
        console.print(
            " · ".join(parts),
            markup=False,
        )
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for header in (_("Time"), _("Member"), _("Place"), _("Method"), _("Result")):
        table.add_column(header, overflow="fold")
    for d in detections:
        table.add_row(
            d["time"].strftime("%Y-%m-%d %H:%M"),
            names.get(d["member"], d["member"]),
            d["place"],
            _words(labels.METHODS, d["method"]),
            _words(labels.RESULTS, d["result"]),
        )
    console.print(table)
    for n in notices:
        console.print(_notice_line(n, names), markup=False)


def _notice_line(n: dict[str, Any], names: dict[str, str]) -> str:
    from deltacap.mobile import labels

    status = _words(labels.NOTICE_STATUS, n["status"])
    late = " · " + _("overdue") if n["overdue"] else ""
    return _("Notice {id}: {plate}, registered in {to}, found in {by}; due {due}; {status}").format(
        id=n["id"], plate=n["plate"], to=names.get(n["to_member"], n["to_member"]),
        by=names.get(n["from_member"], n["from_member"]), due=n["due"].isoformat(), status=status,
    ) + late  # fmt: skip


@app.command()
@user_errors
def notices(
    member: str | None = typer.Option(
        None, "--member", help="Only notices to or from this member."
    ),
    overdue: bool = typer.Option(False, "--overdue", help="Only overdue notices."),
    as_json: bool = AsJson,
    data_dir: Path | None = DataDir,
) -> None:
    """The cross-member notices, those due first (to and from ``--member``)."""
    setup(data_dir)
    from django.utils import timezone

    from deltacap.mobile import selectors
    from deltacap.mobile.schemas import as_json as jsonable
    from deltacap.mobile.schemas import notice_out

    code = _codes.member(member).code if member else ""
    today = timezone.localdate()
    rows = [
        notice_out(n, today) for n in selectors.notices(member=code, overdue=overdue, today=today)
    ]
    if as_json:
        typer.echo(json.dumps(jsonable(rows), ensure_ascii=False))
        return
    names = _codes.names()
    for n in rows:
        console.print(_notice_line(n, names), markup=False, style="red" if n["overdue"] else None)
    if not rows:
        console.print(_("No notice."))


@app.command()
@user_errors
def evaluate(
    as_json: bool = AsJson, as_user: str | None = AsUser, data_dir: Path | None = DataDir
) -> None:
    """Run the configured rules over every member's detections and raise a notice to the
    registering member of each vehicle found high-emission in another member."""
    setup(data_dir)
    from deltacap.mobile.services import evaluate as run

    with console.status(_("Evaluating the detections ..."), spinner="dots"):
        result = run(by=acting_as(as_user), channel="cli")
    body = {
        "as_of": result.as_of.isoformat(sep=" ", timespec="minutes"),
        "rules": result.rules_version,
        "detections": result.detections,
        "found": result.found,
        "raised": result.raised,
        "notices": result.notices,
    }
    if as_json:
        typer.echo(json.dumps(body, ensure_ascii=False))
        return
    console.print(
        _(
            "{d} detections weighed; {f} vehicles found high-emission in another member; "
            "{r} notices raised."
        ).format(d=result.detections, f=result.found, r=result.raised)
    )


# --- non-road machinery -----------------------------------------------------------------------


@machinery_app.command("import")
@user_errors
def import_machinery(
    file: Path,
    dry_run: bool = DryRun,
    as_json: bool = AsJson,
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """Import a machinery list (CSV or Excel: 环保登记编码, 机械类型, 燃料类型, 排放阶段,
    登记城市, and where known 发动机型号, 额定功率(kW), 所有人统一社会信用代码, 所有人名称);
    every error by row and column, nothing written on any error (exit 1)."""
    setup(data_dir)
    from deltacap.mobile.machinery import import_machinery as run

    report = run(by=acting_as(as_user), channel="cli", data=_read(file), dry_run=dry_run)
    _finish(report.to_json(), as_json)


@app.command()
@user_errors
def machine(
    code: str, as_json: bool = AsJson, as_user: str | None = AsUser, data_dir: Path | None = DataDir
) -> None:
    """A non-road machine by its registration code, from any member: its registering
    member, its field checks by every member (the latest first) and its notices."""
    setup(data_dir)
    from deltacap.mobile import labels, selectors
    from deltacap.mobile.schemas import as_json as jsonable
    from deltacap.mobile.schemas import machine_check_out, machine_notice_out, machine_out

    actor = acting_as(as_user)
    found = selectors.machine(actor, code)
    checks = [machine_check_out(c) for c in selectors.checks(found)]
    notices = [machine_notice_out(n) for n in selectors.notices_of(actor, found)]
    if as_json:
        body = {"machine": machine_out(found), "checks": checks, "notices": notices}
        typer.echo(json.dumps(jsonable(body), ensure_ascii=False))
        return
    names = _codes.names()
    city = _codes.division_names({found.city_id}).get(found.city_id, found.city_id)
    owner = found.enterprise.name if found.enterprise else found.owner_name
    parts = [
        found.code,
        _words(labels.MACHINE_TYPES, found.machine_type),
        _words(labels.ENGINE_FUELS, found.engine_fuel),
        _words(labels.STAGES, found.stage),
        _("registered in {city} ({member})").format(
            city=city, member=names.get(found.member_code, found.member_code)
        ),
    ]
    if owner:
        parts.append(owner)
    console.print(" · ".join(parts), markup=False)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for header in (_("Date"), _("Member"), _("Place"), _("Result"), _("Low-emission zone")):
        table.add_column(header, overflow="fold")
    for c in checks:
        zone = "—"
        if c["low_emission_zone"]:
            zone = _("accepted on its home registration") if c["accepted"] else _("not accepted")
        table.add_row(
            c["day"].isoformat(),
            names.get(c["member"], c["member"]),
            c["place"],
            _words(labels.CHECK_RESULTS, c["result"]),
            zone,
        )
    console.print(table)
    for n in notices:
        status = _words(labels.NOTICE_STATUS, n["status"])
        late = " · " + _("overdue") if n["overdue"] else ""
        console.print(
            _("Notice {id}: failed a check in {by}; due {due}; {status}").format(
                id=n["id"], by=names.get(n["from_member"], n["from_member"]),
                due=n["due"].isoformat(), status=status,
            ) + late,
            markup=False,
        )  # fmt: skip


# --- phase-out of old vehicles and machinery --------------------------------------------------


@phaseout_app.command("import")
@user_errors
def import_phaseout(
    file: Path,
    dry_run: bool = DryRun,
    as_json: bool = AsJson,
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """Import a phase-out list (CSV or Excel: 类别 车辆/机械, 号牌或编码, 城市, 月份 2026-03,
    淘汰方式 报废/注销/出口); every error by row and column, nothing written on any error."""
    setup(data_dir)
    from deltacap.mobile.phaseout import import_records

    report = import_records(by=acting_as(as_user), channel="cli", data=_read(file), dry_run=dry_run)
    _finish(report.to_json(), as_json)


@phaseout_app.command("target")
@user_errors
def phaseout_target(
    member: str = typer.Option(..., "--member", help="The member's code, e.g. 320000."),
    year: int = typer.Option(..., "--year"),
    vehicles: int = typer.Option(0, "--vehicles"),
    machines: int = typer.Option(0, "--machines"),
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """Set a member's phase-out target for a year (its member editors)."""
    setup(data_dir)
    from deltacap.mobile.phaseout import set_target

    set_target(by=acting_as(as_user), channel="cli", member=member, year=year,
               vehicles=vehicles, machines=machines)  # fmt: skip
    console.print(_("Target saved."))


@phaseout_app.command("projects")
@user_errors
def phaseout_projects(
    member: str = typer.Option(..., "--member", help="The member's code, e.g. 320000."),
    year: int = typer.Option(..., "--year"),
    as_json: bool = AsJson,
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """Make a member's phase-out of a year into key reduction projects (one per city and
    class of retired units, with the class's count as accounting inputs and the phase-out
    factor table, so the platform accounts their NOx and VOCs); made again, the same
    projects are brought up to date."""
    setup(data_dir)
    from deltacap.mobile.phaseout_projects import make_projects, project_out

    made = [project_out(p) for p in make_projects(by=acting_as(as_user), channel="cli",
                                                  member=member, year=year)]  # fmt: skip
    if as_json:
        typer.echo(json.dumps(made, ensure_ascii=False))
        return
    for p in made:
        planned = ", ".join(f"{code} {t} t" for code, t in p["planned"].items())
        console.print(f"{p['code']}  {p['name']}  {planned}")


@phaseout_app.command("progress")
@user_errors
def phaseout_progress(
    member: str = typer.Option("", "--member", help="One member's code; default: all."),
    year: int | None = typer.Option(None, "--year", help="Default: this year."),
    as_json: bool = AsJson,
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """Each member's phase-out against its target, with the NOx and VOCs reduction its
    qualifying records account for (factors: the versioned phase-out table, unverified)."""
    setup(data_dir)
    from django.utils import timezone

    from deltacap.mobile.phaseout import progress, reduction_of

    actor = acting_as(as_user)
    year = year or timezone.localdate().year
    rows = progress(actor, year=year, member=member)
    for row in rows:
        row["reduction"] = reduction_of(actor, member=row["member"], year=year).to_json()
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    names = _codes.names()
    table = Table(box=box.SIMPLE)
    for header in (_("Member"), _("Vehicles"), _("Machines"), _("Not qualifying"),
                   _("NOx (t)"), _("VOCs (t)")):  # fmt: skip
        table.add_column(header)
    for row in rows:
        tonnes = row["reduction"]["tonnes"]
        table.add_row(
            names.get(row["member"], row["member"]),
            f"{row['vehicles']} / {_or_dash(row['target_vehicles'])}",
            f"{row['machines']} / {_or_dash(row['target_machines'])}",
            str(row["not_qualifying"]),
            tonnes.get("nox", "0"),
            tonnes.get("vocs", "0"),
        )
    console.print(table)


def _or_dash(value: int | None) -> str:
    return "-" if value is None else str(value)


@detections_app.command("compact")
@user_errors
def compact_detections(
    min_files: int = typer.Option(
        2, "--min-files", help="Merge a bucket's files when it has at least this many."
    ),
    data_dir: Path | None = DataDir,
) -> None:
    """Merge each bucket's part files of detections into one, so that a plate's history
    reads one file (every import adds one per bucket); safe while the platform runs."""
    setup(data_dir)
    from rich.progress import Progress

    from deltacap.mobile import store

    with Progress(console=console, transient=True) as progress:
        task = progress.add_task(_("Compacting the detections ..."), total=store.BUCKETS)
        done = store.compact(
            store.root(), min_files=min_files, progress=lambda _bucket: progress.advance(task)
        )
    console.print(
        _("Buckets compacted: {buckets} ({files} files into {buckets}, {rows} detections).").format(
            buckets=len(done),
            files=sum(d.files for d in done),
            rows=f"{sum(d.rows for d in done):,}",
        )
    )
