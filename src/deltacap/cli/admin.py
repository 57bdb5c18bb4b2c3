"""``deltacap createuser``, ``deltacap targets ...``, ``deltacap manage``."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import typer
from django.utils.translation import gettext as _
from rich import box
from rich.console import Console
from rich.table import Table

from deltacap.accounts.actors import PLATFORM
from deltacap.cli import _codes
from deltacap.cli._django import DataDir, acting_as, err_console, setup, user_errors

console = Console()
targets_app = typer.Typer(help="Region and member targets.", no_args_is_help=True)


@user_errors
def createuser(
    username: str = typer.Argument(..., help="The new account's user name."),
    role: str = typer.Option(
        ..., help="office, member_editor, member_viewer, city_editor, enterprise"
    ),
    division: str | None = typer.Option(None, help="Member, city or county code (GB/T 2260)."),
    enterprise: str | None = typer.Option(None, help="Enterprise's unified social credit code."),
    password: str | None = typer.Option(None, help="Password (asked for when not given)."),
    data_dir: Path | None = DataDir,
) -> None:
    """Make an account (recorded in the audit trail as a command-line write)."""
    setup(data_dir)
    from deltacap.accounts.services import create_user

    if password is None:
        password = typer.prompt(_("Password"), hide_input=True, confirmation_prompt=True)
    user = create_user(
        by=PLATFORM,
        channel="cli",
        username=username,
        password=password,
        role=role,
        division=division,
        enterprise=enterprise,
    )
    console.print(
        _("Created {username} ({role}).").format(
            username=user.username, role=user.get_role_display()
        )
    )


@user_errors
def setpassword(
    username: str = typer.Argument(..., help="The account."),
    password: str | None = typer.Option(None, help="New password (asked for when not given)."),
    data_dir: Path | None = DataDir,
) -> None:
    """Give an account a new password (its API tokens stop working; audited)."""
    setup(data_dir)
    from deltacap.accounts.models import User
    from deltacap.accounts.services import set_password
    from deltacap.domain.errors import NotFound, gettext_noop

    user = User.objects.filter(username=username).first()
    if user is None:
        raise NotFound(gettext_noop("No account {username}."), field="username", username=username)
    if password is None:
        password = typer.prompt(_("Password"), hide_input=True, confirmation_prompt=True)
    set_password(by=PLATFORM, channel="cli", user=user, password=password)
    console.print(_("The password of {username} was changed.").format(username=username))


AS_USER = typer.Option(
    None, "--as", help="Act as this account, e.g. office (default: the machine's operator)."
)


@user_errors
def unlock(
    username: str = typer.Argument(..., help="The locked account."),
    as_user: str | None = AS_USER,
    data_dir: Path | None = DataDir,
) -> None:
    """Lift the login lock of an account (the region office; audited)."""
    setup(data_dir)
    from deltacap.accounts.services import unlock as unlock_account

    cleared = unlock_account(by=acting_as(as_user), channel="cli", username=username)
    console.print(
        _("{username} is unlocked ({count} failed logins forgotten).").format(
            username=username, count=cleared
        )
    )


@user_errors
def reset_two_factor(
    username: str = typer.Argument(..., help="The account whose authenticator was lost."),
    as_user: str | None = AS_USER,
    data_dir: Path | None = DataDir,
) -> None:
    """Turn off an account's two-factor sign-in (the region office; audited)."""
    setup(data_dir)
    from deltacap.accounts import two_factor

    was_on = two_factor.reset(by=acting_as(as_user), channel="cli", username=username)
    message = (
        _("Two-factor sign-in of {username} is off; it can be turned on again.")
        if was_on
        else _("{username} had no two-factor sign-in.")
    )
    console.print(message.format(username=username))


@targets_app.command("list")
@user_errors
def targets_list(
    period: str = typer.Option("14fyp", help="Planning period, e.g. 14fyp or 15fyp."),
    as_json: bool = typer.Option(False, "--json", help="A JSON list, one object per target."),
    data_dir: Path | None = DataDir,
) -> None:
    """Print a period's targets: the region's and each member's, by pollutant."""
    setup(data_dir)
    from deltacap.targets.schemas import target_out
    from deltacap.targets.selectors import targets_of

    found = _codes.period(period)
    targets = targets_of(found)
    if as_json:
        typer.echo(json.dumps([target_out(t).model_dump() for t in targets], ensure_ascii=False))
        return
    out = Console(highlight=False)
    if not targets:
        out.print(_("{period} has no targets yet.").format(period=_codes.named(found)))
        return
    tonnage = found.target_form == "key_project_tonnes"
    table = Table(title=_codes.named(found), box=box.SIMPLE_HEAD)
    table.add_column(_("Member or region"), overflow="fold")
    table.add_column(_("Pollutant"), overflow="fold")
    table.add_column(_("Target (t)") if tonnage else _("Cut (%)"), justify="right")
    for t in targets:
        value = t.tonnes if tonnage else t.percent_cut
        table.add_row(_codes.named(t.division), _codes.named(t.pollutant), _number(value))
    out.print(table)


def _number(value: Any) -> str:
    """A quantity as people read it: thousands grouped, no trailing zeros, ``—`` for none."""
    return "—" if value is None else f"{Decimal(value).normalize():,f}"


@targets_app.command("set")
@user_errors
def targets_set(
    period: str,
    scope: str,
    pollutant: str,
    tonnes: str | None = typer.Option(None, help="Target in tonnes (tonnage periods)."),
    percent_cut: str | None = typer.Option(None, help="Cut in percent (percentage periods)."),
    as_user: str = typer.Option(..., "--as", help="The account this change is made as."),
    data_dir: Path | None = DataDir,
) -> None:
    """Set one target, as an account (the same rules and audit as the pages and the API)."""
    setup(data_dir)
    from deltacap.accounts.models import User
    from deltacap.domain.errors import NotFound, gettext_noop
    from deltacap.targets.services import set_target

    user = User.objects.filter(username=as_user, is_active=True).first()
    if user is None:
        raise NotFound(gettext_noop("No active account {username}."), field="as", username=as_user)
    target = set_target(
        by=user,
        channel="cli",
        period=period,
        scope=scope,
        pollutant=pollutant,
        tonnes=tonnes,
        percent_cut=percent_cut,
    )
    console.print(
        _("{period} {scope} {pollutant} is now {value}.").format(
            period=_codes.named(target.period),
            scope=_codes.named(target.division),
            pollutant=_codes.named(target.pollutant),
            value=f"{target.display_value} {_('10,000 t') if target.tonnes is not None else '%'}",
        ),
        markup=False,
    )


# Django commands that change no record behind the services' back (so the audit trail
# stays complete). Accounts: `deltacap createuser` and `deltacap setpassword`; one account's
# lock: `deltacap unlock` (audited).
MANAGE_ALLOWED = frozenset(
    {
        "migrate",
        "showmigrations",
        "sqlmigrate",
        "check",
        "collectstatic",
        "compilemessages",
        "axes_list_attempts",
        "axes_reset",
        "clearsessions",
    }
)


@user_errors
def manage(ctx: typer.Context, data_dir: Path | None = DataDir) -> None:
    """Run one of the Django maintenance commands (migrate, check, collectstatic, axes_reset...).

    Commands that would write records without the audit trail (shell, createsuperuser,
    changepassword, loaddata, flush) are refused.
    """
    setup(data_dir, require_migrated=False)
    command = ctx.args[0] if ctx.args else ""
    if command not in MANAGE_ALLOWED:
        err_console.print(
            _("'{command}' is not available here; allowed: {allowed}.").format(
                command=command, allowed=", ".join(sorted(MANAGE_ALLOWED))
            )
        )
        raise typer.Exit(2)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["deltacap manage", *ctx.args])
