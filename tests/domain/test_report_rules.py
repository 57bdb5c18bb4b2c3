"""The reports' document rules: numbering as government documents do, 万吨, and the member's
report built from plain values (no database)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deltacap.domain.reports.data import MemberData, Pollutant, ProgressRow, ProjectRow
from deltacap.domain.reports.document import Document, Figure, Heading, Paragraph, Table
from deltacap.domain.reports.member import member_report
from deltacap.domain.reports.numbering import chinese_number, numbered
from deltacap.domain.reports.units import percent_text, wan_text, wan_tonnes


@pytest.mark.parametrize(
    ("n", "text"), [(1, "一"), (9, "九"), (10, "十"), (12, "十二"), (20, "二十"), (99, "九十九")]
)
def test_chinese_numbers(n: int, text: str) -> None:
    assert chinese_number(n) == text


def test_headings_restart_under_their_parent_and_tables_count_through() -> None:
    chart_less = Table("t", ("a",), ())
    doc = numbered(
        Document(
            "T",
            "",
            "",
            "",
            (
                Heading(1, "甲"),
                Heading(2, "子"),
                Heading(3, "x"),
                Heading(3, "y"),
                chart_less,
                Heading(2, "丑"),
                Heading(3, "z"),
                Heading(1, "乙"),
                Heading(2, "寅"),
                chart_less,
            ),
        )  # fmt: skip
    )
    labels = [h.label for h in doc.headings()]
    assert labels == ["一、甲", "（一）子", "1.x", "2.y", "（二）丑", "1.z", "二、乙", "（一）寅"]
    assert [t.number for t in doc.tables()] == ["表1", "表2"]


@given(st.decimals(min_value=0, max_value=10**9, places=3))
def test_wan_tonnes_keep_every_tonne(tonnes: Decimal) -> None:
    wan = wan_tonnes(tonnes)
    assert wan is not None and abs(wan * 10000 - tonnes) <= Decimal("0.5")


def test_wan_and_percent_text() -> None:
    assert wan_text(Decimal("12345.6")) == "1.2346"
    assert wan_text(None) == "—"
    assert percent_text(Decimal("0.4567")) == "45.7%"


def test_a_member_report_lists_progress_projects_and_says_what_lags() -> None:
    pollutants = [Pollutant("COD", "化学需氧量"), Pollutant("NOx", "氮氧化物")]
    d = Decimal
    rows = [
        ProgressRow("320000", "COD", d(20000), d(18000), d("0.9"), d("0.8"), "on_track"),
        ProgressRow("320000", "NOx", d(10000), d(5000), d("0.5"), d("0.8"), "far_behind"),
    ]
    plant = ProjectRow(
        "P1", "某污水厂", "苏州市", "wwtp_new", date(2023, 6, 30), {"COD": Decimal(803)}
    )
    data = MemberData(
        "320000", "江苏省", 2025, "“十四五”", True, pollutants, rows,
        status_counts={"已核定": 1}, completed=[plant],
    )  # fmt: skip
    doc = member_report(data)
    assert doc.title == "江苏省2025年度污染物总量协同控制工作报告"
    progress = next(t for t in doc.tables() if t.key == "progress")
    assert progress.rows[0] == ("化学需氧量", "2.0000", "1.8000", "90.0%", "80.0%", "达到序时进度")
    projects = next(t for t in doc.tables() if t.key == "projects")
    assert projects.rows[0][:4] == ("某污水厂", "苏州市", "2023-06-30", "0.0803")
    text = " ".join(b.text for b in doc.blocks if isinstance(b, Paragraph))
    assert "江苏省氮氧化物减排量滞后于序时进度" in text
    assert any(isinstance(b, Figure) for b in doc.blocks)
    assert [h.label for h in doc.headings()][:3] == [
        "一、总体情况",
        "二、减排目标完成情况",
        "（一）分污染物完成情况",
    ]


def _width(text: str) -> float:
    """One unit per character, as a monospaced face would measure."""
    return float(len(text))


def test_lines_keep_numbers_whole_and_hang_closing_marks() -> None:
    from deltacap.domain.reports.linebreak import break_lines

    lines = break_lines("分别完成目标的106.9%、102.7%，序时进度为100.0%。", _width, 10, 10)
    assert "".join(lines) == "分别完成目标的106.9%、102.7%，序时进度为100.0%。"
    assert not any(line[0] in "、，。%" for line in lines)
    assert all(any(n in line for line in lines) for n in ("106.9%", "102.7%", "100.0%"))
    assert lines[0] == "分别完成目标的"  # 106.9% does not fit after it: it goes down whole


WORDS = ["中", "文测", "试", "、", "，", "。", "106.9%", "NH3-N", "2025年"]


@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=30))
def test_lines_lose_no_character_and_start_with_no_closing_mark(words: list[str]) -> None:
    from deltacap.domain.reports.linebreak import NO_LINE_START, break_lines

    text = "".join(words)
    lines = break_lines(text, _width, 6, 8)
    assert "".join(lines) == text
    assert all(line for line in lines)
    assert not any(line[0] in NO_LINE_START for line in lines[1:])
