"""Vehicles and detections imported from the members' files, the rules run over them, and
the notices that go to the registering member with its responses."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone, translation

from deltacap.accounts.permissions import PLATFORM
from deltacap.audit.models import AuditEvent
from deltacap.domain.access import AccessDenied
from deltacap.domain.errors import Conflict
from deltacap.mobile import selectors, services, store
from deltacap.mobile.models import Notice, Vehicle
from tests.mobile.conftest import build
from tests.mobile.files import detection, detections_csv, vehicles_csv, workbook

TRUCK = "苏E12345,黄,重型货车,柴油,国III,苏州,单位"
TRUCK_3 = "苏E12345,黄,重型货车,柴油,国三,苏州,单位"
CAR = "苏E6789A,蓝,小型客车,汽油,国V,苏州市,个人"


def _errors(report: services.ImportReport) -> list[tuple[Any, ...]]:
    with translation.override("en"):
        return [(e["row"], e["column"], e["message"]) for e in report.to_json()["errors"]]


def _ago(days: int) -> datetime:
    return services.china_now().replace(second=0, microsecond=0) - timedelta(days=days)


@pytest.mark.django_db
def test_a_member_imports_its_vehicles_checked_then_written(users: Any) -> None:
    editor = users("js-editor")
    checked = services.import_vehicles(by=editor, channel="api", data=vehicles_csv(TRUCK, CAR))
    assert (checked.created, checked.issues, Vehicle.objects.count()) == (2, [], 0)
    done = services.import_vehicles(
        by=editor,
        channel="api",
        data=workbook(vehicles_csv(TRUCK_3)),
        dry_run=False,
    )
    assert done.written and done.created == 1
    truck = Vehicle.objects.get(plate="苏E12345")
    assert (truck.fuel, truck.emission_standard, truck.member_code) == ("diesel", 3, "320000")
    assert AuditEvent.objects.filter(action="vehicle.create").count() == 1


@pytest.mark.django_db
def test_every_bad_vehicle_row_is_named_and_nothing_is_written(users: Any) -> None:
    report = services.import_vehicles(
        by=users("js-editor"),
        channel="api",
        data=vehicles_csv(
            "苏E1234,黄,重型货车,柴油,国III,苏州,单位",
            "苏E12345,蓝,坦克,柴油,国VII,苏州,单位",
            "苏ED12345,蓝,小型客车,纯电动,国VI,苏州,个人",
            "浙A12345,蓝,小型客车,汽油,国VI,苏州,个人",
        ),
        dry_run=False,
    )
    rows = [(row, column) for row, column, _ in _errors(report)]
    assert rows == [
        (2, "号牌号码"),
        (3, "排放标准"),
        (3, "车辆类型"),
        (4, "号牌颜色"),
        (5, "号牌号码"),
    ]
    assert "苏E1234 is not a number plate" in _errors(report)[0][2]
    assert Vehicle.objects.count() == 0


@pytest.mark.django_db
def test_an_editor_imports_no_vehicle_of_another_member_and_viewers_none(users: Any) -> None:
    with pytest.raises(AccessDenied):
        services.import_vehicles(
            by=users("zj-editor"), channel="api", data=vehicles_csv(TRUCK), dry_run=False
        )
    for name in ("js-viewer", "office"):
        with pytest.raises(AccessDenied):
            services.import_vehicles(by=users(name), channel="api", data=vehicles_csv())
    assert Vehicle.objects.count() == 0


@pytest.mark.django_db
def test_detections_go_to_the_store_and_a_plate_reads_its_history(
    users: Any, data_dir: Path
) -> None:
    rows = [detection("苏E12345", _ago(d), "杭州") for d in (40, 10)]
    report = services.import_detections(
        by=users("zj-editor"), channel="api", data=detections_csv(*rows), dry_run=False
    )
    assert report.written and (report.rows, report.plates) == (2, 1)
    history = selectors.history("苏E12345")
    assert [r["time"] for r in history] == [_ago(10), _ago(40)]
    assert history[0]["member"] == "330000" and history[0]["method"] == "remote_sensing"
    assert history[0]["no_ppm"] == 900.0 and history[0]["opacity_percent"] is None
    assert selectors.history("苏E99999") == []
    # Stored once: the same file again is refused row by row, nothing added.
    again = services.import_detections(
        by=users("zj-editor"), channel="api", data=detections_csv(*rows), dry_run=False
    )
    assert [(r, c) for r, c, _ in _errors(again)] == [(2, "检测时间"), (3, "检测时间")]
    assert len(selectors.history("苏E12345")) == 2


@pytest.mark.django_db
def test_every_bad_detection_cell_is_named_and_nothing_is_stored(
    users: Any, data_dir: Path
) -> None:
    when = _ago(3)
    report = services.import_detections(
        by=users("zj-editor"),
        channel="api",
        data=detections_csv(
            detection("苏E12345", when, "杭州"),
            detection("苏E12A", when, "杭州"),
            detection("苏E12346", when, "东京"),
            detection("苏E12347", when, "杭州", method="目测"),
            detection("苏E12348", when + timedelta(days=5), "杭州", result="也许"),
            detection("苏E12345", when, "杭州"),
            detection("苏ED12345", when, "杭州", colour="黄"),
        ),
        dry_run=False,
    )
    assert [(r, c) for r, c, _ in _errors(report)] == [
        (3, "号牌号码"), (4, "城市"), (5, "检测方式"), (6, "检测时间"), (6, "检测结果"),
        (7, "检测时间"), (8, "号牌颜色"),
    ]  # fmt: skip
    assert not store.has_files(store.root())


@pytest.mark.django_db
def test_an_editor_loads_detections_of_its_own_area_only(users: Any, data_dir: Path) -> None:
    data = detections_csv(detection("苏E12345", _ago(1), "杭州"))
    for name in ("js-editor", "office", "sh-viewer"):
        with pytest.raises(AccessDenied):
            services.import_detections(by=users(name), channel="api", data=data, dry_run=False)
    assert not store.has_files(store.root())


def _world(users: Any) -> None:
    build(users)


@pytest.mark.django_db
def test_a_vehicle_found_high_emission_in_another_member_raises_one_notice_home(
    users: Any, data_dir: Path
) -> None:
    # The detections come before the vehicle list: their import finds no registered
    # vehicle to notify; the run of the rules over the whole store raises the notice.
    zhejiang = detections_csv(
        detection("苏E12345", _ago(100), "杭州"),
        detection("苏E12345", _ago(20), "宁波"),
        detection("苏E6789A", _ago(20), "杭州", colour="蓝"),
    )
    report = services.import_detections(
        by=users("zj-editor"), channel="api", data=zhejiang, dry_run=False
    )
    assert report.written and report.notices_raised == 0
    services.import_vehicles(
        by=users("js-editor"), channel="api", data=vehicles_csv(TRUCK, CAR), dry_run=False
    )
    run = services.evaluate(by=PLATFORM, channel="cli")
    assert (run.detections, run.found, run.raised) == (3, 1, 1)
    notice = Notice.objects.get()
    assert (notice.vehicle.plate, notice.to_member_code, notice.from_member_id) == (
        "苏E12345",
        "320000",
        "330000",
    )
    assert "remote_sensing" in notice.reasons and "old_standard" in notice.reasons
    assert notice.due == timezone.localdate() + timedelta(days=30)
    assert services.evaluate(by=PLATFORM, channel="cli").raised == 0  # once only
    with pytest.raises(AccessDenied):
        services.evaluate(by=users("js-editor"), channel="api")


@pytest.mark.django_db
def test_an_import_of_detections_raises_the_notice_of_a_vehicle_found_in_it_once(
    users: Any, data_dir: Path
) -> None:
    services.import_vehicles(
        by=users("js-editor"), channel="api", data=vehicles_csv(TRUCK, CAR), dry_run=False
    )
    data = detections_csv(
        detection("苏E12345", _ago(100), "杭州"), detection("苏E12345", _ago(20), "宁波")
    )
    dry = services.import_detections(by=users("zj-editor"), channel="api", data=data)
    assert dry.notices_raised == 0 and not Notice.objects.exists()
    report = services.import_detections(
        by=users("zj-editor"), channel="api", data=data, dry_run=False
    )
    assert report.written and report.notices_raised == 1
    assert report.to_json()["notices_raised"] == 1
    notice = Notice.objects.get()
    assert (notice.vehicle.plate, notice.to_member_code, notice.from_member_id) == (
        "苏E12345",
        "320000",
        "330000",
    )
    assert "remote_sensing" in notice.reasons and notice.failures == 2
    raised = AuditEvent.objects.get(action="vehicle_notice.raise")
    assert (raised.actor_username, raised.channel) == ("zj-editor", "api")
    assert raised.member_code == "320000"
    # A further failure while the notice is open raises none, nor does the run of the
    # rules over the whole store.
    again = services.import_detections(
        by=users("zj-editor"),
        channel="api",
        data=detections_csv(detection("苏E12345", _ago(3), "杭州")),
        dry_run=False,
    )
    assert again.written and again.notices_raised == 0
    assert services.evaluate(by=PLATFORM, channel="cli").raised == 0
    assert Notice.objects.count() == 1


@pytest.mark.django_db
def test_an_import_weighs_the_vehicles_of_its_own_plates_only(users: Any, data_dir: Path) -> None:
    services.import_vehicles(
        by=users("js-editor"), channel="api", data=vehicles_csv(TRUCK, CAR), dry_run=False
    )
    truck = detections_csv(
        detection("苏E12345", _ago(100), "杭州"), detection("苏E12345", _ago(20), "宁波")
    )
    services.import_detections(
        by=users("zj-editor"), channel="api", data=truck, dry_run=False, raise_notices=False
    )
    car = detections_csv(detection("苏E6789A", _ago(2), "杭州", colour="蓝"))
    report = services.import_detections(
        by=users("zj-editor"), channel="api", data=car, dry_run=False
    )
    assert report.notices_raised == 0 and not Notice.objects.exists()
    assert services.evaluate(by=PLATFORM, channel="cli").raised == 1


@pytest.mark.django_db
def test_the_registering_member_answers_and_closes_a_notice_others_may_not(
    users: Any, data_dir: Path
) -> None:
    _world(users)
    services.evaluate(by=PLATFORM, channel="cli")
    notice = Notice.objects.get()
    for name in ("zj-editor", "js-viewer", "office"):
        with pytest.raises(AccessDenied):
            services.respond(
                by=users(name), channel="api", notice_id=notice.pk, response="scrapped"
            )
    services.respond(
        by=users("sz-editor"),
        channel="api",
        notice_id=notice.pk,
        response="notified_owner",
        note="已电话通知",
    )
    notice.refresh_from_db()
    assert notice.status == "answered"
    services.respond(
        by=users("js-editor"), channel="api", notice_id=notice.pk, response="retest_passed"
    )
    notice.refresh_from_db()
    assert notice.status == "closed"
    with pytest.raises(Conflict):
        services.respond(
            by=users("js-editor"), channel="api", notice_id=notice.pk, response="scrapped"
        )


@pytest.mark.django_db
def test_a_notice_without_response_past_its_deadline_is_overdue(users: Any, data_dir: Path) -> None:
    _world(users)
    services.evaluate(by=PLATFORM, channel="cli")
    notice = Notice.objects.get()
    late = notice.due + timedelta(days=1)
    assert [
        n.pk for n in selectors.notices(member="320000", direction="to", overdue=True, today=late)
    ] == [notice.pk]
    assert not selectors.notices(member="320000", direction="to", overdue=True, today=notice.due)
    assert not selectors.notices(member="330000", direction="to")
    assert [n.pk for n in selectors.notices(member="330000", direction="from")] == [notice.pk]
