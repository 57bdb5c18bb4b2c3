"""``deltacap sharing digest``: what changed since a day per member and category (the
information the members share, 二(一)), and mailing it to the subscribers."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from django.utils.translation import gettext as _
from rich.console import Console

from deltacap.cli._django import DataDir, acting_as, setup, user_errors

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
