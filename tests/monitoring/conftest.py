"""Fixtures for the monitoring tests: packets, a registry, an in-process receiver."""

from __future__ import annotations

import asyncio
import threading
from collections import defaultdict
from collections.abc import Coroutine, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest

from deltacap.domain import hj212
from deltacap.domain.china_time import CHINA_STANDARD_TIME
from deltacap.domain.ingest import RegisteredDevice
from deltacap.monitoring.receiver import Receiver, ReceiverConfig

T = TypeVar("T")
MN1 = "0A0000000000000000000001"
MN2 = "0A0000000000000000000002"
PW = "123456"
REGISTRY = {
    MN1: RegisteredDevice(MN1, PW, 101, 11, "water"),
    MN2: RegisteredDevice(MN2, PW, 102, 12, "air"),
}


def run_async(coro: Coroutine[Any, Any, T], timeout: float = 60) -> T:
    """Run ``coro`` to the end on a new event loop in its own thread, bounded in time.

    A thread, because the browser tests' Playwright may keep an event loop running in the
    main thread for the whole session, where ``asyncio.run`` refuses to start.
    """
    outcome: dict[str, Any] = {}

    def main() -> None:
        try:
            outcome["value"] = asyncio.run(asyncio.wait_for(coro, timeout))
        except BaseException as error:  # handed to the test's thread
            outcome["error"] = error

    thread = threading.Thread(target=main, name="monitoring-test-loop")
    thread.start()
    thread.join(timeout + 5)
    if thread.is_alive():
        raise TimeoutError(f"scenario still running after {timeout} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]  # type: ignore[no-any-return]


def china_now() -> datetime:
    return datetime.now(CHINA_STANDARD_TIME).replace(tzinfo=None)


def make_packet(
    mn: str = MN1,
    *,
    pw: str = PW,
    data_time: datetime | None = None,
    values: dict[str, dict[str, str]] | None = None,
    flag: int = 5,
    cn: str = "2051",
    qn: str = "20260302080000123",
    **header: str,
) -> bytes:
    """A packet as a device sends it (``build`` computes length and CRC)."""
    moment = data_time or (china_now() - timedelta(hours=1)).replace(second=0, microsecond=0)
    values = values or {
        "w00000": {"Avg": "30.00", "Cou": "18.0", "Flag": "N"},
        "w01018": {"Avg": "40.5", "Cou": "0.729", "Flag": "N"},
    }
    message = hj212.Message(
        st=hj212.SystemCode("32"),
        cn=hj212.CommandCode(cn),
        qn=qn,
        pw=pw,
        mn=mn,
        flag=hj212.PacketFlag(flag),
        cp=hj212.CommandParameters.of({"DataTime": f"{moment:%Y%m%d%H%M%S}"}, values),
        **header,  # type: ignore[arg-type]
    )
    return hj212.encode(message)


class Client:
    """A device connection to the in-process receiver."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    async def send(self, data: bytes) -> None:
        self.writer.write(data)
        await self.writer.drain()

    async def answer(self, timeout: float = 2.0) -> hj212.Message | None:
        """The next answer, parsed, or None when none comes within ``timeout``."""
        try:
            line = await asyncio.wait_for(self.reader.readuntil(b"\r\n"), timeout)
        except (TimeoutError, asyncio.IncompleteReadError):
            return None
        return hj212.parse(line)

    async def closed_by_server(self, timeout: float = 3.0) -> bool:
        try:
            data = await asyncio.wait_for(self.reader.read(1), timeout)
        except TimeoutError:
            return False
        return data == b""

    def close(self) -> None:
        self.writer.close()


class Harness:
    """An in-process receiver on a free loopback port, and clients for it."""

    def __init__(self, root: Path, **config: Any) -> None:
        self.root = root
        self.rolled: set[str] = set()
        defaults: dict[str, Any] = {"port": 0, "flush_seconds": 0.05, "rollup_seconds": 3600}
        self.receiver = Receiver(
            root,
            ReceiverConfig(**{**defaults, **config}),
            lambda: dict(REGISTRY),
            self.rolled.update,
        )
        self.port = 0

    async def __aenter__(self) -> Harness:
        self.port = await self.receiver.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.receiver.stop()

    async def client(self) -> Client:
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        return Client(reader, writer)


@pytest.fixture
def store_dir(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path / "measurements"


def run_simulated_devices(
    root: Path, sims: list[Any], record: Path, start: datetime
) -> dict[str, Any]:
    """Simulated devices send 12 ten-minute records each from ``start`` over loopback to an
    in-process receiver that stores and rolls them up under ``root``; every packet sent is
    kept in ``record``. Returns the devices' summary (sent, answered, answers)."""
    from deltacap.monitoring import simulated, simulator
    from deltacap.monitoring.registry import device_table, outlet_configs
    from deltacap.monitoring.rollup import roll_up

    registry, configs = device_table(), outlet_configs()  # read here: the loop has no database

    async def scenario() -> dict[str, Any]:
        receiver = Receiver(
            root,
            ReceiverConfig(port=0, flush_seconds=0.05, rollup_seconds=0.2),
            lambda: registry,
            lambda dates: roll_up(root, dates, configs),
        )
        port = await receiver.start()
        config = simulated.PlayConfig(
            port=port,
            interval=0.0,
            minutes=10,
            count=12,
            start=start,
            faults=False,
            record_to=record,
        )
        result = await simulator.play(sims, config, start + timedelta(days=1))
        await receiver.stop()
        return result.summary()

    return run_async(scenario(), 60)


def device_amounts(record: Path) -> dict[tuple[str, str, int], float]:
    """kg per (MN, factor, hour) as the devices computed them (sum of -Cou), from the packets."""
    from deltacap.domain.emissions import FLOW_FACTORS

    sums: dict[tuple[str, str, int], float] = defaultdict(float)
    for line in record.read_bytes().splitlines(keepends=True):
        message = hj212.parse(line)
        assert message.data_time is not None and message.mn is not None
        for code, items in message.values.items():
            if code not in FLOW_FACTORS.values():
                sums[(message.mn, code, message.data_time.hour)] += float(items["Cou"])
    return sums
