"""The forms of the pages, as the platform renders them for its users: found by visiting
every page an actor can reach (links and htmx loads followed), so that each write page is
posted with the fields its own form has."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from django.test import Client
from django.urls import Resolver404, resolve

# Not visited: the admin (staff only, read-only), static files, signing out, the language
# switch, downloads.
SKIPPED = ("/admin/", "/static/", "/logout/", "/i18n/", "/api/")
MAX_PAGES = 150


@dataclass
class Form:
    """One way to submit a form: its target, its fields with their rendered values, the
    files it uploads."""

    action: str
    fields: dict[str, str] = field(default_factory=dict)
    files: tuple[str, ...] = ()
    after: Form | None = None  # the step whose answer shows this form, if any

    @property
    def route(self) -> str:
        return route_of(self.action)


def route_of(url: str) -> str:
    """The URL pattern's name of ``url`` (``namespace:name``), or "" for another site's."""
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return ""
    return str(match.view_name)


class _Page(HTMLParser):
    def __init__(self, url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.url = url
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._submits: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        for name in ("href", "hx-get"):
            if a.get(name, "").startswith("/"):
                self.links.append(a[name])
        if tag == "form":
            post = a.get("method", "").lower() == "post" or "hx-post" in a
            if post:
                action = a.get("hx-post") or a.get("action") or self.url
                self._form, self._submits = Form(action), []
        elif self._form is not None:
            self._field(tag, a)

    def _field(self, tag: str, a: dict[str, str]) -> None:
        form, name = self._form, a.get("name", "")
        assert form is not None
        if tag == "select":
            self._select = name
        elif tag == "option" and self._select and self._select not in form.fields:
            form.fields[self._select] = a.get("value", "")
        elif tag == "button" and name:
            self._submits.append((name, a.get("value", "")))
        elif tag == "textarea" and name:
            form.fields[name], self._textarea = "", name
        elif tag == "input" and name and "disabled" not in a:
            kind = a.get("type", "text")
            if kind == "file":
                form.files = (*form.files, name)
            elif kind in ("checkbox", "radio"):
                if "checked" in a or name not in form.fields:
                    form.fields[name] = a.get("value", "on")
            elif kind == "submit":
                self._submits.append((name, a.get("value", "")))
            else:
                form.fields[name] = a.get("value", "")

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea:
            self._form.fields[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        if tag == "textarea":
            self._textarea = None
        if tag == "form" and self._form is not None:
            form = self._form
            form.fields.pop("csrfmiddlewaretoken", None)
            # One submission per named submit button (approve / reject ...).
            for name, value in self._submits or [("", "")]:
                fields = dict(form.fields)
                if name:
                    fields[name] = value
                self.forms.append(Form(form.action, fields, form.files))
            self._form = None


def parse_forms(html: str, url: str) -> list[Form]:
    """The forms of a page's HTML (``url``: where it was fetched, for forms without an
    action)."""
    page = _Page(url)
    page.feed(html)
    return page.forms


def crawl(client: Client, starts: list[str]) -> tuple[list[Form], set[str]]:
    """Every form on the pages reachable from ``starts`` (links and htmx loads within
    the platform), and the routes of the pages visited."""
    queue, seen, shapes = deque(starts), set(starts), set()
    forms: list[Form] = []
    visited: set[str] = set()
    while queue and len(visited) < MAX_PAGES:
        url = queue.popleft()
        route = route_of(url)
        shape = (route, bool(urlsplit(url).query))
        if not route or shape in shapes:
            continue
        shapes.add(shape)
        response: Any = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        visited.add(route)
        page = _Page(url)
        page.feed(response.content.decode())
        forms.extend(page.forms)
        for link in page.links:
            if link not in seen and not link.startswith(SKIPPED):
                seen.add(link)
                queue.append(link)
    return forms, visited
