"""Every write route of the pages, posted as every kind of actor with the fields of its own
form, on records of the actor's own and of another member or enterprise: generated from
the URL configuration (a page that accepts POST is a write route) and from the forms the
pages render, so that a new write page is tried as soon as it exists.

The same rules hold as for the API (tests/access/test_api_write_routes.py): nothing
changes without an allowed write decision of the access rules; the public and viewers
change nothing and get no 2xx; an editor changes no record of another member, an
enterprise none of another enterprise but what is published; never a server error; and
every write page reached a decision of the rules, and allowed someone.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from tests.access.forms import Form, crawl, parse_forms
from tests.access.routes import (
    PLACE_FIELDS,
    SAMPLES,
    Pool,
    Variant,
    Who,
    air_csv,
    fence_csv,
    flows_csv,
    mobile_csv,
    network_geojson,
    outfall_csv,
    pick,
    pick_place,
    place_value,
    record_pools,
    violations,
    watched,
    water_csv,
    who,
)
from tests.access.world import ACCOUNTS, ANONYMOUS, build_access_world

_counter = itertools.count(1)

# Not record writes: signing in and out, the language switch. The admin is for staff only
# (no account of a role is staff) and read-only; tests/web check it apart.
NOT_WRITES = ("web:login", "web:logout", "set_language")
SKIPPED_NAMESPACES = ("admin",)


def _patterns(
    resolver: Any = None, prefix: str = "", above: tuple[str, ...] = ()
) -> dict[str, tuple[str, ...]]:
    """Every page URL pattern by name (``namespace:name``), with its parameters' names."""
    found: dict[str, tuple[str, ...]] = {}
    for entry in (resolver or get_resolver()).url_patterns:
        names = (*above, *getattr(entry.pattern, "converters", {}))
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            if ns in SKIPPED_NAMESPACES or str(entry.pattern).startswith("api/"):
                continue
            found |= _patterns(entry, f"{prefix}{ns}:" if ns else prefix, names)
        elif isinstance(entry, URLPattern) and entry.name:
            found[prefix + entry.name] = names
    return found


# How a page URL's parameters are filled: the record pool that names it.
_KWARG_POOLS = {
    "enterprise_id": "enterprise_id",
    "outlet_id": "outlet_id",
    "code": "code",
    "listing_id": "listing_id",
    "trade_id": "trade_id",
    "section_id": "section_id",
    "person_id": "person_id",
    "meeting_id": "meeting_id",
    "agenda_id": "agenda_id",
    "action_id": "action_id",
    "document_id": "document_id",
    "list_id": "list_id",
    "warning_id": "warning_id",
    "notice_id": "notice_id",
    "settlement_id": "settlement_id",
    "agreement": "agreement",
    "vehicle_notice_id": "vehicle_notice_id",
    "consultation_id": "consultation_id",
    "machine_notice_id": "machine_notice_id",
    # information sharing: one enterprise's identifier crosswalk
    "sharing_enterprise_id": "enterprise_id",
    "water_outfall_id": "water_outfall_id",
    "air_track_id": "air_track_id",
    "air_hotspot_id": "air_hotspot_id",
    "air_follow_up_id": "air_follow_up_id",
    # N/P loads into the lakes
    "loads_lake": "loads_lake",
    # Hangzhou Bay petrochemicals
    "petro_enterprise_id": "petro_enterprise_id",
    "petro_finding_id": "petro_finding_id",
    "petro_station_id": "petro_station_id",
    # the 5 km Taihu zone: an enterprise whose closure is recorded
    "taihu_enterprise_id": "taihu_enterprise_id",
    # cyanobacteria blooms: an active warning (lifted, or an emergency action under it)
    "bloom_warning_id": "bloom_warning_id",
}


class PageCall:
    """A page URL and form fields for one actor and variant."""

    def __init__(self, actor: Who, variant: Variant, pools: dict[str, Pool], year: int):
        self.actor, self.variant, self.pools, self.year = actor, variant, pools, year
        self.missing = False
        self._place: Any = None

    def _chosen(self, pool: Pool) -> Any:
        chosen = pick(pool, self.actor, self.variant)
        if chosen is None:
            self.missing = True
            return None
        return chosen[0]

    def kwarg(self, name: str) -> Any:
        if name in _KWARG_POOLS:
            return self._chosen(self.pools[_KWARG_POOLS[name]])
        if name == "period":
            return "14fyp"
        if name == "year":
            return self.year
        if name == "evidence_id":
            return 1
        if name == "event_id":
            from deltacap.air.models import AirEvent

            return AirEvent.objects.order_by("pk").values_list("pk", flat=True).first()
        if name in PLACE_FIELDS:
            return self.place(name)
        if name == "pollutant":
            return "COD"
        raise KeyError(f"no value for a page URL's parameter {name!r}")

    def place(self, name: str) -> str:
        if self._place is None:
            self._place = pick_place(self.actor, self.variant)
            self.missing = self.missing or self._place is None
        return "-" if self._place is None else place_value(self._place, name)

    def url(self, route: str, example: str | None = None) -> str:
        """The route's URL with this call's records (the parameters of ``example``, a URL
        the route was rendered with, name which parameters it takes)."""
        names = list(resolve(example).kwargs) if example else _patterns()[route]
        kwargs = {n: self.kwarg(n) for n in names}
        return "" if self.missing else reverse(route, kwargs=kwargs)

    def fields(self, form: Form) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for name, value in form.fields.items():
            if name in self.pools:
                data[name] = self._chosen(self.pools[name])
            elif name in PLACE_FIELDS:
                data[name] = self.place(name)
            elif name in SAMPLES and name not in ("period", "to", "action", "approve"):
                # A new value where the form shows the record's own (so that an allowed
                # post changes something); structured samples are the API's, not a form's.
                new = SAMPLES[name]()
                data[name] = new if isinstance(new, str | int) else value
            else:
                data[name] = value
        for name in form.files:
            data[name] = self._file(form)
        return data

    def _control_list(self) -> SimpleUploadedFile:
        """A workbook of the call's controlled-enterprise list with one measure changed."""
        import io

        from openpyxl import load_workbook

        from deltacap.accounts.actors import PLATFORM
        from deltacap.air import event_excel, event_services

        list_id = self._chosen(self.pools["list_id"])
        if list_id is None:
            return SimpleUploadedFile("list.xlsx", b"", event_excel.XLSX)
        content, _ = event_services.export_list(by=PLATFORM, list_id=list_id)
        book = load_workbook(io.BytesIO(content))
        book[event_excel.SHEET]["K2"] = next(_counter) % 50 / 100
        out = io.BytesIO()
        book.save(out)
        return SimpleUploadedFile("list.xlsx", out.getvalue(), event_excel.XLSX)

    def _water_file(self, form: Form) -> SimpleUploadedFile:
        """The water imports' files: outfalls of the call's member, a flow or samples of a
        section of its variant, a new reach of the river network."""
        if form.route == "water:outfalls_import":
            content = outfall_csv(self.place("member"))
            return SimpleUploadedFile("outfalls.csv", content, "text/csv")
        if form.route == "water:flows_import":
            content = flows_csv(self._chosen(self.pools["section_id"]))
            return SimpleUploadedFile("flows.csv", content, "text/csv")
        if form.route == "water:network_import":
            return SimpleUploadedFile("network.geojson", network_geojson(), "application/json")
        content = water_csv(self._chosen(self.pools["section_id"]))
        return SimpleUploadedFile("water.csv", content, "text/csv")

    def _file(self, form: Form) -> SimpleUploadedFile:
        """An upload: a workbook of a project of this call's variant with a new name, for an
        import (its rows are what the rules decide on; a file that changes nothing is not
        offered to import), else a small PDF (evidence)."""
        if form.route.startswith("water:"):
            return self._water_file(form)
        if form.route == "petrochem:stations_import":
            content = fence_csv(self._chosen(self.pools["petro_station_id"]))
            return SimpleUploadedFile("fence.csv", content, "text/csv")
        if form.route == "air:control_list_import":
            return self._control_list()
        if form.route.startswith("air:"):
            return SimpleUploadedFile(
                "air.csv", air_csv(form.route, self.place("city")), "text/csv"
            )
        if form.route.startswith("mobile:"):
            return SimpleUploadedFile(
                "mobile.csv", mobile_csv(form.route, self.place("city")), "text/csv"
            )
        if not form.route.endswith("import"):
            return SimpleUploadedFile("evidence.pdf", b"%PDF-1.4 test", "application/pdf")
        import io

        from openpyxl import load_workbook

        from deltacap.projects import exchange
        from deltacap.projects.excel_layout import PROJECTS_SHEET
        from deltacap.projects.models import Project

        code = self._chosen(self.pools["code"])
        content, _, _ = exchange.export_queryset(Project.objects.filter(code=code), "14fyp", "xlsx")
        workbook = load_workbook(io.BytesIO(content))
        for row in workbook[PROJECTS_SHEET].iter_rows():
            if row[0].value == code:
                row[1].value = f"{row[1].value}（改）"
        buffer = io.BytesIO()
        workbook.save(buffer)
        return SimpleUploadedFile("projects.xlsx", buffer.getvalue(), exchange.XLSX)


def _starts(actors: list[Who], pools: dict[str, Pool], year: int) -> dict[str, list[str]]:
    """Where each actor starts visiting: every page of the platform it may open."""
    starts = {}
    for actor in actors:
        call = PageCall(
            actor, Variant.OWN if actor.variants()[0] is Variant.OWN else Variant.ANY, pools, year
        )
        urls = []
        for route in _patterns():
            try:
                urls.append(call.url(route))
            except Exception:  # noqa: BLE001 - a page without an example for this actor
                continue
        starts[actor.name] = ["/", *urls]
    return starts


def _follow_ups(
    clients: dict[str, Client],
    actors: list[Who],
    forms: dict[str, list[Form]],
    routes: list[str],
    pools: dict[str, Pool],
    year: int,
) -> dict[str, list[Form]]:
    """Write forms that a page shows only after a step (an import's confirmation after its
    dry run), with the step that shows them: found by taking each step as its actor."""
    found: dict[str, list[Form]] = defaultdict(list)
    for route in routes:
        for step in forms[route][:6]:
            for actor in actors[1:]:
                call = PageCall(actor, actor.variants()[0], pools, year)
                url, data = call.url(route, step.action), call.fields(step)
                if call.missing:
                    continue
                with watched():
                    response = clients[actor.name].post(url, data)
                    page = response.content.decode() if response.status_code == 200 else ""
                for form in parse_forms(page, url):
                    if form.route in routes and not forms[form.route]:
                        found[form.route].append(Form(form.action, form.fields, form.files, step))
    return found


def _write_routes(client: Client, pools: dict[str, Pool], year: int) -> list[str]:
    """Pages that accept POST: every one is a write route."""
    office = PageCall(who("office"), Variant.ANY, pools, year)
    found = []
    for route in _patterns():
        if route in NOT_WRITES:
            continue
        try:
            url = office.url(route)
        except KeyError as unknown:
            raise AssertionError(f"{route}: {unknown}") from None
        with watched():
            if client.post(url, {}).status_code != 405:
                found.append(route)
    return found


@pytest.fixture
def cookie_sessions(settings: Any) -> None:
    """Sessions in signed cookies: a page's own notes to the user (an error kept for the
    next page) are then no row of the database, which holds only records here."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"


def _post(client: Client, call: PageCall, route: str, form: Form) -> Any:
    """Post ``form`` as ``call`` says, after the step that shows it, if any (in the same
    rolled-back savepoint); None when the step does not show the form to this actor."""
    if form.after is None:
        return client.post(call.url(route, form.action), call.fields(form))
    url, fields = call.url(form.after.route, form.after.action), call.fields(form.after)
    if call.missing:
        return None
    step = client.post(url, fields)
    shown = parse_forms(step.content.decode() if step.status_code == 200 else "", form.action)
    again = [f for f in shown if f.route == route]
    return client.post(call.url(route, again[0].action), again[0].fields) if again else None


def _forms(
    clients: dict[str, Client], actors: list[Who], pools: dict[str, Pool], year: int
) -> tuple[list[str], dict[str, list[Form]]]:
    """The write routes and the forms the pages show for them, to anyone."""
    forms: dict[str, list[Form]] = defaultdict(list)
    starts = _starts(actors, pools, year)
    for actor in actors:
        found, _ = crawl(clients[actor.name], starts[actor.name])
        for form in found:
            if form.route and form.fields not in [f.fields for f in forms[form.route]]:
                forms[form.route].append(form)
    routes = _write_routes(clients["office"], pools, year)
    for route, later in _follow_ups(clients, actors, forms, routes, pools, year).items():
        forms[route] = later[:1]
    return routes, forms


@dataclass
class Tally:
    problems: list[str] = field(default_factory=list)
    decided: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    allowed: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def coverage(self, routes: list[str], forms: dict[str, list[Form]]) -> list[str]:
        """Routes whose posts reached no write decision, or allowed nobody."""
        found = []
        for route in routes:
            if forms[route] and not self.decided[route]:
                found.append(f"{route}: no post reached a write decision of the rules")
            elif forms[route] and not self.allowed[route]:
                found.append(f"{route}: no actor was allowed (nothing tried it for real)")
        return found


def _try(route: str, form: Form, actor: Who, client: Client, call: PageCall, tally: Tally) -> None:
    """Post ``form`` as ``actor`` (rolled back) and note what it broke."""
    call.url(route, form.action)
    call.fields(form)
    if call.missing:
        return
    with watched() as watch:
        response = _post(client, call, route, form)
    if response is None:
        return
    tally.decided[route] += len(watch.decisions)
    tally.allowed[route] += len(watch.allowed)
    for problem in violations(actor, response.status_code, watch):
        name = actor.name or "the public"
        tally.problems.append(f"{route} as {name} ({call.variant}, {form.fields}): {problem}")


@pytest.mark.django_db
@pytest.mark.usefixtures("cookie_sessions")
def test_every_write_page_keeps_to_the_access_rules() -> None:
    from deltacap.accounts.models import User

    world = build_access_world()
    pools = record_pools()
    actors = [who(ANONYMOUS), *[who(name) for name in ACCOUNTS]]
    clients: dict[str, Client] = {}
    for actor in actors:
        clients[actor.name] = Client()
        if actor.name:
            clients[actor.name].force_login(User.objects.get(username=actor.name))
    routes, forms = _forms(clients, actors, pools, world.round_year)
    assert len(routes) >= 15
    tally = Tally()
    for route in routes:
        if not forms[route]:
            tally.problems.append(f"{route}: accepts POST but no page shows its form to anyone")
        for actor in actors:
            for variant in actor.variants():
                for form in forms[route][:6]:
                    call = PageCall(actor, variant, pools, world.round_year)
                    _try(route, form, actor, clients[actor.name], call, tally)
    assert tally.problems + tally.coverage(routes, forms) == []
