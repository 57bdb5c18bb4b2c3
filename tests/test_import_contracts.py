"""The import-linter contracts that keep the edges (API, pages, command line, TCP receiver)
apart cover every module of every edge, including ones added later: a new ``api_*`` or
``views_*`` module left out of the contracts would be free to import another edge."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatchcase
from typing import Any

from tests.support import REPO

SRC = REPO / "src"
EDGE_FILES = (
    "deltacap/api.py",
    "deltacap/*/api*.py",
    "deltacap/*/views*.py",
    "deltacap/*/pages*.py",
)
RECEIVER = {"deltacap.monitoring.receiver", "deltacap.monitoring.connection"}


def edge_modules() -> set[str]:
    found = {
        ".".join(path.relative_to(SRC).with_suffix("").parts)
        for pattern in EDGE_FILES
        for path in SRC.glob(pattern)
    }
    return found | RECEIVER | {"deltacap.cli"}


def edge_contracts() -> list[dict[str, Any]]:
    config = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    return [c for c in contracts if c["type"] == "forbidden" and "other edge" in c["name"]]


def matches(module: str, expression: str) -> bool:
    """import-linter's module expressions: ``*`` stands for exactly one name."""
    parts, wanted = module.split("."), expression.split(".")
    return len(parts) == len(wanted) and all(map(fnmatchcase, parts, wanted))


def test_there_is_one_contract_per_edge() -> None:
    sources = [frozenset(c["source_modules"]) for c in edge_contracts()]
    assert len(sources) == 4 and len(set(sources)) == 4


def test_every_module_of_every_edge_is_named_in_every_edge_contract() -> None:
    modules = edge_modules()
    assert {
        "deltacap.api",
        "deltacap.web.views",
        "deltacap.rights.pages",
        "deltacap.air.api",
        "deltacap.air.views",
    } <= modules
    for contract in edge_contracts():
        named = [*contract["source_modules"], *contract["forbidden_modules"]]
        left_out = sorted(m for m in modules if not any(matches(m, e) for e in named))
        assert left_out == [], contract["name"]
