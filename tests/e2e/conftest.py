"""Browser tests. The fixtures live in tests/browser.py (registered by tests/conftest.py)."""

from tests.browser import ARTIFACTS, CHROMIUM

__all__ = ["ARTIFACTS", "CHROMIUM"]
