"""The access tests build one world each: each gets its own data folder, so a world's
stored files (vehicle detections, working-group documents) never meet an earlier test's."""

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _own_data_folder(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path / "data"
