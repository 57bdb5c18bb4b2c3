"""Fixtures of the emission-rights app tests (the world itself is in market_world)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.rights.market_world import MarketWorld, build_market


@pytest.fixture
def market(db: Any) -> MarketWorld:
    return build_market()
