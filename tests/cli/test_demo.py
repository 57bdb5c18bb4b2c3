"""The README's demo command, end to end: a fresh data folder, real processes, HTTP."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

DEMO_PASSWORD = "demo-check-2026"
REQUIRED_ACCOUNTS = ["office", "sh-editor", "js-editor", "zj-editor", "ah-editor", "sh-viewer"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DELTACAP_DATA_DIR")}
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _deltacap(*args: str) -> list[str]:
    return [sys.executable, "-c", "from deltacap.cli import main; main()", *args]


def _wait(url: str, seconds: float = 240) -> None:
    """Until ``url`` answers 200; the demo builds its world first, which on a busy 2-core
    machine takes minutes."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer in {seconds} s")


def _post_json(url: str, body: Any) -> Any:
    request = urllib.request.Request(
        url, json.dumps(body).encode(), {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as r:
        return json.load(r)


@pytest.fixture
def demo_server(tmp_path: Path) -> Any:
    port = _free_port()
    data = tmp_path / "demo-data"
    proc = subprocess.Popen(
        _deltacap(
            "demo", "--data-dir", str(data), "--port", str(port), "--password", DEMO_PASSWORD
        ),
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _wait(f"http://127.0.0.1:{port}/healthz")
        yield f"http://127.0.0.1:{port}", data, proc
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_demo_builds_the_embedded_default_and_serves_it(demo_server: Any) -> None:
    base, data, _ = demo_server
    assert (data / "deltacap.sqlite3").exists()
    with urllib.request.urlopen(f"{base}/api/v1/targets?period=14fyp") as r:
        targets = json.load(r)
    assert {t["scope"] for t in targets} == {"region", "310000", "320000", "330000", "340000"}
    for username in [*REQUIRED_ACCOUNTS, "ent-suzhou"]:
        token = _post_json(
            f"{base}/api/v1/auth/token", {"username": username, "password": DEMO_PASSWORD}
        )["token"]
        request = urllib.request.Request(
            f"{base}/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"}
        )
        with urllib.request.urlopen(request) as r:
            assert json.load(r)["username"] == username
    with urllib.request.urlopen(f"{base}/") as r:
        assert "长三角" in r.read().decode()


def test_demo_again_keeps_the_data_and_prints_new_working_passwords(tmp_path: Path) -> None:
    data = tmp_path / "again"
    first = subprocess.run(
        _deltacap("demo", "--data-dir", str(data), "--no-serve", "--password", DEMO_PASSWORD),
        env=_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert first.returncode == 0, first.stdout + first.stderr
    second = subprocess.run(
        _deltacap("demo", "--data-dir", str(data), "--no-serve"),
        env={**_env(), "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert second.returncode == 0, second.stdout + second.stderr
    rows = [line.split("│") for line in second.stdout.splitlines() if "│" in line]
    passwords = {cells[1].strip(): cells[2].strip() for cells in rows if len(cells) > 3}
    assert set(REQUIRED_ACCOUNTS) <= set(passwords)
    assert passwords["office"] != DEMO_PASSWORD
    count = subprocess.run(
        [
            sys.executable,
            "-c",
            "from deltacap.cli._django import setup; setup(None);"
            "from deltacap.enterprises.models import Enterprise as E;"
            "from deltacap.accounts.models import User as U;"
            "u=U.objects.get(username='office');"
            f"print(E.objects.count(), u.check_password({passwords['office']!r}),"
            " E.objects.filter(synthetic=False).count())",
        ],
        env={**_env(), "DELTACAP_DATA_DIR": str(data)},
        capture_output=True,
        text=True,
    )
    enterprises, password_ok, real = count.stdout.split()
    assert int(enterprises) >= 41 * 4 and password_ok == "True" and real == "0"
