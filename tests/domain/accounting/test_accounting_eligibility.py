"""Eligibility (docs/domain/accounting.md §2.3): every requirement must be known to be met."""

import pytest

from deltacap.domain.accounting import Tag, UnknownCategoryError, assess
from deltacap.domain.accounting.eligibility import GENERAL, requirements


def _all_met(category: str) -> dict[str, bool]:
    return {item.code: True for item in requirements(category)}


def test_project_meeting_every_requirement_is_eligible() -> None:
    assert assess("closure", _all_met("closure")).eligible


def test_a_source_outside_the_baseline_is_not_eligible() -> None:
    facts = _all_met("wwtp_new") | {"in_baseline": False}
    outcome = assess("wwtp_new", facts)
    assert not outcome.eligible
    assert [item.code for item in outcome.unmet] == ["in_baseline"]


def test_unrecorded_facts_leave_the_project_undecided() -> None:
    facts = _all_met("diesel_phaseout")
    del facts["scrap_certificate"]
    outcome = assess("diesel_phaseout", facts)
    assert not outcome.eligible
    assert not outcome.unmet
    assert [item.code for item in outcome.unknown] == ["scrap_certificate"]


def test_general_requirements_apply_to_every_category() -> None:
    assert {item.code for item in GENERAL} <= {item.code for item in requirements("vocs")}


def test_stable_operation_rule_is_secondary_verified() -> None:
    stable = next(item for item in GENERAL if item.code == "stable_operation")
    assert stable.tag is Tag.SECONDARY
    assert stable.text_zh


def test_unknown_category_is_refused() -> None:
    with pytest.raises(UnknownCategoryError) as caught:
        assess("teleportation", {})
    assert caught.value.params["category"] == "teleportation"
