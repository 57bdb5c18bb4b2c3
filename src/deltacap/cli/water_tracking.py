"""``deltacap water tracking --year Y [--water-body CODE] [--json]``: the tracking evaluation
(跟踪评估) of each water body: months in attainment per section and for the body, the
Seasonal Kendall trend, the N/P load into the lake where configured and the measures in
place (the operator reads them all)."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from deltacap.cli._django import DataDir, setup, user_errors

console = Console(highlight=False)


@user_errors
def tracking_command(
    year: int | None = typer.Option(
        None, "--year", help="The year (default: the year of the latest sample)."
    ),
    water_body: str | None = typer.Option(
        None, "--water-body", help="One water body by code (xinanjiang, taihu, ...)."
    ),
    as_json: bool = typer.Option(False, "--json", help="A JSON list, one object per water body."),
    data_dir: Path | None = DataDir,
) -> None:
    """Each water body's year: months meeting the targets, trend, load and measures."""
    setup(data_dir)
    from django.utils.translation import get_language
    from django.utils.translation import gettext as _

    from deltacap.projects.labels import category_name
    from deltacap.reference.models import Division, Level
    from deltacap.water import tracking
    from deltacap.water.labels import TRENDS, class_label, item_label
    from deltacap.water.models_outfalls import Rectification

    chosen = year or tracking.default_year()
    found = tracking.tracking(chosen, water_body)
    if as_json:
        typer.echo(json.dumps([tracking.tracking_out(t) for t in found], ensure_ascii=False))
        return
    names = dict(Rectification.choices)
    members = {d.code: str(d.name) for d in Division.objects.filter(level=Level.MEMBER)}
    for t in found:
        console.print(f"[bold]{t.body.name} {t.year}[/bold]")
        console.print(
            _("Every section met its target in {a} of {n} months with data.").format(
                a=t.months_attaining, n=t.months_with_data
            )
        )
        sections = Table(
            _("Section"), _("Target class"), _("Months with data"), _("Months meeting the target")
        )
        for s in t.sections:
            sections.add_row(
                s.section.name,
                class_label(s.section.target_class),
                str(s.months_with_data),
                str(s.months_attaining),
            )
        console.print(sections)
        short = _("fewer than two years of data")
        en = (get_language() or "zh").startswith("en")
        comma, colon = (", ", ": ") if en else ("、", "：")
        trends = comma.join(
            f"{item_label(i)}{colon}{TRENDS[tr.trend] if tr else short}"
            for i, tr in t.trends.items()
        )
        console.print(_("Trend: {trends}").format(trends=trends))
        for x in t.loads:
            target = "—" if x.target_t is None else f"{x.target_t:g}"
            note = "" if x.complete else " " + _("(incomplete: months missing)")
            if x.over_target:
                note += " " + _("above the target")
            console.print(
                _("Load of {p} into the lake: {load} t (target {target} t){note}").format(
                    p=x.parameter, load=f"{x.load_t:,.1f}", target=target, note=note
                )
            )
        m = t.measures
        if m is not None:
            categories = "; ".join(f"{category_name(c)} {n}" for c, n in m.by_category.items())
            console.print(
                _(
                    "Water projects in the area commissioned by the end of the year: {n} "
                    "({categories}); under way: {u}."
                ).format(
                    n=m.projects_in_place, categories=categories or "—", u=m.projects_under_way
                )
            )
            rectifying = "; ".join(f"{names[k]} {n}" for k, n in m.rectifying.items())
            console.print(
                _("Outfalls in the register: {n}; under rectification: {r}.").format(
                    n=m.outfalls, r=rectifying or "—"
                )
            )
            for r in m.rectification:
                console.print(
                    _(
                        "{member}: {n} outfalls under rectification, {d} rectified (verified), "
                        "{a} awaiting verification, {o} open, {late} overdue."
                    ).format(
                        member=members.get(r.member, r.member), n=r.tasks, d=r.rectified,
                        a=r.awaiting, o=r.open, late=r.overdue,
                    )
                )  # fmt: skip
            if m.zone_done is not None:
                console.print(
                    _("5 km Taihu zone: {d} plans done, {o} open.").format(
                        d=m.zone_done, o=m.zone_open
                    )
                )
        console.print()
