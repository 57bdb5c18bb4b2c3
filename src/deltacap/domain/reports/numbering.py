"""Numbering as Chinese government documents do (GB/T 9704-2012 §7.3.3 对结构层次序数):
一、 then （一） then 1. then （1）; tables 表1, figures 图1 through the document."""

from __future__ import annotations

from dataclasses import replace

from deltacap.domain.reports.document import Block, Document, Figure, Heading, Table

DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九. Raises ValueError outside 1..99."""
    if not 1 <= n <= 99:
        raise ValueError(f"expected 1 to 99, got {n}")
    tens, units = divmod(n, 10)
    if tens == 0:
        return DIGITS[units]
    head = "十" if tens == 1 else f"{DIGITS[tens]}十"
    return head + (DIGITS[units] if units else "")


def heading_number(level: int, n: int) -> str:
    """The mark of the ``n``-th heading of ``level``: 一、 （一） 1. （1）."""
    if level == 1:
        return f"{chinese_number(n)}、"
    if level == 2:
        return f"（{chinese_number(n)}）"
    if level == 3:
        return f"{n}."
    return f"（{n}）"


def numbered(document: Document) -> Document:
    """The document with every heading, table and figure numbered; a heading's count
    starts again under each heading of the level above."""
    counts = [0, 0, 0, 0]
    tables = figures = 0
    blocks: list[Block] = []
    for block in document.blocks:
        if isinstance(block, Heading):
            level = min(max(block.level, 1), 4)
            counts[level - 1] += 1
            counts[level:] = [0] * (4 - level)
            block = replace(block, number=heading_number(level, counts[level - 1]))
        elif isinstance(block, Table):
            tables += 1
            block = replace(block, number=f"表{tables}")
        elif isinstance(block, Figure):
            figures += 1
            block = replace(block, number=f"图{figures}")
        blocks.append(block)
    return replace(document, blocks=tuple(blocks))
