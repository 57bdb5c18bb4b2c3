"""The check that a clone of the repository alone has everything its code, tests and scripts
read: it finds each way of reaching outside, and finds none in the repository itself."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support import REPO
from tools.check_self_contained import CLIMBED_OUT, main, scan

# Files that reach outside the repository in each way the check knows (what the tests did
# before their data moved in, one level too many, a machine's path, a path in a setting),
# and files whose paths stay inside, as a repository writes them. They are test data, kept
# in tests/data/ (which the check does not scan), so this test holds none of the patterns.
# The samples name the parent folder as {PARENT}, so that this data file itself reaches nowhere.
SAMPLES = json.loads(
    (REPO / "tests" / "data" / "self_contained_samples.json")
    .read_text("utf-8")
    .replace("{PARENT}", "..")
)
OUTSIDE: dict[str, str] = SAMPLES["outside"]
INSIDE: dict[str, str] = SAMPLES["inside"]


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
