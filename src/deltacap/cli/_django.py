"""Starting Django for a command, with the data folder the command was given."""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import typer
from rich.console import Console

err_console = Console(stderr=True)
F = TypeVar("F", bound=Callable[..., Any])

DataDir = typer.Option(
    None,
    "--data-dir",
    help="Data folder (SQLite and measurement store). "
    "Default: $DELTACAP_DATA_DIR or ./deltacap-data.",
    file_okay=False,
)


class NotMigrated(Exception):
    """The data folder's database is missing or older than this version of deltacap."""


def setup(data_dir: Path | None, *, require_migrated: bool = True) -> None:
    """Point the settings at ``data_dir`` and start Django (once per process).

    With ``require_migrated``, stop with a clear message when the database is not
    up to date (``deltacap init`` or ``deltacap demo`` bring it up to date).
    """
    import django
    from django.apps import apps

    from deltacap.audit.context import command_line_origin, set_origin

    set_origin(command_line_origin())
    if apps.ready:
        return
    if data_dir is not None:
        os.environ["DELTACAP_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "deltacap.settings")
    django.setup()
    from django.utils import translation

    translation.activate(os.environ.get("DELTACAP_LANG", "zh-hans"))
    if require_migrated:
        _check_migrated()


def _check_migrated() -> None:
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.migrations.executor import MigrationExecutor
    from django.utils.translation import gettext as _

    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        from django.conf import settings

        err_console.print(
            _("The database of {folder} is not up to date: run `deltacap init` first.").format(
                folder=settings.DATA_DIR
            )
        )
        raise typer.Exit(2)


def migrate(verbosity: int = 0) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)


def setup_and_migrate(data_dir: Path | None) -> None:
    """Start Django and bring the database up to date: a receiver's first command on a new
    machine may well be ``device add`` or ``serve`` (migrating is idempotent)."""
    setup(data_dir, require_migrated=False)
    migrate()


def user_errors(func: F) -> F:
    """Print a deltacap error in the user's language and exit 2, never a stack trace."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from deltacap.domain.errors import DeltacapError

        try:
            return func(*args, **kwargs)
        except DeltacapError as exc:
            from deltacap.web.errors import message_of

            where = f"{exc.field}: " if exc.field else ""
            err_console.print(f"[red]{where}{message_of(exc)}[/red]")
            raise typer.Exit(2) from None

    return wrapper  # type: ignore[return-value]


def acting_as(username: str | None) -> Any:
    """The actor of a command: the active account ``--as`` names, or without it the
    platform itself (the machine's operator). Raises NotFound naming ``as``."""
    from deltacap.accounts.actors import PLATFORM
    from deltacap.accounts.models import User
    from deltacap.domain.errors import NotFound, gettext_noop

    if username is None:
        return PLATFORM
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise NotFound(gettext_noop("No active account {username}."), field="as", username=username)
    return user
