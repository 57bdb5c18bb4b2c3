"""Starting Django for a command, with the data folder and the language the command was
given.

One language per run: ``--lang zh|en``, else ``DELTACAP_LANG``, else the locale
(``LC_ALL``, ``LC_MESSAGES``, ``LANG``: Chinese when it starts with ``zh``, English for
another language), else Chinese, the platform's language. A data folder is created only
by ``deltacap init`` and ``deltacap demo``: any other command on a folder that does not
exist or holds no database stops with a message saying so (a mistyped ``--data-dir``
would otherwise become a new, empty database).
"""

from __future__ import annotations

import contextvars
import enum
import gettext as python_gettext
import inspect
import os
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import typer
from rich.console import Console

from deltacap.domain.errors import gettext_noop

err_console = Console(stderr=True, highlight=False)
F = TypeVar("F", bound=Callable[..., Any])
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
DATABASE_FILE = "deltacap.sqlite3"


class Lang(enum.StrEnum):
    zh = "zh"
    en = "en"


LangOption = typer.Option(
    None,
    "--lang",
    help="Language of the output: zh or en (default: from LANG / LC_ALL; Chinese otherwise).",
    case_sensitive=False,
)
_run_language: contextvars.ContextVar[str] = contextvars.ContextVar("run_language", default="")


def language_of(lang: str | None = None) -> str:
    """The Django language code of this run (``zh-hans`` or ``en``)."""
    if lang:
        return "en" if str(lang).lower().startswith("en") else "zh-hans"
    explicit = os.environ.get("DELTACAP_LANG")
    if explicit:
        return explicit
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return "zh-hans" if value.lower().startswith("zh") else "en"
    return "zh-hans"


def run_language() -> str:
    return _run_language.get() or language_of()


def early_gettext(message: str) -> str:
    """``message`` in the run's language before Django has started (from the same
    catalogue the pages use)."""
    if not run_language().startswith("zh"):
        return message
    catalogue = python_gettext.translation(
        "django", localedir=str(LOCALE_DIR), languages=["zh_Hans"], fallback=True
    )
    return catalogue.gettext(message)


def use_language_of(argv: list[str]) -> None:
    """Take the run's language from ``--lang`` in ``argv`` before the command line is read,
    so that a mistake in reading it is reported in that language too."""
    for i, arg in enumerate(argv):
        value = arg.partition("=")[2] if arg.startswith("--lang=") else ""
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        if value.lower() in ("zh", "en"):
            _run_language.set(language_of(value))


def usage_message(error: Any, argv: list[str]) -> str:
    """A usage error of the command line (unknown option, missing or refused value) in one
    line in the run's language, naming the option and the value given."""
    ctx = getattr(error, "ctx", None)
    command = ctx.command_path if ctx is not None else "deltacap"
    param = getattr(error, "param", None)
    option = getattr(error, "option_name", None) or (
        "/".join(param.opts) if param is not None and param.opts else getattr(param, "name", "")
    )
    if param is not None and getattr(param, "param_type_name", "") == "argument":
        option = str(param.name).upper()  # as --help writes it
    kind = type(error).__name__
    if kind == "NoSuchOption":
        template = gettext_noop("There is no option {option}. See `{command} --help`.")
    elif kind == "MissingParameter":
        template = gettext_noop("{option} is missing. See `{command} --help`.")
    elif option:
        template = gettext_noop("{option} does not accept {value}. See `{command} --help`.")
    else:
        template = gettext_noop(
            "The command line was not understood: {detail}. See `{command} --help`."
        )
    value = next(
        (argv[i + 1] for i, a in enumerate(argv[:-1]) if param is not None and a in param.opts),
        "",
    )
    return early_gettext(template).format(
        option=option or "", value=value or "?", command=command, detail=error.format_message()
    )


def data_folder(data_dir: Path | None) -> Path:
    return Path(data_dir or os.environ.get("DELTACAP_DATA_DIR") or "deltacap-data").resolve()


def check_data_folder(data_dir: Path | None) -> None:
    """Stop (exit 2, one line) when the data folder does not exist or holds no database."""
    folder = data_folder(data_dir)
    if not folder.is_dir():
        message = early_gettext(
            gettext_noop(
                "The data folder {folder} does not exist. Check --data-dir, or create it "
                "with `deltacap init --data-dir {folder}`."
            )
        )
    elif not os.environ.get("DATABASE_URL") and not (folder / DATABASE_FILE).exists():
        message = early_gettext(
            gettext_noop(
                "The data folder {folder} holds no database. Check --data-dir, or create it "
                "with `deltacap init --data-dir {folder}`."
            )
        )
    else:
        return
    err_console.print(message.format(folder=folder), markup=False, soft_wrap=True)
    raise typer.Exit(2)


DataDir = typer.Option(
    None,
    "--data-dir",
    help="Data folder (SQLite and measurement store). "
    "Default: $DELTACAP_DATA_DIR or ./deltacap-data.",
    file_okay=False,
)


class NotMigrated(Exception):
    """The data folder's database is missing or older than this version of deltacap."""


def setup(data_dir: Path | None, *, require_migrated: bool = True, create: bool = False) -> None:
    """Point the settings at ``data_dir`` and start Django (once per process), in the
    run's language.

    Without ``create`` (only ``init`` and ``demo`` create a data folder), stop when the
    folder does not exist or holds no database. With ``require_migrated``, stop with a
    clear message when the database is not up to date.
    """
    import django
    from django.apps import apps

    from deltacap.audit.context import command_line_origin, set_origin

    set_origin(command_line_origin())
    if not apps.ready:
        if not create:
            check_data_folder(data_dir)
        if data_dir is not None:
            os.environ["DELTACAP_DATA_DIR"] = str(data_dir)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "deltacap.settings")
        django.setup()
        if require_migrated:
            _activate()
            _check_migrated()
    _activate()


def _activate() -> None:
    from django.utils import translation

    translation.activate(run_language())


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
    """Start Django and bring the database of an existing data folder up to date (a
    receiver is often upgraded before its first ``device add`` or ``serve``; migrating is
    idempotent). The folder itself is made by ``deltacap init``."""
    setup(data_dir, require_migrated=False)
    migrate()


def user_errors(func: F) -> F:
    """Give the command ``--lang``; print a deltacap error in the run's language in one line
    and exit 2, never a stack trace."""

    @wraps(func)
    def wrapper(*args: Any, lang: Lang | None = None, **kwargs: Any) -> Any:
        from deltacap.domain.errors import DeltacapError

        token = _run_language.set(language_of(lang.value if lang else None))
        try:
            return func(*args, **kwargs)
        except DeltacapError as exc:
            from deltacap.web.errors import message_of

            where = f"--{exc.field.replace('_', '-')}: " if exc.field else ""
            err_console.print(
                f"{where}{message_of(exc)}", style="red", markup=False, soft_wrap=True
            )
            raise typer.Exit(2) from None
        finally:
            _run_language.reset(token)
            _deactivate()

    signature = inspect.signature(func)
    option = inspect.Parameter(
        "lang", inspect.Parameter.KEYWORD_ONLY, default=LangOption, annotation=Lang | None
    )
    # The command line passes every parameter by name (click calls back with keywords).
    parameters = [
        p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in signature.parameters.values()
    ]
    wrapper.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[*parameters, option]
    )
    wrapper.__annotations__ = {**func.__annotations__, "lang": Lang | None}
    return wrapper  # type: ignore[return-value]


def _deactivate() -> None:
    """Leave no language behind for the next command run in the same process (tests)."""
    from django.conf import settings

    if settings.configured:
        from django.utils import translation

        translation.deactivate()


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
