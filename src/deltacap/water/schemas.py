"""Shapes of water sections and quality, shared by the API, the pages and the command
line: a section's changes and a new section as typed inputs, the outputs."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from ninja import Schema
from pydantic import ConfigDict

from deltacap.domain.water.classify import CLASS_NAMES, GRADES
from deltacap.domain.water.compensation import Agreement, Fact
from deltacap.inputs import Code, Latitude, Longitude, Note, Text, Whole, Year
from deltacap.water.models import Section, Settlement
from deltacap.water.selectors import MonthQuality


class SectionOut(Schema):
    id: int
    code: str
    name_zh: str
    name_en: str
    kind: str
    water_body: str
    water_body_name_zh: str
    water_body_name_en: str
    water_type: str
    lon: float
    lat: float
    upstream: str | None
    downstream: str | None
    target_class: str
    responsible: list[str]
    source: str
    approximate: bool
    synthetic: bool


TargetClass = Annotated[int, Whole(1, 5, "the function target class: 1 to 5 for I to V")]


class SectionPatch(Schema):
    """The changes of a section: only the fields given change. ``kind`` is a code the
    service checks (national, provincial, cross_border)."""

    model_config = ConfigDict(extra="forbid")

    name_zh: Annotated[str, Text(100)] | None = None
    name_en: Annotated[str, Text(100)] | None = None
    kind: Code | None = None
    lon: Longitude | None = None
    lat: Latitude | None = None
    target_class: TargetClass | None = None
    approximate: bool | None = None
    source: Annotated[str, Note(2000)] | None = None

    def changes(self) -> dict[str, Any]:
        """The fields given, as the service takes them (positions as floats)."""
        given = self.model_dump(exclude_unset=True)
        return {
            k: float(v) if isinstance(v, Decimal) else v for k, v in given.items() if v is not None
        }


class SectionIn(Schema):
    """A new section of a water body: its responsible member (and the other member of a
    cross-border section)."""

    model_config = ConfigDict(extra="forbid")

    code: Code
    water_body: Code
    member: Code
    other_member: Code | None = None
    name_zh: Annotated[str, Text(100)]
    name_en: Annotated[str, Text(100)] = ""
    kind: Code = "provincial"
    lon: Longitude
    lat: Latitude
    target_class: TargetClass
    approximate: bool = False
    source: Annotated[str, Note(2000)] = ""

    def values(self) -> dict[str, Any]:
        fields = ("name_zh", "name_en", "kind", "lon", "lat", "target_class", "approximate")
        given = {f: getattr(self, f) for f in (*fields, "source")}
        return {k: float(v) if isinstance(v, Decimal) else v for k, v in given.items()}

    def responsible(self) -> list[str]:
        return [self.member, *([self.other_member] if self.other_member else [])]


def section_out(section: Section) -> SectionOut:
    body = section.water_body
    return SectionOut(
        id=section.pk,
        code=section.code,
        name_zh=section.name_zh,
        name_en=section.name_en,
        kind=section.kind,
        water_body=body.code,
        water_body_name_zh=body.name_zh,
        water_body_name_en=body.name_en,
        water_type=body.water_type,
        lon=section.lon,
        lat=section.lat,
        upstream=section.upstream_id,
        downstream=section.downstream_id,
        target_class=CLASS_NAMES[section.target_class],
        responsible=section.member_codes(),
        source=section.source,
        approximate=section.approximate,
        synthetic=section.synthetic,
    )


class Determining(Schema):
    parameter: str
    multiple: float | None


class QualityOut(Schema):
    section: str
    month: str
    samples: int
    values: dict[str, float]
    class_per_parameter: dict[str, str]
    overall_class: str | None
    qualitative: str | None
    grade: str | None
    determining_parameters: list[Determining]
    target_class: str
    attains: bool | None
    lake_reference: dict[str, str]
    tli: float | None
    trophic_state: str | None


def quality_out(q: MonthQuality) -> QualityOut:
    return QualityOut(
        section=q.section.code,
        month=q.month,
        samples=q.samples,
        values={k: round(v, 6) for k, v in q.values.items()},
        class_per_parameter={i: CLASS_NAMES[c] for i, c in q.classes.items()},
        overall_class=CLASS_NAMES[q.overall] or None,
        qualitative=GRADES[q.overall] or None,
        grade=q.grade or None,
        determining_parameters=[
            Determining(parameter=i, multiple=None if m is None else round(m, 3))
            for i, m in q.determining
        ],
        target_class=CLASS_NAMES[q.section.target_class],
        attains=q.attains,
        lake_reference={i: CLASS_NAMES[c] for i, c in q.lake_reference.items()},
        tli=q.tli,
        trophic_state=q.trophic or None,
    )


# --- eco-compensation ------------------------------------------------------------------------


class FactOut(Schema):
    value: Any
    status: str  # verified | unverified
    source: str


class RoundOut(Schema):
    number: int
    first_year: int
    last_year: int | None
    k0: FactOut
    amount_yuan: FactOut
    weights: dict[str, FactOut]
    base_mg_l: dict[str, FactOut]
    weight_changes: dict[int, dict[str, FactOut]]
    clause: str
    note: str


class AgreementOut(Schema):
    code: str
    name_zh: str
    name_en: str
    upstream: str
    downstream: str
    section: str
    source: str
    illustrative: bool
    rounds: list[RoundOut]


def _fact(f: Fact) -> FactOut:
    return FactOut(value=f.value, status=f.status, source=f.source)


def agreement_out(a: Agreement) -> AgreementOut:
    return AgreementOut(
        code=a.code,
        name_zh=a.name_zh,
        name_en=a.name_en,
        upstream=a.upstream,
        downstream=a.downstream,
        section=a.section,
        source=a.source,
        illustrative=a.illustrative,
        rounds=[
            RoundOut(
                number=r.number,
                first_year=r.first_year,
                last_year=r.last_year,
                k0=_fact(r.k0),
                amount_yuan=_fact(r.amount_yuan),
                weights={i.code: _fact(i.weight) for i in r.indicators},
                base_mg_l={i.code: _fact(i.base_mg_l) for i in r.indicators},
                weight_changes={
                    c.from_year: {k: _fact(v) for k, v in c.weights.items()}
                    for c in r.weight_changes
                },
                clause=r.clause,
                note=r.note,
            )
            for r in a.rounds
        ],
    )


class ApprovalOut(Schema):
    side: str  # upstream | downstream | office
    approved_by: str | None
    approved_at: str


class SettlementOut(Schema):
    id: int
    agreement: str
    year: int
    round: int
    p: float
    payer: str
    payee: str
    amount_yuan: float
    status: str  # pending | settled
    section: str
    upstream: str
    downstream: str
    inputs: dict[str, Any]
    approvals: list[ApprovalOut]
    synthetic: bool


def settlement_out(s: Settlement) -> SettlementOut:
    return SettlementOut(
        id=s.pk,
        agreement=s.agreement,
        year=s.year,
        round=s.round,
        p=float(s.p),
        payer=s.payer,
        payee=s.payee,
        amount_yuan=s.amount_fen / 100,
        status=s.status,
        section=s.section,
        upstream=s.upstream,
        downstream=s.downstream,
        inputs=s.inputs,
        approvals=[
            ApprovalOut(
                side=a.side,
                approved_by=a.approved_by.username if a.approved_by else None,
                approved_at=a.approved_at.isoformat(),
            )
            for a in s.approvals.all()
        ],
        synthetic=s.synthetic,
    )


class SettlementIn(Schema):
    """A year's settlement: ``p`` when given (0 to 1000), else computed from the year's
    samples at the agreement's assessment section."""

    model_config = ConfigDict(extra="forbid")
    agreement: Code
    year: Year
    p: Decimal | None = None
