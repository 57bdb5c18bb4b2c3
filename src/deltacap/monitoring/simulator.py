"""Playing simulated HJ 212 devices (``simulated.py``) against a receiver.

``play`` connects N devices to a receiver and sends a packet per device every
``interval`` seconds, each covering ``minutes`` of data time, waits for the
9014 answer (Flag=5 asks for it) and measures the time from send to answer.
With ``backlog`` each device instead sends its backlog as fast as the receiver
takes it, up to ``window`` packets unanswered (``monitoring/backlog.py``): the
catch-up after an outage.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import IO

from deltacap.monitoring import backlog
from deltacap.monitoring.simulated import (
    PlayConfig,
    PlayResult,
    SimDevice,
    answer_kind,
    packet,
    record,
)


def default_start(config: PlayConfig, now: datetime) -> datetime:
    """The first record's data time: far enough back that the last one is not in the future."""
    if config.start is not None:
        return config.start
    packets = config.count
    if packets is None:
        seconds = config.seconds or 3600.0
        packets = int(seconds / max(config.interval, 0.001)) + 1
    step = timedelta(minutes=config.minutes)
    first = now - step * packets
    return first.replace(second=0, microsecond=0) - timedelta(minutes=first.minute % config.minutes)


def moments(start: datetime, minutes: int) -> Iterator[datetime]:
    step = timedelta(minutes=minutes)
    moment = start
    while True:
        yield moment
        moment += step


async def play(sims: list[SimDevice], config: PlayConfig, now: datetime) -> PlayResult:
    """Play ``sims`` against the receiver; returns counts and send-to-answer latencies."""
    result = PlayResult(devices=len(sims))
    start = default_start(config, now)
    makers = None
    if config.backlog:  # the packets' values are drawn before the clock starts
        makers = [backlog.PacketMaker(sim, start, config) for sim in sims]
    deadline = None if config.seconds is None else time.monotonic() + config.seconds
    began, cpu = time.monotonic(), time.process_time()
    sink = config.record_to.open("ab") if config.record_to else None
    try:
        if makers is not None:
            await backlog.play(makers, config, deadline, result, sink)
        else:
            await asyncio.gather(
                *(_device(sim, config, start, deadline, result, sink) for sim in sims)
            )
    finally:
        if sink is not None:
            sink.close()
    result.elapsed = time.monotonic() - began
    result.cpu_seconds = time.process_time() - cpu
    return result


async def _device(
    sim: SimDevice,
    config: PlayConfig,
    start: datetime,
    deadline: float | None,
    result: PlayResult,
    sink: IO[bytes] | None,
) -> None:
    # Spread the devices over the first interval, as real ones are.
    await asyncio.sleep(random.Random(sim.index).uniform(0, min(config.interval, 1.0)))
    try:
        reader, writer = await asyncio.open_connection(config.host, config.port, limit=1 << 16)
    except OSError:
        result.connection_errors += 1
        return
    try:
        await _send_all(sim, config, start, deadline, result, sink, reader, writer)
    except (OSError, asyncio.IncompleteReadError):
        result.connection_errors += 1
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()


async def _send_all(
    sim: SimDevice,
    config: PlayConfig,
    start: datetime,
    deadline: float | None,
    result: PlayResult,
    sink: IO[bytes] | None,
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
) -> None:
    next_at = time.monotonic()
    for sent_count, moment in enumerate(moments(start, config.minutes)):
        if config.count is not None and sent_count >= config.count:
            return
        if deadline is not None and time.monotonic() >= deadline:
            return
        values = record(sim, moment, config.minutes, seed=config.seed, faults=config.faults)
        data = packet(sim, moment, values, datetime.now())
        if sink is not None:
            sink.write(data)
        began = time.perf_counter()
        writer.write(data)
        result.sent += 1
        try:
            async with asyncio.timeout(config.answer_timeout):
                answer = await reader.readuntil(b"\r\n")
        except TimeoutError:
            result.unanswered += 1
        else:
            result.latency(time.perf_counter() - began)
            result.answered += 1
            result.answers[answer_kind(answer)] += 1
        next_at += config.interval
        delay = next_at - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
