"""What changed between two versions of a member's annual report: the office opens the page
from the report's versions and reads, section by section and in its own language, the
paragraphs added, removed and changed (the characters struck through and underlined)."""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.django_db
YEAR = 2025
PAGE = f"/reports/{YEAR}/320000/compare/"


def _as(client: Any, users: Any, name: str, lang: str = "zh-hans") -> Any:
    client.force_login(users(name))
    client.cookies["django_language"] = lang
    return client


@pytest.fixture
def two_versions(users: Any) -> None:
    """Jiangsu submits version 1; the office returns it; version 2 changes one paragraph,
    drops one, adds a section and is submitted."""
    from deltacap.reports import services

    editor, office = users("js-editor"), users("office")
    first = {
        "summary": "江苏省推进总量协同控制工作。",
        "measures": "推进重点减排工程建设，按季度调度工程进度。\n开展排污权交易试点。",
        "next_steps": "加快滞后工程建设。",
    }
    services.save_narrative(by=editor, channel="page", member="320000", year=YEAR, values=first)
    services.submit(by=editor, channel="page", member="320000", year=YEAR)
    services.review(by=office, channel="page", member="320000", year=YEAR, accept=False,
                    comment="请补充存在问题")  # fmt: skip
    second = {
        "measures": "推进重点减排工程建设，按月调度工程进度。",
        "problems": "部分在线监测设备数据有效率偏低。",
    }
    services.save_narrative(by=editor, channel="page", member="320000", year=YEAR, values=second)
    services.submit(by=editor, channel="page", member="320000", year=YEAR)


def _rows(page: str, section: str) -> list[str]:
    body = page.split(f'id="section-{section}"')[1].split("</tbody>")[0]
    return re.findall(r'data-change="(\w+)"', body)


def test_the_office_reads_what_changed_in_chinese(
    client: Any, users: Any, two_versions: None
) -> None:
    office = _as(client, users, "office")
    report = office.get(f"/reports/{YEAR}/320000/").content.decode()
    assert f'href="{PAGE}?from=1&amp;to=2"' in report
    assert "与第 1 版相比的修改" in report

    page = office.get(PAGE).content.decode()  # by default the newest against the one before
    assert "版本间修改对比" in page
    assert "第 1 版" in page and "第 2 版" in page and "已退回" in page
    assert _rows(page, "summary") == ["same"]
    assert _rows(page, "measures") == ["changed", "removed"]
    assert "<del>季度</del>" in page and "<ins>月</ins>" in page
    assert "<del>开展排污权交易试点。</del>" in page
    assert _rows(page, "problems") == ["added"]
    assert "<ins>部分在线监测设备数据有效率偏低。</ins>" in page
    assert _rows(page, "next_steps") == ["same"]
    measures = page.split('id="section-measures"')[1].split("</tr>")[0]
    assert "主要做法和成效" in measures and "新增 0 段，删除 1 段，修改 1 段" in measures
    assert 'id="section-summary" data-changed="no"' in page
    assert 'id="section-measures" data-changed="yes"' in page


def test_the_page_speaks_english_and_compares_any_two_versions(
    client: Any, users: Any, two_versions: None
) -> None:
    office = _as(client, users, "office", "en")
    page = office.get(PAGE, {"from": "2", "to": "1"}).content.decode()  # the other way round
    assert "What changed between versions" in page and "Main measures and results" in page
    assert "1 added, 0 removed, 1 changed (paragraphs)" in page
    assert "<del>月</del>" in page and "<ins>季度</ins>" in page
    same = office.get(PAGE, {"from": "1", "to": "1"}).content.decode()
    assert same.count("No change.") == 3 and "Not written in either version." in same


def test_a_version_that_does_not_exist_is_a_clear_message_not_a_failure(
    client: Any, users: Any, two_versions: None
) -> None:
    office = _as(client, users, "office", "en")
    missing = office.get(PAGE, {"to": "9"})
    assert missing.status_code == 404 and "No version 9 of this report." in missing.content.decode()
    bad = office.get(PAGE, {"from": "abc"})
    assert bad.status_code == 404 and "No version abc" in bad.content.decode()
    zh = _as(client, users, "office").get(f"/reports/{YEAR}/330000/compare/")
    assert zh.status_code == 404 and "尚未填写或报送" in zh.content.decode()


def test_only_the_groups_staff_read_the_comparison(
    client: Any, users: Any, two_versions: None
) -> None:
    assert client.get(PAGE).status_code == 302  # the public is sent to sign in
    assert _as(client, users, "sh-viewer").get(PAGE).status_code == 200
    assert _as(client, users, "ent-suzhou").get(PAGE).status_code == 403
