"""Every page's frame: the parts written once per process and language ({% once %}), the
account's role in the top bar, and the language headers of pages and the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Model
from django.template import TemplateSyntaxError, engines
from django.test import Client, RequestFactory
from django.utils import translation

from deltacap.accounts.models import User

pytestmark = pytest.mark.django_db


def _render(source: str, context: dict[str, Any] | None = None) -> str:
    return str(engines["django"].from_string(source).render(context or {}))


def test_a_kept_part_of_the_frame_follows_the_language_of_each_page(client: Any) -> None:
    client.force_login(User.objects.get(username="office"))
    for language, words in [
        ("zh-hans", ("退出", "专班办公室", "长三角区域污染物总量协同控制", "接口")),
        ("en", ("Log out", "Region office", "Yangtze River Delta coordinated control", "API")),
        ("zh-hans", ("退出", "专班办公室", "长三角区域污染物总量协同控制", "接口")),
    ]:
        client.post("/i18n/setlang/", {"language": language, "next": "/"})
        for path in ("/", "/projects/progress/"):
            html = client.get(path).content.decode()
            assert f'<html lang="{language}">' in html, path
            for word in words:
                assert word in html, (language, path, word)


def test_the_kept_parts_are_the_same_as_written_each_time() -> None:
    parts = "<b>{% translate 'Log out' %}</b>{% frame 'css' %}{% static 'x.js' %}"
    source = "{% load i18n static %}" + parts
    kept = "{% load i18n static %}{% once %}" + parts + "{% endonce %}"
    for language in ("en", "zh-hans", "en"):
        with translation.override(language):
            assert _render(kept) == _render(source)
            assert _render(kept) == _render(source)


@pytest.mark.parametrize(
    "inside",
    [
        "{{ user.username }}",
        "{% csrf_token %}",
        "{% if x %}a{% endif %}",
        "{% block title %}a{% endblock %}",
        "{% translate name %}",
        "{% translate 'Log out' as label %}",
        "{% translate 'Log out'|upper %}",
        "{% static path %}",
        "{% static 'x.js' as url %}",
        "{% frame name %}",
        "{% frame 'css' as url %}",
        "{% get_current_language as LANGUAGE_CODE %}",
    ],
)
def test_a_kept_part_refuses_anything_that_could_differ_between_requests(inside: str) -> None:
    with pytest.raises(TemplateSyntaxError, match="once"):
        engines["django"].from_string(
            "{% load i18n static %}{% once %}<p>" + inside + "</p>{% endonce %}"
        )


def test_the_role_is_named_as_django_names_a_choice_in_either_language() -> None:
    role = User._meta.get_field("role")
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for code in [*User.RoleChoice.values, "", "unknown"]:
                user = User(role=code)
                django_name = Model._get_FIELD_display(user, role)  # type: ignore[attr-defined]
                assert user.get_role_display() == django_name


def test_pages_and_the_api_say_their_language_and_that_it_varies() -> None:
    page = Client().get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert page["Content-Language"] == "zh-hans"
    assert "Accept-Language" in page["Vary"] and "Cookie" in page["Vary"]
    api = Client().get("/api/v1/targets", {"period": "14fyp"}, HTTP_ACCEPT_LANGUAGE="en")
    assert api["Content-Language"] == "en" and "Accept-Language" in api["Vary"]
    english = Client()
    english.cookies["django_language"] = "en"
    assert english.get("/")["Content-Language"] == "en"
    unknown = Client(HTTP_ACCEPT_LANGUAGE="en")
    unknown.cookies["django_language"] = "xx"  # not a language: the browser's is taken
    assert unknown.get("/")["Content-Language"] == "en"


def test_a_kept_part_is_not_written_again_for_each_request(monkeypatch: Any) -> None:
    from deltacap.web import navigation

    template = engines["django"].from_string("{% once %}{% frame 'css' %}{% endonce %}")
    request = RequestFactory().get("/")
    first = template.render({}, request)
    monkeypatch.setattr(navigation, "frame_links", lambda: {"css": "/changed.css"})
    assert template.render({}, request) == first


def test_csrf_secrets_and_masks_are_drawn_evenly_with_one_read_each(monkeypatch: Any) -> None:
    import secrets

    from django.middleware import csrf

    from deltacap.web.csrf import new_csrf_string

    assert csrf._get_new_csrf_string is new_csrf_string  # type: ignore[attr-defined]
    reads: list[int] = []
    real = secrets.token_bytes
    monkeypatch.setattr(secrets, "token_bytes", lambda n: reads.append(n) or real(n))
    request = RequestFactory().get("/")
    request.META.pop("CSRF_COOKIE", None)
    token = csrf.get_token(request)  # a new secret, then its mask
    assert len(reads) == 2 and len(token) == csrf.CSRF_TOKEN_LENGTH
    assert csrf._unmask_cipher_token(token) == request.META["CSRF_COOKIE"]  # type: ignore[attr-defined]
    assert csrf.get_token(request) != token  # a new mask each time
    counts = dict.fromkeys(csrf.CSRF_ALLOWED_CHARS, 0)
    for _ in range(2000):
        text = new_csrf_string()
        assert len(text) == csrf.CSRF_SECRET_LENGTH
        for char in text:
            counts[char] += 1
    # 64,000 characters over 62: about 1,032 each; far outside 850-1,220 is not even.
    assert min(counts.values()) > 850 and max(counts.values()) < 1220


def test_rare_short_draws_are_completed(monkeypatch: Any) -> None:
    import secrets

    from django.middleware.csrf import CSRF_ALLOWED_CHARS

    from deltacap.web.csrf import new_csrf_string

    draws = iter([bytes([255] * 30 + [0] * 10), bytes([1] * 40)])
    monkeypatch.setattr(secrets, "token_bytes", lambda n: next(draws))
    text = new_csrf_string()
    assert text == CSRF_ALLOWED_CHARS[0] * 10 + CSRF_ALLOWED_CHARS[1] * 22


def test_kept_parts_are_written_again_after_a_setting_or_a_catalogue_changes() -> None:
    from pathlib import Path

    from django.test import override_settings
    from django.utils.autoreload import file_changed

    from deltacap.web.templatetags import labels

    template = engines["django"].from_string("{% once %}{% frame 'css' %}{% endonce %}")
    node = next(n for n in template.template.nodelist if isinstance(n, labels.OnceNode))
    template.render({})
    written = len(node.kept)
    file_changed.send(sender=None, file_path=Path("locale/zh_Hans/LC_MESSAGES/django.po"))
    template.render({})
    assert len(node.kept) == written  # not a catalogue
    file_changed.send(sender=None, file_path=Path("locale/zh_Hans/LC_MESSAGES/django.mo"))
    template.render({})
    assert len(node.kept) == written + 1
    with override_settings(STATIC_URL="/assets/"):
        assert template.render({}).startswith("/assets/")
