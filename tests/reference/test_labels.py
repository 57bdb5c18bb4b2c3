"""What a page shows for a code or a number, in Chinese and in English."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

import pytest
from django.template import Context, Template
from django.utils import translation

from deltacap.domain.accounting.default_coefficients import DEFAULT_COEFFICIENTS
from deltacap.domain.accounting.labels import coefficient_name
from deltacap.domain.decomposition import SplitState
from deltacap.domain.emissions import FLOW_FACTOR_CODES
from deltacap.domain.evaluation import RoundState
from deltacap.domain.rights.accounts import Origin
from deltacap.domain.rights.allocation import Method
from deltacap.domain.rights.reconciliation import Status
from deltacap.monitoring import simulated
from deltacap.reference import labels


def render(source: str, language: str, **context: object) -> str:
    with translation.override(language):
        return Template(source).render(Context(context))


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_numbers_have_thousands_separators_in_both_languages(language: str) -> None:
    assert render("{{ v|number:2 }}", language, v=Decimal("1234567.891")) == "1,234,567.89"
    # Stored tonnes to the kilogram, without trailing zeros; a limit as it was set.
    assert render("{{ v|quantity }}", language, v=Decimal("347100.500")) == "347,100.5"
    assert render("{{ v|number }}", language, v=Decimal("19.2000")) == "19.2"
    assert render("{{ v|quantity }}", language, v=None) == "—"


def test_an_amount_in_wan_tonnes_where_the_plan_uses_them() -> None:
    assert render('{{ v|quantity:"wan_t" }}', "zh-hans", v=Decimal("347100")) == "34.71"


def test_money_and_amounts_of_the_registry_in_yuan_and_tonnes() -> None:
    assert render("{{ v|fen_as_yuan }}", "zh-hans", v=129800000) == "1,298,000.00"
    assert render("{{ v|kg_as_tonnes }}", "zh-hans", v=12500) == "12.5"


def test_a_pollutant_by_its_name_with_its_code_as_a_hint() -> None:
    assert render("{{ c|pollutant_hint }}", "zh-hans", c="COD") == (
        '化学需氧量 <small class="code">COD</small>'
    )
    assert render("{{ c|pollutant }}", "en", c="NH3-N") == "Ammonia nitrogen"


def test_a_division_by_its_name_and_every_division_as_the_region() -> None:
    assert render("{{ c|division }}", "zh-hans", c="330421") == "嘉善县"
    assert render("{{ c|division }}", "en", c="330421").startswith("Jiashan")
    assert render("{{ c|division }}", "zh-hans", c="*") == "全区域"


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_factor_the_devices_report_has_a_name_and_a_unit(language: str) -> None:
    reported = {*simulated.WATER, *simulated.AIR, *FLOW_FACTOR_CODES}
    with translation.override(language):
        for code in reported:
            name = labels.factor_name(code)
            assert name != code
            assert labels.factor_unit(code)
            has_han = any("\u4e00" <= ch <= "\u9fff" for ch in name)
            assert has_han == (language == "zh-hans"), (code, name)


def test_units_are_typeset() -> None:
    assert labels.unit_symbol("mg/m3") == "mg/m³"
    with translation.override("en"):
        assert labels.factor_unit("w01018") == "mg/L"
        assert labels.factor_unit("a00000") == "m³/s"


VOCABULARIES: dict[str, type[StrEnum]] = {
    "split_state": SplitState,
    "round_state": RoundState,
    "reconciliation": Status,
    "rights_origin": Origin,
    "allocation_method": Method,
}


@pytest.mark.parametrize("vocabulary", sorted(VOCABULARIES))
def test_every_state_and_kind_has_a_word_in_both_languages(vocabulary: str) -> None:
    for member in VOCABULARIES[vocabulary]:
        with translation.override("zh-hans"):
            chinese = labels.term(member.value, vocabulary)
        with translation.override("en"):
            english = labels.term(member.value, vocabulary)
        # The English word may be the code's own (open, surplus), never the code's form.
        assert chinese != member.value and "_" not in english, member
        assert any("\u4e00" <= ch <= "\u9fff" for ch in chinese), (member, chinese)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_coefficient_of_the_default_set_has_a_name(language: str) -> None:
    for key in DEFAULT_COEFFICIENTS.values:
        name = coefficient_name(key, language)
        assert name != key and "_" not in name, name
    assert coefficient_name("ule.limit.cement.nox", "zh") == "超低排放限值 · 水泥 · 氮氧化物"
