"""The water pages in both languages: the sections' map and table with the grades in
words, a section's months, the import for a section's members."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from deltacap.water.models import Sample, Section

pytestmark = pytest.mark.usefixtures("water")


def _get(client: Any, url: str, lang: str) -> str:
    client.cookies["django_language"] = lang
    response = client.get(url)
    assert response.status_code == 200
    return str(response.content.decode())


def test_the_sections_page_names_classes_and_grades_in_chinese(client: Any) -> None:
    html = _get(client, "/water/", "zh-hans")
    assert "跨界水体与四湖水环境质量" in html
    assert "街口" in html and "太湖湖心（示意）" in html
    assert "优" in html and "轻度污染" in html and "Ⅱ类" in html
    assert 'id="water-map"' in html and "water-map-data" in html
    assert "jiekou" not in html.split('id="sections"')[1].split("</table>")[0].replace(
        'data-section="jiekou"', ""
    )


def test_the_sections_page_in_english(client: Any) -> None:
    html = _get(client, "/water/", "en")
    assert "Water quality of the cross-border water bodies and the four lakes" in html
    assert "Jiekou" in html and "Excellent" in html and "Slightly polluted" in html
    assert "Class II" in html and "Cross-border section" in html
    assert "优" not in html


def test_a_sections_page_shows_its_months_as_a_chart_and_table(client: Any) -> None:
    taihu = Section.objects.get(code="taihu-centre-demo")
    html = _get(client, f"/water/sections/{taihu.pk}/", "zh-hans")
    assert "section-chart-data" in html and 'id="months"' in html
    assert "2025-07" in html and "总磷" in html and "综合营养状态指数" in html
    assert "合成演示数据" in html
    en = _get(client, f"/water/sections/{taihu.pk}/", "en")
    assert "Total phosphorus" in en and "Trophic level index" in en
    assert client.get("/water/sections/999999/").status_code == 404


def test_the_import_page_is_for_a_sections_members(client: Any, users: Any) -> None:
    assert client.get("/water/import/").status_code == 302  # to sign in
    client.force_login(users("js-viewer"))
    assert client.get("/water/import/").status_code == 403
    client.force_login(users("zj-editor"))
    html = _get(client, "/water/", "zh-hans")
    assert 'id="import-link"' in html
    assert client.get("/water/import/").status_code == 200
    before = Sample.objects.count()
    body = "section,date,DO,TP\njiekou,2025-12-22,8.2,0.03\n"
    check = client.post(
        "/water/import/",
        {"file": SimpleUploadedFile("w.csv", body.encode()), "action": "check"},
    )
    assert check.status_code == 200 and "文件有效" in check.content.decode()
    assert Sample.objects.count() == before
    done = client.post(
        "/water/import/",
        {"file": SimpleUploadedFile("w.csv", body.encode()), "action": "import"},
    )
    assert done.status_code == 200 and "已导入 1 条样品" in done.content.decode()
    assert Sample.objects.count() == before + 1
    bad = client.post(
        "/water/import/",
        {
            "file": SimpleUploadedFile(
                "w.csv", b"section,date,TP\ntaihu-centre-demo,2025-12-01,1\n"
            ),
            "action": "import",
        },
    )
    assert bad.status_code == 422
    assert "只有专班办公室或负责该断面的成员可以导入其数据" in bad.content.decode()
    assert Sample.objects.count() == before + 1
