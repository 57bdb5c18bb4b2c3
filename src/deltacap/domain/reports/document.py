"""The neutral document both renderers draw: a title page, then blocks in order.

A heading carries its level (1: 一、 2: （一） 3: 1.), a table its caption, unit and cells
as text, a figure its caption and the chart it shows (a ``Chart``: data, not pixels; the
charts are drawn once per document, outside the domain).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    level: int  # 1, 2 or 3
    text: str
    number: str = ""  # set by ``numbering.numbered``: "一、", "（一）", "1."

    @property
    def label(self) -> str:
        return f"{self.number}{self.text}"


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Table:
    """Cells as text; ``key`` names the table for readers that check it (tests, exports)."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    unit: str = ""  # "单位：万吨"
    key: str = ""
    number: str = ""  # "表1", set by ``numbering.numbered``
    note: str = ""

    @property
    def label(self) -> str:
        return f"{self.number}  {self.caption}".strip()


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class Chart:
    """A bar or line chart over ``categories``, or a map (``kind="map"``) that shades the
    areas named by ``categories`` (division codes) by the one series' values."""

    kind: str  # "bar", "line", "map"
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    y_label: str = ""
    percent: bool = False  # values are shares (0..1), drawn as percentages
    labels: tuple[str, ...] = ()  # the map's area names, in the order of ``categories``
    reference: float | None = None  # a horizontal line (the time progress)
    reference_label: str = ""


@dataclass(frozen=True)
class Figure:
    caption: str
    chart: Chart
    number: str = ""  # "图1"

    @property
    def label(self) -> str:
        return f"{self.number}  {self.caption}".strip()


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Paragraph | Table | Figure | PageBreak


@dataclass(frozen=True)
class Document:
    title: str
    subtitle: str
    issuer: str
    date_line: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def figures(self) -> list[Figure]:
        return [b for b in self.blocks if isinstance(b, Figure)]

    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]
