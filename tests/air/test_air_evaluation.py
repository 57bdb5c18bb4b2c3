"""The HJ 663 evaluation of the stored hourly observations: the page in both languages (the
41 cities, ranked), the API's rows and refusals, and the command line.

The data, November 2025 (GB 3095-2012, HJ 633-2012), every hour of every day constant:
SO2 10, NO2 40, CO 1.0, O3 100, PM10 60 (Shanghai 80), PM2.5 30; Suzhou's two stations
have PM2.5 90 on the first 10 days. By hand: a PM2.5 24 h mean of 90 rates IAQI
100 + (90 − 75)·50/40 = 119 (lightly polluted), all the other days are good (AQI ≤ 100), so
Suzhou has 20 good days of 30, 66.7 %. Composite index (SO2/60 + NO2/40 + PM10/70 +
PM2.5/35 + CO P95/4 + O3 P90/160): Hangzhou 0.167 + 1 + 0.857 + 0.857 + 0.25 + 0.625 =
3.756, Shanghai (PM10 80/70) 4.042, Suzhou (PM2.5 mean 50) 4.327: ranks 1, 2, 3; Suzhou
fails on PM2.5, Shanghai on PM10.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

from deltacap.air import store
from deltacap.air.evaluation import evaluation
from deltacap.air.models import Station, StationKind
from deltacap.domain.air.evaluation import Unit
from deltacap.reference.models import Division
from tests.air.csvs import stations_csv

STATIONS = {"8001A": "320500", "8002A": "320500", "8003A": "330100", "8004A": "310000"}
DAYS = 30


def hours_table() -> pa.Table:
    """Every hour of November 2025 of the four stations, as the store holds them."""
    codes = list(STATIONS)
    hours = np.arange("2025-11-01T00", "2025-12-01T00", dtype="datetime64[h]")
    station = np.repeat(codes, len(hours))
    time = np.tile(hours, len(codes))
    n = len(station)
    day = (time - np.datetime64("2025-11-01T00")).astype(np.int64) // 24
    suzhou = np.isin(station, ["8001A", "8002A"])
    pm25 = np.where(suzhou & (day < 10), 90.0, 30.0)
    pm10 = np.where(station == "8004A", 80.0, 60.0)
    columns: dict[str, Any] = {
        "station": pa.array(station.tolist(), pa.string()),
        "time": pa.array(time.astype("datetime64[us]")),
    }
    constant = {"so2_1h": 10.0, "no2_1h": 40.0, "co_1h": 1.0, "o3_1h": 100.0}
    for column in store.COLUMNS.values():
        if column in constant:
            columns[column] = pa.array(np.full(n, constant[column]))
        elif column == "pm10_1h":
            columns[column] = pa.array(pm10)
        elif column == "pm25_1h":
            columns[column] = pa.array(pm25)
        else:
            columns[column] = pa.nulls(n, pa.float64())
    columns["imported_at"] = pa.nulls(n, pa.timestamp("us", tz="UTC"))
    columns["batch"] = pa.array(["test"] * n)
    return pa.table(columns)


def store_month(data_dir: Path) -> None:
    for code, city in STATIONS.items():
        Station.objects.create(
            code=code,
            name=f"测试站{code}",
            kind=StationKind.NATIONAL,
            lon=120.5,
            lat=31.0,
            city=Division.objects.get(code=city),
        )
    store.write(store.root(data_dir), hours_table())


@pytest.fixture
def stored(settings: Any, tmp_path: Path, db: Any) -> Path:
    settings.DATA_DIR = str(tmp_path)
    store_month(tmp_path)
    return tmp_path


def test_the_selector_ranks_the_cities_of_a_month(stored: Path) -> None:
    result = evaluation(2025, 11)
    ranked = [(r.code, r.rank) for r in result.results]
    assert ranked == [("330100", 1), ("310000", 2), ("320500", 3)]
    suzhou = result.results[2]
    assert (suzhou.good_days, suzhou.aqi_days) == (20, DAYS)
    assert suzhou.days_by_level == (0, 20, 10, 0, 0, 0)
    assert suzhou.means["PM2.5"] == pytest.approx(50.0)
    assert suzhou.composite_index == pytest.approx(4.327, abs=1e-3)
    assert suzhou.attains["PM2.5"] is False and suzhou.attains["PM10"] is True
    assert len(result.without_data) == 38 and "320100" in result.without_data
    year = evaluation(2025)
    assert all(r.rank is None and r.attains_all is None for r in year.results)
    (region,) = evaluation(2025, 11, Unit.REGION).results
    assert region.cities == 3 and region.good_days == 80
    members = evaluation(2025, 11, Unit.MEMBER).results
    assert [r.code for r in members] == ["330000", "310000", "320000"]


def _body_rows(html: str) -> list[str]:
    table = html.split('id="evaluation-table"', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr[ >].*?</tr>", table.split("<tbody>", 1)[1], flags=re.S)


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "zh-hans",
            ("杭州市", "苏州市", "江苏省", "未达标", "细颗粒物", "GB 3095-2012", "HJ 633-2012"),
        ),
        (
            "en",
            (
                "Hangzhou",
                "Suzhou",
                "Jiangsu",
                "does not attain",
                "PM2.5",
                "GB 3095-2012",
                "HJ 633-2012",
            ),
        ),
    ],
)
def test_the_page_ranks_the_41_cities_in_both_languages(
    client: Any, stored: Path, language: str, words: tuple[str, ...]
) -> None:
    client.cookies["django_language"] = language
    page = client.get("/air/evaluation/", {"year": "2025", "month": "11"})
    assert page.status_code == 200
    html = page.content.decode()
    rows = _body_rows(html)
    assert len(rows) == 41
    assert words[0] in rows[0] and ">1<" in rows[0]
    suzhou = rows[2]
    assert words[1] in suzhou and words[2] in suzhou and ">3<" in suzhou
    assert "66.7" in suzhou and "0 · 20 · 10 · 0 · 0 · 0" in suzhou
    assert words[3] in suzhou and words[4] in suzhou
    assert all(word in html for word in words[5:])
    assert "320500" not in html.replace('href="/air/city/320500/"', "")
    assert "pm25" not in html and "attains_all" not in html
    for by in ("member", "region"):
        assert (
            client.get("/air/evaluation/", {"year": "2025", "month": "11", "by": by}).status_code
            == 200
        )
    bad = client.get("/air/evaluation/", {"year": "2025", "month": "13"})
    assert bad.status_code == 422
    assert ("月份" if language == "zh-hans" else "Month") in bad.content.decode()
    assert 'href="/air/evaluation/"' in client.get("/air/").content.decode()


def test_the_api_returns_the_rows_and_refuses_a_bad_month(api: Any, stored: Path) -> None:
    answer = api.get("/api/v1/air/evaluation", year=2025, month=11)
    assert answer.status_code == 200
    rows = answer.json()
    assert len(rows) == 41
    first = rows[0]
    assert (first["code"], first["rank"], first["member"], first["has_data"]) == (
        "330100",
        1,
        "330000",
        True,
    )
    suzhou = rows[2]
    assert suzhou["code"] == "320500" and suzhou["good_share"] == pytest.approx(0.6667)
    assert suzhou["failing"] == ["PM2.5"] and suzhou["days_by_level"] == [0, 20, 10, 0, 0, 0]
    assert suzhou["limits"] == "GB 3095-2012" and suzhou["period"] == "2025-11"
    assert rows[-1]["has_data"] is False and rows[-1]["rank"] is None
    (region,) = api.get("/api/v1/air/evaluation", year=2025, month=11, by="region").json()
    assert region["unit"] == "region" and region["cities"] == 3
    bad = api.get("/api/v1/air/evaluation", year=2025, month=13)
    assert bad.status_code == 422 and bad.json()["field"] == "month"
    assert api.get("/api/v1/air/evaluation", month=1).json()["field"] == "year"
    assert api.get("/api/v1/air/evaluation", year=2025, by="county").status_code == 422


def test_a_kept_evaluation_shows_new_stations_and_hours_at_once(
    api: Any, users: Any, stored: Path
) -> None:
    from deltacap.air import services
    from tests.air.csvs import day_rows, observations_csv

    def nanjing() -> dict[str, Any]:
        rows = api.get("/api/v1/air/evaluation", year=2025, month=11).json()
        return next(r for r in rows if r["code"] == "320100")

    assert nanjing()["has_data"] is False
    editor = users("js-editor")
    station = stations_csv("8009A,测试站南京,320100,118.80,32.05,国控")
    services.import_stations(by=editor, channel="api", data=station, dry_run=False)
    hours = observations_csv(*day_rows("8009A", "2025-11-05", 30.0))
    report = services.import_observations(by=editor, channel="api", data=hours, dry_run=False)
    assert not report.issues
    assert nanjing()["has_data"] is True


def test_the_command_line_prints_the_ranking(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {"DELTACAP_DATA_DIR": str(data), "PATH": "/usr/bin:/bin"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-c", "from deltacap.cli import main; main()", *args]
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)

    assert run("init").returncode == 0
    stations = tmp_path / "stations.csv"
    stations.write_bytes(
        stations_csv(
            *(f"{code},测试站{code},{city},120.5,31.0,国控" for code, city in STATIONS.items())
        )
    )
    assert run("air", "stations", "import", str(stations)).returncode == 0
    store.write(store.root(data), hours_table())
    rows = json.loads(run("air", "evaluation", "--year", "2025", "--month", "11", "--json").stdout)
    assert len(rows) == 41
    assert [(r["code"], r["rank"]) for r in rows[:3]] == [
        ("330100", 1),
        ("310000", 2),
        ("320500", 3),
    ]
    text = run("air", "evaluation", "--year", "2025", "--month", "11", "--lang", "en").stdout
    assert "Hangzhou" in text and "66.7%" in text and "does not attain" in text
    bad = run("air", "evaluation", "--year", "2025", "--month", "13", "--lang", "en")
    assert bad.returncode == 2 and "--month" in bad.stderr
