"""Cutting a TCP stream into packets: splits, several per read, garbage, oversize, no CR LF."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from deltacap.domain import hj212
from deltacap.domain.hj212.stream import FrameSplitter, Skipped

A1 = (
    b"##0101QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;"
    b"CP=&&RtdInterval=30&&1C80\r\n"
)
A2 = (
    b"##0087QN=20160801085000001;ST=91;CN=9014;PW=123456;MN=010000A8900016F000169DC0;Flag=4;"
    b"CP=&&&&C241\r\n"
)


def _feed(splitter: FrameSplitter, chunks: list[bytes]) -> list[bytes | Skipped]:
    pieces: list[bytes | Skipped] = []
    for chunk in chunks:
        pieces.extend(splitter.feed(chunk))
    return pieces


def _cut(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts} | {0, len(data)})
    return [data[a:b] for a, b in zip(points, points[1:], strict=False)]


@given(st.lists(st.integers(min_value=0, max_value=10_000), max_size=20))
def test_any_split_of_the_stream_gives_the_same_packets(cuts: list[int]) -> None:
    stream = A1 + A2 + A1
    pieces = _feed(FrameSplitter(), _cut(stream, cuts))
    assert pieces == [A1, A2, A1]


def test_garbage_between_packets_is_skipped_and_reported() -> None:
    pieces = _feed(FrameSplitter(), [b"\x00\xffHELLO" + A1 + b"junk" + A2])
    assert pieces[1] == A1 and pieces[3] == A2
    assert pieces[0] == Skipped("garbage", 7, b"\x00\xffHELLO")
    assert isinstance(pieces[2], Skipped) and pieces[2].size == 4
    assert all(hj212.parse(p) for p in pieces if isinstance(p, bytes))


def test_a_1_mb_line_is_dropped_and_the_next_packet_still_comes_through() -> None:
    splitter = FrameSplitter()
    big = b"##" + b"9" * 1_000_000 + b"\r\n"
    pieces = _feed(splitter, [big[i : i + 65536] for i in range(0, len(big), 65536)] + [A1])
    assert pieces == [Skipped("oversize", len(big), big[:16]), A1]
    assert splitter.buffered == 0


def test_memory_stays_bounded_while_an_endless_line_arrives() -> None:
    splitter = FrameSplitter()
    splitter.feed(b"##0101")
    for _ in range(100):
        splitter.feed(b"x" * 10_000)
        assert splitter.buffered <= splitter.max_packet_bytes + 10_000


def test_a_lone_hash_waits_for_its_pair() -> None:
    splitter = FrameSplitter()
    assert splitter.feed(b"noise#") == [Skipped("garbage", 5, b"noise")]
    assert splitter.feed(A1[1:]) == [A1]


def test_packets_without_crlf_are_taken_by_length_only_when_allowed() -> None:
    bare = A1.removesuffix(b"\r\n")
    assert FrameSplitter().feed(bare) == []
    lenient = FrameSplitter(accept_without_crlf=True)
    assert lenient.feed(bare + bare) == [bare, bare]
    # A frame whose CRC does not check is not guessed at.
    assert FrameSplitter(accept_without_crlf=True).feed(bare[:-1] + b"1") == []
