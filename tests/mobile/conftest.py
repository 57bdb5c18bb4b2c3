from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.mobile.files import detection, detections_csv, vehicles_csv

TRUCK = "苏E12345,黄,重型货车,柴油,国III,苏州,单位"
CAR = "苏E6789A,蓝,小型客车,汽油,国V,苏州市,个人"


@pytest.fixture
def data_dir(settings: Any, tmp_path: Path) -> Path:
    settings.DATA_DIR = str(tmp_path)
    return tmp_path


def ago(days: int) -> datetime:
    from deltacap.mobile.services import china_now

    return china_now().replace(second=0, microsecond=0) - timedelta(days=days)


@dataclass
class MobileWorld:
    notice: Any


def build(users: Any) -> None:
    """Two Jiangsu vehicles: the truck failed remote sensing twice in Zhejiang (a notice to
    Jiangsu), the car once (none), and was seen twice at home."""
    from deltacap.mobile import services

    services.import_vehicles(
        by=users("js-editor"), channel="api", data=vehicles_csv(TRUCK, CAR), dry_run=False
    )
    services.import_detections(
        by=users("zj-editor"),
        channel="api",
        data=detections_csv(
            detection("苏E12345", ago(100), "杭州"),
            detection("苏E12345", ago(20), "宁波"),
            detection("苏E6789A", ago(20), "杭州", colour="蓝"),
        ),
        dry_run=False,
    )
    services.import_detections(
        by=users("js-editor"),
        channel="api",
        data=detections_csv(
            detection("苏E6789A", ago(30), "苏州", colour="蓝"),
            detection("苏E6789A", ago(5), "苏州", colour="蓝", result="合格"),
        ),
        dry_run=False,
    )


@pytest.fixture
def mobile_world(users: Any, data_dir: Path) -> MobileWorld:
    from deltacap.accounts.permissions import PLATFORM
    from deltacap.mobile import services
    from deltacap.mobile.models import Notice

    build(users)
    services.evaluate(by=PLATFORM, channel="cli")
    return MobileWorld(Notice.objects.get())
