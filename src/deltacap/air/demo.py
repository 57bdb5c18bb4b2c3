"""Demo heavy-pollution warnings (synthetic, never real ones): a past yellow warning for
苏州市 issued by Jiangsu's editor, raised to orange on a worse forecast and lifted, with its
notices to the other members (Shanghai and Zhejiang have read theirs, Anhui not yet); and a
past orange warning for 嘉兴市, lifted, whose active control list (Zhejiang's for the demo
event) falls short of the cut the level asks, where Suzhou's (Jiangsu's) meets it.

Every write goes through the services as the demo accounts. A second run adds nothing."""

from __future__ import annotations

from datetime import date

from deltacap.accounts.models import User
from deltacap.air import warnings
from deltacap.air.models import AirWarning, WarningStep

CITY = "320500"  # 苏州市
NOTE = "示例：合成演示数据，非真实预警。"


def load_demo_warnings() -> int:
    """The demo's lifted warnings; returns 1 when made (0 when there are some already)."""
    if AirWarning.objects.filter(synthetic=True).exists():
        return 0
    editor = User.objects.get(username="js-editor")
    warning = warnings.issue_warning(
        by=editor,
        channel="system",
        city=CITY,
        start=date(2025, 12, 14),
        expected_end=date(2025, 12, 17),
        forecast_aqi=[140, 205, 150],
        note=NOTE,
        synthetic=True,
    )
    warnings.change_level(
        by=editor,
        channel="system",
        warning_id=warning.pk,
        step=WarningStep.RAISE,
        level="orange",
        forecast_aqi=[215, 230, 160],
        day=date(2025, 12, 15),
        note=NOTE,
    )
    warnings.lift_warning(
        by=editor, channel="system", warning_id=warning.pk, day=date(2025, 12, 17), note=NOTE
    )
    for member, reader in (("310000", "sh-editor"), ("330000", "zj-editor")):
        notice = warning.notices.get(member_id=member)
        warnings.mark_notice(
            by=User.objects.get(username=reader), channel="system", notice_id=notice.pk
        )
    jiaxing = warnings.issue_warning(
        by=User.objects.get(username="zj-editor"),
        channel="system",
        city="330400",  # 嘉兴市
        start=date(2025, 11, 20),
        expected_end=date(2025, 11, 22),
        forecast_aqi=[215, 230, 160],
        note=NOTE,
        synthetic=True,
    )
    warnings.lift_warning(
        by=User.objects.get(username="zj-editor"),
        channel="system",
        warning_id=jiaxing.pk,
        day=date(2025, 11, 22),
        note=NOTE,
    )
    return 1
