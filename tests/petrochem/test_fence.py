"""The bay's fence-line stations: registered and loaded by their own member's editors only,
their hourly readings imported from CSV or Excel with every fault by row and column and
nothing written on any, each station-hour stored once, exceedances against the configured
limit, shared with every member's officials; the ozone table's O3 is the air app's."""

from __future__ import annotations

import io
import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from typer.testing import CliRunner

from deltacap.audit.models import AuditEvent
from deltacap.cli import app
from deltacap.domain.access import AccessDenied
from deltacap.domain.errors import InvalidInput
from deltacap.petrochem import config, fence_import, fence_store, stations

pytestmark = pytest.mark.django_db
ENV = {"COLUMNS": "200", "DELTACAP_LANG": "", "LC_ALL": "", "LC_MESSAGES": ""}


@pytest.fixture
def store(settings: Any, tmp_path: Path) -> Path:
    settings.DATA_DIR = str(tmp_path)
    return fence_store.root()


@pytest.fixture
def ningbo_station(bay: Any, users: Any, store: Path) -> Any:
    return stations.save_station(
        by=users("zj-editor"), channel="api", code="FL-NB-01", name="宁波湾区厂界站",
        city="330200", lon=121.7, lat=29.96, factors=["NMHC", "benzene"],
        enterprise_id=bay.ningbo.pk,
    )  # fmt: skip


def _imported() -> int:
    return AuditEvent.objects.filter(action="petro_station.import").count()


def test_a_bad_row_is_named_by_row_and_column_and_nothing_is_written(
    ningbo_station: Any, users: Any, store: Path
) -> None:
    from django.utils import translation

    data = (
        "station,time,NMHC,苯\n"
        "FL-NB-01,2026-07-01 08:00,0.8,0.02\n"
        "FL-NB-01,2026-07-01 09:00,0.9,abc\n"
        "FL-XX-99,2026-07-01 10:00,0.9,0.02\n"
        "FL-NB-01,2026-07-01 10:30,0.9,0.02\n"
    ).encode()
    with translation.override("zh-hans"):
        report = fence_import.import_readings(
            by=users("zj-editor"), channel="api", data=data, dry_run=False
        )
    where = [(e.row, e.column) for e in report.errors]
    assert where == [(3, "苯"), (4, "station"), (5, "time")]
    assert "不是" in report.errors[0].message  # in the reader's language
    assert not fence_store.has_files(store) and _imported() == 0
    # The same rows without the faulty ones: the unknown station is named by its column.
    with translation.override("zh-hans"):
        again = fence_import.import_readings(
            by=users("zj-editor"), channel="api", dry_run=False,
            data=b"station,time,NMHC\nFL-XX-99,2026-07-01 10:00,0.9\n",
        )  # fmt: skip
    assert [(e.row, e.column) for e in again.errors] == [(2, "station")]
    assert not fence_store.has_files(store)


def _xlsx(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_excel_file_is_read_alike_and_a_station_hour_is_stored_once(
    ningbo_station: Any, users: Any, store: Path
) -> None:
    zj = users("zj-editor")
    book = _xlsx([["站点编码", "时间", "NMHC"], ["FL-NB-01", datetime(2026, 7, 1, 8), 0.8],
                  ["FL-NB-01", datetime(2026, 7, 1, 9), 0.7]])  # fmt: skip
    checked = fence_import.import_readings(by=zj, channel="api", data=book)
    assert checked.errors == [] and checked.dry_run and not fence_store.has_files(store)
    done = fence_import.import_readings(by=zj, channel="api", data=book, dry_run=False)
    assert done.errors == [] and done.rows == 2 and _imported() == 1
    again = fence_import.import_readings(by=zj, channel="api", data=book, dry_run=False)
    assert [(e.row, e.column) for e in again.errors] == [(2, "时间"), (3, "时间")]
    rows = fence_store.hours(store, ["FL-NB-01"], date(2026, 7, 1), date(2026, 7, 1))
    assert [(r[1].hour, r[3]) for r in rows] == [(8, 0.8), (9, 0.7)]


def test_an_hour_above_the_configured_limit_is_an_exceedance(
    ningbo_station: Any, users: Any, api: Any, store: Path
) -> None:
    limit = config.fence().factors["NMHC"].limit
    assert limit is not None and config.fence().factors["NMHC"].verified is False
    values = [limit - Decimal("0.1"), limit, limit + Decimal("0.5")]
    lines = [f"FL-NB-01,2026-07-02 {8 + n:02d}:00,{v}" for n, v in enumerate(values)]
    data = ("station,time,NMHC\n" + "\n".join(lines) + "\n").encode()
    report = fence_import.import_readings(
        by=users("zj-editor"), channel="api", data=data, dry_run=False
    )
    assert report.errors == []
    found = api.get("/api/v1/petrochem/fence/exceedances", "js-viewer", end="2026-07-02").json()
    assert len(found) == 1
    assert found[0]["hour"] == "2026-07-02T10:00:00" and found[0]["verified"] is False
    assert Decimal(found[0]["value"]) == limit + Decimal("0.5")
    assert Decimal(found[0]["difference"]) == Decimal("0.5")
    station = api.get(
        f"/api/v1/petrochem/stations/{ningbo_station.pk}", "sh-viewer", day="2026-07-02"
    ).json()
    hours = station["hours"]["factors"][0]["hours"]
    assert [h["above_limit"] for h in hours] == [False, False, True]
    days = api.get(
        f"/api/v1/petrochem/stations/{ningbo_station.pk}/days", "office", end="2026-07-02"
    ).json()
    assert days[0]["hours_above"] == 1


def test_another_member_a_viewer_and_the_public_are_refused(
    ningbo_station: Any, users: Any, api: Any, store: Path
) -> None:
    for name in ("sh-editor", "sh-viewer", "hz-editor", "ent-hangzhou"):
        with pytest.raises(AccessDenied):
            stations.save_station(
                by=users(name), channel="api", code="FL-NB-01", name="改名", city="330200",
                lon=121.7, lat=29.96, factors=["NMHC"], park="园区",
            )  # fmt: skip
    data = b"station,time,NMHC\nFL-NB-01,2026-07-03 08:00,0.5\n"
    for name in ("sh-editor", "sh-viewer", "hz-editor"):
        report = fence_import.import_readings(by=users(name), channel="api", data=data,
                                              dry_run=False)  # fmt: skip
        assert [(e.row, e.column) for e in report.errors] == [(2, "station")]
    assert not fence_store.has_files(store) and _imported() == 0
    body = {"station_code": "FL-NB-02", "name": "新站", "city": "330200", "lon": "121.7",
            "lat": "29.9", "factors": ["NMHC"], "park": "园区"}  # fmt: skip
    assert api.send("post", "/api/v1/petrochem/stations", body).status_code == 401
    assert api.send("post", "/api/v1/petrochem/stations", body, "sh-editor").status_code == 403
    for lon in ("", "abc", "nan", "200"):
        with pytest.raises(InvalidInput) as bad:
            stations.save_station(
                by=users("zj-editor"), channel="page", code="FL-NB-03", name="新站",
                city="330200", lon=lon, lat=29.9, factors=["NMHC"], park="园区",
            )  # fmt: skip
        assert bad.value.field == "lon"
    made = api.send("post", "/api/v1/petrochem/stations", body, "zj-editor")
    assert made.status_code == 201 and made.json()["member"] == "330000"
    # Shared with every member's officials; an enterprise reads none of another's.
    codes = [s["code"] for s in api.get("/api/v1/petrochem/stations", "js-viewer").json()]
    assert codes == ["FL-NB-01", "FL-NB-02"]
    assert api.get("/api/v1/petrochem/stations", "ent-hangzhou").json() == []


def _air_station(city: str) -> str:
    from deltacap.air.models import Station
    from deltacap.reference.models import Division

    Station.objects.create(code="9991T", name="测试站", kind="national", lon=121.6, lat=29.9,
                           city=Division.objects.get(code=city))  # fmt: skip
    return "9991T"


def _write_o3(store: Path, station: str, first: datetime, values: list[float]) -> None:
    import pyarrow as pa

    from deltacap.air import store as air_store

    times = [first + timedelta(hours=n) for n in range(len(values))]
    columns = {c: pa.array([None] * len(values), pa.float64()) for c in air_store.COLUMNS.values()}
    columns["o3_1h"] = pa.array(values, pa.float64())
    table = pa.table({"station": [station] * len(values), "time": times, **columns,
                      "imported_at": [datetime(2025, 1, 1)] * len(values),
                      "batch": ["test"] * len(values)})  # fmt: skip
    air_store.write(store, table)


def test_the_ozone_table_gives_the_air_app_s_o3_beside_the_fence_line_nmhc(
    ningbo_station: Any, users: Any, api: Any, store: Path
) -> None:
    from deltacap.air import selectors as air

    station = _air_station("330200")
    first = datetime(2025, 7, 1)
    o3 = [60 + 50 * ((h % 24) in range(11, 17)) + (h % 7) * 3.5 for h in range(72)]
    _write_o3(store, station, first, o3)
    lines = [f"FL-NB-01,{first + timedelta(hours=h):%Y-%m-%d %H:%M},{0.5 + h % 5 * 0.1:.1f}"
             for h in range(48)]  # fmt: skip
    fence_import.import_readings(
        by=users("zj-editor"),
        channel="api",
        dry_run=False,
        data=("station,time,NMHC\n" + "\n".join(lines)).encode(),
    )
    body = api.get("/api/v1/petrochem/ozone", "js-viewer", year=2025).json()
    assert body["start"] == "2025-05-01" and body["end"] == "2025-09-30"
    days = {d["day"]: d for d in body["days"]}
    for n in range(3):
        day = date(2025, 7, 1) + timedelta(days=n)
        computed = air.city_daily(day, day, city="330200")[0]["rating"].values["O3_8h"]
        # The daily maximum 8-hour mean from the hours themselves (periods ending 07-23 h).
        hours = o3[24 * n : 24 * n + 24]
        moving = max(sum(hours[h - 7 : h + 1]) / 8 for h in range(7, 24))
        assert computed == pytest.approx(moving)
        assert days[day.isoformat()]["o3_8h"]["330200"] == pytest.approx(computed, abs=0.05)
    first_day = days["2025-07-01"]
    assert first_day["fence_nmhc_mean"] == pytest.approx(
        sum(0.5 + h % 5 * 0.1 for h in range(24)) / 24, abs=0.001
    )
    assert days["2025-07-03"]["fence_nmhc_mean"] is None
    assert days["2025-06-30"]["o3_8h"]["330200"] is None


def test_the_pages_and_the_command_line(
    ningbo_station: Any, users: Any, client: Any, store: Path, tmp_path: Path
) -> None:
    from deltacap.cli import petrochem_fence

    client.force_login(users("zj-editor"))
    client.cookies["django_language"] = "zh-hans"
    page = client.get("/petrochem/stations/").content.decode()
    assert "厂界" in page and "FL-NB-01" in page and 'id="station-form"' in page
    bad = client.post("/petrochem/stations/import/", {
        "file": SimpleUploadedFile("f.csv", b"station,time,NMHC\nFL-NB-01,2026-07-01,x\n"),
        "action": "import"})  # fmt: skip
    assert bad.status_code == 422 and not fence_store.has_files(store)
    good = b"station,time,NMHC\nFL-NB-01,2026-07-01 08:00,0.8\n"
    done = client.post(
        "/petrochem/stations/import/",
        {"file": SimpleUploadedFile("f.csv", good), "action": "import"},
    )
    assert done.status_code == 200 and fence_store.has_files(store)
    client.cookies["django_language"] = "en"
    text = client.get(f"/petrochem/stations/{ningbo_station.pk}/?day=2026-07-01").content
    assert b"Hourly values of 2026-07-01" in text
    assert b"Ozone cooperation of the bay" in client.get("/petrochem/ozone/?year=2025").content
    petrochem_fence.console.width = 200
    file = tmp_path / "r.csv"
    file.write_bytes(b"station,time,NMHC\nFL-NB-01,2026-07-01 09:00,0.7\n")
    checked = CliRunner().invoke(
        app, ["petrochem", "stations", "import", str(file), "--dry-run", "--json"], env=ENV
    )
    assert checked.exit_code == 0, checked.output
    assert json.loads(checked.output)["rows"] == 1
    out = CliRunner().invoke(app, ["petrochem", "ozone", "--year", "2025", "--json"], env=ENV)
    assert out.exit_code == 0, out.output
    assert len(json.loads(out.output)["days"]) == 153
    listed = CliRunner().invoke(app, ["petrochem", "stations", "--json"], env=ENV)
    assert [s["code"] for s in json.loads(listed.output)] == ["FL-NB-01"]


def test_the_ozone_page_api_and_command_line_open_on_the_latest_season_with_readings(
    ningbo_station: Any, users: Any, client: Any, api: Any, store: Path
) -> None:
    from django.utils import timezone

    from deltacap.cli import petrochem_fence
    from deltacap.petrochem import ozone

    this_year = timezone.localdate().year
    last_year = this_year - 1
    assert ozone.default_year(users("js-viewer")) == this_year  # no readings at all
    first = datetime(last_year, 7, 1)
    lines = [f"FL-NB-01,{first + timedelta(hours=h):%Y-%m-%d %H:%M},0.6" for h in range(24)]
    fence_import.import_readings(
        by=users("zj-editor"), channel="api", dry_run=False,
        data=("station,time,NMHC\n" + "\n".join(lines)).encode(),
    )  # fmt: skip
    assert ozone.default_year(users("js-viewer"), today=date(last_year + 1, 8, 1)) == last_year
    # Readings after the day asked about, or outside the season, do not count: with none
    # before, the day's own year.
    assert ozone.default_year(users("js-viewer"), today=date(last_year, 6, 30)) == last_year
    station = _air_station("330200")
    _write_o3(store, station, datetime(last_year - 2, 12, 1), [80.0] * 24)  # not in the season
    assert ozone.default_year(users("js-viewer"), today=date(last_year, 6, 30)) == last_year
    _write_o3(store, station, datetime(last_year - 3, 8, 1), [80.0] * 24)  # in an older season
    assert ozone.default_year(users("js-viewer"), today=date(last_year, 6, 30)) == last_year - 3
    body = api.get("/api/v1/petrochem/ozone", "js-viewer").json()
    assert body["year"] == last_year
    assert any(d["fence_nmhc_mean"] is not None for d in body["days"])
    client.force_login(users("js-viewer"))
    page = client.get("/petrochem/ozone/").content.decode()
    assert f'<option value="{last_year}" selected>' in page
    assert f"{last_year}-07-01" in page
    petrochem_fence.console.width = 200
    out = CliRunner().invoke(app, ["petrochem", "ozone", "--json"], env=ENV)
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["year"] == last_year
