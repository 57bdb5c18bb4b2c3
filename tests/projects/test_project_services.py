"""The project registry: creating and changing projects, who may, status steps, evidence,
and the stored accounting that anyone can recompute."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from deltacap.accounts.models import User
from deltacap.accounts.permissions import PLATFORM, can
from deltacap.audit.models import AuditEvent
from deltacap.domain.access import Action
from deltacap.domain.accounting import CATEGORIES, recompute
from deltacap.projects import steps
from deltacap.projects.coefficients import ensure_table
from deltacap.projects.demo_profiles import DEMO_COEFFICIENTS, PROFILES
from deltacap.projects.models import Project, ProjectReduction
from deltacap.projects.selectors import read_resource, visible_projects
from tests.projects.conftest import WWTP_INPUTS, project_values

pytestmark = pytest.mark.django_db
MakeProject = Callable[..., Project]


def _body(**overrides: Any) -> dict[str, Any]:
    return {**project_values(**overrides), "period": "14fyp"}


def test_a_member_editor_registers_a_project_and_its_reduction_is_computed(api: Any) -> None:
    r = api.send("POST", "/api/v1/projects", _body(), "js-editor")
    assert r.status_code == 201, r.content
    body = r.json()
    # docs/domain/accounting.md §3.1: Q × (C_in − C_out) × 10⁻⁶ t over 10 000 m³/d × 365 d.
    volume = 10000 * 365
    expected = {"COD": volume * (250 - 30) / 1e6, "NH3-N": volume * (30 - 2) / 1e6}
    got = {row["pollutant"]: row["accounted_tonnes"] for row in body["reductions"]}
    assert got == pytest.approx(expected)
    assert body["coefficients"] == "deltacap-default 2026.1"
    assert body["accounting"]["stored_inputs"]["volume"] == {"value": "10000", "unit": "m3/d"}
    event = AuditEvent.objects.get(action="project.create", object_id=body["code"])
    assert (event.actor_username, event.channel, event.member_code) == (
        "js-editor",
        "api",
        "320000",
    )


def test_a_city_editor_writes_only_in_its_own_city(api: Any) -> None:
    assert api.send("POST", "/api/v1/projects", _body(), "sz-editor").status_code == 201
    nanjing = _body(city="320100")
    r = api.send("POST", "/api/v1/projects", nanjing, "sz-editor", lang="en")
    assert r.status_code == 403
    assert r.json() == {"detail": "You may not write projects of Nanjing.", "field": "city"}
    assert not Project.objects.filter(code=nanjing["code"]).exists()


@pytest.mark.parametrize("user", ["js-viewer", "office", "ent-suzhou", "zj-editor"])
def test_viewers_the_office_enterprises_and_other_members_cannot_register(
    api: Any, user: str
) -> None:
    body = _body()
    r = api.send("POST", "/api/v1/projects", body, user)
    assert r.status_code == 403
    assert not Project.objects.filter(code=body["code"]).exists()


def test_the_public_reads_no_projects(api: Any, make_project: MakeProject) -> None:
    project = make_project()
    assert api.get("/api/v1/projects").status_code == 401
    assert api.get(f"/api/v1/projects/{project.code}").status_code == 401


@pytest.mark.parametrize(
    ("inputs", "field", "words"),
    [
        ({**WWTP_INPUTS, "volume": "10000 kg/d"}, "volume", "m3"),
        ({**WWTP_INPUTS, "effluent_cod": "300 mg/L"}, "effluent_cod", "must not exceed"),
        ({**WWTP_INPUTS, "flow": "1 m3"}, "flow", "not an input"),
    ],
)
def test_bad_accounting_inputs_are_refused_naming_the_input(
    api: Any, inputs: dict[str, str], field: str, words: str
) -> None:
    body = _body(inputs=inputs)
    r = api.send("POST", "/api/v1/projects", body, "js-editor", lang="en")
    assert r.status_code == 422
    assert r.json()["field"] == field
    assert words in r.json()["detail"]
    assert not Project.objects.filter(code=body["code"]).exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"commissioning_date": "2026-02-01"}, "commissioning_date"),
        ({"start_date": "2024-01-01", "commissioning_date": "2023-01-01"}, "start_date"),
        ({"planned": {"COD": "-5"}}, "planned.COD"),
        ({"city": "330100"}, "city"),
        ({"category": "magic"}, "category"),
        ({"status": "verified"}, "status"),
    ],
)
def test_bad_project_fields_are_refused_naming_the_field(
    api: Any, change: dict[str, Any], field: str
) -> None:
    body = _body(**change)
    r = api.send("POST", "/api/v1/projects", body, "js-editor", lang="en")
    assert r.status_code == 422, r.content
    assert r.json()["field"] == field
    assert not Project.objects.filter(code=body["code"]).exists()


def _step(api: Any, code: str, to: str, user: str, reason: str = "") -> Any:
    return api.send(
        "POST", f"/api/v1/projects/{code}/status", {"to": to, "reason": reason}, user, lang="en"
    )


def test_a_project_moves_up_to_verified_each_step_by_its_taker(
    api: Any, client: Any, make_project: MakeProject
) -> None:
    code = make_project(status="planned").code
    assert _step(api, code, "under_construction", "js-editor").status_code == 200
    assert _step(api, code, "commissioned", "sz-editor").status_code == 200
    refused = _step(api, code, "verified", "js-editor")
    assert (refused.status_code, refused.json()["field"]) == (403, "status")
    no_evidence = _step(api, code, "verified", "office")
    assert (no_evidence.status_code, no_evidence.json()["field"]) == (422, "evidence")
    client.force_login(User.objects.get(username="js-editor"))
    upload = client.post(
        f"/api/v1/projects/{code}/evidence",
        {"file": _file("验收意见.pdf", b"%PDF-1.4 acceptance"), "kind": "acceptance"},
    )
    assert upload.status_code == 201, upload.content
    assert _step(api, code, "verified", "office").status_code == 200
    assert set(
        ProjectReduction.objects.filter(project__code=code).values_list("status", flat=True)
    ) == {"verified"}
    actions = list(
        AuditEvent.objects.filter(object_id=code)
        .order_by("id")
        .values_list("action", "actor_username")
    )
    assert actions == [
        ("project.create", ""),
        ("project.under_construction", "js-editor"),
        ("project.commissioned", "sz-editor"),
        ("project.evidence", "js-editor"),
        ("project.verified", "office"),
    ]


def _file(name: str, content: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _verified(make_project: MakeProject, **overrides: Any) -> Project:
    project = make_project(**overrides)
    office = User.objects.get(username="office")
    steps.attach_evidence(
        by=PLATFORM, channel="system", code=project.code, filename="a.txt", content=b"x",
        content_type="text/plain", kind="acceptance",
    )  # fmt: skip
    return steps.move_status(by=office, channel="api", code=project.code, to="verified")


def test_a_verified_project_is_locked_until_the_office_reopens_it(
    api: Any, make_project: MakeProject
) -> None:
    code = _verified(make_project).code
    r = api.send("PATCH", f"/api/v1/projects/{code}", {"name": "改名"}, "js-editor", lang="en")
    assert r.status_code == 409
    assert "verified" in r.json()["detail"]
    assert Project.objects.get(code=code).name != "改名"
    assert _step(api, code, "commissioned", "office").json()["field"] == "reason"
    assert (
        _step(api, code, "commissioned", "office", "recheck the monitoring data").status_code == 200
    )
    r = api.send("PATCH", f"/api/v1/projects/{code}", {"name": "改名"}, "js-editor")
    assert r.status_code == 200
    assert r.json()["review_note"] == "recheck the monitoring data"


def test_changing_the_inputs_recomputes_and_versions_the_reduction(
    api: Any, make_project: MakeProject
) -> None:
    project = make_project()
    inputs = {**WWTP_INPUTS, "effluent_cod": "50 mg/L"}
    r = api.send(
        "PUT", f"/api/v1/projects/{project.code}/accounting", {"inputs": inputs}, "js-editor"
    )
    assert r.status_code == 200, r.content
    cod = next(x for x in r.json()["reductions"] if x["pollutant"] == "COD")
    assert cod["accounted_tonnes"] == pytest.approx(10000 * 365 * (250 - 50) / 1e6)
    assert r.json()["revision"] == 2
    event = AuditEvent.objects.filter(action="project.update", object_id=project.code).get()
    assert event.before["accounting_inputs"]["effluent_cod"]["value"] == "30"


def test_every_category_recomputes_from_its_stored_inputs_to_its_stored_result(
    make_project: MakeProject,
) -> None:
    """Anyone can recompute a stored reduction: the inputs, the category and the coefficient
    table it names give the same figures again."""
    table = ensure_table(DEMO_COEFFICIENTS)
    for index, profile in enumerate(PROFILES):
        make_project(
            code=f"RC-{index:03d}",
            category=profile.category,
            inputs=profile.sized(Decimal(1200 if profile.whole else 35)),
            coefficients=table.label,
            planned={},
        )
    from deltacap.projects.demo import fertiliser_project, interception_project, wetland_project

    for demo in (wetland_project(), interception_project(), fertiliser_project()):
        make_project(
            code=f"RC-{demo.raw.values['category']}",
            category=demo.raw.values["category"],
            inputs=demo.raw.inputs,
            coefficients=table.label,
            planned={},
        )
    stored = list(Project.objects.filter(code__startswith="RC-").select_related("coefficients"))
    assert {p.category for p in stored} == set(CATEGORIES)
    for project in stored:
        again = recompute(
            project.category, project.accounting_inputs, project.coefficients.as_domain()
        )
        assert again.to_json()["reductions"] == project.accounting["reductions"], project.code
        assert again.to_json()["inputs"] == project.accounting["inputs"], project.code
        accounted = {
            r.pollutant_id: r.accounted_tonnes
            for r in project.reductions.exclude(accounted_tonnes=None)
        }
        assert accounted
        for item in again.reductions:
            code = {"cod": "COD", "nh3n": "NH3-N", "nox": "NOx", "vocs": "VOCs"}.get(
                item.pollutant.value
            )
            if code in accounted:
                assert accounted[code] == Decimal(item.kg) / 1000
                assert Fraction(accounted[code]) <= item.exact_tonnes


def test_a_coefficient_table_is_registered_once_and_projects_name_the_one_they_used(
    api: Any, make_project: MakeProject
) -> None:
    data = DEMO_COEFFICIENTS.to_json() | {"id": "jiangsu-official", "version": "2025.1"}
    r = api.send(
        "POST", "/api/v1/projects/coefficients", {"member": "320000", "data": data}, "js-editor"
    )
    assert r.status_code == 201, r.content
    again = api.send(
        "POST", "/api/v1/projects/coefficients", {"member": "320000", "data": data}, "js-editor"
    )
    assert again.status_code == 409
    other = api.send(
        "POST", "/api/v1/projects/coefficients", {"member": "330000", "data": data}, "js-editor"
    )
    assert other.status_code == 403
    # New Jiangsu projects take the member's newest table; the older project keeps its own.
    assert make_project().coefficients.label == "jiangsu-official 2025.1"


def test_the_project_list_query_agrees_with_the_access_rules(make_project: MakeProject) -> None:
    from deltacap.enterprises.models import Enterprise

    firm = User.objects.get(username="ent-suzhou").enterprise
    assert isinstance(firm, Enterprise)
    county = firm.division_id if firm.division.level == "county" else None
    projects = [
        make_project(enterprise=firm.uscc, city="320500", county=county),
        make_project(member="330000", city="330100"),
        make_project(member="310000", city="310000", county="310118"),
        make_project(member="310000", city="310000", county="310101"),
    ]
    # The read rule takes the office's sharing policy as data (``Resource.shared``), as the
    # query takes it: both values, every account.
    for shared in (True, False):
        for user in User.objects.all():
            visible = visible_projects(user, shared).filter(pk__in=[p.pk for p in projects])
            for project in projects:
                readable = can(user, Action.READ, read_resource(project, shared))
                assert (project in set(visible)) == readable, (
                    shared,
                    user.username,
                    project.code,
                )
