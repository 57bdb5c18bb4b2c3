"""The air-quality API's shapes and refusals, the pages in both languages (the public's
overview included), the import page, and the command line."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from deltacap.accounts.permissions import PLATFORM
from deltacap.air import selectors, services
from deltacap.air.models import Station
from tests.air.csvs import day_rows, observations_csv, stations_csv, two_stations


@pytest.fixture
def stored(settings: Any, tmp_path: Path, db: Any) -> Path:
    settings.DATA_DIR = str(tmp_path)
    services.import_stations(by=PLATFORM, channel="system", data=two_stations(), dry_run=False)
    rows = day_rows("8001A", "2025-12-10", 70) + day_rows("8002A", "2025-12-10", 90)
    services.import_observations(
        by=PLATFORM, channel="system", data=observations_csv(*rows), dry_run=False
    )
    return tmp_path


def test_the_api_lists_stations_and_rates_stations_and_cities(api: Any, stored: Path) -> None:
    stations = api.get("/api/v1/air/stations", city="320500").json()
    assert [s["code"] for s in stations] == ["8001A", "8002A"]
    assert set(stations[0]) == {
        "code",
        "name",
        "kind",
        "lon",
        "lat",
        "city",
        "member",
        "active",
        "synthetic",
    }
    latest = api.get("/api/v1/air/aqi/stations").json()
    assert {row["station"] for row in latest} == {"8001A", "8002A"}
    row = next(r for r in latest if r["station"] == "8002A")
    assert row["report"] == "realtime" and row["time"] == "2025-12-10T23:00:00"
    assert set(row["rating"]) == {
        "standard",
        "aqi",
        "level",
        "category_cn",
        "colour",
        "primary_pollutants",
        "over_standard_pollutants",
        "iaqi",
        "values",
    }
    (city,) = api.get("/api/v1/air/aqi/cities", date="2025-12-10").json()
    assert (city["city"], city["stations"], city["report"]) == ("320500", 2, "daily")
    assert city["rating"]["aqi"] == 107 and city["rating"]["primary_pollutants"] == ["PM2.5_24h"]
    # HJ 633-2012 (the day is before 2026-03-01): PM2.5's IAQI 107 is over the standard.
    assert city["rating"]["over_standard_pollutants"] == ["PM2.5_24h"]
    bad = api.get("/api/v1/air/aqi/cities", date="2025-13-01")
    assert bad.status_code == 422 and bad.json()["field"]


def _upload(client: Any, path: str, data: bytes, dry_run: bool, token: str | None) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    file = SimpleUploadedFile("stations.csv", data, "text/csv")
    return client.post(path, {"file": file, "dry_run": dry_run}, **headers)


def test_the_import_routes_check_write_and_refuse(
    api: Any, db: Any, settings: Any, tmp_path: Path
) -> None:
    settings.DATA_DIR = str(tmp_path)
    path = "/api/v1/air/stations/import"
    checked = _upload(api.client, path, two_stations(), True, api.token("office"))
    assert checked.status_code == 200
    assert checked.json() | {"errors": []} == {
        "kind": "stations",
        "dry_run": True,
        "written": False,
        "created": 3,
        "updated": 0,
        "unchanged": 0,
        "errors": [],
        "more_errors": 0,
    }
    assert Station.objects.count() == 0
    bad = _upload(
        api.client, path, stations_csv("81A,站,苏州市,120.6,31.3,国控"), False, api.token("office")
    )
    assert bad.status_code == 422
    body = bad.json()
    assert body["field"] == "file" and body["errors"][0]["row"] == 2
    assert body["detail"].startswith("2 监测点编码:")
    refused = _upload(api.client, path, two_stations(), False, api.token("js-viewer"))
    assert refused.status_code == 403 and set(refused.json()) >= {"detail", "field"}
    assert _upload(api.client, path, two_stations(), False, None).status_code == 401
    done = _upload(api.client, path, two_stations(), False, api.token("office"))
    assert done.status_code == 200 and done.json()["written"] and Station.objects.count() == 3
    data = observations_csv(*day_rows("8001A", "2026-03-10", 70, 2))
    obs = _upload(
        api.client, "/api/v1/air/observations/import", data, False, api.token("sz-editor")
    )
    assert obs.status_code == 200 and obs.json()["rows"] == 2


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_pages_render_in_both_languages(
    client: Any, stored: Path, users: Any, language: str
) -> None:
    client.cookies["django_language"] = language
    words = {
        "zh-hans": ("空气质量", "轻度污染", "PM2.5（24小时平均）", "国控点"),
        "en": (
            "Air quality",
            "Lightly polluted",
            "PM2.5 (24-hour mean)",
            "national control station",
        ),
    }[language]
    overview = client.get("/air/")
    assert overview.status_code == 200
    assert words[0] in overview.content.decode()
    assert client.get("/air/city/320500/").status_code == 200
    stations = client.get("/air/stations/?city=320500").content.decode()
    assert words[3] in stations and "8001A" in stations
    assert client.get("/air/city/999999/").status_code == 404
    assert client.get("/air/import/stations/").status_code == 302  # the public signs in first
    client.force_login(users("js-editor"))
    page = client.get("/air/import/stations/")
    assert page.status_code == 200 and "监测点编码" in page.content.decode()
    assert 'href="/air/import/observations/"' in client.get("/air/").content.decode()


def test_over_standard_pollutants_are_reported_under_hj_633_2012_only(
    api: Any, stored: Path, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = day_rows("8001A", "2026-12-10", 90) + day_rows("8002A", "2026-12-10", 90)
    services.import_observations(
        by=PLATFORM, channel="system", data=observations_csv(*rows), dry_run=False
    )
    (city,) = api.get("/api/v1/air/aqi/cities", date="2026-12-10").json()
    rating = city["rating"]
    assert rating["standard"] == "HJ 633-2026" and rating["aqi"] > 100
    assert rating["primary_pollutants"] == ["PM2.5_24h"]
    assert rating["over_standard_pollutants"] == []  # the 2026 version reports none
    for day, over in (("2025-12-10", "PM2.5（24小时平均）"), ("2026-12-10", "—")):
        now = datetime.fromisoformat(day) + timedelta(days=2)
        monkeypatch.setattr(selectors, "local_now", lambda now=now: now)
        page = client.get("/air/city/320500/").content.decode()
        assert "超标污染物" in page
        row = page.split(f"<td>{day}</td>", 1)[1].split("</tr>", 1)[0]
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
        assert cells[-2] == over, cells


def test_a_city_page_shows_its_rated_days(
    client: Any, stored: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "local_now", lambda: datetime(2025, 12, 20, 12))
    page = client.get("/air/city/320500/").content.decode()
    assert "2025-12-10" in page and "107" in page and "轻度污染" in page


def test_the_import_page_lists_bad_rows_and_writes_nothing(
    client: Any, users: Any, db: Any
) -> None:
    client.force_login(users("js-editor"))
    file = SimpleUploadedFile(
        "s.csv", stations_csv("8001A,测试站,苏州市,200,31.3,国控"), "text/csv"
    )
    page = client.post("/air/import/stations/", {"file": file, "action": "import"})
    assert page.status_code == 422
    assert "经度" in page.content.decode() and Station.objects.count() == 0
    file = SimpleUploadedFile(
        "s.csv", stations_csv("8001A,测试站,苏州市,120.6,31.3,国控"), "text/csv"
    )
    page = client.post("/air/import/stations/", {"file": file, "action": "import"})
    assert page.status_code == 200 and Station.objects.count() == 1
    viewer = users("js-viewer")
    client.force_login(viewer)
    file = SimpleUploadedFile(
        "s.csv", stations_csv("8002A,测试站,苏州市,120.6,31.3,国控"), "text/csv"
    )
    assert (
        client.post("/air/import/stations/", {"file": file, "action": "import"}).status_code == 403
    )


def test_the_command_line_imports_and_prints_the_cities(tmp_path: Path) -> None:
    env = {"DELTACAP_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-c", "from deltacap.cli import main; main()", *args]
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)

    assert run("init").returncode == 0
    stations = tmp_path / "stations.csv"
    stations.write_bytes(two_stations())
    checked = run("air", "stations", "import", str(stations), "--dry-run", "--json")
    assert json.loads(checked.stdout)["created"] == 3
    assert (
        run("air", "stations", "import", str(stations), "--as", "nobody", "--lang", "en").returncode
        == 2
    )
    assert run("air", "stations", "import", str(stations)).returncode == 0
    hours = tmp_path / "hours.csv"
    hours.write_bytes(observations_csv(*day_rows("8001A", "2025-12-10", 80)))
    assert run("air", "observations", "import", str(hours)).returncode == 0
    again = run("air", "observations", "import", str(hours), "--lang", "en")
    assert again.returncode == 1 and "stored already" in again.stdout
    cities = json.loads(run("air", "cities", "--date", "2025-12-10", "--json").stdout)
    assert [(c["city"], c["rating"]["aqi"]) for c in cities] == [("320500", 107)]
    text = run("air", "cities", "--date", "2025-12-10", "--lang", "en").stdout
    assert "Suzhou" in text and "Lightly polluted" in text
    bad = run("air", "cities", "--date", "yesterday", "--lang", "en")
    assert bad.returncode == 2 and "--date" in bad.stderr
