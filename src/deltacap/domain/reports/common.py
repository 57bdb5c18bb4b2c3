"""Words, tables and charts the member's and the region's reports share."""

from __future__ import annotations

from decimal import Decimal

from deltacap.domain.reports.data import MarketRow, Pollutant, ProgressRow, TrackingRow
from deltacap.domain.reports.document import Block, Chart, Heading, Paragraph, Series, Table
from deltacap.domain.reports.units import DASH, number_text, percent_text, wan_text, wan_tonnes

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


# --- the water bodies' tracking evaluation (跟踪评估) ----------------------------------------

WATER_ITEMS = {"CODMn": "高锰酸盐指数", "NH3-N": "氨氮", "TP": "总磷", "TN": "总氮"}
TREND_WORDS = {"increasing": "上升", "decreasing": "下降"}
TRACKING_HEADER = ("水体", "断面数", "达标月数/有数据月数", "变化趋势", "入湖负荷", "主要措施")
TRACKING_NOTE = (
    "达标月数为各断面月均水质类别均达到目标类别的月数（GB 3838-2002）；变化趋势为截至年底全部"
    "月均数据的季节性Kendall检验（p<0.05）；入湖负荷按通量法（流量×浓度）计算；主要措施按水体"
    "所在城市统计，区域口径未核实。"
)


def _trend_text(trends: tuple[tuple[str, str], ...]) -> str:
    moving = [f"{WATER_ITEMS.get(i, i)}{TREND_WORDS[t]}" for i, t in trends if t in TREND_WORDS]
    if moving:
        return "、".join(moving)
    return "无显著变化" if trends else "数据不足两年"


def _load_text(loads: tuple[tuple[str, float, float | None, bool], ...]) -> str:
    parts = []
    for item, tonnes, target, complete in loads:
        text = f"{WATER_ITEMS.get(item, item)}{number_text(tonnes, 0)}吨"
        if target is not None:
            over = "，超出目标" if complete and tonnes > target else ""
            text += f"（目标{number_text(target, 0)}吨{over}）"
        if not complete:
            text += "（数据不全）"
        parts.append(text)
    return "；".join(parts) or DASH


def _measures_text(r: TrackingRow) -> str:
    if not r.measured:
        return DASH
    parts = [f"已投运水污染治理工程{r.projects_in_place}个"]
    if r.investment_wan:
        parts[0] += f"（投资{number_text(r.investment_wan, 0)}万元）"
    if r.outfalls_rectifying:
        parts.append(f"整治入河（湖）排污口{r.outfalls_rectifying}个")
    if r.zone_done is not None:
        parts.append(f"太湖5公里范围完成关停搬迁升级{r.zone_done}家")
    return "；".join(parts)


def tracking_blocks(who: str, year: int, rows: list[TrackingRow]) -> list[Block]:
    """The tracking evaluation as a second-level section of the water chapter: a sentence
    and a table with one row per water body."""
    if not rows:
        return []
    full = [r.body for r in rows if r.months_with_data and r.months_attaining == r.months_with_data]
    sentence = f"{year}年，{who}对{len(rows)}个水体开展跟踪评估"
    sentence += f"，其中{'、'.join(full)}全年各月均达到水质目标。" if full else "。"
    table_rows = tuple(
        (
            r.body,
            str(r.sections),
            f"{r.months_attaining}/{r.months_with_data}" if r.months_with_data else DASH,
            _trend_text(r.trends),
            _load_text(r.loads),
            _measures_text(r),
        )
        for r in rows
    )
    return [
        Heading(2, "水体跟踪评估"),
        Paragraph(sentence),
        Table(
            "水体跟踪评估", TRACKING_HEADER, table_rows, key="water_tracking", note=TRACKING_NOTE
        ),
    ]
