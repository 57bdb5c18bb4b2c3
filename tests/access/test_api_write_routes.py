"""Every write route of the API, called as every kind of actor, on records of its own and
of another member or enterprise: generated from the OpenAPI document, so that a new write
route is tried as soon as it exists.

What must hold for every call (each in a savepoint rolled back after it):
- nothing changes unless the access rules allowed a write in that call (a route that
  writes without asking its rule fails here);
- the public and viewers change nothing and never get a 2xx;
- an editor changes no record of another member; an enterprise changes no record of
  another enterprise but for taking up what is published (buying, bidding);
- no call ends in a server error.
And for every route: some call reached a write decision of the rules, and some actor
was allowed (the route is neither unguarded nor dead).
"""

from __future__ import annotations

import functools
import io
import json
from collections import defaultdict
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

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
    outfall_csv,
    pick,
    pick_place,
    place_value,
    readings_csv,
    record_pools,
    sample,
    violations,
    watched,
    water_csv,
    who,
)
from tests.access.world import ACCOUNTS, ANONYMOUS, build_access_world

WRITE_METHODS = ("post", "put", "patch", "delete")
# Signing in and out (a token for oneself) acts on one's own session, not on a record.
SIGN_IN = "/api/v1/auth/token"


@functools.cache
def _schema() -> dict[str, Any]:
    from deltacap.api import api

    return api.get_openapi_schema()


def write_operations() -> list[tuple[str, str, dict[str, Any]]]:
    schema = _schema()
    found = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method in WRITE_METHODS and not path.startswith(SIGN_IN):
                found.append((method, path, operation))
    return found


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    if "anyOf" in node:
        options = [o for o in node["anyOf"] if o.get("type") != "null"]
        return _resolve(schema, options[0]) if options else node
    return node


class Unknown(Exception):
    """A route names a record of a kind the test does not know."""


class Call:
    """The arguments of one call: records of the chosen variant for every parameter that
    names one, the place of the chosen variant for every field that names a place,
    samples for the rest."""

    def __init__(self, actor: Who, variant: Variant, pools: dict[str, Pool]) -> None:
        self.actor, self.variant, self.pools = actor, variant, pools
        self.missing = False  # no record of this variant for a parameter
        self._place: Any = None

    def _chosen(self, pool: Pool) -> Any:
        chosen = pick(pool, self.actor, self.variant)
        if chosen is None:
            self.missing = True
            return None
        return chosen[0]

    def value(self, name: str, schema: dict[str, Any]) -> Any:
        if name in self.pools:
            return self._chosen(self.pools[name])
        if name in PLACE_FIELDS:
            if self._place is None:
                self._place = pick_place(self.actor, self.variant)
                self.missing = self.missing or self._place is None
            return None if self._place is None else place_value(self._place, name)
        if name.endswith("_id"):
            raise Unknown(name)
        return sample(name, schema)

    def body(self, schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
        """The required fields, and the optional ones that name a record or a place or
        have a known sample (a route is called as a user would fill its form)."""
        node = _resolve(schema, node)
        required = set(node.get("required", []))
        known = set(self.pools) | set(PLACE_FIELDS) | set(SAMPLES)
        body: dict[str, Any] = {}
        for name, prop in node.get("properties", {}).items():
            if name in required or name in known:
                body[name] = self.value(name, _resolve(schema, prop))
        return body


# Imports whose file is a CSV of a record (or a place) the call names: path prefix, the
# file's maker, the parameter it takes, the file's name (the first prefix that fits).
_CSV_ROUTES: tuple[tuple[str, Callable[[Any], bytes], str, str], ...] = (
    ("/api/v1/petrochem/stations/readings", fence_csv, "petro_station_id", "fence.csv"),
    ("/api/v1/water/outfalls/", outfall_csv, "member", "outfalls.csv"),
    ("/api/v1/water/flows/", flows_csv, "section_id", "flows.csv"),
    ("/api/v1/water/readings/", readings_csv, "section_id", "readings.csv"),
    ("/api/v1/water/", water_csv, "section_id", "water.csv"),
)


def _files(call: Call, body: dict[str, Any], path: str = "") -> dict[str, Any]:
    """A multipart body: the file a route takes is an export of a project the call names
    (an import writes it back), a CSV of a record the call names (``_CSV_ROUTES``), for the
    air-quality imports a CSV of a station or an hour in the city of the call's variant, or
    a small PDF (evidence)."""
    from deltacap.projects import exchange
    from deltacap.projects.models import Project

    for prefix, make, name, filename in _CSV_ROUTES:
        if path.startswith(prefix):
            content = make(call.value(name, {}))
            body["file"] = SimpleUploadedFile(filename, content, "text/csv")
            return body
    if path.startswith("/api/v1/air/"):
        city = call.value("city", {})
        if city is not None:
            body["file"] = SimpleUploadedFile("air.csv", air_csv(path, city), "text/csv")
        return body
    if path.startswith("/api/v1/mobile/"):
        city = call.value("city", {})
        if city is not None:
            body["file"] = SimpleUploadedFile("mobile.csv", mobile_csv(path, city), "text/csv")
        return body
    if "kind" in body:  # evidence
        body["file"] = SimpleUploadedFile("evidence.pdf", b"%PDF-1.4 test", "application/pdf")
        return body
    code = call.value("code", {})
    content, _, _ = exchange.export_queryset(Project.objects.filter(code=code), "14fyp", "xlsx")
    body["file"] = SimpleUploadedFile("projects.xlsx", io.BytesIO(content).read(), exchange.XLSX)
    return body


def _request(
    client: Client, token: str | None, method: str, path: str, call: Call, op: dict[str, Any]
) -> Any:
    schema = _schema()
    for param in op.get("parameters", []):
        if param["in"] == "path":
            value = call.value(param["name"], param.get("schema", {}))
            path = path.replace("{" + param["name"] + "}", str(value))
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    headers["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    content = op.get("requestBody", {}).get("content", {})
    if "multipart/form-data" in content:
        body = _files(call, call.body(schema, content["multipart/form-data"]["schema"]), path)
        # A place the call has none of (its variant is then skipped) is left out of a form.
        body = {k: v for k, v in body.items() if v is not None}
        return getattr(client, method)(path, body, **headers)
    body = call.body(schema, content["application/json"]["schema"]) if content else {}
    return client.generic(method.upper(), path, json.dumps(body), "application/json", **headers)


def _round_path(path: str, year: int) -> str:
    return path.replace("{period}", "14fyp").replace("{year}", str(year))


@pytest.mark.django_db
def test_every_write_route_of_the_api_keeps_to_the_access_rules() -> None:
    from deltacap.accounts.models import ApiToken, User
    from deltacap.accounts.services import issue_token

    world = build_access_world()
    pools = record_pools()
    actors = [who(ANONYMOUS), *[who(name) for name in ACCOUNTS]]
    tokens = {a.name: issue_token(user=User.objects.get(username=a.name)) for a in actors[1:]}
    # Marked as used for the length of the test, so that a call records no use of its own.
    ApiToken.objects.update(last_used_at=timezone.now() + timedelta(hours=1))
    client = Client()
    problems: list[str] = []
    decided: dict[str, int] = defaultdict(int)
    allowed: dict[str, int] = defaultdict(int)
    operations = write_operations()
    assert len(operations) >= 30
    for method, path, op in operations:
        route = f"{method.upper()} {path}"
        for actor in actors:
            for variant in actor.variants():
                call = Call(actor, variant, pools)
                try:
                    with watched() as watch:
                        response = _request(
                            client,
                            tokens.get(actor.name),
                            method,
                            _round_path(path, world.round_year),
                            call,
                            op,
                        )
                except Unknown as unknown:
                    problems.append(f"{route}: names a record this test does not know: {unknown}")
                    break
                if call.missing:
                    continue
                decided[route] += len(watch.decisions)
                allowed[route] += len(watch.allowed)
                for problem in violations(actor, response.status_code, watch):
                    problems.append(
                        f"{route} as {actor.name or 'the public'} ({variant}): {problem}"
                    )
    for method, path, _ in operations:
        route = f"{method.upper()} {path}"
        if not decided[route]:
            problems.append(f"{route}: no call reached a write decision of the access rules")
        elif not allowed[route]:
            problems.append(f"{route}: no actor was allowed (nothing tried it for real)")
    assert problems == []
