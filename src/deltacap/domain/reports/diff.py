"""What changed in a member's narrative sections between two versions of its annual report.

Each section is compared paragraph by paragraph (a paragraph is a non-empty line, as the
document prints it), and a paragraph changed in place character by character: Chinese text
has no spaces between words, so the character is the unit a reader compares. A paragraph
rewritten beyond recognition (less than ``SIMILAR`` alike) is shown as removed and added
rather than as a change. Uses the standard library's ``difflib``; no Django.
"""

from __future__ import annotations

import difflib
import enum
from dataclasses import dataclass

from deltacap.domain.reports.narrative import SECTIONS, Narrative

# Two paragraphs at least this alike (difflib's ratio) are one paragraph changed in place.
SIMILAR = 0.4


class Change(enum.StrEnum):
    SAME = "same"
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


@dataclass(frozen=True)
class Piece:
    """A run of characters of a paragraph: kept, or only in the old (removed) or the new
    (added) version."""

    text: str
    change: Change


@dataclass(frozen=True)
class ParagraphDiff:
    change: Change
    old: tuple[Piece, ...]  # empty for an added paragraph
    new: tuple[Piece, ...]  # empty for a removed one


@dataclass(frozen=True)
class SectionDiff:
    key: str
    title: str  # the section's Chinese heading in the document
    paragraphs: tuple[ParagraphDiff, ...]

    def count(self, change: Change) -> int:
        return sum(1 for p in self.paragraphs if p.change is change)

    @property
    def changed(self) -> bool:
        return any(p.change is not Change.SAME for p in self.paragraphs)


def _pieces(old: str, new: str) -> tuple[tuple[Piece, ...], tuple[Piece, ...]]:
    """The two paragraphs cut into kept, removed and added runs of characters."""
    before: list[Piece] = []
    after: list[Piece] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            before.append(Piece(old[i1:i2], Change.SAME))
            after.append(Piece(new[j1:j2], Change.SAME))
            continue
        if i2 > i1:
            before.append(Piece(old[i1:i2], Change.REMOVED))
        if j2 > j1:
            after.append(Piece(new[j1:j2], Change.ADDED))
    return tuple(before), tuple(after)


def _removed(text: str) -> ParagraphDiff:
    return ParagraphDiff(Change.REMOVED, (Piece(text, Change.REMOVED),), ())


def _added(text: str) -> ParagraphDiff:
    return ParagraphDiff(Change.ADDED, (), (Piece(text, Change.ADDED),))


def _replaced(old: list[str], new: list[str]) -> list[ParagraphDiff]:
    """A block of paragraphs replaced by another: paired in order while alike enough, the
    rest removed or added."""
    out: list[ParagraphDiff] = []
    for a, b in zip(old, new, strict=False):
        if difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= SIMILAR:
            out.append(ParagraphDiff(Change.CHANGED, *_pieces(a, b)))
        else:
            out += [_removed(a), _added(b)]
    out += [_removed(a) for a in old[len(new) :]]
    out += [_added(b) for b in new[len(old) :]]
    return out


def diff_paragraphs(old: list[str], new: list[str]) -> tuple[ParagraphDiff, ...]:
    out: list[ParagraphDiff] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out += [
                ParagraphDiff(Change.SAME, (Piece(t, Change.SAME),), (Piece(t, Change.SAME),))
                for t in old[i1:i2]
            ]
        elif op == "delete":
            out += [_removed(t) for t in old[i1:i2]]
        elif op == "insert":
            out += [_added(t) for t in new[j1:j2]]
        else:
            out += _replaced(old[i1:i2], new[j1:j2])
    return tuple(out)


def diff_narratives(old: Narrative, new: Narrative) -> list[SectionDiff]:
    """Every section in the document's order, with its paragraphs compared."""
    return [
        SectionDiff(key, title, diff_paragraphs(old.paragraphs(key), new.paragraphs(key)))
        for key, title in SECTIONS
    ]
