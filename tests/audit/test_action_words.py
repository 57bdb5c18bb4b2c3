"""Every action a service records has words in both languages, so that no code reaches the
audit page or ``deltacap audit``."""

from __future__ import annotations

import ast
from pathlib import Path

from django.utils import translation

from deltacap.audit.labels import ACTIONS, action_label
from deltacap.domain.projects import ProjectStatus

SRC = Path(__file__).resolve().parents[2] / "src" / "deltacap"


def _recorded_actions() -> tuple[set[str], set[str]]:
    """Codes passed as ``action=`` anywhere in the source, and the fixed starts of codes
    built with f-strings."""
    codes: set[str] = set()
    prefixes: set[str] = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.keyword) and node.arg == "action":
                _collect(node.value, codes, prefixes)
            elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "_record":
                for value in node.args[3:4]:  # accounts.two_factor: _record(by, user, ch, action)
                    _collect(value, codes, prefixes)
    return codes, prefixes


def _collect(value: ast.expr, codes: set[str], prefixes: set[str]) -> None:
    if isinstance(value, ast.IfExp):
        _collect(value.body, codes, prefixes)
        _collect(value.orelse, codes, prefixes)
    elif isinstance(value, ast.Constant) and isinstance(value.value, str):
        if "." in value.value and " " not in value.value:  # not the domain's "buy rights"
            codes.add(value.value)
    elif isinstance(value, ast.JoinedStr):
        first = value.values[0]
        prefix = str(first.value) if isinstance(first, ast.Constant) else ""
        if " " not in prefix:  # not an error message's words
            prefixes.add(prefix)


def test_every_recorded_action_has_words_in_both_languages() -> None:
    codes, prefixes = _recorded_actions()
    codes |= {f"project.{status.value}" for status in ProjectStatus}
    assert len(codes) > 30 and "target.set" in codes and "rights.settle" in codes
    assert sorted(codes - set(ACTIONS)) == []
    for prefix in prefixes:
        assert any(code.startswith(prefix) for code in ACTIONS), prefix
    for code in ACTIONS:
        with translation.override("zh-hans"):
            zh = action_label(code)
        with translation.override("en"):
            en = action_label(code)
        assert zh != en and code not in (zh, en), code
