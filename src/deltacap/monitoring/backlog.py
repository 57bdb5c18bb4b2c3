"""Backlog mode of the simulator: devices resending what they kept during an outage.

Each device sends its minute records one after the other without waiting for
their answers, keeping at most ``window`` unanswered, as a data logger catching
up does; the load test of the receiver (``simulate --backlog``). So that the
simulator does not need the CPU the receiver is measured with, packets are made
cheaply: the values of one hour of records are drawn once per device (with
``simulated.record``, before the clock starts) and reused hour after hour; each
packet is that text with its own QN and DataTime, framed with length and CRC.
Answers are matched to packets by QN and told apart by CN, not parsed.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from datetime import datetime, timedelta
from typing import IO

from deltacap.domain import hj212
from deltacap.domain.china_time import CHINA_STANDARD_TIME
from deltacap.monitoring import simulated
from deltacap.monitoring.simulated import PlayConfig, PlayResult, SimDevice

POOL_RECORDS = 60  # records whose values are drawn per device; reused in turn
_DATA_TIME = "CP=&&DataTime="
_QN = slice(9, 26)  # of an answer: ##dddd QN=<17 digits>;


class PacketMaker:
    """The packets of one device's backlog, from ``start`` on, one record each."""

    def __init__(self, sim: SimDevice, start: datetime, config: PlayConfig) -> None:
        self.sim = sim
        self.count = config.count
        self.step = timedelta(minutes=config.minutes)
        self.moment = start
        self.made = 0
        self._second = -1
        self._stamp = ""
        self._serial = 0
        medium_st = "32" if sim.medium == "water" else "31"
        self._head = f";ST={medium_st};CN=2051;PW={sim.password};MN={sim.mn};Flag=5;{_DATA_TIME}"
        self.pool = [
            values_text(sim, start + self.step * i, config.minutes, config.seed, config.faults)
            for i in range(POOL_RECORDS)
        ]

    def qn(self) -> str:
        """A request number: now (China time, as devices keep it) to the second, then a
        serial in place of the milliseconds, so that a device's QNs differ."""
        now = time.time()
        second = int(now)
        if second != self._second:
            self._second, self._serial = second, 0
            self._stamp = f"{datetime.fromtimestamp(second, CHINA_STANDARD_TIME):%Y%m%d%H%M%S}"
        self._serial = (self._serial + 1) % 1000
        return f"{self._stamp}{self._serial:03d}"

    def next(self, qn: str) -> bytes | None:
        """The next packet of the backlog, or None when ``count`` were made."""
        if self.count is not None and self.made >= self.count:
            return None
        values = self.pool[self.made % POOL_RECORDS]
        segment = f"QN={qn}{self._head}{self.moment:%Y%m%d%H%M%S};{values}&&".encode("ascii")
        self.made += 1
        self.moment += self.step
        return b"##%04d%s%s\r\n" % (len(segment), segment, hj212.crc16_hex(segment).encode())


def values_text(sim: SimDevice, moment: datetime, minutes: int, seed: int, faults: bool) -> str:
    """The CP text after DataTime of ``simulated.record`` at ``moment``, as the codec writes it."""
    record = simulated.record(sim, moment, minutes, seed=seed, faults=faults)
    text = simulated.packet(sim, moment, record, moment).decode("ascii")
    start = text.index(_DATA_TIME) + len(_DATA_TIME) + len("YYYYmmddHHMMSS;")
    return text[start:-8]  # before "&&", CRC and CR LF


async def play(
    makers: list[PacketMaker],
    config: PlayConfig,
    deadline: float | None,
    result: PlayResult,
    sink: IO[bytes] | None,
) -> None:
    """Every device sends its backlog at once; until ``deadline`` or ``count`` packets each."""
    await asyncio.gather(*(_device(m, config, deadline, result, sink) for m in makers))


async def _device(
    maker: PacketMaker,
    config: PlayConfig,
    deadline: float | None,
    result: PlayResult,
    sink: IO[bytes] | None,
) -> None:
    await asyncio.sleep(random.Random(maker.sim.index).uniform(0, 1.0))
    try:
        reader, writer = await asyncio.open_connection(config.host, config.port, limit=1 << 16)
    except OSError:
        result.connection_errors += 1
        return
    waiting: dict[str, float] = {}
    room = asyncio.Event()
    answers = asyncio.create_task(_answers(reader, waiting, room, result))
    try:
        await _send(maker, config, deadline, result, sink, writer, waiting, room)
    except (OSError, TimeoutError):
        result.connection_errors += 1
    finally:
        result.unanswered += len(waiting)
        answers.cancel()
        writer.close()
        with contextlib.suppress(OSError, asyncio.CancelledError):
            await answers
            await writer.wait_closed()


async def _send(
    maker: PacketMaker,
    config: PlayConfig,
    deadline: float | None,
    result: PlayResult,
    sink: IO[bytes] | None,
    writer: asyncio.StreamWriter,
    waiting: dict[str, float],
    room: asyncio.Event,
) -> None:
    """Keep ``window`` packets unanswered until done, then wait for the last answers."""
    while deadline is None or time.monotonic() < deadline:
        chunk = []
        now = time.perf_counter()
        for _ in range(config.window - len(waiting)):
            qn = maker.qn()
            packet = maker.next(qn)
            if packet is None:
                break
            chunk.append(packet)
            waiting[qn] = now
        if chunk:
            data = b"".join(chunk)
            writer.write(data)
            if sink is not None:
                sink.write(data)
            result.sent += len(chunk)
            await writer.drain()
        elif not waiting:
            return  # the whole backlog is answered
        room.clear()
        async with asyncio.timeout(config.answer_timeout):
            await room.wait()
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(config.answer_timeout):
            while waiting:
                room.clear()
                await room.wait()


async def _answers(
    reader: asyncio.StreamReader,
    waiting: dict[str, float],
    room: asyncio.Event,
    result: PlayResult,
) -> None:
    rest = b""
    while data := await reader.read(1 << 16):
        *lines, rest = (rest + data).split(b"\r\n")
        now = time.perf_counter()
        for line in lines:
            sent = waiting.pop(line[_QN].decode("ascii", "replace"), None)
            if sent is not None:
                result.latency(now - sent)
            result.answered += 1
            kind = "9014" if b";CN=9014;" in line else simulated.answer_kind(line + b"\r\n")
            result.answers[kind] += 1
        room.set()
    room.set()
