"""`deltacap demo` / `deltacap serve --workers N`: several web processes on one address,
which share the cache, so a change written by another process (here the command line) is
served by every one of them at the next request; assets hashed, compressed, long-lived."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_demo import DEMO_PASSWORD, _deltacap, _env, _free_port, _wait

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="gunicorn: Linux")


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _region_cod(base: str) -> Any:
    with urllib.request.urlopen(f"{base}/api/v1/targets?period=14fyp", timeout=10) as r:
        rows = json.load(r)
    return next(t["tonnes"] for t in rows if (t["scope"], t["pollutant"]) == ("region", "COD"))


def test_two_web_processes_serve_a_change_made_elsewhere_at_once(tmp_path: Path) -> None:
    port = _free_port()
    data = tmp_path / "served"
    proc = subprocess.Popen(
        _deltacap("demo", "--data-dir", str(data), "--port", str(port), "--workers", "2")
        + ["--password", DEMO_PASSWORD],
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(f"{base}/healthz")
        assert len(_children(proc.pid)) == 2
        before = {_region_cod(base) for _ in range(12)}  # every process, from its cache
        assert len(before) == 1 and 360000 not in before
        changed = subprocess.run(
            _deltacap("targets", "set", "14fyp", "region", "COD", "--tonnes", "360000")
            + ["--as", "office", "--data-dir", str(data)],
            env=_env(),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert changed.returncode == 0, changed.stdout + changed.stderr
        assert {_region_cod(base) for _ in range(12)} == {360000}
        with urllib.request.urlopen(f"{base}/", timeout=10) as r:
            html = r.read().decode()
        asset = re.search(r"/static/deltacap/deltacap\.[0-9a-f]{12}\.css", html)
        assert asset, "assets are named by their content"
        request = urllib.request.Request(base + asset.group(0), headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, timeout=10) as r:
            assert r.headers["Content-Encoding"] == "gzip"
            assert "immutable" in r.headers["Cache-Control"]
            assert b"{" in gzip.decompress(r.read())
    finally:
        proc.terminate()
        proc.wait(timeout=40)
