"""The member's annual work report (成员单位年度工作报告), as a neutral document."""

from __future__ import annotations

from decimal import Decimal

from deltacap.domain.reports import common
from deltacap.domain.reports.common import WAN, names
from deltacap.domain.reports.data import AirRow, MemberData, ProjectRow
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
from deltacap.domain.reports.narrative import Narrative
from deltacap.domain.reports.numbering import numbered
from deltacap.domain.reports.units import DASH, number_text, percent_text, wan_text

ISSUER = "长三角区域污染物总量协同控制工作专班"
# Completed projects listed one by one; the rest are summed in one row.
LISTED_PROJECTS = 30


def member_report(data: MemberData, narrative: Narrative | None = None) -> Document:
    """Targets and progress, key projects, the rights market, monitoring, air and water;
    with the member's narrative sections where it has written them."""
    text = narrative or Narrative()
    blocks: list[Block] = []
    for part in (overview, progress, projects, market, monitoring, air, water):
        blocks.extend(part(data))
        if part is overview:
            blocks += [Paragraph(p) for p in text.paragraphs("summary")]
    for key, title in (("measures", "主要做法和成效"), ("problems", "存在问题")):
        if text.paragraphs(key):
            blocks += [Heading(1, title), *(Paragraph(p) for p in text.paragraphs(key))]
    written = text.paragraphs("next_steps")
    if written:
        blocks += [Heading(1, "下一步工作"), *(Paragraph(p) for p in written)]
    else:
        blocks += next_steps(data)
    return numbered(
        Document(
            title=f"{data.name}{data.year}年度污染物总量协同控制工作报告",
            subtitle=f"（{data.period_name}）",
            issuer=data.name,
            date_line=_date_line(data.year, data.frozen),
            blocks=tuple(blocks),
        )
    )


def _date_line(year: int, frozen: bool) -> str:
    state = "评估轮次已关闭，数据已冻结" if frozen else "评估轮次尚未关闭，数据为年末实时数据"
    return f"数据截至{year}年12月31日（{state}）"


def overview(data: MemberData) -> list[Block]:
    named = names(data.pollutants)
    return [
        Heading(1, "总体情况"),
        Paragraph(
            f"根据《长三角区域污染物总量协同控制实施方案》，现将{data.name}{data.year}年度"
            "污染物总量协同控制工作情况报告如下。"
        ),
        Paragraph(common.summary_sentence(data.name, data.year, data.progress, named)),
        *_optional(common.lagging_sentence(data.name, data.progress, named)),
    ]


def _optional(text: str) -> list[Block]:
    return [Paragraph(text)] if text else []


def progress(data: MemberData) -> list[Block]:
    named = names(data.pollutants)
    blocks: list[Block] = [
        Heading(1, "减排目标完成情况"),
        Heading(2, "分污染物完成情况"),
        common.progress_table(
            f"{data.name}主要污染物减排目标完成情况", data.progress, data.pollutants, "progress"
        ),
    ]
    if data.progress:
        blocks.append(
            Figure(f"{data.name}减排目标完成率", common.completion_chart(data.progress, named))
        )
    if data.yearly:
        blocks += [
            Heading(2, "逐年进展"),
            Paragraph("各年末重点工程累计核定减排量见下图（按工程投运年度计入）。"),
            Figure(f"{data.name}累计核定减排量逐年变化", common.yearly_chart(data.yearly, named)),
        ]
    return blocks


def projects(data: MemberData) -> list[Block]:
    blocks: list[Block] = [Heading(1, "重点减排工程"), Heading(2, "工程总体情况")]
    total = sum(data.status_counts.values())
    counts = "，".join(f"{name}{n}项" for name, n in data.status_counts.items() if n)
    blocks.append(
        Paragraph(f"{data.name}纳入平台的重点减排工程共{total}项，其中{counts or '无'}。")
    )
    blocks.append(_submission(data))
    blocks += [Heading(2, "已完成工程及减排量"), _completed_table(data)]
    if data.cities:
        blocks += [
            Heading(2, "分城市减排情况"),
            Figure(f"{data.name}各城市累计核定减排量（受控污染物合计，万吨）", _city_map(data)),
        ]
    return blocks


def _submission(data: MemberData) -> Paragraph:
    s = data.submission
    if s is None:
        return Paragraph(f"{data.name}尚未报送{data.year}年度重点工程任务清单完成情况。")
    words = {"done": "按期完成", "late": "延期", "dropped": "取消或调整"}
    parts = "，".join(f"{words.get(k, k)}{n}项" for k, n in s.outcomes.items() if n)
    late = "（逾期报送）" if s.after_deadline else ""
    return Paragraph(
        f"{data.name}于{s.submitted_on.year}年{s.submitted_on.month}月{s.submitted_on.day}日"
        f"报送{data.year}年度任务清单完成情况{late}：{parts or '无到期工程'}。"
    )


def _completed_table(data: MemberData) -> Table:
    codes = [p.code for p in data.pollutants]
    named = names(data.pollutants)
    ranked = sorted(data.completed, key=lambda p: (-sum(p.tonnes.values()), p.code))
    rows = [
        (p.name, p.city, f"{p.commissioning_date:%Y-%m-%d}", *(_t(p.tonnes, c) for c in codes))
        for p in ranked[:LISTED_PROJECTS]
    ]
    rest = ranked[LISTED_PROJECTS:]
    if rest:
        rows.append((f"其余{len(rest)}项合计", "", "", *(_sum(rest, c) for c in codes)))
    rows.append(("合计", "", "", *(_sum(ranked, c) for c in codes)))
    header = ("工程名称", "所在城市", "投运日期", *(named[c] for c in codes))
    return Table(
        f"{data.name}已核定重点减排工程及减排量",
        header,
        tuple(rows),
        unit=WAN,
        key="projects",
        note=f"共{len(ranked)}项工程通过核定，按减排量由大到小排列。",
    )


def _t(tonnes: dict[str, Decimal], code: str) -> str:
    return wan_text(tonnes[code]) if code in tonnes else DASH


def _sum(projects: list[ProjectRow], code: str) -> str:
    return wan_text(sum((p.tonnes.get(code, Decimal(0)) for p in projects), Decimal(0)))


def _city_map(data: MemberData) -> Chart:
    return Chart(
        "map",
        tuple(code for code, _, _ in data.cities),
        (Series("万吨", tuple(float(t) / 10000 for _, _, t in data.cities)),),
        y_label="万吨",
        labels=tuple(name for _, name, _ in data.cities),
    )


def market(data: MemberData) -> list[Block]:
    blocks: list[Block] = [Heading(1, "排污权交易")]
    if not data.market:
        return [*blocks, Paragraph(f"{data.year}年{data.name}无已结算的排污权交易。")]
    trades = sum(r.trades for r in data.market)
    value = sum((r.value_yuan for r in data.market), Decimal(0))
    blocks.append(
        Paragraph(
            f"{data.year}年，{data.name}出让方完成排污权交易{trades}笔，"
            f"成交金额{value / 10000:,.2f}万元。"
        )
    )
    named = {r.pollutant: r.pollutant for r in data.market} | names(data.pollutants)
    blocks.append(common.market_table(f"{data.name}排污权交易情况", data.market, named, "market"))
    return blocks


def monitoring(data: MemberData) -> list[Block]:
    blocks: list[Block] = [Heading(1, "在线监测排放量")]
    if not data.monitoring:
        return [*blocks, Paragraph(f"{data.year}年{data.name}无在线监测排放量数据。")]
    named = names(data.pollutants)
    rows = tuple((named.get(c, c), wan_text(t)) for c, t in sorted(data.monitoring.items()))
    blocks.append(Paragraph("重点排污单位在线监测（HJ 212）小时数据汇总的年度排放量如下表。"))
    blocks.append(
        Table(
            f"{data.name}{data.year}年在线监测排放量",
            ("污染物", "排放量"),
            rows,
            unit=WAN,
            key="monitoring",
        )
    )
    return blocks


AIR_HEADER = (
    "城市",
    "综合指数",
    "优良天数比例",
    "PM2.5（μg/m³）",
    "O3-8h第90百分位（μg/m³）",
    "六项达标",
    "排名",
)


def air_rows(rows: list[AirRow]) -> tuple[tuple[str, ...], ...]:
    return tuple(
        (
            r.name,
            number_text(r.composite_index, 2),
            percent_text(r.good_share),
            number_text(r.pm25),
            number_text(r.o3),
            common.flag(r.attains_all),
            DASH if r.rank is None else str(r.rank),
        )
        for r in rows
    )


def air(data: MemberData) -> list[Block]:
    if not data.air:
        return []
    blocks: list[Block] = [Heading(1, "环境空气质量")]
    m = data.air_member
    if m is not None:
        blocks.append(
            Paragraph(
                f"{data.year}年，{data.name}{_composite(m.composite_index)}，"
                f"优良天数比例为{percent_text(m.good_share)}（按HJ 663评价）。"
            )
        )
    blocks.append(
        Table(f"{data.name}各城市环境空气质量", AIR_HEADER, air_rows(data.air), key="air")
    )
    names = tuple(r.name for r in data.air)
    if any(r.composite_index is not None for r in data.air):
        values = tuple(r.composite_index for r in data.air)
        chart = Chart("bar", names, (Series("综合指数", values),), y_label="综合指数")
        blocks.append(Figure(f"{data.name}各城市环境空气质量综合指数", chart))
    elif any(r.good_share is not None for r in data.air):
        shares = tuple(r.good_share for r in data.air)
        chart = Chart("bar", names, (Series("优良天数比例", shares),), percent=True)
        blocks.append(Figure(f"{data.name}各城市优良天数比例", chart))
    return blocks


def _composite(index: float | None) -> str:
    if index is None:
        return "因有效监测天数不足，环境空气质量综合指数未计算"
    return f"环境空气质量综合指数为{number_text(index, 2)}"


def water(data: MemberData) -> list[Block]:
    tracking = common.tracking_blocks(data.name, data.year, data.tracking)
    if not data.water:
        return [Heading(1, "地表水环境质量"), *tracking] if tracking else []
    attaining = sum(1 for r in data.water if r.attains)
    rows = tuple(
        (r.name, r.body, r.target_class, r.year_class, common.flag(r.attains)) for r in data.water
    )
    return [
        Heading(1, "地表水环境质量"),
        Paragraph(
            f"{data.year}年，{data.name}纳入平台的{len(data.water)}个断面中，"
            f"{attaining}个年均水质达到目标类别（按GB 3838评价）。"
        ),
        Table(
            f"{data.name}断面水质类别",
            ("断面", "水体", "目标类别", "年均水质类别", "是否达标"),
            rows,
            key="water",
        ),
        *tracking,
    ]


def next_steps(data: MemberData) -> list[Block]:
    named = names(data.pollutants)
    behind = [named[r.pollutant] for r in data.progress if r.status in common.STATUS_BEHIND]
    focus = "、".join(behind) if behind else "各项受控污染物"
    return [
        Heading(1, "下一步工作"),
        Paragraph(
            f"{data.name}将继续推进重点减排工程建设，着力提升{focus}减排成效，"
            "按期报送任务清单和佐证材料，配合工作专班做好年度调度评估。"
        ),
    ]
