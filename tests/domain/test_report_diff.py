"""What changed in the narrative sections between two versions of a member's report:
paragraphs kept, added, removed, and changed in place with the characters that differ."""

from __future__ import annotations

from deltacap.domain.reports.diff import Change, diff_narratives, diff_paragraphs
from deltacap.domain.reports.narrative import Narrative


def _text(pieces: tuple, change: Change) -> str:
    return "".join(p.text for p in pieces if p.change is change)


def test_a_paragraph_changed_in_place_shows_the_characters_that_differ() -> None:
    old = ["推进重点减排工程建设，按季度调度工程进度。"]
    new = ["推进重点减排工程建设，按月调度工程进度。"]
    (line,) = diff_paragraphs(old, new)
    assert line.change is Change.CHANGED
    assert _text(line.old, Change.REMOVED) == "季度"
    assert _text(line.new, Change.ADDED) == "月"
    assert "".join(p.text for p in line.old) == old[0]
    assert "".join(p.text for p in line.new) == new[0]


def test_added_removed_and_kept_paragraphs_in_the_documents_order() -> None:
    old = ["第一段不变。", "将被删除的一段关于排污权交易试点。", "第三段不变。"]
    new = ["第一段不变。", "第三段不变。", "新增一段：加强在线监测数据质量管理。"]
    lines = diff_paragraphs(old, new)
    assert [line.change for line in lines] == [
        Change.SAME,
        Change.REMOVED,
        Change.SAME,
        Change.ADDED,
    ]
    assert _text(lines[1].old, Change.REMOVED) == old[1] and lines[1].new == ()
    assert _text(lines[3].new, Change.ADDED) == new[2] and lines[3].old == ()


def test_a_paragraph_rewritten_entirely_is_removed_and_added_not_changed() -> None:
    lines = diff_paragraphs(["部分工程进度滞后。"], ["今年所有任务均已按期完成并通过验收。"])
    assert [line.change for line in lines] == [Change.REMOVED, Change.ADDED]


def test_every_section_is_compared_and_only_the_edited_ones_are_changed() -> None:
    old = Narrative(summary="概述。", measures="做法一。\n做法二。", next_steps="明年计划。")
    new = Narrative(summary="概述。", measures="做法一。\n做法二（已完成）。", problems="新问题。")
    sections = {s.key: s for s in diff_narratives(old, new)}
    assert list(sections) == ["summary", "measures", "problems", "next_steps"]
    assert not sections["summary"].changed
    assert sections["measures"].count(Change.CHANGED) == 1
    assert sections["measures"].count(Change.SAME) == 1
    assert sections["problems"].count(Change.ADDED) == 1
    assert sections["next_steps"].count(Change.REMOVED) == 1
    assert sections["measures"].title == "主要做法和成效"
    assert not any(s.changed for s in diff_narratives(new, new))
