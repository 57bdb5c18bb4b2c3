"""The create and edit forms of a project on its pages: only the places a user may write are
offered, a project is created and changed through the same services as the API, and a
refusal is shown at the field it names with nothing written."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from deltacap.audit.models import AuditEvent
from deltacap.projects.models import Project
from tests.projects.conftest import project_values

pytestmark = pytest.mark.django_db
MakeProject = Callable[..., Project]


def _client(users: Callable[[str], Any], name: str, lang: str = "zh-hans") -> Client:
    client = Client()
    client.force_login(users(name))
    client.cookies["django_language"] = lang
    return client


def _options(html: str, name: str) -> list[str]:
    """The option values of the select ``name`` in ``html``."""
    found = re.search(rf'<select id="[^"]*" name="{re.escape(name)}".*?</select>', html, re.S)
    assert found, f"no select {name}"
    return re.findall(r'<option value="([^"]*)"', found.group(0))


def _message_at(html: str, field: str) -> str:
    """The error shown under the form field ``field`` (its id), or ""."""
    html_id = "id-" + field.replace(".", "-")
    found = re.search(rf'id="error-{re.escape(html_id)}"[^>]*>([^<]*)<', html)
    return found.group(1) if found else ""


def _form(**overrides: str) -> dict[str, str]:
    """The create form as a Jiangsu editor fills it in (a Suzhou WWTP project)."""
    values = project_values()
    form = {
        "code": values["code"],
        "name": values["name"],
        "period": "14fyp",
        "category": "wwtp_new",
        "sector": values["sector"],
        "note": "",
        "member": "320000",
        "city": "320500",
        "county": "320509",
        "enterprise": "",
        "status": "planned",
        "start_date": "2022-03-01",
        "commissioning_date": "2023-06-30",
        "due_year": "",
        "planned.COD": "800",
        "planned.NH3-N": "",
        "planned.NOx": "",
        "planned.VOCs": "",
    }
    form.update(overrides)
    return form


def test_editors_are_offered_a_new_project_and_readers_are_not(users: Any) -> None:
    assert 'id="create-link"' in _client(users, "js-editor").get("/projects/").content.decode()
    for name in ("js-viewer", "office", "ent-suzhou"):
        page = _client(users, name).get("/projects/").content.decode()
        assert 'id="create-link"' not in page, name
        assert _client(users, name).get("/projects/new/").status_code == 403


@pytest.mark.parametrize(
    ("user", "members", "cities", "counties"),
    [
        ("js-editor", ["320000"], 13, None),
        ("sz-editor", ["320000"], 1, ""),
        ("qp-editor", ["310000"], 1, "310118"),
    ],
)
def test_the_form_offers_only_the_places_the_user_may_write(
    users: Any, user: str, members: list[str], cities: int, counties: str | None
) -> None:
    page = _client(users, user).get("/projects/new/").content.decode()
    assert _options(page, "member") == members
    assert len(_options(page, "city")) == cities
    county_options = _options(page, "county")
    if counties is not None:
        # A city's editor may leave the county empty; a county's editor must name its own.
        assert county_options[0] == counties
    if user == "qp-editor":
        assert county_options == ["310118"]


def test_choosing_a_city_narrows_the_counties_and_enterprises(users: Any) -> None:
    client = _client(users, "js-editor")
    page = client.get("/projects/new/places/", {"member": "320000", "city": "320500"})
    counties = _options(page.content.decode(), "county")
    assert counties[0] == "" and "320509" in counties and "320102" not in counties
    enterprises = _options(page.content.decode(), "enterprise")[1:]
    from deltacap.enterprises.models import Enterprise

    assert enterprises
    for uscc in enterprises:
        division = Enterprise.objects.get(uscc=uscc).division
        assert "320500" in division.path()


def test_a_member_editor_registers_a_project_on_the_page(users: Any) -> None:
    form = _form()
    response = _client(users, "js-editor").post("/projects/new/", form)
    assert response.status_code == 302
    assert response["Location"] == f"/projects/{form['code']}/"
    project = Project.objects.get(code=form["code"])
    assert (project.city_id, project.county_id, project.category) == (
        "320500",
        "320509",
        "wwtp_new",
    )
    assert project.due_year == 2023  # empty: the year of commissioning
    planned = {r.pollutant_id: r.planned_tonnes for r in project.reductions.all()}
    assert planned == {"COD": 800}
    event = AuditEvent.objects.get(action="project.create", object_id=form["code"])
    assert (event.actor_username, event.channel) == ("js-editor", "page")


@pytest.mark.parametrize(
    ("user", "change", "field", "words"),
    [
        ("js-editor", {"commissioning_date": "2026-02-01"}, "commissioning_date", "2026-02-01"),
        ("js-editor", {"start_date": "2024-01-01"}, "start_date", "2024-01-01"),
        ("js-editor", {"planned.COD": "-5"}, "planned.COD", "-5"),
        ("js-editor", {"planned.COD": "１２"}, "planned.COD", "１２"),
        ("js-editor", {"code": "new"}, "code", "new"),
        ("js-editor", {"name": ""}, "name", ""),
        ("sz-editor", {"city": "320100", "county": ""}, "city", "Nanjing"),
    ],
)
def test_a_refusal_is_shown_at_its_field_and_nothing_is_written(
    users: Any, user: str, change: dict[str, str], field: str, words: str
) -> None:
    form = _form(**change)
    events = AuditEvent.objects.count()
    response = _client(users, user, lang="en").post("/projects/new/", form)
    assert response.status_code in (403, 422)
    page = response.content.decode()
    message = _message_at(page, field)
    assert message and words in message, page
    assert 'id="form-error"' not in page
    assert not Project.objects.filter(code=form["code"]).exists()
    assert AuditEvent.objects.count() == events


def test_a_refusal_is_worded_in_chinese_on_chinese_pages(users: Any) -> None:
    form = _form(start_date="2024-01-01")
    page = _client(users, "js-editor").post("/projects/new/", form).content.decode()
    assert "开工日期 2024-01-01 晚于投运日期" in _message_at(page, "start_date")
    # What was typed is kept.
    assert f'value="{form["code"]}"' in page


def test_the_edit_form_shows_the_project_and_saves_changes(
    users: Any, make_project: MakeProject
) -> None:
    project = make_project(county="320509")
    client = _client(users, "js-editor")
    page = client.get(f"/projects/{project.code}/edit/").content.decode()
    assert f'value="{project.name}"' in page and 'value="800"' in page
    assert '<option value="320509" selected>' in page
    assert 'name="code"' not in page  # the code is the key; it cannot be changed
    form = {
        "name": "苏州某污水处理厂扩建工程（二期）",
        "category": "wwtp_new",
        "sector": "污水处理",
        "note": "二期",
        "member": "320000",
        "city": "320500",
        "county": "320509",
        "enterprise": "",
        "start_date": "2022-03-01",
        "commissioning_date": "2023-06-30",
        "due_year": "2024",
        "planned.COD": "820.5",
        "planned.NH3-N": "100",
    }
    response = client.post(f"/projects/{project.code}/edit/", form)
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.name, project.note, project.due_year) == (form["name"], "二期", 2024)
    assert project.reductions.get(pollutant_id="COD").planned_tonnes == pytest.approx(820.5)
    # The accounting is kept: the inputs were not part of the form.
    assert project.reductions.get(pollutant_id="COD").accounted_tonnes == 803
    event = AuditEvent.objects.filter(action="project.update", object_id=project.code).get()
    assert event.channel == "page" and event.before["name"] != event.after["name"]


def test_a_refused_edit_keeps_the_project_as_it_was(users: Any, make_project: MakeProject) -> None:
    project = make_project()
    client = _client(users, "js-editor", lang="en")
    form = {**_form(), "start_date": "2024-01-01", "name": "改名"}
    response = client.post(f"/projects/{project.code}/edit/", form)
    assert response.status_code == 422
    assert "after the commissioning date" in _message_at(response.content.decode(), "start_date")
    project.refresh_from_db()
    assert project.name != "改名" and project.revision == 1


def test_another_members_editor_cannot_edit(users: Any, make_project: MakeProject) -> None:
    project = make_project()
    client = _client(users, "zj-editor", lang="en")
    response = client.post(f"/projects/{project.code}/edit/", {**_form(), "name": "改名"})
    assert response.status_code == 403
    assert "改名" not in response.content.decode()
    project.refresh_from_db()
    assert project.name != "改名"


def test_the_project_page_links_to_its_edit_form_for_its_writers(
    users: Any, make_project: MakeProject
) -> None:
    project = make_project()
    url = f"/projects/{project.code}/"
    assert 'id="edit-link"' in _client(users, "js-editor").get(url).content.decode()
    assert 'id="edit-link"' not in _client(users, "js-viewer").get(url).content.decode()
    assert 'id="edit-link"' not in _client(users, "office").get(url).content.decode()


@pytest.mark.parametrize(
    "name", ["office", "js-editor", "sz-editor", "qp-editor", "js-viewer", "ent-suzhou"]
)
def test_the_places_offered_are_exactly_those_the_rules_let_the_user_write(
    users: Any, name: str
) -> None:
    from deltacap.accounts.permissions import can
    from deltacap.domain.access import Action, Kind, Resource
    from deltacap.projects.selectors import writable_places
    from deltacap.reference.models import Division, Level

    user = users(name)
    places = writable_places(user)

    def allowed(division: Any) -> bool:
        path = tuple(dict.fromkeys(division.path()))
        return can(user, Action.EDIT_PROJECT, Resource(Kind.PROJECT, path, level=division.level))

    counties = {c.code for cities in places.counties.values() for c in cities}
    expected = {d.code for d in Division.objects.filter(level=Level.COUNTY) if allowed(d)}
    assert counties == expected
    whole = {d.code for d in Division.objects.filter(prefecture=True) if allowed(d)}
    assert places.whole_cities == whole
    assert bool(places.members) == (name not in ("office", "js-viewer", "ent-suzhou"))
