"""The check that docs/ARCHITECTURE.md names only files and modules that exist: it finds the
apps and modules the document used to promise, and passes on the document as it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import REPO
from tools.check_architecture_doc import DOCUMENT, main, missing

FILES = {
    "src/deltacap/domain/access.py": "def require(): ...\nclass Principal: ...\n",
    "src/deltacap/domain/hj212/__init__.py": "from .codec import parse\n",
    "src/deltacap/domain/hj212/codec.py": "def parse(): ...\n",
    "src/deltacap/targets/services.py": "from decimal import Decimal\n\ndef set_target(): ...\n",
    "src/deltacap/targets/templates/targets/list.html": "",
    "src/deltacap/monitoring/__init__.py": "",
    "src/deltacap/monitoring/receiver.py": "RECEIVER = 1\n",
}
# Lines of the document before it was made true, and names written the ways it writes them.
DOCUMENT_TEXT = """# Architecture

| air coordination | `domain/aqi.py` (HJ 633) | `air/` |
| water coordination | `domain/gb3838.py`, `domain/eco_compensation.py` | `deltacap.water` |
| monitoring | `domain/hj212/` | asyncio receiver `receiver.py` |

Exists: `domain/access.py`, `deltacap/domain/access.py`, `src/deltacap/targets/services.py`,
`targets.services.set_target`, `deltacap.domain.access.Principal`, `access.require`,
`hj212.parse`, `<app>/templates/<app>/`, `monitoring/receiver.py`, `deltacap.monitoring`.
Named but missing: `targets.services.set_targets`, `domain.aqi.iaqi`, `<app>/reports.py`.
Not looked up: `Principal`, `air`, `GET /api/v1/targets`, `DELTACAP_DB_PREPARED=0`,
`--workers N`, `issue:confirmation:<ref>`, `time.process_time`, `rights_journallock`.

```
 entry points   `reports/` in a fenced block is a drawing, not a name
```
"""


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    for name, text in {**FILES, DOCUMENT: DOCUMENT_TEXT}.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return tmp_path


def test_names_of_files_and_modules_that_do_not_exist_are_found(repository: Path) -> None:
    found = [(m.line, m.name) for m in missing(repository, DOCUMENT_TEXT)]
    assert found == [
        (3, "domain/aqi.py"),
        (3, "air/"),
        (4, "domain/gb3838.py"),
        (4, "domain/eco_compensation.py"),
        (4, "deltacap.water"),
        (5, "receiver.py"),
        (10, "targets.services.set_targets"),
        (10, "domain.aqi.iaqi"),
        (10, "<app>/reports.py"),
    ]


def test_the_check_fails_and_names_the_line(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(repository)]) == 1
    assert f"{DOCUMENT}:3: `domain/aqi.py` is no file or module" in capsys.readouterr().out


def test_the_architecture_document_names_only_what_exists() -> None:
    text = (REPO / DOCUMENT).read_text("utf-8")
    assert [str(m) for m in missing(REPO, text)] == []
