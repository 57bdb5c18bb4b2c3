"""JSON shapes of the shared changes (shared by the API and the command line)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from deltacap.sharing.selectors import Digest, SharedChange, category_words


def change_out(item: SharedChange) -> dict[str, Any]:
    e = item.event
    return {
        "at": timezone.localtime(e.at).isoformat(),
        "member": e.member_code,
        "category": item.category.value,
        "action": e.action,
        "action_label": item.action_words,
        "record_type": e.object_type,
        "record": e.object_id,
        "record_name": item.record,
        "changes": [
            {"field": c.field, "label": c.label, "old": c.old, "new": c.new} for c in item.changes
        ],
    }


def digest_out(d: Digest) -> dict[str, Any]:
    return {
        "since": timezone.localtime(d.since).isoformat(),
        "count": d.count,
        "parts": [
            {
                "member": p.member,
                "category": p.category.value,
                "category_label": category_words(p.category),
                "count": p.count,
                "changes": [change_out(i) for i in p.items],
            }
            for p in d.parts
        ],
    }
