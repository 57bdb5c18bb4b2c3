"""``deltacap reports member|region``: the annual reports as Word and PDF on a small world
(two verified Jiangsu plants, the 2025 round closed), read back: the Word tables hold the
figures of ``deltacap progress --json`` at the end of the year, in 万吨; the PDF's text is
Chinese, with the numbered headings and the same numbers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from docx import Document as read_docx
from docx.oxml.ns import qn
from pypdf import PdfReader
from typer.testing import CliRunner

from deltacap.cli import app
from deltacap.domain.reports.units import wan_text
from tests.projects.conftest import project_values

pytestmark = pytest.mark.django_db
runner = CliRunner()
ENV = {"COLUMNS": "120", "DELTACAP_LANG": "", "LC_ALL": "", "LC_MESSAGES": ""}
MEMBERS = ["310000", "320000", "330000", "340000"]
PROGRESS_COLUMNS = ("target_tonnes", "verified_tonnes", "completion_rate", "time_progress")


def _run(*args: str, lang: str = "zh") -> Any:
    return runner.invoke(app, [*args, "--lang", lang], env=ENV)


def _world() -> None:
    """Two Jiangsu plants verified (2023, 2024), one still being built; the 2025 round
    opened, Jiangsu's task list submitted, and the round closed (its snapshot frozen)."""
    from deltacap.accounts.models import User
    from deltacap.accounts.permissions import PLATFORM
    from deltacap.projects import rounds, services, steps

    office = User.objects.get(username="office")
    for when in ("2023-06-30", "2024-09-30"):
        values = project_values(commissioning_date=when)
        project = services.create_project(
            by=PLATFORM, channel="system", values=values, period="14fyp"
        )
        steps.attach_evidence(
            by=PLATFORM, channel="system", code=project.code, filename="a.txt", content=b"x",
            content_type="text/plain", kind="acceptance",
        )  # fmt: skip
        steps.move_status(by=office, channel="system", code=project.code, to="verified")
    services.create_project(
        by=PLATFORM, channel="system", period="14fyp",
        values=project_values(status="under_construction", commissioning_date="2025-10-30"),
    )  # fmt: skip
    rounds.open_round(
        by=office, channel="system", period="14fyp", year=2025,
        override_reason="测试：2025 年的轮次在窗口期后补开",
    )  # fmt: skip
    rounds.close_round(by=office, channel="system", period="14fyp", year=2025)


@pytest.fixture(scope="module")
def generated(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any
) -> Iterator[dict[str, Any]]:
    """The four files and the progress JSON, made once; the world rolled back after."""
    folder: Path = tmp_path_factory.mktemp("reports")
    out: dict[str, Any] = {}
    with django_db_blocker.unblock(), transaction.atomic():
        _world()
        for fmt in ("docx", "pdf"):
            member = folder / f"js.{fmt}"
            done = _run("reports", "member", "--member", "320000", "--year", "2025",
                        "--format", fmt, "--out", str(member))  # fmt: skip
            assert done.exit_code == 0, done.output
            region = folder / f"region.{fmt}"
            done = _run(
                "reports", "region", "--year", "2025", "--format", fmt, "--out", str(region)
            )
            assert done.exit_code == 0, done.output
            out[f"member.{fmt}"], out[f"region.{fmt}"] = member, region
        shown = _run("progress", "--period", "14fyp", "--year", "2025", "--json")
        out["progress"] = json.loads(shown.stdout)
        out["errors"] = [
            _run("reports", "member", "--member", "999", "--year", "2025", "--format", "pdf",
                 "--out", str(folder / "x.pdf"), lang="en"),
            _run("reports", "region", "--year", "2031", "--format", "pdf",
                 "--out", str(folder / "y.pdf"), lang="en"),
            _run("reports", "region", "--year", "2025", "--format", "odt",
                 "--out", str(folder / "z.odt"), lang="en"),
        ]  # fmt: skip
        transaction.set_rollback(True)
    yield out


def _tables(path: Path) -> dict[str, list[list[str]]]:
    """The Word file's tables by the key each carries in its alternative text."""
    found = {}
    for table in read_docx(str(path)).tables:
        description = table._tbl.tblPr.find(qn("w:tblDescription"))
        key = description.get(qn("w:val")) if description is not None else ""
        found[key] = [[cell.text for cell in row.cells] for row in table.rows]
    return found


def _expected(progress: list[dict[str, Any]], scope: str) -> list[list[str]]:
    """``deltacap progress`` rows of ``scope`` as the report writes them (万吨, %)."""

    def pct(value: float | None) -> str:
        return "—" if value is None else f"{Decimal(str(value)) * 100:.1f}%"

    return [
        [
            wan_text(r["target_tonnes"]),
            wan_text(r["verified_tonnes"]),
            pct(r["completion_rate"]),
            pct(r["time_progress"]),
        ]
        for r in progress
        if r["scope"] == scope
    ]


def test_the_member_report_shows_the_year_end_progress_in_wan_tonnes(generated: Any) -> None:
    tables = _tables(generated["member.docx"])
    rows = tables["progress"]
    assert rows[0][:3] == ["污染物", "目标减排量", "累计核定减排量"]
    assert [r[1:5] for r in rows[1:]] == _expected(generated["progress"], "320000")
    assert [r[0] for r in rows[1:]] == ["化学需氧量", "氨氮", "氮氧化物", "挥发性有机物"]
    js_cod = next(
        r for r in generated["progress"] if r["scope"] == "320000" and r["pollutant"] == "COD"
    )
    assert js_cod["verified_tonnes"] == 1606.0  # two plants of 803 t
    projects = tables["projects"]
    assert projects[-1][0] == "合计" and projects[-1][3] == "0.1606"
    assert len(projects) == 1 + 2 + 1  # header, the two verified plants, the total


def test_the_region_report_holds_the_region_and_every_member(generated: Any) -> None:
    tables = _tables(generated["region.docx"])
    progress = generated["progress"]
    assert [r[1:5] for r in tables["region"][1:]] == _expected(progress, "region")
    for member in MEMBERS:
        assert [r[1:5] for r in tables[member][1:]] == _expected(progress, member)
    comparison = tables["comparison"]
    assert [r[0] for r in comparison[1:]] == ["上海市", "江苏省", "浙江省", "安徽省"]


def test_the_pdf_is_chinese_with_numbered_headings_and_the_figures(generated: Any) -> None:
    text = "".join(p.extract_text() for p in PdfReader(generated["member.pdf"]).pages)
    flat = "".join(text.split())
    assert "江苏省2025年度污染物总量协同控制工作报告" in flat
    for heading in (
        "一、总体情况",
        "二、减排目标完成情况",
        "（一）分污染物完成情况",
        "三、重点减排工程",
    ):
        assert heading in flat
    assert "表1" in flat and "图1" in flat and "单位：万吨" in flat
    assert "0.1606" in flat  # Jiangsu's verified COD in 万吨
    region = "".join(p.extract_text() for p in PdfReader(generated["region.pdf"]).pages)
    assert "各成员单位完成情况比较" in "".join(region.split())


def test_the_word_file_names_the_bundled_font_for_east_asian_text(generated: Any) -> None:
    word = read_docx(str(generated["member.docx"]))
    fonts = word.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "Noto Sans CJK SC"
    assert len(word.inline_shapes) >= 3  # the charts and the map


def test_bad_arguments_are_one_line_errors(generated: Any) -> None:
    member, year, fmt = generated["errors"]
    assert member.exit_code == 2 and "999" in member.output
    assert year.exit_code == 2 and "2031" in year.output
    assert fmt.exit_code == 2 and "odt" in fmt.output
    for result in (member, year, fmt):
        assert "Traceback" not in result.output


def test_the_pdf_carries_its_font_and_the_word_file_its_numbered_headings(generated: Any) -> None:
    """Nothing is left to the reader's machine: every font of the PDF is embedded."""
    reader = PdfReader(generated["region.pdf"])
    for page in reader.pages[:3]:
        for font in page["/Resources"]["/Font"].values():
            cid_font = font.get_object()["/DescendantFonts"][0].get_object()
            assert "/FontFile2" in cid_font["/FontDescriptor"].get_object()
    word = read_docx(str(generated["region.docx"]))
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == [
        "一、总体情况",
        "二、区域减排目标完成情况",
        "三、各成员单位完成情况比较",
    ]
    assert "（二）江苏省" in [p.text for p in word.paragraphs if p.style.name == "Heading 2"]
