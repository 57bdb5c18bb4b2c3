"""Concurrent project writers on PostgreSQL: no lost update, one project per code, no 500."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest

from deltacap.accounts.models import User
from deltacap.accounts.permissions import PLATFORM
from deltacap.accounts.services import issue_token
from deltacap.projects import services
from deltacap.projects.models import Project
from tests.concurrency import together
from tests.projects.conftest import project_values

pytestmark = pytest.mark.postgres_only


@pytest.mark.django_db(transaction=True)
def test_two_editors_changing_different_fields_of_a_project_both_keep_their_change(
    world: None,
) -> None:
    code = services.create_project(
        by=PLATFORM, channel="system", values=project_values(), period="14fyp"
    ).code
    member, city = User.objects.get(username="js-editor"), User.objects.get(username="sz-editor")
    for round_ in range(4):
        together(
            lambda r=round_: services.update_project(
                by=member, channel="api", code=code, changes={"sector": f"污水处理{r}"}
            ),
            lambda r=round_: services.update_project(
                by=city, channel="api", code=code, changes={"note": f"第{r}次核对"}
            ),
        )
        project = Project.objects.get(code=code)
        assert (project.sector, project.note) == (f"污水处理{round_}", f"第{round_}次核对")
    assert Project.objects.get(code=code).revision == 9


@pytest.mark.django_db(transaction=True)
def test_a_race_to_create_one_code_gives_one_project_and_no_500(
    world: None, live_server: Any
) -> None:
    token = issue_token(user=User.objects.get(username="js-editor"))
    body = {**project_values(), "period": "14fyp"}

    def post(name: str) -> int:
        data = json.dumps({**body, "name": name}, default=str).encode()
        request = urllib.request.Request(
            f"{live_server.url}/api/v1/projects",
            data,
            method="POST",
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as r:
                return int(r.status)
        except urllib.error.HTTPError as err:
            return int(err.code)

    statuses = together(*[lambda n=n: post(f"工程{n}") for n in range(4)])
    assert sorted(statuses) == [201, 409, 409, 409], statuses
    assert Project.objects.filter(code=body["code"]).count() == 1
