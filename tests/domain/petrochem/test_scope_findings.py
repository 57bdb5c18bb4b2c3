"""The bay's scope (configuration the office replaces) and a finding's life."""

from __future__ import annotations

import json
from datetime import date
from importlib import resources

import pytest

from deltacap.domain.errors import Conflict, InvalidInput
from deltacap.domain.petrochem import (
    BayScope,
    FindingState,
    Step,
    in_scope,
    is_overdue,
    parse_scope,
    state_after,
)
from deltacap.domain.petrochem.scope import check_codes

SCOPE = BayScope(divisions=("310116", "330200"))


def test_a_county_of_a_listed_city_and_a_listed_district_are_in_the_bay() -> None:
    assert in_scope(("region", "330000", "330200", "330211"), SCOPE)
    assert in_scope(("region", "310000", "310116"), SCOPE)
    assert not in_scope(("region", "310000", "310118"), SCOPE)
    assert not in_scope(("region", "320000", "320500"), SCOPE)


@pytest.mark.parametrize("bad", ["32050", "320500", "310000", "abcdef"])
def test_only_cities_and_districts_of_shanghai_and_zhejiang_make_the_scope(bad: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        check_codes(["330100", bad])
    assert raised.value.field == "divisions"
    assert bad in str(raised.value)


def test_the_scope_s_codes_are_kept_once_and_at_least_one_is_needed() -> None:
    assert check_codes([" 330200", "310116", "330200", ""]) == ("310116", "330200")
    with pytest.raises(InvalidInput):
        check_codes(["", " "])


def test_the_shipped_scope_lies_around_the_bay_and_says_it_is_unverified() -> None:
    text = resources.files("deltacap.petrochem").joinpath("data/bay_scope.json").read_text()
    scope = parse_scope(json.loads(text))
    assert not scope.verified and scope.source
    assert {"310116", "330200", "330400"} <= set(scope.divisions)
    assert all(code[:2] in ("31", "33") for code in scope.divisions)


def test_a_finding_is_rectified_then_closed_and_a_closed_one_takes_no_step() -> None:
    assert state_after(FindingState.OPEN, Step.RECTIFY) is FindingState.RECTIFYING
    assert state_after(FindingState.RECTIFYING, Step.CLOSE) is FindingState.CLOSED
    assert state_after(FindingState.OPEN, Step.CLOSE) is FindingState.CLOSED
    with pytest.raises(Conflict):
        state_after(FindingState.CLOSED, Step.RECTIFY)


def test_a_finding_is_overdue_after_its_deadline_unless_closed() -> None:
    deadline = date(2026, 6, 30)
    assert not is_overdue(FindingState.OPEN, deadline, date(2026, 6, 30))
    assert is_overdue(FindingState.OPEN, deadline, date(2026, 7, 1))
    assert is_overdue(FindingState.RECTIFYING, deadline, date(2026, 7, 1))
    assert not is_overdue(FindingState.CLOSED, deadline, date(2026, 7, 1))
