"""Key reduction projects shared among the members (信息共享, 二(一)): under the office's
default policy every member's officials read every member's projects, read-only; under
"own member" each reads its own member's again. Writes stay with the project's place."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.utils import CaptureQueriesContext

from deltacap.audit.models import AuditEvent
from deltacap.projects.models import Project
from deltacap.sharing.services import set_policy

pytestmark = pytest.mark.django_db

MakeProject = Callable[..., Any]


def _client(users: Callable[[str], Any], name: str) -> Client:
    client = Client()
    client.force_login(users(name))
    client.cookies["django_language"] = "en"
    return client


def _keep_to_own_member(users: Callable[[str], Any]) -> None:
    set_policy(by=users("office"), channel="system", category="projects", scope="own_member")


def _edit_form(project: Any, **overrides: str) -> dict[str, str]:
    """The project's edit form as its own editor would send it, with ``overrides``."""
    form = {
        "code": project.code,
        "name": project.name,
        "period": "14fyp",
        "category": "wwtp_new",
        "sector": project.sector,
        "note": "",
        "member": "330000",
        "city": "330100",
        "county": "",
        "enterprise": "",
        "status": project.status,
        "start_date": "2022-03-01",
        "commissioning_date": "2023-06-30",
        "due_year": "",
        "planned.COD": "800",
        "planned.NH3-N": "",
        "planned.NOx": "",
        "planned.VOCs": "",
    }
    return form | overrides


@pytest.fixture
def zhejiang(make_project: MakeProject) -> Any:
    """A Hangzhou project (Zhejiang's), commissioned."""
    return make_project(member="330000", city="330100", name="杭州某污水处理厂提标工程")


def test_a_jiangsu_viewer_reads_a_zhejiang_project_by_default_read_only(
    users: Any, api: Any, zhejiang: Any, make_project: MakeProject
) -> None:
    mine = make_project()
    client = _client(users, "js-viewer")
    listed = client.get("/projects/").content.decode()
    assert f'data-code="{zhejiang.code}"' in listed and f'data-code="{mine.code}"' in listed
    only_zhejiang = client.get("/projects/", {"member": "330000"}).content.decode()
    assert f'data-code="{zhejiang.code}"' in only_zhejiang
    assert f'data-code="{mine.code}"' not in only_zhejiang
    page = client.get(f"/projects/{zhejiang.code}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert zhejiang.name in html
    for writing in ('id="edit-link"', 'id="evidence-form"', 'id="accounting-form"', "step-"):
        assert writing not in html, writing
    codes = [p["code"] for p in api.get("/api/v1/projects", "js-viewer").json()]
    assert zhejiang.code in codes and mine.code in codes
    detail = api.get(f"/api/v1/projects/{zhejiang.code}", "js-viewer")
    assert detail.status_code == 200 and detail.json()["member"] == "330000"


@pytest.mark.parametrize("name", ["js-editor", "sz-editor", "qp-editor", "sh-viewer"])
def test_every_members_officials_read_it_and_its_editors_get_no_forms(
    users: Any, zhejiang: Any, name: str
) -> None:
    page = _client(users, name).get(f"/projects/{zhejiang.code}/")
    assert page.status_code == 200
    html = page.content.decode()
    for writing in ('id="edit-link"', 'id="evidence-form"', 'id="accounting-form"', "step-"):
        assert writing not in html, writing
    # Its own editors keep theirs.
    own = _client(users, "zj-editor").get(f"/projects/{zhejiang.code}/").content.decode()
    assert 'id="edit-link"' in own


def test_enterprises_and_the_public_keep_what_they_read(
    users: Any, api: Any, zhejiang: Any
) -> None:
    assert api.get(f"/api/v1/projects/{zhejiang.code}", "ent-suzhou").status_code == 403
    codes = [p["code"] for p in api.get("/api/v1/projects", "ent-suzhou").json()]
    assert zhejiang.code not in codes
    assert api.get(f"/api/v1/projects/{zhejiang.code}").status_code == 401
    assert Client().get(f"/projects/{zhejiang.code}/").status_code == 302  # to sign in


def test_under_own_member_a_jiangsu_viewer_reads_only_jiangsus(
    users: Any, api: Any, zhejiang: Any, make_project: MakeProject
) -> None:
    mine = make_project()
    _keep_to_own_member(users)
    client = _client(users, "js-viewer")
    listed = client.get("/projects/").content.decode()
    assert f'data-code="{zhejiang.code}"' not in listed and f'data-code="{mine.code}"' in listed
    assert client.get(f"/projects/{zhejiang.code}/").status_code == 403
    codes = [p["code"] for p in api.get("/api/v1/projects", "js-viewer").json()]
    assert zhejiang.code not in codes and mine.code in codes
    assert api.get(f"/api/v1/projects/{zhejiang.code}", "js-viewer").status_code == 403
    assert api.get(f"/api/v1/projects/{zhejiang.code}", "sz-editor").status_code == 403
    # Zhejiang's own officials and the office read it still.
    assert api.get(f"/api/v1/projects/{zhejiang.code}", "zj-editor").status_code == 200
    assert api.get(f"/api/v1/projects/{zhejiang.code}", "office").status_code == 200


def test_an_editor_changes_nothing_of_another_members_project(
    users: Any, api: Any, zhejiang: Any
) -> None:
    def state() -> tuple[Any, ...]:
        p = Project.objects.get(pk=zhejiang.pk)
        return p.name, p.status, p.revision, p.accounting_inputs, p.evidence.count()

    before, events = state(), AuditEvent.objects.count()
    client = _client(users, "js-editor")
    code = zhejiang.code
    posts = [
        (f"/projects/{code}/edit/", _edit_form(zhejiang, name="改名")),
        (f"/projects/{code}/accounting/", {"volume": "1", "volume_unit": "m3/d"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    # A status step goes back to the project's page, which says why it was refused.
    step = client.post(f"/projects/{code}/status/", {"to": "under_construction"}, follow=True)
    assert step.status_code == 200
    assert 'id="project-error"' in step.content.decode()
    upload = SimpleUploadedFile("report.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    evidence = client.post(f"/projects/{code}/evidence/", {"kind": "other", "file": upload})
    assert evidence.status_code == 302  # back to the page with the refusal
    patch = api.send("PATCH", f"/api/v1/projects/{code}", {"name": "改名"}, "js-editor")
    assert patch.status_code == 403
    status = api.send(
        "POST", f"/api/v1/projects/{code}/status", {"to": "under_construction"}, "js-editor"
    )
    assert status.status_code == 403
    assert state() == before and AuditEvent.objects.count() == events


def test_the_list_reads_the_policy_once(users: Any, zhejiang: Any) -> None:
    from django.db import connection

    client = _client(users, "js-viewer")
    client.get("/projects/")
    with CaptureQueriesContext(connection) as context:
        assert client.get("/projects/").status_code == 200
    policy_reads = [q for q in context.captured_queries if "sharing_sharingpolicy" in q["sql"]]
    assert len(policy_reads) == 1
