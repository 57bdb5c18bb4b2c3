"""The HJ 212 receiver: an asyncio TCP server that reads, feeds the pure codec, answers, stores.

Per connection: bytes are cut into packets (``hj212.stream.FrameSplitter``),
parsed (``hj212.parse``), split messages reassembled, and each packet judged by
``domain.ingest.decide`` against the device registry (MN known, PW equal, DataTime
not ahead of the clock). Accepted uploads go into the current batch (values and
the raw packet); refused packets and skipped bytes into the rejected archive,
with the reason, and a log line. All the packets of one read are handled in one
go, and their answers (9014, 9011, as the Flag asks) written together.

Answer after write: by default the answers to the packets of a batch are held
until the writer thread has that batch on disk (synced), so a device that was
answered can forget its data. Batches are written every ``flush_seconds`` or
each ``flush_rows`` rows (group commit), so that is the added latency.

Guards: an idle timeout, a cap on packet size (the splitter), a cap on
connections per device and overall, and back-pressure: when more than
``max_pending_rows`` rows wait for the disk, every connection stops being read
until the writer catches up (TCP then slows the devices down).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from deltacap.domain import hj212
from deltacap.domain.china_time import CHINA_STANDARD_TIME
from deltacap.domain.hj212.stream import STRICT_MAX_PACKET, Skipped
from deltacap.domain.ingest import (
    DEFAULT_MAX_AHEAD,
    NO_DATA_TIME,
    TOO_MANY_CONNECTIONS,
    RegisteredDevice,
    answer_for,
    answer_to_malformed,
    decide,
    refusal_answer,
)
from deltacap.domain.screening import Screen
from deltacap.monitoring import compaction, store
from deltacap.monitoring.connection import Connection, Stats
from deltacap.monitoring.store import Batch, write_batch

log = logging.getLogger("deltacap.monitoring.receiver")

RegistryLoader = Callable[[], dict[str, RegisteredDevice]]
RollUp = Callable[[set[str]], object]
Clock = tuple[float, str, datetime]
Held = dict[Connection, list[bytes]]
ANSWER_CACHE_SIZE = 100_000


@dataclass(frozen=True)
class ReceiverConfig:
    """Limits and rhythms of the receiver; the defaults suit devices reporting every 30 s."""

    host: str = "127.0.0.1"
    port: int = 0
    # Several receiver processes may listen on one port (SO_REUSEPORT); see ``serve --workers``.
    reuse_port: bool = False
    options: hj212.ParseOptions = hj212.STRICT
    max_packet_bytes: int = STRICT_MAX_PACKET
    idle_timeout: float = 120.0
    max_connections: int = 10_000
    max_connections_per_device: int = 2
    flush_seconds: float = 0.25  # answers wait for the write: this is most of their latency
    flush_rows: int = 60_000
    max_pending_rows: int = 400_000
    registry_seconds: float = 10.0
    rollup_seconds: float = 60.0  # 0: no roll-ups (another process does them)
    compact_seconds: float = 300.0  # 0: no compaction
    answer_after_write: bool = True
    max_ahead: timedelta = DEFAULT_MAX_AHEAD
    # Data types and plausible ranges values are screened with (``screening.load_screen``).
    screen: Screen = store.TYPE_ONLY


class Receiver:
    """The server: connections, the device table, the current batch and the writer."""

    def __init__(
        self,
        root: Path,
        config: ReceiverConfig,
        load_registry: RegistryLoader,
        roll_up: RollUp | None = None,
    ) -> None:
        self.root = root
        self.config = config
        self.load_registry = load_registry
        self.roll_up = roll_up
        self.stats = Stats()
        self.devices: dict[str, RegisteredDevice] = {}
        self.connections: set[Connection] = set()
        self.by_device: dict[str, set[Connection]] = {}
        self.batch = Batch(screen=config.screen)
        self._held: Held = {}  # answers waiting for the current batch to be written
        self.pending_rows = 0
        self.paused = False
        self.dirty_dates: set[str] = set()
        self.touched: set[tuple[str, str]] = set()  # (table, date) written since compaction
        self._failed: list[tuple[Batch, Held]] = []
        self._flush_due = False
        self._answers: dict[tuple[str | None, str | None, int], str] = {}
        self._next_packet_id = time.time_ns() // 1000
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="hj212-writer")
        self._background = ThreadPoolExecutor(1, thread_name_prefix="hj212-rollup")
        self._writes: set[asyncio.Future[set[str]]] = set()
        self._tasks: list[asyncio.Task[None]] = []
        self._server: asyncio.Server | None = None
        self._day_cache: tuple[int, str, datetime] = (-1, "", datetime.min)
        self._received = 0.0  # receipt time of the packet being stored
        self._refreshed_at = time.monotonic()

    # -- life cycle -------------------------------------------------------------------------

    async def start(self) -> int:
        """Load the registry, listen, start the background loops; the port listened on."""
        loop = asyncio.get_running_loop()
        self.devices = await loop.run_in_executor(self._background, self.load_registry)
        self._server = await loop.create_server(
            self._connection,
            self.config.host,
            self.config.port,
            backlog=1024,
            reuse_port=self.config.reuse_port or None,
        )
        for every, job in (
            (self.config.flush_seconds, self._flush_tick),
            (min(self.config.idle_timeout / 4, 5.0), self._sweep_idle),
            (self.config.registry_seconds, self._refresh_registry),
            (self.config.rollup_seconds, self._roll_up_dirty),
            (self.config.compact_seconds, self._compact_touched),
        ):
            if every > 0:
                self._tasks.append(asyncio.create_task(self._every(every, job)))
        port: int = self._server.sockets[0].getsockname()[1]
        log.info("HJ 212 receiver listening on %s:%s", self.config.host, port)
        return port

    def _connection(self) -> Connection:
        return Connection(
            self,
            max_packet_bytes=self.config.max_packet_bytes,
            accept_without_crlf=not self.config.options.require_crlf,
        )

    async def stop(self) -> None:
        """Stop listening, close connections, write what is pending, roll up touched dates."""
        if self._server is not None:
            self._server.close()
        for connection in list(self.connections):
            connection.close()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.flush()
        if self._writes:
            await asyncio.gather(*self._writes, return_exceptions=True)
        if self.config.rollup_seconds > 0:  # else another process rolls up
            await self._roll_up_dirty()
        self._writer.shutdown(wait=True)
        self._background.shutdown(wait=True)
        log.info("HJ 212 receiver stopped: %s", self.stats.as_dict())

    async def _every(self, seconds: float, job: Callable[[], object]) -> None:
        while True:
            await asyncio.sleep(seconds)
            try:
                result = job()
                if asyncio.iscoroutine(result):
                    await result
            except Exception:  # a background job must not end the server
                log.exception("receiver background job failed")

    # -- connections ------------------------------------------------------------------------

    def opened(self, connection: Connection) -> None:
        self.stats.connections += 1
        if len(self.connections) >= self.config.max_connections:
            log.warning(
                "refused connection from %s: %d open", connection.peer, len(self.connections)
            )
            self.stats.refused["connections"] += 1
            connection.close()
            return
        self.connections.add(connection)
        self.stats.open_connections = len(self.connections)
        if self.paused and connection.transport is not None:
            connection.transport.pause_reading()

    def closed(self, connection: Connection) -> None:
        self.connections.discard(connection)
        for mn in connection.devices:
            peers = self.by_device.get(mn)
            if peers is not None:
                peers.discard(connection)
                if not peers:
                    del self.by_device[mn]
        self.stats.open_connections = len(self.connections)

    def _sweep_idle(self) -> None:
        limit = time.monotonic() - self.config.idle_timeout
        # A device waiting for its answers (held until its data is written) is not idle.
        idle = [c for c in self.connections if c.last_seen < limit and not c.batches_waited_on]
        for connection in idle:
            log.info("closing %s: idle for %.0f s", connection.peer, self.config.idle_timeout)
            self.stats.closed_idle += 1
            connection.close()

    def _admit_device(self, connection: Connection, mn: str) -> bool:
        """Bind ``mn`` to this connection unless the device already has its cap of others."""
        if mn in connection.devices:
            return True
        peers = self.by_device.setdefault(mn, set())
        if len(peers) >= self.config.max_connections_per_device:
            return False
        peers.add(connection)
        connection.devices.add(mn)
        return True

    # -- packets ----------------------------------------------------------------------------

    def _clock(self) -> Clock:
        """Now: epoch seconds, the local date for the archives, local time for DataTime checks."""
        now = time.time()
        second = int(now)
        if second != self._day_cache[0]:
            local = datetime.fromtimestamp(second, CHINA_STANDARD_TIME).replace(tzinfo=None)
            self._day_cache = (second, local.strftime("%Y-%m-%d"), local)
        return now, self._day_cache[1], self._day_cache[2]

    def received(self, connection: Connection, pieces: list[bytes | Skipped]) -> None:
        """The packets (and skipped bytes) of one read: handle each, answer them together."""
        if not pieces:
            return
        clock = self._clock()
        answers = []
        for piece in pieces:
            if isinstance(piece, Skipped):
                self.skipped(connection, piece, clock)
            else:
                answer = self.handle(connection, piece, clock)
                if answer is not None:
                    answers.append(answer)
            if connection.closing:
                break
        if answers:
            self.stats.answered += len(answers)
            if self.config.answer_after_write:
                held = self._held.get(connection)
                if held is None:
                    held = self._held[connection] = []
                    connection.batches_waited_on += 1
                held.extend(answers)
            else:
                connection.send_bytes(b"".join(answers))

    def skipped(self, connection: Connection, piece: Skipped, clock: Clock) -> None:
        self.stats.skipped_bytes[piece.reason] += piece.size
        log.warning(
            "skipped %d bytes from %s (%s), starting %r",
            piece.size,
            connection.peer,
            piece.reason,
            piece.head,
        )
        now, day, _ = clock
        detail = f"{piece.size} bytes skipped ({piece.reason})"
        self._archive_refusal(
            connection, day, now, None, piece.reason, None, detail, piece.head, piece.size
        )

    def handle(self, connection: Connection, packet: bytes, clock: Clock) -> bytes | None:
        """One packet candidate: parse, judge, store or archive the refusal; its answer."""
        self.stats.packets += 1
        received, day, local_now = clock
        try:
            message = hj212.parse(packet, self.config.options)
        except hj212.Hj212Error as error:
            self._refuse(connection, packet, error, None, day, received)
            return self._encode(answer_to_malformed(packet, error))
        device = self.devices.get(message.mn or "")
        if device is None:
            self._refresh_soon()
        split = message.pno is not None
        decision = decide(
            message,
            device,
            local_now,
            max_ahead=self.config.max_ahead,
            require_data_time=not split,  # checked on the whole message once reassembled
        )
        if decision.refusal is None and not self._admit_device(connection, message.mn or ""):
            self._refuse_over_cap(connection, packet, message, day, received)
            return None
        answer = decision.answer
        if decision.refusal is not None:
            self._refuse(connection, packet, decision.refusal, message.mn, day, received)
        elif decision.store and split:
            answer = self._split_part(connection, packet, message, device, day, received)
        else:
            packet_id = self._archive_packet(connection, packet, message, day, received)
            if decision.store:
                assert device is not None  # decide refuses unknown devices
                self._store(message, device, packet_id)
        return self._encode(answer)

    def _encode(self, answer: hj212.Message | None) -> bytes | None:
        """The answer's bytes. A 9014 differs from the last one to the same device only in
        QN, so the rest of its segment is kept and only length and CRC are computed."""
        if answer is None:
            return None
        if answer.cn != hj212.CommandCode.DATA_RESPONSE or answer.flag is None:
            return hj212.encode(answer)
        key = (answer.pw, answer.mn, answer.flag.value)
        rest = self._answers.get(key)
        if rest is None:
            encoded = hj212.encode(answer)
            head = f"QN={answer.qn};"
            segment = encoded[6:-6].decode("ascii")
            if segment.startswith(head):
                if len(self._answers) >= ANSWER_CACHE_SIZE:
                    self._answers.clear()
                self._answers[key] = segment[len(head) :]
            return encoded
        data = f"QN={answer.qn};{rest}".encode("ascii")
        return b"##%04d%s%s\r\n" % (len(data), data, hj212.crc16_hex(data).encode())

    def _split_part(
        self,
        connection: Connection,
        packet: bytes,
        message: hj212.Message,
        device: RegisteredDevice | None,
        day: str,
        received: float,
    ) -> hj212.Message | None:
        """Keep one part of a split upload; store the message once whole. The part's answer."""
        assert device is not None  # decide refuses unknown devices
        if connection.reassembler is None:
            connection.reassembler = hj212.Reassembler(max_groups=64)
        try:
            whole = connection.reassembler.add(message)
            if whole is not None and whole.data_time is None:
                raise hj212.Hj212StructureError(NO_DATA_TIME, field="DataTime", cn=str(whole.cn))
        except hj212.Hj212Error as error:
            self._refuse(connection, packet, error, message.mn, day, received)
            return refusal_answer(message, error)
        packet_id = self._archive_packet(connection, packet, message, day, received)
        if whole is not None:
            self._store(whole, device, packet_id)
        return answer_for(message)

    def _refuse_over_cap(
        self,
        connection: Connection,
        packet: bytes,
        message: hj212.Message,
        day: str,
        received: float,
    ) -> None:
        cap = self.config.max_connections_per_device
        error = hj212.Hj212FieldError(TOO_MANY_CONNECTIONS, field="MN", got=message.mn, cap=cap)
        self._refuse(connection, packet, error, message.mn, day, received, reason="connections")
        connection.close()

    def _store(self, message: hj212.Message, device: RegisteredDevice, packet_id: int) -> None:
        """Add the values of an accepted upload to the batch; ``packet_id`` traces them back.

        A split message's values carry the id of the part that completed it (all
        parts share MN and QN).
        """
        rows = store.add_values(
            self.batch,
            device=device,
            message=message,
            packet_id=packet_id,
            received=self._received,
        )
        self.stats.stored += 1
        self.stats.values += rows
        self._added(rows)

    def _archive_packet(
        self,
        connection: Connection,
        packet: bytes,
        message: hj212.Message,
        day: str,
        received: float,
    ) -> int:
        """Archive an accepted packet as received (each part of a split one); its packet id."""
        self._next_packet_id += 1
        self._received = received
        store.add_packet(
            self.batch,
            day=day,
            packet_id=self._next_packet_id,
            received=received,
            peer=connection.peer,
            message=message,
            packet=packet,
        )
        self._added(1)
        return self._next_packet_id

    def _refuse(
        self,
        connection: Connection,
        packet: bytes,
        error: hj212.Hj212Error,
        mn: str | None,
        day: str,
        received: float,
        reason: str | None = None,
    ) -> None:
        reason = reason or error.kind
        self.stats.refused[reason] += 1
        log.warning("refused packet from %s (%s): %s", connection.peer, reason, error.detail)
        self._archive_refusal(
            connection, day, received, mn, reason, error.field, error.detail, packet
        )

    def _archive_refusal(
        self,
        connection: Connection,
        day: str,
        received: float,
        mn: str | None,
        reason: str,
        field_name: str | None,
        detail: str,
        packet: bytes,
        size: int | None = None,
    ) -> None:
        store.add_refusal(
            self.batch,
            day=day,
            received=received,
            peer=connection.peer,
            mn=mn,
            reason=reason,
            field_name=field_name,
            detail=detail,
            packet=packet,
            size=size,
        )
        self._added(1)

    # -- writing and back-pressure ----------------------------------------------------------

    def _added(self, rows: int) -> None:
        """Count rows just added to the batch (the store helpers count them in the batch)."""
        self.pending_rows += rows
        if self.batch.rows >= self.config.flush_rows and not self._flush_due:
            self._flush_due = True
            asyncio.get_running_loop().call_soon(self._flush)
        if not self.paused and self.pending_rows >= self.config.max_pending_rows:
            self._pause()

    def _pause(self) -> None:
        self.paused = True
        self.stats.paused += 1
        log.warning("storage behind by %d rows: pausing reads", self.pending_rows)
        for connection in self.connections:
            if connection.transport is not None:
                connection.transport.pause_reading()

    def _resume(self) -> None:
        self.paused = False
        for connection in self.connections:
            if connection.transport is not None and not connection.write_paused:
                connection.transport.resume_reading()

    async def _flush_tick(self) -> None:
        await self.flush()

    async def flush(self) -> None:
        """Hand the current batch (and any that failed before) to the writer thread; the
        answers held for a batch are sent once it is written."""
        self._flush()

    def _flush(self) -> None:
        self._flush_due = False
        pending, self._failed = [*self._failed, (self.batch, self._held)], []
        self.batch, self._held = Batch(screen=self.config.screen), {}
        loop = asyncio.get_running_loop()
        for batch, held in pending:
            self.touched.update((t, d) for t, by_date in batch.tables.items() for d in by_date)
            if not batch.rows:
                self._send_held(held)
                continue
            future = loop.run_in_executor(self._writer, write_batch, self.root, batch)
            self._writes.add(future)
            future.add_done_callback(
                lambda f, b=batch, h=held: self._written(f, b, h)  # type: ignore[misc]
            )

    def _written(self, future: asyncio.Future[set[str]], batch: Batch, held: Held) -> None:
        self._writes.discard(future)
        if future.exception() is not None:
            self.stats.write_failures += 1
            log.error("writing %d rows failed, will retry: %s", batch.rows, future.exception())
            self._failed.append((batch, held))
            return
        self._send_held(held)
        self.dirty_dates |= future.result()
        self.pending_rows -= batch.rows
        if self.paused and self.pending_rows <= self.config.max_pending_rows // 2:
            self._resume()

    @staticmethod
    def _send_held(held: Held) -> None:
        now = time.monotonic()
        for connection, answers in held.items():
            connection.batches_waited_on -= 1
            connection.last_seen = now
            connection.send_bytes(b"".join(answers))

    async def _refresh_registry(self) -> None:
        self._refreshed_at = time.monotonic()
        loop = asyncio.get_running_loop()
        self.devices = await loop.run_in_executor(self._background, self.load_registry)

    def _refresh_soon(self) -> None:
        """An unknown MN: read the registry again (at most once a second), for new devices."""
        if time.monotonic() - self._refreshed_at < 1.0:
            return
        self._refreshed_at = time.monotonic()
        task = asyncio.ensure_future(self._refresh_registry())
        task.add_done_callback(lambda t: t.cancelled() or t.exception())

    async def _roll_up_dirty(self) -> None:
        if self.roll_up is None or not self.dirty_dates:
            return
        dates, self.dirty_dates = self.dirty_dates, set()
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(self._background, self.roll_up, dates)
        except Exception:
            self.dirty_dates |= dates
            raise

    async def _compact_touched(self) -> None:
        """Merge the small part files of the partitions written since the last time."""
        touched, self.touched = self.touched, set()
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._background, _compact, self.root, touched)


def _compact(root: Path, partitions: set[tuple[str, str]]) -> None:
    for table, date in sorted(partitions):
        if table in compaction.COMPACTED_TABLES:
            compaction.compact_partition(root, table, date)
