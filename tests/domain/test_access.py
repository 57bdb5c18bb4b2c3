"""The access rules, without a database."""

from __future__ import annotations

import pytest

from deltacap.domain.access import (
    PUBLIC,
    AccessDenied,
    Action,
    Kind,
    Principal,
    Resource,
    Role,
    allowed,
    check,
    editable_fields,
)

SUZHOU_FIRM = Resource(
    Kind.ENTERPRISE, ("region", "320000", "320500", "320509"), "county", enterprise_id=7
)
HANGZHOU_FIRM = Resource(Kind.ENTERPRISE, ("region", "330000", "330100"), "city", enterprise_id=8)
REGION_TARGET = Resource(Kind.TARGET, ("region",), "region", published=True)
MEMBER_TARGET = Resource(Kind.TARGET, ("region", "320000"), "member", published=True)
CITY_TARGET = Resource(Kind.TARGET, ("region", "320000", "320500"), "city", published=True)

OFFICE = Principal(Role.OFFICE)
JS_EDITOR = Principal(Role.MEMBER_EDITOR, "320000")
JS_VIEWER = Principal(Role.MEMBER_VIEWER, "320000")
ZJ_EDITOR = Principal(Role.MEMBER_EDITOR, "330000")
SZ_EDITOR = Principal(Role.CITY_EDITOR, "320500")
WUJIANG_EDITOR = Principal(Role.CITY_EDITOR, "320509")
FIRM_7 = Principal(Role.ENTERPRISE, "320509", enterprise_id=7)


def test_only_the_office_sets_region_and_member_targets() -> None:
    for target in (REGION_TARGET, MEMBER_TARGET):
        assert allowed(OFFICE, Action.WRITE, target)
        for other in (JS_EDITOR, JS_VIEWER, SZ_EDITOR, FIRM_7, PUBLIC):
            assert not allowed(other, Action.WRITE, target)


def test_a_member_splits_its_own_target_to_cities_but_not_another_members() -> None:
    assert allowed(JS_EDITOR, Action.WRITE, CITY_TARGET)
    assert not allowed(ZJ_EDITOR, Action.WRITE, CITY_TARGET)
    assert not allowed(JS_VIEWER, Action.WRITE, CITY_TARGET)


def test_published_targets_are_readable_by_the_public() -> None:
    assert allowed(PUBLIC, Action.READ, REGION_TARGET)


def test_member_editor_writes_only_enterprises_of_its_own_member() -> None:
    assert allowed(JS_EDITOR, Action.WRITE, SUZHOU_FIRM)
    assert not allowed(JS_EDITOR, Action.WRITE, HANGZHOU_FIRM)
    assert not allowed(JS_VIEWER, Action.WRITE, SUZHOU_FIRM)
    assert allowed(JS_VIEWER, Action.READ, SUZHOU_FIRM)


def test_city_and_county_editors_write_only_within_their_area() -> None:
    assert allowed(SZ_EDITOR, Action.WRITE, SUZHOU_FIRM)  # a county of Suzhou
    assert allowed(WUJIANG_EDITOR, Action.WRITE, SUZHOU_FIRM)
    other_county = Resource(
        Kind.ENTERPRISE, ("region", "320000", "320500", "320506"), "county", enterprise_id=9
    )
    assert not allowed(WUJIANG_EDITOR, Action.WRITE, other_county)
    assert not allowed(SZ_EDITOR, Action.READ, HANGZHOU_FIRM)


def test_an_enterprise_sees_and_edits_only_itself_and_only_some_fields() -> None:
    assert allowed(FIRM_7, Action.READ, SUZHOU_FIRM)
    assert not allowed(FIRM_7, Action.READ, HANGZHOU_FIRM)
    assert "contact_phone" in editable_fields(FIRM_7, Kind.ENTERPRISE)
    assert "name" not in editable_fields(FIRM_7, Kind.ENTERPRISE)


def test_office_reads_every_enterprise_but_does_not_edit_members_records() -> None:
    assert allowed(OFFICE, Action.READ, HANGZHOU_FIRM)
    assert not allowed(OFFICE, Action.WRITE, HANGZHOU_FIRM)


def test_audit_events_readable_by_office_and_own_member_only_and_written_by_nobody() -> None:
    js_event = Resource(Kind.AUDIT_EVENT, ("region", "320000"))
    assert allowed(OFFICE, Action.READ, js_event)
    assert allowed(JS_VIEWER, Action.READ, js_event)
    assert not allowed(ZJ_EDITOR, Action.READ, js_event)
    assert not allowed(SZ_EDITOR, Action.READ, js_event)
    assert not allowed(OFFICE, Action.WRITE, js_event)


def test_check_raises_access_denied_with_a_readable_message() -> None:
    with pytest.raises(AccessDenied) as err:
        check(PUBLIC, Action.WRITE, REGION_TARGET)
    assert err.value.render() == "You may not change this record."


def test_projects_and_outlets_are_kept_by_their_place_and_read_by_their_enterprise() -> None:
    for kind in (Kind.PROJECT, Kind.OUTLET):
        record = Resource(kind, ("region", "320000", "320500", "320509"), "county", enterprise_id=7)
        assert allowed(JS_EDITOR, Action.WRITE, record)
        assert allowed(WUJIANG_EDITOR, Action.WRITE, record)
        assert not allowed(ZJ_EDITOR, Action.WRITE, record)
        assert not allowed(OFFICE, Action.WRITE, record)
        assert not allowed(FIRM_7, Action.WRITE, record)
        assert allowed(FIRM_7, Action.READ, record)
        assert allowed(OFFICE, Action.READ, record)
        assert not allowed(PUBLIC, Action.READ, record)
