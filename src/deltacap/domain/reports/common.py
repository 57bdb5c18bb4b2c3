"""Words, tables and charts the member's and the region's reports share."""

from __future__ import annotations

from decimal import Decimal

from deltacap.domain.reports.data import MarketRow, Pollutant, ProgressRow
from deltacap.domain.reports.document import Chart, Series, Table
from deltacap.domain.reports.units import DASH, percent_text, wan_text, wan_tonnes

WAN = "单位：万吨"
# The progress statuses of ``domain.progress`` as the reports write them.
STATUS = {
    "on_track": "达到序时进度",
    "behind": "略滞后于序时进度",
    "far_behind": "明显滞后于序时进度",
    "no_target": "未下达目标",
}
PROGRESS_HEADER = ("污染物", "目标减排量", "累计核定减排量", "完成率", "序时进度", "进度评价")


def names(pollutants: list[Pollutant]) -> dict[str, str]:
    return {p.code: p.name for p in pollutants}


def progress_table(
    caption: str, rows: list[ProgressRow], pollutants: list[Pollutant], key: str
) -> Table:
    """Target, verified, completion, time progress and status per pollutant (万吨)."""
    named = names(pollutants)
    cells = tuple(
        (
            named.get(r.pollutant, r.pollutant),
            wan_text(r.target_tonnes),
            wan_text(r.verified_tonnes),
            percent_text(r.completion_rate),
            percent_text(r.time_progress),
            STATUS.get(r.status, r.status),
        )
        for r in rows
    )
    return Table(caption, PROGRESS_HEADER, cells, unit=WAN, key=key)


def summary_sentence(who: str, year: int, rows: list[ProgressRow], named: dict[str, str]) -> str:
    """截至2025年底，X化学需氧量、氨氮…累计核定减排量分别为…万吨，分别完成…%，序时进度为…%。"""
    if not rows:
        return f"截至{year}年底，{who}尚无受控污染物的减排目标。"
    pollutants = "、".join(named.get(r.pollutant, r.pollutant) for r in rows)
    verified = "、".join(wan_text(r.verified_tonnes) for r in rows)
    rates = "、".join(percent_text(r.completion_rate) for r in rows)
    return (
        f"截至{year}年底，{who}{pollutants}重点工程累计核定减排量分别为{verified}万吨，"
        f"分别完成减排目标的{rates}，序时进度为{percent_text(rows[0].time_progress)}。"
    )


def lagging_sentence(who: str, rows: list[ProgressRow], named: dict[str, str]) -> str:
    """Which pollutants trail the time progress ("" when nothing is measured)."""
    behind = [named.get(r.pollutant, r.pollutant) for r in rows if r.status in STATUS_BEHIND]
    if not any(r.status != "no_target" for r in rows):
        return ""
    if not behind:
        return f"{who}各项受控污染物减排量均达到序时进度要求。"
    return f"{who}{'、'.join(behind)}减排量滞后于序时进度，需加快重点减排工程建设和核定。"


STATUS_BEHIND = ("behind", "far_behind")


def completion_chart(
    rows: list[ProgressRow], named: dict[str, str], by: str = "pollutant"
) -> Chart:
    """Completion per pollutant against the time progress (one bar each)."""
    categories = tuple(named.get(r.pollutant, r.pollutant) for r in rows)
    values = tuple(_float(r.completion_rate) for r in rows)
    reference = float(rows[0].time_progress) if rows else None
    return Chart(
        "bar",
        categories,
        (Series("完成率", values),),
        y_label="完成率",
        percent=True,
        reference=reference,
        reference_label="序时进度",
    )


def yearly_chart(yearly: dict[str, list[tuple[int, Decimal]]], named: dict[str, str]) -> Chart:
    """Cumulative verified reduction by year-end, one line per pollutant (万吨)."""
    years = sorted({y for points in yearly.values() for y, _ in points})
    series = []
    for code, points in yearly.items():
        by_year = dict(points)
        values = tuple(_float(wan_tonnes(by_year.get(y))) for y in years)
        series.append(Series(named.get(code, code), values))
    return Chart("line", tuple(f"{y}年" for y in years), tuple(series), y_label="万吨")


def market_table(caption: str, rows: list[MarketRow], named: dict[str, str], key: str) -> Table:
    cells = tuple(
        (
            named.get(r.pollutant, r.pollutant),
            str(r.trades),
            wan_text(r.tonnes),
            f"{r.value_yuan / 10000:,.2f}",
        )
        for r in rows
    )
    header = ("污染物", "成交笔数", "成交量（万吨）", "成交金额（万元）")
    return Table(caption, header, cells, key=key)


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def flag(value: bool | None) -> str:
    return DASH if value is None else ("是" if value else "否")
