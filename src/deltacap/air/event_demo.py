"""Demo data of key-period events (synthetic): the 2025 China International Import Expo
(第八届中国国际进口博览会, Shanghai, 5–10 November 2025) as a past event, with Shanghai's
controlled-enterprise list in two versions and Jiangsu's and Zhejiang's in one. The
enterprises are the demo's synthetic ones; measures, cuts and emissions are made up.

The demo's monitoring devices hold only the last days before the demo was built, so this
past event has no monitoring proof (its page says so). A second, current event
(``load_demo_current_event``: heavy-pollution emergency control on the demo's last day,
synthetic) lists enterprises with the demo's monitored flue-gas outlets, so that its page
shows the proof of execution: the simulated devices do not follow the measures, so the
enterprises under 'stop' are flagged. Every write goes through the services as the
members' demo editors; a second run adds nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

from deltacap.accounts.models import User
from deltacap.air import event_services
from deltacap.air.models import AirEvent
from deltacap.enterprises.models import Enterprise

NAME = "第八届中国国际进口博览会（示例）"
EDITORS = {"310000": "sh-editor", "320000": "js-editor", "330000": "zj-editor"}
CURRENT = "区域重污染天气应急联合管控（示例）"
ALL_EDITORS = {**EDITORS, "340000": "ah-editor"}


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


def _weak_list(firms: list[Enterprise]) -> list[dict[str, Any]]:
    """Zhejiang's list: milder measures (its cut falls short of an orange warning's 20 % for
    SO2, NOx and PM, meets it for VOCs) and one entry with no SO2 or PM baseline."""
    a, b, c = (f.uscc for f in firms[:3])
    return [
        _entry(
            a,
            "B",
            {"SO2": 120.0, "NOx": 300.0, "PM": 40.0, "VOCs": 80.0},
            {"kind": "limit", "percent": 20, "cuts": {"SO2": 24, "NOx": 60, "PM": 8, "VOCs": 16}},
        ),
        _entry(
            b,
            "C",
            {"SO2": 60.0, "NOx": 150.0, "PM": 25.0, "VOCs": 200.0},
            {"kind": "stop_process", "detail": "喷涂工序", "cuts": {"VOCs": 40}},
        ),
        _entry(
            c,
            "A",
            {"NOx": 80.0, "VOCs": 120.0},
            {"kind": "stop_process", "detail": "涂装工序", "cuts": {"VOCs": 60}},
        ),
    ]


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
        if member == "330000":
            first = _weak_list(firms)
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


def _monitored() -> dict[str, list[Enterprise]]:
    """The synthetic enterprises with a flue-gas outlet on a demo device, by member."""
    from deltacap.monitoring.models import Device

    found: dict[str, list[Enterprise]] = {}
    devices = Device.objects.select_related("outlet__enterprise").filter(
        outlet__medium="air", outlet__enterprise__synthetic=True
    )
    for device in devices.order_by("mn"):
        firm = device.outlet.enterprise if device.outlet else None
        if firm is not None and firm not in found.get(firm.member_code, []):
            found.setdefault(firm.member_code, []).append(firm)
    return found


def _measures(n: int) -> dict[str, Any]:
    kinds: list[dict[str, Any]] = [
        {"kind": "stop", "cuts": {"SO2": 20, "NOx": 50, "PM": 5}},
        {"kind": "limit", "percent": 30, "cuts": {"SO2": 6, "NOx": 15, "PM": 1.5}},
        {"kind": "shift_transport", "detail": "国四及以下柴油货车停运", "cuts": {"NOx": 2}},
    ]
    return kinds[n % len(kinds)]


def load_demo_current_event(today: date) -> int:
    """The current event on ``today`` (the demo's last day, China time) with the members'
    lists of their monitored enterprises; returns the events made (0 without devices)."""
    monitored = _monitored()
    if AirEvent.objects.filter(name=CURRENT).exists() or not monitored:
        return 0
    office = User.objects.get(username="office")
    event = event_services.create_event(
        by=office,
        channel="system",
        name=CURRENT,
        starts=today,
        ends=today,
        cities=["310000", "320500", "330100"],
        members=sorted(m for m in monitored if m in ALL_EDITORS),
        area="长三角区域（示例）",
        aqi_max=150,
        goals="应急管控期间削减污染物排放，遏制污染加重（示例）",
        contacts="专班办公室（示例） 021-10000001",
        required_shares={"SO2": 10, "NOx": 10, "PM": 10},
        synthetic=True,
    )
    for member, firms in sorted(monitored.items()):
        if member not in ALL_EDITORS:
            continue
        entries = [
            {
                "uscc": firm.uscc,
                "grade": "C",
                "baseline": {"SO2": 20.0, "NOx": 50.0, "PM": 5.0},
                "measures": [_measures(n)],
            }
            for n, firm in enumerate(firms[:3])
        ]
        event_services.replace_list(
            by=User.objects.get(username=ALL_EDITORS[member]),
            channel="system",
            list_id=event_services.list_of(event.pk, member).pk,
            entries=entries,
            reason="启动应急响应，按一厂一策落实管控（示例）",
        )
    return 1


def load_demo_all() -> int:
    """The past event and the current one (after the demo's monitoring data)."""
    from deltacap.monitoring.selectors import local_now

    return load_demo_events() + load_demo_current_event(local_now().date())
