"""The neutral document as a PDF (fpdf2) in the bundled CJK font: A4, a title page, numbered
headings, tables that wrap their cells and repeat their header across pages, figures as
images, page numbers in the footer. fpdf2 embeds only the glyphs used."""

from __future__ import annotations

import io
from typing import Any

from fpdf import FPDF
from fpdf.enums import Align, TableCellFillMode, XPos, YPos
from fpdf.fonts import FontFace

from deltacap.domain.reports.document import (
    Document,
    Figure,
    Heading,
    PageBreak,
    Paragraph,
    Table,
)
from deltacap.domain.reports.linebreak import break_lines
from deltacap.reports import fonts

FONT = "cjk"
BODY_PT = 11
HEADING_PT = {1: 15, 2: 13, 3: 12}
LINE_MM = 7.0
FIGURE_WIDTH_MM = 150.0
# A heading starts a new page unless this much room is left below it (mm).
KEEP_WITH_NEXT_MM = 45.0


class _Pdf(FPDF):
    def footer(self) -> None:
        if self.page_no() == 1:
            return
        self.set_y(-15)
        self.set_font(FONT, size=9)
        self.cell(0, 10, f"— {self.page_no() - 1} —", align="C")


def render(document: Document, images: list[bytes]) -> bytes:
    """The PDF's bytes; ``images`` are the PNGs of the document's figures, in order."""
    pdf = _Pdf(format="A4")
    pdf.set_margins(25, 28, 25)
    pdf.set_auto_page_break(True, margin=25)
    pdf.add_font(FONT, "", str(fonts.path()))
    pdf.add_font(FONT, "B", str(fonts.path(bold=True)))
    pdf.set_title(document.title)
    pdf.set_lang("zh-CN")
    _title_page(pdf, document)
    pictures = iter(images)
    pdf.add_page()
    for block in document.blocks:
        if isinstance(block, Heading):
            _heading(pdf, block)
        elif isinstance(block, Paragraph):
            _paragraph(pdf, block)
        elif isinstance(block, Table):
            _table(pdf, block)
        elif isinstance(block, Figure):
            _figure(pdf, block, next(pictures))
        elif isinstance(block, PageBreak):
            pdf.add_page()
    return bytes(pdf.output())


def _paragraph(pdf: _Pdf, paragraph: Paragraph) -> None:
    """Body text, the first line indented by two characters (首行缩进两字), broken by the
    rules of ``domain.reports.linebreak`` (numbers whole, closing marks hanging)."""
    pdf.set_font(FONT, size=BODY_PT)
    indent = 2 * pdf.get_string_width("中")
    lines = break_lines(paragraph.text, pdf.get_string_width, pdf.epw - indent, pdf.epw)
    for n, line in enumerate(lines):
        pdf.set_x(pdf.l_margin + (indent if n == 0 else 0))
        pdf.cell(0, LINE_MM, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)


def _title_page(pdf: _Pdf, document: Document) -> None:
    pdf.add_page()
    pdf.set_y(80)
    pdf.set_font(FONT, "B", 20)
    pdf.multi_cell(0, 12, document.title, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=14)
    pdf.multi_cell(0, 10, document.subtitle, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_y(200)
    for line in (document.issuer, document.date_line):
        pdf.multi_cell(0, 9, line, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _heading(pdf: _Pdf, heading: Heading) -> None:
    size = HEADING_PT.get(heading.level, BODY_PT)
    if pdf.will_page_break(KEEP_WITH_NEXT_MM):  # keep a heading with what follows it
        pdf.add_page()
    pdf.ln(3 if heading.level == 1 else 1)
    pdf.set_font(FONT, "B", size)
    pdf.multi_cell(0, size * 0.55, heading.label, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)


def _caption(pdf: _Pdf, text: str) -> None:
    pdf.set_font(FONT, "B", BODY_PT - 1)
    pdf.multi_cell(0, 6, text, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


# A column asks for the width of its longest cell, within these bounds (mm); the widths
# are then scaled to the page's.
MIN_COLUMN_MM, MAX_COLUMN_MM, CELL_PADDING_MM = 14.0, 70.0, 4.0


def _widths(pdf: _Pdf, table: Table) -> tuple[float, ...]:
    """Column widths in proportion to their longest text (headers may wrap: half counts)."""
    wanted = []
    for i, header in enumerate(table.header):
        cells = max((pdf.get_string_width(r[i]) for r in table.rows), default=0.0)
        longest = max(cells, pdf.get_string_width(header) / 2) + CELL_PADDING_MM
        wanted.append(min(max(longest, MIN_COLUMN_MM), MAX_COLUMN_MM))
    return tuple(wanted)


def _table(pdf: _Pdf, table: Table) -> None:
    if pdf.will_page_break(40):
        pdf.add_page()
    pdf.ln(2)
    _caption(pdf, table.label)
    if table.unit:
        pdf.set_font(FONT, size=BODY_PT - 2)
        pdf.cell(0, 6, table.unit, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=BODY_PT - 2)
    widths = _widths(pdf, table)
    options: dict[str, Any] = {
        "col_widths": widths,
        "width": min(sum(widths), pdf.epw),
        "headings_style": FontFace(emphasis="BOLD", fill_color=(225, 232, 240)),
        "line_height": 5.5,
        "text_align": ("LEFT", *("RIGHT",) * (len(table.header) - 1)),
        "cell_fill_mode": TableCellFillMode.NONE,
        "repeat_headings": 1,
    }
    with pdf.table(**options) as grid:
        header = grid.row()
        for text in table.header:
            header.cell(text, align=Align.C)
        for row in table.rows:
            cells = grid.row()
            for text in row:
                cells.cell(text)
    if table.note:
        pdf.set_font(FONT, size=BODY_PT - 2)
        pdf.multi_cell(0, 5.5, f"注：{table.note}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)


def _figure(pdf: _Pdf, figure: Figure, image: bytes) -> None:
    from PIL import Image

    with Image.open(io.BytesIO(image)) as picture:
        height = FIGURE_WIDTH_MM * picture.height / picture.width
    if pdf.will_page_break(height + 10):
        pdf.add_page()
    pdf.image(io.BytesIO(image), x=(pdf.w - FIGURE_WIDTH_MM) / 2, w=FIGURE_WIDTH_MM)
    _caption(pdf, figure.label)
    pdf.ln(3)
