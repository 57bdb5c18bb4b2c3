"""Write the four edge contracts of pyproject.toml from the modules that exist.

The edges (API routers, pages, the command line, the TCP receiver) each have a contract
that forbids importing the other three. import-linter's wildcards stand for whole module
names only, so each app's further ``api_*`` and ``views_*`` modules are named one by one;
this tool names them, so that adding a module (or merging two branches that each added
one) is settled by running it:

    .venv/bin/python tools/edge_contracts.py          # rewrite the lists
    .venv/bin/python tools/edge_contracts.py --check  # exit 1 if they are not as written

tests/test_import_contracts.py checks the result independently.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "deltacap"
PYPROJECT = ROOT / "pyproject.toml"
RECEIVER = ["deltacap.monitoring.receiver", "deltacap.monitoring.connection"]
CLI = ["deltacap.cli"]


def _modules(pattern: str) -> list[str]:
    return sorted(f"deltacap.{path.parent.name}.{path.stem}" for path in SRC.glob(pattern))


def groups() -> dict[str, list[str]]:
    """Each edge's modules: the API, the pages, the command line, the receiver."""
    return {
        "API routers": ["deltacap.api", "deltacap.*.api", *_modules("*/api_*.py")],
        "pages": ["deltacap.*.views", *_modules("*/views_*.py"), *_modules("*/pages*.py")],
        "command line": CLI,
        "TCP receiver": RECEIVER,
    }


def _toml_list(modules: list[str]) -> str:
    lines, line = [], " "
    for module in modules:
        item = f' "{module}",'
        if len(line) + len(item) > 100:
            lines.append(line)
            line = " "
        line += item
    lines.append(line)
    return "[\n" + "\n".join(lines) + "\n]"


def written(text: str) -> str:
    """``text`` (pyproject.toml) with the four contracts' lists written from ``groups``."""
    edges = groups()
    for name, source in edges.items():
        forbidden = [m for other, modules in edges.items() if other != name for m in modules]
        pattern = re.compile(
            r'(name = "The ' + re.escape(name) + r' import[^\n]*\ntype = "forbidden"\n)'
            r"source_modules = \[.*?\]\nforbidden_modules = \[.*?\]\n",
            re.S,
        )
        found = pattern.search(text)
        if found is None:
            raise SystemExit(f"pyproject.toml: no contract for the {name}")
        text = (
            text[: found.start()]
            + found.group(1)
            + f"source_modules = {_toml_list(source)}\n"
            + f"forbidden_modules = {_toml_list(forbidden)}\n"
            + text[found.end() :]
        )
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only check; exit 1 if stale")
    arguments = parser.parse_args()
    text = PYPROJECT.read_text("utf-8")
    new = written(text)
    if arguments.check:
        if new != text:
            print("pyproject.toml: the edge contracts do not name the edge modules that exist;")
            print("run .venv/bin/python tools/edge_contracts.py")
            return 1
        return 0
    PYPROJECT.write_text(new, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
