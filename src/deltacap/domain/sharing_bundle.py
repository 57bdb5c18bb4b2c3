"""Export bundles of information sharing (信息共享, plan 二(一)): the manifest that makes a
bundle self-describing, and the check of a received bundle against it.

A bundle is one zip: data files (CSV and Excel) and ``manifest.json`` naming, for each
file, what it holds, its columns, its number of data rows and its SHA-256 (FIPS 180-4)
checksum, with the member, the period, when and by whom it was made. Verifying recomputes
every checksum and row count and names each file that differs. Pure rules, no I/O: the
zip is opened and the workbooks' rows counted by the caller.
"""

from __future__ import annotations

import csv
import enum
import hashlib
import io
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from deltacap.domain.errors import InvalidInput, gettext_noop

FORMAT = "deltacap-sharing-bundle"
VERSION = 1
MANIFEST = "manifest.json"


def sha256_hex(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def csv_data_rows(content: bytes) -> int:
    """Data rows of a UTF-8 CSV (with or without BOM), the header row not counted."""
    text = content.decode("utf-8-sig")
    rows = [r for r in csv.reader(io.StringIO(text)) if r]
    return max(len(rows) - 1, 0)


@dataclass(frozen=True)
class FileEntry:
    name: str
    dataset: str
    category: str
    format: str  # csv or xlsx
    description: str
    columns: list[str]
    rows: int
    sha256: str

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "dataset": self.dataset,
            "category": self.category,
            "format": self.format,
            "description": self.description,
            "columns": list(self.columns),
            "rows": self.rows,
            "sha256": self.sha256,
        }


def build_manifest(
    *,
    member: str,
    member_name: str,
    period: str,
    generated_at: str,
    generated_by: str,
    categories: list[str],
    files: list[FileEntry],
) -> dict[str, Any]:
    """The manifest of a bundle (``member``: a member's code or ``region``)."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "member": member,
        "member_name": member_name,
        "period": period,
        "generated_at": generated_at,
        "generated_by": generated_by,
        "categories": list(categories),
        "files": [f.as_json() for f in files],
    }


def manifest_bytes(manifest: Mapping[str, Any]) -> bytes:
    return json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=False).encode("utf-8")


def parse_manifest(content: bytes) -> dict[str, Any]:
    """The manifest read back. Raises InvalidInput when it is not one of ours."""
    try:
        data = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise InvalidInput(
            gettext_noop("The bundle's manifest.json is not valid JSON."), field="file"
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InvalidInput(
            gettext_noop("The file is not a sharing bundle (its manifest names another format)."),
            field="file",
        )
    if data.get("version") != VERSION:
        raise InvalidInput(
            gettext_noop("The bundle's format version {got} is not known (expected {valid})."),
            field="file",
            got=data.get("version"),
            valid=VERSION,
        )
    files = data.get("files")
    if not isinstance(files, list) or not all(
        isinstance(f, dict)
        and isinstance(f.get("name"), str)
        and isinstance(f.get("sha256"), str)
        and isinstance(f.get("rows"), int)
        for f in files
    ):
        raise InvalidInput(
            gettext_noop("The bundle's manifest lists its files without name, rows or checksum."),
            field="file",
        )
    return data


class Problem(enum.StrEnum):
    MISSING = "missing"  # listed, not in the zip
    CHECKSUM = "checksum"  # content differs from the listed SHA-256
    ROWS = "rows"  # a different number of data rows
    UNLISTED = "unlisted"  # in the zip, not in the manifest
    UNREADABLE = "unreadable"  # rows could not be counted


@dataclass(frozen=True)
class FileCheck:
    name: str
    expected_rows: int | None
    found_rows: int | None
    expected_sha256: str
    found_sha256: str
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class Verification:
    manifest: dict[str, Any]
    files: list[FileCheck]

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.files)

    @property
    def mismatched(self) -> list[str]:
        return [f.name for f in self.files if not f.ok]


RowCounter = Callable[[str, bytes], int]


def verify(
    manifest: dict[str, Any], contents: Mapping[str, bytes], count_rows: RowCounter
) -> Verification:
    """Every listed file checked against ``contents`` (name to bytes, the manifest left
    out): present, the same SHA-256, the same number of data rows (``count_rows`` by
    name and content; a ValueError from it marks the file unreadable); and every file not
    listed named."""
    checks = []
    listed = set()
    for entry in manifest["files"]:
        name = entry["name"]
        listed.add(name)
        content = contents.get(name)
        if content is None:
            checks.append(
                FileCheck(name, entry["rows"], None, entry["sha256"], "", [Problem.MISSING])
            )
            continue
        problems = []
        found_sha = sha256_hex(content)
        if found_sha != entry["sha256"].lower():
            problems.append(Problem.CHECKSUM)
        try:
            found_rows: int | None = count_rows(name, content)
        except ValueError:
            found_rows = None
            problems.append(Problem.UNREADABLE)
        if found_rows is not None and found_rows != entry["rows"]:
            problems.append(Problem.ROWS)
        checks.append(
            FileCheck(name, entry["rows"], found_rows, entry["sha256"], found_sha, problems)
        )
    for name in sorted(set(contents) - listed - {MANIFEST}):
        checks.append(
            FileCheck(name, None, None, "", sha256_hex(contents[name]), [Problem.UNLISTED])
        )
    return Verification(manifest, checks)
