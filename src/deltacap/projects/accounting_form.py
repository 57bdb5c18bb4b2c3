"""A project's accounting inputs as form fields: one labelled field per input of its
category, with its unit and allowed range, built from the calculator's schema
(``domain.accounting``); the values shown (stored or posted), the inputs handed to
``services.update_project``, one field checked on its own (in place, htmx), and a
calculator's refusal worded for the field it names.

Numbers follow the platform's number rule (ASCII digits) before the calculator reads them.
Shares are entered in per cent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from deltacap.domain.accounting import (
    CATEGORIES,
    CategorySpec,
    InconsistentInputsError,
    InputError,
    InputKind,
    InputSpec,
    InvalidValueError,
    MissingInputError,
    UnitMismatchError,
    check_input,
    choice_name,
    unit_name,
)
from deltacap.domain.accounting.labels import coefficient_name
from deltacap.domain.accounting.units import exact_text
from deltacap.domain.errors import DeltacapError
from deltacap.domain.input_rules import NOT_A_NUMBER, NOT_WHOLE, is_number_text
from deltacap.projects.labels import language
from deltacap.reference.labels import format_number
from deltacap.web.errors import message_of

METHOD, PERIOD, PERCENT = "method", "period", "%"
Values = dict[str, tuple[str, str]]  # input name -> (number or choice as typed, unit)

RATE_NEEDS_PERIOD = gettext_noop(
    "A rate per day or per year needs the length of the period: enter it too."
)
REQUIRED = gettext_noop("Enter this value: the calculation needs it.")
UNITS = gettext_noop("Choose one of the units offered.")
NOT_ABOVE = gettext_noop("Must not exceed {other} ({value}).")
# The calculator's reasons (``domain.accounting.inputs``), worded for a field.
_REASONS = (
    ("must not be negative", gettext_noop("Enter a number of at least 0.")),
    ("must be greater than zero", gettext_noop("Enter a number greater than 0.")),
    ("must lie between 0 and 1", gettext_noop("Enter a share from 0 to 100 %.")),
    ("expected a whole number", NOT_WHOLE),
    ("expected", NOT_A_NUMBER),
    ("not used by method", gettext_noop("The chosen method does not use this value.")),
)


@dataclass
class InputField:
    """One input as the template draws it."""

    name: str
    label: str
    help: str
    kind: str  # number, count, share, choice
    required: bool
    value: str = ""
    unit: str = ""
    units: list[tuple[str, str]] = field(default_factory=list)
    choices: list[tuple[str, str]] = field(default_factory=list)
    range: str = ""
    error: str = ""
    rate: bool = False  # an amount that may be given per day or per year

    @property
    def html_id(self) -> str:
        return f"input-{self.name}"


def _label(item: InputSpec) -> tuple[str, str]:
    """(label, help) from the schema's description: its first clause and the rest."""
    text = item.description_en if language() == "en" else item.description_zh
    head, _sep, rest = text.replace("；", ";").partition(";")
    return head.strip(), rest.strip()


def label_of(spec: CategorySpec, name: str) -> str:
    item = spec.input(name)
    return _label(item)[0] if item else name


def _units(item: InputSpec) -> list[str]:
    units = [PERCENT if u == "dimensionless" else u for u in item.units]
    if item.kind is InputKind.AMOUNT:
        units += [f"{u}/{per}" for u in item.units for per in ("d", "a")]
    return units


def _range(item: InputSpec) -> str:
    """The allowed range, as a form writes it next to the unit."""
    if item.kind is InputKind.FRACTION:
        return "0–100"
    if item.kind is InputKind.COUNT:
        return _("whole number, {range}").format(range="≥ 1" if item.positive else "≥ 0")
    if item.kind is InputKind.CHOICE:
        return ""
    return "> 0" if item.positive else "≥ 0"


_KINDS = {
    InputKind.QUANTITY: "number",
    InputKind.AMOUNT: "number",
    InputKind.FRACTION: "share",
    InputKind.COUNT: "count",
    InputKind.CHOICE: "choice",
}


def _field(item: InputSpec, given: tuple[str, str] | None, method: str) -> InputField:
    label, help_text = _label(item)
    units = _units(item)
    value, unit = given or ("", "")
    if item.kind is InputKind.CHOICE and not value and item.default is not None:
        value = str(item.default)
    if unit and unit not in units:
        units.append(unit)  # a unit the calculator took from an import: kept, not lost
    lang = language()
    return InputField(
        name=item.name,
        label=label,
        help=help_text,
        kind=_KINDS[item.kind],
        required=item.required and item.default is None and item.used_by(method),
        value=value,
        unit=unit or (units[0] if units else ""),
        units=[(u, unit_name(u, lang)) for u in units],
        choices=[(c, choice_name(c, lang)) for c in item.choices],
        range=_range(item),
        rate=item.kind is InputKind.AMOUNT,
    )


@dataclass
class AccountingForm:
    """The inputs of one category under one method, with an error that names none."""

    spec: CategorySpec
    method: str
    fields: list[InputField]
    error: str = ""

    @property
    def methods(self) -> list[tuple[str, str]]:
        item = self.spec.input(METHOD)
        lang = language()
        return [(m, choice_name(m, lang)) for m in (item.choices if item else ())]

    @property
    def has_rates(self) -> bool:
        """Whether an amount may be given per day or per year (times the period's length)."""
        return any(f.rate for f in self.fields)

    @property
    def method_label(self) -> str:
        return label_of(self.spec, METHOD)

    def field(self, name: str) -> InputField | None:
        return next((f for f in self.fields if f.name == name), None)

    def refuse(self, exc: DeltacapError) -> None:
        """Show ``exc`` at the field it names, or above the fields."""
        found = self.field(exc.field or "")
        if found is not None and isinstance(exc, InputError):
            found.error = field_message(exc, self.spec, found.name)
        elif found is not None:
            found.error = message_of(exc)
        else:
            self.error = message_of(exc)


def accounting_form(category: str, values: Values, method: str | None = None) -> AccountingForm:
    """The form of ``category`` showing ``values``, under ``method`` (else the one in
    ``values``, else the category's first)."""
    spec = CATEGORIES[category]
    item = spec.input(METHOD)
    chosen = method or values.get(METHOD, ("", ""))[0]
    if item is not None and chosen not in item.choices:
        chosen = str(item.default)
    fields = [
        _field(i, values.get(i.name), chosen)
        for i in spec.inputs
        if i.name != METHOD and i.used_by(chosen)
    ]
    return AccountingForm(spec, chosen if item else "", fields)


# ----------------------------------------------------------------- values in and out


def _share_text(value: Any) -> str:
    """A stored share (0-1) in per cent."""
    try:
        return exact_text(Fraction(str(value)) * 100)
    except (ValueError, ZeroDivisionError):
        return str(value)


def _plain_share(item: InputSpec, unit: str) -> bool:
    """A share stored as a plain number (0-1), which the form shows in per cent."""
    if item.kind is InputKind.FRACTION:
        return unit != PERCENT
    return item.kind is InputKind.QUANTITY and "dimensionless" in item.units and not unit


def stored_values(category: str, stored: dict[str, Any] | None) -> Values:
    """The stored inputs (``ReductionResult.stored_inputs()``) as the form shows them."""
    spec = CATEGORIES.get(category)
    values: Values = {}
    for name, given in (stored or {}).items():
        item = spec.input(name) if spec else None
        if isinstance(given, dict):
            value, unit = str(given.get("value", "")), str(given.get("unit") or "")
        else:
            value, unit = str(given), ""
        if item is not None and _plain_share(item, unit):
            value, unit = _share_text(value), PERCENT
        values[name] = (value, unit)
    return values


def posted_values(post: QueryDict, category: str) -> Values:
    """What was posted for each input of ``category`` (value, unit)."""
    spec = CATEGORIES[category]
    return {
        item.name: (post.get(item.name, "").strip(), post.get(f"{item.name}.unit", "").strip())
        for item in spec.inputs
    }


def _raw(item: InputSpec, value: str, unit: str) -> str:
    if item.kind in (InputKind.CHOICE, InputKind.COUNT):
        return value
    if item.kind is InputKind.FRACTION:
        return f"{value} {PERCENT}"
    return f"{value} {unit}".strip()


def _number_fault(item: InputSpec, value: str, unit: str, offered: list[str]) -> str:
    """The page's own rule for a number field (ASCII digits, a unit offered), or ""."""
    if item.kind is InputKind.CHOICE:
        return ""
    if not is_number_text(value):
        return _(NOT_WHOLE if item.kind is InputKind.COUNT else NOT_A_NUMBER)
    if item.kind in (InputKind.QUANTITY, InputKind.AMOUNT) and unit not in offered:
        return _(UNITS)
    return ""


def inputs_of(form: AccountingForm, values: Values) -> dict[str, str]:
    """The inputs for the services (blank fields left out); a field the page's rules refuse
    gets its message and nothing is returned for it."""
    inputs = {METHOD: form.method} if form.method else {}
    for f in form.fields:
        item = form.spec.input(f.name)
        value, unit = values.get(f.name, ("", ""))
        if item is None or not value:
            continue
        f.error = _number_fault(item, value, unit, [u for u, _name in f.units])
        if not f.error:
            inputs[f.name] = _raw(item, value, unit)
    return inputs


def check_one(form: AccountingForm, name: str, values: Values) -> str:
    """The message for input ``name`` as typed (empty when it is acceptable on its own)."""
    found, item = form.field(name), form.spec.input(name)
    value, unit = values.get(name, ("", ""))
    if found is None or item is None or not value:
        return ""
    fault = _number_fault(item, value, unit, [u for u, _name in found.units])
    if fault:
        return fault
    period = values.get(PERIOD, ("", ""))
    period_raw = f"{period[0]} {period[1] or 'd'}" if is_number_text(period[0]) else None
    try:
        check_input(form.spec, name, _raw(item, value, unit), period_raw)
    except MissingInputError as exc:
        return _(RATE_NEEDS_PERIOD) if exc.field == PERIOD else field_message(exc, form.spec, name)
    except InputError as exc:
        return field_message(exc, form.spec, name)
    return ""


def field_message(error: InputError, spec: CategorySpec, at: str) -> str:
    """A calculator's refusal of an input, in the page's words for the field ``at``."""
    if isinstance(error, InconsistentInputsError):
        other = label_of(spec, str(error.params.get("other", "")))
        return _(NOT_ABOVE).format(other=other, value=error.params.get("other_value", ""))
    if isinstance(error, MissingInputError):
        return _(RATE_NEEDS_PERIOD) if at != PERIOD and error.field == PERIOD else _(REQUIRED)
    if isinstance(error, UnitMismatchError):
        return _(UNITS)
    if isinstance(error, InvalidValueError):
        reason = str(error.params.get("reason", ""))
        for start, template in _REASONS:
            if reason.startswith(start):
                return _(template)
    return message_of(error)


def used_inputs(category: str, accounting: dict[str, Any] | None) -> list[tuple[str, str]]:
    """The inputs as the calculation used them (normalised units), labelled: (name, value)."""
    spec = CATEGORIES.get(category)
    lang = language()
    rows = []
    for name, used in ((accounting or {}).get("inputs") or {}).items():
        item = spec.input(name) if spec else None
        value, unit = str(used.get("value", "")), str(used.get("unit") or "")
        if item is not None and item.kind is InputKind.CHOICE:
            text = choice_name(value, lang)
        elif unit == "dimensionless":
            text = f"{_share_text(value)} %"
        else:
            text = f"{value} {unit_name(unit, lang) if unit else ''}".strip()
        rows.append((label_of(spec, name) if spec else name, text))
    return rows


# The calculators' notes in the page's words; the input a note names by its label.
NOTE_TEXTS = {
    "above_ultra_low_limit": gettext_noop(
        "%(name)s is above the ultra-low limit of %(limit)s mg/m³."
    ),
    "influent_capped": gettext_noop("%(name)s is counted at its cap of %(cap)s mg/L."),
    "bod5_not_risen": gettext_noop("Influent BOD5 did not rise above the base period's."),
}


def note_texts(category: str, accounting: dict[str, Any] | None) -> list[str]:
    """The notes of a stored calculation, each in the page's language (a note stored
    without its parameters, before they were kept, as it was written)."""
    spec = CATEGORIES.get(category)
    texts = []
    for note in (accounting or {}).get("notes") or []:
        template, params = NOTE_TEXTS.get(note.get("code", "")), note.get("params")
        if template is None or params is None:
            texts.append(str(note.get("text", "")))
            continue
        named = {k: label_of(spec, v) if spec and k == "name" else v for k, v in params.items()}
        texts.append(_(template) % named)
    return texts


def coefficients_used(accounting: dict[str, Any] | None) -> list[dict[str, str]]:
    """The coefficients a stored calculation used, each by its name with value and unit."""
    lang = language()
    rows = []
    for key, used in ((accounting or {}).get("coefficients_used") or {}).items():
        unit = str(used.get("unit") or "")
        rows.append(
            {
                "name": coefficient_name(key, lang),
                "value": f"{format_number(used.get('value'))} {unit_name(unit, lang)}".strip(),
                "tag": str(used.get("tag", "")),
            }
        )
    return rows
