"""Output shapes of targets, shared by the API, the pages and the command line: a target as
the API and ``deltacap targets list --json`` give it, and the members-by-pollutant chart
of the dashboard."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from ninja import Schema

from deltacap.reference.models import Level
from deltacap.targets.models import Target
from deltacap.targets.selectors import TONNES_PER_WAN, TargetTable


class TargetOut(Schema):
    period: str
    scope: str
    pollutant: str
    tonnes: float | None
    percent_cut: float | None
    source: str


def target_out(target: Target) -> TargetOut:
    """One target: tonnes for tonnage periods, percent_cut for percentage periods."""
    return TargetOut(
        period=target.period_id,
        scope=target.division_id,
        pollutant=target.pollutant_id,
        tonnes=float(target.tonnes) if target.tonnes is not None else None,
        percent_cut=float(target.percent_cut) if target.percent_cut is not None else None,
        source=target.source,
    )


def member_chart(table: TargetTable) -> dict[str, Any]:
    """Series for the dashboard's bar chart: members by pollutant, in 万吨 or %."""
    members = [row for row in table.rows if row.division.level == Level.MEMBER]
    tonnage = table.period.target_form == "key_project_tonnes"
    series = []
    for index, pollutant in enumerate(table.pollutants):
        values = []
        for row in members:
            cell = row.cells[index]
            value = (
                cell.percent_cut
                if not tonnage
                else (cell.tonnes / TONNES_PER_WAN if cell.tonnes is not None else None)
            )
            values.append(float(value) if value is not None else None)
        series.append({"name": pollutant.name, "data": values})
    return {
        "members": [row.division.name for row in members],
        "series": series,
        "unit": _("10,000 t") if tonnage else "%",
    }
