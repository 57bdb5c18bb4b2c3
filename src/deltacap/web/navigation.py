"""The menus of every page, built for the one looking: each entry names its page and what
one must be allowed to read to open it, and the access rules decide (never a list of roles
here), so that a menu shows a role only what it may open."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from deltacap.accounts.permissions import principal_of
from deltacap.domain.access import REGION, Action, Kind, Principal, Resource, allowed
from deltacap.domain.access import region_resource as region

# What opening a page reads: a record of the region, or one of the user's own area (pages
# that show the records of one's own area, such as the audit trail).
Reads = Resource | Callable[[Principal], Resource]


def own_area(kind: Kind) -> Callable[[Principal], Resource]:
    """A record of ``kind`` in the principal's own division (the region for the office)."""

    def resource(principal: Principal) -> Resource:
        code = principal.division_code
        return Resource(kind, (REGION, code) if code else (REGION,))

    return resource


@dataclass(frozen=True, eq=False)
class Entry:
    """A menu entry: the page (a URL name, or a path outside the pages), its label, and
    what opening it needs: to be signed in, and to be allowed to read ``reads``.

    Compared and hashed by identity: the menus are constants, and hashing a translatable
    label would translate it (the memoised menus below are looked up on every request)."""

    target: str
    label: Promise
    reads: Reads | None = None
    signed_in: bool = False
    # Offered to the public only (the signed in reach the page from one of theirs).
    public_only: bool = False

    def url(self) -> str:
        return self.target if self.target.startswith("/") else reverse(self.target)

    def opens_for(self, principal: Principal) -> bool:
        if self.signed_in and principal.is_public:
            return False
        if self.public_only and not principal.is_public:
            return False
        if self.reads is None:
            return True
        resource = self.reads(principal) if callable(self.reads) else self.reads
        return allowed(principal, Action.READ, resource)


TOP_BAR = (
    Entry("web:dashboard", _("Dashboard")),
    Entry("projects:list", _("Projects"), signed_in=True),
    Entry("air:overview", pgettext_lazy("menu", "Air"), region(Kind.AIR_STATION)),
    Entry("water:index", pgettext_lazy("menu", "Water")),
    Entry("monitoring:outlets", _("Monitoring"), signed_in=True),
    Entry("rights:market", _("Market")),
    Entry("rights:desk", _("Trading desk"), signed_in=True),
    Entry("enterprises:list", _("Enterprises"), signed_in=True),
    Entry("working:index", _("Working group"), region(Kind.MEETING), signed_in=True),
    # The public reads the published region reports there (officials from the working group).
    Entry("reports:index", _("Annual reports"), public_only=True),
    Entry("web:audit", _("Audit trail"), own_area(Kind.AUDIT_EVENT), signed_in=True),
    Entry("accounts:sign_in", _("Sign-in"), region(Kind.ACCOUNT), signed_in=True),
    # The API's documentation is linked from every page's footer.
)
PROJECTS = (
    Entry("projects:list", _("Key reduction projects"), signed_in=True),
    Entry("projects:progress", _("Progress"), region(Kind.PROGRESS), signed_in=True),
    Entry("projects:targets", _("Target split"), region(Kind.PROGRESS), signed_in=True),
    Entry("projects:rounds", _("Annual evaluation"), region(Kind.ROUND), signed_in=True),
    # Investment by priority area
    Entry("projects:investment", _("Investment"), signed_in=True),
)


@lru_cache(maxsize=512)
def _opens(entries: tuple[Entry, ...], principal: Principal) -> tuple[tuple[str, Promise], ...]:
    """The URLs and (lazy, so still in the request's language) labels of the entries
    ``principal`` may open. The same for every request of the same principal: the rules
    and the URL configuration are code, so each process works them out once per kind of
    principal (role, division, enterprise) instead of on every page."""
    return tuple((entry.url(), entry.label) for entry in entries if entry.opens_for(principal))


def _current(urls: tuple[tuple[str, Promise], ...], path: str) -> str | None:
    """The URL among ``urls`` of the page at ``path``, or of the closest page above it."""
    above = [url for url, _label in urls if path == url or (url != "/" and path.startswith(url))]
    return max(above, key=len) if above else None


def menu(entries: tuple[Entry, ...], principal: Principal, path: str) -> list[dict[str, Any]]:
    """The entries ``principal`` may open, each with its URL; the one whose page is at
    ``path`` (or the closest page above it) is ``current``."""
    urls = _opens(entries, principal.kind())
    current = _current(urls, path)
    return [{"url": url, "label": label, "current": url == current} for url, label in urls]


@lru_cache(maxsize=2048)
def _menu_html(
    entries: tuple[Entry, ...], principal: Principal, current: str | None, language: str
) -> SafeString:
    """The menu as links, in ``language``: the same for every request of the same kind of
    principal on the same section, so each process writes it once (the labels are
    translated here, which is why the language is part of the key)."""
    return format_html_join(
        "",
        '<a href="{}"{}>{}</a>',
        (
            (url, mark_safe(' aria-current="page"') if url == current else "", label)
            for url, label in _opens(entries, principal)
        ),
    )


def menu_html(entries: tuple[Entry, ...], principal: Principal, path: str) -> SafeString:
    """The links of :func:`menu`, written out once per principal, section and language."""
    principal = principal.kind()
    current = _current(_opens(entries, principal), path)
    return _menu_html(entries, principal, current, get_language() or "")


@lru_cache(maxsize=1)
def frame_links() -> dict[str, str]:
    """The addresses every page's frame links to (the top bar's pages, its stylesheet and
    scripts): code, so worked out once per process instead of at each page."""
    return {
        "dashboard": reverse("web:dashboard"),
        "set_language": reverse("set_language"),
        "two_factor": reverse("accounts:two_factor"),
        "login": reverse("web:login"),
        "logout": reverse("web:logout"),
        "favicon": static("deltacap/favicon.svg"),
        "css": static("deltacap/deltacap.css"),
        "htmx": static("vendor/htmx/htmx.min.js"),
        "js": static("deltacap/deltacap.js"),
    }


@receiver(setting_changed)
def _settings_changed(**kwargs: Any) -> None:
    """Where the static files or the URLs are served from changed (tests): work the
    addresses out again, as Django's own storage does."""
    frame_links.cache_clear()


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Context processor: the top bar's menu and the projects' menu for this request, as
    links ready to be placed in the page."""
    principal = principal_of(getattr(request, "user", None))
    return {
        "top_menu": menu_html(TOP_BAR, principal, request.path),
        "projects_menu": menu_html(PROJECTS, principal, request.path),
    }
