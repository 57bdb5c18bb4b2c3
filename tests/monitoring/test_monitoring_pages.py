"""Monitoring pages: who sees which outlets, the exceedance list, bad parameters."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from deltacap.accounts.permissions import PLATFORM
from deltacap.domain import hj212
from deltacap.monitoring import figures, rollup, store
from deltacap.monitoring.registry import device_table, outlet_configs
from deltacap.monitoring.services import register_device

pytestmark = pytest.mark.django_db
DAY = datetime(2026, 3, 2)


def _hour(mn: str, hour: int, cod: str) -> hj212.Message:
    """An hourly record (CN 2061): 100 m3 of water with ``cod`` mg/L COD."""
    message = hj212.Message(
        st=hj212.SystemCode("32"),
        cn=hj212.CommandCode.HOURLY_DATA,
        qn="20260302000000000",
        pw="123456",
        mn=mn,
        flag=hj212.PacketFlag(4),
        cp=hj212.CommandParameters.of(
            {"DataTime": f"{DAY + timedelta(hours=hour):%Y%m%d%H%M%S}"},
            {"w00000": {"Cou": "100", "Flag": "N"}, "w01018": {"Avg": cod, "Flag": "N"}},
        ),
    )
    return hj212.parse(hj212.build(message))


@pytest.fixture
def outlets(users: Any, settings: Any, tmp_path: Path) -> dict[str, int]:
    settings.DATA_DIR = tmp_path
    owners = {"0D1": users("ent-suzhou").enterprise, "0D2": users("ent-hangzhou").enterprise}
    for mn, enterprise in owners.items():
        register_device(
            by=PLATFORM,
            channel="cli",
            mn=mn,
            password="123456",
            enterprise=enterprise.uscc,
            outlet_code="DW001",
            medium="water",
            minute_interval=60,
            limits={"w01018": "50"},
        )
    registry, batch = device_table(), store.Batch()
    for mn in owners:
        for hour in range(24):
            cod = "80" if mn == "0D1" and hour in (10, 11, 12) else "30"
            store.add_values(
                batch,
                device=registry[mn],
                message=_hour(mn, hour, cod),
                packet_id=hour,
                received=1_772_000_000.0,
            )
    root = tmp_path / "measurements"
    store.write_batch(root, batch)
    rollup.roll_up(root, ["2026-03-02"], outlet_configs())
    return {mn: int(registry[mn].outlet_id or 0) for mn in owners}


def test_each_reader_sees_only_the_outlets_it_may(client: Any, users: Any, outlets: Any) -> None:
    period = {"start": "2026-03-02", "end": "2026-03-02"}
    client.force_login(users("office"))
    page = client.get("/monitoring/", period).content.decode()
    assert all(f'data-outlet="{pk}"' in page for pk in outlets.values())
    assert "100 %" in page  # 24 hourly records of 24 expected
    client.force_login(users("ent-hangzhou"))
    page = client.get("/monitoring/", period).content.decode()
    assert f'data-outlet="{outlets["0D2"]}"' in page
    assert f'data-outlet="{outlets["0D1"]}"' not in page
    assert client.get(f"/monitoring/outlets/{outlets['0D1']}/").status_code == 403
    assert client.get(f"/monitoring/outlets/{outlets['0D2']}/?date=2026-03-02").status_code == 200


def test_the_exceedance_list_shows_one_three_hour_event(
    client: Any, users: Any, api: Any, outlets: Any
) -> None:
    client.force_login(users("sz-editor"))
    page = client.get("/monitoring/exceedances/", {"start": "2026-03-01", "end": "2026-03-03"})
    html = page.content.decode()
    group = re.search(
        rf'<tr data-outlet="{outlets["0D1"]}" data-day="2026-03-02">(.*?)</tr>', html, re.S
    )
    assert group is not None and f'data-outlet="{outlets["0D2"]}"' not in html
    cells = group.group(1)
    assert ">3</td>" in cells and ">1.60</td>" in cells  # 3 hours, peak 80 over a limit of 50
    assert "10:00–13:00" in cells and "80.00" in cells
    events = api.get(
        "/api/v1/monitoring/exceedances", as_user="office", start="2026-03-01", end="2026-03-03"
    ).json()
    assert [(e["outlet_id"], e["factor"], e["hours"], float(e["peak"])) for e in events] == [
        (outlets["0D1"], "w01018", 3, 80.0)
    ]
    assert (
        api.get(
            "/api/v1/monitoring/exceedances",
            as_user="ent-hangzhou",
            start="2026-03-01",
            end="2026-03-03",
        ).json()
        == []
    )


def test_daily_sums_are_the_hours_of_the_day(api: Any, outlets: Any) -> None:
    days = api.get(
        f"/api/v1/monitoring/outlets/{outlets['0D1']}/daily", as_user="office", start="2026-03-02"
    ).json()
    cod = next(d for d in days if d["factor"] == "w01018")
    # 21 hours at 30 mg/L and 3 at 80 mg/L, 100 m3 each: 21 x 3 kg + 3 x 8 kg = 87 kg.
    assert cod["emission_kg"] == pytest.approx(87.0)
    assert (cod["valid"], cod["expected"], cod["hours"]) == (24, 24, 24)
    flow = next(d for d in days if d["factor"] == "w00000")
    assert flow["flow_m3"] == pytest.approx(2400.0) and flow["emission_kg"] is None


def test_period_totals_are_the_sums_of_the_days(outlets: Any, settings: Any) -> None:
    """What the year-end reconciliation reads: one row per outlet and factor for a whole
    period, equal to the daily figures summed (here a second day with 12 hours only)."""
    registry, batch = device_table(), store.Batch()
    for hour in range(24, 36):  # 2026-03-03, 00:00 to 11:00, COD at 40 mg/L
        store.add_values(
            batch,
            device=registry["0D1"],
            message=_hour("0D1", hour, "40"),
            packet_id=hour,
            received=1_772_100_000.0,
        )
    root = settings.DATA_DIR / "measurements"
    store.write_batch(root, batch)
    rollup.roll_up(root, ["2026-03-03"], outlet_configs())
    ids, start, end = list(outlets.values()), date(2026, 3, 1), date(2026, 3, 31)
    summed: dict[tuple[int, str], list[Any]] = {}
    for day in figures.daily(root, ids, start, end):
        sums = summed.setdefault((day["outlet_id"], day["factor"]), [None, 0.0, 0, 0, 0, 0])
        if day["emission_kg"] is not None:
            sums[0] = (sums[0] or 0.0) + day["emission_kg"]
        sums[1] += day["flow_m3"] or 0.0
        for i, name in enumerate(("valid", "expected", "hours", "hours_with_emission"), 2):
            sums[i] += day[name]
    totals = {
        (t["outlet_id"], t["factor"]): [
            t["emission_kg"],
            t["flow_m3"] or 0.0,
            t["valid"],
            t["expected"],
            t["hours"],
            t["hours_with_emission"],
        ]
        for t in figures.totals(root, ids, start, end)
    }
    assert totals.keys() == summed.keys()
    for key, sums in summed.items():
        assert totals[key] == pytest.approx(sums)
    # 87 kg on the first day, 12 hours of 4 kg on the second.
    cod = totals[(outlets["0D1"], "w01018")]
    assert (cod[0], cod[4]) == (pytest.approx(135.0), 36)


def test_a_bad_date_is_refused_naming_the_parameter(client: Any, users: Any, outlets: Any) -> None:
    client.force_login(users("office"))
    response = client.get("/monitoring/", {"start": "2026-02-30"})
    assert response.status_code == 422 and "YYYY-MM-DD" in response.content.decode()
    assert client.get("/monitoring/totals/", {"year": "abc"}).status_code == 200


def test_pages_need_a_login(client: Any) -> None:
    assert client.get("/monitoring/").status_code == 302


def test_an_absurd_value_is_shown_flagged_and_counts_nowhere(
    client: Any, users: Any, api: Any, outlets: Any, settings: Any
) -> None:
    root = settings.DATA_DIR / "measurements"
    registry, batch = device_table(), store.Batch()
    message = _hour("0D1", 24, "9" * 60)  # 2026-03-03 00:00, 60 nines mg/L of COD
    store.add_values(batch, device=registry["0D1"], message=message, packet_id=99, received=1.0)
    store.write_batch(root, batch)
    rollup.roll_up(root, ["2026-03-03"], outlet_configs())
    outlet = outlets["0D1"]
    client.force_login(users("sz-editor"))
    page = client.get(f"/monitoring/outlets/{outlet}/", {"date": "2026-03-03"}).content.decode()
    assert 'data-suspect="type" data-factor="w01018"' in page and "1e+60" in page
    assert "未计入总量的数值" in page and "超出字段数据类型" in page
    flagged = api.get(
        f"/api/v1/monitoring/outlets/{outlet}/flagged", as_user="office", date="2026-03-03"
    ).json()
    assert [(v["factor"], v["avg"], v["suspect"]) for v in flagged] == [("w01018", 1e60, "type")]
    events = api.get(
        "/api/v1/monitoring/exceedances", as_user="office", start="2026-03-03", end="2026-03-03"
    ).json()
    assert events == []
    days = api.get(
        f"/api/v1/monitoring/outlets/{outlet}/daily", as_user="office", start="2026-03-03"
    ).json()
    assert next(d for d in days if d["factor"] == "w01018")["emission_kg"] is None
    assert (
        api.get(
            f"/api/v1/monitoring/outlets/{outlet}/flagged",
            as_user="ent-hangzhou",
            date="2026-03-03",
        ).status_code
        == 403
    )


def test_exceedances_are_grouped_by_outlet_and_day_and_paged(
    client: Any, users: Any, outlets: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from decimal import Decimal

    from deltacap.monitoring import selectors, views
    from deltacap.monitoring.models import Outlet

    outlet = Outlet.objects.get(pk=outlets["0D1"])

    def event(day: int, hour: int, factor: str) -> dict[str, Any]:
        start = datetime(2026, 3, day, hour)
        return {"outlet": outlet, "factor": factor, "factor_name": factor, "start": start,
                "end": start + timedelta(hours=2), "hours": 2, "peak": Decimal("75"),
                "limit": Decimal("50")}  # fmt: skip

    rows = [
        event(day, hour, f) for day in range(1, 31) for hour in (3, 15) for f in ("COD", "氨氮")
    ]
    monkeypatch.setattr(selectors, "exceedance_rows", lambda user, start, end: rows)
    monkeypatch.setattr(views, "EXCEEDANCE_GROUPS_PER_PAGE", 25)
    client.force_login(users("office"))
    first = client.get("/monitoring/exceedances/").content.decode()
    days = re.findall(r'data-day="([\d-]+)"', first)
    assert len(days) == 25 and days == sorted(days, reverse=True) and days[0] == "2026-03-30"
    # 4 events of 2 hours on a day, two pollutants at a time: 4 hours over a limit
    assert "COD、氨氮" in first and ">4</td>" in first
    second = client.get("/monitoring/exceedances/", {"page": "2"}).content.decode()
    assert re.findall(r'data-day="([\d-]+)"', second) == [
        f"2026-03-{d:02d}" for d in range(5, 0, -1)
    ]
