"""The tool that writes the edge contracts: the lists in pyproject.toml are what it writes,
and a module added to an app's edge is named in all four contracts at once."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tools import edge_contracts


def _contracts(text: str) -> dict[str, dict[str, list[str]]]:
    found = tomllib.loads(text)["tool"]["importlinter"]["contracts"]
    return {c["name"]: c for c in found if "other edge" in c["name"]}


def test_the_contracts_in_the_repository_are_as_the_tool_writes_them() -> None:
    text = edge_contracts.PYPROJECT.read_text("utf-8")
    assert edge_contracts.written(text) == text


def test_a_new_api_module_is_named_in_every_edge_contract(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = tmp_path / "deltacap" / "harbour"
    app.mkdir(parents=True)
    (app / "api_berths.py").write_text("")
    (app / "views_berths.py").write_text("")
    monkeypatch.setattr(edge_contracts, "SRC", tmp_path / "deltacap")
    text = edge_contracts.written(edge_contracts.PYPROJECT.read_text("utf-8"))
    contracts = _contracts(text)
    assert len(contracts) == 4
    for name, contract in contracts.items():
        named = contract["source_modules"] + contract["forbidden_modules"]
        assert "deltacap.harbour.api_berths" in named, name
        assert "deltacap.harbour.views_berths" in named, name
        # an edge never forbids itself
        assert not set(contract["source_modules"]) & set(contract["forbidden_modules"]), name
    api = contracts["The API routers import no other edge (pages, command line, TCP receiver)"]
    assert "deltacap.harbour.api_berths" in api["source_modules"]
    assert "deltacap.harbour.views_berths" in api["forbidden_modules"]
