"""Constants shared by the tests."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# Material written by others (the plan, public HJ 212 packets), with its source: data/README.md.
DATA = REPO / "tests" / "data"
# Every account of the test world has this password.
PASSWORD = "test-pass-2026"
