"""A warning's notice as a Word document (python-docx), in Chinese as such notices are
issued. The document names its fonts only (宋体 for the text, 黑体 for the title, set for
East Asian text too): the reader's Word supplies them."""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from deltacap.air import warning_selectors
from deltacap.air.models import AirWarning, AirWarningChange, WarningStep
from deltacap.air.warning_selectors import ListCheck
from deltacap.reference.models import Division, Level

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BODY_FONT = "宋体"
TITLE_FONT = "黑体"
LEVEL_ZH = {"blue": "蓝色", "yellow": "黄色", "orange": "橙色", "red": "红色"}
RESPONSE_ZH = {"yellow": "Ⅲ级", "orange": "Ⅱ级", "red": "Ⅰ级", "blue": "Ⅳ级"}
STEP_ZH = {
    WarningStep.ISSUE: "发布",
    WarningStep.RAISE: "升级",
    WarningStep.LOWER: "降级",
    WarningStep.LIFT: "解除",
}
OFFICE_ZH = "长三角区域污染物总量协同控制工作专班办公室"


def _fonts(document: object, style: str, name: str, size: float) -> None:
    font_style = document.styles[style]  # type: ignore[attr-defined]
    font_style.font.name = name
    font_style.font.size = Pt(size)
    fonts = font_style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attribute), name)


def _place(warning: AirWarning) -> str:
    return warning.city.name_zh if warning.city else "长三角区域"


def _issuer(warning: AirWarning) -> str:
    if warning.city is None:
        return OFFICE_ZH
    member = Division.objects.filter(code=warning.member_code).first()
    return f"{member.name_zh}生态环境厅（局）" if member else ""


def filename(warning: AirWarning) -> str:
    return f"重污染天气预警通知-{_place(warning)}-{warning.start.isoformat()}.docx"


def notice_docx(warning: AirWarning, list_check: ListCheck | None = None) -> bytes:
    """The notice of ``warning``: its level and response, the forecast it rests on, the
    period, the emission cuts its level asks, its history and the members notified; with
    ``list_check`` (for officials: it is drawn from the members' control lists), an annex
    with the cut of the active lists against the share the level asks."""
    document = Document()
    _fonts(document, "Normal", BODY_FONT, 12)
    _fonts(document, "Title", TITLE_FONT, 20)
    _fonts(document, "Heading 1", TITLE_FONT, 14)
    level = LEVEL_ZH.get(warning.level, warning.level)
    lifted = warning.lifted_on is not None
    heading = f"关于{'解除' if lifted else ''}{_place(warning)}重污染天气{level}预警的通知"
    title = document.add_paragraph(heading, "Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if warning.synthetic:
        document.add_paragraph("（演示用合成数据，非真实预警）")
    history = warning_selectors.history(warning)
    for paragraph in _body(warning, history):
        document.add_paragraph(paragraph)
    share = warning_selectors.reduction_share(warning)
    if share.percent is not None and not lifted:
        document.add_paragraph(
            f"预警期间，二氧化硫、氮氧化物、颗粒物和挥发性有机物排放量分别在全市基础排放量"
            f"上减少{share.percent}%以上。绩效分级为A级和引领性的企业可自主采取减排措施。"
        )
    document.add_paragraph("预警过程", "Heading 1")
    for change in history:
        line = f"{change.day:%Y年%m月%d日} {STEP_ZH[WarningStep(change.step)]}"
        if change.step != WarningStep.LIFT:
            line += f"：{LEVEL_ZH.get(change.level, change.level)}预警"
        document.add_paragraph(line + (f"（{change.note}）" if change.note else ""))
    _notified(document, warning)
    last = history[-1].day if history else warning.start
    closing = document.add_paragraph(f"{_issuer(warning)}\n{last:%Y年%m月%d日}")
    closing.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if list_check is not None:
        _annex(document, list_check)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _series(values: list[int]) -> str:
    return "、".join(str(v) for v in values)


def _body(warning: AirWarning, history: list[AirWarningChange]) -> list[str]:
    """The issue, the level in force now and the lifting, each from its step's forecast."""
    place = _place(warning)
    issued = history[0] if history else None
    first = issued.forecast_aqi if issued else warning.forecast_aqi
    first_level = issued.level if issued else warning.level
    lines = [
        f"根据空气质量预报，{place}自{warning.start:%Y年%m月%d日}起逐日预测日AQI（滚动24小时均值）"
        f"为{_series(first)}。依据重污染天气预警分级标准（{warning.scheme}年方案），决定发布"
        f"重污染天气{LEVEL_ZH.get(first_level, first_level)}预警，启动"
        f"{RESPONSE_ZH.get(first_level, '')}应急响应，预警期自{warning.start:%Y年%m月%d日}起，"
        f"预计至{warning.expected_end:%Y年%m月%d日}。"
    ]
    changes = [c for c in history if c.step in (WarningStep.RAISE, WarningStep.LOWER)]
    if changes:
        last = changes[-1]
        lines.append(
            f"根据{last.day:%Y年%m月%d日}起逐日预测日AQI {_series(last.forecast_aqi)}，预警自该日起"
            f"调整为{LEVEL_ZH.get(last.level, last.level)}预警，启动"
            f"{RESPONSE_ZH.get(last.level, '')}应急响应。"
        )
    if warning.proposed_level != warning.level:
        proposed = LEVEL_ZH.get(warning.proposed_level, "不预警")
        lines.append(f"按预报平台建议级别为{proposed}；发布级别不同的理由：{warning.note}")
    if warning.lifted_on:
        lines.append(f"于{warning.lifted_on:%Y年%m月%d日}解除预警。")
    return lines


VERDICT_ZH = {True: "达到", False: "未达到", None: "无法判断"}


def _figure(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def _annex(document: Any, found: ListCheck) -> None:
    """附件: the active lists, and per pollutant the baseline, the expected cut, the share
    achieved and asked, and the verdict (as on the warning's page)."""
    document.add_paragraph("附件：对照现行管控清单核算减排比例（内部）", "Heading 1")
    if not found.lists:
        document.add_paragraph("本预警开始日前无已启动的重大活动管控清单，无法核算。")
        return
    names = "；".join(
        f"{a.control_list.member.name_zh}·{a.control_list.event.name}（第{a.version.number}版）"
        for a in found.lists
    )
    document.add_paragraph(f"现行管控清单：{names}。")
    table = document.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    heads = (
        "污染物",
        "基准排放量（千克/日）",
        "预计减排量（千克/日）",
        "实际减排比例",
        "要求减排比例",
        "结论",
    )
    for cell, text in zip(table.rows[0].cells, heads, strict=True):
        cell.text = text
    for p in found.check.pollutants:
        achieved = "—" if p.achieved is None else f"{p.achieved:.1f}%"
        required = "—" if p.required is None else f"{p.required}%"
        values = (
            p.pollutant,
            _figure(p.baseline),
            _figure(p.cut),
            achieved,
            required,
            VERDICT_ZH[p.passes],
        )
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    note = (
        f"共核算{found.check.entries}家企业，其中{found.check.missing}家缺少部分污染物的基准排放量"
        "（不计入该污染物合计）。"
    )
    if not found.check.verified:
        note += "要求减排比例未经核实。"
    document.add_paragraph(note)


def _notified(document: object, warning: AirWarning) -> None:
    members = [
        n.member.name_zh
        for n in warning.notices.select_related("member").order_by("member_id")
        if n.member.level == Level.MEMBER
    ]
    if members:
        document.add_paragraph("抄送：" + "、".join(members) + "生态环境厅（局）")  # type: ignore[attr-defined]


def disposition(warning: AirWarning) -> str:
    """The download's Content-Disposition: an ASCII name, and the Chinese one (RFC 6266)."""
    from urllib.parse import quote

    ascii_name = f"air-warning-{warning.pk}-{warning.start.isoformat()}.docx"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename(warning))}"
