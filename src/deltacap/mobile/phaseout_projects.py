"""A member's phase-out of a year as key reduction projects (重点减排工程): one project per
city and class of retired units (old diesel trucks by type and emission standard, old
machinery by type and stage), each with the calculator inputs its records give (the count,
one year; a machine class's fuel from its hours and fuel rate) and the versioned phase-out
coefficient table (``mobile/data/phaseout_coefficients.json``, unverified), so the
platform accounts its NOx and VOCs through ``diesel_phaseout`` or ``nonroad_phaseout`` and
the project's page shows the inputs and the table.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from django.db import transaction

from deltacap.accounts.permissions import Actor, can, require
from deltacap.domain.access import Action
from deltacap.domain.errors import InvalidInput, gettext_noop
from deltacap.domain.mobile.phaseout import Retired, Subject, reduction
from deltacap.mobile import config
from deltacap.mobile.phaseout import _member, _member_or_none, _records, _resource

PROJECT_LETTERS = {"diesel_phaseout": "V", "nonroad_phaseout": "M"}
PROJECT_NAMES = {
    "diesel_phaseout": "老旧柴油货车淘汰",
    "nonroad_phaseout": "老旧非道路移动机械淘汰",
}
_TRUCKS = {"mini": "微型", "light": "轻型", "medium": "中型", "heavy": "重型"}
_STANDARDS = {f"china{n}": f"国{r}" for n, r in enumerate(("0", "I", "II", "III", "IV", "V"))}
_MACHINES = {"excavator": "挖掘机", "loader": "装载机", "forklift": "叉车", "crane": "起重机",
             "roller": "压路机", "tractor": "拖拉机", "other": "其他机械"}  # fmt: skip
_STAGES = {"pre_china1": "国一前", "china1": "国一", "china2": "国二", "china3": "国三"}


def _class_of(category: str, inputs: dict[str, Any]) -> tuple[str, str]:
    """The class's code part (``heavy-china3``, ``excavator-prechina1``: no underscore, as
    a code is read) and its Chinese name (重型国III)."""
    if category == "diesel_phaseout":
        kind, stage = inputs["vehicle_type"], inputs["emission_standard"]
        name = f"{_TRUCKS.get(kind, kind)}{_STANDARDS.get(stage, stage)}"
    else:
        kind, stage = inputs["machinery_type"], inputs["emission_stage"]
        name = f"{_STAGES.get(stage, stage)}{_MACHINES.get(kind, kind)}"
    return f"{kind}-{stage}".replace("_", ""), name


def project_code(city: str, year: int, category: str, inputs: dict[str, Any]) -> str:
    """The project's code: ``PO-2026-320500-V-heavy-china3`` (old diesel trucks, heavy,
    国III) or ``PO-2026-320500-M-excavator-china1`` (machines; 国一前: ``prechina1``)."""
    return f"PO-{year}-{city}-{PROJECT_LETTERS[category]}-{_class_of(category, inputs)[0]}"


def _period_of(year: int) -> Any:
    from deltacap.reference.models import PlanningPeriod

    found = PlanningPeriod.objects.filter(start_year__lte=year, end_year__gte=year).first()
    if found is None:
        raise InvalidInput(
            gettext_noop("No planning period holds the year {got}."), field="year", got=year
        )
    return found


def city_classes(member: str, year: int) -> dict[str, list[dict[str, Any]]]:
    """Per city: the accounted classes of its qualifying records of ``year`` (category,
    calculator inputs, units, activity, tonnes by pollutant)."""
    by_city: dict[str, list[Retired]] = defaultdict(list)
    records: Any = _records(member, year).order_by("pk")
    for r in records:
        by_city[r.city_id].append(
            Retired(Subject(r.subject), r.unit_type, r.fuel, r.stage, r.qualifies)
        )
    coefficients = config.phaseout_coefficients()
    return {city: reduction(units, coefficients).classes for city, units in sorted(by_city.items())}


def _planned(entry: dict[str, Any], controlled: set[str]) -> dict[str, str]:
    from deltacap.domain.accounting.pollutants import Pollutant as AccountingPollutant
    from deltacap.projects.lookups import POLLUTANT_CODES

    planned = {}
    for pollutant, tonnes in entry["tonnes"].items():
        code = POLLUTANT_CODES[AccountingPollutant(pollutant)]
        if code in controlled and float(tonnes) > 0:
            planned[code] = f"{float(tonnes):.3f}"
    return planned


def _note(year: int, entry: dict[str, Any], name: str, table: str, synthetic: bool) -> str:
    activity = entry["activity"]
    if entry["category"] == "diesel_phaseout":
        used = f"每辆年行驶里程 {activity.get('km_per_year') or '—'} km"
    else:
        used = (
            f"每台年使用 {activity['hours_per_year']} 小时 × 油耗 {activity['fuel_t_per_hour']} t/h"
        )
    return (
        f"由{year}年淘汰清单生成：{entry['units']}台（辆）{name}符合统一淘汰标准，"
        f"{used}，核算一年；系数表 {table}（未经核实）。"
        + (" 合成演示数据 synthetic demo record" if synthetic else "")
    )


def _values(
    *, year: int, city: str, member: str, entry: dict[str, Any], planned: dict[str, str],
    table: str, done: bool, synthetic: bool,
) -> dict[str, Any]:  # fmt: skip
    name = _class_of(entry["category"], entry["inputs"])[1]
    return {
        "name": f"{year}年{PROJECT_NAMES[entry['category']]}：{name}（淘汰清单核算）",
        "member": member,
        "city": city,
        "category": entry["category"],
        "sector": "移动源",
        "status": "commissioned" if done else "under_construction",
        "start_date": date(year, 1, 1).isoformat(),
        "commissioning_date": date(year, 12, 31).isoformat(),
        "planned": planned,
        "inputs": entry["inputs"],
        "coefficients": table,
        "note": _note(year, entry, name, table, synthetic),
    }


def make_projects(
    *,
    by: Actor,
    channel: str,
    member: str,
    year: int,
    today: date | None = None,
    synthetic: bool = False,
) -> list[Any]:
    """A member's qualifying phase-out records of ``year`` as key reduction projects, one
    per city and class of retired units: its accounting inputs are the class's count (and
    a machine class's fuel), its coefficient table the phase-out table (registered on first
    use), so its reduction is accounted by the platform; its planned reduction is the same
    figure for the controlled pollutants of the year's period. Made again, the same
    projects are brought up to date (never a second). A past year's projects are
    commissioned at its end (the office then verifies them); this year's are under
    construction. Those who write the member's phase-out may ask; each project's own rules
    then decide its write. Raises AccessDenied, InvalidInput (no such member, no period,
    nothing accounted)."""
    from deltacap.projects import services as projects
    from deltacap.projects.coefficients import ensure_table
    from deltacap.projects.models import Project

    division = _member(member)
    require(by, Action.EDIT_PHASEOUT, _resource(division))
    period = _period_of(year)
    controlled = {p.code for p in period.controlled_pollutants()}
    wanted = [
        (city, entry, planned)
        for city, entries in city_classes(member, year).items()
        for entry in entries
        if (planned := _planned(entry, controlled))
    ]
    if not wanted:
        raise InvalidInput(
            gettext_noop(
                "The member's phase-out records of {year} account for no reduction of a "
                "controlled pollutant: import the records (and the factors) first."
            ),
            field="year",
            year=year,
        )
    done = year < (today or date.today()).year
    made = []
    with transaction.atomic():
        table = ensure_table(config.phaseout_coefficients()).label
        for city, entry, planned in wanted:
            code = project_code(city, year, entry["category"], entry["inputs"])
            values = _values(year=year, city=city, member=member, entry=entry, planned=planned,
                             table=table, done=done, synthetic=synthetic)  # fmt: skip
            if Project.objects.filter(code=code).exists():
                changes = {
                    k: v for k, v in values.items() if k not in ("member", "city", "category")
                }
                made.append(
                    projects.update_project(by=by, channel=channel, code=code, changes=changes)
                )
            else:
                new = {"code": code, **values}
                made.append(
                    projects.create_project(by=by, channel=channel, values=new, period=period.code)
                )
    return made


def project_out(project: Any) -> dict[str, Any]:
    """A project made from a phase-out list, as the API and the command line give it: its
    planned and accounted tonnes, its accounting inputs and coefficient table."""
    reductions = list(project.reductions.all())
    return {
        "code": project.code,
        "name": project.name,
        "city": project.city_id,
        "category": project.category,
        "status": project.status,
        "period": project.period_id,
        "inputs": project.accounting_inputs,
        "coefficients": project.coefficients.label if project.coefficients_id else None,
        "planned": {r.pollutant_id: str(r.planned_tonnes) for r in reductions
                    if r.planned_tonnes is not None},
        "accounted": {r.pollutant_id: str(r.accounted_tonnes) for r in reductions
                      if r.accounted_tonnes is not None},
    }  # fmt: skip


def may_make_projects(actor: Actor | None, member: str) -> bool:
    """Whether to offer ``actor`` to make ``member``'s projects (those who write its
    phase-out; the projects' own rules decide each project)."""
    division = _member_or_none(member)
    return division is not None and can(actor, Action.EDIT_PHASEOUT, _resource(division))


def projects_of(member: str, year: int) -> list[Any]:
    """The projects made from ``member``'s phase-out of ``year`` (by their codes)."""
    from deltacap.projects.models import Project

    return list(
        Project.objects.filter(member_id=member, code__startswith=f"PO-{year}-")
        .select_related("city")
        .order_by("code")
    )
