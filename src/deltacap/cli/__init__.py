"""The one ``deltacap`` command line."""

from __future__ import annotations

import typer

from deltacap.cli import admin, server
from deltacap.cli import air as air_cli
from deltacap.cli import audit as audit_cli
from deltacap.cli import hj212 as hj212_cli
from deltacap.cli import ledger as ledger_cli
from deltacap.cli import mobile as mobile_cli
from deltacap.cli import petrochem as petrochem_cli
from deltacap.cli import projects as projects_cli
from deltacap.cli import reports as reports_cli
from deltacap.cli import rights as rights_cli
from deltacap.cli import rounds as rounds_cli
from deltacap.cli import sharing as sharing_cli
from deltacap.cli import water as water_cli
from deltacap.cli import working as working_cli

app = typer.Typer(
    name="deltacap",
    help="deltacap: YRD coordinated pollutant-total control platform.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    pretty_exceptions_enable=False,
)
app.command()(server.init)
app.command()(server.demo)
app.command()(server.serve)
app.command()(admin.createuser)
app.command()(admin.setpassword)
app.command()(admin.unlock)
app.command("reset-two-factor")(admin.reset_two_factor)
app.command()(audit_cli.audit)
app.command()(projects_cli.progress)
app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})(
    admin.manage
)
app.add_typer(admin.targets_app, name="targets")
app.add_typer(air_cli.app, name="air")
app.add_typer(hj212_cli.app, name="hj212")
app.add_typer(ledger_cli.app, name="ledger")
app.add_typer(mobile_cli.app, name="mobile")
app.add_typer(petrochem_cli.app, name="petrochem")
app.add_typer(projects_cli.app, name="projects")
app.add_typer(reports_cli.app, name="reports")
app.add_typer(rights_cli.app, name="rights")
app.add_typer(rounds_cli.app, name="rounds")
app.add_typer(sharing_cli.app, name="sharing")
app.add_typer(water_cli.app, name="water")
app.add_typer(working_cli.app, name="working")


def main() -> None:
    """Entry point of the ``deltacap`` console script.

    A mistyped option or value is reported in one line in the run's language (exit 2); an
    unexpected failure too (exit 1; the trace goes to the log only with DELTACAP_DEBUG=1),
    never as a stack trace to the user.
    """
    import logging
    import os
    import sys

    from deltacap.cli._django import early_gettext, usage_message, use_language_of
    from deltacap.domain.errors import gettext_noop

    use_language_of(sys.argv[1:])
    try:
        code = app(standalone_mode=False)
    except typer.Abort:
        sys.exit(1)
    except typer.TyperException as exc:  # the command line's own usage errors
        if type(exc).__name__ != "NoArgsIsHelpError":  # that one has shown the help
            print(usage_message(exc, sys.argv[1:]), file=sys.stderr)
        sys.exit(getattr(exc, "exit_code", 2))
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        if os.environ.get("DELTACAP_DEBUG") == "1":
            raise
        logging.getLogger("deltacap").debug("command failed", exc_info=True)
        message = early_gettext(
            gettext_noop(
                "deltacap stopped on an unexpected error: {error} (DELTACAP_DEBUG=1 shows where)."
            )
        )
        print(message.format(error=str(exc).splitlines()[0] if str(exc) else "?"), file=sys.stderr)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
