"""The acceptance interface, as real processes on a fresh data folder:
``deltacap hj212 device add``, ``deltacap hj212 serve``, ``deltacap hj212 simulate``."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb

A1_LIKE_MN = "0A00000000000000000000C1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    env["DELTACAP_DATA_DIR"] = str(data)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _deltacap(*args: str) -> list[str]:
    return [sys.executable, "-c", "from deltacap.cli import main; main()", *args]


def _wait_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"receiver not listening on {port}")


def test_device_add_serve_and_simulate_on_a_fresh_data_folder(tmp_path: Path) -> None:
    data, port = tmp_path / "data", _free_port()
    env = _env(data)
    made = subprocess.run(
        _deltacap("init", "--data-dir", str(data)),
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert made.returncode == 0, made.stderr
    added = subprocess.run(
        _deltacap(
            "hj212", "device", "add", A1_LIKE_MN, "--password", "123456", "--data-dir", str(data)
        ),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert added.returncode == 0, added.stderr
    again = subprocess.run(
        _deltacap(
            "hj212", "device", "add", A1_LIKE_MN, "--password", "123456", "--data-dir", str(data)
        ),
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert again.returncode == 2 and "mn" in again.stderr
    server = subprocess.Popen(
        _deltacap(
            "hj212", "serve", "--port", str(port), "--data-dir", str(data), "--idle-timeout", "2"
        ),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _wait_port(port)
        # A client that says nothing, and one that sends garbage, do not disturb the others.
        silent = socket.create_connection(("127.0.0.1", port))
        noisy = socket.create_connection(("127.0.0.1", port))
        noisy.sendall(b"\x00\x01garbage without a frame\r\n##12")
        played = subprocess.run(
            _deltacap(
                "hj212",
                "simulate",
                "--devices",
                "3",
                "--interval",
                "0",
                "--count",
                "5",
                "--port",
                str(port),
                "--prefix",
                "0B",
                "--json",
                "--register",
                "--data-dir",
                str(data),
            ),
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert played.returncode == 0, played.stderr
        summary = json.loads(played.stdout.strip().splitlines()[-1])
        # The simulated devices are not registered: the receiver answers "MN error"
        # (QnRtn=4) to every packet, and stores nothing from them.
        assert summary["sent"] == summary["answered"] == 15, summary
        assert summary["answers"] == {"9011:4": 15}
        with socket.create_connection(("127.0.0.1", port), timeout=5) as device:
            device.sendall(_packet_of_registered_device())
            answer = device.recv(4096)
        assert b"CN=9014" in answer and b"MN=" + A1_LIKE_MN.encode() in answer
        silent.settimeout(10)
        assert silent.recv(1) == b""  # closed by the idle timeout
        noisy.close()
    finally:
        server.send_signal(signal.SIGINT)
        out, _ = server.communicate(timeout=30)
    stats = json.loads(out.strip().splitlines()[-1])
    assert stats["stored"] == 1 and stats["refused"]["device"] == 15
    assert stats["skipped_bytes"]["garbage"] > 0 and stats["closed_idle"] >= 1
    root = data / "measurements"
    rows = duckdb.execute(
        f"SELECT factor, avg FROM read_parquet('{root}/values/*/*.parquet') ORDER BY factor"
    ).fetchall()
    assert rows == [("w00000", 20.0), ("w01018", 35.5)]
    reasons = duckdb.execute(
        f"SELECT reason, count(*) FROM read_parquet('{root}/rejected/*/*.parquet') GROUP BY 1"
    ).fetchall()
    assert dict(reasons)["device"] == 15


def _packet_of_registered_device() -> bytes:
    from datetime import datetime, timedelta

    from deltacap.domain import hj212
    from deltacap.domain.china_time import CHINA_STANDARD_TIME

    moment = datetime.now(CHINA_STANDARD_TIME).replace(tzinfo=None) - timedelta(hours=1)
    message = hj212.Message(
        st=hj212.SystemCode("32"),
        cn=hj212.CommandCode.MINUTE_DATA,
        qn=f"{moment:%Y%m%d%H%M%S}000",
        pw="123456",
        mn=A1_LIKE_MN,
        flag=hj212.PacketFlag(5),
        cp=hj212.CommandParameters.of(
            {"DataTime": f"{moment:%Y%m%d%H%M}00"},
            {"w00000": {"Avg": "20.0", "Flag": "N"}, "w01018": {"Avg": "35.5", "Flag": "N"}},
        ),
    )
    return hj212.encode(message)


def test_workers_take_a_backlog_and_the_store_is_rolled_up_and_compacted(tmp_path: Path) -> None:
    from datetime import datetime, timedelta

    from deltacap.domain.china_time import CHINA_STANDARD_TIME

    data, port = tmp_path / "data", _free_port()
    env = _env(data)
    start = datetime.now(CHINA_STANDARD_TIME) - timedelta(days=2)
    simulate = (
        *("hj212", "simulate", "--devices", "4", "--prefix", "0D", "--minutes", "1"),
        *("--start", f"{start:%Y-%m-%dT%H:00:00}", "--no-faults", "--json"),
        *("--data-dir", str(data)),
    )
    # The devices, on outlets of the synthetic enterprises, before the receiver starts.
    script = (
        "from deltacap.cli._django import setup, migrate;"
        " setup(None, require_migrated=False, create=True);"
        " migrate();"
        "from deltacap.reference.services import load_reference_data; load_reference_data();"
        "from deltacap.demo.load import load_enterprises; load_enterprises();"
        "from deltacap.monitoring import simulated;"
        "from deltacap.monitoring.demo import register_simulated;"
        "register_simulated(simulated.devices(4, prefix='0D'), minute_interval=1)"
    )
    registered = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300
    )
    assert registered.returncode == 0, registered.stderr
    server = subprocess.Popen(
        _deltacap(
            *("hj212", "serve", "--port", str(port), "--data-dir", str(data), "--workers", "2"),
            *("--flush-seconds", "0.2", "--rollup-seconds", "1", "--compact-seconds", "1"),
        ),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_port(port)
        played = subprocess.run(
            _deltacap(
                *simulate, "--backlog", "--window", "4", "--count", "30", "--port", str(port)
            ),
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert played.returncode == 0, played.stderr
        summary = json.loads(played.stdout.strip().splitlines()[-1])
        assert summary["sent"] == summary["answered"] == 120
        assert summary["answers"] == {"9014": 120}
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=60)
    root = data / "measurements"
    # The parent process rolled up what its workers stored.
    hourly = duckdb.execute(
        f"SELECT sum(valid) FROM read_parquet('{root}/hourly/*/*.parquet') WHERE factor = 'w01018'"
    ).fetchone()
    assert hourly == (2 * 30,)  # two of the four simulated devices are water outfalls
    compacted = subprocess.run(
        _deltacap("hj212", "compact", "--min-age", "0", "--data-dir", str(data)),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert compacted.returncode == 0, compacted.stderr
    for folder in root.glob("packets/date=*"):
        assert len(list(folder.glob("*.parquet"))) == 1, folder
    count = duckdb.execute(f"SELECT count(*) FROM read_parquet('{root}/packets/*/*.parquet')")
    assert count.fetchone() == (120,)
