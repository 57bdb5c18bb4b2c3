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
from django.utils.translation import gettext

from deltacap.audit.labels import yes_no

EMPTY = "—"
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_MODEL_BY_KIND: dict[str, type[models.Model] | None] = {}


@dataclass(frozen=True)
class Change:
    """One field of one event: its label and its value before and after (``—``: none)."""

    field: str
    label: str
    old: str
    new: str


def model_of(kind: str) -> type[models.Model] | None:
    """The model an event's kind of record names (``project``, ``price_band`` ...), if any.
    Found through Django's app registry, so that the trail imports no feature app."""
    if kind not in _MODEL_BY_KIND:
        wanted = kind.replace("_", "")
        found = [m for m in apps.get_models() if m._meta.model_name in (wanted, f"{wanted}row")]
        _MODEL_BY_KIND[kind] = found[0] if found else None
    return _MODEL_BY_KIND[kind]


def _field(model: type[models.Model] | None, name: str) -> Any:
    if model is None:
        return None
    for field in model._meta.get_fields():
        if name in (field.name, getattr(field, "attname", None)):
            return field
    return None


def field_label(kind: str, name: str) -> str:
    """A field's label in the active language: the model's verbose name where it has one."""
    head, _sep, rest = name.partition(".")
    field = _field(model_of(kind), head)
    label = str(getattr(field, "verbose_name", "") or gettext(head.replace("_", " ")))
    label = label[:1].upper() + label[1:]
    return f"{label} · {rest.replace('.', ' · ')}" if rest else label


def _division_name(code: str) -> str:
    from deltacap.reference.models import Division

    division = Division.objects.filter(pk=code).first()
    return f"{division.name} ({code})" if division else code


def format_value(kind: str, name: str, value: Any) -> str:
    """``value`` of field ``name`` as people read it (never ``None``)."""
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if isinstance(value, bool):
        return yes_no(value)
    field = _field(model_of(kind), name.partition(".")[0])
    choices = dict(getattr(field, "flatchoices", None) or ())
    if str(value) in choices:
        return str(choices[str(value)])
    related = getattr(field, "related_model", None)
    if related is not None and related._meta.model_name == "division":
        return _division_name(str(value))
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
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


def changes(kind: str, before: Any, after: Any) -> list[Change]:
    """The fields that differ between ``before`` and ``after`` (all of them for a record
    created or removed), in the order the record lists them."""
    old = _flatten(before if isinstance(before, dict) else None)
    new = _flatten(after if isinstance(after, dict) else None)
    rows = []
    for name in [*old, *(k for k in new if k not in old)]:
        if name in old and name in new and old[name] == new[name]:
            continue
        was, now = format_value(kind, name, old.get(name)), format_value(kind, name, new.get(name))
        if was != now:  # a field left empty on both sides says nothing
            rows.append(Change(field=name, label=field_label(kind, name), old=was, new=now))
    return rows
