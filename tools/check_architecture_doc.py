"""Fail when docs/ARCHITECTURE.md names a file or module that does not exist.

Every span in backticks that looks like a path or a module is looked up:

- a path (it has a ``/`` or ends in a file suffix such as ``.py``): relative to the
  repository's root, ``src/``, ``src/deltacap/`` or ``src/deltacap/domain/``; ``<app>`` and
  other ``<...>`` placeholders stand for any one name, a trailing ``/`` asks for a folder;
- a dotted name (``targets.services.set_target``, ``deltacap.domain.access``): the longest
  leading part that is a module or package of ``deltacap`` (written from ``deltacap``, from
  inside it or from inside ``deltacap.domain``), then the next name must be defined at the
  top of that module. A dotted name of an installed library (``time.process_time``) passes.

Spans with spaces, routes (``/api/v1/...``), options, settings (``A=B``) and single words
are not looked up: write an app as ``monitoring/`` or ``deltacap.monitoring`` to have it
checked. ``python tools/check_architecture_doc.py [ROOT]`` prints one line per name that
does not exist and exits with 1 when there is any; run by ``scripts/check``.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCUMENT = "docs/ARCHITECTURE.md"
PATH_BASES = ("", "src/", "src/deltacap/", "src/deltacap/domain/")
MODULE_BASES = ("", "deltacap.", "deltacap.domain.")
FILE_SUFFIXES = (
    ".py", ".pyi", ".c", ".md", ".json", ".jsonl", ".geojson", ".html", ".js", ".css",
    ".toml", ".txt", ".po", ".mo", ".sh", ".csv", ".xlsx",
)  # fmt: skip
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
SPAN = re.compile(r"`([^`\n]+)`")
DOTTED = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)+")
NOT_A_NAME = re.compile(r"[\s=:@,]|^[/\-.]")


@dataclass(frozen=True, order=True)
class Missing:
    line: int
    name: str

    def __str__(self) -> str:
        return f"{DOCUMENT}:{self.line}: `{self.name}` is no file or module of the repository"


def names(text: str) -> list[tuple[int, str]]:
    """(line, text) of every span in backticks outside fenced blocks."""
    text = FENCE.sub(lambda block: "\n" * block.group().count("\n"), text)
    return [
        (number, span)
        for number, line in enumerate(text.splitlines(), start=1)
        for span in SPAN.findall(line)
    ]


def missing(root: Path, text: str) -> list[Missing]:
    """The names of ``text`` that look like paths or modules and do not exist under ``root``."""
    found = []
    for number, name in names(text):
        if NOT_A_NAME.search(name):
            continue
        if "/" in name or name.endswith(FILE_SUFFIXES):
            exists = path_exists(root, name)
        elif DOTTED.fullmatch(name):
            exists = module_exists(root, name)
        else:
            continue
        if not exists:
            found.append(Missing(number, name))
    return found


def path_exists(root: Path, name: str) -> bool:
    pattern = re.sub(r"<[^>]+>", "*", name.rstrip("/"))
    want_folder = name.endswith("/")
    for base in PATH_BASES:
        for match in root.glob(base + pattern):
            if match.is_dir() or not want_folder:
                return True
    return False


def module_exists(root: Path, name: str) -> bool:
    for base in MODULE_BASES:
        parts = (base + name).split(".")
        for cut in range(len(parts), 0, -1):
            module = _module_file(root, parts[:cut])
            if module is None:
                continue
            rest = parts[cut:]
            return not rest or rest[0] in _top_level_names(module)
    first = name.split(".")[0]
    return first != "deltacap" and importlib.util.find_spec(first) is not None


def _module_file(root: Path, parts: list[str]) -> Path | None:
    if parts[0] != "deltacap":
        return None
    base = root / "src" / Path(*parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


@cache
def _top_level_names(module: Path) -> frozenset[str]:
    """Names a module defines or imports at its top (functions, classes, assignments)."""
    tree = ast.parse(module.read_text("utf-8"))
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            found.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found |= {t.id for t in targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.Import | ast.ImportFrom):
            found |= {(a.asname or a.name).split(".")[0] for a in node.names}
    if module.name == "__init__.py":  # a package's modules are its names too
        found |= {p.stem for p in module.parent.iterdir() if p.suffix == ".py" or p.is_dir()}
    return frozenset(found)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]).resolve() if args else ROOT
    found = missing(root, (root / DOCUMENT).read_text("utf-8"))
    for item in found:
        print(item)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
