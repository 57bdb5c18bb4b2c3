"""Every page the demo links to, as every role, in Chinese and in English: what a person
reads is in the page's language, with no code of ours on it.

The crawl starts at ``/`` and follows the same-site links the pages offer (GET only,
breadth first; a few pages per URL pattern, so that a list of 300 projects costs as much
as a list of three). On each page it reads the visible text (and the names an ECharts
chart draws on its canvas) and reports, as (role, language, url, text):

- a snake_case identifier or a dotted key (``concentration_after_nox``, ``ule.limit.x``);
- an HJ 212 factor code (``w01018``) whose factor's name is not on the same line;
- Han characters on an English page, except the stored names of records that have no
  English name (an enterprise's name, its address and contact, an outlet's name, a
  project's name: they are shown as written) and text marked as written in Chinese
  (``lang="zh-Hans"``, e.g. the language switch itself);
- English words on a Chinese page, except the abbreviations officials write as they are
  (COD, NOx, VOCs ...) and units; text marked ``translate="no"`` (a user name) is a name,
  not a language;
- any answer 500 or above.
"""

from __future__ import annotations

import random
import re
from collections import deque
from collections.abc import Iterator
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest

from tests.support import PASSWORD

pytestmark = pytest.mark.browser

# One account of each role of the demo; "" is the public (no login).
ROLES = ["office", "js-editor", "sh-viewer", "sz-editor", "ent-suzhou", ""]
LANGUAGES = ["zh-hans", "en"]
PAGES_PER_ROLE = 60
PAGES_PER_PATTERN = 3

# Links that are not pages to read: leaving, switching language, files, the admin and the
# API's own documents.
SKIP = re.compile(
    r"^/(logout|i18n|admin|api|static|geo)/|/export/|/template/|/evidence/\d+|format=csv|\.(csv|xlsx|pdf|geojson)$"
)

SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
DOTTED_KEY = re.compile(r"\b[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*){2,}\b")
FACTOR_CODE = re.compile(r"\b[a-z]\d{5}\b")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# A run of letters, digits and hyphens: a word, or a code when it has a digit (JS-2021-001).
TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*")

# Written as they are in Chinese documents too: pollutants, standards, formats, units.
ABBREVIATIONS = {
    "COD", "NOx", "VOCs", "AQI", "MN", "NH", "PM", "SO", "TP", "TN", "HJ", "GB", "USCC",
    "CSV", "Excel", "API", "PDF", "pH", "mg", "kg", "MW", "kWh", "km", "GDP", "TOTP",
    "ID", "CO", "JSON", "xlsx", "MB", "ZIP", "DO", "CODMn", "Chla", "NMHC",
    # Tests named after their authors, written so in Chinese statistics too.
    "Kendall", "Sen",
}  # fmt: skip
# The citation of the plan in the footer: a document number is quoted as issued.
CHINESE_CITATIONS = ["沪环监测〔2023〕208号"]

TEXT_OF_PAGE = """() => {
  const lang = document.documentElement.lang;
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    const text = node.textContent.trim();
    if (!text || !el || el.closest('script,style,noscript,template')) continue;
    if (!el.checkVisibility({visibilityProperty: true})) continue;
    const marked = el.closest('[lang]');
    const otherLanguage = marked && marked !== document.documentElement
      && marked.getAttribute('lang').slice(0, 2) !== lang.slice(0, 2);
    // The line a code stands on: its cell, item or paragraph (a name may sit beside it).
    const line = el.closest('td,th,li,p,dd,dt,option,label,h1,h2,h3,legend,button') || el;
    const exempt = !!(otherLanguage || el.closest('[translate="no"]'));
    out.push({text, line: line.innerText, exempt});
  }
  for (const el of document.querySelectorAll('input[placeholder]')) {
    if (el.checkVisibility()) out.push({text: el.placeholder, line: el.placeholder, exempt: false});
  }
  for (const el of document.querySelectorAll('[_echarts_instance_]')) {
    const chart = window.echarts && echarts.getInstanceByDom(el);
    if (!chart) continue;
    const o = chart.getOption();
    const names = [];
    for (const key of ['xAxis', 'yAxis', 'series', 'title']) {
      for (const item of (o[key] || [])) names.push(item.name, item.text);
    }
    for (const legend of (o.legend || [])) {
      for (const d of (legend.data || [])) names.push(d.name || d);
    }
    for (const name of names) {
      if (typeof name === 'string') out.push({text: name, line: name, exempt: false});
    }
  }
  return out;
}"""

LINKS_OF_PAGE = """() => Array.from(document.querySelectorAll('a[href]'))
  .filter(a => !a.closest('[download]') && !a.hasAttribute('download'))
  .map(a => a.href)"""


def test_every_page_speaks_the_page_language_without_codes(
    browser: Any, live_server: Any, demo_world: list[str]
) -> None:
    findings: list[tuple[str, str, str, str]] = []
    for role in ROLES:
        for language in LANGUAGES:
            findings += _crawl(browser, live_server.url, role, language, demo_world)
    report = "\n".join(
        f"{role or 'public'} | {lang} | {url} | {text}" for role, lang, url, text in findings
    )
    assert not findings, f"{len(findings)} findings:\n{report}"


def _crawl(
    browser: Any, base: str, role: str, language: str, own_names: list[str]
) -> list[tuple[str, str, str, str]]:
    context = browser.new_context(base_url=base, viewport={"width": 1400, "height": 1000})
    host = urlsplit(base).netloc
    context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    page = context.new_page()
    findings: list[tuple[str, str, str, str]] = []
    try:
        if role:
            _login(page, role)
        seen: set[str] = set()
        per_pattern: dict[str, int] = {}
        queue = deque(["/"])
        visited = 0
        while queue and visited < PAGES_PER_ROLE:
            path = queue.popleft()
            visited += 1
            response = page.goto(path, wait_until="load")
            status = response.status if response else 0
            if status >= 500:
                findings.append((role, language, path, f"answered {status}"))
                continue
            for problem in _problems(page.evaluate(TEXT_OF_PAGE), language, own_names):
                findings.append((role, language, path, problem))
            links = list(_same_site(page.evaluate(LINKS_OF_PAGE), host))
            # Taken in a shuffled (fixed) order: the pages read of a long list are a sample
            # of it (statuses, categories), not its first rows.
            random.Random(len(seen)).shuffle(links)
            for link in links:
                pattern = _pattern(link)
                if (
                    link in seen
                    or SKIP.search(link)
                    or per_pattern.get(pattern, 0) >= PAGES_PER_PATTERN
                ):
                    continue
                seen.add(link)
                per_pattern[pattern] = per_pattern.get(pattern, 0) + 1
                queue.append(link)
        if visited < 3:
            findings.append((role, language, "/", f"the crawl reached {visited} pages only"))
    finally:
        context.close()
    return sorted(set(findings))


def _login(page: Any, username: str) -> None:
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_selector("#who")


def _same_site(links: list[str], host: str) -> Iterator[str]:
    for link in links:
        parts = urlsplit(urldefrag(link)[0])
        if parts.netloc == host and parts.scheme in ("http", "https"):
            yield parts.path + (f"?{parts.query}" if parts.query else "")


def _pattern(path: str) -> str:
    """The URL with its numbers and query values left out: pages of one pattern are one
    template, so a few of them show what all of them show."""
    route, _, query = path.partition("?")
    # Digits only: a project's member stays (JS-#-#), so projects of each member are read.
    keys = sorted(p.partition("=")[0] for p in query.split("&") if p)
    return re.sub(r"\d+", "#", route) + "?" + "&".join(keys)


def _problems(texts: list[dict[str, Any]], language: str, own_names: list[str]) -> Iterator[str]:
    for item in texts:
        text = item["text"]
        for match in SNAKE.finditer(text):
            yield f"identifier {match.group()!r} in {text[:120]!r}"
        for match in DOTTED_KEY.finditer(text):
            yield f"key {match.group()!r} in {text[:120]!r}"
        for match in FACTOR_CODE.finditer(text):
            name = _factor_name(match.group(), language)
            if name == match.group() or name not in item["line"]:
                yield f"factor code {match.group()!r} without its name in {text[:120]!r}"
        if item["exempt"]:
            continue
        if language == "en":
            rest = _without(text, [*own_names, *CHINESE_CITATIONS])
            for match in HAN.finditer(rest):
                yield f"Chinese {match.group()!r} in {text[:120]!r}"
        else:
            for word in _english_words(_without(text, own_names)):
                yield f"English {word!r} in {text[:120]!r}"


def _factor_name(code: str, language: str) -> str:
    from django.utils import translation

    from deltacap.reference.labels import factor_name

    with translation.override(language):
        return factor_name(code)


def _english_words(text: str) -> Iterator[str]:
    for token in TOKEN.findall(text):
        if re.search(r"\d", token):
            continue
        for word in token.split("-"):
            if len(word) > 1 and word not in ABBREVIATIONS:
                yield word


def _without(text: str, names: list[str]) -> str:
    for name in names:
        if name in text:
            text = text.replace(name, " ")
    return text


@pytest.fixture
def demo_world(world: None, settings: Any, tmp_path: Any) -> list[str]:
    """The demo as `deltacap demo` builds it (projects, a day of monitoring from a few
    devices, the rights registry and market, water sections with their samples); the
    stored names of its records that have no English name, which pages show as written."""
    from deltacap.enterprises.models import Enterprise
    from deltacap.monitoring import demo as monitoring_demo
    from deltacap.monitoring.models import Outlet
    from deltacap.projects.demo import load_demo_projects
    from deltacap.projects.models import CoefficientTable, Evidence, Project
    from deltacap.rights.demo import load_demo_rights
    from deltacap.rights.models import Confirmation, PaidUsePriceRow, SubmittedEmission

    settings.DATA_DIR = str(tmp_path)
    load_demo_projects()
    monkey = pytest.MonkeyPatch()
    monkey.setattr(monitoring_demo, "DEMO_DEVICES", 4)
    monkey.setattr(monitoring_demo, "DEMO_DAYS", 1)
    try:
        monitoring_demo.load_demo_monitoring()
    finally:
        monkey.undo()
    load_demo_rights()
    from deltacap.water.demo import load_demo_water

    load_demo_water()
    from deltacap.air.models import Station
    from deltacap.demo.air import load_demo_air

    load_demo_air(days=3)
    # An evaluation round, open, so that the rounds' pages have one to show.
    from deltacap.accounts.models import User
    from deltacap.projects.rounds import open_round

    open_round(
        by=User.objects.get(username="office"),
        channel="page",
        period="14fyp",
        year=2023,
        override_reason="test",
    )
    # The working group with its two past meetings (its people's names and what the office
    # wrote are stored as written, in Chinese).
    from deltacap.working.demo import load_demo_working
    from deltacap.working.models import (
        ActionItem,
        AgendaItem,
        GroupPerson,
        Meeting,
        MeetingDocument,
    )

    load_demo_working()
    # A past key-period event with the members' controlled-enterprise lists (what the office
    # and the members wrote is stored as written, in Chinese).
    from deltacap.air.event_demo import load_demo_events
    from deltacap.air.models import AirEvent, ControlListVersion

    load_demo_events()
    names: set[str] = set()
    for event in AirEvent.objects.all():
        names |= {event.name, event.area, *event.goals.splitlines(), *event.contacts.splitlines()}
    for reason, entries in ControlListVersion.objects.values_list("reason", "entries"):
        names.add(reason)
        names |= {m.get("detail", "") for e in entries for m in e.get("measures", [])}

    # A lifted heavy-pollution warning: the notes its issuer wrote are stored as written.
    from deltacap.air.demo import load_demo_warnings
    from deltacap.air.models import AirWarning, AirWarningChange

    load_demo_warnings()
    names |= set(AirWarning.objects.values_list("note", flat=True))
    names |= set(AirWarningChange.objects.values_list("note", flat=True))

    # The lakes: enterprises around Taihu, plans, bloom observations and warnings.
    from deltacap.water.demo_lakes import load_demo_lakes
    from deltacap.water.models_lakes import BloomObservation, BloomWarning, EmergencyAction

    load_demo_lakes()
    # What members wrote: observation points, warning messages, emergency actions.
    names |= set(BloomObservation.objects.values_list("point", flat=True))
    names |= set(BloomWarning.objects.values_list("message", flat=True))
    names |= set(EmergencyAction.objects.values_list("description", flat=True))
    # The Taihu reserves: the decision numbers and reasons a bureau gave its allocations.
    from deltacap.water.models_lakes import TaihuReserveMove

    for decision, reason in TaihuReserveMove.objects.values_list("decision", "reason"):
        names |= {decision, reason}
    for name, address, contact in Enterprise.objects.values_list("name", "address", "contact_name"):
        names |= {name, address, contact}
    names |= set(Outlet.objects.values_list("name", flat=True))
    names |= set(Station.objects.values_list("name", flat=True))
    # What people wrote: a project's name and note, the name of a file they attached.
    for name, note in Project.objects.values_list("name", "note"):
        names |= {name, note}
    names |= set(Evidence.objects.values_list("filename", flat=True))
    # The source a bureau or the office gave for a price it entered, the basis of a
    # confirmation, the name a coefficient table was registered under.
    names |= set(PaidUsePriceRow.objects.values_list("source", flat=True))
    names |= set(SubmittedEmission.objects.values_list("source", flat=True))
    names |= set(Confirmation.objects.values_list("basis", flat=True))
    names |= set(CoefficientTable.objects.values_list("set_id", flat=True))
    names |= set(GroupPerson.objects.values_list("name", flat=True))
    names |= set(GroupPerson.objects.values_list("position", flat=True))
    for meeting in Meeting.objects.all():
        names |= {meeting.place, meeting.title, meeting.minutes}
        names |= set(meeting.participant_lines()) | set(meeting.decision_lines())
    names |= set(AgendaItem.objects.values_list("title", flat=True))
    names |= set(AgendaItem.objects.values_list("reason", flat=True))
    names |= set(ActionItem.objects.values_list("title", flat=True))
    names |= set(ActionItem.objects.values_list("evidence", flat=True))
    names |= set(ActionItem.objects.values_list("note", flat=True))
    names |= set(MeetingDocument.objects.values_list("title", flat=True))
    # A past forecast consultation: its title and the reasoning the members wrote.
    from deltacap.air.forecast_demo import load_demo_consultation
    from deltacap.air.forecast_models import CityForecast, Consultation

    load_demo_consultation()
    names |= set(Consultation.objects.values_list("title", flat=True))
    names |= set(CityForecast.objects.values_list("reasoning", flat=True))
    # Longest first, so that a name is taken out before a shorter one inside it.
    return sorted((n for n in names if n), key=len, reverse=True)
