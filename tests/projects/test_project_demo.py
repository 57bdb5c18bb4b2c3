"""The demo's projects: several thousand, 2021-2025, every category and city, the region's
targets reached with members behind, and figures that recompute from their stored inputs."""

from __future__ import annotations

import re
from typing import Any

import pytest

from deltacap.domain.accounting import CATEGORIES, recompute
from deltacap.projects.demo import load_demo_projects
from deltacap.projects.models import Project
from deltacap.projects.progress import progress
from deltacap.reference.models import Division, PlanningPeriod

pytestmark = pytest.mark.django_db


def test_the_demo_tells_a_story_on_real_targets() -> None:
    created = load_demo_projects()
    assert created >= 3000
    assert load_demo_projects() == 0  # loading again adds nothing
    projects = Project.objects.filter(period_id="14fyp")
    assert set(projects.values_list("category", flat=True)) == set(CATEGORIES)
    cities = set(Division.objects.filter(prefecture=True).values_list("code", flat=True))
    assert set(projects.values_list("city_id", flat=True)) == cities
    years = {d.year for d in projects.values_list("commissioning_date", flat=True)}
    assert years == {2021, 2022, 2023, 2024, 2025}
    statuses = set(projects.values_list("status", flat=True))
    assert statuses == {"planned", "under_construction", "commissioned", "verified", "rejected"}

    report = progress(PlanningPeriod.objects.get(code="14fyp"), year=2025)
    region = [f for f in report.figures if f.scope == "region"]
    assert all(f.completion_rate is not None and f.completion_rate >= 1 for f in region)
    behind = [
        (f.scope, f.pollutant) for f in report.figures if f.status in ("behind", "far_behind")
    ]
    assert behind and all(scope != "region" for scope, _ in behind)
    assert report.consistent

    sample = (
        projects.filter(status="verified").select_related("coefficients").order_by("code")[::97]
    )
    for project in sample:
        again = recompute(
            project.category, project.accounting_inputs, project.coefficients.as_domain()
        )
        assert again.to_json()["reductions"] == project.accounting["reductions"], project.code


# What each industry of the demo's enterprises could plausibly run on its own site, judged
# by what its plant emits: a wastewater company treats water, a cement works runs a kiln.
WATER_CATEGORIES = {"wwtp_new", "wwtp_upgrade", "sewer_network", "rural_sewage", "livestock",
                    "industrial_ww", "industrial_reuse"}  # fmt: skip
ULTRA_LOW = {"ule_power": "热电", "ule_steel": "钢铁", "ule_cement": "水泥", "ule_coking": "钢铁"}


def test_the_demo_records_are_coherent_and_verified_projects_pass_their_own_checks(
    client: Any,
) -> None:
    from django.utils import timezone

    from deltacap.domain.projects import TRANSITIONS, Facts, ProjectStatus, unmet_needs
    from deltacap.projects.accounting_form import accounting_form, check_one, stored_values
    from deltacap.projects.models import EvaluationRound

    load_demo_projects()
    projects = Project.objects.filter(period_id="14fyp").select_related("enterprise")
    with_enterprise = [p for p in projects if p.enterprise is not None]
    assert len(with_enterprise) > 100
    for p in with_enterprise:
        sector = p.enterprise.sector
        if p.category in ULTRA_LOW:
            assert sector == ULTRA_LOW[p.category], (p.code, p.category, sector)
        if sector in ("污水处理", "畜禽养殖"):
            assert p.category in WATER_CATEGORIES, (p.code, p.category, sector)
        if p.category in ("wwtp_new", "wwtp_upgrade"):
            assert sector == "污水处理", (p.code, sector)

    verify = TRANSITIONS[(ProjectStatus.COMMISSIONED, ProjectStatus.VERIFIED)]
    verified = projects.filter(status="verified").prefetch_related("evidence", "reductions")
    for p in verified[::13]:
        facts = Facts(
            has_commissioning_date=p.commissioning_date is not None,
            has_evidence=p.evidence.exists(),
            has_reduction=bool(p.accounting and p.accounting.get("reductions")),
        )
        assert unmet_needs(verify, facts) == [], p.code
        values = stored_values(p.category, p.accounting_inputs)
        form = accounting_form(p.category, values)
        for field in form.fields:
            assert check_one(form, field.name, values) == "", (p.code, field.name)
        assert all(r.accounted_tonnes is not None for r in p.reductions.all()), p.code

    # An enterprise's page links to its projects; the list filtered to it shows only them.
    from deltacap.accounts.models import User

    firm = max({p.enterprise for p in with_enterprise}, key=lambda e: e.projects.count())
    client.force_login(User.objects.get(username="office"))
    page = client.get(f"/enterprises/{firm.pk}/").content.decode()
    section = page.split('id="enterprise-projects"')[1].split("</section>")[0]
    shown = set(re.findall(r'href="/projects/([^/"]+)/"', section))
    assert shown and shown <= {p.code for p in with_enterprise if p.enterprise == firm}
    listed = client.get("/projects/", {"enterprise": str(firm.pk)}).content.decode()
    mine = set(Project.objects.filter(enterprise=firm).values_list("code", flat=True))
    assert set(re.findall(r'href="/projects/([A-Z]{2}-\d{4}-\d{5})/"', listed)) == mine

    # The rounds of 2024 and 2025 closed and frozen on their (synthetic) days; the page of
    # 2025 shows Zhejiang's task list after the deadline and Anhui's never sent.
    assert not EvaluationRound.objects.filter(period_id="14fyp", state="open").exists()
    closed = EvaluationRound.objects.filter(period_id="14fyp", state="closed")
    assert sorted(closed.values_list("year", flat=True)) == [2024, 2025]
    round_ = closed.get(year=2025)
    assert str(timezone.localtime(round_.closed_at).date()) == "2026-04-17"
    assert round_.snapshot["frozen_at"].startswith("2026-04-17")
    late = dict(round_.submissions.values_list("member_id", "after_deadline"))
    assert late == {"310000": False, "320000": False, "330000": True}
    for submission in round_.submissions.all():
        assert (
            submission.items.count()
            == Project.objects.filter(member_id=submission.member_id, due_year=round_.year).count()
            > 0
        )
    frozen = {(r["scope"], r["pollutant"]): r for r in round_.snapshot["progress"]}
    live = progress(PlanningPeriod.objects.get(code="14fyp"), year=2025).figures
    assert {(f.scope, f.pollutant): f.to_json() for f in live} == frozen
    client.cookies["django_language"] = "en"
    page = client.get("/projects/rounds/14fyp/2025/").content.decode()
    assert "Closed and frozen on 2026-04-17" in page
    rows = dict(re.findall(r'data-member="(\d+)" data-lateness="(\w+)"', page))
    assert rows == {"310000": "on_time", "320000": "on_time", "330000": "late",
                    "340000": "overdue"}  # fmt: skip
    assert "9 days" in page  # Zhejiang: 9 April against 31 March
    assert 'id="close-round"' not in page and 'id="evaluation-link"' in page


def test_the_demo_splits_one_members_targets_to_its_cities_exactly() -> None:
    from deltacap.projects.decomposition import decomposition
    from deltacap.targets.models import Target

    load_demo_projects()
    period = PlanningPeriod.objects.get(code="14fyp")
    jiangsu = [c for c in decomposition(period) if c.scope == "320000"]
    assert jiangsu and all(c.state == "ok" for c in jiangsu)
    cities = Division.objects.filter(parent_id="320000", prefecture=True).count()
    shares = Target.objects.filter(period=period, division__parent_id="320000")
    assert shares.count() == cities * len(jiangsu)
    assert all(t.tonnes is not None and t.tonnes > 0 for t in shares)
    others = [c for c in decomposition(period) if c.scope in ("310000", "330000", "340000")]
    assert all(c.state in ("not_split", "no_whole") for c in others)
