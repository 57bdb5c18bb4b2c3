"""The data commands as an official reads them: names with codes as hints, one language per
run, no ``None``, an empty result that says why, unknown codes named with the valid ones;
and a README that says which commands take ``--data-dir`` and ``--lang``, as ``--help``
does."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from rich.cells import cell_len
from typer.testing import CliRunner

from deltacap.cli import app

pytestmark = pytest.mark.django_db
runner = CliRunner()
README = Path(__file__).resolve().parents[2] / "README.md"
ENV = {"COLUMNS": "80", "DELTACAP_LANG": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": ""}


def _run(*args: str) -> Any:
    return runner.invoke(app, list(args), env=ENV)


def test_targets_are_listed_by_name_with_the_code_as_a_hint_in_either_language() -> None:
    zh = _run("targets", "list", "--lang", "zh")
    en = _run("targets", "list", "--lang", "en")
    assert zh.exit_code == 0 and en.exit_code == 0, zh.output + en.output
    assert "江苏省 (320000)" in zh.stdout and "氮氧化物 (NOx)" in zh.stdout
    assert "Jiangsu" in en.stdout and "(320000)" in en.stdout and "江苏" not in en.stdout
    for result in (zh, en):
        assert "None" not in result.stdout
        assert max(cell_len(line) for line in result.stdout.splitlines()) <= 80


def test_a_period_without_targets_says_so_and_an_unknown_one_lists_the_periods() -> None:
    empty = _run("targets", "list", "--period", "15fyp", "--lang", "en")
    assert empty.exit_code == 0 and "has no targets yet" in empty.stdout
    assert "15th" in empty.stdout
    unknown = _run("targets", "list", "--period", "16fyp", "--lang", "en")
    assert unknown.exit_code == 2
    [line] = unknown.stderr.strip().splitlines()
    assert "16fyp" in line and "(14fyp)" in line and "(15fyp)" in line
    assert "Traceback" not in unknown.output


def test_progress_names_statuses_in_words() -> None:
    en = _run("progress", "--period", "14fyp", "--lang", "en")
    assert en.exit_code == 0, en.output
    statuses = {"on track", "behind", "far behind", "no target"}
    assert any(s in en.stdout for s in statuses)
    assert not re.search(r"\b(far_behind|on_track|no_target)\b", en.stdout)
    zh = _run("progress", "--period", "14fyp", "--lang", "zh")
    assert "Member" not in zh.stdout and "省市" in zh.stdout
    for result in (en, zh):
        assert max(cell_len(line) for line in result.stdout.splitlines()) <= 80
        assert "…" not in result.stdout and "None" not in result.stdout  # nothing cut


def _commands(group: Any, prefix: str = "") -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name, command in group.commands.items():
        path = f"{prefix}{name}"
        if hasattr(command, "commands"):  # a group of commands
            found |= _commands(command, f"{path} ")
        else:
            found[path] = command
    return found


def test_the_readme_says_which_commands_take_the_data_folder_and_the_language() -> None:
    commands = _commands(typer.main.get_command(app))
    options = {name: {o for p in c.params for o in p.opts} for name, c in commands.items()}
    without_data = sorted(n for n, opts in options.items() if "--data-dir" not in opts)
    without_lang = sorted(n for n, opts in options.items() if "--lang" not in opts)
    readme = README.read_text("utf-8").split("## The command line", 1)[1].split("\n## ", 1)[0]
    paragraph = next(p for p in readme.split("\n\n") if "--data-dir" in p and "--lang" in p)
    data_clause, lang_clause = paragraph.split(";", 1)
    assert "--data-dir" in data_clause and "--lang" in lang_clause, paragraph
    named = re.compile(r"except ((?:`[^`]+`(?:, | and )?)+)")
    for clause, without in ((data_clause, without_data), (lang_clause, without_lang)):
        found = named.search(" ".join(clause.split()))
        said = re.findall(r"`([^`]+)`", found.group(1)) if found else []
        assert sorted(said) == without, (clause, without)


def _deltacap(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DELTACAP_LANG", "LC_ALL")}
    return subprocess.run(
        [sys.executable, "-c", "from deltacap.cli import main; main()", *args],
        env={**env, "LANG": "C.UTF-8"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        (["audit", "--limit", "-1"], "--limit 不接受 -1", "--limit does not accept -1"),
        (["audit", "--nope"], "没有选项 --nope", "There is no option --nope"),
        (["targets", "set", "14fyp"], "缺少 SCOPE", "SCOPE is missing"),
    ],
)
def test_a_mistyped_command_line_is_one_line_in_the_runs_language(
    args: list[str], zh: str, en: str
) -> None:
    chinese, english = _deltacap(*args), _deltacap(*args, "--lang", "en")
    for result, words in ((chinese, zh), (english, en)):
        assert result.returncode == 2 and result.stdout == ""
        [line] = result.stderr.strip().splitlines()
        assert words in line and "--help" in line
