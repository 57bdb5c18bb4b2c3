"""The demo's vehicles: synthetic, with cross-member notices in every state, one overdue."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from deltacap.mobile import selectors
from deltacap.mobile.demo import load_demo_mobile
from deltacap.mobile.models import Notice, Vehicle

pytestmark = pytest.mark.django_db


def test_the_demo_has_notices_in_every_state_one_overdue(users: Any, data_dir: Path) -> None:
    assert load_demo_mobile() == 4
    assert not Vehicle.objects.filter(synthetic=False).exists()
    notices = {n.vehicle.plate: n for n in Notice.objects.select_related("vehicle")}
    assert all(n.synthetic for n in notices.values())
    assert {p: n.status for p, n in notices.items()} == {
        "苏E9X001": "open",
        "浙F9X002": "answered",
        "皖A9X003": "closed",
        "沪A9X004": "open",
    }
    overdue = list(selectors.notices(overdue=True, today=timezone.localdate()))
    assert [n.vehicle.plate for n in overdue] == ["苏E9X001"]
    assert {n.from_member_id for n in notices.values()} == {"310000", "320000", "330000"}
    assert len(selectors.history("苏E9X001")) == 3
    assert load_demo_mobile() == 0
