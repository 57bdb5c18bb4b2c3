"""Every message a user can see has its Chinese translation, compiled and current."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.utils import translation

SRC = Path(__file__).resolve().parents[2] / "src" / "deltacap"
PO = SRC / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
CONTEXT = "\x04"


def _unquote(lines: list[str]) -> str:
    return "".join(ast.literal_eval(line) for line in lines)


def catalogue() -> dict[str, tuple[str, bool]]:
    """msgid -> (msgstr, fuzzy) of the active entries of the Chinese catalogue."""
    entries = {}
    for block in PO.read_text("utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        keys = [
            i for i, line in enumerate(lines) if re.match(r"msg(id|id_plural|str(\[0\])?) ", line)
        ]
        if len(keys) < 2:
            continue
        parts = []
        for n, start in enumerate(keys):
            end = keys[n + 1] if n + 1 < len(keys) else len(lines)
            first = lines[start].split(" ", 1)[1]
            parts.append(_unquote([first, *lines[start + 1 : end]]))
        context = [line for line in lines if line.startswith("msgctxt ")]
        if parts[0]:
            # A message with a context is looked up as gettext does: context, EOT, message.
            key = (
                ast.literal_eval(context[0].split(" ", 1)[1]) + CONTEXT + parts[0]
                if context
                else parts[0]
            )
            entries[key] = (parts[-1], fuzzy)
    return entries


def _template_strings() -> set[str]:
    found = set()
    for path in SRC.rglob("templates/**/*.html"):
        text = path.read_text("utf-8")
        found |= set(re.findall(r'{% translate "([^"]+)" %}', text))
        found |= set(re.findall(r"{% translate '([^']+)' %}", text))
    return found


def _marked_strings() -> set[str]:
    found = set()
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("gettext_noop", "_")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    return found


def test_every_entry_is_translated_and_none_is_fuzzy() -> None:
    entries = catalogue()
    assert len(entries) > 150
    untranslated = sorted(k for k, (v, fuzzy) in entries.items() if not v or fuzzy)
    assert untranslated == []


def test_every_string_marked_in_code_and_templates_is_in_the_catalogue() -> None:
    entries = catalogue()
    missing = sorted((_template_strings() | _marked_strings()) - set(entries))
    assert missing == []


def _translated(key: str) -> str:
    if CONTEXT in key:
        context, message = key.split(CONTEXT, 1)
        return translation.pgettext(context, message)
    return translation.gettext(key)


def test_the_compiled_catalogue_matches_the_source() -> None:
    entries = catalogue()
    with translation.override("zh-hans"):
        stale = sorted(
            k for k, (v, _) in entries.items() if "%(n)s" not in k and _translated(k) != v
        )
    assert stale == []


def test_placeholders_survive_translation() -> None:
    for msgid, (msgstr, _) in catalogue().items():
        assert sorted(re.findall(r"{[^}]*}", msgid)) == sorted(re.findall(r"{[^}]*}", msgstr)), (
            msgid
        )
        assert sorted(re.findall(r"%\(\w+\)s", msgid)) == sorted(
            re.findall(r"%\(\w+\)s", msgstr)
        ), msgid
