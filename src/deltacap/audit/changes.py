"""What an event changed, field by field (old → new), in words people read.

An event stores the record's fields before and after the write as JSON. Here they become
rows: the field's label (the model's own, in the active language), the old and the new
value formatted (choices by their names, divisions by name with the code as a hint,
yes/no, numbers without trailing zeros). Nested values (a project's reductions per
pollutant) become one row per leaf.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.translation import get_language, gettext

from deltacap.audit.labels import INTERNAL_FIELDS, VALUES, field_words, yes_no
from deltacap.domain.accounting.labels import choice_name
from deltacap.domain.hj212.pollutants import pollutant as hj212_factor
from deltacap.reference.labels import factor_name

EMPTY = "—"
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_CODE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)+")  # a choice's code, e.g. air_concentration
_MODEL_BY_KIND: dict[str, type[models.Model] | None] = {}


@dataclass(frozen=True)
class Change:
    """One field of one event: its label and its value before and after (``—``: none)."""

    field: str
    label: str
    old: str
    new: str
    # The values are text as someone wrote it (a name, a reason, a source): shown as
    # written, in whatever language it was written, never translated.
    written: bool = False


def model_of(kind: str) -> type[models.Model] | None:
    """The model an event's kind of record names (``project``, ``price_band`` ...), if any:
    the one that lists it in its ``AUDIT_KINDS``, else the one of that name. Found through
    Django's app registry, so that the trail imports no feature app."""
    if kind not in _MODEL_BY_KIND:
        wanted = kind.replace("_", "")
        models_ = apps.get_models()
        # A model may name the kinds it is recorded as (``AUDIT_KINDS``), where its own name
        # differs (``petro_finding``: petrochem's Finding).
        found = [m for m in models_ if kind in getattr(m, "AUDIT_KINDS", ())] or [
            m for m in models_ if m._meta.model_name in (wanted, f"{wanted}row")
        ]
        _MODEL_BY_KIND[kind] = found[0] if found else None
    return _MODEL_BY_KIND[kind]


def _field(model: type[models.Model] | None, name: str) -> Any:
    if model is None:
        return None
    for field in model._meta.get_fields():
        if name in (field.name, getattr(field, "attname", None)):
            return field
    return None


def field_label(kind: str, name: str, lookup: Lookup | None = None) -> str:
    """A field's label in the active language: the model's verbose name where it has one;
    the parts of a nested field by their words (a pollutant by its name)."""
    head, _sep, rest = name.partition(".")
    field = _field(model_of(kind), head)
    label = field_words(head) or str(
        getattr(field, "verbose_name", "") or gettext(head.replace("_", " "))
    )
    label = label[:1].upper() + label[1:]
    if not rest:
        return label
    lookup = lookup or Lookup()
    parts = [
        field_words(part) or _input_words(part) or lookup.pollutant(part)
        for part in rest.split(".")
    ]
    return " · ".join([label, *parts])


def _language() -> str:
    return "en" if (get_language() or "zh").startswith("en") else "zh"


def _input_words(name: str) -> str | None:
    """An accounting input by its meaning, as the calculators' schemas name it."""
    from deltacap.domain.accounting.registry import CATEGORIES

    for category in CATEGORIES.values():
        spec = category.input(name)
        if spec is not None:
            return spec.description_en if _language() == "en" else spec.description_zh
    return None


class Lookup:
    """Names of the records an event's fields point to (a division, an enterprise), read
    once for a page of events."""

    def __init__(self) -> None:
        self._divisions: dict[str, str] | None = None
        self._pollutants: dict[str, str] | None = None
        self._records: dict[tuple[str, str], str] = {}

    def pollutant(self, code: str) -> str:
        """A pollutant by its name with the code as a hint (other words as they are)."""
        if self._pollutants is None:
            from deltacap.reference.models import Pollutant

            self._pollutants = {p.code: f"{p.name} ({p.code})" for p in Pollutant.objects.all()}
        if code in self._pollutants:
            return self._pollutants[code]
        if hj212_factor(code) is not None:  # an HJ 212 factor (an outlet's limits)
            return f"{factor_name(code)} ({code})"
        return code

    def division(self, code: str) -> str:
        if self._divisions is None:
            from deltacap.reference.models import Division

            self._divisions = {d.code: f"{d.name} ({d.code})" for d in Division.objects.all()}
        return self._divisions.get(code, code)

    def account(self, model: type[models.Model], code: str) -> str:
        """A rights account by whom it belongs to: its enterprise's name, or a reserve by
        its division; the code where there is no such account."""
        key = ("rightsaccount", code)
        if key not in self._records:
            found: Any = model._default_manager.filter(pk=code).first()
            name = code
            if found is not None and getattr(found, "enterprise_id", None):
                name = str(found.enterprise.name)
            elif found is not None and str(found.kind).endswith("_reserve"):
                place = found.county_code or found.city_code or found.member_code
                name = f"{self.division(place)} · {gettext('reserve')}"
            self._records[key] = name
        return self._records[key]

    def record(self, kind: str, key: str) -> str:
        if (kind, key) not in self._records:
            from deltacap.audit.names import record_names_of

            self._records |= record_names_of({(kind, key)})
        return self._records[(kind, key)]


def format_value(kind: str, name: str, value: Any, lookup: Lookup | None = None) -> str:
    """``value`` of field ``name`` as people read it (never ``None``)."""
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if isinstance(value, bool):
        return yes_no(value)
    model = model_of(kind)
    field = _field(model, name.partition(".")[0])
    choices = dict(getattr(field, "flatchoices", None) or ())
    # Codes the model's trail keeps outside its fields' choices (``AUDIT_VALUES``).
    choices |= getattr(model, "AUDIT_VALUES", {}).get(name.rsplit(".", 1)[-1], {})
    if isinstance(value, list) and value and all(str(v) in choices for v in value):
        return _joined([str(choices[str(v)]) for v in value])
    if str(value) in choices:
        return str(choices[str(value)])
    related = getattr(field, "related_model", None)
    if related is not None and not isinstance(value, list | dict):
        lookup = lookup or Lookup()
        related_kind = str(related._meta.model_name)
        if related_kind == "division":
            return lookup.division(str(value))
        if related_kind == "rightsaccount":
            return lookup.account(related, str(value))
        if related_kind in ("enterprise", "user", "project"):
            return lookup.record(related_kind, str(value))
    return _named(name, value, lookup or Lookup()) or _plain(name, value)


def _named(name: str, value: Any, lookup: Lookup) -> str | None:
    """Members, cities and reserve accounts kept as codes, not relations, by their names."""
    if _is_place(name, value):
        places = value if isinstance(value, list) else [value]
        return _joined([lookup.division(str(code)) for code in places])
    if isinstance(value, str) and _RESERVE.fullmatch(value):
        account = model_of("rights_account")
        if account is not None:
            return lookup.account(account, value)
    return None


_DIVISION = re.compile(r"\d{6}")
_RESERVE = re.compile(r"res-\d{6}(-[a-z0-9_]+)?")  # a reserve account's code
# Fields that hold members, cities or counties as their GB/T 2260 codes (not as a
# relation): shown by name with the code as a hint.
PLACE_FIELDS = frozenset(
    {
        "member",
        "members",
        "city",
        "cities",
        "county",
        "host",
        "host_city",
        "notified",
        "found_in",
        "from_member",
        "to_member",
        "parties",
        "upstream",
        "downstream",
        "division",
    }
)


def _is_place(name: str, value: Any) -> bool:
    last = name.rsplit(".", 1)[-1]
    named = last in PLACE_FIELDS or last.endswith(
        ("_member", "_member_code", "_city_code", "_county_code", "_members", "_cities")
    )
    named = named or last in ("member_code", "city_code", "county_code", "members_told")
    if not named:
        return False
    values = value if isinstance(value, list) else [value]
    return bool(values) and all(
        isinstance(v, str | int) and _DIVISION.fullmatch(str(v)) for v in values
    )


def _joined(words: list[str]) -> str:
    return ("、" if _language() == "zh" else ", ").join(words)


def _plain(name: str, value: Any) -> str:
    """A value of no model field's choices nor a record: money, quantities, codes."""
    if isinstance(value, list) and all(isinstance(v, str | int) for v in value):
        return _joined([_plain(name, v) for v in value])
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    last = name.rsplit(".", 1)[-1]
    if isinstance(value, int) and (last == "fen" or "fen_" in last or last.endswith("_fen")):
        return f"{Decimal(value) / 100:,.2f}"  # money is kept in fen, read in yuan
    is_input = name.startswith("accounting_inputs.") and not _NUMBER.fullmatch(str(value))
    if isinstance(value, str) and value in VALUES:
        return str(VALUES[value])
    if isinstance(value, str) and (is_input or _CODE.fullmatch(value)):
        words = VALUES.get(value)
        return str(words) if words is not None else choice_name(value, _language())
    if isinstance(value, int) and (last == "kg" or last.endswith("_kg")):
        return f"{value:,}"
    return _number(value) if _NUMBER.fullmatch(str(value)) else str(value)


def _number(value: Any) -> str:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if isinstance(value, int) or str(value).lstrip("-").isdigit():
        return str(value)  # codes and counts are shown as they are written
    return f"{number.normalize():,f}"


def _flatten(values: dict[str, Any] | None, prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in (values or {}).items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            flat.update(_flatten(value, f"{path}."))
        else:
            flat[path] = value
    return flat


# Fields whose values are text as people wrote it, not a code or a choice.
WRITTEN_FIELDS = frozenset(
    {
        "name",
        "name_zh",
        "name_en",
        "reason",
        "note",
        "notes",
        "source",
        "basis",
        "address",
        # names and addresses people write as they are: an account's, an e-mail address, a
        # link, what a meeting or an item is called, where a meeting is held, a position
        "username",
        "first_name",
        "last_name",
        "email",
        "link",
        "title",
        "place",
        "position",
        # an outfall's rectification: what its member's officials wrote as evidence, and
        # what its verifier noted or why it was sent back
        "outfall_evidence",
        "outfall_verification_note",
        "outfall_return_reason",
    }
)


def _written(kind: str, name: str) -> bool:
    last = name.rsplit(".", 1)[-1]
    field = _field(model_of(kind), last)
    return last in WRITTEN_FIELDS or (
        isinstance(field, models.TextField) and not getattr(field, "choices", None)
    )


def changes(kind: str, before: Any, after: Any, lookup: Lookup | None = None) -> list[Change]:
    """The fields that differ between ``before`` and ``after`` (all of them for a record
    created or removed), in the order the record lists them."""
    old = _flatten(before if isinstance(before, dict) else None)
    new = _flatten(after if isinstance(after, dict) else None)
    lookup = lookup or Lookup()
    rows = []
    for name in [*old, *(k for k in new if k not in old)]:
        if name in old and name in new and old[name] == new[name]:
            continue
        if name.rsplit(".", 1)[-1] in INTERNAL_FIELDS:
            continue
        was = format_value(kind, name, old.get(name), lookup)
        now = format_value(kind, name, new.get(name), lookup)
        if was != now:  # a field left empty on both sides says nothing
            label = field_label(kind, name, lookup)
            rows.append(Change(name, label, was, now, written=_written(kind, name)))
    return rows
