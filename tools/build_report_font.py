"""Build the CJK font the annual reports bundle (``deltacap/reports/fonts``).

Run by hand, not in CI, after ``apt-get install fonts-noto-cjk`` (Debian bookworm
1:20220127+repack1-1), in the project's venv (fontTools comes with fpdf2):

    .venv/bin/python tools/build_report_font.py [/usr/share/fonts/opentype/noto]

It takes Noto Sans CJK SC Regular and Bold (SIL Open Font License 1.1) out of Debian's
collections, keeps the characters of GB 18030's two-byte part (the repertoire of GBK: the
21,886 hanzi, among them the whole CJK Unified Ideographs block U+4E00-U+9FA5, with GB
2312's 6,763 and the characters of names such as 堃 and 昇 that GB 2312 lacks, and the
symbols), ASCII, the Latin-1 signs, the full-width forms and every character of the
project's Chinese catalogue and division names, and converts the CFF outlines to
TrueType (quadratic) ones, which every PDF library and matplotlib read. The source and
licence go beside the files.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "deltacap" / "reports" / "fonts"
PACKAGE = ROOT / "src" / "deltacap"
FAMILY = "Noto Sans CJK SC"
FILES = {
    "Regular": "NotoSansCJKsc-Regular-GB18030.ttf",
    "Bold": "NotoSansCJKsc-Bold-GB18030.ttf",
}
# Characters outside GB 2312 the reports write: units, subscripts, signs.
EXTRA = "µμ³²₂₃ₓ℃‰°±×÷·•‧—–―‘’“”…、。《》「」『』【】〔〕（）％＋－＝～①②③④⑤⑥⑦⑧⑨⑩ⅠⅡⅢⅣⅤⅥ"


def gb18030_two_byte() -> set[str]:
    """The characters GB 18030-2022 encodes in two bytes (first byte 0x81-0xFE, second
    0x40-0x7E or 0x80-0xFE): GBK's repertoire, GB 2312 within it; the user-defined areas
    (mapped to the Private Use Area) left out."""
    chars = set()
    for high in range(0x81, 0xFF):
        for low in [*range(0x40, 0x7F), *range(0x80, 0xFF)]:
            try:
                char = bytes([high, low]).decode("gb18030")
            except UnicodeDecodeError:
                continue
            if not 0xE000 <= ord(char) <= 0xF8FF:
                chars.add(char)
    return chars


def project_text() -> set[str]:
    """The characters of the Chinese catalogue, the division names and the reports' code."""
    chars: set[str] = set()
    catalogue = PACKAGE / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    chars |= set(catalogue.read_text(encoding="utf-8"))
    for row in json.loads((PACKAGE / "geodata" / "divisions.json").read_text(encoding="utf-8"))[
        "divisions"
    ]:
        chars |= set(row.get("name_zh", ""))
    for path in (PACKAGE / "domain" / "reports").glob("*.py"):
        chars |= set(path.read_text(encoding="utf-8"))
    return chars


def characters() -> str:
    ascii_and_latin = {chr(c) for c in range(0x20, 0x7F)} | {chr(c) for c in range(0xA0, 0x100)}
    fullwidth = {chr(c) for c in range(0xFF01, 0xFF5F)}
    wanted = gb18030_two_byte() | project_text() | ascii_and_latin | fullwidth | set(EXTRA)
    return "".join(sorted(c for c in wanted if c.isprintable() or c == "\u3000"))


def sc_face(collection: Path) -> TTFont:
    for font in TTCollection(str(collection)).fonts:
        if font["name"].getDebugName(1) == FAMILY:
            return font
    raise SystemExit(f"{FAMILY} is not in {collection}")


def to_truetype(font: TTFont) -> None:
    """CFF (cubic) outlines to glyf (quadratic), as fontTools' otf2ttf snippet does."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    for table in ("CFF ", "VORG"):
        if table in font:
            del font[table]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in [
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ]:
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    maxp.compile(font)
    post = font["post"]
    post.formatType, post.extraNames, post.mapping, post.glyphOrder = 2.0, [], {}, order
    font.sfntVersion = "\0\1\0\0"


def build(source: Path, style: str, text: str) -> Path:
    font = sc_face(source / f"NotoSansCJK-{style}.ttc")
    options = subset.Options()
    options.layout_features = ["kern", "vert", "vrt2", "palt", "liga"]
    options.hinting = False
    options.name_languages = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    to_truetype(font)
    target = OUT / FILES[style]
    font.save(str(target))
    return target


def main() -> None:
    source = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/opentype/noto")
    text = characters()
    OUT.mkdir(parents=True, exist_ok=True)
    for style in FILES:
        path = build(source, style, text)
        print(f"{path.name}: {len(text)} characters, {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
