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


def setup(data_dir: Path | None) -> None:
    """Point the settings at ``data_dir`` and start Django (once per process)."""
    import django
    from django.apps import apps

    if apps.ready:
        return
    if data_dir is not None:
        os.environ["DELTACAP_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "deltacap.settings")
    django.setup()
    from django.utils import translation

    translation.activate(os.environ.get("DELTACAP_LANG", "zh-hans"))


def migrate(verbosity: int = 0) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)


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
