"""The demo's annual reports of 2025, read from its closed and frozen 2025 round: the reports
the demo keeps (Shanghai's and Jiangsu's submitted files, the published region report) and
those ``deltacap reports member|region`` make on the demo hold, in 万吨, the figures of
``deltacap progress --period 14fyp --year 2025 --json``."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from pypdf import PdfReader

from deltacap.domain.reports.units import wan_text
from tests.reports.test_reports_cli import MEMBERS, _expected, _run, _tables

pytestmark = pytest.mark.django_db
FROZEN = "评估轮次已关闭，数据已冻结"


def _flat_pdf(content: bytes) -> str:
    return "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[Any]:
    """The demo's projects (with their closed rounds) and reports, the files the command
    line makes on it and its progress JSON; rolled back after."""
    from django.test import Client

    from deltacap.accounts.models import User
    from deltacap.projects.demo import load_demo_projects
    from deltacap.reports.demo import load_demo_reports
    from deltacap.reports.models import MemberReport, RegionReport

    folder: Path = tmp_path_factory.mktemp("demo-reports")
    out: dict[str, Any] = {}
    with django_db_blocker.unblock(), transaction.atomic():
        with pytest.raises(RuntimeError, match="closed 2025 round"):
            load_demo_reports()  # without the frozen round there is nothing to report from
        load_demo_projects()
        out["created"] = (load_demo_reports(), load_demo_reports())
        out["states"] = list(
            MemberReport.objects.filter(year=2025)
            .order_by("member_id", "version")
            .values_list("member_id", "version", "state")
        )
        out["synthetic"] = set(
            MemberReport.objects.filter(year=2025).values_list("synthetic", flat=True)
        )
        out["kept"] = {
            r.member_id: r.docx
            for r in MemberReport.objects.filter(year=2025)
            .exclude(state="draft")
            .order_by("version")
        }
        office = Client()
        office.force_login(User.objects.get(username="office"))
        out["compare"] = office.get("/reports/2025/320000/compare/").content.decode()
        out["kept_pdf"] = MemberReport.objects.get(year=2025, member_id="310000").pdf
        region = RegionReport.objects.get(year=2025)
        out["region"], out["region_kept"] = region, folder / "region-kept.docx"
        out["region_kept"].write_bytes(region.docx)
        for code, content in out["kept"].items():
            (folder / f"kept-{code}.docx").write_bytes(content)
        out["member.docx"], out["region.pdf"] = folder / "x.docx", folder / "r.pdf"
        done = _run("reports", "member", "--member", "320000", "--year", "2025",
                    "--format", "docx", "--out", str(out["member.docx"]))  # fmt: skip
        assert done.exit_code == 0, done.output
        done = _run("reports", "region", "--year", "2025", "--format", "pdf",
                    "--out", str(out["region.pdf"]))  # fmt: skip
        assert done.exit_code == 0, done.output
        shown = _run("progress", "--period", "14fyp", "--year", "2025", "--json")
        out["progress"] = json.loads(shown.stdout)
        out["folder"] = folder
        transaction.set_rollback(True)
    yield out


def test_the_demo_keeps_its_2025_reports_and_a_second_run_adds_nothing(demo: Any) -> None:
    assert demo["created"] == (4, 0)
    assert demo["states"] == [
        ("310000", 1, "accepted"),
        ("320000", 1, "returned"),
        ("320000", 2, "submitted"),
        ("330000", 1, "draft"),
    ]
    assert demo["synthetic"] == {True}
    region = demo["region"]
    assert region.published and region.synthetic and region.sources == {"310000": 1, "320000": 2}


def test_the_office_reads_what_jiangsu_changed_in_its_second_version(demo: Any) -> None:
    page = demo["compare"]
    assert "版本间修改对比" in page
    assert "按<del>季度</del>调度" in page and "按<ins>月</ins>调度" in page
    assert 'id="section-problems" data-changed="yes"' in page
    assert 'id="section-summary" data-changed="no"' in page


def test_the_kept_reports_hold_the_progress_of_the_end_of_2025(demo: Any) -> None:
    progress = demo["progress"]
    for code in ("310000", "320000"):
        rows = _tables(demo["folder"] / f"kept-{code}.docx")["progress"]
        assert [r[1:5] for r in rows[1:]] == _expected(progress, code), code
    region = _tables(demo["region_kept"])
    assert [r[1:5] for r in region["region"][1:]] == _expected(progress, "region")
    for code in MEMBERS:
        assert [r[1:5] for r in region[code][1:]] == _expected(progress, code), code
    assert FROZEN in _flat_pdf(demo["kept_pdf"])


def test_the_command_line_reports_on_the_demo_read_the_frozen_round(demo: Any) -> None:
    progress = demo["progress"]
    rows = _tables(demo["member.docx"])["progress"]
    assert [r[1:5] for r in rows[1:]] == _expected(progress, "320000")
    text = _flat_pdf(demo["region.pdf"].read_bytes())
    assert "长三角区域2025年度污染物总量协同控制工作报告" in text
    # The task lists the frozen round holds: Zhejiang's came late, Anhui's never.
    assert "已报送年度任务清单完成情况的成员单位：上海市、江苏省、浙江省；尚未报送：安徽省" in text
    for row in progress:
        if row["scope"] == "region":
            assert wan_text(row["verified_tonnes"]) in text, row["pollutant"]
    assert "各成员单位完成情况比较" in text
