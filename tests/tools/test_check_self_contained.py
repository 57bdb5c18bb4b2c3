"""The check that a clone of the repository alone has everything its code, tests and scripts
read: it finds each way of reaching outside, and finds none in the repository itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import REPO
from tools.check_self_contained import CLIMBED_OUT, main, scan

OUTSIDE = {
    # What the tests did before their data moved in: the team's folder beside the clone.
    "tests/support.py": (
        "from pathlib import Path\n"
        "REPO = Path(__file__).resolve().parents[1]\n"
        'SHARED = REPO.parent / "shared"\n'
    ),
    "tests/domain/corpus.py": (
        "from pathlib import Path\n"
        'TESTDATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "testdata"\n'
    ),
    # One level too many: the repository's parent, whatever the name that follows.
    "tests/browser.py": (
        "import os\n"
        "from pathlib import Path\n"
        'ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"\n'
        'NOTES = os.path.join(os.path.dirname(os.path.dirname(__file__)), "..", "notes")\n'
    ),
    "bench/bench_x.py": '"""Packets from shared/testdata beside the repository."""\n',
    "scripts/fetch": "#!/bin/sh\ncp /work/shared/testdata/*.jsonl tests/data/\n",
    "pyproject.toml": '[tool.x]\ndata = "../notes/data.json"\n',
}
INSIDE = {
    # Paths that stay inside the repository, written the ways the repository writes them.
    "tests/ok.py": (
        "from pathlib import Path\n"
        "REPO = Path(__file__).resolve().parents[1]\n"
        'DATA = REPO / "tests" / "data"\n'
        'SRC = Path(__file__).resolve().parent.parent / "src"\n'
        "# a shared fixture, the .../progress route, /tmp/bench as an example folder\n"
    ),
    "scripts/test": '#!/usr/bin/env bash\ncd "$(dirname "$0")/.."\n',
    # Data written by others and documents are not scanned.
    "tests/data/README.md": "Copied from shared/testdata.\n",
    "tests/data/corpus.py": "PATH = '../shared/testdata'\n",
    "docs/notes.md": "Copied from ../shared/domain.\n",
}


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    for name, text in {**OUTSIDE, **INSIDE}.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return tmp_path


def test_every_way_of_reaching_outside_the_repository_is_found(repository: Path) -> None:
    found = {(f.path, f.line) for f in scan(repository)}
    assert found == {
        ("tests/support.py", 3),
        ("tests/domain/corpus.py", 2),
        ("tests/browser.py", 3),
        ("tests/browser.py", 4),
        ("bench/bench_x.py", 1),
        ("scripts/fetch", 2),
        ("pyproject.toml", 2),
    }


def test_a_path_climbing_above_the_root_is_named_as_such(repository: Path) -> None:
    reasons = {f.reason for f in scan(repository) if f.path == "tests/browser.py"}
    assert reasons == {CLIMBED_OUT}


def test_the_check_fails_and_names_file_and_line(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(repository)]) == 1
    out = capsys.readouterr().out
    assert "tests/support.py:3: " in out
    assert "scripts/fetch:2: absolute path of one machine" in out


def test_the_repository_refers_to_nothing_outside_itself() -> None:
    assert [str(f) for f in scan(REPO)] == []
