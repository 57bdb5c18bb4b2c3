"""Lines of Chinese text for a renderer that does not break them itself (the PDF's body).

Two rules of Chinese typesetting (GB/T 15834-2011 标点符号用法 §5.1.4 and the
禁则 of common practice): closing punctuation never starts a line (it hangs at the end
of the line before), and a run of Latin letters and digits (a number such as 102.7%, a
code such as NH3-N) is never split. Everything else may break between any two characters.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Marks that may not start a line: closing punctuation, pause and stop marks.
NO_LINE_START = set("，。、；：？！）】》」』”’％…—,.;:?!)%")
_TOKENS = re.compile(r"[0-9A-Za-z.,%+\-/_()]+|\s+|.", re.S)


def tokens(text: str) -> list[str]:
    """The units a line may break between: Latin and number runs whole, each CJK mark alone."""
    return _TOKENS.findall(text)


def break_lines(
    text: str, width_of: Callable[[str], float], first_width: float, width: float
) -> list[str]:
    """``text`` cut into lines no wider than ``first_width`` (the first) and ``width`` (the
    others) by ``width_of``; a closing mark hangs past the end rather than start a line, and
    a run longer than a line is cut where it must be."""
    lines: list[str] = []
    line, room = "", first_width
    for token in tokens(text):
        if not line and token.isspace():
            continue
        if width_of(line + token) <= room or not line or token[0] in NO_LINE_START:
            line += token
            while width_of(line) > room and len(line) > 1 and line[-1] not in NO_LINE_START:
                cut = _cut(line, width_of, room)
                lines.append(line[:cut])
                line, room = line[cut:], width
            continue
        lines.append(line.rstrip())
        line, room = token.lstrip(), width
    if line:
        lines.append(line.rstrip())
    return lines


def _cut(line: str, width_of: Callable[[str], float], room: float) -> int:
    """The longest prefix of ``line`` that fits (at least one character) and leaves no
    closing mark to start the next line."""
    cut = len(line)
    while cut > 1 and width_of(line[:cut]) > room:
        cut -= 1
    while 1 < cut < len(line) and line[cut] in NO_LINE_START:
        cut -= 1
    return cut
