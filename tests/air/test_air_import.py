"""Importing the national network's CSV files: stations and hourly observations. A good
file is written whole; each kind of bad row is named by row and column in the reader's
language and nothing is written; access by role and place."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from deltacap.accounts.permissions import PLATFORM
from deltacap.air import services, store
from deltacap.air.models import Station
from deltacap.audit.models import AuditEvent
from deltacap.domain.access import AccessDenied
from tests.air.csvs import day_rows, observations_csv, stations_csv, two_stations


@pytest.fixture
def data_dir(settings: Any, tmp_path: Path) -> Path:
    settings.DATA_DIR = str(tmp_path)
    return tmp_path


def _errors(report: services.ImportReport, language: str = "en") -> list[tuple[Any, ...]]:
    with translation.override(language):
        return [(e["row"], e["column"], e["message"]) for e in report.to_json()["errors"]]


@pytest.mark.django_db
def test_a_good_station_list_is_checked_then_written_and_a_second_import_changes_nothing(
    users: Any,
) -> None:
    office = users("office")
    checked = services.import_stations(by=office, channel="api", data=two_stations())
    assert (checked.created, checked.issues, Station.objects.count()) == (3, [], 0)
    done = services.import_stations(by=office, channel="api", data=two_stations(), dry_run=False)
    assert done.written and done.created == 3
    suzhou = Station.objects.get(code="8002A")
    assert (suzhou.city_id, suzhou.member_code, suzhou.kind) == ("320500", "320000", "provincial")
    assert AuditEvent.objects.filter(action="air_station.create").count() == 3
    again = services.import_stations(by=office, channel="api", data=two_stations(), dry_run=False)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


@pytest.mark.django_db
def test_every_kind_of_bad_station_row_is_named_and_nothing_is_written(users: Any) -> None:
    data = stations_csv(
        "8001A,测试站甲,苏州市,120.62,31.30,国控",
        "81A,短编码,苏州市,120.62,31.30,国控",
        "8001A,重复,苏州市,120.62,31.30,国控",
        "8004A,,苏州市,120.62,31.30,国控",
        "8005A,外地站,北京市,120.0,31.0,国控",
        "8006A,类型错,苏州市,120.62,31.30,市控",
        "8007A,经度错,苏州市,12062,31.30,国控",
        "8008A,纬度错,苏州市,120.62,北纬31度,国控",
    )
    report = services.import_stations(by=users("office"), channel="api", data=data, dry_run=False)
    assert not report.written
    assert [(row, column) for row, column, _ in _errors(report)] == [
        (3, "监测点编码"),
        (4, "监测点编码"),
        (5, "监测点名称"),
        (6, "城市"),
        (7, "类型"),
        (8, "经度"),
        (9, "纬度"),
    ]
    messages = dict(((r, c), m) for r, c, m in _errors(report, "zh-hans"))
    assert messages[(4, "监测点编码")] == "监测点 8001A 重复出现（首次在第 2 行）。"
    assert messages[(6, "城市")] == "“北京市”不是长三角 41 个城市之一。"
    english = dict(((r, c), m) for r, c, m in _errors(report))
    assert english[(8, "经度")] == "Enter degrees (WGS-84) between 113.0 and 124.0."
    assert Station.objects.count() == 0


@pytest.mark.django_db
def test_a_station_list_without_a_column_or_as_another_text_is_refused_whole(users: Any) -> None:
    office = users("office")
    missing = services.import_stations(
        by=office, channel="api", data="监测点编码,监测点名称,城市,经度,纬度\n".encode()
    )
    assert _errors(missing) == [(1, "类型", "The file has no column 类型.")]
    binary = services.import_stations(by=office, channel="api", data=b"\xff\xfe\x00\x81\x00")
    assert _errors(binary)[0][2] == "The file is not a CSV text file (UTF-8 or GB 18030)."
    gbk = services.import_stations(
        by=office, channel="api", data=two_stations().decode().encode("gb18030")
    )
    assert gbk.created == 3


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["js-viewer", "sh-viewer", "ent-suzhou"])
def test_readers_and_enterprises_may_not_import(users: Any, name: str) -> None:
    with pytest.raises(AccessDenied):
        services.import_stations(by=users(name), channel="api", data=two_stations(), dry_run=False)
    assert Station.objects.count() == 0


@pytest.mark.django_db
def test_an_editor_imports_its_own_cities_only(users: Any) -> None:
    suzhou = stations_csv("8001A,测试站甲,苏州市,120.62,31.30,国控")
    with pytest.raises(AccessDenied):
        services.import_stations(by=users("zj-editor"), channel="api", data=suzhou, dry_run=False)
    with pytest.raises(AccessDenied):  # one foreign row refuses the whole file
        services.import_stations(
            by=users("js-editor"), channel="api", data=two_stations(), dry_run=False
        )
    assert Station.objects.count() == 0
    done = services.import_stations(
        by=users("js-editor"), channel="api", data=suzhou, dry_run=False
    )
    assert done.created == 1
    moved = stations_csv("8001A,测试站甲,杭州市,120.16,30.27,国控")
    with pytest.raises(AccessDenied):  # the office may move it; not Zhejiang's editor
        services.import_stations(by=users("zj-editor"), channel="api", data=moved, dry_run=False)


@pytest.mark.django_db
def test_good_observations_are_stored_by_date_and_the_same_hours_are_refused_after(
    users: Any, data_dir: Path
) -> None:
    services.import_stations(by=PLATFORM, channel="system", data=two_stations(), dry_run=False)
    data = observations_csv(
        *day_rows("8001A", "2026-03-10", 70), *day_rows("8002A", "2026-03-10", 90, 3)
    )
    checked = services.import_observations(by=users("js-editor"), channel="api", data=data)
    assert (checked.rows, checked.stations, checked.first, checked.last) == (
        27,
        2,
        "2026-03-10 00:00",
        "2026-03-10 23:00",
    )
    assert not store.has_files(store.root())
    done = services.import_observations(
        by=users("js-editor"), channel="api", data=data, dry_run=False
    )
    assert done.written
    files = list(
        (data_dir / "measurements" / "air_hourly" / "date=2026-03-10").glob("part-*.parquet")
    )
    assert len(files) == 1
    assert AuditEvent.objects.filter(action="air_observations.import").count() == 1
    again = services.import_observations(
        by=users("js-editor"), channel="api", data=data, dry_run=False
    )
    assert not again.written and len(again.issues) == 27
    assert _errors(again)[0] == (
        2,
        "时间",
        "Station 8001A has this hour stored already; nothing is replaced.",
    )
    assert len(list((data_dir / "measurements" / "air_hourly").rglob("*.parquet"))) == 1


@pytest.mark.django_db
def test_every_kind_of_bad_observation_row_is_named_and_nothing_is_stored(
    users: Any, data_dir: Path
) -> None:
    services.import_stations(by=PLATFORM, channel="system", data=two_stations(), dry_run=False)
    data = observations_csv(
        "8001A,2026-03-10 00:00,10,,40,,1.0,,100,,120,,80,",
        "8001A,2026-03-10 01:30,10,,40,,1.0,,100,,120,,80,",
        "8001A,10/03/2026,10,,40,,1.0,,100,,120,,80,",
        "8001A,2026-03-10 02:00,十,,40,,1.0,,100,,120,,80,",
        "8001A,2026-03-10 03:00,10,,-4,,1.0,,100,,120,,80,",
        "8001A,2026-03-10 04:00,10,,40,,1.0,,100,,120,,80000,",
        "8001A,2026-03-10 00:00,10,,40,,1.0,,100,,120,,80,",
        "1A,2026-03-10 05:00,10,,40,,1.0,,100,,120,,80,",
    )
    report = services.import_observations(
        by=users("office"), channel="api", data=data, dry_run=False
    )
    assert [(row, column) for row, column, _ in _errors(report)] == [
        (3, "时间"),
        (4, "时间"),
        (5, "SO2"),
        (6, "NO2"),
        (7, "PM2.5"),
        (9, "监测点编码"),
    ]
    assert _errors(report, "zh-hans")[4][2] == "80000.0 超出合理范围（最大 5000.0），请检查单位。"
    # Once the cells are right, a repeated hour and an unknown station are named.
    data = observations_csv(
        "8001A,2026-03-10 00:00,10,,40,,1.0,,100,,120,,80,",
        "8001A,2026-03-10 00:00,10,,40,,1.0,,100,,120,,80,",
        "9999A,2026-03-10 00:00,10,,40,,1.0,,100,,120,,80,",
    )
    report = services.import_observations(
        by=users("office"), channel="api", data=data, dry_run=False
    )
    assert _errors(report) == [
        (3, "监测点编码", "This station and hour are given already in row 2."),
        (4, "监测点编码", "No station 9999A: import the station list first."),
    ]
    data = observations_csv(
        "8001A,2026-03-10 00:00,10,,40,,1.0,,100,,120,,80,",
        "9999A,2026-03-10 00:00,10,,40,,1.0,,100,,120,,80,",
    )
    report = services.import_observations(
        by=users("office"), channel="api", data=data, dry_run=False
    )
    assert _errors(report) == [
        (3, "监测点编码", "No station 9999A: import the station list first."),
    ]
    assert not store.has_files(store.root())


@pytest.mark.django_db
def test_observations_of_another_members_station_are_refused(users: Any, data_dir: Path) -> None:
    services.import_stations(by=PLATFORM, channel="system", data=two_stations(), dry_run=False)
    data = observations_csv(*day_rows("8003A", "2026-03-10", 70, 2))
    for name in ("js-editor", "js-viewer", "sz-editor"):
        with pytest.raises(AccessDenied):
            services.import_observations(by=users(name), channel="api", data=data, dry_run=False)
    assert not store.has_files(store.root())
    assert services.import_observations(
        by=users("zj-editor"), channel="api", data=data, dry_run=False
    ).written
