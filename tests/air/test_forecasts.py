"""The joint forecast consultation (联合会商) through the API, the pages in both languages
and the command line: the office opens a session (the baseline recorded with it), members
submit their own and the host cities' forecasts, the office records and publishes the
consensus, the public sees only that, and every forecast is verified against the observed
daily AQI."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from deltacap.accounts.permissions import PLATFORM
from deltacap.air import services
from tests.air.csvs import day_rows, observations_csv, two_stations

BASE = "/api/v1/air/consultations"
# PM2.5 of the 14 days before the session (2025-11-27 ... 12-10), then of its days:
# 12-11 PM2.5 80 → AQI 107 (轻度, PM2.5); 12-12 PM2.5 40 → AQI 85 (良, PM10); 12-13 none.
HISTORY = [62, 55, 48, 56, 50, 58, 66, 74, 82, 90, 84, 76, 70, 64]


def _history_days() -> list[str]:
    first = date(2025, 11, 27)
    return [(first + timedelta(days=n)).isoformat() for n in range(len(HISTORY))]


SESSION_DAYS = {"2025-12-11": 80, "2025-12-12": 40}


def _store() -> None:
    services.import_stations(by=PLATFORM, channel="system", data=two_stations(), dry_run=False)
    rows: list[str] = []
    days = dict(zip(_history_days(), HISTORY, strict=True)) | SESSION_DAYS
    for day, pm25 in days.items():
        rows += day_rows("8001A", day, pm25) + day_rows("8002A", day, pm25)
    services.import_observations(
        by=PLATFORM, channel="system", data=observations_csv(*rows), dry_run=False
    )


@pytest.fixture
def stored(settings: Any, tmp_path: Path, db: Any) -> Path:
    settings.DATA_DIR = str(tmp_path)
    _store()
    return tmp_path


def _days(*ranges: tuple[int, int, str]) -> list[dict[str, Any]]:
    return [
        {"lead": n, "aqi_low": low, "aqi_high": high, "primary": p, "reasoning": "静稳"}
        for n, (low, high, p) in enumerate(ranges, start=1)
    ]


def _open(api: Any) -> int:
    body = {
        "day": "2025-12-11",
        "horizon": 3,
        "cities": ["320500", "310000"],
        "hosts": ["310000"],
        "title": "进博会保障",
    }
    assert api.send("post", BASE, body, "js-editor").status_code == 403
    assert api.send("post", BASE, {**body, "horizon": 8}, "office").status_code == 422
    bad_host = api.send("post", BASE, {**body, "hosts": ["330100"]}, "office")
    assert bad_host.status_code == 422 and bad_host.json()["field"] == "hosts"
    opened = api.send("post", BASE, body, "office")
    assert opened.status_code == 201, opened.content
    return int(opened.json()["id"])


def test_a_consultation_from_opening_to_verification(api: Any, stored: Path) -> None:
    cid = _open(api)
    session = api.get(f"{BASE}/{cid}", "js-viewer").json()
    baseline = [f for f in session["forecasts"] if f["source"] == "persistence"]
    # Persistence: the last day before the session (PM2.5 64 → AQI 87) on each of 3 days;
    # Shanghai has no observations, so no baseline.
    assert [(f["city"], f["lead"]) for f in baseline] == [("320500", n) for n in (1, 2, 3)]
    assert {f["aqi_low"] < 87 < f["aqi_high"] for f in baseline} == {True}
    assert {f["source"] for f in session["forecasts"]} == {"persistence", "regression"}

    suzhou = _days((90, 120, "PM2.5"), (100, 130, "PM2.5"), (60, 80, "PM2.5"))
    post = f"{BASE}/{cid}/forecasts"
    done = api.send("post", post, {"city": "320500", "forecasts": suzhou}, "js-editor")
    assert done.status_code == 200, done.content
    assert [(f["level_low"], f["level_high"]) for f in done.json()] == [(2, 3), (2, 3), (2, 2)]
    # A host city is every member's; another member's own city is not.
    host = {"city": "310000", "forecasts": _days((60, 90, "O3"))}
    assert api.send("post", post, host, "js-editor").status_code == 200
    assert api.send("post", post, host, "sh-editor").status_code == 200
    foreign = api.send("post", post, {"city": "320500", "forecasts": suzhou}, "zj-editor")
    assert foreign.status_code == 422 and foreign.json()["field"] == "city"
    assert api.send("post", post, host, "js-viewer").status_code == 403
    assert api.send("post", post, host, "sz-editor").status_code == 403  # a city's editor
    assert api.send("post", post, host, None).status_code == 401
    wrong_level = _days((90, 120, "PM2.5"))
    wrong_level[0]["level"] = 5
    refused = api.send("post", post, {"city": "320500", "forecasts": wrong_level}, "js-editor")
    assert refused.status_code == 422 and refused.json()["field"] == "forecasts.1.level"

    # Nothing is public before the consensus is published.
    assert api.get(BASE).json() == []
    assert api.get(f"{BASE}/{cid}").status_code == 404
    assert api.send("post", f"{BASE}/{cid}/publish", {}, "office").status_code == 422
    consensus = f"{BASE}/{cid}/consensus"
    assert (
        api.send("post", consensus, {"city": "320500", "forecasts": suzhou}, "js-editor")
    ).status_code == 403
    for city in ("320500", "310000"):
        rows = _days((95, 125, "PM2.5"), (90, 115, "PM10"), (60, 85, "PM2.5"))
        saved = api.send("post", consensus, {"city": city, "forecasts": rows}, "office")
        assert saved.status_code == 200, saved.content
    assert api.send("post", f"{BASE}/{cid}/publish", {}, "js-editor").status_code == 403
    assert api.send("post", f"{BASE}/{cid}/publish", {}, "office").status_code == 200
    late = api.send("post", post, {"city": "320500", "forecasts": suzhou}, "js-editor")
    assert late.status_code == 422

    public = api.get(f"{BASE}/{cid}").json()
    assert public["status"] == "published"
    assert {f["source"] for f in public["forecasts"]} == {"consensus"}
    assert [c["id"] for c in api.get(BASE).json()] == [cid]

    checked = api.get(f"{BASE}/{cid}/verification", "js-viewer").json()
    jiangsu = checked["by_member"]["320000"]
    # Day 1: 90–120 against 107 (轻度, PM2.5): level, pollutant, inside, error -2.
    # Day 2: 100–130 against 85 (良, PM10): level (2–3 spans 良), no pollutant, outside,
    # error +30. Day 3 and Shanghai: not observed.
    assert (jiangsu["forecasts"], jiangsu["level_hits"], jiangsu["inside_range"]) == (2, 2, 1)
    assert (jiangsu["primary_days"], jiangsu["primary_hits"]) == (2, 1)
    assert jiangsu["mean_abs_error"] == 16.0 and jiangsu["bias"] == 14.0
    assert checked["by_source"]["consensus"]["primary_hit_rate"] == 1.0
    assert checked["pending"] > 0
    # The public's verification is of the consensus alone.
    public_check = api.get(f"{BASE}/{cid}/verification").json()
    assert set(public_check["by_source"]) == {"consensus"} and public_check["by_member"] == {}
    over_time = api.get(f"{BASE}/verification", "office").json()
    # Verified: the Suzhou days 1 and 2 of each source (Shanghai has no observations).
    month = over_time["by_month"]["2025-12"]
    assert {source: s["forecasts"] for source, s in month.items()} == dict.fromkeys(
        ("member", "consensus", "persistence", "regression"), 2
    )


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_pages_in_both_languages(
    client: Any, api: Any, stored: Path, users: Any, language: str
) -> None:
    cid = _open(api)
    words = {
        "zh-hans": ("联合会商", "基准预报：持续性", "命中率", "共识预报"),
        "en": ("Joint forecast consultation", "Baseline: persistence", "hit rate", "Consensus"),
    }[language]
    client.cookies["django_language"] = language
    assert 'href="/air/consultations/"' in client.get("/air/").content.decode()
    assert client.get(f"/air/consultations/{cid}/").status_code == 404  # not published
    client.force_login(users("js-editor"))
    listing = client.get("/air/consultations/").content.decode()
    assert words[0] in listing and "进博会保障" in listing
    assert "consultation_open" not in listing and 'name="cities"' not in listing
    page = client.get(f"/air/consultations/{cid}/").content.decode()
    assert words[1] in page and 'name="aqi_low_3"' in page
    posted = client.post(
        f"/air/consultations/{cid}/forecasts/",
        {"city": "320500", "aqi_low_1": "90", "aqi_high_1": "120", "primary_1": "PM2.5"},
    )
    assert posted.status_code == 302
    bad = client.post(
        f"/air/consultations/{cid}/forecasts/",
        {"city": "320500", "aqi_low_1": "130", "aqi_high_1": "120", "primary_1": "PM2.5"},
    )
    assert bad.status_code == 422 and "130" in bad.content.decode()
    checked = client.get(f"/air/consultations/{cid}/verification/?city=320500").content.decode()
    assert words[2] in checked and 'id="forecast-chart"' in checked
    assert client.get("/air/consultations/verification/").status_code == 200
    client.force_login(users("office"))
    office = client.get(f"/air/consultations/{cid}/").content.decode()
    assert words[3] in office and "/publish/" in office
    assert 'name="cities"' in client.get("/air/consultations/").content.decode()
    none = client.post("/air/consultations/open/", {"day": "2025-12-20", "horizon": "3"})
    assert none.status_code == 422 and 'name="cities"' in none.content.decode()
    opened = client.post(
        "/air/consultations/open/", {"day": "2025-12-20", "horizon": "2", "cities": ["320500"]}
    )
    assert opened.status_code == 302


def test_the_command_line_lists_verifies_and_forecasts(tmp_path: Path) -> None:
    env = {"DELTACAP_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-c", "from deltacap.cli import main; main()", *args]
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)

    assert run("init").returncode == 0
    stations = tmp_path / "stations.csv"
    stations.write_bytes(two_stations())
    assert run("air", "stations", "import", str(stations)).returncode == 0
    rows: list[str] = []
    for day, pm in zip(_history_days(), HISTORY, strict=True):
        rows += day_rows("8001A", day, pm)
    hours = tmp_path / "hours.csv"
    hours.write_bytes(observations_csv(*rows))
    assert run("air", "observations", "import", str(hours)).returncode == 0
    found = run("air", "forecast", "baseline", "--city", "320500", "--date", "2025-12-11", "--json")
    assert found.returncode == 0, found.stderr
    answer = json.loads(found.stdout)
    methods = {m["method"]: m for m in answer["methods"]}
    assert [d["aqi"] for d in methods["persistence"]["forecasts"]] == [87, 87, 87]
    assert len(methods["regression"]["forecasts"]) == 3
    text = run("air", "forecast", "baseline", "--city", "320500", "--date", "2025-12-11",
               "--days", "2", "--lang", "en").stdout  # fmt: skip
    assert "Persistence" in text and "2025-12-12" in text
    bad = run("air", "forecast", "baseline", "--city", "999999", "--date", "2025-12-11")
    assert bad.returncode == 2 and "city" in bad.stderr
    assert json.loads(run("air", "consultations", "--json").stdout) == []
    missing = run("air", "consultations", "verify", "--id", "9", "--json", "--lang", "en")
    assert missing.returncode != 0 and "No consultation 9" in missing.stderr


def test_the_demo_holds_a_verified_past_consultation(
    settings: Any, tmp_path: Path, db: Any
) -> None:
    from deltacap.accounts.permissions import PLATFORM
    from deltacap.air import forecast_selectors
    from deltacap.air.forecast_demo import load_demo_consultation
    from deltacap.air.forecast_models import Consultation
    from deltacap.demo.air import load_demo_air

    settings.DATA_DIR = str(tmp_path)
    load_demo_air(days=40)
    assert load_demo_consultation() > 0
    assert load_demo_consultation() == 0  # a second run adds nothing
    (consultation,) = Consultation.objects.all()
    assert consultation.synthetic and consultation.published and "模拟" in consultation.title
    rows = forecast_selectors.forecasts(PLATFORM, consultation)
    members = {f.member_code for f in rows if f.source == "member"}
    assert members == {"310000", "320000", "330000"}
    assert {f.source for f in rows} == {"member", "consensus", "persistence", "regression"}
    result = forecast_selectors.verify_consultation(PLATFORM, consultation)
    # Every day of the session has passed: every forecast is verified.
    assert result.pending == 0
    assert set(result.by_member) == members
    consensus = result.by_source["consensus"]
    assert consensus.forecasts == 3 * 3 and consensus.level_rate is not None
