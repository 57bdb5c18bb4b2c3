"""The member's narrative sections in its annual report, the due date and lateness, the
office's review, and the region report's chapter on the members' own reports."""

from __future__ import annotations

from datetime import date

import pytest

from deltacap.domain.errors import InvalidInput
from deltacap.domain.reports.data import MemberData
from deltacap.domain.reports.document import Heading, Paragraph
from deltacap.domain.reports.member import member_report
from deltacap.domain.reports.narrative import (
    MAX_SECTION,
    MemberReportLine,
    Narrative,
    ReportState,
    check_narrative,
    check_review,
    days_late,
    due_date,
)
from deltacap.domain.reports.region import member_reports


def _data() -> MemberData:
    return MemberData(
        code="320000", name="江苏省", year=2025, period_name="“十四五”", frozen=True,
        pollutants=[], progress=[],
    )  # fmt: skip


def _texts(blocks: tuple[object, ...]) -> list[str]:
    return [b.label if isinstance(b, Heading) else b.text for b in blocks
            if isinstance(b, Heading | Paragraph)]  # fmt: skip


def test_the_report_is_due_on_31_march_and_lateness_counts_days() -> None:
    assert due_date(2025) == date(2026, 3, 31)
    assert days_late(2025, date(2026, 3, 31), date(2026, 12, 1)) == 0
    assert days_late(2025, date(2026, 4, 8), date(2026, 12, 1)) == 8
    assert days_late(2025, None, date(2026, 4, 2)) == 2  # not submitted: counted to today
    assert days_late(2025, None, date(2026, 1, 2)) == 0


def test_sections_are_checked_by_name_and_length() -> None:
    assert check_narrative({"summary": "  概述\r\n第二段 "}) == {"summary": "概述\n第二段"}
    with pytest.raises(InvalidInput) as unknown:
        check_narrative({"preface": "x"})
    assert unknown.value.field == "preface"
    with pytest.raises(InvalidInput) as long:
        check_narrative({"problems": "字" * (MAX_SECTION + 1)})
    assert long.value.field == "problems"


def test_returning_a_report_needs_a_comment() -> None:
    assert check_review(True, "") is ReportState.ACCEPTED
    assert check_review(False, "请补充") is ReportState.RETURNED
    with pytest.raises(InvalidInput) as missing:
        check_review(False, "  ")
    assert missing.value.field == "comment"


def test_the_narrative_goes_into_the_document_and_replaces_the_generated_next_steps() -> None:
    generated = _texts(member_report(_data()).blocks)
    assert "主要做法和成效" not in "".join(generated)
    default_steps = generated[generated.index(next(t for t in generated if "下一步工作" in t)) + 1]
    assert "将继续推进重点减排工程建设" in default_steps
    written = member_report(
        _data(),
        Narrative.of({"summary": "概述一段", "measures": "做法一\n做法二", "problems": "问题",
                      "next_steps": "明年计划"}),
    )  # fmt: skip
    texts = _texts(written.blocks)
    assert texts.index("概述一段") < next(i for i, t in enumerate(texts) if "减排目标完成情况" in t)
    measures = next(i for i, t in enumerate(texts) if t.endswith("主要做法和成效"))
    assert texts[measures + 1 : measures + 3] == ["做法一", "做法二"]
    assert texts[-2].endswith("下一步工作") and texts[-1] == "明年计划"
    assert not any("将继续推进重点减排工程建设" in t for t in texts)
    # Numbered as the chapters they are.
    headings = [h.label for h in written.headings() if h.level == 1]
    assert headings[-3:] == [
        headings[-3][:2] + "主要做法和成效", headings[-2][:2] + "存在问题",
        headings[-1][:2] + "下一步工作",
    ]  # fmt: skip


def test_the_region_report_lists_the_members_reports_with_their_lateness() -> None:
    blocks = member_reports(
        [
            MemberReportLine("上海市", "已审核通过", date(2026, 3, 20), 0, ("上海做法",)),
            MemberReportLine("安徽省", "未报送", None, 12),
        ]
    )
    table = next(b for b in blocks if hasattr(b, "rows"))
    assert table.rows == (
        ("上海市", "已审核通过", "2026年3月20日", "按期"),
        ("安徽省", "未报送", "—", "逾期12天"),
    )
    assert "上海做法" in _texts(tuple(blocks))
