"""The demo's key reduction projects: several thousand, 2021-2025, every category, all 41 cities.

Deterministic (a fixed seed). Verified projects reach every target of the region, while
Anhui stays far behind on NH3-N and Zhejiang behind on VOCs, so the dashboard tells a story.
Projects are written through the same services as every user's: the operator creates them,
the office verifies them; every project and figure is synthetic.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum

from deltacap.accounts.models import User
from deltacap.accounts.permissions import PLATFORM
from deltacap.audit import services as audit
from deltacap.domain.accounting import CATEGORIES
from deltacap.domain.china_time import CHINA_STANDARD_TIME
from deltacap.domain.evaluation import suggested_outcome
from deltacap.domain.projects import ProjectStatus
from deltacap.enterprises.models import Enterprise
from deltacap.projects import rounds, services, steps
from deltacap.projects.coefficients import ensure_table
from deltacap.projects.demo_profiles import (
    DEMO_COEFFICIENTS,
    PROFILES,
    Profile,
    size_for,
    tonnes_per_unit,
)
from deltacap.projects.intake import Intake, RawProject
from deltacap.projects.models import (
    EvaluationRound,
    Evidence,
    EvidenceKind,
    Project,
    ProjectReduction,
)
from deltacap.reference.models import Division, Level
from deltacap.targets import services as target_services
from deltacap.targets.models import Target

SEED = 20231201
PERIOD = "14fyp"
YEARS = (2021, 2022, 2023, 2024, 2025)
# Share of each member's verified reduction credited in each year: a slow start, then catch-up.
YEAR_WEIGHTS = (0.14, 0.19, 0.22, 0.23, 0.22)
PREFIX = {"310000": "SH", "320000": "JS", "330000": "ZJ", "340000": "AH"}
# The member whose editor splits its targets to its cities (in proportion to each city's
# verified reduction), so that the target split and the map show cities' own targets.
SPLIT_BY = "js-editor"
# Verified reduction at the end of 2025 as a share of each member's target.
GOALS: dict[tuple[str, str], float] = {
    ("310000", "COD"): 1.06, ("310000", "NH3-N"): 1.15, ("310000", "NOx"): 1.04,
    ("310000", "VOCs"): 1.08, ("320000", "COD"): 1.08, ("320000", "NH3-N"): 1.12,
    ("320000", "NOx"): 1.09, ("320000", "VOCs"): 1.05, ("330000", "COD"): 1.12,
    ("330000", "NH3-N"): 1.10, ("330000", "NOx"): 1.10, ("330000", "VOCs"): 0.93,
    ("340000", "COD"): 1.03, ("340000", "NH3-N"): 0.86, ("340000", "NOx"): 1.06,
    ("340000", "VOCs"): 1.15,
}  # fmt: skip
# Verified projects per pollutant across the region (shared by target), and the pipeline.
VERIFIED_PER_POLLUTANT = 800
PIPELINE_SHARE = 0.22
SECTORS = {
    "wwtp_new": "污水处理", "wwtp_upgrade": "污水处理", "sewer_network": "市政管网",
    "rural_sewage": "农村生活污水", "livestock": "畜禽养殖", "industrial_ww": "工业废水",
    "industrial_reuse": "工业废水", "ule_power": "火电", "ule_steel": "钢铁", "ule_cement": "水泥",
    "ule_coking": "焦化", "boiler_kiln": "锅炉窑炉", "vocs": "涂装印刷化工",
    "diesel_phaseout": "机动车", "nonroad_phaseout": "非道路移动机械", "closure": "落后产能",
}  # fmt: skip
# The demo enterprises' industries (deltacap.demo.generate.SECTORS) that run each category
# of project on their own site; other categories are the government's (no enterprise).
_WATER_USERS = ("化工", "印染", "造纸", "医药", "电子", "石化")
_SOLVENT_USERS = ("化工", "石化", "汽车制造", "家具", "包装印刷", "电子", "医药")
FITTING_SECTORS: dict[str, tuple[str, ...]] = {
    "industrial_ww": _WATER_USERS, "industrial_reuse": _WATER_USERS,
    "ule_power": ("热电",), "ule_steel": ("钢铁",), "ule_cement": ("水泥",),
    "ule_coking": ("钢铁",), "boiler_kiln": ("印染", "造纸", "化工", "医药", "家具", "热电"),
    "vocs": _SOLVENT_USERS, "closure": ("钢铁", "水泥", "化工", "印染", "造纸"),
    "wwtp_new": ("污水处理",), "wwtp_upgrade": ("污水处理",), "livestock": ("畜禽养殖",),
}  # fmt: skip


@dataclass
class Place:
    city: Division
    counties: list[Division]
    enterprises: list[Enterprise] = field(default_factory=list)


@dataclass
class DemoProject:
    """One demo project before it is written: a row for ``Intake`` and its final status."""

    raw: RawProject
    final_status: str
    credited: dict[str, Decimal] = field(default_factory=dict)


class Generator:
    """Builds the demo rows for one member; ``scale`` multiplies the number of projects."""

    def __init__(self, rng: random.Random, places: list[Place], member: str, scale: float) -> None:
        self.rng, self.places, self.member, self.scale = rng, places, member, scale
        self.counter = 0

    def profiles_for(self, pollutant: str, done: set[str]) -> list[Profile]:
        """Profiles crediting ``pollutant`` and nothing that has already reached its goal."""
        return [
            p for p in PROFILES if pollutant in p.credits and not (p.credits - {pollutant}) & done
        ]

    def place(self) -> Place:
        if self.counter <= len(self.places):
            return self.places[(self.counter - 1) % len(self.places)]
        return self.rng.choice(self.places)

    def project(self, profile: Profile, size: Decimal, year: int, status: str) -> DemoProject:
        self.counter += 1
        place = self.place()
        fitting = [
            e for e in place.enterprises if e.sector in FITTING_SECTORS.get(profile.category, ())
        ]
        enterprise = self.rng.choice(fitting) if fitting else None
        county = self._county(place, enterprise)
        commissioning = date(year, 1, 1) + timedelta(days=self.rng.randrange(0, 365))
        start = commissioning - timedelta(days=self.rng.randrange(150, 720))
        due = year - 1 if year > YEARS[0] and self.rng.random() < 0.06 else year
        subject = (
            enterprise.name if enterprise else (county.name_zh if county else place.city.name_zh)
        )
        values = {
            "code": f"{PREFIX[self.member]}-{year}-{self.counter:05d}",
            "name": f"{subject}{CATEGORIES[profile.category].name_zh.split('、')[0]}工程",
            "member": self.member,
            "city": place.city.code,
            "county": county.code if county else None,
            "enterprise": enterprise.uscc if enterprise else None,
            "sector": SECTORS[profile.category],
            "category": profile.category,
            "status": "commissioned" if status in ("verified", "rejected") else status,
            "start_date": start,
            "commissioning_date": commissioning,
            "due_year": due,
            "coefficients": f"{DEMO_COEFFICIENTS.id} {DEMO_COEFFICIENTS.version}",
            "note": "合成演示数据 synthetic demo record",
        }
        credited = {code: estimate(profile, code, size) for code in profile.credits}
        total = sum(credited.values(), Decimal(0))
        values.update(demo_investment(str(values["code"]), profile.category, total))
        # The member's plan: the expected reduction, rounded as lists round it.
        planned = {
            code: (tonnes * Decimal(str(self.rng.uniform(0.9, 1.1)))).quantize(Decimal("0.1"))
            for code, tonnes in credited.items()
        }
        raw = RawProject(values=values, planned=planned, inputs=profile.sized(size))
        return DemoProject(raw, status, credited)

    def _county(self, place: Place, enterprise: Enterprise | None) -> Division | None:
        if enterprise is not None:
            return enterprise.division if enterprise.division.level == Level.COUNTY else None
        return self.rng.choice(place.counties) if place.counties else None


# Synthetic investment: 万元 per tonne the project credits (more for water works), and funding
# sources weighted per category (public money for municipal works, the firm's own for industry).
_PUBLIC_CATEGORIES = {"wwtp_new", "wwtp_upgrade", "sewer_network", "rural_sewage"}
_SOURCES = ("central", "provincial", "local", "enterprise", "other")


def demo_investment(code: str, category: str, tonnes: Decimal) -> dict[str, Any]:
    """A synthetic investment and funding source for a demo project, drawn from its code
    (its own generator, so the demo's other draws stay as they were)."""
    rng = random.Random(code)
    per_tonne = Decimal(15 if category in _PUBLIC_CATEGORIES else 6)
    amount = per_tonne * tonnes * Decimal(str(rng.uniform(0.6, 1.4)))
    amount = min(max(amount, Decimal(20)), Decimal(80000)).quantize(Decimal("0.01"))
    weights = (3, 3, 4, 1, 1) if category in _PUBLIC_CATEGORIES else (1, 1, 1, 8, 1)
    return {"investment_wan": amount, "funding_source": rng.choices(_SOURCES, weights)[0]}


WETLAND_CODE = "JS-2025-90001"


def wetland_project() -> DemoProject:
    """One tail-water wetland after a plant in Wuxi (Taihu basin), commissioned (synthetic)."""
    values = {
        "code": WETLAND_CODE,
        "name": "无锡市污水处理厂尾水湿地净化工程（演示）",
        "member": "320000",
        "city": "320200",
        "county": None,
        "enterprise": None,
        "sector": "污水处理",
        "category": "tailwater_wetland",
        "status": "commissioned",
        "start_date": date(2024, 3, 1),
        "commissioning_date": date(2025, 4, 1),
        "due_year": 2025,
        "coefficients": f"{DEMO_COEFFICIENTS.id} {DEMO_COEFFICIENTS.version}",
        "note": "合成演示数据 synthetic demo record",
        "investment_wan": Decimal("6800"),
        "funding_source": "provincial",
    }
    inputs = {
        "volume": "20000 m3/d",
        "period": "1 a",
        "inflow_cod": "40 mg/L",
        "outflow_cod": "30 mg/L",
        "inflow_nh3n": "2 mg/L",
        "outflow_nh3n": "1 mg/L",
        "inflow_tp": "0.4 mg/L",
        "outflow_tp": "0.25 mg/L",
        "inflow_tn": "12 mg/L",
        "outflow_tn": "9 mg/L",
    }
    planned = {"COD": Decimal("70"), "NH3-N": Decimal("7")}
    return DemoProject(RawProject(values=values, planned=planned, inputs=inputs), "commissioned")


INTERCEPTION_CODE = "JS-2025-90002"
FERTILISER_CODE = "ZJ-2025-90001"


def interception_project() -> DemoProject:
    """N/P ecological interception of farmland drainage in Yixing (Taihu's west shore):
    ecological ditches and a pre-pond, credited on their inflow and outflow (synthetic)."""
    values = {
        "code": INTERCEPTION_CODE,
        "name": "宜兴市农田排水氮磷生态拦截工程（演示）",
        "member": "320000",
        "city": "320200",
        "county": "320282",
        "enterprise": None,
        "sector": "农业面源",
        "category": "ecological_interception",
        "status": "commissioned",
        "start_date": date(2024, 4, 1),
        "commissioning_date": date(2025, 3, 15),
        "due_year": 2025,
        "coefficients": f"{DEMO_COEFFICIENTS.id} {DEMO_COEFFICIENTS.version}",
        "note": "合成演示数据 synthetic demo record",
        "investment_wan": Decimal("1250"),
        "funding_source": "local",
    }
    inputs = {
        "volume": "3000000 m3",
        "inflow_cod": "30 mg/L",
        "outflow_cod": "24 mg/L",
        "inflow_nh3n": "1.6 mg/L",
        "outflow_nh3n": "1.1 mg/L",
        "inflow_tn": "4.5 mg/L",
        "outflow_tn": "3.0 mg/L",
        "inflow_tp": "0.35 mg/L",
        "outflow_tp": "0.2 mg/L",
    }
    planned = {"COD": Decimal("18"), "NH3-N": Decimal("1.5")}
    return DemoProject(RawProject(values=values, planned=planned, inputs=inputs), "commissioned")


def fertiliser_project() -> DemoProject:
    """Less fertiliser on the farmland of Changxing (Taihu's south shore), credited with the
    demo set's loss rates (illustrative, tagged M; synthetic)."""
    values = {
        "code": FERTILISER_CODE,
        "name": "长兴县化肥减量增效与测土配方施肥项目（演示）",
        "member": "330000",
        "city": "330500",
        "county": "330522",
        "enterprise": None,
        "sector": "农业面源",
        "category": "nonpoint_fertiliser",
        "status": "commissioned",
        "start_date": date(2024, 2, 1),
        "commissioning_date": date(2025, 1, 1),
        "due_year": 2025,
        "coefficients": f"{DEMO_COEFFICIENTS.id} {DEMO_COEFFICIENTS.version}",
        "note": "合成演示数据 synthetic demo record",
        "investment_wan": Decimal("860"),
        "funding_source": "provincial",
    }
    inputs = {
        "area": "8000 ha",
        "base_applied_tn": "280 kg/ha",
        "applied_tn": "240 kg/ha",
        "base_applied_tp": "60 kg/ha",
        "applied_tp": "50 kg/ha",
    }
    return DemoProject(RawProject(values=values, planned={}, inputs=inputs), "commissioned")


def _year_of(rng: random.Random) -> int:
    return rng.choices(YEARS, weights=YEAR_WEIGHTS)[0]


def member_projects(
    gen: Generator, targets: dict[str, Decimal], counts: dict[str, int]
) -> Iterator[DemoProject]:
    """Verified projects until each pollutant reaches its goal, then the pipeline."""
    credited = {p: Decimal(0) for p in targets}
    goals = {p: targets[p] * Decimal(str(GOALS[(gen.member, p)])) for p in targets}
    for pollutant in sorted(targets, key=lambda p: GOALS[(gen.member, p)]):
        typical = goals[pollutant] / max(counts[pollutant], 1)
        while credited[pollutant] < goals[pollutant]:
            reached = {p for p in targets if credited[p] >= goals[p]}
            profile = gen.rng.choice(gen.profiles_for(pollutant, reached))
            wanted = min(typical * Decimal(str(gen.rng.lognormvariate(0, 0.5))), goals[pollutant])
            size = size_for(profile, pollutant, max(wanted, Decimal("0.5")))
            item = gen.project(profile, size, _year_of(gen.rng), "verified")
            yield item
            for code, tonnes in item.credited.items():
                credited[code] += tonnes
    for _ in range(int(sum(counts.values()) * PIPELINE_SHARE)):
        pollutant = gen.rng.choice(sorted(targets))
        profile = gen.rng.choice([p for p in PROFILES if pollutant in p.credits])
        typical = goals[pollutant] / max(counts[pollutant], 1)
        size = size_for(profile, pollutant, typical * Decimal(str(gen.rng.uniform(0.3, 1.5))))
        status = gen.rng.choices(
            ["commissioned", "under_construction", "planned", "rejected"], [5, 6, 3, 1]
        )[0]
        year = 2025 if status != "rejected" else gen.rng.choice(YEARS[2:])
        yield gen.project(profile, size, year, status)


def estimate(profile: Profile, pollutant: str, size: Decimal) -> Decimal:
    """The tonnes ``profile`` credits at ``size`` (linear in the size)."""
    return tonnes_per_unit(profile, pollutant) * size


def _places(member: Division) -> list[Place]:
    cities = [d for d in Division.objects.filter(prefecture=True) if d.member_code == member.code]
    places = []
    for city in sorted(cities, key=lambda d: d.code):
        counties = list(Division.objects.filter(parent=city, level=Level.COUNTY).order_by("code"))
        enterprises = list(
            Enterprise.objects.filter(member_code=member.code)
            .filter(division_id__in=[city.code, *(c.code for c in counties)])
            .select_related("division")
            .order_by("uscc")
        )
        places.append(Place(city, counties, enterprises))
    return places


def demo_projects(scale: float = 1.0, seed: int = SEED) -> list[DemoProject]:
    """Every demo project, member by member (deterministic for a seed and scale)."""
    rng = random.Random(seed)
    targets: dict[tuple[str, str], Decimal] = {
        (t.division_id, t.pollutant_id): t.tonnes
        for t in Target.objects.filter(period_id=PERIOD, tonnes__isnull=False)
        if t.tonnes is not None
    }
    rows: list[DemoProject] = []
    for member in Division.objects.filter(level=Level.MEMBER).order_by("code"):
        mine = {p: t for (m, p), t in targets.items() if m == member.code and (m, p) in GOALS}
        region = {p: targets.get(("region", p)) or sum(mine.values()) for p in mine}
        counts = {
            p: max(int(VERIFIED_PER_POLLUTANT * scale * float(mine[p] / region[p])), 30)
            for p in mine
        }
        gen = Generator(rng, _places(member), member.code, scale)
        rows.extend(member_projects(gen, mine, counts))
    rows.extend([wetland_project(), interception_project(), fertiliser_project()])
    return rows


def _office() -> Any:
    office = User.objects.filter(role="office", is_active=True).order_by("pk").first()
    if office is None:
        raise RuntimeError("the demo projects need an office account to verify them")
    return office


def load_demo_projects() -> int:
    """Create the demo projects that are not there yet; returns how many were created."""
    ensure_table(DEMO_COEFFICIENTS)
    existing = set(Project.objects.filter(period_id=PERIOD).values_list("code", flat=True))
    projects = [p for p in demo_projects() if p.raw.values["code"] not in existing]
    if not projects:
        return 0
    office = _office()
    with transaction.atomic():
        intake = Intake(by=PLATFORM, period=services.get_period(PERIOD))
        drafts, issues = intake.prepare([p.raw for p in projects])
        if issues:
            first = issues[0]
            raise RuntimeError(f"demo row {first.field}: {first.error}")
        counts = services.apply(drafts, by=PLATFORM, channel="system")
        new = {d.code for d in drafts if d.change == "created"}
        reviewed = [p for p in projects if p.raw.values["code"] in new]
        _evidence([p.raw.values["code"] for p in reviewed if p.final_status == "verified"])
        for status, reason in (("verified", ""), ("rejected", "佐证材料不全（演示）")):
            codes = [p.raw.values["code"] for p in reviewed if p.final_status == status]
            for start in range(0, len(codes), 2000):
                steps.review_projects(
                    by=office, channel="system", codes=codes[start : start + 2000], to=status,
                    reason=reason,
                )  # fmt: skip
        for year in sorted(CLOSED_ROUNDS):
            _closed_round(office, year)
        _city_split()
    return counts.created


def _city_split() -> None:
    """``SPLIT_BY``'s member splits each target to its cities: shares of the verified
    reduction, to the kilogram, the largest city taking what rounding leaves."""
    editor = User.objects.filter(username=SPLIT_BY).first()
    if editor is None or Target.objects.filter(division__parent_id=editor.division_id).exists():
        return
    verified = (
        ProjectReduction.objects.filter(
            period_id=PERIOD, member_id=editor.division_id, status="verified"
        )
        .values("city_id", "pollutant_id")
        .annotate(tonnes=Sum("accounted_tonnes"))
    )
    cities = list(
        Division.objects.filter(parent_id=editor.division_id, level=Level.CITY).values_list(
            "code", flat=True
        )
    )
    by_pollutant: dict[str, dict[str, Decimal]] = {}
    for row in verified:
        weight = Decimal(row["tonnes"] or 0)
        by_pollutant.setdefault(row["pollutant_id"], {})[row["city_id"]] = weight
    for weights in by_pollutant.values():
        # Every city takes a part, one without verified projects a small one.
        floor = sum(weights.values(), Decimal(0)) / len(cities) / 20
        for code in cities:
            weights[code] = weights.get(code, Decimal(0)) + floor
    wholes = Target.objects.filter(period_id=PERIOD, division_id=editor.division_id)
    for whole in wholes.filter(tonnes__isnull=False, pollutant_id__in=list(by_pollutant)):
        if whole.tonnes is None:
            continue
        for city, tonnes in _shares(whole.tonnes, by_pollutant[whole.pollutant_id]).items():
            target_services.set_target(
                by=editor, channel="system", period=PERIOD, scope=city,
                pollutant=whole.pollutant_id, tonnes=str(tonnes),
            )  # fmt: skip


def _shares(whole: Decimal, weights: dict[str, Decimal]) -> dict[str, Decimal]:
    """``whole`` split in proportion to ``weights`` to 0.001, adding up exactly."""
    total = sum(weights.values()) or Decimal(1)
    kg = Decimal("0.001")
    shares = {city: (whole * w / total).quantize(kg) for city, w in sorted(weights.items())}
    largest = max(shares, key=lambda city: shares[city])
    shares[largest] += whole - sum(shares.values())
    return shares


def _task_items(round_: EvaluationRound, member: str, year: int) -> list[dict[str, str]]:
    """A member's answers as the project files suggest (a late project with the reason a
    member would give)."""
    items = []
    for project in rounds.due_projects(round_, member):
        outcome = suggested_outcome(ProjectStatus(project.status), project.commissioning_date, year)
        reason = "" if outcome.value == "done" else "设备到货延迟，预计次年上半年投运（演示）"
        items.append({"project": project.code, "outcome": outcome.value, "reason": reason})
    return items


# The demo's opening of past rounds falls outside their task-list windows: the reason the
# office gives (synthetic).
DEMO_OVERRIDE = "演示数据：补录往年评估轮次（合成） / synthetic demo round"


@dataclass(frozen=True)
class ClosedRound:
    """A past round as the demo holds it: which member's editor submitted its task list on
    which (synthetic) day, and the day the office closed and froze it."""

    submitted: dict[str, date]
    closed_on: date


# The demo's closed rounds (synthetic days). 2024: Zhejiang never submitted, Anhui after the
# deadline. 2025, the last year of the period, the round the annual reports of 2025 read:
# Zhejiang after the deadline, Anhui never.
CLOSED_ROUNDS: dict[int, ClosedRound] = {
    2024: ClosedRound(
        {"sh-editor": date(2025, 3, 20), "js-editor": date(2025, 3, 28),
         "ah-editor": date(2025, 4, 8)},
        closed_on=date(2025, 4, 15),
    ),
    2025: ClosedRound(
        {"sh-editor": date(2026, 3, 24), "js-editor": date(2026, 3, 30),
         "zj-editor": date(2026, 4, 9)},
        closed_on=date(2026, 4, 17),
    ),
}  # fmt: skip
# The year whose frozen round the demo's annual reports are generated from.
REPORT_YEAR = 2025


def _closed_round(office: Any, year: int) -> None:
    """The round of ``year``, closed and frozen on its synthetic day: the yearly scheduling
    evaluation, the lateness of each member and the annual reports read from it."""
    if EvaluationRound.objects.filter(period_id=PERIOD, year=year).exists():
        return
    plan = CLOSED_ROUNDS[year]
    round_ = rounds.open_round(
        by=office, channel="system", period=PERIOD, year=year, override_reason=DEMO_OVERRIDE
    )
    for editor in User.objects.filter(username__in=plan.submitted).order_by("username"):
        member = str(editor.division_id)
        rounds.submit(
            by=editor,
            channel="system",
            period=PERIOD,
            year=year,
            member=member,
            items=_task_items(round_, member, year),
        )
        day = plan.submitted[editor.username]
        round_.submissions.filter(member_id=member).update(
            submitted_at=datetime.combine(day, time(10), tzinfo=CHINA_STANDARD_TIME),
            after_deadline=day > round_.deadline,
        )
    closed = rounds.close_round(by=office, channel="system", period=PERIOD, year=year)
    # Closed and frozen on its (synthetic) day, not the day the demo is built.
    closed_at = datetime.combine(plan.closed_on, time(17), tzinfo=CHINA_STANDARD_TIME)
    snapshot = {**(closed.snapshot or {}), "frozen_at": closed_at.isoformat()}
    EvaluationRound.objects.filter(pk=round_.pk).update(closed_at=closed_at, snapshot=snapshot)


def _evidence(codes: list[str]) -> None:
    """A small synthetic acceptance note for each project the demo verifies."""
    ids = dict(Project.objects.filter(code__in=codes).values_list("code", "pk"))
    content = "合成演示数据：竣工验收意见（示例）。Synthetic demo evidence.".encode()
    digest = hashlib.sha256(content).hexdigest()
    Evidence.objects.bulk_create(
        (
            Evidence(
                project_id=ids[code],
                kind=EvidenceKind.ACCEPTANCE,
                filename=f"{code}-acceptance.txt",
                content_type="text/plain; charset=utf-8",
                size=len(content),
                sha256=digest,
                content=content,
            )
            for code in codes
        ),
        batch_size=1000,
    )
    if codes:
        audit.record(
            actor=None,
            channel="system",
            action="demo.load_evidence",
            object_type="project",
            object_id="*",
            after={"files": len(codes)},
        )
