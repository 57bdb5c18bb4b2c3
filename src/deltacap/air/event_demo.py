"""Demo data of key-period events (synthetic): the 2025 China International Import Expo
(第八届中国国际进口博览会, Shanghai, 5–10 November 2025) as a past event, with Shanghai's
controlled-enterprise list in two versions and Jiangsu's and Zhejiang's in one. The
enterprises are the demo's synthetic ones; measures, cuts and emissions are made up.

The demo's monitoring devices hold only the last days before the demo was built, so this
past event has no monitoring proof (its page says so). Every write goes through the
services as the members' demo editors; a second run adds nothing."""

from __future__ import annotations

from typing import Any

from deltacap.accounts.models import User
from deltacap.air import event_services
from deltacap.air.models import AirEvent
from deltacap.enterprises.models import Enterprise

NAME = "第八届中国国际进口博览会（示例）"
EDITORS = {"310000": "sh-editor", "320000": "js-editor", "330000": "zj-editor"}


def _entry(
    uscc: str, grade: str, base: dict[str, float], *measures: dict[str, Any]
) -> dict[str, Any]:
    return {"uscc": uscc, "grade": grade, "baseline": base, "measures": list(measures)}


def _lists(firms: list[Enterprise]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Shanghai's first and second version (one firm added, one taken off, one changed)."""
    a, b, c, d = (f.uscc for f in firms[:4])
    first = [
        _entry(
            a,
            "B",
            {"SO2": 120.0, "NOx": 300.0, "PM": 40.0, "VOCs": 80.0},
            {"kind": "limit", "percent": 30, "cuts": {"SO2": 36, "NOx": 90, "PM": 12, "VOCs": 24}},
            {"kind": "shift_transport", "detail": "国五及以下柴油货车停运", "cuts": {"NOx": 15}},
        ),
        _entry(
            b,
            "C",
            {"SO2": 60.0, "NOx": 150.0, "PM": 25.0, "VOCs": 200.0},
            {"kind": "stop", "cuts": {"SO2": 60, "NOx": 150, "PM": 25, "VOCs": 200}},
        ),
        _entry(
            c,
            "A",
            {"NOx": 80.0, "VOCs": 120.0},
            {"kind": "stop_process", "detail": "涂装工序", "cuts": {"VOCs": 60}},
        ),
    ]
    second = [
        _entry(
            a,
            "B",
            {"SO2": 120.0, "NOx": 300.0, "PM": 40.0, "VOCs": 80.0},
            {"kind": "limit", "percent": 50, "cuts": {"SO2": 60, "NOx": 150, "PM": 20, "VOCs": 40}},
            {"kind": "shift_transport", "detail": "国五及以下柴油货车停运", "cuts": {"NOx": 15}},
        ),
        first[1],
        _entry(
            d,
            "leading",
            {"SO2": 30.0, "NOx": 90.0, "PM": 10.0, "VOCs": 40.0},
            {"kind": "limit", "percent": 20, "cuts": {"SO2": 6, "NOx": 18, "PM": 2, "VOCs": 8}},
        ),
    ]
    return first, second


def load_demo_events() -> int:
    """The demo event and its lists; returns the events made."""
    if AirEvent.objects.filter(name=NAME).exists():
        return 0
    office = User.objects.get(username="office")
    event = event_services.create_event(
        by=office,
        channel="system",
        name=NAME,
        starts="2025-11-05",
        ends="2025-11-10",
        cities=["310000", "320500", "330400"],
        members=["310000", "320000", "330000"],
        area="上海市及苏州、嘉兴毗邻地区（示例）",
        aqi_max=100,
        goals="保障期间上海市每日空气质量指数不超过100（示例）",
        contacts="专班办公室（示例） 021-10000001\n上海市生态环境局大气处（示例） 021-00000001",
        required_shares={"SO2": 20, "NOx": 25, "PM": 20, "VOCs": 30},
        synthetic=True,
    )
    for member, username in EDITORS.items():
        firms = list(
            Enterprise.objects.filter(member_code=member, synthetic=True).order_by("uscc")[:4]
        )
        if len(firms) < 4:
            continue
        editor = User.objects.get(username=username)
        control_list = event_services.list_of(event.pk, member)
        first, second = _lists(firms)
        event_services.replace_list(
            by=editor,
            channel="system",
            list_id=control_list.pk,
            entries=first,
            reason="保障方案首版清单（示例）",
        )
        if member == "310000":
            event_services.replace_list(
                by=editor,
                channel="system",
                list_id=control_list.pk,
                entries=second,
                reason="会商后加严：A企业限产比例提高，调整管控企业（示例）",
            )
    return 1
