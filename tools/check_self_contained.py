"""Fail when code, tests, benches or scripts refer to anything outside the repository.

A clone of the repository alone must run its tests, benches and scripts, so nothing in
them may read the team's notes beside the clone or a path of one machine. Reported:

- in the text of every scanned file: a path that climbs out of its folder into another
  (``../shared``), a ``shared/`` folder (the team's material kept beside the clone), and
  absolute paths of a machine (``/work/...``, ``/home/...``, ``/root/...``, ``/Users/...``,
  ``/mnt/...``);
- in Python: a path built from ``__file__`` that climbs above the repository's root
  (``parents[n]``, ``.parent``, ``os.path.dirname``, ``/ ".."``), followed through names.

Data written by others (``tests/data``), vendored files, documents (``*.md``) and this
check with its test (they hold the patterns as examples) are not scanned. Run by
``scripts/check``; ``python tools/check_self_contained.py [ROOT]`` prints one line per
finding and exits with 1 when there is any.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCANNED_SUFFIXES = {".py", ".pyi", ".c", ".sh", ".toml", ".cfg", ".ini", ".js", ".css", ".html"}
SCRIPT_FOLDERS = ("scripts/", ".ci/")  # their files have no suffix
SKIPPED = ("tests/data/", "src/deltacap/web/static/vendor/")
# This check holds the very patterns it looks for (its test reads its samples from
# tests/data/).
EXEMPT = {"tools/check_self_contained.py"}
WALK_PRUNED = {".git", ".venv", "build", "dist", "node_modules", "__pycache__"}
TEXT_RULES = (
    (re.compile(r"(?<!\.)\.\./+[\w.]"), "climbs out of its folder (../)"),
    (re.compile(r"(?<![\w.-])shared/"), "names the shared/ folder beside the repository"),
    (re.compile(r"(?<![\w.~-])/(work|home|root|Users|mnt)/"), "absolute path of one machine"),
)


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}"


def scanned_files(root: Path) -> list[str]:
    """Repository-relative paths of the files to scan (git's list when there is one)."""
    return sorted(name for name in _all_files(root) if _is_scanned(name))


def _all_files(root: Path) -> list[str]:
    try:
        listed = subprocess.run(
            ["git", "-C", str(root), "ls-files", "--cached", "--others", "--exclude-standard"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        return list(_walk(root))
    return [name for name in listed if (root / name).is_file()]


def _walk(root: Path) -> Iterator[str]:
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in WALK_PRUNED and not d.endswith(".egg-info")]
        for name in files:
            yield (Path(folder) / name).relative_to(root).as_posix()


def _is_scanned(name: str) -> bool:
    if name.startswith(SKIPPED) or name in EXEMPT:
        return False
    path = Path(name)
    return path.suffix in SCANNED_SUFFIXES or (name.startswith(SCRIPT_FOLDERS) and not path.suffix)


def text_findings(name: str, text: str) -> list[Finding]:
    """Paths in the text that lead outside the repository."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        for pattern, reason in TEXT_RULES:
            if pattern.search(line):
                found.append(Finding(name, number, reason))
    return found


# -- Python: paths built from __file__ -------------------------------------------------------
# A path is followed as (height, peak): how many levels above the file it points now, and the
# most it climbed on the way (``REPO.parent / "shared"`` climbs out, then comes back down).
Height = tuple[int, int]
CLIMBED_OUT = "a path built from __file__ climbs above the repository's root"


def python_findings(name: str, text: str) -> list[Finding]:
    """Lines where a path built from ``__file__`` climbs above the repository's root."""
    root_height = len(Path(name).parts)  # the file is 0, its folder 1, ... the root this
    tree = ast.parse(text, filename=name)
    names: dict[str, Height] = {}
    assignments = sorted(
        (node for node in ast.walk(tree) if isinstance(node, ast.Assign)), key=lambda n: n.lineno
    )
    for node in assignments:
        height = _height(node.value, names)
        for target in node.targets:
            if isinstance(target, ast.Name) and height is not None:
                names[target.id] = height
    lines = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.expr):
            height = _height(node, names)
            if height is not None and height[1] > root_height:
                lines.add(node.lineno)
    return [Finding(name, line, CLIMBED_OUT) for line in sorted(lines)]


def _height(node: ast.expr, names: dict[str, Height]) -> Height | None:
    if isinstance(node, ast.Name):
        return (0, 0) if node.id == "__file__" else names.get(node.id)
    if isinstance(node, ast.Attribute):
        return _attribute_height(node, names)
    if isinstance(node, ast.Subscript):
        return _parents_height(node, names)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        base = _height(node.left, names)
        return None if base is None else _descend(base, node.right)
    if isinstance(node, ast.Call):
        return _call_height(node, names)
    return None


def _attribute_height(node: ast.Attribute, names: dict[str, Height]) -> Height | None:
    if node.attr != "parent":
        return None
    base = _height(node.value, names)
    return None if base is None else _up(base, 1)


def _parents_height(node: ast.Subscript, names: dict[str, Height]) -> Height | None:
    value, index = node.value, node.slice
    if not (isinstance(value, ast.Attribute) and value.attr == "parents"):
        return None
    base = _height(value.value, names)
    if base is None or not (isinstance(index, ast.Constant) and isinstance(index.value, int)):
        return None
    return _up(base, index.value + 1)


def _call_height(node: ast.Call, names: dict[str, Height]) -> Height | None:
    func = node.func
    called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
    if called in ("resolve", "absolute") and isinstance(func, ast.Attribute):
        return _height(func.value, names)
    if not node.args:
        return None
    base = _height(node.args[0], names)
    if base is None:
        return None
    if called in ("Path", "PurePath", "abspath", "realpath", "normpath"):
        return base
    if called == "dirname":
        return _up(base, 1)
    if called == "join":
        for part in node.args[1:]:
            base = _descend(base, part)
        return base
    return None


def _up(height: Height, levels: int) -> Height:
    now = height[0] + levels
    return now, max(height[1], now)


def _descend(height: Height, part: ast.expr) -> Height:
    """``height`` joined with ``part``: ``..`` climbs, a name goes down, the unknown stays."""
    if not (isinstance(part, ast.Constant) and isinstance(part.value, str)):
        return height
    for piece in part.value.split("/"):
        if piece == "..":
            height = _up(height, 1)
        elif piece not in ("", "."):
            height = (height[0] - 1, height[1])
    return height


def scan(root: Path) -> list[Finding]:
    """Every reference outside the repository in the scanned files under ``root``."""
    found: list[Finding] = []
    for name in scanned_files(root):
        text = (root / name).read_text("utf-8", errors="replace")
        found += text_findings(name, text)
        if name.endswith(".py"):
            found += python_findings(name, text)
    return sorted(set(found))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]).resolve() if args else ROOT
    found = scan(root)
    for finding in found:
        print(finding)
    if found:
        print(f"{len(found)} references outside the repository: copy what is needed into it.")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
