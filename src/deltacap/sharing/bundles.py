"""Export bundles of information sharing: a member's (or, for the office, the region's)
targets, indicators, key reduction projects and their progress, and its air quality (city
daily AQI) and surface water (section monthly class, ``bundle_quality``) for one planning
period, as one zip of CSV and Excel files with ``manifest.json`` (``domain.sharing_bundle``); and
the check of a received bundle against its manifest.

What a bundle holds is what the sharing policy gives the requester: a member's own data
whole; another member's in the categories the office shares with every member; the
region's bundle is the office's. A bundle is built on request and stored nowhere.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from deltacap.accounts.permissions import Actor, principal_of, require, user_of
from deltacap.domain.access import READS_ALL, AccessDenied, Action, Kind, region_resource
from deltacap.domain.errors import InvalidInput, NotFound, gettext_noop
from deltacap.domain.sharing import Category, may_read_change
from deltacap.domain.sharing_bundle import (
    MANIFEST,
    FileEntry,
    Verification,
    build_manifest,
    csv_data_rows,
    manifest_bytes,
    parse_manifest,
    sha256_hex,
    verify,
)
from deltacap.enterprises.selectors import visible_enterprises
from deltacap.exports import csv_row, xlsx_row
from deltacap.projects.models import Project, ProjectReduction
from deltacap.projects.steps import read_upload
from deltacap.reference.models import Division, Level, PlanningPeriod
from deltacap.sharing import bundle_quality
from deltacap.sharing.selectors import check_reader, policy
from deltacap.targets.models import Target

REGION = "region"
# What a received bundle may hold at most (a guard against zip bombs).
MAX_FILES = 100
MAX_UNPACKED = 200 * 1024 * 1024


@dataclass(frozen=True)
class Dataset:
    name: str
    category: Category
    description: str
    columns: list[str]
    rows: list[list[Any]]


@dataclass(frozen=True)
class Bundle:
    filename: str
    content: bytes
    manifest: dict[str, Any]


def _num(value: Any) -> Any:
    return None if value is None else float(value)


def _scope(member: str) -> tuple[str, str]:
    """(code, name) of the bundle's member or the region. Raises NotFound."""
    if member == REGION:
        return REGION, _("The region")
    found = Division.objects.filter(code=member, level=Level.MEMBER).first()
    if found is None:
        raise NotFound(gettext_noop("There is no member {code}."), field="member", code=member)
    return found.code, found.name_zh


def categories_for(actor: Actor, member: str) -> list[Category]:
    """The categories of ``member``'s bundle ``actor`` receives (the region's: the office
    only). Raises AccessDenied when none."""
    check_reader(actor)
    principal = principal_of(actor)
    wanted = [
        Category.TARGETS,
        Category.INDICATORS,
        Category.PROJECTS,
        Category.AIR,
        Category.WATER,
    ]
    if member == REGION:
        chosen = wanted if principal.role in READS_ALL else []
    else:
        scopes = policy()
        chosen = [c for c in wanted if may_read_change(principal, member, scopes[c])]
    if not chosen:
        raise AccessDenied(
            principal,
            Action.READ,
            region_resource(Kind.SHARING_POLICY),
            gettext_noop("The sharing policy gives you nothing of this member to export."),
        )
    return chosen


def _targets(member: str, period: str, levels: tuple[str, ...]) -> QuerySet[Target]:
    qs = Target.objects.filter(period_id=period, division__level__in=levels).select_related(
        "division", "pollutant"
    )
    if member != REGION:
        qs = qs.filter(
            Q(division_id=member)
            | Q(division__parent_id=member)
            | Q(division__parent__parent_id=member)
        )
    return qs.order_by("division_id", "pollutant__position", "pollutant_id")


def _target_rows(qs: QuerySet[Target]) -> list[list[Any]]:
    return [
        [
            t.division_id,
            t.division.name_zh,
            t.division.level,
            t.pollutant_id,
            _num(t.tonnes),
            _num(t.percent_cut),
            t.source,
        ]
        for t in qs
    ]


TARGET_COLUMNS = [
    "division_code",
    "division_name",
    "level",
    "pollutant",
    "tonnes",
    "percent_cut",
    "source",
]
PROJECT_COLUMNS = [
    "project_code",
    "name",
    "member",
    "city",
    "county",
    "enterprise",
    "sector",
    "category",
    "status",
    "start_date",
    "commissioning_date",
    "due_year",
]
REDUCTION_COLUMNS = [
    "project_code",
    "pollutant",
    "planned_tonnes",
    "accounted_tonnes",
    "status",
    "credit_year",
]


def _datasets(actor: Actor, member: str, period: str, chosen: list[Category]) -> list[Dataset]:
    found = []
    if Category.TARGETS in chosen:
        levels = (Level.REGION, Level.MEMBER) if member == REGION else (Level.MEMBER,)
        found.append(
            Dataset(
                "targets",
                Category.TARGETS,
                _("Reduction targets of the member (tonnes or percentage cut)"),
                TARGET_COLUMNS,
                _target_rows(_targets(member, period, tuple(levels))),
            )
        )
    if Category.INDICATORS in chosen:
        found.append(
            Dataset(
                "indicators",
                Category.INDICATORS,
                _("Targets split to cities and counties"),
                TARGET_COLUMNS,
                _target_rows(_targets(member, period, (Level.CITY, Level.COUNTY))),
            )
        )
    if Category.PROJECTS in chosen:
        projects = Project.objects.filter(period_id=period).select_related("enterprise")
        reductions = ProjectReduction.objects.filter(period_id=period).select_related("project")
        if member != REGION:
            projects = projects.filter(member_id=member)
            reductions = reductions.filter(member_id=member)
        # An enterprise's name only where the reader reads the enterprise itself.
        readable = set(visible_enterprises(actor).values_list("pk", flat=True))
        found.append(
            Dataset(
                "projects",
                Category.PROJECTS,
                _("Key reduction projects and their status"),
                PROJECT_COLUMNS,
                [
                    [
                        p.code,
                        p.name,
                        p.member_id,
                        p.city_id,
                        p.county_id or "",
                        p.enterprise.name if p.enterprise_id in readable and p.enterprise else "",
                        p.sector,
                        p.category,
                        p.status,
                        p.start_date.isoformat(),
                        p.commissioning_date.isoformat(),
                        p.due_year,
                    ]
                    for p in projects.order_by("code")
                ],
            )
        )
        found.append(_reductions(reductions))
    return found + _quality(member, period, chosen)


def _quality(member: str, period: str, chosen: list[Category]) -> list[Dataset]:
    found = []
    if Category.AIR in chosen:
        found.append(
            Dataset(
                "air_city_daily",
                Category.AIR,
                _("Daily air quality index (AQI) of the cities (HJ 633)"),
                bundle_quality.AIR_COLUMNS,
                bundle_quality.air_rows(member, period),
            )
        )
    if Category.WATER in chosen:
        found.append(
            Dataset(
                "water_section_monthly",
                Category.WATER,
                _("Monthly class of the surface-water monitoring sections (GB 3838-2002)"),
                bundle_quality.WATER_COLUMNS,
                bundle_quality.water_rows(member, period),
            )
        )
    return found


def _reductions(reductions: QuerySet[ProjectReduction]) -> Dataset:
    return Dataset(
        "project_reductions",
        Category.PROJECTS,
        _("Reductions of the projects per pollutant: planned and accounted tonnes"),
        REDUCTION_COLUMNS,
        [
            [
                r.project.code,
                r.pollutant_id,
                _num(r.planned_tonnes),
                _num(r.accounted_tonnes),
                r.status,
                r.credit_year,
            ]
            for r in reductions.order_by("project__code", "pollutant_id")
        ],
    )


def _csv(ds: Dataset) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ds.columns)
    for row in ds.rows:
        writer.writerow(csv_row(row))
    return out.getvalue().encode("utf-8-sig")


def _xlsx(ds: Dataset) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(ds.name)
    sheet.append(ds.columns)
    for row in ds.rows:
        sheet.append(xlsx_row(sheet, row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _deterministic_zip(files: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in files:
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, content)
    return out.getvalue()


def export_bundle(actor: Actor, *, member: str, period: str) -> Bundle:
    """The bundle of ``member`` (a member's code or ``region``) for ``period``, as far as
    the sharing policy gives it to ``actor``. Raises NotFound, AccessDenied."""
    code, name = _scope(member.strip())
    if not PlanningPeriod.objects.filter(code=period).exists():
        raise NotFound(
            gettext_noop("There is no planning period {code}."), field="period", code=period
        )
    chosen = categories_for(actor, code)
    files: list[tuple[str, bytes]] = []
    entries = []
    for ds in _datasets(actor, code, period, chosen):
        for fmt, content in (("csv", _csv(ds)), ("xlsx", _xlsx(ds))):
            filename = f"{ds.name}.{fmt}"
            files.append((filename, content))
            entries.append(
                FileEntry(
                    filename,
                    ds.name,
                    ds.category.value,
                    fmt,
                    ds.description,
                    ds.columns,
                    len(ds.rows),
                    sha256_hex(content),
                )
            )
    user = user_of(actor)
    manifest = build_manifest(
        member=code,
        member_name=name,
        period=period,
        generated_at=timezone.localtime().isoformat(timespec="seconds"),
        generated_by=user.username if user is not None else "system",
        categories=[c.value for c in chosen],
        files=entries,
    )
    content = _deterministic_zip([(MANIFEST, manifest_bytes(manifest)), *files])
    return Bundle(f"deltacap-{code}-{period}.zip", content, manifest)


def xlsx_data_rows(content: bytes) -> int:
    """Data rows of a workbook's first sheet (its header row not counted)."""
    try:
        book = load_workbook(io.BytesIO(content), read_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a file that is no workbook
        raise ValueError(str(exc)) from exc
    try:
        sheet = book.worksheets[0]
        rows = sum(
            1 for row in sheet.iter_rows(values_only=True) if any(v is not None for v in row)
        )
    finally:
        book.close()
    return max(rows - 1, 0)


def count_rows(name: str, content: bytes) -> int:
    if name.endswith(".csv"):
        try:
            return csv_data_rows(content)
        except (UnicodeDecodeError, csv.Error) as exc:
            raise ValueError(str(exc)) from exc
    if name.endswith(".xlsx"):
        return xlsx_data_rows(content)
    raise ValueError(name)


def _unpack(content: bytes) -> dict[str, bytes]:
    bad = InvalidInput(gettext_noop("The file is not a zip bundle."), field="file")
    try:
        zf = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, OSError):
        raise bad from None
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        if len(infos) > MAX_FILES or sum(i.file_size for i in infos) > MAX_UNPACKED:
            raise InvalidInput(gettext_noop("The bundle is too large to check here."), field="file")
        try:
            return {i.filename: zf.read(i) for i in infos}
        except (zipfile.BadZipFile, OSError, NotImplementedError):
            raise bad from None


def check_bundle(content: bytes, counter: Callable[[str, bytes], int] = count_rows) -> Verification:
    """A received bundle checked against its manifest: every file present, with its
    checksum and its number of rows (the operator's check, no account asked)."""
    contents = _unpack(content)
    if MANIFEST not in contents:
        raise InvalidInput(gettext_noop("The bundle holds no manifest.json."), field="file")
    manifest = parse_manifest(contents.pop(MANIFEST))
    return verify(manifest, contents, counter)


def _require_verifier(by: Actor) -> None:
    """A person checks a bundle on its own account: the office and the members' editors,
    who take bundles into their own systems."""
    user = user_of(by)
    if user is None:
        raise InvalidInput(
            gettext_noop("Checking an upload belongs to an account: name one with --as."),
            field="as",
        )
    require(by, Action.VERIFY_SHARING_BUNDLE, user)


def verify_bundle(*, by: Actor, content: bytes) -> Verification:
    """The check of a bundle by a person. Nothing is stored. Raises AccessDenied,
    InvalidInput."""
    _require_verifier(by)
    return check_bundle(content)


# An uploaded bundle is refused above this size.
MAX_BUNDLE_BYTES = 50 * 1024 * 1024


def verify_upload(*, by: Actor, upload: Any) -> Verification:
    """``verify_bundle`` of an uploaded file (refused above ``MAX_BUNDLE_BYTES``)."""
    _require_verifier(by)
    if upload is None:
        raise InvalidInput(gettext_noop("Choose a bundle (.zip) to check."), field="file")
    return check_bundle(read_upload(upload, MAX_BUNDLE_BYTES))
