"""VOCs comprehensive treatment (挥发性有机物综合治理).

With G the VOCs generated, η_c the capture efficiency and η_t the treatment
efficiency, emissions are E = G × (1 − η_c × η_t) (docs/domain/accounting.md §3.9).
"""

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from deltacap.domain.accounting.calculation import KG_IN_TONNES, Calculation
from deltacap.domain.accounting.coefficients import CoefficientSet
from deltacap.domain.accounting.default_coefficients import DEFAULT_COEFFICIENTS
from deltacap.domain.accounting.errors import (
    InvalidValueError,
    MissingInputError,
    UnitMismatchError,
)
from deltacap.domain.accounting.pollutants import Pollutant
from deltacap.domain.accounting.provenance import Tag
from deltacap.domain.accounting.result import ReductionResult
from deltacap.domain.accounting.schema import (
    DIMENSIONLESS,
    CategorySpec,
    InputKind,
    InputSpec,
    method_input,
    period_input,
)

METHODS = ("substitution", "capture_treatment")
CAPTURE_FORMS = (
    "double_enclosed",
    "enclosed_negative_pressure",
    "direct_vent_connection",
    "enclosed_positive_pressure",
    "enclosing_hood_fast",
    "enclosing_hood_slow",
    "external_hood_fast",
    "external_hood_slow",
    "none",
)
_CONTENT_FOR_MATERIAL = {"t": DIMENSIONLESS, "m3": "g/L"}


def vocs(
    inputs: Mapping[str, Any], coefficients: CoefficientSet = DEFAULT_COEFFICIENTS
) -> ReductionResult:
    """VOCs source substitution, or capture and end-of-pipe upgrade.

    Substitution (源头替代): ΔE = M × (w_before − w_after) × (1 − η_c × η_t) t,
    M = material used in the period, w = VOCs content: a mass fraction with M in
    t, or g/L with M as a volume; (1 − η_c × η_t) is the existing control, 1
    without end-of-pipe control. Capture and treatment (收集、末端治理):
    ΔE = G × (η_c,after × η_t,after − η_c,before × η_t,before). η_c is given, or
    read from ``vocs.capture_efficiency.<form>`` (Guangdong 2023 table 23,
    [V-2nd, weak]). η_t needs the acceptance test report.

    Source: docs/domain/accounting.md §3.9; formulas [M].
    """
    calc = Calculation(VOCS, inputs, coefficients)
    if calc.method == "substitution":
        _credit_substitution(calc)
    else:
        _credit_capture_treatment(calc)
    return calc.result()


def _credit_substitution(calc: Calculation) -> None:
    content_unit = _content_unit(calc)
    calc.not_above("content_after", "content_before", "the substitute holds more VOCs")
    drop = calc.inputs.number("content_before") - calc.inputs.number("content_after")
    captured = _overall(calc, "", required=False)
    mass = calc.inputs.number("material") * drop
    tonnes = mass * KG_IN_TONNES if content_unit == "g/L" else mass
    calc.credit(Pollutant.VOCS, tonnes * (1 - captured), "negative")


def _content_unit(calc: Calculation) -> str:
    expected = _CONTENT_FOR_MATERIAL[calc.inputs.unit("material")]
    for name in ("content_before", "content_after"):
        if calc.inputs.unit(name) != expected:
            what = "a mass fraction (material in t)" if expected == DIMENSIONLESS else "g/L"
            raise UnitMismatchError(name=name, expected=what, got=calc.inputs.text(name))
        if expected == DIMENSIONLESS and calc.inputs.number(name) > 1:
            reason = "a mass fraction must not exceed 1"
            raise InvalidValueError(name=name, reason=reason, got=calc.inputs.text(name))
    return expected


def _credit_capture_treatment(calc: Calculation) -> None:
    before = _overall(calc, "_before", required=True)
    after = _overall(calc, "_after", required=True)
    gain = after - before
    reason = f"overall efficiency fell from {before} to {after}"
    calc.credit(Pollutant.VOCS, calc.inputs.number("generated") * gain, reason)


def _overall(calc: Calculation, suffix: str, *, required: bool) -> Fraction:
    """η_c × η_t for one side; 0 when not required and neither is given."""
    treatment = f"treatment_efficiency{suffix}"
    capture = _capture(calc, suffix)
    if capture is None and not calc.inputs.has(treatment) and not required:
        return Fraction(0)
    if capture is None:
        reason = "give a capture efficiency or a capture form"
        raise MissingInputError(name=f"capture_efficiency{suffix}", reason=reason)
    if not calc.inputs.has(treatment):
        raise MissingInputError(name=treatment, reason="the device's tested efficiency")
    return capture * calc.inputs.number(treatment)


def _capture(calc: Calculation, suffix: str) -> Fraction | None:
    efficiency, form = f"capture_efficiency{suffix}", f"capture_form{suffix}"
    if calc.inputs.has(efficiency) and calc.inputs.has(form):
        reason = f"give either {efficiency!r} or {form!r}, not both"
        raise InvalidValueError(name=efficiency, reason=reason, got=calc.inputs.text(efficiency))
    if calc.inputs.has(efficiency):
        return calc.inputs.number(efficiency)
    if calc.inputs.has(form):
        key = f"vocs.capture_efficiency.{calc.inputs.choice(form)}"
        return calc.coefficient(key, DIMENSIONLESS)
    return None


def _control_inputs(
    suffix: str, methods: tuple[str, ...], en: str, zh: str
) -> tuple[InputSpec, ...]:
    return (
        InputSpec(
            f"capture_efficiency{suffix}",
            InputKind.FRACTION,
            f"Capture efficiency {en}",
            f"{zh}收集效率",
            methods=methods,
        ),
        InputSpec(
            f"capture_form{suffix}",
            InputKind.CHOICE,
            f"Capture form {en} (gives the efficiency from the table)",
            f"{zh}收集方式（按系数表取收集效率）",
            methods=methods,
            choices=CAPTURE_FORMS,
        ),
        InputSpec(
            f"treatment_efficiency{suffix}",
            InputKind.FRACTION,
            f"Treatment efficiency {en} (tested)",
            f"{zh}治理设施去除效率（检测）",
            methods=methods,
        ),
    )


_SUBSTITUTION = ("substitution",)
_CAPTURE = ("capture_treatment",)
VOCS = CategorySpec(
    code="vocs",
    name_en="VOCs comprehensive treatment",
    name_zh="挥发性有机物综合治理",
    calculate=vocs,
    inputs=(
        method_input(METHODS, "Measure", "治理方式"),
        period_input(),
        InputSpec(
            "material",
            InputKind.AMOUNT,
            "Material (coating, ink, adhesive) used",
            "原辅材料（涂料、油墨、胶粘剂）用量",
            units=tuple(_CONTENT_FOR_MATERIAL),
            required=True,
            methods=_SUBSTITUTION,
        ),
        InputSpec(
            "content_before",
            InputKind.QUANTITY,
            "VOCs content of the old material",
            "替代前VOCs含量",
            units=(DIMENSIONLESS, "g/L"),
            required=True,
            methods=_SUBSTITUTION,
        ),
        InputSpec(
            "content_after",
            InputKind.QUANTITY,
            "VOCs content of the substitute",
            "替代后VOCs含量",
            units=(DIMENSIONLESS, "g/L"),
            required=True,
            methods=_SUBSTITUTION,
        ),
        *_control_inputs("", _SUBSTITUTION, "of the existing control", "现有"),
        InputSpec(
            "generated",
            InputKind.AMOUNT,
            "VOCs generated in the period",
            "核算期VOCs产生量",
            units=("t",),
            required=True,
            methods=_CAPTURE,
        ),
        *_control_inputs("_before", _CAPTURE, "before", "改造前"),
        *_control_inputs("_after", _CAPTURE, "after", "改造后"),
    ),
    pollutants=(Pollutant.VOCS,),
    formula_tag=Tag.MEMORY,
    source="docs/domain/accounting.md §3.9",
    methods=METHODS,
)
