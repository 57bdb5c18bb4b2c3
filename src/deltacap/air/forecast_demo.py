"""Demo of the joint forecast consultation: one past session (synthetic, marked as such)
for the host city Shanghai and one city each of Jiangsu and Zhejiang, three days ahead,
with the forecasts of three members (Shanghai, Jiangsu, Zhejiang), the platform's
baseline, the consensus (the members' mean) and its publication. The members' forecasts
are drawn from the demo's synthetic observations with a fixed seed (each member with a
bias of its own), so that their verification shows hits and misses. Run after the air
demo (it needs its observations). A second run adds nothing."""

from __future__ import annotations

from datetime import timedelta

import numpy as np

from deltacap.accounts.permissions import PLATFORM
from deltacap.air import forecast_services as services
from deltacap.air import selectors
from deltacap.air.forecast_models import Consultation
from deltacap.domain.air.forecast import pollutant_of

DEMO_SEED = 12
DAYS_AGO = 8
HORIZON = 3
HOST = "310000"
CITIES = ["310000", "320500", "330100"]
# The members that forecast, and the bias (AQI) of each one's synthetic forecasts.
MEMBERS = {"310000": 6.0, "320000": -8.0, "330000": 14.0}
REASONS = {
    "310000": "（模拟）静稳天气持续，夜间逆温，颗粒物累积",
    "320000": "（模拟）冷空气南下前扩散条件一般",
    "330000": "（模拟）午后光照强，臭氧浓度可能升高",
}


def load_demo_consultation() -> int:
    """The demo's past session with its forecasts; the number of forecasts written."""
    if Consultation.objects.filter(synthetic=True).exists():
        return 0
    today = selectors.local_now().date()
    day = today - timedelta(days=DAYS_AGO)
    consultation = services.open_consultation(
        by=PLATFORM,
        channel="system",
        day=day,
        horizon=HORIZON,
        cities=CITIES,
        hosts=[HOST],
        title="（模拟）区域空气质量联合会商",
        synthetic=True,
    )
    observed = {
        (r["city"], r["date"]): r["rating"]
        for r in selectors.city_daily(day, day + timedelta(days=HORIZON - 1))
    }
    rng = np.random.default_rng(DEMO_SEED)
    written = 0
    proposals: dict[str, list[list[dict[str, object]]]] = {c: [] for c in CITIES}
    for member, bias in MEMBERS.items():
        for city in CITIES:
            if city != HOST and city[:2] != member[:2]:
                continue
            rows = []
            for lead in range(1, HORIZON + 1):
                rating = observed.get((city, day + timedelta(days=lead - 1)))
                aqi = float(rating.aqi) if rating and rating.aqi else 70.0
                centre = max(10.0, aqi + bias + float(rng.normal(0, 15)))
                half = float(rng.integers(10, 21))
                low, high = int(max(0, centre - half)), int(min(500, centre + half))
                primary = pollutant_of(rating.primary[0]) if rating and rating.primary else ""
                if rng.random() < 0.25:  # now and then a member names another pollutant
                    primary = "O3" if primary != "O3" else "PM2.5"
                if high > 50 and not primary:
                    primary = "PM2.5"
                rows.append(
                    {
                        "lead": lead,
                        "aqi_low": low,
                        "aqi_high": high,
                        "primary": primary,
                        "reasoning": REASONS[member],
                    }
                )
            services.submit_forecasts(
                by=PLATFORM,
                channel="system",
                consultation_id=consultation.pk,
                city=city,
                forecasts=rows,
                member=member,
            )
            proposals[city].append(rows)
            written += len(rows)
    for city, lists in proposals.items():
        consensus = []
        for lead in range(1, HORIZON + 1):
            days = [rows[lead - 1] for rows in lists]
            primaries = [str(d["primary"]) for d in days if d["primary"]]
            high = round(float(np.mean([d["aqi_high"] for d in days])))
            consensus.append(
                {
                    "lead": lead,
                    "aqi_low": round(float(np.mean([d["aqi_low"] for d in days]))),
                    "aqi_high": high,
                    "primary": max(set(primaries), key=primaries.count) if primaries else "",
                    "reasoning": "（模拟）综合各方意见",
                }
            )
        services.record_consensus(
            by=PLATFORM,
            channel="system",
            consultation_id=consultation.pk,
            city=city,
            forecasts=consensus,
        )
        written += len(consensus)
    services.publish(by=PLATFORM, channel="system", consultation_id=consultation.pk)
    return written
