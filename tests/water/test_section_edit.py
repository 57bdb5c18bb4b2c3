"""A section changed through the API, the page and the command line: by the office or an
editor of a member responsible for it, audited with words in both languages; refused to
everyone else and on a bad value (the field named in the user's language), nothing written."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from deltacap.audit.models import AuditEvent
from deltacap.water.models import Section

pytestmark = pytest.mark.usefixtures("water")

# 太湖湖心 (synthetic) is Jiangsu's; 街口 is Zhejiang's and Anhui's.
TAIHU = "taihu-centre-demo"


def _section(code: str = TAIHU) -> Section:
    return Section.objects.get(code=code)


def _state(code: str = TAIHU) -> tuple[Any, ...]:
    s = _section(code)
    return (s.name_zh, s.name_en, s.kind, s.lon, s.lat, s.target_class, s.approximate, s.source)


def _events(code: str = TAIHU) -> int:
    return AuditEvent.objects.filter(object_type="water_section", object_id=code).count()


def _patch(api: Any, user: str | None, body: dict[str, Any], lang: str = "en") -> Any:
    url = f"/api/v1/water/sections/{_section().pk}"
    return api.send("PATCH", url, body, as_user=user, lang=lang)


# --- API -------------------------------------------------------------------------------


def test_the_responsible_members_editor_changes_the_section_and_it_is_audited(api: Any) -> None:
    before, was = _events(), _section().target_class
    response = _patch(
        api, "js-editor", {"target_class": 4, "lon": "120.21", "lat": 31.19, "approximate": False}
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["target_class"] == "IV" and data["lon"] == 120.21 and data["lat"] == 31.19
    assert data["approximate"] is False
    section = _section()
    assert (section.target_class, section.lon, section.lat) == (4, 120.21, 31.19)
    assert _events() == before + 1
    event = AuditEvent.objects.filter(object_id=TAIHU).latest("pk")
    assert event.action == "water.section.save" and event.channel == "api"
    assert event.before["target_class"] == was != 4
    assert event.after["target_class"] == 4 and event.member_code == "320000"


def test_the_office_edits_any_section(api: Any) -> None:
    response = _patch(api, "office", {"name_en": "Taihu lake centre"})
    assert response.status_code == 200
    assert _section().name_en == "Taihu lake centre"


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("zj-editor", 403),  # another member's editor
        ("js-viewer", 403),  # a viewer of the responsible member
        ("sz-editor", 403),  # a city editor inside the member
        ("ent-suzhou", 403),  # an enterprise
        (None, 401),  # the public
    ],
)
def test_everyone_else_is_refused_and_nothing_changes(
    api: Any, user: str | None, status: int
) -> None:
    before, events = _state(), _events()
    response = _patch(api, user, {"target_class": 5, "name_zh": "改名"})
    assert response.status_code == status
    assert "detail" in response.json()
    assert _state() == before and _events() == events


@pytest.mark.parametrize(
    ("body", "field", "en", "zh"),
    [
        ({"lon": 200}, "lon", "at most 124", "124"),
        ({"lon": 100}, "lon", "at least 113", "113"),
        ({"lat": "north"}, "lat", "Enter a number", "数"),
        ({"target_class": 6}, "target_class", "at most 5", "5"),
        ({"target_class": 0}, "target_class", "at least 1", "1"),
        ({"kind": "lake"}, "kind", "Unknown kind of section", "断面"),
        ({"name_zh": "  "}, "name_zh", "Chinese name", "中文"),
    ],
)
def test_bad_values_are_refused_naming_the_field_in_both_languages(
    api: Any, body: dict[str, Any], field: str, en: str, zh: str
) -> None:
    before, events = _state(), _events()
    english = _patch(api, "js-editor", body, lang="en")
    chinese = _patch(api, "js-editor", body, lang="zh-hans")
    assert english.status_code in (400, 422) and chinese.status_code == english.status_code
    assert english.json()["field"] == field and chinese.json()["field"] == field
    assert en in english.json()["detail"]
    assert zh in chinese.json()["detail"] and chinese.json()["detail"] != english.json()["detail"]
    assert _state() == before and _events() == events


def test_a_member_editor_creates_a_section_of_its_own_member_only(api: Any) -> None:
    body = {
        "code": "taihu-west-demo",
        "water_body": "taihu",
        "member": "320000",
        "name_zh": "太湖西部（示意）",
        "name_en": "West Taihu (illustrative)",
        "kind": "provincial",
        "lon": 119.95,
        "lat": 31.25,
        "target_class": 3,
        "approximate": True,
        "source": "示意位置",
    }
    refused = api.send("POST", "/api/v1/water/sections", {**body, "member": "330000"},
                       as_user="js-editor", lang="en")  # fmt: skip
    assert refused.status_code == 403
    assert not Section.objects.filter(code="taihu-west-demo").exists()
    created = api.send("POST", "/api/v1/water/sections", body, as_user="js-editor", lang="en")
    assert created.status_code == 201, created.content
    assert created.json()["responsible"] == ["320000"] and created.json()["target_class"] == "III"
    assert _events("taihu-west-demo") == 1
    again = api.send("POST", "/api/v1/water/sections", body, as_user="js-editor", lang="en")
    assert again.status_code == 409 and again.json()["field"] == "code"


def test_the_audit_trail_names_the_event_in_both_languages() -> None:
    from django.utils import translation

    from deltacap.audit.labels import ACTIONS

    with translation.override("zh-hans"):
        assert str(ACTIONS["water.section.save"]) == "水质断面已保存"
    with translation.override("en"):
        assert str(ACTIONS["water.section.save"]) == "Water section saved"


# --- the page ----------------------------------------------------------------------------


def _login(client: Any, users: Any, name: str, lang: str) -> None:
    client.force_login(users(name))
    client.cookies["django_language"] = lang


def test_the_edit_form_is_shown_only_to_those_who_may_edit(client: Any, users: Any) -> None:
    pk = _section().pk
    _login(client, users, "js-editor", "zh-hans")
    page = client.get(f"/water/sections/{pk}/").content.decode()
    assert f"/water/sections/{pk}/edit/" in page
    form = client.get(f"/water/sections/{pk}/edit/")
    assert form.status_code == 200
    html = form.content.decode()
    assert "编辑断面" in html and "目标类别" in html and 'name="lon"' in html
    for name in ("zj-editor", "js-viewer", "sz-editor", "ent-suzhou"):
        _login(client, users, name, "zh-hans")
        assert (
            f"/water/sections/{pk}/edit/"
            not in client.get(f"/water/sections/{pk}/").content.decode()
        )
        assert client.get(f"/water/sections/{pk}/edit/").status_code == 403
    client.logout()
    assert client.get(f"/water/sections/{pk}/edit/").status_code == 302  # to sign in


def _form(**changes: Any) -> dict[str, Any]:
    s = _section()
    values = {
        "name_zh": s.name_zh,
        "name_en": s.name_en,
        "kind": s.kind,
        "target_class": str(s.target_class),
        "lon": str(s.lon),
        "lat": str(s.lat),
        "source": s.source,
    }
    if s.approximate:
        values["approximate"] = "1"
    return {**values, **changes}


def test_saving_the_form_goes_back_to_the_section_with_a_message(client: Any, users: Any) -> None:
    pk, events = _section().pk, _events()
    _login(client, users, "js-editor", "en")
    response = client.post(f"/water/sections/{pk}/edit/", _form(target_class="2"), follow=True)
    assert response.redirect_chain[-1][0] == f"/water/sections/{pk}/"
    html = response.content.decode()
    assert "The section is saved." in html and "Class II" in html
    assert _section().target_class == 2 and _events() == events + 1
    assert AuditEvent.objects.filter(object_id=TAIHU).latest("pk").channel == "page"


@pytest.mark.parametrize(
    ("lang", "changes", "field", "text"),
    [
        ("en", {"lat": "95"}, "lat", "at most 36"),
        ("zh-hans", {"lat": "95"}, "lat", "36"),
        ("en", {"target_class": "7"}, "target_class", "at most 5"),
        ("zh-hans", {"lon": "abc"}, "lon", "数"),
        ("en", {"kind": "lake"}, "kind", "Unknown kind of section"),
    ],
)
def test_a_bad_form_shows_the_fault_at_its_field_and_writes_nothing(
    client: Any, users: Any, lang: str, changes: dict[str, str], field: str, text: str
) -> None:
    pk, before, events = _section().pk, _state(), _events()
    _login(client, users, "js-editor", lang)
    response = client.post(f"/water/sections/{pk}/edit/", _form(name_zh="改名", **changes))
    assert response.status_code in (400, 422)
    html = response.content.decode()
    at = html.split(f'id="field-{field}"')[1].split("</div>")[0]
    assert "field-error" in html.split(f'id="field-{field}"')[0][-60:]
    assert text in at
    assert _state() == before and _events() == events


def test_another_members_editor_may_not_post_the_form(client: Any, users: Any) -> None:
    pk, before = _section().pk, _state()
    _login(client, users, "zj-editor", "en")
    assert client.post(f"/water/sections/{pk}/edit/", _form(name_zh="改名")).status_code == 403
    assert _state() == before


# --- the command line ---------------------------------------------------------------------


def _cli(*args: str) -> Any:
    from deltacap.cli import app

    return CliRunner().invoke(app, ["water", "section", "set", *args])


def test_the_command_line_changes_a_section_as_its_members_editor() -> None:
    result = _cli(TAIHU, "--target-class", "4", "--lon", "120.3", "--lat", "31.1",
                  "--as", "js-editor", "--json")  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["target_class"] == "IV" and (data["lon"], data["lat"]) == (120.3, 31.1)
    event = AuditEvent.objects.filter(object_id=TAIHU).latest("pk")
    assert event.channel == "cli"


def test_the_command_line_refuses_in_one_line_naming_the_option() -> None:
    before = _state()
    refused = _cli(TAIHU, "--target-class", "4", "--as", "zj-editor", "--lang", "en")
    assert refused.exit_code == 2
    bad = _cli(TAIHU, "--lat", "95", "--as", "js-editor", "--lang", "en")
    assert bad.exit_code == 2 and "--lat" in bad.output and "Yangtze River Delta" in bad.output
    chinese = _cli(TAIHU, "--target-class", "9", "--as", "js-editor", "--lang", "zh")
    assert chinese.exit_code == 2 and "--target-class" in chinese.output
    assert _state() == before
