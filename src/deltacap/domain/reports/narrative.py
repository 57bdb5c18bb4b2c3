"""A member's narrative sections of its annual report, and the report's submission.

The member writes four sections in the platform (工作概述, 主要做法和成效, 存在问题,
下一步工作); each is put in the generated document: 工作概述 after the generated overview,
主要做法和成效 and 存在问题 as their own chapters before the next steps, 下一步工作 in place of
the generated text (which stays the default while the member writes none). The report is
due by 31 March of the following year (issue 15 §4: 成员单位年度工作报告, due 31 March;
the date is the plan's working arrangement, kept here as configuration).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from deltacap.domain.errors import InvalidInput, gettext_noop

# The sections, in the order the document shows them: key, Chinese heading.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("summary", "工作概述"),
    ("measures", "主要做法和成效"),
    ("problems", "存在问题"),
    ("next_steps", "下一步工作"),
)
SECTION_KEYS = tuple(key for key, _ in SECTIONS)
MAX_SECTION = 10_000
# The report of year Y is due by this day of Y + 1 (month, day).
DUE_MONTH_DAY = (3, 31)


class ReportState(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    RETURNED = "returned"


def due_date(year: int) -> date:
    """The day the report of ``year`` is due: 31 March of the following year."""
    month, day = DUE_MONTH_DAY
    return date(year + 1, month, day)


def days_late(year: int, submitted_on: date | None, today: date) -> int:
    """Days past the due date: of the submission, or (not yet submitted) of today; 0 when
    in time."""
    reference = submitted_on if submitted_on is not None else today
    return max(0, (reference - due_date(year)).days)


def check_narrative(values: dict[str, object]) -> dict[str, str]:
    """The sections given (unknown keys refused), each trimmed and at most MAX_SECTION
    characters. Raises InvalidInput naming the section."""
    found: dict[str, str] = {}
    for key, value in values.items():
        if key not in SECTION_KEYS:
            raise InvalidInput(
                gettext_noop("No section {got}; expected one of {choices}."),
                field=str(key),
                got=str(key),
                choices=", ".join(SECTION_KEYS),
            )
        text = str(value or "").replace("\r\n", "\n").strip()
        if len(text) > MAX_SECTION:
            raise InvalidInput(
                gettext_noop("Write at most {limit} characters in this section; got {got}."),
                field=key,
                limit=MAX_SECTION,
                got=len(text),
            )
        found[key] = text
    return found


def check_review(accept: bool, comment: str) -> ReportState:
    """Accepting needs nothing; returning a report needs the comment that says why."""
    if not accept and not comment.strip():
        raise InvalidInput(gettext_noop("Say why the report is returned."), field="comment")
    return ReportState.ACCEPTED if accept else ReportState.RETURNED


@dataclass(frozen=True)
class Narrative:
    """The member's sections (missing or empty: not written)."""

    summary: str = ""
    measures: str = ""
    problems: str = ""
    next_steps: str = ""

    @classmethod
    def of(cls, values: dict[str, str]) -> Narrative:
        return cls(**{k: str(values.get(k, "") or "") for k in SECTION_KEYS})

    def paragraphs(self, key: str) -> list[str]:
        """The section's paragraphs (its non-empty lines)."""
        text: str = getattr(self, key)
        return [line.strip() for line in text.splitlines() if line.strip()]


@dataclass(frozen=True)
class MemberReportLine:
    """One member's report as the region's report lists it."""

    name: str
    state: str  # 已报送 / 已审核通过 / 已退回修改 / 未报送
    submitted_on: date | None
    days_late: int
    measures: tuple[str, ...] = ()
