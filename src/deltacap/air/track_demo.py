"""Demo mobile-monitoring track (走航, synthetic, never a real one): Jiangsu's vehicle drives
past two synthetic enterprises near Taihu whose VOCs plumes make a hotspot each; one
follow-up closed, one open past its rectification deadline (overdue).

Every write goes through the services as the demo accounts. The enterprises' positions are
the lakes' demo positions (``water/demo_lakes.py``); without them two are placed here
(marked synthetic). A second run adds nothing."""

from __future__ import annotations

import math
import random
from datetime import date, datetime, timedelta

from deltacap.accounts.models import User
from deltacap.accounts.permissions import PLATFORM
from deltacap.air import tracks
from deltacap.air.track_models import AirTrack
from deltacap.domain.air.tracks import haversine_m
from deltacap.enterprises.models import Enterprise
from deltacap.water import taihu
from deltacap.water.models_lakes import EnterpriseSite

MEMBER = "320000"
NAME = "太湖东岸走航（合成演示）"
START = datetime(2025, 11, 20, 9, 0, 0)
NOTE = "合成演示数据，非真实检查。"
VEHICLE, INSTRUMENT = "苏E·走航01（演示）", "PTR-TOF-MS（演示）"
# Where two enterprises are put when the lakes' demo placed none (east shore of Taihu).
FALLBACK = ((120.4452, 31.2301), (120.4631, 31.2415))


def _sites() -> list[EnterpriseSite]:
    sites = list(
        EnterpriseSite.objects.select_related("enterprise")
        .filter(enterprise__member_code=MEMBER, enterprise__synthetic=True)
        .order_by("enterprise__uscc")
    )
    if sites:
        first = sites[0]
        rest = sorted(sites[1:], key=lambda s: haversine_m(first.lon, first.lat, s.lon, s.lat))
        return [first, *rest[:1]]
    firms = Enterprise.objects.filter(member_code=MEMBER, synthetic=True).order_by("uscc")[:2]
    return [
        taihu.locate_enterprise(
            by=PLATFORM,
            channel="system",
            enterprise=firm,
            lon=lon,
            lat=lat,
            source="synthetic demo position",
            synthetic=True,
        )  # fmt: skip
        for firm, (lon, lat) in zip(firms, FALLBACK, strict=False)
    ]


def track_csv(sites: list[tuple[float, float]], seed: int = 12) -> bytes:
    """A synthetic track passing ~150 m north of each site, VOCs plumes around them."""
    rng = random.Random(seed)
    xs = [x for x, _ in sites]
    ys = [y for _, y in sites]
    west, east = min(xs) - 0.025, max(xs) + 0.025
    steps = 160
    rows = ["时间,经度,纬度,车辆,仪器,VOCs,PM2.5"]
    for i in range(steps):
        lon = west + (east - west) * i / (steps - 1)
        # Along the line through the sites, 150 m (≈0.00135°) north of it.
        k = (ys[-1] - ys[0]) / (xs[-1] - xs[0]) if len(sites) > 1 and xs[-1] != xs[0] else 0
        lat = ys[0] + k * (lon - xs[0]) + 0.00135
        plume = sum(650 * math.exp(-((haversine_m(lon, lat, x, y) / 260) ** 2)) for x, y in sites)
        vocs = round(45 + rng.uniform(-8, 8) + plume, 1)
        pm = round(35 + rng.uniform(-5, 5) + plume / 20, 1)
        at = START + timedelta(seconds=12 * i)
        rows.append(
            f"{at:%Y-%m-%d %H:%M:%S},{lon:.6f},{lat:.6f},{VEHICLE},{INSTRUMENT},{vocs},{pm}"
        )
    return ("\n".join(rows) + "\n").encode()


def load_demo_track() -> int:
    """The demo's track with its follow-ups; returns the tracks made (0 when there is one)."""
    if AirTrack.objects.filter(synthetic=True).exists():
        return 0
    sites = _sites()
    if not sites:
        return 0
    editor = User.objects.get(username="js-editor")
    report = tracks.import_track(
        by=editor,
        channel="system",
        data=track_csv([(s.lon, s.lat) for s in sites]),
        member=MEMBER,
        name=NAME,
        dry_run=False,
        synthetic=True,
    )
    assert report.written and report.track_id, report.to_json()
    track = tracks.get_track(report.track_id)
    for n, hotspot in enumerate(track.hotspots.order_by("number")):
        site = min(sites, key=lambda s: haversine_m(hotspot.lon, hotspot.lat, s.lon, s.lat))
        follow_up = tracks.record_follow_up(
            by=editor,
            channel="system",
            hotspot_id=hotspot.pk,
            enterprise=site.enterprise.uscc,
            inspector="苏州市生态环境局执法支队（演示）",
            inspected_on=date(2025, 11, 24),
            finding="涂装车间废气收集不完全，活性炭未按期更换。" + NOTE,
            deadline=date(2025, 12, 31) if n == 0 else date(2026, 1, 31),
            synthetic=True,
        )
        if n == 0:
            tracks.close_follow_up(
                by=editor,
                channel="system",
                follow_up_id=follow_up.pk,
                closed_on=date(2025, 12, 20),
                note="已更换活性炭并复测达标。" + NOTE,
            )
    return 1
