"""Concurrent writers on PostgreSQL: no lost update, no 500 on a race to create."""

from __future__ import annotations

from typing import Any

import pytest

from deltacap.accounts.models import User
from deltacap.audit.models import AuditEvent
from deltacap.enterprises.models import Enterprise
from deltacap.enterprises.services import update_enterprise
from deltacap.targets.models import Target
from tests.concurrency import together

pytestmark = pytest.mark.postgres_only


@pytest.mark.django_db(transaction=True)
def test_two_editors_changing_different_fields_at_once_both_keep_their_change(
    world: None,
) -> None:
    firm = User.objects.get(username="ent-suzhou").enterprise
    editor = User.objects.get(username="sz-editor")
    owner = User.objects.get(username="ent-suzhou")
    for round_ in range(5):
        together(
            lambda r=round_: update_enterprise(
                by=editor, channel="api", enterprise_id=firm.pk, changes={"sector": f"印染{r}"}
            ),
            lambda r=round_: update_enterprise(
                by=owner,
                channel="api",
                enterprise_id=firm.pk,
                changes={"contact_phone": f"0512-{r}"},
            ),
        )
        firm.refresh_from_db()
        assert (firm.sector, firm.contact_phone) == (f"印染{round_}", f"0512-{round_}")
    events = AuditEvent.objects.filter(object_type="enterprise", object_id=str(firm.pk))
    assert events.filter(action="enterprise.update").count() == 10


@pytest.mark.django_db(transaction=True)
def test_a_race_to_create_the_same_target_gives_one_target_and_no_500(
    world: None,
    live_server: Any,
) -> None:
    import json
    import urllib.error
    import urllib.request

    from deltacap.accounts.services import issue_token

    token = issue_token(user=User.objects.get(username="office"))

    def patch(value: int) -> int:
        request = urllib.request.Request(
            f"{live_server.url}/api/v1/targets/15fyp/340000/TP",
            json.dumps({"percent_cut": value}).encode(),
            method="PATCH",
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as r:
                return int(r.status)
        except urllib.error.HTTPError as err:
            return int(err.code)

    statuses = together(*[lambda v=v: patch(v) for v in range(4)])
    assert set(statuses) <= {200, 409}, statuses
    assert 200 in statuses
    assert Target.objects.filter(period="15fyp", division="340000", pollutant="TP").count() == 1
    assert Enterprise.objects.exists()
