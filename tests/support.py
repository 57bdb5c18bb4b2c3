"""Constants shared by the tests."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# Material written by others (the plan, test data); CI puts it beside the clone.
SHARED = REPO.parent / "shared"
# Every account of the test world has this password.
PASSWORD = "test-pass-2026"
