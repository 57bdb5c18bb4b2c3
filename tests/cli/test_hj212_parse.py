"""``deltacap hj212 parse``: real packets through the command line, one per line."""

from __future__ import annotations

import json
from typing import Any

from typer.testing import CliRunner

from deltacap.cli import app
from tests.domain.hj212.hj212_corpus import BY_ID, RECORDS, expected_frame_kind

runner = CliRunner()
ANNEX_A = BY_ID["hj212-001"]["packet"]  # ends with CR LF


def lines_of(packets: list[str]) -> bytes:
    """Standard input: packets that carry CR LF end their line with it, the others get LF."""
    return b"".join(p.encode("ascii") + (b"" if p.endswith("\r\n") else b"\n") for p in packets)


def run_json(packets: list[str], *options: str) -> list[dict[str, Any]]:
    result = runner.invoke(app, ["hj212", "parse", "--json", *options], input=lines_of(packets))
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_every_public_packet_is_reported_on_its_own_line() -> None:
    reports = run_json([r["packet"] for r in RECORDS], "--lenient")
    assert len(reports) == len(RECORDS)
    for record, report in zip(RECORDS, reports, strict=True):
        facts = record["expected"]
        assert report["ok"] is (facts["frame_ok"] and facts["segment_ok"]), record["id"]
        if not facts["frame_ok"]:
            assert report["error"] == expected_frame_kind(record, strict=False), record["id"]


def test_accepted_packet_reports_fields_and_values_as_sent() -> None:
    record = BY_ID["hj212-017"]  # the standard's hourly water example
    (report,) = run_json([record["packet"]])
    fields = record["expected"]["fields"]
    assert report["ok"] is True
    assert {k: report[k] for k in ("QN", "ST", "CN", "MN", "Flag")} == {
        k: fields[k] for k in ("QN", "ST", "CN", "MN", "Flag")
    }
    assert report["DataTime"] == "20160801080000"
    assert report["values"] == record["expected"]["pollutants"]
    assert report["values"]["w01018"]["Avg"] == "40.1"
    assert report["cp"] == record["expected"]["cp"]
    assert "PW" not in report


def test_modbus_crc_packets_are_reported_as_crc_errors() -> None:
    modbus = [r for r in RECORDS if "modbus_crc" in r["tags"]]
    for record, report in zip(modbus, run_json([r["packet"] for r in modbus]), strict=True):
        assert report["ok"] is False
        assert report["error"] == "crc"
        declared = record["expected"]["crc_declared"]
        computed = record["expected"]["crc_computed"]
        assert f"CRC declared {declared}, computed {computed}" in report["detail"]


def test_line_ending_in_crlf_carries_the_packets_crlf() -> None:
    (strict_ok,) = run_json([ANNEX_A])
    assert strict_ok["ok"] is True
    (without_cr,) = run_json([ANNEX_A.removesuffix("\r\n")])
    assert (without_cr["ok"], without_cr["error"]) == (False, "structure")
    assert "CR LF" in without_cr["detail"]
    (lenient,) = run_json([ANNEX_A.removesuffix("\r\n")], "--lenient")
    assert lenient["ok"] is True


def test_bad_packets_do_not_change_the_exit_code() -> None:
    packets = [ANNEX_A, "##0001garbage\r\n", BY_ID["hj212-070"]["packet"], ANNEX_A]
    reports = run_json(packets)
    assert [r["ok"] for r in reports] == [True, False, False, True]
    assert reports[1]["error"] == "length"
    assert reports[1]["field"] == "length" and reports[1]["offset"] == 2


def test_blank_lines_are_skipped() -> None:
    result = runner.invoke(
        app, ["hj212", "parse", "--json"], input=b"\n" + lines_of([ANNEX_A]) + b"\n"
    )
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 1


def test_without_json_a_table_is_printed() -> None:
    packets = [BY_ID["hj212-017"]["packet"], BY_ID["hj212-070"]["packet"]]
    result = runner.invoke(app, ["hj212", "parse"], input=lines_of(packets))
    assert result.exit_code == 0
    assert "HJ 212 packets" in result.stdout
    assert "2061" in result.stdout
    assert "crc" in result.stdout


def test_unknown_option_is_a_usage_error() -> None:
    result = runner.invoke(app, ["hj212", "parse", "--no-such-option"], input=b"")
    assert result.exit_code != 0
