"""The public HJ 212 packet corpus of shared/testdata, loaded once for the tests.

CI checks out shared/ beside the repository, so the path is resolved from the
repository root: ``<repo>/../shared/testdata``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[3]
TESTDATA = REPO_ROOT / ".." / "shared" / "testdata"
CORPUS = TESTDATA / "hj212_public_packets.jsonl"

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
