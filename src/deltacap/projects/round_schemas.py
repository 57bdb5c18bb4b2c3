"""JSON shapes of the evaluation calendar and the yearly scheduling evaluation (shared by the
API and the command line)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from deltacap.projects.round_calendar import EvaluationRow, MemberRow, YearCalendar


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def member_row_out(row: MemberRow) -> dict[str, Any]:
    submitted = row.submission.submitted_at if row.submission else None
    return {
        "member": row.member.code,
        "due_projects": row.due_projects,
        "submitted_at": timezone.localtime(submitted).isoformat() if submitted else None,
        "lateness": row.lateness.state.value,
        "days_late": row.lateness.days_late,
    }


def calendar_out(yc: YearCalendar) -> dict[str, Any]:
    r = yc.round
    return {
        "year": yc.year,
        "window_opens": yc.opens.isoformat(),
        "window_closes": yc.closes.isoformat(),
        "submissions_due": yc.due.isoformat(),
        "region_report_due": yc.region_report.isoformat(),
        "round": None
        if r is None
        else {
            "period": r.period_id,
            "state": r.state,
            "opened_at": timezone.localtime(r.opened_at).isoformat(),
            "closed_at": timezone.localtime(r.closed_at).isoformat() if r.closed_at else None,
            "override_reason": r.override_reason,
        },
        "members": [member_row_out(row) for row in yc.rows],
    }


def evaluation_out(rows: list[EvaluationRow]) -> list[dict[str, Any]]:
    return [
        {
            "member": row.member.code,
            "due_projects": row.figures.due,
            "completed": row.figures.completed,
            "late": row.figures.late,
            "dropped": row.figures.dropped,
            "submitted": row.figures.submitted,
            "pollutants": [
                {
                    "pollutant": line.pollutant,
                    "accounted_tonnes": _number(line.accounted_tonnes),
                    "verified_tonnes": _number(line.verified_tonnes),
                    "target_tonnes": _number(line.target_tonnes),
                    "completion_rate": _number(line.completion_rate),
                }
                for line in sorted(row.figures.pollutants.values(), key=lambda p: p.pollutant)
            ],
        }
        for row in rows
    ]
