"""Demo mobile-monitoring track (走航, synthetic, never a real one): Jiangsu's vehicle drives
past the two nearest synthetic enterprises by Taihu whose VOCs plumes make a hotspot each; one
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
NAME = "太湖沿岸走航（合成演示）"
START = datetime(2025, 11, 20, 9, 0, 0)
NOTE = "合成演示数据，非真实检查。"
VEHICLE, INSTRUMENT = "苏E·走航01（演示）", "PTR-TOF-MS（演示）"
# Where two enterprises are put when the lakes' demo placed none (east shore of Taihu).
FALLBACK = ((120.4452, 31.2301), (120.4631, 31.2415))


def _sites() -> list[EnterpriseSite]:
    """The two nearest synthetic Jiangsu enterprises with a position (placed when none)."""
    sites = list(
        EnterpriseSite.objects.select_related("enterprise")
        .filter(enterprise__member_code=MEMBER, enterprise__synthetic=True)
        .order_by("enterprise__uscc")
    )
    if len(sites) > 1:
        pairs = [(a, b) for i, a in enumerate(sites) for b in sites[i + 1 :]]
        a, b = min(pairs, key=lambda p: haversine_m(p[0].lon, p[0].lat, p[1].lon, p[1].lat))
        return [a, b]
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
    """A synthetic track along the line through the sites, from 1.5 km before the first to
    1.5 km past the last, 150 m beside it, a point every ~60 m (12 s), with VOCs plumes
    around the sites."""
    rng = random.Random(seed)
    (x0, y0), (x1, y1) = sites[0], sites[-1]
    mx = 111_320 * math.cos(math.radians(y0))  # metres per degree of longitude here
    my = 110_540.0  # and of latitude
    dx, dy = (x1 - x0) * mx, (y1 - y0) * my
    length = math.hypot(dx, dy) or 1.0
    ux, uy = (dx / length, dy / length) if math.hypot(dx, dy) else (1.0, 0.0)
    total = length + 3000 if len(sites) > 1 else 3000.0
    steps = max(60, min(2000, round(total / 60)))
    rows = ["时间,经度,纬度,车辆,仪器,VOCs,PM2.5"]
    for i in range(steps):
        along = -1500 + total * i / (steps - 1)
        lon = x0 + (ux * along - uy * 150) / mx
        lat = y0 + (uy * along + ux * 150) / my
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
            inspector="属地生态环境执法队伍（演示）",
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
