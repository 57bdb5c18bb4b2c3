"""The demo's monitoring data: deterministic, and loading it again adds nothing."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from deltacap.monitoring import demo, store
from deltacap.monitoring.models import Device

pytestmark = pytest.mark.django_db


def test_demo_data_is_deterministic_and_idempotent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(demo, "DEMO_DEVICES", 2)
    monkeypatch.setattr(demo, "DEMO_DAYS", 1)
    now = datetime(2026, 3, 3, 9, 30)
    first = demo.load_demo_monitoring(now, tmp_path)
    second = demo.load_demo_monitoring(now, tmp_path)
    # 2 devices x 33 hours x 6 records x 5 factors (flow and 4 pollutants).
    assert first == second == 2 * 33 * 6 * 5
    assert Device.objects.filter(mn__startswith=demo.DEMO_PREFIX).count() == 2

    def count(table: str) -> Any:
        with store.connect(tmp_path, [table]) as connection:
            return connection.execute(f'SELECT count(*) FROM "{table}"').fetchall()[0][0]

    assert count("values") == first and count("packets") == 2 * 33 * 6
    assert count("hourly") == 2 * 33 * 5
