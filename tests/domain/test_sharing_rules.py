"""The sharing rules: which category a write belongs to, and who reads a change of which
member under the office's policy."""

from __future__ import annotations

import pytest

from deltacap.domain.access import Principal, Role
from deltacap.domain.errors import InvalidInput
from deltacap.domain.sharing import (
    Category,
    Scope,
    category_of,
    may_read_change,
    parse_categories,
)

OFFICE = Principal(Role.OFFICE)
JS_VIEWER = Principal(Role.MEMBER_VIEWER, "320000")
JS_EDITOR = Principal(Role.MEMBER_EDITOR, "320000")
SZ_EDITOR = Principal(Role.CITY_EDITOR, "320500")
FIRM = Principal(Role.ENTERPRISE, "320509", enterprise_id=7)
PUBLIC = Principal(Role.PUBLIC)


@pytest.mark.parametrize(
    ("action", "object_id", "category"),
    [
        ("target.set", "14fyp/region/COD", Category.TARGETS),
        ("target.load_plan", "14fyp/330000/NOx", Category.TARGETS),
        ("target.set", "14fyp/320500/COD", Category.INDICATORS),
        ("coefficients.register", "5", Category.INDICATORS),
        ("project.verified", "JS-1", Category.PROJECTS),
        ("round.submit", "14fyp/2024", Category.PROJECTS),
        ("air_observations.import", "ab12", Category.AIR),
        ("water.import", "S1", Category.WATER),
        ("rights.issue", "5", None),
        ("outlet.limits", "9", None),
        ("trade.settle", "3", None),
    ],
)
def test_each_write_falls_in_its_category_or_none(
    action: str, object_id: str, category: Category | None
) -> None:
    assert category_of(action, object_id) is category


def test_another_members_change_is_read_only_where_the_category_is_shared() -> None:
    for reader in (JS_VIEWER, JS_EDITOR):
        assert may_read_change(reader, "320000", Scope.OWN_MEMBER)
        assert may_read_change(reader, "330000", Scope.ALL_MEMBERS)
        assert not may_read_change(reader, "330000", Scope.OWN_MEMBER)
        assert not may_read_change(reader, "", Scope.OWN_MEMBER)
    assert may_read_change(OFFICE, "330000", Scope.OWN_MEMBER)
    for outsider in (SZ_EDITOR, FIRM, PUBLIC):
        assert not may_read_change(outsider, "330000", Scope.ALL_MEMBERS)
        assert not may_read_change(outsider, "320000", Scope.ALL_MEMBERS)


def test_categories_are_read_by_code_and_an_unknown_one_is_named() -> None:
    assert parse_categories(["water,targets", " air"]) == [
        Category.TARGETS,
        Category.AIR,
        Category.WATER,
    ]
    with pytest.raises(InvalidInput) as caught:
        parse_categories(["projects", "rights"])
    assert caught.value.params["got"] == "rights"
