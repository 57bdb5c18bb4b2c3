"""Cutting a TCP byte stream into HJ 212 packets (6.3.1): bytes in, packet candidates out.

A packet runs from ``##`` to CR LF; a valid data segment holds neither CR nor
LF, so CR LF ends a packet wherever TCP splits the stream. What lies before
``##`` is garbage and is skipped; a candidate longer than ``max_packet_bytes``
is discarded up to its CR LF. With ``accept_without_crlf`` (for devices that
omit CR LF), a frame complete by its length field whose CRC checks out is
taken at once. No sockets, no clocks: the receiver feeds what it reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from deltacap.domain.hj212.crc import crc16

_HEADER = b"##"
_CRLF = b"\r\n"
# The largest frame a 1024-character segment makes (6.3.1): ## + 4 + 1024 + 4 + CR LF.
STRICT_MAX_PACKET = 2 + 4 + 1024 + 4 + 2


@dataclass(frozen=True, slots=True)
class Skipped:
    """Bytes dropped from the stream: ``reason`` is ``"garbage"`` or ``"oversize"``."""

    reason: str
    size: int
    head: bytes


Piece = bytes | Skipped


class FrameSplitter:
    """Feed it reads; it returns whole packet candidates (bytes) and what it skipped."""

    def __init__(
        self, *, max_packet_bytes: int = STRICT_MAX_PACKET, accept_without_crlf: bool = False
    ) -> None:
        self.max_packet_bytes = max_packet_bytes
        self.accept_without_crlf = accept_without_crlf
        self._buffer = bytearray()
        self._discarding = 0  # bytes of an oversize candidate dropped so far, until its CR LF
        self._discarded_head = b""

    @property
    def buffered(self) -> int:
        """Bytes held waiting for the rest of a packet."""
        return len(self._buffer)

    def feed(self, data: bytes) -> list[Piece]:
        """Packets completed by ``data`` (each ending in CR LF, or framed by length) and skips."""
        self._buffer += data
        pieces: list[Piece] = []
        if self._discarding and not self._drop_oversize(pieces):
            return pieces
        while self._next(pieces):
            pass
        return pieces

    def _next(self, pieces: list[Piece]) -> bool:
        """Take one piece off the buffer; False when more bytes are needed."""
        buffer = self._buffer
        start = buffer.find(_HEADER)
        if start != 0:
            return self._skip_garbage(pieces, start)
        end = buffer.find(_CRLF)
        if end < 0:
            return self._incomplete(pieces)
        if end + 2 > self.max_packet_bytes:
            self._discarding = 0
            self._discarded_head = bytes(buffer[:16])
            return self._drop_oversize(pieces)
        pieces.append(bytes(buffer[: end + 2]))
        del buffer[: end + 2]
        return True

    def _skip_garbage(self, pieces: list[Piece], start: int) -> bool:
        buffer = self._buffer
        if start < 0:
            # Keep a last '#': it may be the first half of the next header.
            start = len(buffer) - (1 if buffer.endswith(b"#") else 0)
        if start == 0:
            return False
        dropped = bytes(buffer[:start])
        del buffer[:start]
        if dropped.strip(b"\r\n"):  # a stray line end between packets is not worth a report
            pieces.append(Skipped("garbage", start, dropped[:16]))
        return buffer.startswith(_HEADER)

    def _incomplete(self, pieces: list[Piece]) -> bool:
        buffer = self._buffer
        if self.accept_without_crlf:
            size = _complete_frame(buffer)
            if size:
                pieces.append(bytes(buffer[:size]))
                del buffer[:size]
                return True
        if len(buffer) > self.max_packet_bytes:
            self._discarding = 0
            self._discarded_head = bytes(buffer[:16])
            return self._drop_oversize(pieces)
        return False

    def _drop_oversize(self, pieces: list[Piece]) -> bool:
        """Drop bytes up to and including the next CR LF; True once it was found."""
        buffer = self._buffer
        end = buffer.find(_CRLF)
        if end < 0:
            keep = 1 if buffer.endswith(b"\r") else 0
            self._discarding += len(buffer) - keep
            del buffer[: len(buffer) - keep]
            return False
        size = self._discarding + end + 2
        del buffer[: end + 2]
        self._discarding = 0
        pieces.append(Skipped("oversize", size, self._discarded_head))
        return True


def _complete_frame(buffer: bytearray) -> int:
    """The size of a frame without CR LF at the start of ``buffer`` whose CRC checks, or 0."""
    length = bytes(buffer[2:6])
    if len(length) < 4 or not length.isdigit():
        return 0
    size = 6 + int(length) + 4
    if len(buffer) != size and not buffer.startswith(_HEADER, size):
        return 0
    crc = bytes(buffer[size - 4 : size])
    try:
        declared = int(crc, 16)
    except ValueError:
        return 0
    return size if len(crc) == 4 and declared == crc16(bytes(buffer[6 : size - 4])) else 0
