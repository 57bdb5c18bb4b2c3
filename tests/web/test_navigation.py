"""The menus show each role what it may open, and nothing it may not: every menu link
answers for that role, and the pages left out refuse it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from deltacap.accounts.models import User
from deltacap.demo.load import DEMO_ACCOUNTS
from deltacap.web.navigation import PROJECTS, TOP_BAR

pytestmark = pytest.mark.django_db
ROLES = [a.username for a in DEMO_ACCOUNTS]
# The pages a menu offers to someone signed in (the public's own entries aside).
EVERY_PAGE = {entry.url() for entry in (*TOP_BAR, *PROJECTS) if not entry.public_only}


def _menu(html: str, menu_id: str) -> list[str]:
    found = re.search(rf'<nav[^>]*id="{menu_id}"[^>]*>(.*?)</nav>', html, re.S)
    assert found, menu_id
    return re.findall(r'href="([^"]+)"', found.group(1))


def _links(client: Any) -> set[str]:
    top = _menu(client.get("/").content.decode(), "top-menu")
    projects = client.get(reverse("projects:list"))
    below = _menu(projects.content.decode(), "projects-nav") if projects.status_code == 200 else []
    return {*top, *below}


@pytest.mark.parametrize("username", ROLES)
def test_every_menu_link_opens_for_the_role_and_what_it_may_not_open_is_left_out(
    client: Any, username: str
) -> None:
    client.force_login(User.objects.get(username=username))
    links = _links(client)
    for url in links:
        assert client.get(url).status_code == 200, (username, url)
    for url in EVERY_PAGE - links:
        assert client.get(url).status_code in (302, 403), (username, url)


def test_the_enterprise_is_not_offered_the_officials_pages() -> None:
    from django.test import Client

    client = Client()
    client.force_login(User.objects.get(username="ent-suzhou"))
    links = _links(client)
    for name in ("projects:progress", "projects:targets", "projects:rounds"):
        url = reverse(name)
        assert url not in links and client.get(url).status_code == 403
    assert reverse("projects:list") in links and reverse("rights:desk") in links


def test_the_public_menu_has_only_public_pages(client: Any) -> None:
    links = _menu(client.get("/").content.decode(), "top-menu")
    public = {
        reverse("web:dashboard"),
        reverse("air:overview"),
        reverse("water:index"),
        reverse("rights:market"),
        reverse("reports:index"),  # the published region reports
    }
    assert set(links) == public
    for url in links:
        assert client.get(url).status_code == 200
    footer = client.get("/").content.decode().split("<footer>", 1)[1]
    assert 'href="/api/v1/docs"' in footer


def test_the_office_sees_every_page() -> None:
    from django.test import Client

    client = Client()
    client.force_login(User.objects.get(username="office"))
    assert _links(client) == EVERY_PAGE
