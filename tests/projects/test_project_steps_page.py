"""Status steps on the project page: the next steps by the names officials use, the steps
back only where the workflow has them and only for those who may take them, the office's
review steps only to the office, the reason field where a step needs one."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from deltacap.accounts.models import User
from deltacap.accounts.permissions import PLATFORM
from deltacap.domain.projects import TRANSITIONS
from deltacap.projects import steps
from deltacap.projects.models import Project

pytestmark = pytest.mark.django_db
MakeProject = Callable[..., Project]


def _client(name: str, lang: str = "zh-hans") -> Client:
    client = Client()
    client.force_login(User.objects.get(username=name))
    client.cookies["django_language"] = lang
    return client


def _offered(project: Project, name: str, lang: str = "zh-hans") -> dict[str, dict[str, Any]]:
    """The steps the page offers ``name``: by target status, the button's words, whether it
    undoes a step, whether it asks a reason, whether it is disabled."""
    page = _client(name, lang).get(f"/projects/{project.code}/").content.decode()
    found = {}
    for form in re.findall(r'<form [^>]*class="step[^"]*".*?</form>', page, re.S):
        to = re.search(r'name="to" value="([^"]+)"', form)
        button = re.search(r"<button[^>]*>([^<]+)</button>", form)
        assert to and button
        found[to.group(1)] = {
            "name": button.group(1).strip(),
            "backward": "backward" in form.split(">", 1)[0],
            "reason": 'name="reason"' in form,
            "disabled": "disabled" in form.split("<button", 1)[1].split(">", 1)[0],
        }
    return found


def _verified(make_project: MakeProject) -> Project:
    project = make_project()
    steps.attach_evidence(
        by=PLATFORM,
        channel="system",
        code=project.code,
        filename="acceptance.pdf",
        content=b"%PDF-1.4",
        content_type="application/pdf",
        kind="acceptance",
    )
    office = User.objects.get(username="office")
    return steps.move_status(by=office, channel="page", code=project.code, to="verified")


def test_a_planned_project_offers_its_writers_to_start_construction(
    make_project: MakeProject,
) -> None:
    project = make_project(status="planned")
    assert _offered(project, "js-editor") == {
        "under_construction": {
            "name": "开工建设",
            "backward": False,
            "reason": False,
            "disabled": False,
        }
    }
    english = _offered(project, "js-editor", "en")
    assert english["under_construction"]["name"] == "Start construction"
    assert _offered(project, "js-viewer") == {} and _offered(project, "office") == {}


def test_under_construction_the_next_step_comes_first_and_the_step_back_apart(
    make_project: MakeProject,
) -> None:
    project = make_project(status="under_construction")
    offered = _offered(project, "sz-editor")
    assert list(offered) == ["commissioned", "planned"]
    assert offered["commissioned"]["name"] == "投运并提交核查"
    assert not offered["commissioned"]["backward"]
    assert offered["planned"] == {
        "name": "撤回开工",
        "backward": True,
        "reason": False,
        "disabled": False,
    }


def test_on_a_commissioned_project_only_the_office_reviews(make_project: MakeProject) -> None:
    project = make_project(status="commissioned")
    writer = _offered(project, "js-editor")
    assert set(writer) == {"under_construction"}
    assert writer["under_construction"]["name"] == "撤回投运"
    page = _client("js-editor").get(f"/projects/{project.code}/").content.decode()
    assert "已提交：下一步由专班办公室核查。" in page
    office = _offered(project, "office")
    assert list(office) == ["verified", "rejected"]
    # Verification needs an evidence file first: offered, but not yet possible.
    assert office["verified"]["name"] == "核查确认" and office["verified"]["disabled"]
    assert office["rejected"] == {
        "name": "退回",
        "backward": False,
        "reason": True,
        "disabled": False,
    }
    page = _client("office").get(f"/projects/{project.code}/").content.decode()
    assert "尚需： 佐证材料" in page


def test_a_verified_project_is_reopened_by_the_office_alone_with_a_reason(
    make_project: MakeProject,
) -> None:
    project = _verified(make_project)
    assert _offered(project, "js-editor") == {}
    assert _offered(project, "office") == {
        "commissioned": {
            "name": "撤销核查确认",
            "backward": True,
            "reason": True,
            "disabled": False,
        }
    }


def test_a_rejected_project_is_resubmitted_by_its_writers(make_project: MakeProject) -> None:
    project = make_project(status="commissioned")
    office = User.objects.get(username="office")
    steps.move_status(
        by=office, channel="page", code=project.code, to="rejected", reason="缺少监测数据"
    )
    assert _offered(project, "js-editor")["commissioned"]["name"] == "重新提交核查"


def test_a_step_without_its_reason_is_refused_next_to_it(make_project: MakeProject) -> None:
    project = make_project(status="commissioned")
    client = _client("office")
    url = f"/projects/{project.code}/"
    response = client.post(f"{url}status/", {"to": "rejected", "reason": " "})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    form = re.search(r'<form [^>]*id="step-rejected-form".*?</form>', page, re.S)
    assert form and "请填写该决定的理由" in form.group(0)
    project.refresh_from_db()
    assert project.status == "commissioned"


def test_a_step_taken_says_what_was_done(make_project: MakeProject) -> None:
    project = make_project(status="commissioned")
    client = _client("office")
    url = f"/projects/{project.code}/"
    client.post(f"{url}status/", {"to": "rejected", "reason": "缺少监测数据"})
    page = client.get(url).content.decode()
    assert "退回：已完成。工程当前状态：退回。" in page
    project.refresh_from_db()
    assert (project.status, project.review_note) == ("rejected", "缺少监测数据")


def test_every_step_of_the_workflow_has_a_name() -> None:
    from django.utils import translation

    with translation.override("zh-hans"):
        names = {translation.gettext(step.name) for step in TRANSITIONS.values()}
    assert len(names) == len(TRANSITIONS)
    assert all(re.search(r"[\u4e00-\u9fff]", name) for name in names)
