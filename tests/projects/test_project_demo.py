"""The demo's projects: several thousand, 2021-2025, every category and city, the region's
targets reached with members behind, and figures that recompute from their stored inputs."""

from __future__ import annotations

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
