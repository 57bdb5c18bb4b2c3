"""``deltacap air events measure`` and ``remove``: a member's editor changes its own
controlled-enterprise list one enterprise at a time, as the list's edit page does (add or
change a measure, take an enterprise off), each change a new version with the reason,
through the services the pages use (their access rule and audit event)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from django.utils.translation import gettext as _

from deltacap.cli._django import DataDir, acting_as, setup, user_errors
from deltacap.cli.air_events import AsUser, EventOption, MemberOption, _codes, _list_id, console
from deltacap.domain.air.events import POLLUTANTS
from deltacap.domain.errors import InvalidInput, gettext_noop


def _per_pollutant(text: str, prefix: str, field: str) -> dict[str, str]:
    """``SO2=12,NOx=30`` (kg/d) as the page's form fields ``<prefix>SO2`` ... (the service
    checks the pollutants and values)."""
    found: dict[str, str] = {}
    for part in _codes(text):
        pollutant, sep, value = part.partition("=")
        if not sep or pollutant.strip() not in POLLUTANTS:
            raise InvalidInput(
                gettext_noop("Write POLLUTANT=kg/d for SO2, NOx, PM or VOCs; got {got}."),
                field=field,
                got=part,
            )
        found[f"{prefix}{pollutant.strip()}"] = value.strip()
    return found


def _list_report(report: Any, as_json: bool) -> None:
    body = report.to_json(_)
    if as_json:
        typer.echo(json.dumps(body, ensure_ascii=False))
        return
    counts = _("{e} enterprises, {m} measures.").format(e=body["enterprises"], m=body["measures"])
    console.print(_("Saved as version {v}:").format(v=body["version"]) + " " + counts)


Reason = typer.Option(..., "--reason", help="Why the list changes (kept with it).")
Uscc = typer.Option(..., "--uscc", help="The enterprise's unified social credit code.")


@user_errors
def measure(
    event: int = EventOption,
    member: str = MemberOption,
    uscc: str = Uscc,
    kind: str = typer.Option(
        ..., "--kind", help="stop, limit, stop_process or shift_transport (一厂一策)."
    ),
    percent: str = typer.Option("", "--percent", help="The production limited, % (limit)."),
    detail: str = typer.Option("", "--detail", help="The processes stopped, the transport."),
    grade: str = typer.Option("", "--grade", help="Performance grade: A, B, C or leading."),
    baseline: str = typer.Option(
        "", "--baseline", help="Ordinary emission, kg/d: SO2=120,NOx=300,PM=40,VOCs=80."
    ),
    cuts: str = typer.Option("", "--cuts", help="Expected cut, kg/d: SO2=60,NOx=150."),
    reason: str = Reason,
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """Add an enterprise's measure to a member's list or change it (the measure of the same
    kind and detail), as a new version with the reason (the member's editors). Audited."""
    setup(data_dir)
    from deltacap.air.event_services import save_measure

    values: dict[str, Any] = {
        "uscc": uscc, "grade": grade, "kind": kind, "percent": percent, "detail": detail,
        **_per_pollutant(baseline, "baseline_", "baseline"),
        **_per_pollutant(cuts, "cut_", "cuts"),
    }  # fmt: skip
    try:
        report = save_measure(
            by=acting_as(as_user),
            channel="cli",
            list_id=_list_id(event, member),
            values=values,
            reason=reason,
        )
    except InvalidInput as error:  # a pollutant's figure: the option that gave it
        for prefix, option in (("baseline", "baseline"), ("cut", "cuts")):
            if (error.field or "").startswith(prefix):
                error.field = option
        raise
    _list_report(report, as_json)


@user_errors
def remove(
    event: int = EventOption,
    member: str = MemberOption,
    uscc: str = Uscc,
    reason: str = Reason,
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """Take an enterprise (with all its measures) off a member's list, as a new version with
    the reason (the member's editors). Audited."""
    setup(data_dir)
    from deltacap.air.event_services import remove_enterprise

    report = remove_enterprise(
        by=acting_as(as_user),
        channel="cli",
        list_id=_list_id(event, member),
        uscc=uscc,
        reason=reason,
    )
    _list_report(report, as_json)
