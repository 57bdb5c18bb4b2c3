"""The web tier under load: 50 concurrent clients on each of the six pages and endpoints
every visitor and official opens first.

Figures in docs/PERFORMANCE.md ("The web tier under load"). Run from the repository root:

    .venv/bin/python bench/bench_web.py [--workers 2] [--clients 50] [--seconds 30]

On PostgreSQL, give an empty database of the bench's own (never another's):

    psql -h 127.0.0.1 -U postgres -c 'DROP DATABASE IF EXISTS bench_web' \\
        -c 'CREATE DATABASE bench_web'
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_web .venv/bin/python bench/bench_web.py

Setup builds the demo (``deltacap demo --no-serve``) in a temporary data folder, signs the
office in (a session for the page, a bearer token for the API) and starts
``deltacap serve --workers N`` on a free port. Each endpoint is then driven by ``--clients``
clients at once for ``--seconds`` seconds, each client sending its next request as soon as
the last is answered (HTTP/1.1 keep-alive, asyncio in one process of its own, so the
clients and the server share the machine's processors as a browser crowd would not).
Reported per endpoint: requests per second, p50/p95/p99 of the time from sending a request
to the last byte of its answer, and errors (a connection failure or any status but 200).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DELTACAP = ROOT / ".venv" / "bin" / "deltacap"
PASSWORD = "bench-web-2026-pass"

# (label, path, sign-in: None, "session" or "token")
ENDPOINTS = [
    ("/", "/", None),
    ("/projects/progress/ (office)", "/projects/progress/", "session"),
    ("/rights/", "/rights/", None),
    ("GET /api/v1/targets", "/api/v1/targets?period=14fyp", None),
    ("GET /api/v1/market/trades", "/api/v1/market/trades", None),
    ("GET /api/v1/projects/progress/dashboard", "/api/v1/projects/progress/dashboard", "token"),
]


def build_demo(env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        [str(DELTACAP), "demo", "--no-serve", "--password", PASSWORD],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def sign_in(env: dict[str, str]) -> tuple[str, str]:
    """A session cookie and a bearer token of the office, made in this process."""
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "deltacap.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.db import connections

    from deltacap.accounts.models import User
    from deltacap.accounts.services import issue_token

    office = User.objects.get(username="office")
    session = importlib.import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(office.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = office.get_session_auth_hash()
    session.create()
    token = issue_token(user=office)
    connections.close_all()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}", token


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(
    env: dict[str, str], port: int, workers: int, threads: int, baseline: Path | None
) -> subprocess.Popen:
    command = [str(DELTACAP), "serve", "--port", str(port), "--workers", str(workers)]
    command += ["--threads", str(threads)]
    if baseline is not None:
        # An earlier version's source (e.g. `git archive <commit> src | tar -x -C /tmp/old`),
        # served as it served: `deltacap serve --threads T` (one waitress process).
        command = [sys.executable, "-c", "from deltacap.cli import main; main()", "serve"]
        command += ["--port", str(port), "--threads", str(threads)]
        env = {**env, "PYTHONPATH": str(baseline)}
    # waitress warns of its task queue on every request it queues: not shown.
    quiet = subprocess.DEVNULL if baseline is not None else None
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=quiet)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                if b" 200 " in s.recv(100):
                    return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("the server did not start")


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[str, int] = field(default_factory=dict)


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Reads one HTTP/1.1 response; returns its status and whether the server keeps the
    connection."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    else:
        await reader.read()
        return status, False
    return status, headers.get("connection", "").lower() != "close"


async def _client(port: int, request: bytes, until: float, result: Result, count: bool) -> None:
    reader = writer = None
    while time.monotonic() < until:
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            assert reader is not None
            sent = time.perf_counter()
            writer.write(request)
            status, keep = await _read_response(reader)
            elapsed = time.perf_counter() - sent
            if count:
                result.latencies.append(elapsed)
                if status != 200:
                    result.errors += 1
                    result.statuses[str(status)] = result.statuses.get(str(status), 0) + 1
            if not keep:
                writer.close()
                writer = None
        except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
            if count:
                result.errors += 1
                name = type(exc).__name__
                result.statuses[name] = result.statuses.get(name, 0) + 1
            if writer is not None:
                writer.close()
            writer = None
            await asyncio.sleep(0.05)
    if writer is not None:
        writer.close()


async def drive(port: int, request: bytes, clients: int, seconds: float, count: bool) -> Result:
    result = Result()
    until = time.monotonic() + seconds
    await asyncio.gather(*(_client(port, request, until, result, count) for _ in range(clients)))
    return result


def request_bytes(path: str, sign: str | None, cookie: str, token: str) -> bytes:
    lines = [f"GET {path} HTTP/1.1", "Host: 127.0.0.1", "Accept-Encoding: gzip"]
    if sign == "session":
        lines.append(f"Cookie: {cookie}")
    if sign == "token":
        lines.append(f"Authorization: Bearer {token}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2, help="web processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per web process")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--warmup", type=float, default=2, help="seconds not counted")
    parser.add_argument(
        "--only",
        help="run the endpoints whose label contains this text (or is it, when quoted as =LABEL)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument(
        "--baseline",
        type=Path,
        help="serve an earlier version's src folder instead (its `deltacap serve --threads`)",
    )
    parser.add_argument(
        "--data-dir", type=Path, help="a data folder with the demo built already (kept)"
    )
    args = parser.parse_args()

    data_dir = str(args.data_dir or tempfile.mkdtemp(prefix="deltacap-bench-web-"))
    env = {**os.environ, "DELTACAP_DATA_DIR": data_dir}
    database = os.environ.get("DATABASE_URL", "") or "SQLite (embedded)"
    print(f"database: {database}; data folder {data_dir}", flush=True)
    if args.data_dir is None:
        print(f"demo built in {build_demo(env):.1f} s", flush=True)
    cookie, token = sign_in(env)
    port = free_port()
    server = start_server(env, port, args.workers, args.threads, args.baseline)
    figures: dict[str, Any] = {
        "database": database.split("@")[-1],
        "workers": args.workers,
        "threads": args.threads,
        "server": f"baseline {args.baseline}" if args.baseline else "deltacap serve --workers",
        "clients": args.clients,
        "seconds": args.seconds,
        "cpus": os.cpu_count(),
        "load_average_before": os.getloadavg(),
        "endpoints": {},
    }
    try:
        shape = (
            f"baseline ({args.baseline}): 1 process × {args.threads} threads"
            if args.baseline
            else f"{args.workers} processes × {args.threads} threads"
        )
        print(
            f"{shape}; {args.clients} clients, "
            f"{args.seconds:g} s per endpoint; load average {os.getloadavg()[0]:.1f} "
            f"on {os.cpu_count()} processors",
            flush=True,
        )
        print(f"{'endpoint':44} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} errors")
        for label, path, sign in ENDPOINTS:
            if args.only and (
                label != args.only[1:] if args.only.startswith("=") else args.only not in label
            ):
                continue
            request = request_bytes(path, sign, cookie, token)
            asyncio.run(drive(port, request, args.clients, args.warmup, count=False))
            started = time.perf_counter()
            result = asyncio.run(drive(port, request, args.clients, args.seconds, count=True))
            took = time.perf_counter() - started
            lat = result.latencies or [float("nan")]
            row = {
                "requests": len(result.latencies),
                "requests_per_second": round(len(result.latencies) / took, 1),
                "p50_ms": round(statistics.median(lat) * 1000, 1),
                "p95_ms": round(percentile(lat, 95) * 1000, 1),
                "p99_ms": round(percentile(lat, 99) * 1000, 1),
                "errors": result.errors,
                "error_kinds": result.statuses,
            }
            figures["endpoints"][label] = row
            print(
                f"{label:44} {row['requests_per_second']:7.1f} {row['p50_ms']:7.1f} "
                f"{row['p95_ms']:7.1f} {row['p99_ms']:7.1f} {row['errors']}"
                + (f" {result.statuses}" if result.statuses else ""),
                flush=True,
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
    figures["load_average_after"] = os.getloadavg()
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    sys.exit(0)


if __name__ == "__main__":
    main()
