"""The production guard and the private data folder, checked in fresh processes."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

STRONG = "k3y-" + "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTU"


def _load_settings(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith("DELTACAP_") and k != "DATABASE_URL"
    }
    return subprocess.run(
        [sys.executable, "-c", "import deltacap.settings as s; print(s.ALLOWED_HOSTS)"],
        env={**clean, "DELTACAP_DATA_DIR": str(tmp_path / "data"), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_a_missing_or_weak_key_debug_and_default_hosts(tmp_path: Path) -> None:
    hosts = {"DELTACAP_ALLOWED_HOSTS": "deltacap.example.gov.cn"}
    cases = [
        ({}, "DELTACAP_SECRET_KEY must be set"),
        ({"DELTACAP_SECRET_KEY": "x" * 60, **hosts}, "weak"),
        ({"DELTACAP_SECRET_KEY": "changethis" * 6, **hosts}, "weak"),
        ({"DELTACAP_SECRET_KEY": STRONG, "DELTACAP_DEBUG": "1", **hosts}, "debug"),
        ({"DELTACAP_SECRET_KEY": STRONG}, "DELTACAP_ALLOWED_HOSTS"),
    ]
    for env, message in cases:
        result = _load_settings(tmp_path, DELTACAP_ENV="production", **env)
        assert result.returncode != 0 and message in result.stderr, (env, result.stderr[-300:])
    ok = _load_settings(tmp_path, DELTACAP_ENV="production", DELTACAP_SECRET_KEY=STRONG, **hosts)
    assert ok.returncode == 0, ok.stderr
    assert "deltacap.example.gov.cn" in ok.stdout


def test_the_embedded_default_keeps_its_data_folder_and_key_private(tmp_path: Path) -> None:
    result = _load_settings(tmp_path)
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "data"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "secret_key").stat().st_mode) == 0o600
    key = (folder / "secret_key").read_text()
    again = _load_settings(tmp_path)
    assert again.returncode == 0 and (folder / "secret_key").read_text() == key
