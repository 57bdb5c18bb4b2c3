"""Page forms take the same text as the API: control characters and invisible-only text are
refused naming the field (by its label, in the page's language), bodies have a size limit
and a multipart form needs its boundary; nothing is written and nothing answers 500."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import PASSWORD

pytestmark = pytest.mark.django_db


def _jiangsu_enterprise() -> Any:
    from deltacap.enterprises.models import Enterprise

    enterprise = Enterprise.objects.filter(member_code="320000").order_by("pk").first()
    assert enterprise is not None
    return enterprise


@pytest.mark.parametrize(
    ("name", "words"),
    [("某\x1b企业", "U+001B"), ("\u200b\u200c\u2060", "不可见"), ("某\u0085企业", "U+0085")],
)
def test_the_enterprise_form_refuses_control_and_invisible_text(
    client: Any, users: Any, name: str, words: str
) -> None:
    from deltacap.audit.models import AuditEvent

    enterprise = _jiangsu_enterprise()
    client.force_login(users("js-editor"))
    events = AuditEvent.objects.count()
    response = client.post(f"/enterprises/{enterprise.pk}/", {"name": name, "sector": "化工"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "名称" in page and words in page
    enterprise.refresh_from_db()
    assert enterprise.name != name and AuditEvent.objects.count() == events


def test_the_refusal_names_the_field_in_english_when_the_page_is_english(
    client: Any, users: Any
) -> None:
    client.force_login(users("js-editor"))
    client.cookies["django_language"] = "en"
    response = client.post(f"/enterprises/{_jiangsu_enterprise().pk}/", {"address": "路\x00"})
    assert response.status_code == 422
    assert "address: Control characters such as U+0000" in response.content.decode()


def test_a_login_with_a_nul_in_the_user_name_is_refused(client: Any) -> None:
    response = client.post("/login/", {"username": "office\x00", "password": PASSWORD})
    assert response.status_code == 422
    assert "用户名" in response.content.decode()


def test_a_form_over_the_limit_is_413_and_says_the_limit(client: Any, users: Any) -> None:
    client.force_login(users("js-editor"))
    enterprise = _jiangsu_enterprise()
    response = client.post(f"/enterprises/{enterprise.pk}/", {"address": "路" * 600_000})
    assert response.status_code == 413
    assert "1 MB" in response.content.decode()
    enterprise.refresh_from_db()
    assert not enterprise.address.startswith("路路")


def test_a_multipart_form_without_a_boundary_is_400(client: Any, users: Any) -> None:
    client.force_login(users("js-editor"))
    response = client.post(
        f"/enterprises/{_jiangsu_enterprise().pk}/",
        b"name=x",
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "boundary" in response.content.decode()


def test_full_width_digits_in_a_target_are_not_read_as_a_number(client: Any, users: Any) -> None:
    from deltacap.targets.models import Target

    client.force_login(users("office"))
    before = Target.objects.get(period="14fyp", division="320000", pollutant="COD").tonnes
    response = client.post("/targets/14fyp/320000/COD/", {"value": "１４.１"})
    assert response.status_code == 422
    assert "半角数字" in response.content.decode()
    assert Target.objects.get(period="14fyp", division="320000", pollutant="COD").tonnes == before


def test_a_target_entered_to_less_than_a_kilogram_is_refused_not_rounded(
    client: Any, users: Any
) -> None:
    from deltacap.targets.models import Target

    client.force_login(users("office"))
    response = client.post("/targets/14fyp/320000/COD/", {"value": "13.98000001"})  # 万吨
    assert response.status_code == 422
    assert Target.objects.get(period="14fyp", division="320000", pollutant="COD").tonnes == 139800
