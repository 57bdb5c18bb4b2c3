"""Demo data of the working group: its people (synthetic: "示例" names, made-up numbers and
addresses in the reserved example.invalid domain, never real officials), two past meetings
(the second half of 2025 and the first half of 2026) with agenda, participants, minutes,
decisions, a document link and action items in every status, one of them overdue.

Every write goes through the services; the office's decisions are the demo office
account's. A second run adds nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from deltacap.accounts.models import User
from deltacap.accounts.permissions import PLATFORM
from deltacap.working import services
from deltacap.working.models import GroupPerson, Meeting

MEMBERS = {"310000": "沪", "320000": "苏", "330000": "浙", "340000": "皖"}
AREA_CODES = {"310000": "021", "320000": "025", "330000": "0571", "340000": "0551"}
LATIN = {"310000": "sh", "320000": "js", "330000": "zj", "340000": "ah"}


def _people() -> None:
    for code, short in MEMBERS.items():
        for n, (role, name, position) in enumerate(
            (
                ("lead", f"示例分管领导（{short}）", "分管副厅（局）长（示例）"),
                ("division_chief", f"示例分管处长（{short}）", "总量管理处处长（示例）"),
                ("liaison", f"示例联络员（{short}）", "总量管理处（示例）"),
            ),
            start=1,
        ):
            services.save_person(
                by=PLATFORM,
                channel="system",
                member=code,
                values={
                    "role": role,
                    "name": name,
                    "position": position,
                    "phone": f"{AREA_CODES[code]}-0000000{n}",
                    "email": f"{LATIN[code]}-{role.replace('_', '-')}@example.invalid",
                },
                synthetic=True,
            )
    for n, name in enumerate(("示例专班办公室主任", "示例专班办公室联络员"), start=1):
        services.save_person(
            by=PLATFORM,
            channel="system",
            member="",
            values={
                "role": "office_staff",
                "name": name,
                "position": "专班办公室（上海市生态环境局，示例）",
                "phone": f"021-1000000{n}",
                "email": f"office-{n}@example.invalid",
            },
            synthetic=True,
        )


MEETINGS: list[dict[str, Any]] = [
    {
        "day": date(2025, 11, 20),
        "place": "示例会场（杭州）",
        "host": "330000",
        "title": "2025年下半年调研会商研讨会议（示例）",
        "agenda": [
            ("330000", "跨界水体总磷协同减排工作进展（示例）", True, ""),
            ("320000", "重点减排工程年度调度评估口径（示例）", True, ""),
            ("340000", "排污权跨省交易试点扩围（示例）", False, "待交易规则修订后再议（示例）"),
        ],
        "participants": "\n".join(
            ("示例分管领导（沪）", "示例分管领导（苏）", "示例分管领导（浙）", "示例分管处长（皖）")
        )
        + "\n示例专班办公室主任",
        "minutes": (
            "会议听取了各成员重点减排工程进展情况汇报，研究了跨界水体协同减排事项（示例纪要）。"
        ),
        "decisions": (
            "各成员于2026年3月底前报送年度工作报告（示例）\n统一重点减排工程调度评估口径（示例）"
        ),
        "actions": [
            (
                "320000",
                "报送年度调度评估口径意见（示例）",
                date(2026, 1, 31),
                "done",
                "已于2026年1月报送书面意见（示例）",
            ),
            (
                "340000",
                "梳理排污权交易试点县名单（示例）",
                date(2026, 3, 31),
                "dropped",
                "并入2026年上半年会议议题（示例）",
            ),
            ("330000", "牵头编制跨界水体总磷减排方案（示例）", date(2026, 9, 30), "open", ""),
        ],
    },
    {
        "day": date(2026, 6, 18),
        "place": "示例会场（南京）",
        "host": "320000",
        "title": "2026年上半年调研会商研讨会议（示例）",
        "agenda": [
            ("310000", "区域年度报告编制分工（示例）", True, ""),
            ("340000", "排污权交易试点县名单（示例）", True, ""),
        ],
        "participants": "\n".join(
            ("示例分管领导（沪）", "示例分管领导（苏）", "示例分管处长（浙）", "示例分管领导（皖）")
        )
        + "\n示例专班办公室联络员",
        "minutes": "会议通报了2025年度区域报告编制情况，研究了排污权交易试点扩围事项（示例纪要）。",
        "decisions": "2026年第四季度启动任务清单汇总（示例）\n各成员更新联络员名单（示例）",
        "actions": [
            (
                "310000",
                "汇总区域年度报告初稿（示例）",
                date(2026, 12, 31),
                "in_progress",
                "已完成初稿框架（示例）",
            ),
            ("340000", "报送试点县名单（示例）", date(2027, 1, 15), "open", ""),
            (
                "320000",
                "更新江苏联络员名单（示例）",
                date(2026, 8, 31),
                "done",
                "已在平台更新（示例）",
            ),
        ],
    },
]


def load_demo_working() -> int:
    """The demo's working group and its two past meetings; returns the meetings made."""
    if Meeting.objects.exists() or GroupPerson.objects.exists():
        return 0
    office = User.objects.get(username="office")
    _people()
    for spec in MEETINGS:
        meeting = services.schedule_meeting(
            by=office,
            channel="system",
            day=spec["day"],
            place=spec["place"],
            host=spec["host"],
            title=spec["title"],
            synthetic=True,
        )
        proposed_on = date(spec["day"].year, spec["day"].month, 1)
        for member, title, accept, reason in spec["agenda"]:
            item = services.propose_agenda_item(
                by=PLATFORM,
                channel="system",
                meeting_id=meeting.pk,
                title=title,
                member=member,
                as_of=proposed_on,
            )
            services.decide_agenda_item(
                by=office, channel="system", agenda_id=item.pk, accept=accept, reason=reason
            )
        services.record_minutes(
            by=office,
            channel="system",
            meeting_id=meeting.pk,
            values={k: spec[k] for k in ("participants", "minutes", "decisions")},
        )
        services.add_document(
            by=office,
            channel="system",
            meeting_id=meeting.pk,
            title="会议通知（示例链接）",
            link="https://example.invalid/yrd-working-group/notice",
        )
        for owner, title, due, status, words in spec["actions"]:
            action = services.create_action_item(
                by=office,
                channel="system",
                meeting_id=meeting.pk,
                owner=owner,
                title=title,
                due=due,
            )
            if status != "open":
                services.update_action_item(
                    by=PLATFORM,
                    channel="system",
                    action_id=action.pk,
                    status=status,
                    # An item in progress says where it stands; a done one, what shows it.
                    note=words if status == "in_progress" else None,
                    evidence=None if status == "in_progress" else words,
                )
    return len(MEETINGS)
