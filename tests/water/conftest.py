"""The demo's water bodies, sections and two years of synthetic samples."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

TODAY = dt.date(2026, 1, 15)  # samples from 2024-01 to 2025-12


@pytest.fixture
def water(db: Any) -> None:
    from deltacap.water.demo import load_demo_water

    assert load_demo_water(TODAY) == 240
