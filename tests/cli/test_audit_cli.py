"""``deltacap audit`` as an official at a terminal reads it: the page's words and China time,
one language per run, 80 columns, a page at a time, errors in one line."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from rich.cells import cell_len
from typer.testing import CliRunner

from deltacap.audit.models import AuditEvent
from deltacap.cli import app

pytestmark = pytest.mark.django_db
runner = CliRunner()
NARROW = {"COLUMNS": "80", "DELTACAP_LANG": "", "LC_ALL": "", "LC_MESSAGES": ""}


def _set_target(users: Any, tonnes: Decimal) -> AuditEvent:
    from deltacap.targets.services import set_target

    set_target(
        by=users("office"),
        channel="api",
        period="14fyp",
        scope="330000",
        pollutant="NOx",
        tonnes=str(tonnes),
    )
    return AuditEvent.objects.filter(action="target.set").latest("id")


def _run(*args: str, lang: str = "zh_CN.UTF-8", columns: int = 80) -> Any:
    env = {**NARROW, "LANG": lang, "COLUMNS": str(columns)}
    return runner.invoke(app, ["audit", *args], env=env)


def test_the_trail_reads_in_the_language_of_the_run_with_the_pages_words(users: Any) -> None:
    event = _set_target(users, Decimal("55432.1"))
    local = timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S")
    zh = _run("--action", "target.set", "--limit", "1")
    assert zh.exit_code == 0, zh.output
    assert "设定目标" in zh.stdout and "浙江省" in zh.stdout and "55,432.1" in zh.stdout
    assert local in zh.stdout  # China time, as the page shows it, never cut
    en = _run("--action", "target.set", "--limit", "1", lang="en_GB.UTF-8")
    assert "Target set" in en.stdout and "Zhejiang" in en.stdout and "设定目标" not in en.stdout
    assert "Target set" in _run("--action", "target.set", "--lang", "en").stdout
    for result in (zh, en):
        assert "None" not in result.stdout and "target.set" not in result.stdout.split("--")[0]


def test_the_trail_fits_80_columns_in_both_languages(users: Any) -> None:
    _set_target(users, Decimal("55432.2"))
    for lang in ("zh_CN.UTF-8", "en_US.UTF-8"):
        result = _run("--limit", "8", "--each", lang=lang)
        assert result.exit_code == 0, result.output
        widths = [cell_len(line) for line in result.stdout.splitlines()]
        assert max(widths) <= 80, result.stdout
        times = re.findall(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", result.stdout)
        assert len(times) == 8
        grouped = _run("--limit", "8", lang=lang).stdout  # one row per operation
        assert max(cell_len(line) for line in grouped.splitlines()) <= 80


def test_more_gives_the_command_for_the_next_page_and_it_goes_on_from_there(users: Any) -> None:
    for tonnes in ("55000.1", "55000.2", "55000.3"):
        _set_target(users, Decimal(tonnes))
    first = _run("--action", "target.set", "--limit", "2", "--json")
    newest = [e["after"]["tonnes"] for e in json.loads(first.stdout)]
    assert newest == ["55000.300", "55000.200"]
    hint = re.search(r"--before (\S+)", first.stderr)
    assert hint is not None and "更多" in first.stderr
    second = _run("--action", "target.set", "--limit", "2", "--json", "--before", hint[1])
    assert json.loads(second.stdout)[0]["after"]["tonnes"] == "55000.100"
    text = _run("--action", "target.set", "--limit", "1", "--each")
    assert "deltacap audit --action target.set --limit 1 --each --before " in text.stdout


def test_json_keeps_its_shape_with_china_time_in_iso(users: Any) -> None:
    _set_target(users, Decimal("55432.3"))
    result = _run("--limit", "1", "--json")
    [event] = json.loads(result.stdout)
    assert set(event) == {
        "at",
        "actor",
        "channel",
        "action",
        "object",
        "member",
        "before",
        "after",
        "origin",
    }
    assert event["at"].endswith("+08:00") and event["action"] == "target.set"


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--member", "999999"], ["999999", "江苏省 (320000)"]),
        (["--action", "nope"], ["nope", "rights"]),
        (["--since", "yesterday"], ["yesterday", "2023-05-01"]),
        (["--before", "2026-12-06T0"], ["2026-12-06T0"]),
    ],
)
def test_a_wrong_value_is_one_line_naming_it(args: list[str], named: list[str]) -> None:
    result = _run(*args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output
    assert all(word in lines[0] for word in named)
    english = _run(*args, lang="en_US.UTF-8").stderr
    assert re.search(r"[\u4e00-\u9fff]", english) is None  # one language per run


def test_an_empty_result_says_why() -> None:
    result = _run("--actor", "nobody-at-all")
    assert result.exit_code == 0 and "--actor nobody-at-all" in result.stdout
    assert "没有符合" in result.stdout
    english = _run("--actor", "nobody-at-all", lang="en_US.UTF-8")
    assert "No events match --actor nobody-at-all." in english.stdout


def test_a_mistyped_data_folder_is_an_error_and_no_folder_is_made(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DELTACAP_DATA_DIR")}
    missing = tmp_path / "deltacap-dta"
    result = subprocess.run(
        [sys.executable, "-c", "from deltacap.cli import main; main()", "audit"]
        + ["--data-dir", str(missing), "--lang", "en"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2 and not missing.exists()
    assert f"The data folder {missing} does not exist" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_one_operation_is_one_row_unless_each_is_asked_for() -> None:
    from django.db import transaction

    from deltacap.audit import services

    with transaction.atomic():
        for i in range(5):
            services.record(
                actor=None,
                channel="import",
                action="enterprise.create",
                object_type="enterprise",
                object_id=f"op-{i}",
                after={"name": f"批量企业{i}"},
            )
    wide = 200  # no cell wraps
    grouped = _run("--action", "enterprise.create", "--limit", "1", columns=wide).stdout
    assert "同一操作写入的 5 条记录" in grouped and "--each" in grouped
    assert "批量企业4" in grouped and "批量企业3" not in grouped
    each = _run("--action", "enterprise.create", "--limit", "5", "--each", columns=wide).stdout
    assert all(f"批量企业{i}" in each for i in range(5)) and "同一操作写入" not in each
