"""``deltacap air warnings [--active] [--json]``: the heavy-pollution warnings of the data
folder; ``deltacap air warnings level --scheme 2024 --aqi 210,230,180``: the level a forecast
calls for (no data folder needed); ``deltacap air warnings show ID [--json]``: one warning with
the emission cut its level asks checked against the active control list."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

import typer
from rich.console import Console
from rich.table import Table

from deltacap.cli._django import (
    DataDir,
    Lang,
    LangOption,
    _run_language,
    early_gettext,
    language_of,
    setup,
    user_errors,
)
from deltacap.domain.air import warnings as scheme_rules
from deltacap.domain.errors import DeltacapError, gettext_noop

app = typer.Typer(
    help="Heavy-pollution weather warnings: the list, and the level a forecast calls for.",
    invoke_without_command=True,
)
console = Console(highlight=False)
AsJson = typer.Option(False, "--json", help="Print JSON.")
LEVEL_WORDS = {
    "blue": gettext_noop("blue"),
    "yellow": gettext_noop("yellow"),
    "orange": gettext_noop("orange"),
    "red": gettext_noop("red"),
}


@app.callback()
def warnings(
    ctx: typer.Context,
    active: bool = typer.Option(False, "--active", help="Only the warnings in force."),
    as_json: bool = AsJson,
    data_dir: Path | None = DataDir,
    lang: Lang | None = LangOption,
) -> None:
    """The warnings, newest first (the platform's view: lifted ones too unless --active)."""
    if ctx.invoked_subcommand is not None:
        return
    # ``user_errors`` gives the function its ``lang`` (typed as the function it wraps).
    cast(Any, _list)(active=active, as_json=as_json, data_dir=data_dir, lang=lang)


@user_errors
def _list(*, active: bool, as_json: bool, data_dir: Path | None) -> None:
    setup(data_dir)
    from django.utils.translation import gettext as _

    from deltacap.accounts.actors import PLATFORM
    from deltacap.air.warning_schemas import warning_out
    from deltacap.air.warning_selectors import visible_warnings
    from deltacap.reference.labels import division_name

    rows = [warning_out(w) for w in visible_warnings(PLATFORM, active=active)]
    if as_json:
        typer.echo(json.dumps([r.model_dump(mode="json") for r in rows], ensure_ascii=False))
        return
    table = Table(title=_("Heavy-pollution weather warnings"))
    for header in (_("Area"), _("Level issued"), _("Level the forecast calls for"), _("Start"),
                   _("Expected end"), _("Status")):  # fmt: skip
        table.add_column(header)
    status = {"active": _("in force"), "lifted": _("lifted")}
    for r in rows:
        table.add_row(
            division_name(r.city) if r.city else _("The region (regional warning)"),
            _(LEVEL_WORDS[r.level]),
            _(LEVEL_WORDS[r.proposed_level]) if r.proposed_level else _("no warning"),
            r.start.isoformat(),
            r.expected_end.isoformat(),
            status[r.status] + (f" {r.lifted_on.isoformat()}" if r.lifted_on else ""),
        )
    console.print(table)


@app.command("level")
def level(
    scheme: str = typer.Option("2024", "--scheme", help="The scheme: 2024 or 2017."),
    aqi: str = typer.Option(
        ..., "--aqi", help="The forecast daily AQI, one a day, comma-separated: 210,230,180."
    ),
    as_json: bool = AsJson,
    lang: Lang | None = LangOption,
) -> None:
    """The level the forecast calls for by the scheme, and the emission cut it asks."""
    token = _run_language.set(language_of(lang.value if lang else None))
    try:
        chosen = scheme_rules.scheme(scheme)
        series = scheme_rules.check_series(aqi.split(","), field="aqi")
        found = scheme_rules.decide(chosen, series)
    except DeltacapError as error:
        message = early_gettext(error.message_template).format(**error.params)
        where = f"--{error.field}: " if error.field else ""
        typer.echo(where + message, err=True)
        raise typer.Exit(2) from None
    finally:
        _run_language.reset(token)
    percent = scheme_rules.reduction_percent(chosen, found) if found else None
    if as_json:
        body = {
            "scheme": chosen.key,
            "forecast_aqi": series,
            "level": found.value if found else None,
            "reduction_percent": None if percent is None else str(percent),
        }
        typer.echo(json.dumps(body, ensure_ascii=False))
        return
    with_lang = _run_language.set(language_of(lang.value if lang else None))
    try:
        word = early_gettext(LEVEL_WORDS[found.value]) if found else early_gettext("no warning")
        typer.echo(word)
        if percent is not None:
            typer.echo(
                early_gettext(
                    gettext_noop("SO2, NOx, PM and VOCs each cut by at least {p}%.")
                ).format(p=percent)
            )
    finally:
        _run_language.reset(with_lang)


@app.command("show")
def show(
    warning_id: int = typer.Argument(..., help="The warning's number."),
    as_json: bool = AsJson,
    data_dir: Path | None = DataDir,
    lang: Lang | None = LangOption,
) -> None:
    """One warning: its level, the cut the level asks and that cut checked against the
    active control list (each member's list of the latest event begun by the warning's
    start, at its latest version)."""
    cast(Any, _show)(warning_id=warning_id, as_json=as_json, data_dir=data_dir, lang=lang)


@user_errors
def _show(*, warning_id: int, as_json: bool, data_dir: Path | None) -> None:
    setup(data_dir)
    from django.utils.translation import gettext as _

    from deltacap.accounts.actors import PLATFORM
    from deltacap.air.warning_schemas import warning_detail
    from deltacap.air.warnings import get_warning
    from deltacap.reference.labels import division_name

    detail = warning_detail(get_warning(warning_id), PLATFORM)
    if as_json:
        typer.echo(json.dumps(detail.model_dump(mode="json"), ensure_ascii=False))
        return
    area = division_name(detail.city) if detail.city else _("The region (regional warning)")
    console.print(f"{area} · {_(LEVEL_WORDS[detail.level])} · {detail.start.isoformat()}")
    check = detail.list_check
    if check is None:
        return
    if not check.lists:
        console.print(
            _(
                "No control list is active for this warning: no list of an event begun on or "
                "before its start."
            )  # fmt: skip
        )
        return
    table = Table(title=_("The cut checked against the active control list"))
    for header in (_("Pollutant"), _("Achieved share"), _("Required share"), _("Result"),
                   _("Entries without a baseline")):  # fmt: skip
        table.add_column(header)
    verdicts = {True: _("meets"), False: _("falls short"), None: _("cannot be judged")}
    for p in check.pollutants:
        table.add_row(
            p.pollutant,
            "—" if p.achieved_percent is None else f"{p.achieved_percent}%",
            "—" if p.required_percent is None else f"{p.required_percent}%",
            verdicts[p.passes],
            str(p.missing),
        )
    console.print(table)
