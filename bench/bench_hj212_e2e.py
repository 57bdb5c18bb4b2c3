"""End to end over loopback: simulated devices -> ``deltacap hj212 serve`` -> Parquet store.

Figure in docs/PERFORMANCE.md ("HJ 212 receiver, end to end"). Run from the repository root:

    .venv/bin/python bench/bench_hj212_e2e.py --devices 1000 --seconds 30

It makes a fresh data folder (reference data, the synthetic enterprises, one
registered device per simulated device), starts the receiver as its own process
on 127.0.0.1, plays ``--devices`` simulated devices against it for ``--seconds``,
then stops the receiver and counts what is in the store. By default each device
sends its backlog of minute records (``simulate --backlog``: up to ``--window``
packets ahead of their answers, the catch-up after an outage); with
``--no-backlog`` each device sends its next packet when the last was answered,
or every ``--interval`` seconds. It reports packets stored per second (counted
in the store), the send-to-answer latency (p50, p99, max; the receiver answers
once the data is on disk), the receiver's resident memory (all its processes,
sampled every second: after start, peak, at the end, and the trend over the
second half of the run in MB per minute) and the Parquet files left. Loopback
only; bounded by ``--devices`` and ``--seconds``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from deltacap.domain.china_time import CHINA_STANDARD_TIME

MAX_DEVICES = 5000
MAX_SECONDS = 900
# Minute records per device start this far back: 14.4 million packets for 1,000 devices,
# enough for 24,000 packets/s over 600 s (a backlog that runs out would reach DataTimes
# in the future, which the receiver refuses).
BACKLOG_DAYS = 20


def deltacap(*args: str) -> list[str]:
    return [sys.executable, "-c", "from deltacap.cli import main; main()", *args]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare(data: Path, devices: int, prefix: str) -> None:
    """Database, reference data, synthetic enterprises and the devices (in a subprocess)."""
    script = (
        "from deltacap.cli._django import setup, migrate; setup(None, require_migrated=False);"
        " migrate();"
        "from deltacap.reference.services import load_reference_data; load_reference_data();"
        "from deltacap.demo.load import load_enterprises; load_enterprises();"
        "from deltacap.monitoring import simulated;"
        "from deltacap.monitoring.demo import register_simulated;"
        f"register_simulated(simulated.devices({devices}, prefix={prefix!r}), minute_interval=1)"
    )
    env = {**os.environ, "DELTACAP_DATA_DIR": str(data)}
    subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=600)


def _stat(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def tree(pid: int) -> list[int]:
    """``pid`` and its child processes (the receiver workers of ``serve --workers N``)."""
    found = [pid]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int(_stat(int(entry.name))[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, IndexError):
                continue
    return found


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its children, from /proc."""
    total = 0
    for member in tree(pid):
        fields = _stat(member)
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def _rss_of(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def rss_kib(pid: int, only: set[int] | None = None) -> int:
    """Resident memory of a process and its children (or of those in ``only``), KiB."""
    total = 0
    for member in tree(pid):
        if only is None or member in only:
            try:
                total += _rss_of(member)
            except OSError:
                continue
    return total


class Sampler(threading.Thread):
    """Memory every second: of the whole process tree, and of the processes that live as
    long as the server (the parent and its receiver workers, found once they are up),
    leaving out the short-lived roll-up processes the parent starts."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.resident = set(tree(pid))
        self.samples: list[int] = []
        self.resident_samples: list[int] = []
        self.stop = threading.Event()

    def run(self) -> None:
        started = time.monotonic()
        while not self.stop.wait(1.0):
            try:
                if time.monotonic() - started < 10:  # workers still starting; no roll-up yet
                    self.resident |= set(tree(self.pid))
                self.samples.append(rss_kib(self.pid))
                self.resident_samples.append(rss_kib(self.pid, self.resident))
            except OSError:
                return


def wait_port(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"receiver did not listen on {port}")


def count_stored(root: Path) -> dict[str, int]:
    import duckdb

    counts = {}
    for table in ("packets", "values", "rejected"):
        files = list((root / table).glob("date=*/*.parquet"))
        if not files:
            counts[table] = 0
            continue
        pattern = str(root / table / "date=*" / "*.parquet")
        row = duckdb.execute(f"SELECT count(*) FROM read_parquet('{pattern}')").fetchall()[0]
        counts[table] = int(row[0]) if row else 0
    return counts


def trend(samples: list[int]) -> float | None:
    """Least-squares slope of the second half of the RSS samples (one a second), MiB/min."""
    half = samples[len(samples) // 2 :]
    if len(half) < 10:
        return None
    n = len(half)
    mean_x, mean_y = (n - 1) / 2, sum(half) / n
    slope = sum((x - mean_x) * (y - mean_y) for x, y in enumerate(half)) / sum(
        (x - mean_x) ** 2 for x in range(n)
    )
    return round(slope * 60 / 1024, 2)


def run(args: argparse.Namespace) -> dict[str, Any]:
    data = Path(tempfile.mkdtemp(prefix="hj212-bench-"))
    prefix = "BE"
    began = time.monotonic()
    prepare(data, args.devices, prefix)
    prepared = time.monotonic() - began
    port = free_port()
    env = {**os.environ, "DELTACAP_DATA_DIR": str(data), "DELTACAP_LOG_LEVEL": "WARNING"}
    server = subprocess.Popen(
        deltacap(
            "hj212",
            "serve",
            "--port",
            str(port),
            "--data-dir",
            str(data),
            "--flush-seconds",
            str(args.flush_seconds),
            "--workers",
            str(args.workers),
        ),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        wait_port(port)
        sampler = Sampler(server.pid)
        start_rss = rss_kib(server.pid)
        start_cpu = cpu_seconds(server.pid)
        sampler.start()
        now = datetime.now(CHINA_STANDARD_TIME).replace(tzinfo=None)
        first = (now - timedelta(days=BACKLOG_DAYS)).strftime("%Y-%m-%dT%H:%M:00")
        played = subprocess.run(
            deltacap(
                "hj212",
                "simulate",
                "--devices",
                str(args.devices),
                "--interval",
                str(args.interval),
                "--seconds",
                str(args.seconds),
                "--port",
                str(port),
                "--minutes",
                "1",
                "--start",
                first,
                "--prefix",
                prefix,
                "--json",
                *(["--backlog", "--window", str(args.window)] if args.backlog else []),
            ),
            env=env,
            capture_output=True,
            text=True,
            timeout=args.seconds + 300,
        )
        if played.returncode != 0:
            raise SystemExit(played.stderr)
        summary = json.loads(played.stdout.strip().splitlines()[-1])
        sampler.stop.set()
        end_rss = rss_kib(server.pid)
        server_cpu = cpu_seconds(server.pid) - start_cpu
    finally:
        server.send_signal(signal.SIGINT)
        out, _ = server.communicate(timeout=300)
    stats = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    stored = count_stored(data / "measurements")
    files = {
        table: len(list((data / "measurements" / table).glob("date=*/*.parquet")))
        for table in ("values", "packets", "hourly")
    }
    return {
        "devices": args.devices,
        "seconds": summary["seconds"],
        "sent": summary["sent"],
        "answered": summary["answered"],
        "unanswered": summary["unanswered"],
        "connection_errors": summary["connection_errors"],
        "packets_stored": stored["packets"],
        "values_stored": stored["values"],
        "rejected": stored["rejected"],
        "stored_per_second": round(stored["packets"] / summary["seconds"], 1),
        "latency_ms_p50": summary["latency_ms_p50"],
        "latency_ms_p99": summary["latency_ms_p99"],
        "latency_ms_max": summary["latency_ms_max"],
        "server_rss_mib_start": round(start_rss / 1024, 1),
        "server_rss_mib_peak": round(max(sampler.samples or [end_rss]) / 1024, 1),
        "server_rss_mib_end": round(end_rss / 1024, 1),
        "server_rss_mib_per_minute_second_half": trend(sampler.samples),
        "server_rss_mib_samples": [
            round(s / 1024) for s in sampler.samples[:: max(1, len(sampler.samples) // 20)]
        ],
        "receiver_rss_mib_samples": [
            round(s / 1024)
            for s in sampler.resident_samples[:: max(1, len(sampler.resident_samples) // 20)]
        ],
        "receiver_rss_mib_per_minute_second_half": trend(sampler.resident_samples),
        "server_paused": sum(int(s.get("paused", 0)) for s in stats),
        "workers": args.workers,
        "backlog_window": args.window if args.backlog else None,
        "parquet_files": files,
        "load_average": os.getloadavg(),
        "server_cpu_seconds": round(server_cpu, 2),
        "server_cpu_us_per_packet": round(server_cpu / max(stored["packets"], 1) * 1e6, 1),
        "simulator_cpu_seconds": summary.get("cpu_seconds"),
        "setup_seconds": round(prepared, 1),
        "data_folder": str(data),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--interval", type=float, default=0.0, help="0: send when answered")
    parser.add_argument("--flush-seconds", type=float, default=0.25)
    parser.add_argument("--workers", type=int, default=2, help="receiver processes")
    parser.add_argument(
        "--backlog",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="devices send their backlog without waiting for each answer",
    )
    parser.add_argument("--window", type=int, default=16, help="unanswered packets per device")
    args = parser.parse_args()
    if not 1 <= args.devices <= MAX_DEVICES or not 1 <= args.seconds <= MAX_SECONDS:
        raise SystemExit(f"--devices 1..{MAX_DEVICES}, --seconds 1..{MAX_SECONDS}")
    print(
        f"# {platform.python_implementation()} {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs, loopback only"
    )
    print(json.dumps(run(args), indent=2))


if __name__ == "__main__":
    main()
