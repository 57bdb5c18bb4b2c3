"""A project's accounting inputs on its page: one labelled field per input of its category,
with its unit and range, checked as typed (htmx), saved through the same service as the
API, the computed reduction shown after saving, nothing written on bad input."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from deltacap.domain.accounting import CATEGORIES
from deltacap.projects.models import Project
from tests.projects.conftest import WWTP_INPUTS

pytestmark = pytest.mark.django_db
MakeProject = Callable[..., Project]
HTMX = {"HTTP_HX_REQUEST": "true"}


def _client(users: Callable[[str], Any], name: str = "js-editor", lang: str = "zh-hans") -> Client:
    client = Client()
    client.force_login(users(name))
    client.cookies["django_language"] = lang
    return client


def _posted(**overrides: str) -> dict[str, str]:
    """The WWTP worked example as the form posts it (value and unit apart)."""
    form = {}
    for name, text in WWTP_INPUTS.items():
        value, _, unit = text.partition(" ")
        form[name], form[f"{name}.unit"] = value, unit
    form.update(overrides)
    return form


def _message(html: str, name: str) -> str:
    found = re.search(rf'<p class="error field-message" id="message-{name}"[^>]*>([^<]*)</p>', html)
    assert found, f"no message slot for {name}"
    return found.group(1).strip()


def test_every_input_of_the_category_is_a_labelled_field_with_its_unit(
    users: Any, make_project: MakeProject
) -> None:
    project = make_project()
    page = _client(users).get(f"/projects/{project.code}/").content.decode()
    assert '<textarea id="inputs"' not in page  # no free-text box any more
    for item in CATEGORIES["wwtp_new"].inputs:
        assert f'id="input-{item.name}"' in page, item.name
    # Labels from the schema in Chinese; units typeset; the stored values filled in.
    assert "进水化学需氧量浓度" in page and "核算期内实际处理水量" in page
    volume = re.search(r'<select name="volume.unit".*?</select>', page, re.S)
    assert volume and '<option value="m3/d" selected>m³/天</option>' in volume.group(0)
    assert 'id="input-volume" name="volume" value="10000"' in page
    assert '<small class="range">≥ 0</small>' in page  # the allowed range
    assert '<small class="range">&gt; 0</small>' in page  # the period: more than nothing
    english = _client(users, lang="en").get(f"/projects/{project.code}/").content.decode()
    assert "Influent COD (flow-weighted mean)" in english and "m³/day" in english


def test_a_method_shows_its_own_inputs(users: Any, make_project: MakeProject) -> None:
    project = make_project(category="rural_sewage", inputs=None, status="planned")
    client = _client(users)
    page = client.get(f"/projects/{project.code}/").content.decode()
    # The category's first method is chosen until inputs are saved.
    assert '<option value="coefficient" selected>系数法</option>' in page
    assert 'id="input-residents"' in page and 'id="input-volume"' not in page
    other = client.get(f"/projects/{project.code}/accounting/fields/", {"method": "monitoring"})
    html = other.content.decode()
    assert 'id="input-volume"' in html and 'id="input-residents"' not in html


@pytest.mark.parametrize(
    ("field", "change", "words"),
    [
        ("volume", {"volume": "abc"}, "请输入数字"),
        ("volume", {"volume": "１２"}, "请输入数字"),
        ("effluent_cod", {"effluent_cod": "-3"}, "不小于 0"),
        ("volume", {"period": ""}, "核算期长度"),
        ("period", {"period": "0"}, "大于 0"),
        ("volume", {}, ""),
    ],
)
def test_a_value_is_checked_as_it_is_typed(
    users: Any, make_project: MakeProject, field: str, change: dict[str, str], words: str
) -> None:
    project = make_project()
    query = {**_posted(**change), "field": field}
    response = _client(users).get(f"/projects/{project.code}/accounting/check/", query, **HTMX)
    assert response.status_code == 200
    message = _message(response.content.decode(), field)
    assert (words in message) if words else message == ""
    project.refresh_from_db()
    assert project.revision == 1


def test_saving_computes_the_reduction_and_shows_it(users: Any, make_project: MakeProject) -> None:
    project = make_project(inputs=None, planned={"COD": "800"})
    assert project.accounting is None
    url = f"/projects/{project.code}/accounting/"
    response = _client(users).post(url, _posted(volume="20000"), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    # Twice the worked example's plant: 2 × 803 t COD, 2 × 102.2 t NH3-N.
    saved = re.search(r'id="accounting-saved"[^>]*>(.*?)</p>', html, re.S)
    assert saved
    text = re.sub(r"<[^>]+>", "", saved.group(1))
    assert "化学需氧量 1,606 吨" in text and "氨氮 204.4 吨" in text
    project.refresh_from_db()
    assert project.accounting_inputs["volume"] == {"value": "20000", "unit": "m3/d"}
    assert project.reductions.get(pollutant_id="COD").accounted_tonnes == 1606


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"effluent_cod": "300"}, "effluent_cod", "不得超过进水化学需氧量浓度"),
        ({"volume": "１０"}, "volume", "请输入数字"),
        ({"volume": ""}, "volume", "请填写此项"),
        ({"influent_nh3n": ""}, "influent_nh3n", "请填写此项"),
    ],
)
def test_a_refused_value_is_shown_under_its_field_and_nothing_is_saved(
    users: Any, make_project: MakeProject, change: dict[str, str], field: str, words: str
) -> None:
    project = make_project()
    before = (project.accounting_inputs, project.revision)
    response = _client(users).post(
        f"/projects/{project.code}/accounting/", _posted(**change), **HTMX
    )
    assert response.status_code == 422
    assert words in _message(response.content.decode(), field)
    project.refresh_from_db()
    assert (project.accounting_inputs, project.revision) == before


def test_without_htmx_the_page_answers_and_the_saved_project_is_shown(
    users: Any, make_project: MakeProject
) -> None:
    project = make_project()
    client = _client(users)
    bad = client.post(f"/projects/{project.code}/accounting/", _posted(volume="x"))
    assert bad.status_code == 422 and "请输入数字" in _message(bad.content.decode(), "volume")
    good = client.post(f"/projects/{project.code}/accounting/", _posted(volume="5000"))
    assert good.status_code == 302
    project.refresh_from_db()
    assert project.reductions.get(pollutant_id="COD").accounted_tonnes == pytest.approx(401.5)


def test_readers_get_no_form_and_cannot_save(users: Any, make_project: MakeProject) -> None:
    project = make_project()
    page = _client(users, "js-viewer").get(f"/projects/{project.code}/").content.decode()
    assert 'id="accounting-form"' not in page
    response = _client(users, "js-viewer").post(
        f"/projects/{project.code}/accounting/", _posted(volume="1")
    )
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.revision == 1
    foreign = _client(users, "zj-editor").get(
        f"/projects/{project.code}/accounting/check/", {"field": "volume", "volume": "1"}
    )
    assert foreign.status_code == 403


def test_checking_the_period_settles_the_messages_of_the_rates(
    users: Any, make_project: MakeProject
) -> None:
    project = make_project()
    url = f"/projects/{project.code}/accounting/check/"
    client = _client(users)
    missing = client.get(url, {**_posted(period=""), "field": "volume"}, **HTMX).content.decode()
    assert "核算期长度" in _message(missing, "volume")
    given = client.get(url, {**_posted(), "field": "period"}, **HTMX).content.decode()
    assert _message(given, "period") == ""
    assert re.search(r'id="message-volume" hx-swap-oob="true">\s*</p>', given)
