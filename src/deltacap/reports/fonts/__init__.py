"""The bundled CJK font (Noto Sans CJK SC, subset to the two-byte part of GB 18030;
SOURCES.md, OFL.txt)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

FAMILY = "Noto Sans CJK SC"


def path(bold: bool = False) -> Path:
    """The font file (a real file of the installed package)."""
    name = "NotoSansCJKsc-Bold-GB18030.ttf" if bold else "NotoSansCJKsc-Regular-GB18030.ttf"
    return Path(str(resources.files(__name__).joinpath(name)))
