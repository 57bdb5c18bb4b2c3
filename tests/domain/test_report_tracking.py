"""The water bodies' tracking evaluation in the reports' water chapter: a second-level
section with one row per water body, worded in Chinese; no section without data."""

from __future__ import annotations

from decimal import Decimal

from deltacap.domain.reports.data import MemberData, Pollutant, RegionData, TrackingRow, WaterRow
from deltacap.domain.reports.document import Paragraph
from deltacap.domain.reports.member import member_report
from deltacap.domain.reports.region import region_report

TAIHU = TrackingRow(
    body="太湖", sections=2, months_with_data=12, months_attaining=9,
    trends=(("CODMn", "no trend"), ("TP", "decreasing"), ("TN", "increasing")),
    loads=(("TN", 5432.1, 5600.0, True), ("TP", 250.4, None, False)),
    projects_in_place=3, investment_wan=Decimal("12000"), outfalls_rectifying=2, zone_done=1,
)  # fmt: skip
XINANJIANG = TrackingRow(
    body="新安江", sections=1, months_with_data=12, months_attaining=12, trends=()
)


def _member(tracking: list[TrackingRow], water: list[WaterRow] | None = None) -> MemberData:
    return MemberData(
        "320000", "江苏省", 2025, "“十四五”", True, [Pollutant("COD", "化学需氧量")], [],
        water=water or [], tracking=tracking,
    )  # fmt: skip


def test_the_member_reports_water_chapter_holds_the_tracking_table() -> None:
    water = [WaterRow("湖心", "太湖", "III", "IV", False)]
    doc = member_report(_member([TAIHU, XINANJIANG], water))
    labels = [h.label for h in doc.headings()]
    chapter = next(n for n, label in enumerate(labels) if label.endswith("地表水环境质量"))
    assert labels[chapter + 1] == "（一）水体跟踪评估"
    table = next(t for t in doc.tables() if t.key == "water_tracking")
    assert table.rows[0] == (
        "太湖", "2", "9/12", "总磷下降、总氮上升",
        "总氮5,432吨（目标5,600吨）；总磷250吨（数据不全）",
        "已投运水污染治理工程3个（投资12,000万元）；整治入河（湖）排污口2个；"
        "太湖5公里范围完成关停搬迁升级1家",
    )  # fmt: skip
    assert table.rows[1][3:5] == ("数据不足两年", "—")
    text = " ".join(b.text for b in doc.blocks if isinstance(b, Paragraph))
    assert "江苏省对2个水体开展跟踪评估，其中新安江全年各月均达到水质目标。" in text


def test_no_tracking_section_without_water_data() -> None:
    doc = member_report(_member([]))
    assert not any(t.key.startswith("water") for t in doc.tables())
    assert not any("地表水" in h.label for h in doc.headings())
    alone = member_report(_member([XINANJIANG]))  # tracking without sections' rows
    assert [t.key for t in alone.tables() if t.key.startswith("water")] == ["water_tracking"]


def test_the_region_report_evaluates_every_water_body() -> None:
    data = RegionData(
        2025, "“十四五”", True, [Pollutant("COD", "化学需氧量")], [], [_member([TAIHU])],
        tracking=[TAIHU, XINANJIANG],
    )  # fmt: skip
    doc = region_report(data)
    table = next(t for t in doc.tables() if t.key == "water_tracking")
    assert [r[0] for r in table.rows] == ["太湖", "新安江"]


def test_a_water_body_without_an_area_counts_no_measures() -> None:
    river = TrackingRow(
        body="苕溪", sections=1, months_with_data=12, months_attaining=12, trends=(),
        measured=False,
    )  # fmt: skip
    doc = member_report(_member([river]))
    table = next(t for t in doc.tables() if t.key == "water_tracking")
    assert table.rows[0][5] == "—"


def test_a_load_above_its_target_is_said_so() -> None:
    lake = TrackingRow(
        body="太湖", sections=1, months_with_data=12, months_attaining=0, trends=(),
        loads=(("TP", 300.0, 270.0, True), ("TN", 6000.0, 5600.0, False)),
    )  # fmt: skip
    table = next(t for t in member_report(_member([lake])).tables() if t.key == "water_tracking")
    assert (
        table.rows[0][4]
        == "总磷300吨（目标270吨，超出目标）；总氮6,000吨（目标5,600吨）（数据不全）"
    )
