"""``deltacap reports member|region``: the annual reports as Word or PDF (issue 15 §4)."""

from __future__ import annotations

from pathlib import Path

import typer
from django.utils.translation import gettext as _
from rich.console import Console

from deltacap.cli import _codes
from deltacap.cli._django import DataDir, setup, user_errors

app = typer.Typer(help="The annual reports (年度工作报告) as Word or PDF.", no_args_is_help=True)

Year = typer.Option(..., "--year", help="The year reported (its evaluation round).")
Format = typer.Option(..., "--format", help="docx or pdf.")
Out = typer.Option(..., "--out", help="The file to write.")
Period = typer.Option("14fyp", "--period", help="Planning period.")


@app.command()
@user_errors
def member(
    member: str = typer.Option(..., "--member", help="The member's code (e.g. 320000)."),
    year: int = Year,
    fmt: str = Format,
    out: Path = Out,
    period: str = Period,
    data_dir: Path | None = DataDir,
) -> None:
    """A member's annual work report: targets and progress, key projects, market, monitoring."""
    setup(data_dir)
    from deltacap.reports import generate

    chosen = _codes.member(member)
    _check_format(fmt)
    document = generate.member_document(_codes.period(period), year, chosen.code)
    _write(out, generate.render(document, fmt.lower()))


@app.command()
@user_errors
def region(
    year: int = Year,
    fmt: str = Format,
    out: Path = Out,
    period: str = Period,
    data_dir: Path | None = DataDir,
) -> None:
    """The region's annual report: region-wide tables, the members compared, charts, a map."""
    setup(data_dir)
    from deltacap.reports import generate

    _check_format(fmt)
    document = generate.region_document(_codes.period(period), year)
    _write(out, generate.render(document, fmt.lower()))


def _check_format(fmt: str) -> None:
    from deltacap.reports.generate import check_format

    check_format(fmt.lower())


def _write(out: Path, content: bytes) -> None:
    out.write_bytes(content)
    Console(highlight=False).print(_("Wrote {file}.").format(file=out), markup=False)
