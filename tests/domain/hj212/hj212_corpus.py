"""The public HJ 212 packet corpus of tests/data (sources in its README), loaded once."""

from __future__ import annotations

import json
from typing import Any

from tests.support import DATA

CORPUS = DATA / "hj212_public_packets.jsonl"

Record = dict[str, Any]


def load() -> list[Record]:
    """Every record of hj212_public_packets.jsonl, in file order."""
    with CORPUS.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


RECORDS: list[Record] = load()
BY_ID: dict[str, Record] = {record["id"]: record for record in RECORDS}


def ids(records: list[Record]) -> list[str]:
    """Test ids for parametrize."""
    return [record["id"] for record in records]


def raw_segment(packet: str) -> str:
    """The data segment cut from a packet by its ends, whatever the frame's faults."""
    body = packet.removesuffix("\r\n")
    return body[6:-4]


def expected_frame_kind(record: Record, *, strict: bool) -> str | None:
    """The error kind the recorded facts call for, checked in the codec's order."""
    facts = record["expected"]
    if not facts["header_ok"]:
        return "structure"
    if not facts["length_ok"]:
        return "length"
    if not facts["crc_ok"]:
        return "crc"
    if strict and not facts["length_within_1024"]:
        return "length"
    if strict and not facts["crlf_terminated"]:
        return "structure"
    return None
