"""N/P loads into the lakes by inflow river (规划三(二)：持续削减入湖氮磷负荷):

- the lakes, each with its names, inflow sections (river → lake) and reduction targets,
  are configuration (``water/data/lake_loads.json``, unverified): no code names a lake;
- the monthly mean flows at the inflow sections are imported from CSV (every row checked
  first, errors by row and column in the reader's language, nothing written on any error;
  one access decision per section named: members write their own sections' flows);
- the loads (deltacap.domain.water.loads): per inflow section, parameter and month from
  the month's flow and samples; the year's total with its gaps, against the target and
  the base year.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from django.db import transaction
from django.utils.translation import get_language, gettext

from deltacap.accounts.permissions import Actor, require, user_of
from deltacap.audit import services as audit
from deltacap.domain.access import AccessDenied, Action
from deltacap.domain.errors import InvalidInput, NotFound, gettext_noop
from deltacap.domain.input_rules import check_file_size
from deltacap.domain.water import loads as domain
from deltacap.water.models import Sample, Section, SectionFlow
from deltacap.water.models_lakes import Lake
from deltacap.water.services import (
    MAX_IMPORT_BYTES,
    ImportReport,
    RowError,
    _message,
    csv_lines,
)

FIRST_YEAR, LAST_YEAR = 1990, 2100
HEADERS = {
    "section": "section", "断面": "section", "断面编码": "section",
    "year": "year", "年份": "year", "年": "year",
    "month": "month", "月份": "month", "月": "month",
    "flow_m3_s": "flow", "flow": "flow", "流量": "flow", "月均流量": "flow",
}  # fmt: skip
REQUIRED = ("section", "year", "month", "flow")
# The columns in words, for messages (the header a user types stays the CSV's own).
COLUMN_WORDS = {
    "section": gettext_noop("section"),
    "year": gettext_noop("year"),
    "month": gettext_noop("month"),
    "flow": gettext_noop("mean flow (m³/s)"),
    "flow_m3_s": gettext_noop("mean flow (m³/s)"),
}


@cache
def config() -> dict[str, Any]:
    text = resources.files("deltacap.water").joinpath("data/lake_loads.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def lake_codes() -> list[str]:
    """The lakes whose loads are configured, in the configuration's order."""
    return list(config()["lakes"])


def lake_config(lake: str) -> dict[str, Any]:
    """The lake's inflow sections, base year and targets; a lake of the platform without
    them has none (its loads are empty). Raises NotFound for an unknown lake."""
    if lake not in config()["lakes"] and lake not in Lake.values:
        raise NotFound(gettext_noop("No lake {lake}."), lake=lake)
    found: dict[str, Any] = config()["lakes"].get(lake) or {
        "inflow_sections": [],
        "base_year": None,
        "targets": {"status": "unverified", "source": "", "by_year": {}},
    }
    return found


def lake_name(lake: str) -> str:
    """The lake's name in the active language: the configuration's, else the platform's."""
    conf = config()["lakes"].get(lake, {})
    named = conf.get("name_en" if _en() else "name_zh")
    return str(named or dict(Lake.choices).get(lake, lake))


# --- the flows' import ----------------------------------------------------------------------


@dataclass
class _Parsed:
    rows: list[tuple[int, str, int, int, float]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _number(text: str, column: str, low: float, high: float, *, whole: bool) -> float:
    try:
        value = float(text.strip())
    except ValueError:
        value = float("nan")
    if not low <= value <= high or (whole and value != int(value)):
        raise InvalidInput(
            gettext_noop("{value} is not a valid {column} (from {low} to {high})."),
            field=column,
            value=text,
            column=gettext(COLUMN_WORDS.get(column, column)),
            low=low,
            high=high,
        )
    return value


def _flow_header(header: list[str], parsed: _Parsed) -> list[str | None]:
    columns = [HEADERS.get(h.strip().lower(), HEADERS.get(h.strip())) for h in header]
    for name, column in zip(header, columns, strict=True):
        if column is None:
            message = gettext("Unknown column “{name}”: section, year, month or flow_m3_s.")
            parsed.errors.append(RowError(1, name, message.format(name=name)))
    for needed in REQUIRED:
        if needed not in columns:
            message = gettext("The column “{name}” is missing.").format(
                name=gettext(COLUMN_WORDS[needed])
            )
            parsed.errors.append(RowError(1, needed, message))
    return columns


def _flow_cell(column: str | None, cell: str) -> Any:
    if column == "section":
        if not cell.strip():
            raise InvalidInput(gettext_noop("The section is missing."), field="section")
        return cell.strip()
    if column == "year":
        return int(_number(cell, "year", FIRST_YEAR, LAST_YEAR, whole=True))
    if column == "month":
        return int(_number(cell, "month", 1, 12, whole=True))
    return _number(cell, "flow_m3_s", 0, 1_000_000, whole=False)


def _flow_row(
    number: int, cells: list[str], columns: list[str | None], parsed: _Parsed
) -> dict[str, Any]:
    if len(cells) != len(columns):
        message = gettext("This row has {n} cells; the header has {m}.")
        parsed.errors.append(RowError(number, None, message.format(n=len(cells), m=len(columns))))
        return {}
    got: dict[str, Any] = {}
    for column, cell in zip(columns, cells, strict=True):
        try:
            got[str(column)] = _flow_cell(column, cell)
        except InvalidInput as exc:
            parsed.errors.append(RowError(number, exc.field or column, _message(exc)))
    return got if len(got) == len(REQUIRED) else {}


def parse_flows(data: bytes) -> _Parsed:
    """The rows of a CSV of flows (section, year, month, flow m³/s), or the errors."""
    parsed = _Parsed()
    header, rows = csv_lines(data, parsed.errors)
    if header is None:
        return parsed
    columns = _flow_header(header, parsed)
    if parsed.errors:
        return parsed
    seen: dict[tuple[str, int, int], int] = {}
    for number, cells in rows:
        got = _flow_row(number, cells, columns, parsed)
        if not got:
            continue
        key = (got["section"], got["year"], got["month"])
        if key in seen:
            message = gettext("Row {row} already holds this section and month.")
            parsed.errors.append(RowError(number, "month", message.format(row=seen[key])))
            continue
        seen[key] = number
        parsed.rows.append((number, *key, got["flow"]))
    if not parsed.rows and not parsed.errors:
        parsed.errors.append(RowError(None, None, gettext("The file holds no data row.")))
    return parsed


def _sections(by: Actor, parsed: _Parsed, report: ImportReport) -> dict[str, Section]:
    """The sections the rows name, each decided by the access rules once."""
    codes = sorted({r[1] for r in parsed.rows})
    found = {
        s.code: s for s in Section.objects.filter(code__in=codes).prefetch_related("responsible")
    }
    refused: dict[str, str] = {}
    for code in codes:
        if code in found:
            try:
                require(by, Action.IMPORT_WATER_DATA, found[code])
            except AccessDenied as exc:
                refused[code] = _message(exc)
    for number, code, *_ in parsed.rows:
        if code not in found:
            message = gettext("No section with code {code}.").format(code=code)
            report.errors.append(RowError(number, "section", message))
        elif code in refused:
            report.errors.append(RowError(number, "section", refused[code]))
    return found


def import_flows(
    *, by: Actor, channel: str, data: bytes, dry_run: bool = True, synthetic: bool = False
) -> ImportReport:
    """Check (``dry_run``) or import a CSV of monthly mean flows (m³/s) at sections. A flow
    of a section and month already stored is replaced. Nothing is written when any row is
    at fault; the report names each fault by row and column."""
    report = ImportReport(dry_run=dry_run)
    check_file_size(len(data), MAX_IMPORT_BYTES)
    parsed = parse_flows(data)
    report.errors.extend(parsed.errors)
    report.rows = len(parsed.rows)
    found = _sections(by, parsed, report) if parsed.rows else {}
    codes = sorted(found)
    report.errors.sort(key=lambda e: (e.row or 0, e.column or ""))
    if report.errors:
        return report
    existing = set(
        SectionFlow.objects.filter(section__code__in=codes).values_list(
            "section__code", "year", "month"
        )
    )
    report.updated = sum((c, y, m) in existing for _, c, y, m, _ in parsed.rows)
    report.created = report.rows - report.updated
    report.sections = codes
    if dry_run:
        return report
    _write_flows(by, channel, parsed, found, synthetic)
    return report


def _write_flows(
    by: Actor, channel: str, parsed: _Parsed, found: dict[str, Section], synthetic: bool
) -> None:
    per_section: dict[str, list[tuple[int, int]]] = defaultdict(list)
    user = user_of(by)
    with transaction.atomic():
        for _, code, year, month, flow in parsed.rows:
            SectionFlow.objects.update_or_create(
                section=found[code],
                year=year,
                month=month,
                defaults={"flow_m3_s": flow, "synthetic": synthetic, "imported_by": user},
            )
            per_section[code].append((year, month))
        for code, months in sorted(per_section.items()):
            section = found[code]
            first, last = min(months), max(months)
            audit.record(
                actor=by,
                channel=channel,
                action="water.flows.import",
                object_type="water_section",
                object_id=code,
                member_code=(section.member_codes() or [""])[0],
                after={
                    "name_zh": section.name_zh,
                    "name_en": section.name_en,
                    "loads_flow_months": len(months),
                    "loads_first_month": f"{first[0]}-{first[1]:02d}",
                    "loads_last_month": f"{last[0]}-{last[1]:02d}",
                },
            )


# --- the loads (reads) ----------------------------------------------------------------------


def _en() -> bool:
    return (get_language() or "zh").startswith("en")


def _section_loads(section: Section, year: int) -> dict[str, domain.RiverLoad]:
    flows = {f.month: f.flow_m3_s for f in SectionFlow.objects.filter(section=section, year=year)}
    samples: dict[str, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    for s in Sample.objects.filter(section=section, sampled_on__year=year):
        for p in domain.PARAMETERS:
            if isinstance(s.values.get(p), int | float):
                samples[p][s.sampled_on.month].append(float(s.values[p]))
    return {
        p: domain.river_year(year, p, flows, samples[p])
        for p in domain.PARAMETERS
        if p in ("TN", "TP") or p in samples
    }


def lake_loads(lake: str, year: int) -> dict[str, Any]:
    """The loads into ``lake`` in ``year``: per inflow section and parameter the months
    (flow, concentration, load or the gap), the year's totals against the target and the
    base year (the configured one, else the year before)."""
    conf = lake_config(lake)
    codes = conf["inflow_sections"]
    sections = {s.code: s for s in Section.objects.filter(code__in=codes)}
    base_year = conf.get("base_year") or year - 1
    rivers = []
    totals: dict[str, float] = defaultdict(float)
    complete: dict[str, bool] = defaultdict(lambda: True)
    base_totals: dict[str, float] = defaultdict(float)
    base_complete: dict[str, bool] = defaultdict(lambda: True)
    en = _en()
    for code in codes:
        section = sections.get(code)
        if section is None:
            continue
        per = _section_loads(section, year)
        base = _section_loads(section, base_year)
        for p, load in per.items():
            totals[p] += load.total_t
            complete[p] = complete[p] and not load.gaps
        for p, load in base.items():
            base_totals[p] += load.total_t
            base_complete[p] = base_complete[p] and not load.gaps
        rivers.append(
            {
                "section": code,
                "section_id": section.pk,
                "name": section.name_en if en and section.name_en else section.name_zh,
                "synthetic": section.synthetic,
                "parameters": {
                    p: {
                        "total_t": round(load.total_t, 3),
                        "gaps": load.gaps,
                        "months": [
                            {
                                "month": m.month,
                                "flow_m3_s": m.flow_m3_s,
                                "concentration_mg_l": None
                                if m.concentration_mg_l is None
                                else round(m.concentration_mg_l, 4),
                                "load_t": None if m.load_t is None else round(m.load_t, 3),
                                "gap": m.gap,
                            }
                            for m in load.months
                        ],
                    }
                    for p, load in per.items()
                },
            }
        )
    targets = conf["targets"]
    year_targets = targets.get("by_year", {}).get(str(year), {})
    out_totals = {}
    for p in totals:
        c = domain.Comparison(
            load_t=totals[p],
            complete=complete[p],
            target_t=year_targets.get(p),
            base_t=base_totals.get(p) if base_complete.get(p, False) else None,
        )
        out_totals[p] = {
            "load_t": round(c.load_t, 3),
            "complete": c.complete,
            "target_t": c.target_t,
            "over_target": c.over_target if c.complete else None,
            "base_year": base_year,
            "base_t": None if c.base_t is None else round(c.base_t, 3),
            "change_from_base": None
            if c.change_from_base is None or not c.complete
            else round(c.change_from_base, 4),
        }
    return {
        "lake": lake,
        "lake_name": lake_name(lake),
        "year": year,
        "method": domain.METHOD,
        "method_status": config()["method_status"],
        "method_source": config()["method_source_en" if en else "method_source"],
        "targets_status": targets.get("status", "unverified"),
        "targets_source": targets.get("source_en" if en else "source", ""),
        "rivers": rivers,
        "totals": out_totals,
    }


def lakes_overview(year: int) -> list[dict[str, Any]]:
    """Every configured lake's totals of ``year`` against its targets (as ``lake_loads``
    gives them), with its inflow sections counted and the targets' status."""
    out = []
    for lake in lake_codes():
        got = lake_loads(lake, year)
        out.append(
            {
                "lake": lake,
                "lake_name": got["lake_name"],
                "year": year,
                "inflow_sections": len(got["rivers"]),
                "targets_status": got["targets_status"],
                "totals": got["totals"],
            }
        )
    return out
