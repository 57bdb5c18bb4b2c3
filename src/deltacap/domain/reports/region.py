"""The region's annual report (区域年度报告): region-wide tables, the members compared,
charts and a map, compiled from the members' data of the same round."""

from __future__ import annotations

from decimal import Decimal

from deltacap.domain.reports import common
from deltacap.domain.reports.common import WAN, names
from deltacap.domain.reports.data import MarketRow, RegionData
from deltacap.domain.reports.document import (
    Block,
    Chart,
    Document,
    Figure,
    Heading,
    Paragraph,
    Series,
    Table,
)
from deltacap.domain.reports.member import AIR_HEADER, ISSUER, air_rows
from deltacap.domain.reports.narrative import MemberReportLine
from deltacap.domain.reports.numbering import numbered
from deltacap.domain.reports.units import DASH, percent_text, wan_text

REGION_NAME = "长三角区域"


def region_report(data: RegionData, reports: list[MemberReportLine] | None = None) -> Document:
    """The region's report; with ``reports`` (compiled in the platform) a chapter on the
    members' own annual reports, their state and the measures they describe."""
    blocks: list[Block] = []
    for part in (overview, progress, members, projects, market, monitoring, air, water):
        blocks.extend(part(data))
    if reports is not None:
        blocks += member_reports(reports)
    blocks += steps(data)
    state = "评估轮次已关闭，数据已冻结" if data.frozen else "评估轮次尚未关闭，数据为年末实时数据"
    return numbered(
        Document(
            title=f"{REGION_NAME}{data.year}年度污染物总量协同控制工作报告",
            subtitle=f"（{data.period_name}）",
            issuer=ISSUER,
            date_line=f"数据截至{data.year}年12月31日（{state}）",
            blocks=tuple(blocks),
        )
    )


def overview(data: RegionData) -> list[Block]:
    named = names(data.pollutants)
    who = "、".join(m.name for m in data.members)
    return [
        Heading(1, "总体情况"),
        Paragraph(
            f"{data.year}年，工作专班组织{who}开展污染物总量协同控制年度调度评估，"
            "现将区域工作情况报告如下。"
        ),
        Paragraph(common.summary_sentence(REGION_NAME, data.year, data.progress, named)),
    ]


def progress(data: RegionData) -> list[Block]:
    named = names(data.pollutants)
    blocks: list[Block] = [
        Heading(1, "区域减排目标完成情况"),
        common.progress_table(
            f"{REGION_NAME}主要污染物减排目标完成情况", data.progress, data.pollutants, "region"
        ),
    ]
    if data.progress:
        blocks.append(
            Figure(f"{REGION_NAME}减排目标完成率", common.completion_chart(data.progress, named))
        )
    return blocks


def members(data: RegionData) -> list[Block]:
    """One table per member, then completion compared: a table, a chart and a map."""
    named = names(data.pollutants)
    blocks: list[Block] = [Heading(1, "各成员单位完成情况比较")]
    for m in data.members:
        blocks += [
            Heading(2, m.name),
            Paragraph(common.summary_sentence(m.name, data.year, m.progress, named)),
            common.progress_table(
                f"{m.name}主要污染物减排目标完成情况", m.progress, data.pollutants, m.code
            ),
        ]
    blocks += [Heading(2, "完成率比较"), _comparison(data)]
    blocks.append(Figure("各成员单位减排目标完成率比较", _comparison_chart(data)))
    blocks.append(Figure("各成员单位平均完成率分布", _member_map(data)))
    return blocks


def _comparison(data: RegionData) -> Table:
    header = ("成员单位", *(p.name for p in data.pollutants))
    rows = []
    for m in data.members:
        rate = {r.pollutant: r.completion_rate for r in m.progress}
        rows.append((m.name, *(percent_text(rate.get(p.code)) for p in data.pollutants)))
    return Table("各成员单位减排目标完成率", header, tuple(rows), key="comparison")


def _comparison_chart(data: RegionData) -> Chart:
    series = []
    for p in data.pollutants:
        values = []
        for m in data.members:
            rate = next((r.completion_rate for r in m.progress if r.pollutant == p.code), None)
            values.append(None if rate is None else float(rate))
        series.append(Series(p.name, tuple(values)))
    reference = float(data.progress[0].time_progress) if data.progress else None
    return Chart(
        "bar",
        tuple(m.name for m in data.members),
        tuple(series),
        y_label="完成率",
        percent=True,
        reference=reference,
        reference_label="序时进度",
    )


def _member_map(data: RegionData) -> Chart:
    values = []
    for m in data.members:
        rates = [float(r.completion_rate) for r in m.progress if r.completion_rate is not None]
        values.append(sum(rates) / len(rates) if rates else None)
    return Chart(
        "map",
        tuple(m.code for m in data.members),
        (Series("平均完成率", tuple(values)),),
        y_label="平均完成率",
        percent=True,
        labels=tuple(m.name for m in data.members),
    )


def projects(data: RegionData) -> list[Block]:
    statuses = list(dict.fromkeys(s for m in data.members for s in m.status_counts))
    rows = tuple(
        (m.name, *(str(m.status_counts.get(s, 0)) for s in statuses), str(len(m.completed)))
        for m in data.members
    )
    total = sum(len(m.completed) for m in data.members)
    chart = Chart(
        "bar",
        tuple(m.name for m in data.members),
        tuple(
            Series(s, tuple(float(m.status_counts.get(s, 0)) for m in data.members))
            for s in statuses
        ),
        y_label="项",
    )
    return [
        Heading(1, "重点减排工程"),
        Paragraph(f"截至{data.year}年底，区域共有{total}项重点减排工程通过核定并计入减排量。"),
        Table(
            "各成员单位重点减排工程状态",
            ("成员单位", *statuses, "已核定计入"),
            rows,
            key="projects",
        ),
        Figure("各成员单位重点减排工程状态", chart),
    ]


def market(data: RegionData) -> list[Block]:
    named = names(data.pollutants)
    rows: list[tuple[str, ...]] = []
    for m in data.members:
        for r in m.market:
            rows.append((m.name, *_market_cells(r, named)))
    blocks: list[Block] = [Heading(1, "排污权交易")]
    if not rows:
        return [*blocks, Paragraph(f"{data.year}年区域内无已结算的排污权交易。")]
    header = ("出让方所在成员", "污染物", "成交笔数", "成交量（万吨）", "成交金额（万元）")
    blocks.append(Table("各成员单位排污权交易情况", header, tuple(rows), key="market"))
    return blocks


def _market_cells(r: MarketRow, named: dict[str, str]) -> tuple[str, ...]:
    value = f"{r.value_yuan / 10000:,.2f}"
    return (named.get(r.pollutant, r.pollutant), str(r.trades), wan_text(r.tonnes), value)


def monitoring(data: RegionData) -> list[Block]:
    codes = sorted({c for m in data.members for c in m.monitoring})
    blocks: list[Block] = [Heading(1, "在线监测排放量")]
    if not codes:
        return [*blocks, Paragraph(f"{data.year}年区域内无在线监测排放量数据。")]
    named = names(data.pollutants)
    rows = [
        (m.name, *(wan_text(m.monitoring[c]) if c in m.monitoring else DASH for c in codes))
        for m in data.members
    ]
    totals = [
        sum((m.monitoring.get(c, Decimal(0)) for m in data.members), Decimal(0)) for c in codes
    ]
    rows.append(("合计", *(wan_text(t) for t in totals)))
    header = ("成员单位", *(named.get(c, c) for c in codes))
    blocks.append(
        Table("各成员单位在线监测排放量", header, tuple(rows), unit=WAN, key="monitoring")
    )
    return blocks


def air(data: RegionData) -> list[Block]:
    rows = [m.air_member for m in data.members if m.air_member is not None]
    if not rows:
        return []
    chart = Chart(
        "bar",
        tuple(r.name for r in rows),
        (Series("优良天数比例", tuple(r.good_share for r in rows)),),
        y_label="优良天数比例",
        percent=True,
    )
    return [
        Heading(1, "环境空气质量"),
        Paragraph(f"按HJ 663评价，{data.year}年各成员单位环境空气质量如下。"),
        Table("各成员单位环境空气质量", ("成员单位", *AIR_HEADER[1:]), air_rows(rows), key="air"),
        Figure("各成员单位优良天数比例", chart),
    ]


def water(data: RegionData) -> list[Block]:
    rows = []
    for m in data.members:
        if m.water:
            attaining = sum(1 for r in m.water if r.attains)
            rows.append(
                (m.name, str(len(m.water)), str(attaining), percent_text(attaining / len(m.water)))
            )
    tracking = common.tracking_blocks("长三角区域", data.year, data.tracking)
    if not rows:
        return [Heading(1, "地表水环境质量"), *tracking] if tracking else []
    return [
        Heading(1, "地表水环境质量"),
        Table(
            "各成员单位断面水质达标情况",
            ("成员单位", "断面数", "达标断面数", "达标比例"),
            tuple(rows),
            key="water",
        ),
        *tracking,
    ]


def member_reports(reports: list[MemberReportLine]) -> list[Block]:
    """The members' own reports: a table of their state, then what each did."""
    rows = tuple(
        (
            r.name,
            r.state,
            f"{r.submitted_on.year}年{r.submitted_on.month}月{r.submitted_on.day}日"
            if r.submitted_on
            else DASH,
            f"逾期{r.days_late}天" if r.days_late else "按期",
        )
        for r in reports
    )
    blocks: list[Block] = [
        Heading(1, "成员单位年度工作报告报送情况"),
        Table(
            "成员单位年度工作报告报送情况",
            ("成员单位", "状态", "报送日期", "是否逾期"),
            rows,
            key="member_reports",
        ),
    ]
    for r in reports:
        if r.measures:
            blocks += [Heading(2, f"{r.name}主要做法和成效"), *(Paragraph(p) for p in r.measures)]
    return blocks


def steps(data: RegionData) -> list[Block]:
    submitted = [m.name for m in data.members if m.submission is not None]
    missing = [m.name for m in data.members if m.submission is None]
    text = f"已报送年度任务清单完成情况的成员单位：{'、'.join(submitted) or '无'}"
    if missing:
        text += f"；尚未报送：{'、'.join(missing)}"
    return [
        Heading(1, "年度报送情况和下一步工作"),
        Paragraph(text + "。"),
        Paragraph(
            "下一步，工作专班将督促各成员单位加快滞后污染物的重点减排工程建设，"
            "深化信息共享和排污权交易合作，做好下一年度调度评估。"
        ),
    ]
