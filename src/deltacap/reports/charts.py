"""The reports' figures drawn as PNG with matplotlib (Agg) in the bundled CJK font: bar and
line charts, and maps of the members or of a member's cities from ``deltacap.geodata``."""

from __future__ import annotations

import io
import json
import math
from functools import cache
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager  # noqa: E402 - after the backend is chosen
from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.patches import Polygon  # noqa: E402
from matplotlib.ticker import PercentFormatter  # noqa: E402

from deltacap import geodata  # noqa: E402
from deltacap.domain.reports.document import Chart  # noqa: E402
from deltacap.reports import fonts  # noqa: E402

DPI = 150
SIZE_INCHES = (6.4, 3.6)
MAP_INCHES = (6.4, 5.0)
COLOURS = ("#2f6f9f", "#d98c2b", "#4f9a6b", "#b8505a", "#7a68a6", "#8c7a5b")


@cache
def _font() -> str:
    for bold in (False, True):
        font_manager.fontManager.addfont(str(fonts.path(bold)))
    return fonts.FAMILY


def png(chart: Chart) -> bytes:
    """The chart as a PNG image (150 dpi)."""
    family = _font()
    with plt.rc_context({"font.family": family, "axes.unicode_minus": False, "font.size": 9}):
        figure = _map(chart) if chart.kind == "map" else _plot(chart)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight")
        plt.close(figure)
    return buffer.getvalue()


def _plot(chart: Chart) -> Any:
    figure, axes = plt.subplots(figsize=SIZE_INCHES)
    n = max(len(chart.series), 1)
    width = 0.8 / n
    xs = range(len(chart.categories))
    for i, series in enumerate(chart.series):
        values = [math.nan if v is None else v for v in series.values]
        colour = COLOURS[i % len(COLOURS)]
        if chart.kind == "line":
            axes.plot(list(xs), values, marker="o", label=series.name, color=colour)
        else:
            offsets = [x - 0.4 + width * (i + 0.5) for x in xs]
            axes.bar(offsets, values, width=width * 0.92, label=series.name, color=colour)
    if chart.reference is not None:
        axes.axhline(chart.reference, color="#c0392b", linestyle="--", linewidth=1.2,
                     label=chart.reference_label)  # fmt: skip
    crowded = len(chart.categories) > 6
    axes.set_xticks(
        list(xs),
        list(chart.categories),
        rotation=45 if crowded else 0,
        ha="right" if crowded else "center",
    )
    axes.set_ylabel(chart.y_label)
    if chart.percent:
        axes.yaxis.set_major_formatter(PercentFormatter(1.0))
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    if len(chart.series) > 1 or chart.reference is not None:
        axes.legend(
            frameon=False,
            fontsize=8,
            ncol=min(5, n + 1),
            loc="lower center",
            bbox_to_anchor=(0.5, 1.0),
        )
    figure.tight_layout()
    return figure


@cache
def _outlines(which: str) -> dict[str, list[list[tuple[float, float]]]]:
    """Division code → its outer rings (lon, lat)."""
    raw = geodata.members_geojson_bytes() if which == "members" else geodata.cities_geojson_bytes()
    out: dict[str, list[list[tuple[float, float]]]] = {}
    for feature in json.loads(raw)["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"]
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        out[feature["properties"]["code"]] = [
            [(x, y) for x, y in polygon[0]] for polygon in polygons
        ]
    return out


def _map(chart: Chart) -> Any:
    """Areas shaded by the series' values; members' outlines when the codes are members'."""
    members = set(_outlines("members"))
    which = (
        "members" if set(chart.categories) <= members and len(chart.categories) > 1 else "cities"
    )
    outlines = _outlines(which)
    values = (
        dict(zip(chart.categories, chart.series[0].values, strict=True)) if chart.series else {}
    )
    known = [v for v in values.values() if v is not None]
    top = max(known) if known else 1.0
    bottom = min(known) if known else 0.0
    colours = matplotlib.colormaps["YlGnBu"]
    if top - bottom < 1e-9:  # one value (or none): a range around it
        bottom, top = bottom - 0.5 * (abs(bottom) or 1.0), top + 0.5 * (abs(top) or 1.0)
    norm = matplotlib.colors.Normalize(vmin=bottom, vmax=top)
    figure, axes = plt.subplots(figsize=MAP_INCHES)
    names = dict(zip(chart.categories, chart.labels, strict=False))
    for code in chart.categories:
        value = values.get(code)
        face = "#eeeeee" if value is None else colours(norm(value))
        rings = outlines.get(code, [])
        for ring in rings:
            axes.add_patch(Polygon(ring, closed=True, facecolor=face, edgecolor="#555555", lw=0.6))
        if rings:
            _label(axes, max(rings, key=len), names.get(code, code), value, chart.percent)
    axes.autoscale_view()
    axes.set_aspect(1 / math.cos(math.radians(31)))
    axes.axis("off")
    mappable = matplotlib.cm.ScalarMappable(norm=norm, cmap=colours)
    bar = figure.colorbar(mappable, ax=axes, shrink=0.6, label=chart.y_label)
    if chart.percent:
        bar.formatter = PercentFormatter(1.0)
        bar.update_ticks()
    figure.tight_layout()
    return figure


def _label(axes: Any, ring: list[tuple[float, float]], name: str, value: Any, pct: bool) -> None:
    x = sum(p[0] for p in ring) / len(ring)
    y = sum(p[1] for p in ring) / len(ring)
    shown = "" if value is None else (f"\n{value:.1%}" if pct else f"\n{value:.2f}")
    box = {"facecolor": "white", "alpha": 0.75, "edgecolor": "none", "pad": 1.2}
    axes.text(x, y, f"{name}{shown}", ha="center", va="center", fontsize=7, bbox=box)
