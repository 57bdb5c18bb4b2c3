"""The annual reports' renderers on a 40-page report with 10 charts (issue 15 §4: under 20 s).

Figures in docs/PERFORMANCE.md ("Annual reports"). Run from the repository root:

    .venv/bin/python bench/bench_reports.py [--tables 40] [--rows 24] [--repeat 3]

Workload: a region report as ``domain/reports`` builds it, made of synthetic values
(seeded): 10 figures (4 bar charts, 3 line charts, 2 maps of the members, 1 map of
Jiangsu's cities), ``--tables`` tables of ``--rows`` rows of 7 columns (Chinese project
names, cities, dates and 万吨) each under numbered headings with a paragraph. Timed (best
of ``--repeat``, wall-clock, one process, fonts already registered after the first run):
drawing the 10 charts (matplotlib, Agg, 150 dpi), rendering the Word file (python-docx)
and the PDF (fpdf2, the bundled font subset and embedded), each including the charts,
as ``deltacap reports`` does. Checked: the PDF has at least 40 pages (pypdf) and its text
holds the headings.
"""

from __future__ import annotations

import argparse
import io
import random
import time

from pypdf import PdfReader

from deltacap.domain.reports.document import (
    Block,
    Chart,
    Document,
    Figure,
    Heading,
    Paragraph,
    Series,
    Table,
)
from deltacap.domain.reports.numbering import numbered
from deltacap.reports import charts, pdf, word

MEMBERS = (("310000", "上海市"), ("320000", "江苏省"), ("330000", "浙江省"), ("340000", "安徽省"))
JIANGSU_CITIES = ("320100", "320200", "320300", "320400", "320500", "320600", "320700")
POLLUTANTS = ("化学需氧量", "氨氮", "氮氧化物", "挥发性有机物")
WORDS = "污水处理厂提标改造工程燃煤锅炉超低排放改造挥发性有机物综合治理项目"


def _charts(rng: random.Random) -> list[Chart]:
    names = tuple(n for _, n in MEMBERS)
    bars = [
        Chart(
            "bar",
            names,
            tuple(Series(p, tuple(rng.uniform(0.6, 1.2) for _ in names)) for p in POLLUTANTS),
            y_label="完成率",
            percent=True,
            reference=0.8,
            reference_label="序时进度",
        )  # fmt: skip
        for _ in range(4)
    ]
    years = tuple(f"{y}年" for y in range(2021, 2026))
    lines = [
        Chart(
            "line",
            years,
            tuple(
                Series(p, tuple(rng.uniform(0, 5) * (i + 1) for i in range(5))) for p in POLLUTANTS
            ),
            y_label="万吨",
        )  # fmt: skip
        for _ in range(3)
    ]
    member_map = Chart(
        "map", tuple(c for c, _ in MEMBERS), (Series("完成率", tuple(rng.uniform(0.6, 1.2)
        for _ in MEMBERS)),), percent=True, labels=names, y_label="平均完成率",
    )  # fmt: skip
    city_map = Chart(
        "map", JIANGSU_CITIES, (Series("万吨", tuple(rng.uniform(0, 3) for _ in JIANGSU_CITIES)),),
        labels=tuple(f"城市{i}" for i in range(len(JIANGSU_CITIES))), y_label="万吨",
    )  # fmt: skip
    return [*bars, *lines, member_map, member_map, city_map]


def _table(rng: random.Random, n: int, rows: int) -> Table:
    body = tuple(
        (
            "".join(rng.sample(WORDS, 14)),
            rng.choice(("南京市", "苏州市", "无锡市", "常州市", "南通市")),
            f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            *(f"{rng.uniform(0, 0.2):.4f}" for _ in POLLUTANTS),
        )
        for _ in range(rows)
    )
    return Table(
        f"第{n}批已核定重点减排工程及减排量", ("工程名称", "所在城市", "投运日期", *POLLUTANTS),
        body, unit="单位：万吨", key=f"t{n}",
    )  # fmt: skip


def document(tables: int, rows: int) -> Document:
    rng = random.Random(15)
    figures = _charts(rng)
    blocks: list[Block] = []
    for n in range(1, tables + 1):
        if n % 10 == 1:
            blocks.append(Heading(1, f"第{n // 10 + 1}部分"))
        blocks += [
            Heading(2, f"第{n}批工程"),
            Paragraph("截至2025年底，" + "各成员单位重点减排工程累计核定减排量稳步增加。" * 4),
            _table(rng, n, rows),
        ]
        if figures and n % 3 == 0:
            chart = figures.pop()
            blocks.append(Figure(f"第{n}批工程减排情况", chart))
    blocks += [Figure("补充图", chart) for chart in figures]
    return numbered(Document("长三角区域2025年度污染物总量协同控制工作报告", "（测试）",
                             "工作专班", "数据截至2025年12月31日", tuple(blocks)))  # fmt: skip


def best(repeat: int, work: object) -> tuple[str, object]:
    """Best wall-clock and CPU seconds of ``repeat`` runs, and the last result."""
    wall, cpu, result = [], [], None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = work()  # type: ignore[operator]
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return f"{min(wall):.2f} s wall-clock, {min(cpu):.2f} s CPU", result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tables", type=int, default=40)
    parser.add_argument("--rows", type=int, default=24)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    doc = document(args.tables, args.rows)
    assert len(doc.figures()) == 10, len(doc.figures())

    def draw() -> list[bytes]:
        return [charts.png(f.chart) for f in doc.figures()]

    charts.png(doc.figures()[0].chart)  # the fonts registered once per process
    chart_s, images = best(args.repeat, draw)
    docx_s, docx_bytes = best(args.repeat, lambda: word.render(doc, draw()))
    pdf_s, pdf_bytes = best(args.repeat, lambda: pdf.render(doc, draw()))
    reader = PdfReader(io.BytesIO(pdf_bytes))  # type: ignore[arg-type]
    pages = len(reader.pages)
    assert pages >= 40, f"only {pages} pages"
    assert "第1批工程" in "".join(reader.pages[1].extract_text().split())
    print(f"{len(doc.tables())} tables, {len(images)} charts, {pages} PDF pages")  # type: ignore[arg-type]
    print(f"charts only: {chart_s}")
    print(f"Word (with charts): {docx_s}, {len(docx_bytes) / 1e6:.1f} MB")  # type: ignore[arg-type]
    print(f"PDF (with charts): {pdf_s}, {len(pdf_bytes) / 1e6:.1f} MB")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
