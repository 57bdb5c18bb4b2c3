"""One device connection of the receiver, and the receiver's counters.

A ``Connection`` cuts what it reads into packets and hands those of each read to
its owner (the ``Receiver``) at once; it pauses reading when the device does not read its
answers. It knows its owner only as ``ConnectionOwner``, so this module does not import
the receiver that imports it.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Protocol

from deltacap.domain import hj212
from deltacap.domain.hj212.stream import FrameSplitter, Skipped


@dataclass
class Stats:
    """Counters since start; ``refused`` by reason (the codec's error kinds and more)."""

    packets: int = 0
    stored: int = 0
    values: int = 0
    answered: int = 0
    refused: Counter[str] = field(default_factory=Counter)
    skipped_bytes: Counter[str] = field(default_factory=Counter)
    connections: int = 0
    open_connections: int = 0
    closed_idle: int = 0
    write_failures: int = 0
    paused: int = 0

    def as_dict(self) -> dict[str, object]:
        return {
            **{k: v for k, v in vars(self).items() if not isinstance(v, Counter)},
            "refused": dict(self.refused),
            "skipped_bytes": dict(self.skipped_bytes),
        }


class ConnectionOwner(Protocol):
    """What a connection tells its owner, and asks of it."""

    @property
    def paused(self) -> bool:
        """Whether every connection stops being read (the writer is behind)."""
        ...

    def opened(self, connection: Connection) -> None: ...

    def received(self, connection: Connection, pieces: list[bytes | Skipped]) -> None: ...

    def closed(self, connection: Connection) -> None: ...


class Connection(asyncio.Protocol):
    """One device (or data concentrator) connection."""

    def __init__(
        self, receiver: ConnectionOwner, *, max_packet_bytes: int, accept_without_crlf: bool
    ) -> None:
        self.receiver = receiver
        self.splitter = FrameSplitter(
            max_packet_bytes=max_packet_bytes, accept_without_crlf=accept_without_crlf
        )
        self.transport: asyncio.Transport | None = None
        self.peer = ""
        self.devices: set[str] = set()
        self.reassembler: hj212.Reassembler | None = None
        self.last_seen = time.monotonic()
        self.write_paused = False
        self.batches_waited_on = 0  # batches holding answers to this connection

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        peer = transport.get_extra_info("peername")
        self.peer = f"{peer[0]}:{peer[1]}" if isinstance(peer, tuple) else str(peer)
        self.receiver.opened(self)

    def data_received(self, data: bytes) -> None:
        self.last_seen = time.monotonic()
        self.receiver.received(self, self.splitter.feed(data))

    @property
    def closing(self) -> bool:
        return self.transport is None or self.transport.is_closing()

    def connection_lost(self, exc: Exception | None) -> None:
        self.receiver.closed(self)
        self.transport = None

    def pause_writing(self) -> None:
        # The device does not read its answers: stop reading from it until it does.
        self.write_paused = True
        if self.transport is not None:
            self.transport.pause_reading()

    def resume_writing(self) -> None:
        self.write_paused = False
        if self.transport is not None and not self.receiver.paused:
            self.transport.resume_reading()

    def send_bytes(self, data: bytes) -> None:
        """Write answers (already encoded) unless the connection is gone."""
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(data)

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()
