"""Demo data of high-emission vehicles: synthetic vehicles of the four members (made-up
plates, marked synthetic), their detections at home and in other members over the last
three months, and the cross-member notices that the rules raise from them: one overdue
without a response, one answered (owner notified, repair ordered), one closed (scrapped)
and one just raised. And non-road machinery: synthetic machines of the four members (one
owned by the Suzhou demo enterprise), field checks across the members (one accepted in
another member's low-emission zone, two failed with notices back, one answered).

Every write goes through the services (imports as the platform, responses as the
registering member's demo editor). A second run adds nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from deltacap.accounts.models import User
from deltacap.accounts.permissions import PLATFORM
from deltacap.mobile import machinery, services
from deltacap.mobile.models import Machine, MachineNotice, Notice, Vehicle

VEHICLE_HEADER = "号牌号码,号牌颜色,车辆类型,燃料类型,排放标准,注册城市,所有人类型"
VEHICLES = (
    "苏E9X001,黄,重型货车,柴油,国IV,320500,单位",
    "浙F9X002,黄,重型货车,柴油,国V,330400,单位",
    "皖A9X003,黄,轻型货车,柴油,国III,340100,单位",
    "沪A9X004,蓝,小型客车,汽油,国V,310000,个人",
    "苏A9X005,蓝,小型客车,汽油,国VI,320100,个人",
    "浙AD90051,绿,小型客车,纯电动,国VI,330100,个人",
    "沪B9X006,黄,大型客车,天然气,国VI,310000,机关",
)
DETECTION_HEADER = (
    "号牌号码,号牌颜色,检测时间,城市,地点,检测方式,检测结果,CO(%),HC(ppm),NO(ppm),不透光度(%)"
)
# plate, colour, days ago, city, place, method, result, CO, HC, NO, opacity
DETECTIONS = (
    (
        "苏E9X001",
        "黄",
        80,
        "310000",
        "G15沈海高速嘉浚段遥感点（示例）",
        "遥感监测",
        "不合格",
        "",
        "",
        "1650",
        "38",
    ),
    (
        "苏E9X001",
        "黄",
        60,
        "310000",
        "S20外环高速遥感点（示例）",
        "遥感监测",
        "不合格",
        "",
        "",
        "1720",
        "41",
    ),
    (
        "苏E9X001",
        "黄",
        70,
        "320500",
        "苏州绕城高速遥感点（示例）",
        "遥感监测",
        "合格",
        "",
        "",
        "820",
        "12",
    ),
    (
        "浙F9X002",
        "黄",
        40,
        "320500",
        "苏嘉杭高速遥感点（示例）",
        "遥感监测",
        "不合格",
        "",
        "",
        "1480",
        "35",
    ),
    (
        "浙F9X002",
        "黄",
        30,
        "320500",
        "吴江区路检点（示例）",
        "遥感监测",
        "不合格",
        "",
        "",
        "1530",
        "33",
    ),
    ("浙F9X002", "黄", 35, "330400", "嘉兴年检站（示例）", "年检", "合格", "", "", "", "9"),
    (
        "皖A9X003",
        "黄",
        20,
        "330100",
        "杭州低排放区入口（示例）",
        "低排放区号牌识别",
        "合格",
        "",
        "",
        "",
        "",
    ),
    ("沪A9X004", "蓝", 5, "330400", "嘉善县路检点（示例）", "路检", "不合格", "2.1", "410", "", ""),
    (
        "苏A9X005",
        "蓝",
        12,
        "310000",
        "S20外环高速遥感点（示例）",
        "遥感监测",
        "合格",
        "0.3",
        "60",
        "120",
        "",
    ),
    (
        "浙AD90051",
        "绿",
        9,
        "320100",
        "南京停车场检查（示例）",
        "停放地检查",
        "合格",
        "",
        "",
        "",
        "",
    ),
    (
        "沪B9X006",
        "黄",
        15,
        "340100",
        "合肥遥感点（示例）",
        "遥感监测",
        "合格",
        "0.2",
        "40",
        "300",
        "",
    ),
)
# Runs of the rules as of so many days ago (the notices' day), then responses.
RUNS = (50, 25, 10, 0)
RESPONSES = (
    ("浙F9X002", "zj-editor", "notified_owner", 20, "已电话通知车主（示例）"),
    ("浙F9X002", "zj-editor", "ordered_repair", 15, "责令限期维修并复检（示例）"),
    ("皖A9X003", "ah-editor", "scrapped", 3, "车辆已报废注销（示例）"),
)


def load_demo_mobile(now: datetime | None = None) -> int:
    """Vehicles, detections, notices and responses (and the machinery below); the
    vehicles' notices raised."""
    load_demo_machinery(now)
    if Vehicle.objects.filter(synthetic=True).exists():
        return 0
    now = (now or services.china_now()).replace(second=0, microsecond=0)
    data = "\n".join((VEHICLE_HEADER, *VEHICLES)) + "\n"
    made = services.import_vehicles(
        by=PLATFORM, channel="system", data=data.encode(), dry_run=False, synthetic=True
    )
    assert made.written, made.to_json()["errors"][:3]
    lines = [DETECTION_HEADER]
    for plate, colour, days, city, place, method, result, *values in DETECTIONS:
        when = now - timedelta(days=days, hours=days % 7)
        lines.append(
            ",".join(
                (plate, colour, f"{when:%Y-%m-%d %H:%M}", city, place, method, result, *values)
            )
        )
    report = services.import_detections(
        by=PLATFORM,
        channel="system",
        data=("\n".join(lines) + "\n").encode(),
        dry_run=False,
        raise_notices=False,  # raised below, on the runs' days
    )
    assert report.written, report.to_json()["errors"][:3]
    raised = 0
    for days in RUNS:
        raised += services.evaluate(
            by=PLATFORM, channel="system", as_of=now - timedelta(days=days)
        ).raised
    for plate, editor, response, days, note in RESPONSES:
        notice = Notice.objects.filter(vehicle__plate=plate).first()
        if notice is not None:
            services.respond(
                by=User.objects.get(username=editor),
                channel="system",
                notice_id=notice.pk,
                response=response,
                day=(now - timedelta(days=days)).date(),
                note=note,
            )
    load_demo_phaseout(now)
    return raised


# --- non-road machinery: made-up codes (marked synthetic), checks across the members -----------

MACHINE_HEADER = (
    "环保登记编码,机械类型,燃料类型,发动机型号,额定功率(kW),排放阶段,登记城市,"
    "所有人统一社会信用代码,所有人名称"
)
# code, type, fuel, engine model, kW, stage, city, owner account (its enterprise), owner name
MACHINES = (
    ("苏E00A101", "挖掘机", "柴油", "示例YC4D", "92", "国三", "320500", "ent-suzhou", ""),
    ("苏A00B202", "装载机", "柴油", "示例WP6", "162", "国二", "320100", "", "示例建设公司"),
    ("浙F00C303", "起重机", "柴油", "示例SC7H", "199", "国四", "330400", "", "示例吊装公司"),
    ("沪E00D404", "叉车", "电", "", "", "国四", "310000", "", "示例物流公司"),
    ("皖A00E505", "压路机", "柴油", "示例4BTA", "74", "国一", "340100", "", "示例路桥公司"),
)
# code, checking editor, city, place, days ago, result, low-emission zone, note
CHECKS = (
    ("苏E00A101", "zj-editor", "330100", "杭州低排放区工地（示例）", 12, "pass", True, ""),
    ("苏A00B202", "sh-editor", "310000", "上海低排放区工地（示例）", 9, "fail", True,
     "黑烟明显（示例）"),
    ("皖A00E505", "js-editor", "320500", "苏州工业园区工地（示例）", 4, "fail", False,
     "标识与铭牌不符（示例）"),
    ("浙F00C303", "ah-editor", "340100", "合肥港区（示例）", 6, "pass", False, ""),
)  # fmt: skip
MACHINE_RESPONSES = (("苏A00B202", "js-editor", "ordered_repair", "责令限期维修并复检（示例）"),)


def load_demo_machinery(now: datetime | None = None) -> int:
    """Machines of the four members, field checks across them (one accepted in another
    member's low-emission zone, two failed with notices back), one notice answered; the
    checks recorded. A second run adds nothing."""
    if Machine.objects.filter(synthetic=True).exists():
        return 0
    today = (now or services.china_now()).date()
    owners = dict(
        User.objects.filter(enterprise__isnull=False).values_list("username", "enterprise__uscc")
    )
    rows = [
        ",".join((code, kind, fuel, engine, kw, stage, city, owners.get(owner, ""), name))
        for code, kind, fuel, engine, kw, stage, city, owner, name in MACHINES
    ]
    data = "\n".join((MACHINE_HEADER, *rows)) + "\n"
    made = machinery.import_machinery(
        by=PLATFORM, channel="system", data=data.encode(), dry_run=False, synthetic=True
    )
    assert made.written, made.to_json()["errors"][:3]
    editors = {u.username: u for u in User.objects.filter(username__endswith="-editor")}
    recorded = 0
    for code, editor, city, place, days, result, zone, note in CHECKS:
        machinery.record_check(
            by=editors.get(editor, PLATFORM), channel="system", code=code, city=city,
            place=place, result=result, day=today - timedelta(days=days),
            low_emission_zone=zone, note=note, synthetic=True,
        )  # fmt: skip
        recorded += 1
    for code, editor, response, note in MACHINE_RESPONSES:
        notice = MachineNotice.objects.filter(machine__code=code).first()
        if notice is not None:
            machinery.respond(
                by=editors.get(editor, PLATFORM), channel="system", notice_id=notice.pk,
                response=response, note=note,
            )  # fmt: skip
    return recorded


# --- phase-out: synthetic records of the demo's old trucks and machines, and targets -----------

PHASEOUT_HEADER = "类别,号牌或编码,城市,月份,淘汰方式"
# subject, plate or code, city, months ago, outcome
PHASEOUT = (
    ("车辆", "苏E9X001", "320500", 2, "报废"),
    ("车辆", "皖A9X003", "340100", 1, "注销"),
    ("机械", "皖A00E505", "340100", 3, "报废"),
    ("机械", "苏A00B202", "320100", 1, "出口"),
)
# member, vehicles, machines (this year's targets, synthetic)
PHASEOUT_TARGETS = (("320000", 40, 20), ("340000", 30, 15))


def load_demo_phaseout(now: datetime | None = None) -> int:
    """Synthetic phase-out records of the demo's old trucks and machines (this year) and
    two members' targets, so that progress and the reduction they account for show; and
    Jiangsu's phase-out made into key reduction projects."""
    from deltacap.mobile import phaseout, phaseout_projects
    from deltacap.mobile.models import PhaseoutRecord

    if PhaseoutRecord.objects.filter(synthetic=True).exists():
        return 0
    today = (now or services.china_now()).date()
    rows = []
    for subject, unit, city, back, outcome in PHASEOUT:
        month = max(1, today.month - back)
        rows.append(f"{subject},{unit},{city},{today.year}-{month:02d},{outcome}")
    data = "\n".join((PHASEOUT_HEADER, *rows)) + "\n"
    made = phaseout.import_records(
        by=PLATFORM, channel="system", data=data.encode(), dry_run=False, synthetic=True
    )
    assert made.written, made.to_json()["errors"][:3]
    for member, vehicles, machines in PHASEOUT_TARGETS:
        phaseout.set_target(by=PLATFORM, channel="system", member=member, year=today.year,
                            vehicles=vehicles, machines=machines)  # fmt: skip
    # Jiangsu's phase-out of the year made into key reduction projects.
    phaseout_projects.make_projects(
        by=PLATFORM, channel="system", member="320000", year=today.year, synthetic=True
    )
    return made.created
