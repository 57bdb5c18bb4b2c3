"""The neutral document as a Word file (python-docx): A4, the CJK font named for East Asian
text, headings in Word's heading styles (the navigation pane lists them), tables with their
number, caption and unit, figures as images, page numbers in the footer."""

from __future__ import annotations

import io

from docx import Document as new_docx
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from deltacap.domain.reports.document import (
    Document,
    Figure,
    Heading,
    PageBreak,
    Paragraph,
    Table,
)
from deltacap.reports.fonts import FAMILY

BODY_PT = 12
HEADING_PT = {1: 16, 2: 14, 3: 12}
FIGURE_WIDTH = Cm(15)


def render(document: Document, images: list[bytes]) -> bytes:
    """The Word file's bytes; ``images`` are the PNGs of the document's figures, in order."""
    word = new_docx()
    _page(word)
    _styles(word)
    _title_page(word, document)
    pictures = iter(images)
    for block in document.blocks:
        if isinstance(block, Heading):
            word.add_paragraph(block.label, style=f"Heading {min(block.level, 3)}")
        elif isinstance(block, Paragraph):
            paragraph = word.add_paragraph(block.text)
            paragraph.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
        elif isinstance(block, Table):
            _table(word, block)
        elif isinstance(block, Figure):
            _figure(word, block, next(pictures))
        elif isinstance(block, PageBreak):
            word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _page(word: object) -> None:
    section = word.sections[0]  # type: ignore[attr-defined]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.6)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(footer.add_run())


def _page_field(run: object) -> None:
    """A PAGE field: Word shows the page's number."""
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)  # type: ignore[attr-defined]


def _font(style: object, size: int, bold: bool = False) -> None:
    font = style.font  # type: ignore[attr-defined]
    font.name, font.size, font.bold = FAMILY, Pt(size), bold
    font.color.rgb = RGBColor(0, 0, 0)
    fonts = style.element.rPr.rFonts  # type: ignore[attr-defined]
    fonts.set(qn("w:eastAsia"), FAMILY)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)  # a theme font would win over the named one


def _styles(word: object) -> None:
    styles = word.styles  # type: ignore[attr-defined]
    _font(styles["Normal"], BODY_PT)
    styles["Normal"].paragraph_format.line_spacing = 1.5
    for level, size in HEADING_PT.items():
        style = styles[f"Heading {level}"]
        _font(style, size, bold=True)
        style.paragraph_format.space_before = Pt(12 if level == 1 else 6)
        style.paragraph_format.space_after = Pt(6)
    _font(styles["Title"], 22, bold=True)


def _title_page(word: object, document: Document) -> None:
    for _ in range(6):
        word.add_paragraph()  # type: ignore[attr-defined]
    title = word.add_paragraph(document.title, style="Title")  # type: ignore[attr-defined]
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text in (document.subtitle, "", document.issuer, document.date_line):
        line = word.add_paragraph(text)  # type: ignore[attr-defined]
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    word.add_section(WD_SECTION.NEW_PAGE)  # type: ignore[attr-defined]


def _caption(word: object, text: str) -> None:
    caption = word.add_paragraph()  # type: ignore[attr-defined]
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = caption.add_run(text)
    run.bold = True
    run.font.size = Pt(BODY_PT - 1)


def _table(word: object, table: Table) -> None:
    _caption(word, table.label)
    if table.unit:
        unit = word.add_paragraph(table.unit)  # type: ignore[attr-defined]
        unit.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    grid = word.add_table(rows=1, cols=len(table.header))  # type: ignore[attr-defined]
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    _alt_text(grid, table.label, table.key)
    for cell, text in zip(grid.rows[0].cells, table.header, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(BODY_PT - 2)
    for row in table.rows:
        cells = grid.add_row().cells
        for i, (cell, text) in enumerate(zip(cells, row, strict=True)):
            cell.text = ""
            paragraph = cell.paragraphs[0]
            paragraph.add_run(text).font.size = Pt(BODY_PT - 2)
            if i > 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if table.note:
        note = word.add_paragraph()  # type: ignore[attr-defined]
        note.add_run(f"注：{table.note}").font.size = Pt(BODY_PT - 2)


def _alt_text(grid: object, caption: str, key: str) -> None:
    """The table's caption and key as its alternative text (w:tblCaption, w:tblDescription):
    screen readers read them, and programs find a table by its key."""
    properties = grid._tbl.tblPr  # type: ignore[attr-defined]
    for tag, value in (("w:tblCaption", caption), ("w:tblDescription", key)):
        element = OxmlElement(tag)
        element.set(qn("w:val"), value)
        properties.append(element)


def _figure(word: object, figure: Figure, image: bytes) -> None:
    picture = word.add_paragraph()  # type: ignore[attr-defined]
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.add_run().add_picture(io.BytesIO(image), width=FIGURE_WIDTH)
    _caption(word, figure.label)
