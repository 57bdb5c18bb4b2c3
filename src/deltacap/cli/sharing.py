"""``deltacap sharing digest``: what changed since a day per member and category (the
information the members share, 二(一)), and mailing it to the subscribers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

import typer
from django.utils.translation import gettext as _
from rich.console import Console

from deltacap.cli._django import DataDir, Lang, LangOption, acting_as, setup, user_errors

Categories = typer.Option(
    None, "--category", help="targets, indicators, projects, air, water (default: all)."
)
app = typer.Typer(help="Information sharing among the members (信息共享).", no_args_is_help=True)


@app.command()
@user_errors
def digest(
    since: str = typer.Option(..., "--since", help="From this day (YYYY-MM-DD, China time)."),
    category: list[str] | None = Categories,
    send: bool = typer.Option(
        False,
        "--send",
        help="Mail each subscriber its own digest (needs DELTACAP_SHARING_EMAIL=1).",
    ),
    as_user: str | None = typer.Option(
        None, "--as", help="Read as this account (default: the operator, who reads all)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    data_dir: Path | None = DataDir,
) -> None:
    """The changes since a day, per member and category, from the audit trail."""
    setup(data_dir)
    from deltacap.domain.sharing import parse_categories
    from deltacap.sharing import selectors, services
    from deltacap.sharing.schemas import digest_out

    moment = selectors.parse_since(since)
    reader = acting_as(as_user)
    found = selectors.digest(reader, since=moment, categories=parse_categories(category or []))
    sent = None
    if send:
        sent = services.send_digests(
            by=reader,
            channel="cli",
            since=moment,
            subject=_("Changes shared among the YRD members"),
        )
    if as_json:
        typer.echo(json.dumps({**digest_out(found), "emails_sent": sent}, ensure_ascii=False))
        return
    out = Console(highlight=False)
    out.print(selectors.digest_text(found), markup=False)
    if sent is not None:
        out.print(_("E-mails sent: {n}.").format(n=sent))


bundle_app = typer.Typer(
    help="Export bundles: a member's data for a period as one zip with a manifest; verify.",
    invoke_without_command=True,
)
app.add_typer(bundle_app, name="bundle")
OutFile = typer.Option(None, "--out", help="Write the zip to this file.")
BundleFile = typer.Argument(..., help="The bundle (.zip) to check.")
AsUser = typer.Option(
    None, "--as", help="Act as this account (default: the operator, who reads all)."
)


@bundle_app.callback()
def bundle(
    ctx: typer.Context,
    member: str | None = typer.Option(
        None, "--member", help="The member's code, or region (the whole region)."
    ),
    period: str = typer.Option("14fyp", "--period", help="The planning period's code."),
    out: Path | None = OutFile,
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
    lang: Lang | None = LangOption,
) -> None:
    """Write a member's export bundle (as far as the sharing policy gives it)."""
    if ctx.invoked_subcommand is not None:
        return
    cast(Any, _bundle)(
        member=member, period=period, out=out, as_user=as_user, data_dir=data_dir, lang=lang
    )


@user_errors
def _bundle(
    *, member: str | None, period: str, out: Path | None, as_user: str | None, data_dir: Path | None
) -> None:
    from deltacap.domain.errors import InvalidInput, gettext_noop

    if not member:
        raise InvalidInput(gettext_noop("This field is required."), field="member")
    if out is None:
        raise InvalidInput(gettext_noop("This field is required."), field="out")
    setup(data_dir)
    from deltacap.sharing.bundles import export_bundle

    made = export_bundle(acting_as(as_user), member=member, period=period)
    out.write_bytes(made.content)
    out_console = Console(highlight=False)
    for entry in made.manifest["files"]:
        out_console.print(f"{entry['name']}\t{entry['rows']}\t{entry['sha256']}", markup=False)
    out_console.print(_("Bundle written: {path}").format(path=out), markup=False)


@bundle_app.command("verify")
@user_errors
def verify(
    file: Path = BundleFile,
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    data_dir: Path | None = DataDir,
) -> None:
    """Check a bundle against its manifest: per file its rows and any mismatch. Exit 1
    when a file differs."""
    setup(data_dir)
    from deltacap.domain.errors import InvalidInput, gettext_noop
    from deltacap.sharing.bundles import check_bundle
    from deltacap.sharing.schemas import verification_out

    if not file.is_file():
        raise InvalidInput(gettext_noop("There is no file {path}."), field="file", path=str(file))
    found = verification_out(check_bundle(file.read_bytes()))
    if as_json:
        typer.echo(json.dumps(found, ensure_ascii=False))
    else:
        out = Console(highlight=False)
        words = {
            "missing": _("missing from the zip"),
            "checksum": _("checksum differs"),
            "rows": _("rows differ"),
            "unlisted": _("not listed in the manifest"),
            "unreadable": _("rows cannot be read"),
        }
        for f in found["files"]:
            state = _("ok") if f["ok"] else "; ".join(words[p] for p in f["problems"])
            rows = f"{f['rows_found'] if f['rows_found'] is not None else '-'}"
            out.print(f"{f['name']}\t{rows}\t{state}", markup=False)
        if found["ok"]:
            out.print(_("The bundle matches its manifest."), markup=False)
        else:
            out.print(
                _("Files that differ from the manifest: {names}").format(
                    names=", ".join(found["mismatched"])
                ),
                markup=False,
            )
        out.print(found["note"], markup=False)
    if not found["ok"]:
        raise typer.Exit(1)


@app.command()
@user_errors
def crosswalk(
    member: str | None = typer.Option(None, "--member", help="Only this member's enterprises."),
    gaps: bool = typer.Option(False, "--gaps", help="Only the enterprises with a gap."),
    as_user: str | None = AsUser,
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    data_dir: Path | None = DataDir,
) -> None:
    """Each enterprise's identifiers (credit code, outlets, device MNs, outfall codes,
    rights account, projects) and the gaps between them."""
    setup(data_dir)
    from deltacap.sharing import crosswalk as cw
    from deltacap.sharing.schemas import crosswalk_out

    items = [
        crosswalk_out(c)
        for c in cw.crosswalks(acting_as(as_user), member=member)
        if c.gaps or not gaps
    ]
    if as_json:
        typer.echo(json.dumps(items, ensure_ascii=False))
        return
    out = Console(highlight=False)
    for item in items:
        out.print(f"{item['name']}  {item['uscc']}  ({item['member']})", markup=False)
        out.print(
            "  " + _("Rights account: {code}").format(code=item["rights_account"] or "-"),
            markup=False,
        )
        for o in item["outlets"]:
            devices = ", ".join(o["devices"]) or "-"
            into = ", ".join(o["outfalls"]) or "-"
            out.print(
                f"  {o['code']}  MN: {devices}  " + _("Outfalls: {codes}").format(codes=into),
                markup=False,
            )
        for f in item["outfalls"] or []:
            out.print("  " + _outfall_line(f), markup=False)
        if item["projects"]:
            projects = ", ".join(p["code"] for p in item["projects"])
            out.print("  " + _("Projects: {codes}").format(codes=projects), markup=False)
        for g in item["gaps"]:
            subject = g["outlet"] or g["outfall"]
            where = f" ({subject})" if subject else ""
            out.print(f"  ! {g['label']}{where}", markup=False)
    out.print(_("Enterprises: {n}").format(n=len(items)), markup=False)


def _outfall_line(f: dict[str, Any]) -> str:
    """An outfall linked to the enterprise, and the records that link them."""
    by = (
        [_("named responsible in the outfall register")]
        if f["linked_by"]["responsible_enterprise"]
        else []
    )
    by += [_("outlet {code}").format(code=c) for c in f["linked_by"]["outlets"]]
    return _("Outfall {code} {name} ({water}), linked by: {by}").format(
        code=f["code"], name=f["name"], water=f["receiving_water"], by="; ".join(by)
    )
