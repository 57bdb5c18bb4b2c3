"""Packets per second that ``deltacap.domain.hj212.parse`` parses and validates on one core.

Figure in docs/PERFORMANCE.md ("HJ 212 parsing"). Run from the repository root:

    .venv/bin/python bench/bench_hj212_parse.py

Packets are the public corpus of tests/data (sources in its README). Each
line of output is one workload: the best of ``--repeat`` timed passes, each pass
parsing the workload's packets ``--loops`` times in a plain loop, in process,
with no I/O. The target in the issue is 100,000 packets/s.

``--timer cpu`` counts the process's CPU time (``time.process_time``) instead of
wall-clock time: on a shared machine with more runnable work than cores, time
spent waiting for a core is then left out.

``parse`` uses the compiled scanner (and ``crc16`` its C fold) when the install
built them (the first line says whether); the "pure Python" workloads switch
both off, which is what runs where no C compiler was available.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from deltacap.domain import hj212
from deltacap.domain.hj212 import codec, crc
from deltacap.domain.hj212.crc import _TABLE, crc16_folded

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "hj212_public_packets.jsonl"
TARGET = 100_000


def load() -> list[dict[str, object]]:
    with CORPUS.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def accepted(packets: Sequence[bytes], options: hj212.ParseOptions) -> list[bytes]:
    kept = []
    for packet in packets:
        try:
            hj212.parse(packet, options)
        except hj212.Hj212Error:
            continue
        kept.append(packet)
    return kept


def table_crc16(data: bytes) -> int:
    """One 256-entry table lookup per byte: the usual fast pure-Python form, for comparison."""
    crc = 0xFFFF
    table = _TABLE
    for byte in data:
        crc = table[(crc >> 8) ^ byte]
    return crc


TIMERS: dict[str, Callable[[], float]] = {"wall": time.perf_counter, "cpu": time.process_time}


def rate(
    work: Callable[[bytes], object],
    packets: Sequence[bytes],
    loops: int,
    repeat: int,
    timer: Callable[[], float] = time.perf_counter,
) -> float:
    """Best packets per second over ``repeat`` passes."""
    best = float("inf")
    for _ in range(repeat):
        start = timer()
        for _ in range(loops):
            for packet in packets:
                work(packet)
        best = min(best, timer() - start)
    return len(packets) * loops / best


def pure_python(work: Callable[[bytes], object]) -> Callable[[bytes], object]:
    """``work`` as it runs without the compiled module: no scanner, the Python CRC."""

    def run(packet: bytes) -> object:
        scanner, crc16 = codec.scanner, crc._crc16
        codec.scanner, crc._crc16 = None, crc16_folded
        try:
            return work(packet)
        finally:
            codec.scanner, crc._crc16 = scanner, crc16

    return run


def report(name: str, packets: Sequence[bytes], per_second: float) -> None:
    size = sum(len(p) for p in packets) / len(packets)
    print(
        f"{name:<44} {len(packets):>3} packets, mean {size:6.1f} B: "
        f"{per_second:>10,.0f} packets/s  {1e6 / per_second:6.2f} us/packet  "
        f"({per_second / TARGET:.0%} of target)"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "--loops", type=int, default=2000, help="passes over the packets per timing"
    )
    parser.add_argument("--repeat", type=int, default=5, help="timings; the best is kept")
    parser.add_argument(
        "--timer", choices=sorted(TIMERS), default="wall", help="wall-clock or process CPU time"
    )
    args = parser.parse_args(argv)

    packets = [str(r["packet"]).encode("ascii") for r in load()]
    strict = accepted(packets, hj212.STRICT)
    lenient = accepted(packets, hj212.LENIENT)
    segments = [hj212.split_frame(p, hj212.LENIENT).segment.encode("ascii") for p in lenient]
    python = f"{platform.python_implementation()} {platform.python_version()}"
    compiled = "built" if codec.scanner is not None else "NOT built: pure Python only"
    print(f"{python} on {platform.machine()}; compiled scanner {compiled}; {args.timer} time")

    def strict_parse(p: bytes) -> object:
        return hj212.parse(p, hj212.STRICT)

    def lenient_parse(p: bytes) -> object:
        return hj212.parse(p, hj212.LENIENT)

    def frame_only(p: bytes) -> object:
        return hj212.split_frame(p, hj212.LENIENT)

    workloads: list[tuple[str, Callable[[bytes], object], list[bytes]]] = [
        ("parse STRICT (packets it accepts)", strict_parse, strict),
        ("parse LENIENT (every intact public packet)", lenient_parse, lenient),
        ("parse STRICT, pure Python", pure_python(strict_parse), strict),
        ("parse LENIENT, pure Python", pure_python(lenient_parse), lenient),
        ("frame only: length + CRC (intact packets)", frame_only, lenient),
        ("CRC16 only, hj212.crc16 (segments)", hj212.crc16, segments),
        ("CRC16 only, pure-Python fold (segments)", crc16_folded, segments),
        ("CRC16 only, 256-entry table (segments)", table_crc16, segments),
    ]
    for name, work, chosen in workloads:
        report(name, chosen, rate(work, chosen, args.loops, args.repeat, TIMERS[args.timer]))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
