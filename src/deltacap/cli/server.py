"""``deltacap init``, ``deltacap demo`` and ``deltacap serve``."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from django.utils.translation import gettext as _
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from deltacap.cli._codes import named
from deltacap.cli._django import DataDir, migrate, setup, user_errors
from deltacap.domain.errors import gettext_noop

if TYPE_CHECKING:
    from deltacap.demo.load import DemoAccount

console = Console()
ACCOUNTS = gettext_noop("Accounts")


def _prepare(progress: Progress) -> None:
    from deltacap.reference.services import load_reference_data
    from deltacap.targets.services import load_plan_targets

    task = progress.add_task(_("Migrating the database"), total=3)
    migrate()
    progress.update(task, advance=1, description=_("Reference data"))
    load_reference_data(channel="cli")
    progress.update(task, advance=1, description=_("Plan targets"))
    load_plan_targets(channel="cli")
    progress.update(task, advance=1)


@user_errors
def init(data_dir: Path | None = DataDir) -> None:
    """Create or upgrade the database and load the reference data and the plan's targets."""
    setup(data_dir, require_migrated=False, create=True)
    with Progress(console=console) as progress:
        _prepare(progress)
    ready = _("Ready.")
    console.print(f"[green]{ready}[/green]")


def _print_logins(accounts: list[tuple[DemoAccount, str]], url: str) -> None:
    table = Table(title=_("Demo logins · {url}").format(url=url))
    for column in (_("User name"), _("Password"), _("Demo name"), _("Role"), _("Scope")):
        table.add_column(column)
    from deltacap.accounts.models import User

    users = {
        u.username: u
        for u in User.objects.filter(username__in=[a.username for a, _ in accounts]).select_related(
            "division", "enterprise"
        )
    }
    for account, password in accounts:
        user = users.get(account.username)
        role = str(user.get_role_display()) if user else account.role
        name = user.get_full_name() if user else ""
        table.add_row(account.username, password, name or "—", role, _scope(user) if user else "—")
    console.print(table)


def _scope(user: Any) -> str:
    """What an account acts for, by name: its enterprise, its division, or the region."""
    if user.enterprise is not None:
        return str(user.enterprise.name)
    return named(user.division) if user.division is not None else _("The whole region")


@user_errors
def demo(
    data_dir: Path | None = DataDir,
    host: str = typer.Option("127.0.0.1", help="Address to serve on."),
    port: int = typer.Option(8000, help="Port to serve on."),
    password: str | None = typer.Option(
        None, help="Password for every demo account (default: a new random one each)."
    ),
    serve_after: bool = typer.Option(True, "--serve/--no-serve", help="Serve when ready."),
    workers: int = typer.Option(0, help="Web processes (default: one per processor)."),
) -> None:
    """Build the demo (synthetic data, real plan targets), print the logins and serve it."""
    setup(data_dir, require_migrated=False, create=True)
    from deltacap.air.demo import load_demo_warnings
    from deltacap.air.event_demo import load_demo_all
    from deltacap.air.forecast_demo import load_demo_consultation
    from deltacap.air.track_demo import load_demo_track
    from deltacap.demo.air import load_demo_air
    from deltacap.demo.load import ensure_accounts, load_enterprises
    from deltacap.mobile.demo import load_demo_mobile
    from deltacap.monitoring.demo import load_demo_monitoring
    from deltacap.petrochem.demo import (
        load_demo_petrochem,
        load_demo_petrochem_fence,
        load_demo_petrochem_monitoring,
    )
    from deltacap.projects.demo import load_demo_projects
    from deltacap.reports.demo import load_demo_reports
    from deltacap.rights.demo import load_demo_rights
    from deltacap.sharing.demo import load_demo_sharing
    from deltacap.water.demo import load_demo_water
    from deltacap.water.demo_automatic import load_demo_automatic
    from deltacap.water.demo_facilities import load_demo_facilities
    from deltacap.water.demo_lakes import load_demo_lakes
    from deltacap.water.demo_loads import load_demo_loads
    from deltacap.water.demo_outfalls import load_demo_outfalls
    from deltacap.working.demo import load_demo_working

    with Progress(console=console) as progress:
        _prepare(progress)
        steps: list[tuple[str, Callable[[], object]]] = [
            (_("Enterprises"), load_enterprises),
            (ACCOUNTS, lambda: ensure_accounts(password)),
            (_("Reduction projects"), load_demo_projects),
            (_("Online monitoring"), load_demo_monitoring),
            (_("Emission rights"), load_demo_rights),
            (_("Water quality"), load_demo_water),
            (_("Air quality"), load_demo_air),
            (_("Heavy-pollution warnings"), load_demo_warnings),
            (_("Working group"), load_demo_working),
            (_("Key-period events"), load_demo_all),
            (_("High-emission vehicles"), load_demo_mobile),
            (_("Annual reports"), load_demo_reports),
            (_("The lakes"), load_demo_lakes),
            (_("Forecast consultation"), load_demo_consultation),
            (_("Information sharing"), load_demo_sharing),
            (_("Outfalls and tracing"), load_demo_outfalls),
            (_("N/P loads into the lakes"), load_demo_loads),
            (_("Mobile monitoring"), load_demo_track),
            (_("Shared facilities"), load_demo_facilities),
            (_("Automatic water stations"), load_demo_automatic),
            (_("Hangzhou Bay petrochemicals"), load_demo_petrochem),
            (_("Hangzhou Bay shared monitoring"), load_demo_petrochem_monitoring),
            (_("Hangzhou Bay fence-line stations"), load_demo_petrochem_fence),
        ]
        task = progress.add_task(_("Demo data"), total=len(steps))
        results: dict[str, Any] = {}
        for label, step in steps:
            progress.update(task, description=f"{_('Demo data')} · {_(label)}")
            results[label] = step()
            progress.update(task, advance=1)
    accounts = results[ACCOUNTS]
    url = f"http://{host}:{port}/"
    _print_logins(accounts, url)
    console.print(
        _(
            "All enterprises, projects, monitoring data, air-quality stations and trades "
            "are synthetic."
        )
    )
    if serve_after:
        _serve(host, port, workers=workers, threads=4)


def _collect_static() -> None:
    """Assets with hashed names and compressed copies in STATIC_ROOT (web/static_storage.py);
    only what changed since the last run is copied again."""
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


def _gunicorn_runs() -> bool:
    """gunicorn forks processes: POSIX only, and only where it is installed."""
    if os.name != "posix":
        return False
    try:
        import gunicorn  # noqa: F401
    except ImportError:
        return False
    return True


def _serve(host: str, port: int, *, workers: int, threads: int) -> None:
    """Several processes under gunicorn where it runs (Linux, macOS); else one waitress
    process with ``threads`` threads per requested process."""
    _collect_static()
    from deltacap.wsgi import application

    workers = workers or os.cpu_count() or 2
    url = f"http://{host}:{port}/"
    if _gunicorn_runs():
        from deltacap.cli.gunicorn_app import run

        console.print(
            _("Serving on {url} with {n} processes (Ctrl-C to stop).").format(url=url, n=workers)
        )
        run(application, host=host, port=port, workers=workers, threads=threads)
        return
    from waitress import serve as waitress_serve  # type: ignore[import-untyped,unused-ignore]

    console.print(_("Serving on {url} (Ctrl-C to stop).").format(url=url))
    waitress_serve(
        application, host=host, port=port, threads=max(8, workers * threads), ident="deltacap"
    )


@user_errors
def serve(
    data_dir: Path | None = DataDir,
    host: str = typer.Option("127.0.0.1", help="Address to serve on."),
    port: int = typer.Option(8000, help="Port to serve on."),
    workers: int = typer.Option(0, help="Web processes (default: one per processor)."),
    threads: int = typer.Option(4, help="Threads per web process."),
) -> None:
    """Serve the platform (pages, API, admin) from the data folder: several processes under
    gunicorn on Linux, one waitress process where gunicorn does not run."""
    setup(data_dir)
    _serve(host, port, workers=workers, threads=threads)
