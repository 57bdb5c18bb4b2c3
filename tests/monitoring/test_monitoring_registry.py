"""The device registry: who may register devices and set limits, what each reader sees,
and every refusal naming its field. Writes are audited."""

from __future__ import annotations

from typing import Any

import pytest

from deltacap.accounts.permissions import PLATFORM, can
from deltacap.audit.models import AuditEvent
from deltacap.domain.access import AccessDenied, Action
from deltacap.domain.errors import Conflict, InvalidInput, NotFound
from deltacap.enterprises.models import Enterprise
from deltacap.monitoring.models import Device, Outlet
from deltacap.monitoring.registry import device_table, visible_outlets
from deltacap.monitoring.services import register_device, set_limits

pytestmark = pytest.mark.django_db
ACTORS = [
    "office",
    "sh-editor",
    "js-editor",
    "zj-editor",
    "ah-editor",
    "sh-viewer",
    "js-viewer",
    "sz-editor",
    "hz-editor",
    "qp-editor",
    "ent-suzhou",
    "ent-hangzhou",
]


def _suzhou(users: Any) -> Enterprise:
    enterprise = users("ent-suzhou").enterprise
    assert enterprise is not None
    return enterprise


def _register(by: Any, enterprise: Enterprise, mn: str, **extra: Any) -> Device:
    return register_device(
        by=by,
        channel="api",
        mn=mn,
        password="123456",
        enterprise=enterprise.uscc,
        outlet_code=extra.pop("outlet_code", "DW001"),
        medium="water",
        **extra,
    )


def test_a_city_editor_registers_a_device_on_an_outlet_with_limits(users: Any) -> None:
    enterprise = _suzhou(users)
    device = _register(users("sz-editor"), enterprise, "0A1", limits={"w01018": "50"})
    outlet = device.outlet
    assert outlet is not None and outlet.enterprise == enterprise
    assert {lim.factor: lim.limit for lim in outlet.limits.all()} == {"w01018": 50}
    event = AuditEvent.objects.get(action="device.register", object_id="0A1")
    assert event.actor_username == "sz-editor" and event.member_code == "320000"
    assert event.after is not None
    assert "password" not in event.after and event.after["limits"] == {"w01018": "50"}
    assert device_table()["0A1"].outlet_id == outlet.pk


def test_the_2005_code_of_a_limit_is_mapped_to_its_2017_code(users: Any) -> None:
    device = _register(users("js-editor"), _suzhou(users), "0A2", limits={"011": "60"})
    assert device.outlet is not None
    assert list(device.outlet.limits.values_list("factor", "limit")) == [("w01018", 60)]


@pytest.mark.parametrize(
    ("change", "field", "error"),
    [
        ({"mn": "has space"}, "mn", InvalidInput),
        ({"mn": "X" * 25}, "mn", InvalidInput),
        ({"password": "a;b"}, "password", InvalidInput),
        ({"limits": {"w01018": "-3"}}, "limits.w01018", InvalidInput),
        ({"limits": {"w01018": "lots"}}, "limits.w01018", InvalidInput),
        ({"limits": {"zz999": "3"}}, "limits.zz999", InvalidInput),
        ({"limits": {"w00000": "3"}}, "limits.w00000", InvalidInput),
        ({"limits": {"w01018": "3", "011": "4"}}, "limits.011", InvalidInput),
        ({"minute_interval": 0}, "minute_interval", InvalidInput),
        ({"medium": "soil"}, "medium", InvalidInput),
        ({"enterprise": "91000000000000000X"}, "enterprise", NotFound),
        ({"outlet_code": "a b"}, "outlet", InvalidInput),
    ],
)
def test_bad_input_names_its_field_and_stores_nothing(
    users: Any, change: dict[str, Any], field: str, error: type[Exception]
) -> None:
    arguments: dict[str, Any] = {
        "by": users("sz-editor"),
        "channel": "api",
        "mn": "0A3",
        "password": "123456",
        "enterprise": _suzhou(users).uscc,
        "outlet_code": "DW009",
        "medium": "water",
    }
    with pytest.raises(error) as caught:
        register_device(**{**arguments, **change})
    assert caught.value.field == field  # type: ignore[attr-defined]
    assert not Device.objects.exists() and not Outlet.objects.exists()


def test_taken_mn_and_occupied_outlet_are_conflicts(users: Any) -> None:
    editor, enterprise = users("sz-editor"), _suzhou(users)
    _register(editor, enterprise, "0A4")
    with pytest.raises(Conflict) as taken:
        _register(editor, enterprise, "0A4", outlet_code="DW002")
    assert taken.value.field == "mn"
    with pytest.raises(Conflict) as occupied:
        _register(editor, enterprise, "0A5")
    assert occupied.value.field == "outlet"


@pytest.mark.parametrize("actor", ["hz-editor", "js-viewer", "ent-suzhou", "office"])
def test_others_may_not_register_devices_in_suzhou(users: Any, actor: str) -> None:
    with pytest.raises(AccessDenied):
        _register(users(actor), _suzhou(users), "0A6")
    assert not Device.objects.filter(mn="0A6").exists()
    assert not AuditEvent.objects.filter(action="device.register").exists()


def test_the_command_line_operator_may_register_without_an_outlet(users: Any) -> None:
    device = register_device(by=PLATFORM, channel="cli", mn="0A7", password="pw")
    assert device.outlet is None and device_table()["0A7"].outlet_id is None
    with pytest.raises(InvalidInput) as refused:
        register_device(by=users("sz-editor"), channel="api", mn="0A8", password="pw")
    assert refused.value.field == "enterprise"


def test_limits_are_set_by_writers_only_and_audited(users: Any) -> None:
    device = _register(users("sz-editor"), _suzhou(users), "0A9", limits={"w01018": "50"})
    assert device.outlet is not None
    with pytest.raises(AccessDenied):
        set_limits(
            by=users("ent-suzhou"),
            channel="api",
            outlet_id=device.outlet.pk,
            limits={"w01018": "80"},
        )
    set_limits(
        by=users("js-editor"),
        channel="api",
        outlet_id=device.outlet.pk,
        limits={"w01018": "40", "w21003": "5"},
    )
    event = AuditEvent.objects.get(action="outlet.limits")
    assert event.before == {"limits": {"w01018": "50.0000"}}
    assert event.after == {"limits": {"w01018": "40", "w21003": "5"}}


def test_visible_outlets_agree_with_the_access_rules_record_by_record(users: Any) -> None:
    suzhou = _suzhou(users)
    hangzhou = users("ent-hangzhou").enterprise
    shanghai = Enterprise.objects.filter(member_code="310000").first()
    assert hangzhou is not None and shanghai is not None
    for number, enterprise in enumerate([suzhou, hangzhou, shanghai]):
        register_device(
            by=PLATFORM,
            channel="cli",
            mn=f"0B{number}",
            password="123456",
            enterprise=enterprise.uscc,
            medium="air",
        )
    outlets = list(Outlet.objects.all())
    for actor in ACTORS:
        user = users(actor)
        visible = set(visible_outlets(user))
        assert visible == {o for o in outlets if can(user, Action.READ, o)}, actor
    assert set(visible_outlets(users("ent-suzhou"))) == {
        o for o in outlets if o.enterprise == suzhou
    }
    assert len(set(visible_outlets(users("office")))) == 3


def test_the_api_registers_devices_for_writers_and_refuses_others(users: Any, api: Any) -> None:
    body = {
        "mn": "0C1",
        "password": "123456",
        "enterprise": _suzhou(users).uscc,
        "outlet": "DW001",
        "medium": "water",
        "limits": {"w01018": "50"},
    }
    refused = api.send("POST", "/api/v1/monitoring/devices", body, as_user="ent-suzhou")
    assert refused.status_code == 403
    created = api.send("POST", "/api/v1/monitoring/devices", body, as_user="sz-editor")
    assert created.status_code == 201 and created.json()["mn"] == "0C1"
    again = api.send("POST", "/api/v1/monitoring/devices", body, as_user="sz-editor")
    assert again.status_code == 409 and again.json()["field"] == "mn"
    bad = api.send(
        "POST",
        "/api/v1/monitoring/devices",
        {**body, "mn": "0C2", "limits": {"w01018": "x"}},
        as_user="sz-editor",
    )
    assert bad.status_code == 422 and bad.json()["field"] == "limits.w01018"


# --- one MN rule for the registry and the receiver (issue 10, section 7) ------------------

MN_CANDIDATES = [
    "0A1B2C",  # hex: the standard's MN
    "010000A8900016F000169DC0",  # 24 hex characters (HJ 212-2017 Annex A)
    "abc123",  # lower case
    "Z13401000010301",  # letters beyond F, seen from real devices
    "A110000_0001",
    "411420sibo0606",
    "0" * 25,
    "",
]


def _receiver_accepts(mn: str, options: Any) -> bool:
    from deltacap.domain import hj212

    message = hj212.Message(
        st="32",
        cn="2061",
        qn="20240101010000000",
        pw="123456",
        mn=mn,
        flag=hj212.PacketFlag.of(ack_required=True),
        cp=hj212.CommandParameters.of({"DataTime": "20240101000000"}),
    )
    try:
        hj212.parse(hj212.encode(message), options)
    except hj212.Hj212Error:
        return False
    return True


@pytest.mark.parametrize("mn", MN_CANDIDATES)
def test_the_registry_accepts_exactly_the_mns_the_receiver_accepts(users: Any, mn: str) -> None:
    from deltacap.domain import hj212

    for lenient, options in ((False, hj212.STRICT), (True, hj212.LENIENT)):
        try:
            register_device(by=PLATFORM, channel="cli", mn=mn, password="pw", lenient=lenient)
        except InvalidInput as refused:
            assert refused.field == "mn"
            accepted = False
        else:
            accepted = True
            Device.objects.filter(mn=mn).delete()
        assert accepted == _receiver_accepts(mn, options), (mn, lenient)


def test_an_mn_with_letters_is_refused_by_the_api_and_the_command_line(
    users: Any, api: Any
) -> None:
    from typer.testing import CliRunner

    from deltacap.cli import app

    body = {
        "mn": "Z13401000010301",
        "password": "123456",
        "enterprise": _suzhou(users).uscc,
        "outlet": "DW001",
    }
    refused = api.send("POST", "/api/v1/monitoring/devices", body, "sz-editor", lang="en")
    assert (refused.status_code, refused.json()["field"]) == (422, "mn")
    assert "0-9 or A-F" in refused.json()["detail"]
    chinese = api.send("POST", "/api/v1/monitoring/devices", body, "sz-editor", lang="zh-hans")
    assert "MN" in chinese.json()["detail"] and "0-9" in chinese.json()["detail"]
    lenient = api.send("POST", "/api/v1/monitoring/devices", {**body, "lenient": True}, "sz-editor")
    assert lenient.status_code == 201
    result = CliRunner().invoke(app, ["hj212", "device", "add", "abc123", "--password", "pw"])
    assert result.exit_code != 0 and "mn" in result.output
    assert not Device.objects.filter(mn="abc123").exists()
