"""The codec against the 78 public packets of tests/data and their recorded verdicts."""

from __future__ import annotations

import pytest

from deltacap.domain import hj212
from deltacap.domain.hj212 import LENIENT, STRICT
from tests.domain.hj212.hj212_corpus import (
    BY_ID,
    RECORDS,
    Record,
    expected_frame_kind,
    ids,
    raw_segment,
)

FRAMED = [r for r in RECORDS if r["expected"]["header_ok"]]
WITH_PARSE = [r for r in RECORDS if r["expected"]["fields"] is not None]
MODBUS = [r for r in RECORDS if "modbus_crc" in r["tags"]]
LENIENT_OK = [r for r in RECORDS if r["expected"]["frame_ok"] and r["expected"]["segment_ok"]]

# Segments the public corpus parses loosely but that break a rule kept even in LENIENT.
SEGMENT_REFUSALS = {
    "hj212-025": ("value", "060-Flag"),  # padded with '#' to exceed 1024 characters
    "hj212-031": ("structure", "PNUM"),  # PNO sent before PNUM (6.3.2 fixes the order)
    "hj212-050": ("structure", "header"),  # ';,MN=' and 'FLAG=' (field names are case-sensitive)
    "hj212-078": ("structure", "PW"),  # no PW and no MN
}

# Intact frames that HJ 212-2017 as written refuses, with the rule that refuses them.
STRICT_REFUSALS = {
    **dict.fromkeys(
        ("hj212-020", "hj212-023", "hj212-024", "hj212-032", "hj212-045", "hj212-066", "hj212-067"),
        ("structure", "QN"),  # HJ/T 212-2005 header: no QN, no Flag
    ),
    **dict.fromkeys(
        ("hj212-026", "hj212-029", "hj212-030", "hj212-044", "hj212-046", "hj212-059"),
        ("field", "MN"),  # MN not hex
    ),
    **dict.fromkeys(
        ("hj212-062", "hj212-063", "hj212-064", "hj212-065", "hj212-073", "hj212-075"),
        ("field", "MN"),
    ),
    "hj212-034": ("field", "Flag"),  # bit D set, no PNUM/PNO
    "hj212-038": ("field", "PW"),  # 24-character password
}


def frame_kind(packet: str, options: hj212.ParseOptions) -> str | None:
    try:
        hj212.split_frame(packet, options)
    except hj212.Hj212Error as error:
        return error.kind
    return None


def modbus_crc16(data: bytes) -> int:
    """CRC-16/MODBUS, the wrong CRC some public implementations use (``crc ^= byte``)."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


@pytest.mark.parametrize("record", FRAMED, ids=ids(FRAMED))
def test_crc_verdict_matches_the_recorded_one(record: Record) -> None:
    facts = record["expected"]
    computed = hj212.crc16_hex(raw_segment(record["packet"]).encode("ascii"))
    assert computed == facts["crc_computed"]
    assert (computed == facts["crc_declared"].upper()) is record["crc_ok"]


@pytest.mark.parametrize("record", RECORDS, ids=ids(RECORDS))
def test_frame_accepted_leniently_exactly_when_frame_ok(record: Record) -> None:
    assert frame_kind(record["packet"], LENIENT) == expected_frame_kind(record, strict=False)
    assert (frame_kind(record["packet"], LENIENT) is None) is record["expected"]["frame_ok"]


@pytest.mark.parametrize("record", RECORDS, ids=ids(RECORDS))
def test_frame_accepted_strictly_exactly_when_strict_valid(record: Record) -> None:
    assert frame_kind(record["packet"], STRICT) == expected_frame_kind(record, strict=True)
    assert (frame_kind(record["packet"], STRICT) is None) is record["expected"]["strict_valid"]


@pytest.mark.parametrize("record", MODBUS, ids=ids(MODBUS))
def test_packet_with_modbus_crc_refused_as_crc_error(record: Record) -> None:
    segment = raw_segment(record["packet"]).encode("ascii")
    assert f"{modbus_crc16(segment):04X}" == record["expected"]["crc_declared"]
    with pytest.raises(hj212.Hj212CrcError) as caught:
        hj212.parse(record["packet"], LENIENT)
    assert caught.value.kind == "crc"
    assert caught.value.field == "CRC"
    assert f"computed {record['expected']['crc_computed']}" in caught.value.detail


@pytest.mark.parametrize("record", WITH_PARSE, ids=ids(WITH_PARSE))
def test_segment_parse_matches_the_recorded_parse(record: Record) -> None:
    facts = record["expected"]
    segment = raw_segment(record["packet"])
    if record["id"] in SEGMENT_REFUSALS:
        with pytest.raises(hj212.Hj212Error) as caught:
            hj212.parse_segment(segment, LENIENT)
        assert (caught.value.kind, caught.value.field) == SEGMENT_REFUSALS[record["id"]]
        return
    message = hj212.parse_segment(segment, LENIENT)
    assert dict(message.header()) == facts["fields"]
    assert message.cp.fields() == facts["cp"]
    assert _without_duplicates(message.values, facts["issues"]) == _without_duplicates(
        facts["pollutants"], facts["issues"]
    )


def _without_duplicates(
    values: dict[str, dict[str, str]], issues: list[str]
) -> dict[str, dict[str, str]]:
    """Drop sub-keys sent twice: the corpus says not to rely on which one wins."""
    duplicated = {issue.split()[2] for issue in issues if issue.startswith("duplicate key")}
    return {
        code: {s: v for s, v in items.items() if f"{code}-{s}" not in duplicated}
        for code, items in values.items()
    }


def test_segment_refusals_are_all_in_the_corpus() -> None:
    assert set(SEGMENT_REFUSALS) <= set(BY_ID)
    assert set(STRICT_REFUSALS) <= set(BY_ID)


@pytest.mark.parametrize("record", LENIENT_OK, ids=ids(LENIENT_OK))
def test_lenient_parse_accepts_every_intact_public_packet(record: Record) -> None:
    message = hj212.parse(record["packet"], LENIENT)
    assert dict(message.header()) == record["expected"]["fields"]


@pytest.mark.parametrize("record", LENIENT_OK, ids=ids(LENIENT_OK))
def test_build_gives_back_every_parsed_packet_byte_for_byte(record: Record) -> None:
    packet = record["packet"]
    assert hj212.build(hj212.parse(packet, LENIENT)) == packet
    assert hj212.encode(hj212.parse(packet.encode("ascii"), LENIENT)) == packet.encode("ascii")


STRICT_CANDIDATES = [r for r in LENIENT_OK if r["expected"]["strict_valid"]]


@pytest.mark.parametrize("record", STRICT_CANDIDATES, ids=ids(STRICT_CANDIDATES))
def test_strict_parse_refuses_only_what_the_2017_text_forbids(record: Record) -> None:
    refusal = STRICT_REFUSALS.get(record["id"])
    if refusal is None:
        message = hj212.parse(record["packet"], STRICT)
        assert hj212.build(message) == record["packet"]
        return
    with pytest.raises(hj212.Hj212Error) as caught:
        hj212.parse(record["packet"], STRICT)
    kind, field = refusal
    assert (caught.value.kind, caught.value.field) == (kind, field)
    assert field in caught.value.detail


def test_strict_parse_accepts_the_standards_own_examples() -> None:
    standard = [r for r in RECORDS if "standard" in r["tags"]]
    assert len(standard) == 10
    for record in standard:
        hj212.parse(record["packet"], STRICT)
