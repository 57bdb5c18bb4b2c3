"""Outfalls into rivers and lakes (入河（湖）排污口), the river network and tracing (溯源):

- the network: reaches between junctions, imported from GeoJSON by the office (the demo's
  curated network, marked approximate, is ``water/data/river_network.geojson``);
- the register: a CSV file or an Excel workbook of outfalls (read by the water imports'
  shared reader) checked whole (every error by row and column in the reader's language;
  nothing written on any error), one access decision per member named;
  each outfall on its given reach or the nearest one within ``MAX_REACH_DEGREES``;
- tracing: from a section and a parameter, the outfalls upstream of the section's reach
  ranked by their load (approved discharge × concentration; the concentration recorded on
  the outfall, else the lowest permit limit of its enterprise's HJ 212 outlets for that
  factor, an upper bound; else unknown), and their enterprises.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from django.db import transaction
from django.utils.translation import get_language, gettext
from shapely import STRtree
from shapely.geometry import LineString, Point

from deltacap import public_cache
from deltacap.accounts.permissions import Actor, principal_of, require
from deltacap.audit import services as audit
from deltacap.domain.access import AccessDenied, Action, Principal, allowed
from deltacap.domain.errors import DeltacapError, InvalidInput, NotFound, gettext_noop
from deltacap.domain.input_rules import check_file_size
from deltacap.domain.water import tracing
from deltacap.domain.water.classify import check_value
from deltacap.domain.water.gb3838 import WaterType
from deltacap.enterprises.models import Enterprise
from deltacap.inputs import LATITUDE_RANGE, LONGITUDE_RANGE
from deltacap.monitoring.models import Outlet
from deltacap.reference.models import Division, Level
from deltacap.water.config import gb3838_table
from deltacap.water.models import Sample, Section
from deltacap.water.models_outfalls import (
    Outfall,
    OutfallKind,
    Reach,
    Rectification,
    RectificationState,
    network_resource,
    outfall_resource,
)
from deltacap.water.outfall_rectification import rectification_out
from deltacap.water.services import RowError, csv_lines

MAX_IMPORT_BYTES = 20 * 2**20
# An outfall or a section further than this from every reach is on none (≈ 10 km).
MAX_REACH_DEGREES = 0.1
# The parameters tracing ranks loads of, and the HJ 212-2017 factor of each (its outlets'
# permit limits stand in for an unknown concentration).
FACTORS = {"COD": "w01018", "CODMn": "w01019", "NH3-N": "w21003", "TP": "w21011", "TN": "w21001"}
DEMO_NETWORK = "data/river_network.geojson"

# Header → column (English codes and the Chinese headings of a register's sheet).
HEADERS = {
    "code": "code", "排污口编码": "code", "编码": "code",
    "name": "name", "排污口名称": "name", "名称": "name",
    "kind": "kind", "类型": "kind", "排污口类型": "kind",
    "lon": "lon", "经度": "lon",
    "lat": "lat", "纬度": "lat",
    "receiving_water": "receiving_water", "受纳水体": "receiving_water",
    "member": "member", "省市": "member", "成员": "member",
    "enterprise": "enterprise", "责任主体": "enterprise", "统一社会信用代码": "enterprise",
    "outlets": "outlets", "排放口": "outlets",
    "approved_m3_per_day": "approved_m3_per_day", "核定排放量": "approved_m3_per_day",
    "rectification": "rectification", "整治类型": "rectification",
    "deadline": "deadline", "整治期限": "deadline",
    "reach": "reach", "河段": "reach",
}  # fmt: skip
REQUIRED = ("code", "name", "kind", "lon", "lat", "receiving_water", "member")
KIND_WORDS = {
    "工业": OutfallKind.INDUSTRIAL, "工业排污口": OutfallKind.INDUSTRIAL,
    "污水处理厂": OutfallKind.MUNICIPAL, "城镇污水处理厂": OutfallKind.MUNICIPAL,
    "混合": OutfallKind.MIXED, "生活工业混合": OutfallKind.MIXED,
    "农业": OutfallKind.AGRICULTURAL, "农业退水": OutfallKind.AGRICULTURAL,
    "其他": OutfallKind.OTHER,
}  # fmt: skip
RECTIFICATION_WORDS = {
    "": Rectification.NONE, "无": Rectification.NONE,
    "取缔": Rectification.BAN, "合并": Rectification.MERGE, "规范整治": Rectification.REGULATE,
}  # fmt: skip
# An outfall's rectification as it is when its action is new (or changed by an import).
NEW_TASK = {"rectification_state": "pending", "completed_on": None, "evidence": "",
            "recorded_by": None, "verified_on": None, "verified_by": None,
            "verification_note": "", "returned_on": None, "returned_by": None,
            "return_reason": ""}  # fmt: skip
# What an outfall is shown with: its member, enterprise and the officials of its rectification.
TASK_PEOPLE = ("member", "enterprise", "recorded_by", "verified_by", "returned_by")
OUTFALL_FIELDS = [
    "name", "kind", "lon", "lat", "receiving_water", "member", "enterprise", "outlets",
    "approved_m3_per_day", "concentrations", "rectification", "deadline", "reach",
]  # fmt: skip


def _message(error: DeltacapError) -> str:
    return gettext(error.message_template).format(**error.params)


def _en() -> bool:
    return (get_language() or "zh").startswith("en")


# --- the river network --------------------------------------------------------------------


def demo_network_geojson() -> dict[str, Any]:
    text = resources.files("deltacap.water").joinpath(DEMO_NETWORK).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@dataclass
class NetworkReport:
    reaches: int = 0
    created: int = 0
    updated: int = 0
    outfalls_attached: int = 0
    dry_run: bool = True

    def to_json(self) -> dict[str, Any]:
        return {
            "reaches": self.reaches,
            "created": self.created,
            "updated": self.updated,
            "outfalls_attached": self.outfalls_attached,
            "dry_run": self.dry_run,
        }


def import_network(
    *, by: Actor, channel: str, data: bytes, dry_run: bool = True, approximate: bool = False,
    source: str = "",
) -> NetworkReport:  # fmt: skip
    """Check (``dry_run``) or import a GeoJSON FeatureCollection of reaches (LineStrings
    with the properties ``id``, ``from``, ``to``, optionally ``name`` and ``name_en``):
    the office. Reaches of the same id are replaced; the outfalls not on a given reach
    move to the nearest one. A fault raises InvalidInput naming the feature."""
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise InvalidInput(
            gettext_noop("The file is not GeoJSON (JSON text)."), field="file"
        ) from None
    found = tracing.reaches_from_geojson(parsed)
    english = {
        str(f["properties"]["id"]).strip(): str(f["properties"].get("name_en") or "")
        for f in parsed["features"]
    }
    approximate = approximate or parsed.get("status") == "approximate"
    source = source or str(parsed.get("source") or "")
    report = NetworkReport(reaches=len(found), dry_run=dry_run)
    existing = set(
        Reach.objects.filter(code__in=[r.id for r in found]).values_list("code", flat=True)
    )
    report.updated = len(existing)
    report.created = report.reaches - report.updated
    with transaction.atomic():
        require(by, Action.IMPORT_RIVER_NETWORK, network_resource())
        if dry_run:
            return report
        for r in found:
            Reach.objects.update_or_create(
                code=r.id,
                defaults={
                    "source_node": r.source, "target_node": r.target, "name_zh": r.name,
                    "name_en": english.get(r.id, ""), "coords": [list(c) for c in r.coords],
                    "approximate": approximate, "source": source,
                },
            )  # fmt: skip
        report.outfalls_attached = _reattach()
        audit.record(
            actor=by,
            channel=channel,
            action="water.network.import",
            object_type="river_network",
            object_id="network",
            member_code="",
            after={"network_reaches": report.reaches, "network_created": report.created},
        )
    return report


def _reattach() -> int:
    """Move the outfalls not on a given reach to the nearest reach; the number moved."""
    finder = reach_finder()
    moved = 0
    for o in Outfall.objects.filter(reach_given=False):
        code = finder.nearest(o.lon, o.lat)
        if code != o.reach:
            Outfall.objects.filter(pk=o.pk).update(reach=code)
            moved += 1
    return moved


@dataclass
class Graph:
    net: tracing.Network
    names: dict[str, tuple[str, str]]
    approximate: bool


def _graph_of(reaches: list[Reach]) -> Graph:
    net = tracing.network_of(
        tracing.Reach(r.code, r.source_node, r.target_node, tuple((c[0], c[1]) for c in r.coords))
        for r in reaches
    )
    names = {r.code: (r.name_zh, r.name_en) for r in reaches}
    return Graph(net, names, any(r.approximate for r in reaches))


def network() -> Graph:
    """The stored network as a graph (kept: :func:`traceable`)."""
    return traceable().graph


def reach_names() -> dict[str, str]:
    """Each reach's name in the active language."""
    en = _en()
    return {
        code: ((name_en if en else name_zh) or name_zh or code)
        for code, name_zh, name_en in Reach.objects.values_list("code", "name_zh", "name_en")
    }


def _xy(lon: float, lat: float) -> tuple[float, float]:
    # Equirectangular at the delta's latitude: degrees of longitude shrink by cos(31°).
    return lon * math.cos(math.radians(31.0)), lat


class ReachFinder:
    """The nearest reach to a point (planar, on degrees scaled as :func:`_xy`)."""

    def __init__(self, reaches: list[Reach]) -> None:
        self.codes = [r.code for r in reaches]
        self.lines = [LineString([_xy(c[0], c[1]) for c in r.coords]) for r in reaches]
        self.tree = STRtree(self.lines) if self.lines else None

    def nearest(self, lon: float, lat: float) -> str:
        if self.tree is None:
            return ""
        point = Point(_xy(lon, lat))
        index = self.tree.nearest(point)
        if index is None or self.lines[int(index)].distance(point) > MAX_REACH_DEGREES:
            return ""
        return self.codes[int(index)]


def reach_finder() -> ReachFinder:
    """The nearest-reach finder of the stored network, built afresh (the writes use it in
    their transaction, on the reaches they may just have written)."""
    return ReachFinder(list(Reach.objects.all()))


@dataclass(frozen=True)
class Traceable:
    """The network as tracing reads it: its graph and the spatial index of its reaches."""

    graph: Graph
    finder: ReachFinder


def _built_network() -> Traceable:
    reaches = list(Reach.objects.all())
    return Traceable(_graph_of(reaches), ReachFinder(reaches))


def traceable() -> Traceable:
    """The network's graph and spatial index, built once per process and kept until a
    reach, an outfall or what a load is read from changes (public_cache.WATER_NETWORK:
    the audit trail of those writes renews it). Building them costs about a second on
    10,000 reaches; a trace on them a few milliseconds (docs/PERFORMANCE.md)."""
    return public_cache.kept_here(public_cache.WATER_NETWORK, "network", _built_network)


# --- the register: CSV or Excel import ------------------------------------------------------------


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = True

    def to_json(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "dry_run": self.dry_run,
            "errors": [e.to_json() for e in self.errors],
        }


@dataclass
class _Row:
    number: int
    values: dict[str, Any]


def _column_of(header: str) -> str | None:
    text = header.strip()
    if text in HEADERS or text.lower() in HEADERS:
        return HEADERS.get(text) or HEADERS[text.lower()]
    for item in FACTORS:
        if text.lower() == item.lower():
            return item
    return None


def _number(text: str, column: str, low: float | None = None, high: float | None = None) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InvalidInput(gettext_noop("This must be a number."), field=column) from None
    if (
        not math.isfinite(value)
        or (low is not None and value < low)
        or (high is not None and value > high)
    ):
        if column in ("lon", "lat"):
            raise InvalidInput(
                gettext_noop("The position must lie in the Yangtze River Delta."), field=column
            )
        raise InvalidInput(gettext_noop("This must be a number, 0 or more."), field=column)
    return value


def _choice(text: str, column: str) -> str:
    if column == "kind":
        if text in OutfallKind.values:
            return text
        if text in KIND_WORDS:
            return str(KIND_WORDS[text])
        raise InvalidInput(
            gettext_noop("Unknown kind of outfall “{value}”: industrial, municipal, mixed, "
                         "agricultural or other (or 工业、污水处理厂、混合、农业、其他)."),
            field=column, value=text,
        )  # fmt: skip
    if text in Rectification.values:
        return text
    if text in RECTIFICATION_WORDS:
        return str(RECTIFICATION_WORDS[text])
    raise InvalidInput(
        gettext_noop("Unknown rectification “{value}”: none, ban, merge or regulate "
                     "(or 取缔、合并、规范整治)."),
        field=column, value=text,
    )  # fmt: skip


def _cell(column: str, text: str) -> Any:
    if column in ("lon", "lat"):
        bounds = LONGITUDE_RANGE if column == "lon" else LATITUDE_RANGE
        return _number(text, column, float(bounds[0]), float(bounds[1]))
    if column == "approved_m3_per_day":
        return _number(text, column, 0.0)
    if column in ("kind", "rectification"):
        return _choice(text, column)
    if column == "deadline":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise InvalidInput(
                gettext_noop("{value} is not a date (YYYY-MM-DD)."), field=column, value=text
            ) from None
    if column == "outlets":
        return sorted({c.strip() for c in text.replace("；", ";").split(";") if c.strip()})
    if column in FACTORS:
        return check_value(column, text, field=column)
    if len(text) > (200 if column == "name" else 100):
        raise InvalidInput(gettext_noop("This text is too long."), field=column)
    return text


def _header(header: list[str], report: ImportReport) -> list[str | None]:
    columns = [_column_of(h) for h in header]
    for name, column in zip(header, columns, strict=True):
        if column is None:
            report.errors.append(
                RowError(1, name, gettext("Unknown column “{name}”.").format(name=name))
            )
    for needed in REQUIRED:
        if needed not in columns:
            report.errors.append(
                RowError(1, needed, gettext("The column “{name}” is missing.").format(name=needed))
            )
    return columns


def _values(
    number: int, cells: list[str], columns: list[str | None], report: ImportReport
) -> dict[str, Any] | None:
    """One row's values by column, or None when a cell is at fault (reported)."""
    values: dict[str, Any] = {"concentrations": {}}
    ok = True
    for column, cell in zip(columns, cells, strict=True):
        assert column is not None
        text = cell.strip()
        if not text:
            if column in REQUIRED:
                ok = False
                report.errors.append(RowError(number, column, gettext("This value is missing.")))
            continue
        try:
            value = _cell(column, text)
        except DeltacapError as exc:
            ok = False
            report.errors.append(RowError(number, exc.field or column, _message(exc)))
            continue
        if column in FACTORS:
            values["concentrations"][column] = value
        else:
            values[column] = value
    rect = values.get("rectification", Rectification.NONE)
    if ok and rect != Rectification.NONE and "deadline" not in values:
        message = gettext("A rectification needs its deadline.")
        report.errors.append(RowError(number, "deadline", message))
        ok = False
    return values if ok else None


def _parse(data: bytes, report: ImportReport) -> list[_Row]:
    """The rows of a CSV file or an Excel workbook (its first sheet), read by the water
    imports' shared reader (``services.csv_lines``: the same checks and messages)."""
    header, lines = csv_lines(data, report.errors)
    if header is None:
        return []
    columns = _header(header, report)
    if report.errors:
        return []
    rows: list[_Row] = []
    seen: dict[str, int] = {}
    for number, cells in lines:
        if len(cells) != len(columns):
            message = gettext("This row has {n} cells; the header has {m}.")
            report.errors.append(
                RowError(number, None, message.format(n=len(cells), m=len(columns)))
            )
            continue
        values = _values(number, cells, columns, report)
        if values is None:
            continue
        code = values["code"]
        if code in seen:
            message = gettext("Row {row} already holds this outfall.").format(row=seen[code])
            report.errors.append(RowError(number, "code", message))
            continue
        seen[code] = number
        rows.append(_Row(number, values))
    if not rows and not report.errors:
        report.errors.append(RowError(None, None, gettext("The file holds no data row.")))
    return rows


def _resolve(by: Actor, rows: list[_Row], report: ImportReport) -> dict[str, Any]:
    """Members (one access decision each, for the member named and for the member an
    existing outfall is kept by), enterprises, outlets and reaches the rows name."""
    members = {
        d.code: d
        for d in Division.objects.filter(
            code__in={r.values["member"] for r in rows}, level=Level.MEMBER
        )
    }
    existing = {
        o.code: o for o in Outfall.objects.filter(code__in=[r.values["code"] for r in rows])
    }
    refused: dict[str, str] = {}
    for code in sorted({r.values["member"] for r in rows if r.values["member"] in members}
                       | {o.member_id for o in existing.values()}):  # fmt: skip
        try:
            require(by, Action.EDIT_WATER_OUTFALL, outfall_resource(code))
        except AccessDenied as exc:
            refused[code] = _message(exc)
    usccs = {r.values["enterprise"] for r in rows if r.values.get("enterprise")}
    enterprises = {e.uscc: e for e in Enterprise.objects.filter(uscc__in=usccs)}
    outlets: dict[tuple[int, str], Outlet] = {
        (o.enterprise_id, o.code): o
        for o in Outlet.objects.filter(enterprise__in=list(enterprises.values()))
    }
    found = {"members": members, "existing": existing, "enterprises": enterprises,
             "outlets": outlets, "refused": refused,
             "reaches": set(Reach.objects.values_list("code", flat=True))}  # fmt: skip
    for r in rows:
        _check(r, found, report)
    return {"members": members, "existing": existing, "enterprises": enterprises,
            "outlets": outlets}  # fmt: skip


def _check(r: _Row, found: dict[str, Any], report: ImportReport) -> None:
    """The faults of one row against the records it names."""
    v, n = r.values, r.number
    member, refused = v["member"], found["refused"]
    old = found["existing"].get(v["code"])
    if member not in found["members"]:
        message = gettext("No member with code {code}.").format(code=member)
        report.errors.append(RowError(n, "member", message))
    elif member in refused:
        report.errors.append(RowError(n, "member", refused[member]))
    elif old is not None and old.member_id in refused:
        report.errors.append(RowError(n, "code", refused[old.member_id]))
    uscc = v.get("enterprise")
    ent = found["enterprises"].get(uscc) if uscc else None
    if uscc and ent is None:
        message = gettext("No enterprise with the credit code {code}.").format(code=uscc)
        report.errors.append(RowError(n, "enterprise", message))
    elif ent is not None and ent.member_code != member:
        message = gettext("The enterprise lies in another member.")
        report.errors.append(RowError(n, "enterprise", message))
    for code in v.get("outlets", []):
        if ent is None:
            message = gettext("Outlets need the enterprise they belong to.")
            report.errors.append(RowError(n, "outlets", message))
            break
        if (ent.pk, code) not in found["outlets"]:
            message = gettext("The enterprise has no outlet {code}.").format(code=code)
            report.errors.append(RowError(n, "outlets", message))
    if v.get("reach") and v["reach"] not in found["reaches"]:
        message = gettext("No reach {code} in the river network.").format(code=v["reach"])
        report.errors.append(RowError(n, "reach", message))


def import_outfalls(
    *, by: Actor, channel: str, data: bytes, dry_run: bool = True, synthetic: bool = False
) -> ImportReport:
    """Check (``dry_run``) or import a CSV file or an Excel workbook (.xlsx, its first
    sheet) of outfalls (one per row, by code: an outfall already registered is replaced;
    its rectification stays recorded as done unless the row names another action). Nothing
    is written when any row is at fault; the report names each fault by row and column."""
    report = ImportReport(dry_run=dry_run)
    check_file_size(len(data), MAX_IMPORT_BYTES)
    rows = _parse(data, report)
    report.rows = len(rows)
    found = _resolve(by, rows, report) if rows else {}
    report.errors.sort(key=lambda e: (e.row or 0, e.column or ""))
    if report.errors:
        return report
    report.updated = sum(r.values["code"] in found["existing"] for r in rows)
    report.created = report.rows - report.updated
    if not dry_run:
        _write(by, channel, rows, found, synthetic)
    return report


def _write(
    by: Actor, channel: str, rows: list[_Row], found: dict[str, Any], synthetic: bool
) -> None:
    finder = reach_finder()
    with transaction.atomic():
        for r in rows:
            v = r.values
            ent = found["enterprises"].get(v.get("enterprise")) if v.get("enterprise") else None
            given = bool(v.get("reach"))
            values = {
                "name": v["name"], "kind": v["kind"], "lon": v["lon"], "lat": v["lat"],
                "receiving_water": v["receiving_water"], "member": found["members"][v["member"]],
                "enterprise": ent, "approved_m3_per_day": v.get("approved_m3_per_day"),
                "concentrations": v["concentrations"],
                "rectification": v.get("rectification", Rectification.NONE),
                "deadline": v.get("deadline"),
                "reach": v["reach"] if given else finder.nearest(v["lon"], v["lat"]),
                "reach_given": given, "synthetic": synthetic,
            }  # fmt: skip
            old = found["existing"].get(v["code"])
            if old is None or old.rectification != values["rectification"]:
                values.update(NEW_TASK)  # another action: its rectification starts anew
            before = _audit_view(old) if old else None
            outfall, _ = Outfall.objects.update_or_create(code=v["code"], defaults=values)
            outfall.outlets.set(
                [found["outlets"][(ent.pk, c)] for c in v.get("outlets", [])] if ent else []
            )
            audit.record(
                actor=by,
                channel=channel,
                action="water.outfall.import",
                object_type="water_outfall",
                object_id=outfall.code,
                member_code=outfall.member_id,
                before=before,
                after=_audit_view(outfall),
            )


def _audit_view(o: Outfall) -> dict[str, Any]:
    return {
        "name": o.name, "kind": o.kind, "lon": o.lon, "lat": o.lat,
        "outfall_receiving_water": o.receiving_water, "member": o.member_id,
        "outfall_enterprise": o.enterprise.name if o.enterprise_id and o.enterprise else "",
        "outfall_outlets": sorted(x.code for x in o.outlets.all()) if o.pk else [],
        "outfall_approved_m3_per_day": o.approved_m3_per_day,
        "outfall_concentrations": o.concentrations, "outfall_rectification": o.rectification,
        "outfall_deadline": o.deadline.isoformat() if o.deadline else "",
        "outfall_rectified": o.rectification_state != RectificationState.PENDING,
        "outfall_verified": o.rectification_state == RectificationState.VERIFIED,
        "outfall_reach": o.reach,
    }  # fmt: skip


# --- reads ------------------------------------------------------------------------------


def _visible_members(p: Principal) -> set[str] | None:
    """The members whose outfalls ``p`` reads (None: all)."""
    if allowed(p, Action.READ, outfall_resource("310000")):
        return None
    return set()


def outfalls(p: Principal, member: str | None = None) -> list[Outfall]:
    if _visible_members(p) is not None:
        return []
    found = Outfall.objects.select_related(*TASK_PEOPLE).prefetch_related("outlets")
    if member:
        found = found.filter(member_id=member)
    return list(found)


def get_outfall(p: Principal, outfall_id: Any) -> Outfall:
    found = (
        Outfall.objects.select_related(*TASK_PEOPLE)
        .prefetch_related("outlets")
        .filter(pk=outfall_id)
        .first()
    )
    if found is None or not allowed(p, Action.READ, found.as_resource()):
        raise NotFound(gettext_noop("No outfall with number {id}."), field="outfall", id=outfall_id)
    return found


def outfall_out(o: Outfall, names: dict[str, str] | None = None) -> dict[str, Any]:
    names = reach_names() if names is None else names
    return {
        "id": o.pk,
        "code": o.code,
        "name": o.name,
        "kind": o.kind,
        "kind_name": str(o.get_kind_display()),
        "lon": o.lon,
        "lat": o.lat,
        "receiving_water": o.receiving_water,
        "member": o.member_id,
        "member_name": o.member.name,
        "enterprise": (
            {"id": o.enterprise.pk, "name": o.enterprise.name, "uscc": o.enterprise.uscc}
            if o.enterprise
            else None
        ),
        "outlets": [x.code for x in o.outlets.all()],
        "approved_m3_per_day": o.approved_m3_per_day,
        "concentrations_mg_per_l": o.concentrations,
        "rectification": o.rectification,
        "rectification_name": str(o.get_rectification_display()),
        "deadline": o.deadline.isoformat() if o.deadline else None,
        # its state and status today (open, overdue, rectified) and its completion
        "rectification_task": rectification_out(o),
        "reach": o.reach or None,
        "reach_name": names.get(o.reach, o.reach) if o.reach else None,
        "reach_given": o.reach_given,
        "synthetic": o.synthetic,
    }


# --- tracing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Exceedance:
    sampled_on: dt.date
    value: float
    limit: float
    target_class: int

    @property
    def exceeded(self) -> bool:
        return self.value > self.limit

    @property
    def multiple(self) -> float:
        return self.value / self.limit if self.limit else 0.0


@dataclass(frozen=True)
class Ranked:
    rank: int
    outfall: Outfall
    concentration: float | None
    basis: str  # "outfall" | "outlet_limit" | "unknown"
    load: float | None


@dataclass
class TraceResult:
    section: Section
    parameter: str
    reach: str
    exceedance: Exceedance | None
    upstream_reaches: int
    ranked: list[Ranked]
    enterprises: list[dict[str, Any]]
    approximate: bool


def check_parameter(parameter: str) -> str:
    for p in FACTORS:
        if parameter.strip().lower() == p.lower():
            return p
    raise InvalidInput(
        gettext_noop("Tracing ranks loads of {items}; not of “{value}”."),
        field="parameter",
        items=", ".join(FACTORS),
        value=parameter,
    )


def exceedance(section: Section, parameter: str) -> Exceedance | None:
    """The latest sample of ``parameter`` at the section against its target class's limit
    (GB 3838-2002 Table 1, the lake row for a lake)."""
    row = gb3838_table().row(parameter, WaterType(section.water_body.water_type))
    if row is None:
        return None
    sample = next(
        (
            x
            for x in Sample.objects.filter(section=section).order_by("-sampled_on")[:120]
            if isinstance(x.values.get(parameter), int | float)
        ),
        None,
    )
    if sample is None:
        return None
    return Exceedance(
        sample.sampled_on,
        float(sample.values[parameter]),
        float(row.limits[section.target_class - 1]),
        section.target_class,
    )


def _limits(parameter: str) -> dict[int, float]:
    """Per outfall linked to HJ 212 outlets, the lowest permit limit of its outlets for the
    parameter's factor."""
    out: dict[int, float] = {}
    rows = Outfall.outlets.through.objects.filter(
        outlet__limits__factor=FACTORS[parameter]
    ).values_list("outfall_id", "outlet__limits__limit")
    for outfall_id, limit in rows:
        value = float(limit)
        out[outfall_id] = min(value, out.get(outfall_id, value))
    return out


# What a trace shows of each outfall it ranks (trace_out, the trace page, _by_enterprise):
# read alone, the request reads a few hundred ranked outfalls in a third of the time.
TRACED_FIELDS = (
    "code", "name", "reach", "approved_m3_per_day", "member", "member__name_zh",
    "member__name_en", "enterprise", "enterprise__name", "enterprise__uscc",
    "enterprise__member_code",
)  # fmt: skip


@dataclass(frozen=True)
class Sources:
    """The outfalls on the network (by number) indexed by reach and ranked by their load of
    one parameter, with the concentration each load was computed from and its basis."""

    index: tracing.SourceIndex
    basis: dict[int, tuple[float | None, str]]


def _built_sources(parameter: str) -> Sources:
    limits = _limits(parameter)
    basis: dict[int, tuple[float | None, str]] = {}
    found = []
    rows = Outfall.objects.exclude(reach="").values_list(
        "pk", "reach", "approved_m3_per_day", "concentrations"
    )
    for pk, reach, approved, concentrations in rows:
        if parameter in concentrations:
            c, how = float(concentrations[parameter]), "outfall"
        elif pk in limits:
            c, how = limits[pk], "outlet_limit"
        else:
            c, how = None, "unknown"
        basis[pk] = (c, how)
        found.append(tracing.Source(pk, reach, tracing.load_kg_per_day(approved, c)))
    return Sources(tracing.index_by_reach(found), basis)


def sources(parameter: str) -> Sources:
    """Every outfall on a reach, indexed for tracing ``parameter`` (kept as
    :func:`traceable`: the numbers, reaches and loads only; the outfalls a trace ranks are
    read afresh, with their member and enterprise, by each request)."""
    return public_cache.kept_here(
        public_cache.WATER_NETWORK, ("sources", parameter), lambda: _built_sources(parameter)
    )


def trace_section(p: Principal, section: Section, parameter: str) -> TraceResult:
    """The outfalls upstream of the section ranked by their load of ``parameter`` (those
    ``p`` may read: the officials)."""
    parameter = check_parameter(parameter)
    kept = traceable()
    reach = kept.finder.nearest(section.lon, section.lat)
    readable = bool(reach) and _visible_members(p) is None
    index = sources(parameter) if readable else Sources(tracing.index_by_reach([]), {})
    found: list[tracing.Source] = []
    n = 0
    if reach:
        result = tracing.trace(kept.graph.net, reach, index.index)
        found, n = list(result.ranked), result.upstream_reaches
    rows = (
        Outfall.objects.select_related("member", "enterprise")
        .only(*TRACED_FIELDS)
        .in_bulk([s.key for s in found])
    )
    ranked = [
        Ranked(i, rows[s.key], index.basis[s.key][0], index.basis[s.key][1], s.load)
        for i, s in enumerate((s for s in found if s.key in rows), start=1)
    ]
    return TraceResult(
        section, parameter, reach, exceedance(section, parameter), n, ranked,
        _by_enterprise(ranked), kept.graph.approximate,
    )  # fmt: skip


def _by_enterprise(ranked: list[Ranked]) -> list[dict[str, Any]]:
    groups: dict[int, dict[str, Any]] = {}
    for r in ranked:
        e = r.outfall.enterprise
        if e is None:
            continue
        g = groups.setdefault(e.pk, {"id": e.pk, "name": e.name, "uscc": e.uscc,
                                     "member": e.member_code, "load_kg_per_day": 0.0,
                                     "unknown": 0, "outfalls": []})  # fmt: skip
        g["outfalls"].append(r.outfall.code)
        if r.load is None:
            g["unknown"] += 1
        else:
            g["load_kg_per_day"] += r.load
    return sorted(groups.values(), key=lambda g: (-g["load_kg_per_day"], g["name"]))


def trace_out(t: TraceResult) -> dict[str, Any]:
    e = t.exceedance
    return {
        "section": t.section.code,
        "section_name": t.section.name,
        "parameter": t.parameter,
        "reach": t.reach or None,
        "network_approximate": t.approximate,
        "exceedance": (
            {
                "sampled_on": e.sampled_on.isoformat(),
                "value_mg_per_l": e.value,
                "limit_mg_per_l": e.limit,
                "target_class": e.target_class,
                "exceeded": e.exceeded,
                "multiple": round(e.multiple, 2),
            }
            if e
            else None
        ),  # fmt: skip
        "load_rule": "approved_m3_per_day × concentration_mg_per_l / 1000 = kg/d; "
        "concentration: the outfall's own (basis outfall), else the lowest permit limit of "
        "its HJ 212 outlets (basis outlet_limit, an upper bound), else unknown (ranked last)",
        "upstream_reaches": t.upstream_reaches,
        "outfalls": [
            {
                "rank": r.rank,
                "id": r.outfall.pk,
                "code": r.outfall.code,
                "name": r.outfall.name,
                "member": r.outfall.member_id,
                "reach": r.outfall.reach,
                "enterprise": r.outfall.enterprise.name if r.outfall.enterprise else None,
                "approved_m3_per_day": r.outfall.approved_m3_per_day,
                "concentration_mg_per_l": r.concentration,
                "basis": r.basis,
                "load_kg_per_day": None if r.load is None else round(r.load, 3),
            }
            for r in t.ranked
        ],  # fmt: skip
        "enterprises": [
            {**g, "load_kg_per_day": round(g["load_kg_per_day"], 3)} for g in t.enterprises
        ],
    }


def section_by_code(code: str) -> Section:
    found = Section.objects.select_related("water_body").filter(code=code).first()
    if found is None:
        raise NotFound(gettext_noop("No section with code {code}."), field="section", code=code)
    return found


def get_section(section_id: Any) -> Section:
    found = Section.objects.select_related("water_body").filter(pk=section_id).first()
    if found is None:
        raise NotFound(gettext_noop("No section with number {id}."), field="section", id=section_id)
    return found


def principal(user: Any) -> Principal:
    return principal_of(user)


def network_geojson() -> dict[str, Any]:
    reaches = list(Reach.objects.all())
    return {
        "type": "FeatureCollection",
        "approximate": any(r.approximate for r in reaches),
        "features": [
            {
                "type": "Feature",
                "properties": {
                    "id": r.code,
                    "from": r.source_node,
                    "to": r.target_node,
                    "name": r.name_zh,
                    "name_en": r.name_en,
                },
                "geometry": {"type": "LineString", "coordinates": r.coords},
            }  # fmt: skip
            for r in reaches
        ],
    }


def sections() -> list[Section]:
    return list(Section.objects.select_related("water_body").order_by("code"))
