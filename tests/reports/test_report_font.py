"""The bundled CJK font covers GB 18030's two-byte characters, so the names of people and
enterprises with characters outside GB 2312 (堃, 昇) are drawn in it and not left out: the
font's own cmap, then a report's PDF read back (its only fonts the embedded subsets of the
bundled one, each holding outlines for 堃 and 昇, and the text as written)."""

from __future__ import annotations

import io
import logging

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from deltacap.domain.reports.document import Document, Heading, Paragraph, Table
from deltacap.reports import fonts
from deltacap.reports.generate import render

NAME = "苏州堃昇精密机械有限公司"


def _has_outline(font: TTFont, char: str) -> bool:
    glyph_name = font.getBestCmap().get(ord(char))
    if glyph_name is None:
        return False
    glyph = font["glyf"][glyph_name]
    return glyph.numberOfContours != 0


@pytest.mark.parametrize("bold", [False, True])
def test_the_bundled_font_covers_the_two_byte_characters_of_gb_18030(bold: bool) -> None:
    font = TTFont(str(fonts.path(bold)))
    cmap = font.getBestCmap()
    assert font["name"].getDebugName(1) == fonts.FAMILY
    assert _has_outline(font, "堃") and _has_outline(font, "昇")
    # Every CJK Unified Ideograph that GB 18030 encodes in two bytes (U+4E00..U+9FA5).
    missing = [hex(c) for c in range(0x4E00, 0x9FA6) if c not in cmap]
    assert missing == []
    assert fonts.path(bold).stat().st_size < 8_000_000  # the repository's budget per style


def test_a_report_draws_a_name_with_these_characters_in_the_bundled_font(
    caplog: pytest.LogCaptureFixture,
) -> None:
    document = Document(
        title="江苏省2025年度污染物总量协同控制工作报告",
        subtitle="（“十四五”）",
        issuer="江苏省",
        date_line="2026年3月",
        blocks=(
            Heading(1, f"{NAME}废水深度处理工程", number="一、"),
            Paragraph(f"{NAME}于2025年完成改造。"),
            Table(
                "已完成的重点减排工程", ("工程名称", "所在城市"), ((f"{NAME}提标改造", "苏州市"),)
            ),
        ),
    )
    with caplog.at_level(logging.WARNING, logger="fpdf"):
        content = render(document, "pdf")
    assert not [r for r in caplog.records if "missing" in r.getMessage()]
    reader = PdfReader(io.BytesIO(content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert text.count(NAME) >= 3
    used = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            used[str(font["/BaseFont"])] = descriptor["/FontFile2"].get_data()
    # Only the bundled font, regular and bold, each embedded as a subset.
    assert sorted(n.split("+")[1] for n in used) == ["NotoSansCJKSC", "NotoSansCJKSCBold"]
    for data in used.values():
        embedded = TTFont(io.BytesIO(data))
        assert _has_outline(embedded, "堃") and _has_outline(embedded, "昇")
