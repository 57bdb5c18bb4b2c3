"""The export bundle's manifest and its check (domain.sharing_bundle), and the gaps of an
enterprise's identifier crosswalk (domain.sharing_crosswalk): pure rules."""

from __future__ import annotations

import json

import pytest

from deltacap.domain.errors import InvalidInput
from deltacap.domain.sharing_bundle import (
    FileEntry,
    Problem,
    build_manifest,
    csv_data_rows,
    manifest_bytes,
    parse_manifest,
    sha256_hex,
    verify,
)
from deltacap.domain.sharing_crosswalk import (
    GapKind,
    OutletIds,
    gaps_of,
    parse_permit_number,
    uscc_ok,
)

CSV = "code,name\nA,甲\nB,乙\n".encode("utf-8-sig")


def _manifest(content: bytes = CSV) -> dict:
    entry = FileEntry(
        "a.csv", "a", "projects", "csv", "A", ["code", "name"], 2, sha256_hex(content)
    )
    made = build_manifest(
        member="320000",
        member_name="江苏省",
        period="14fyp",
        generated_at="2026-01-01T08:00:00+08:00",
        generated_by="js-editor",
        categories=["projects"],
        files=[entry],
    )
    return parse_manifest(manifest_bytes(made))


def _rows(name: str, content: bytes) -> int:
    return csv_data_rows(content)


def test_sha256_is_the_standard_digest() -> None:
    # FIPS 180-4 test vector "abc".
    assert sha256_hex(b"abc") == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )


def test_csv_rows_leave_out_the_header_and_blank_lines() -> None:
    assert csv_data_rows(CSV) == 2
    assert csv_data_rows(b"code\n\n") == 0


def test_a_bundle_that_matches_its_manifest() -> None:
    result = verify(_manifest(), {"a.csv": CSV}, _rows)
    assert result.ok and result.mismatched == []
    assert result.files[0].found_rows == 2


def test_a_changed_missing_or_unlisted_file_is_named() -> None:
    tampered = CSV + "C,丙\n".encode()
    result = verify(_manifest(), {"a.csv": tampered, "extra.csv": b"x\n"}, _rows)
    assert not result.ok
    assert result.mismatched == ["a.csv", "extra.csv"]
    assert result.files[0].problems == [Problem.CHECKSUM, Problem.ROWS]
    assert result.files[1].problems == [Problem.UNLISTED]
    missing = verify(_manifest(), {}, _rows)
    assert missing.files[0].problems == [Problem.MISSING]


def test_an_unreadable_file_is_named() -> None:
    def broken(name: str, content: bytes) -> int:
        raise ValueError(name)

    result = verify(_manifest(), {"a.csv": CSV}, broken)
    assert result.files[0].problems == [Problem.UNREADABLE]


@pytest.mark.parametrize(
    "content",
    [
        b"not json",
        json.dumps({"format": "other"}).encode(),
        json.dumps(
            {"format": "deltacap-sharing-bundle", "version": 1, "files": [{"name": "a"}]}
        ).encode(),
        json.dumps({"format": "deltacap-sharing-bundle", "version": 9}).encode(),
    ],
)
def test_a_manifest_not_of_ours_is_refused(content: bytes) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_manifest(content)
    assert caught.value.field == "file"


def test_the_gaps_of_an_enterprise() -> None:
    from deltacap.domain.uscc import check_character

    valid = "91320500MA1MXXXX0" + check_character("91320500MA1MXXXX0")
    assert uscc_ok(valid)
    good = valid[:17] + ("1" if valid[17] != "1" else "2")
    assert not uscc_ok(good)  # a check character that does not match
    permit = valid + "001P"
    assert gaps_of(valid, [OutletIds("DW001", ("MN1",))], "ent-1", permit) == []
    assert [(g.kind, g.subject) for g in gaps_of(valid, [OutletIds("DW001", ("M",))], "e")] == [
        (GapKind.OUTLET_WITHOUT_PERMIT, "DW001")
    ]
    other = gaps_of(valid, [], "ent-1", "91110000600000000X001P")
    assert [g.kind for g in other] == [GapKind.PERMIT_NOT_OF_USCC, GapKind.NO_OUTLETS]
    kinds = [g.kind for g in gaps_of(good, [], None)]
    assert kinds == [GapKind.USCC_INVALID, GapKind.NO_OUTLETS, GapKind.NO_RIGHTS_ACCOUNT]
    outlet = gaps_of(valid, [OutletIds("PK-7", ())], "ent-1", permit)
    assert [(g.kind, g.subject) for g in outlet] == [
        (GapKind.OUTLET_WITHOUT_PERMIT_CODE, "PK-7"),
        (GapKind.OUTLET_WITHOUT_DEVICE, "PK-7"),
    ]


def test_the_outfall_gaps_of_an_enterprise() -> None:
    from deltacap.domain.uscc import check_character

    valid = "91320500MA1MXXXX0" + check_character("91320500MA1MXXXX0")
    permit = valid + "001P"
    linked = OutletIds("DW001", ("MN1",), wastewater=True, outfalls=("RK-1",))
    assert gaps_of(valid, [linked], "ent-1", permit, ("RK-1",)) == []
    loose = OutletIds("DW002", ("MN2",), wastewater=True)
    stack = OutletIds("DA001", ("MN3",))  # a stack leads to no outfall and needs none
    found = gaps_of(valid, [loose, stack], "ent-1", permit)
    assert [(g.kind, g.subject) for g in found] == [(GapKind.OUTLET_WITHOUT_OUTFALL, "DW002")]
    unpermitted = gaps_of(valid, [linked], "ent-1", None, ("RK-1", "RK-2"))
    assert [(g.kind, g.subject) for g in unpermitted] == [
        (GapKind.OUTLET_WITHOUT_PERMIT, "DW001"),
        (GapKind.OUTFALL_WITHOUT_PERMIT, "RK-1"),
        (GapKind.OUTFALL_WITHOUT_PERMIT, "RK-2"),
    ]


def test_a_permit_number_is_shaped_as_the_national_platform_numbers_them() -> None:
    assert parse_permit_number(" 91320500ma1xxxxxx0001p ") == "91320500MA1XXXXXX0001P"
    assert parse_permit_number("  ") == ""
    for bad in ("91320500MA1XXXXXX0", "91320500MA1XXXXXX0ABCP", "许可证1号"):
        with pytest.raises(InvalidInput) as caught:
            parse_permit_number(bad)
        assert caught.value.field == "permit_number"
