"""``deltacap hj212 serve`` and ``simulate``: the receiver, and simulated devices to feed it.

Django and the heavy modules are imported inside the commands, so that
``deltacap --help`` stays fast and the data folder is set before Django starts.
"""

from __future__ import annotations

import asyncio
import json
import logging
import signal
from datetime import datetime
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from deltacap.cli._django import DataDir, setup_and_migrate, user_errors
from deltacap.domain.china_time import CHINA_STANDARD_TIME

console = Console()


def _china_now() -> datetime:
    return datetime.now(CHINA_STANDARD_TIME).replace(tzinfo=None)


@user_errors
def serve(
    port: int = typer.Option(9212, help="TCP port to listen on."),
    host: str = typer.Option("127.0.0.1", help="Address to listen on (0.0.0.0 for all)."),
    idle_timeout: float = typer.Option(120.0, help="Close a connection silent this long (s)."),
    max_packet: int = typer.Option(0, help="Largest packet in bytes (default: by the options)."),
    max_per_device: int = typer.Option(2, help="Open connections allowed per device (MN)."),
    flush_seconds: float = typer.Option(
        0.25, help="Write to the store at least this often (s); answers wait for the write."
    ),
    rollup_seconds: float = typer.Option(
        60.0, help="Update hourly roll-ups this often (s); 0: never."
    ),
    compact_seconds: float = typer.Option(
        300.0, help="Merge small part files of the dates written this often (s); 0: never."
    ),
    answer_after_write: bool = typer.Option(
        True,
        "--answer-after-write/--answer-on-receipt",
        help="Send 9014 only once the data is on disk (default), or as soon as it is read.",
    ),
    lenient: bool = typer.Option(
        False, help="Accept what public devices send (no CR LF, 2005 headers, long packets)."
    ),
    workers: int = typer.Option(
        1, help="Receiver processes sharing the port (SO_REUSEPORT); about one per core."
    ),
    reuse_port: bool = typer.Option(False, hidden=True),
    data_dir: Path | None = DataDir,
) -> None:
    """Receive HJ 212-2017 packets over TCP, answer them and store their values."""
    setup_and_migrate(data_dir)
    if workers > 1:
        _run_workers(workers, rollup_seconds, compact_seconds)
        return
    from deltacap.domain import hj212
    from deltacap.monitoring.receiver import Receiver, ReceiverConfig
    from deltacap.monitoring.registry import device_table
    from deltacap.monitoring.rollup import RollUpClock
    from deltacap.monitoring.screening import load_screen
    from deltacap.monitoring.store import store_root

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    logging.getLogger("deltacap").setLevel(logging.INFO)
    options = hj212.LENIENT if lenient else hj212.STRICT
    root = store_root()
    config = ReceiverConfig(
        host=host,
        port=port,
        options=options,
        max_packet_bytes=max_packet or (65_536 if lenient else ReceiverConfig.max_packet_bytes),
        idle_timeout=idle_timeout,
        max_connections_per_device=max_per_device,
        flush_seconds=flush_seconds,
        rollup_seconds=rollup_seconds,
        compact_seconds=compact_seconds,
        answer_after_write=answer_after_write,
        reuse_port=reuse_port,
        screen=load_screen(),
    )

    rollups = RollUpClock()

    def roll_up(dates: set[str]) -> None:
        rollups.roll_up(root, dates)

    receiver = Receiver(root, config, device_table, roll_up)
    _limit_malloc_arenas()
    asyncio.run(_serve_until_stopped(receiver))


def _limit_malloc_arenas() -> None:
    """Two glibc malloc arenas instead of eight per core: with a writer thread, many arenas
    fragment and the receiver's memory creeps up (the same as MALLOC_ARENA_MAX=2)."""
    import contextlib
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    if name is None:
        return
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(name).mallopt(-8, 2)  # M_ARENA_MAX


def _run_workers(count: int, rollup_seconds: float, compact_seconds: float) -> None:
    """Run ``count`` receivers on one port, each its own process; stop them on a signal.

    Each writes its own part files (the store takes many writers); the connection cap per
    device holds per worker. Roll-ups and compaction are done here, once for all workers,
    for the dates whose folders changed, instead of in each worker.
    """
    import subprocess
    import sys
    import threading

    argv = _without_options(sys.argv[1:], ("--workers", "--rollup-seconds", "--compact-seconds"))
    command = [sys.executable, "-c", "from deltacap.cli import main; main()", *argv]
    quiet = ["--rollup-seconds", "0", "--compact-seconds", "0", "--reuse-port"]
    children = [subprocess.Popen([*command, *quiet]) for _ in range(count)]
    stop = threading.Event()

    def forward(sig: int, frame: object) -> None:
        stop.set()
        for child in children:
            child.send_signal(sig)

    signal.signal(signal.SIGINT, forward)
    signal.signal(signal.SIGTERM, forward)
    from deltacap.monitoring.maintenance import Maintainer
    from deltacap.monitoring.store import store_root

    maintainer = Maintainer(store_root(), rollup_seconds, compact_seconds, separate=True)
    while not stop.wait(min(x for x in (rollup_seconds, compact_seconds, 5.0) if x > 0)):
        maintainer.run_due()
    for child in children:
        child.wait()
    maintainer.finish()


def _without_options(argv: list[str], names: tuple[str, ...]) -> list[str]:
    """``argv`` without the options ``names`` (``--name value`` or ``--name=value``)."""
    kept: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in names:
            skip = True
        elif not arg.startswith(tuple(f"{name}=" for name in names)):
            kept.append(arg)
    return kept


async def _serve_until_stopped(receiver: object) -> None:
    from deltacap.monitoring.receiver import Receiver

    assert isinstance(receiver, Receiver)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    port = await receiver.start()
    console.print(f"HJ 212 receiver on {receiver.config.host}:{port} (Ctrl-C to stop)")
    await stop.wait()
    await receiver.stop()
    typer.echo(json.dumps(receiver.stats.as_dict()))


@user_errors
def simulate(
    devices: int = typer.Option(10, help="Number of simulated devices."),
    interval: float = typer.Option(30.0, help="Seconds between a device's packets."),
    port: int = typer.Option(9212, help="The receiver's port."),
    host: str = typer.Option("127.0.0.1", help="The receiver's address."),
    minutes: int = typer.Option(10, help="Minutes of data each packet covers (CN 2051)."),
    count: int | None = typer.Option(None, help="Packets per device, then stop."),
    seconds: float | None = typer.Option(None, help="Stop after this many seconds."),
    start: datetime | None = typer.Option(  # noqa: B008
        None, help="Data time of the first record (local time; default: in the past)."
    ),
    seed: int = typer.Option(1, help="Seed of the simulated levels and faults."),
    faults: bool = typer.Option(True, "--faults/--no-faults", help="Flags, faults, spikes."),
    prefix: str = typer.Option("5A", help="MN prefix of the simulated devices."),
    password: str = typer.Option("123456", help="PW of the simulated devices."),
    register: bool = typer.Option(
        False, help="First register the devices on outlets of existing enterprises."
    ),
    record_to: Path | None = typer.Option(  # noqa: B008
        None, "--record", help="Append every packet sent here."
    ),
    backlog: bool = typer.Option(
        False, help="Send each device's backlog without waiting for answers (catch-up load)."
    ),
    window: int = typer.Option(16, help="With --backlog: packets a device sends ahead."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
    data_dir: Path | None = DataDir,
) -> None:
    """Play simulated devices against a receiver and report answers and latencies."""
    from deltacap.monitoring import simulated, simulator

    sims = simulated.devices(devices, prefix=prefix, password=password, seed=seed)
    if register:
        setup_and_migrate(data_dir)
        from deltacap.monitoring.demo import register_simulated

        register_simulated(sims, minute_interval=minutes)
    config = simulated.PlayConfig(
        host=host,
        port=port,
        interval=interval,
        minutes=minutes,
        count=count,
        seconds=seconds,
        start=start,
        seed=seed,
        faults=faults,
        record_to=record_to,
        backlog=backlog,
        window=window,
    )
    result = asyncio.run(simulator.play(sims, config, _china_now()))
    summary = result.summary()
    if as_json:
        typer.echo(json.dumps(summary))
        return
    table = Table("figure", "value")
    for key, value in summary.items():
        table.add_row(key, str(value))
    console.print(table)
