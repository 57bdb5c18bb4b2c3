"""The one ``deltacap`` command line."""

from __future__ import annotations

import typer

from deltacap.cli import admin, server
from deltacap.cli import projects as projects_cli
from deltacap.cli import hj212 as hj212_cli

app = typer.Typer(
    name="deltacap",
    help="deltacap: YRD coordinated pollutant-total control platform.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)
app.command()(server.init)
app.command()(server.demo)
app.command()(server.serve)
app.command()(admin.createuser)
app.command()(admin.audit)
app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})(
    admin.manage
)
app.add_typer(admin.targets_app, name="targets")
app.add_typer(hj212_cli.app, name="hj212")
app.add_typer(projects_cli.app, name="projects")


def main() -> None:
    """Entry point of the ``deltacap`` console script."""
    app()
