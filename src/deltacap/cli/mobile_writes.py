"""``deltacap mobile respond``, ``machinery check`` and ``machinery respond``: the
registering member's answer to a cross-member notice (a vehicle's or a machine's) and a
field check of a non-road machine, each as the account ``--as`` names (default: the
operator), through the same services as the pages and the API (``deltacap.mobile``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from django.utils.translation import gettext as _
from rich.console import Console

from deltacap.cli._django import DataDir, acting_as, setup, user_errors

console = Console(highlight=False)
AsUser = typer.Option(None, "--as", help="Act as this account (its rights); default: the operator.")
Response = typer.Option(
    ..., "--response", help="notified_owner, ordered_repair, retest_passed or scrapped."
)
Day = typer.Option(None, "--day", help="YYYY-MM-DD; default: today.")
Note = typer.Option("", "--note", help="A note of up to 500 characters.")


def _answered(answer: Any) -> None:
    from deltacap.mobile import labels

    status = type(answer.notice).objects.get(pk=answer.notice_id).status
    console.print(
        _("Response recorded; the notice is {status}.").format(
            status=labels.word(labels.NOTICE_STATUS, status)
        )
    )


def respond_vehicle(
    notice_id: int = typer.Argument(..., help="The notice's number."),
    response: str = Response,
    day: str | None = Day,
    note: str = Note,
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """Record what the registering member did about a vehicle's notice (its editors)."""
    setup(data_dir)
    from deltacap.mobile import services

    answer = services.respond(by=acting_as(as_user), channel="cli", notice_id=notice_id,
                              response=response, day=day, note=note)  # fmt: skip
    _answered(answer)


def respond_machine(
    notice_id: int = typer.Argument(..., help="The notice's number."),
    response: str = Response,
    day: str | None = Day,
    note: str = Note,
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """Record what the registering member did about a machine's notice (its editors)."""
    setup(data_dir)
    from deltacap.mobile import machinery

    answer = machinery.respond(by=acting_as(as_user), channel="cli", notice_id=notice_id,
                               response=response, day=day, note=note)  # fmt: skip
    _answered(answer)


def check_machine(
    code: str = typer.Argument(..., help="The machine's environmental registration code."),
    city: str = typer.Option(..., "--city", help="The city of the check (code), your own."),
    place: str = typer.Option(..., "--place", help="Where the machine was checked."),
    result: str = typer.Option(..., "--result", help="pass or fail."),
    day: str | None = Day,
    low_emission_zone: bool = typer.Option(
        False, "--low-emission-zone", help="The machine was working in a low-emission zone."
    ),
    note: str = Note,
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """Record a field check of any member's machine in your own area; a failed check of
    another member's machine raises a notice to it."""
    setup(data_dir)
    from deltacap.mobile import machinery
    from deltacap.mobile.models import MachineNotice

    check = machinery.record_check(by=acting_as(as_user), channel="cli", code=code, city=city,
                                   place=place, result=result, day=day,
                                   low_emission_zone=low_emission_zone, note=note)  # fmt: skip
    console.print(_("Check {id} of {code} recorded.").format(id=check.pk, code=check.machine.code))
    notice = MachineNotice.objects.filter(check_record=check).first()
    if notice is not None:
        console.print(
            _("Notice {id} went to the registering member, due {due}.").format(
                id=notice.pk, due=notice.due.isoformat()
            )
        )


def register(app: typer.Typer, machinery_app: typer.Typer) -> None:
    """Add the write commands to ``deltacap mobile`` and ``deltacap mobile machinery``."""
    app.command("respond")(user_errors(respond_vehicle))
    machinery_app.command("respond")(user_errors(respond_machine))
    machinery_app.command("check")(user_errors(check_machine))
