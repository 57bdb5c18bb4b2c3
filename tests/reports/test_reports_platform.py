"""The annual reports in the platform: a member writes its narrative, previews, submits
(the files frozen with their digests; a later edit starts a new draft); the office reviews,
compiles the region's report and publishes it; the public sees only the published region
report. Through the API and the pages, in both languages."""

from __future__ import annotations

import hashlib
import io
from typing import Any

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.django_db
BASE = "/api/v1/reports"
YEAR = 2025


def _pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _as(client: Any, users: Any, name: str, lang: str = "zh-hans") -> Any:
    client.force_login(users(name))
    client.cookies["django_language"] = lang
    return client


def test_a_member_writes_submits_and_a_later_edit_starts_a_new_draft(api: Any) -> None:
    path = f"{BASE}/{YEAR}/members/320000"
    saved = api.send("PUT", f"{path}/narrative",
                     {"measures": "推进示例工程\n开展示例交易", "next_steps": "示例明年计划"},
                     as_user="js-editor")  # fmt: skip
    assert saved.status_code == 200, saved.content
    assert saved.json()["state"] == "draft"
    assert saved.json()["versions"][0]["narrative"]["measures"] == "推进示例工程\n开展示例交易"

    preview = api.get(f"{path}/download", as_user="js-viewer", format="pdf")
    assert preview.status_code == 200 and preview["Content-Type"] == "application/pdf"
    assert "推进示例工程" in _pdf_text(preview.content)

    sent = api.send("POST", f"{path}/submit", {}, as_user="js-editor")
    assert sent.status_code == 200, sent.content
    body = sent.json()
    assert body["state"] == "submitted" and body["submitted_on"]
    # Submitted after 31 March of the next year: late, and the days counted.
    assert body["due"] == "2026-03-31" and body["days_late"] > 0
    kept = body["versions"][0]
    for fmt in ("pdf", "docx"):
        got = api.get(f"{path}/download", as_user="office", format=fmt, version=1)
        assert got.status_code == 200
        assert hashlib.sha256(got.content).hexdigest() == kept[f"{fmt}_sha256"]
    frozen = api.get(f"{path}/download", as_user="office", format="pdf", version=1).content
    assert "示例明年计划" in _pdf_text(frozen)

    again = api.send("POST", f"{path}/submit", {}, as_user="js-editor", lang="en")
    assert again.status_code == 422 and "already submitted" in again.json()["detail"]

    edited = api.send("PUT", f"{path}/narrative", {"next_steps": "改过的计划"}, as_user="js-editor")
    versions = edited.json()["versions"]
    assert [(v["version"], v["state"]) for v in versions] == [(2, "draft"), (1, "submitted")]
    assert versions[0]["narrative"]["measures"] == "推进示例工程\n开展示例交易"
    assert versions[1]["narrative"]["next_steps"] == "示例明年计划"
    same = api.get(f"{path}/download", as_user="office", format="pdf", version=1).content
    assert same == frozen


def test_only_the_members_editors_write_and_only_the_office_reviews(api: Any) -> None:
    path = f"{BASE}/{YEAR}/members/320000"
    for outsider in ("zj-editor", "js-viewer", "office", "sz-editor"):
        refused = api.send("PUT", f"{path}/narrative", {"summary": "x"}, as_user=outsider)
        assert refused.status_code == 403, outsider
    assert api.send("PUT", f"{path}/narrative", {"summary": "x"}).status_code == 401
    unknown = api.send("PUT", f"{path}/narrative", {"preface": "x"}, as_user="js-editor")
    assert unknown.status_code == 422
    nothing = api.send("POST", f"{path}/review", {"accept": True}, as_user="office", lang="en")
    assert nothing.status_code == 422 and "no submitted report" in nothing.json()["detail"]
    api.send("POST", f"{path}/submit", {}, as_user="js-editor")
    refused = api.send("POST", f"{path}/review", {"accept": True}, as_user="js-editor")
    assert refused.status_code == 403
    bare = api.send("POST", f"{path}/review", {"accept": False}, as_user="office")
    assert bare.status_code == 422 and bare.json()["field"] == "comment"
    assert "退回" in bare.json()["detail"]
    returned = api.send("POST", f"{path}/review", {"accept": False, "comment": "请补充数据"},
                        as_user="office")  # fmt: skip
    assert returned.json()["state"] == "returned"
    assert returned.json()["versions"][0]["review_comment"] == "请补充数据"
    listed = api.get(BASE, as_user="sh-viewer", year=YEAR).json()
    states = {m["member"]: m["state"] for m in listed["members"]}
    assert states == {"310000": "none", "320000": "returned", "330000": "none", "340000": "none"}


def test_the_office_compiles_and_publishes_and_the_public_sees_only_the_published(
    api: Any,
) -> None:
    member = f"{BASE}/{YEAR}/members/310000"
    api.send("PUT", f"{member}/narrative", {"measures": "上海示例做法"}, as_user="sh-editor")
    api.send("POST", f"{member}/submit", {}, as_user="sh-editor")
    assert (
        api.send("POST", f"{BASE}/{YEAR}/region/compile", {}, as_user="js-editor").status_code
        == 403
    )
    compiled = api.send("POST", f"{BASE}/{YEAR}/region/compile", {}, as_user="office")
    assert compiled.status_code == 200 and compiled.json()["sources"] == {"310000": 1}
    assert api.get(f"{BASE}/{YEAR}/region").json() == []
    assert api.get(f"{BASE}/{YEAR}/region/download", format="pdf").status_code == 404
    assert api.get(BASE, year=YEAR).json() == {"year": YEAR, "members": [], "region": []}
    text = _pdf_text(api.get(f"{BASE}/{YEAR}/region/download", as_user="office").content)
    assert "成员单位年度工作报告报送情况" in text and "上海示例做法" in text
    published = api.send("POST", f"{BASE}/{YEAR}/region/publish", {}, as_user="office")
    assert published.json()["published"] is True
    public = api.get(f"{BASE}/{YEAR}/region").json()
    assert [r["version"] for r in public] == [1]
    assert api.get(f"{BASE}/{YEAR}/region/download", format="docx").status_code == 200
    # A later compilation stays the office's until published.
    api.send("POST", f"{BASE}/{YEAR}/region/compile", {}, as_user="office")
    assert [r["version"] for r in api.get(f"{BASE}/{YEAR}/region").json()] == [1]
    assert api.get(f"{BASE}/{YEAR}/members/310000").status_code == 401


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh-hans", ("年度工作报告", "草稿", "报送报告")),
        ("en", ("Annual reports", "draft", "Submit the report")),
    ],
)
def test_the_pages_in_both_languages(
    client: Any, users: Any, lang: str, words: tuple[str, ...]
) -> None:
    c = _as(client, users, "js-editor", lang)
    working = c.get("/working/").content.decode()
    assert 'href="/reports/"' in working
    saved = c.post(
        f"/reports/{YEAR}/320000/narrative/", {"summary": "示例概述", "measures": "示例做法"}
    )
    assert saved.status_code == 302
    year = c.get(f"/reports/{YEAR}/").content.decode()
    assert words[0] in year and 'data-member="320000" data-state="draft"' in year
    page = c.get(f"/reports/{YEAR}/320000/").content.decode()
    assert words[1] in page and words[2] in page and "示例做法" in page
    assert 'id="preview-form"' in page and 'id="review-form"' not in page
    other = c.get(f"/reports/{YEAR}/330000/").content.decode()
    assert 'id="narrative-form"' not in other and 'id="submit-form"' not in other
    for wrong in ("/reports/1999/", "/reports/2999/320000/", "/reports/1999/region/"):
        refused = c.get(wrong)
        assert refused.status_code == 404 and (
            "1999" in refused.content.decode() or "2999" in refused.content.decode()
        )


def test_errors_at_the_field_then_submission_review_and_lateness_on_the_pages(
    client: Any, users: Any
) -> None:
    c = _as(client, users, "js-editor", "en")
    long = c.post(f"/reports/{YEAR}/320000/narrative/", {"problems": "字" * 10_001})
    text = long.content.decode()
    assert long.status_code == 422 and "at most 10000 characters" in text
    assert 'id="n-problems" name="problems" rows="5" class="field-error"' in text
    assert c.post(f"/reports/{YEAR}/320000/submit/").status_code == 302
    page = c.get(f"/reports/{YEAR}/320000/").content.decode()
    assert 'data-version="1" data-state="submitted"' in page and 'id="late"' in page
    office = _as(client, users, "office", "zh-hans")
    review = office.get(f"/reports/{YEAR}/320000/").content.decode()
    assert 'id="review-form"' in review and "逾期" in review
    bare = office.post(f"/reports/{YEAR}/320000/review/", {"decision": "return", "comment": ""})
    assert bare.status_code == 422 and "请说明退回报告的理由" in bare.content.decode()
    office.post(f"/reports/{YEAR}/320000/review/", {"decision": "accept"})
    year = office.get(f"/reports/{YEAR}/").content.decode()
    assert 'data-member="320000" data-state="accepted"' in year and "审核通过" in year


def test_the_region_page_for_the_office_and_the_public(client: Any, users: Any) -> None:
    client.cookies["django_language"] = "zh-hans"
    assert client.get(f"/reports/{YEAR}/region/").status_code == 302  # nothing published: login
    office = _as(client, users, "office")
    assert office.post(f"/reports/{YEAR}/region/compile/").status_code == 302
    page = office.get(f"/reports/{YEAR}/region/").content.decode()
    assert 'id="publish"' in page and "未发布" in page
    office.post(f"/reports/{YEAR}/region/publish/")
    client.logout()
    public = client.get(f"/reports/{YEAR}/region/").content.decode()
    assert "已发布" in public and 'id="compile"' not in public and "member-states" not in public
    assert f"/reports/{YEAR}/region/" in client.get("/reports/").content.decode()
    pdf = client.get(f"/reports/{YEAR}/region/file/?format=pdf&version=1")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert client.get(f"/reports/{YEAR}/320000/").status_code == 302
    viewer = _as(client, users, "js-viewer")
    assert viewer.post(f"/reports/{YEAR}/region/publish/").status_code == 403
