"""JSON shapes of the shared changes (shared by the API and the command line)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from deltacap.domain.sharing_bundle import Verification
from deltacap.sharing.crosswalk import Crosswalk, gap_words
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


def verification_out(v: Verification) -> dict[str, Any]:
    """A bundle's check: ``ok``, the manifest's scope, and per file its rows and problems."""
    m = v.manifest
    return {
        "ok": v.ok,
        "member": m.get("member"),
        "period": m.get("period"),
        "generated_at": m.get("generated_at"),
        "generated_by": m.get("generated_by"),
        "mismatched": v.mismatched,
        "files": [
            {
                "name": f.name,
                "ok": f.ok,
                "rows_expected": f.expected_rows,
                "rows_found": f.found_rows,
                "sha256_expected": f.expected_sha256,
                "sha256_found": f.found_sha256,
                "problems": [p.value for p in f.problems],
            }
            for f in v.files
        ],
    }


def crosswalk_out(cw: Crosswalk) -> dict[str, Any]:
    """One enterprise's identifiers, the records linking them, and its gaps."""
    return {
        "enterprise_id": cw.enterprise_id,
        "name": cw.name,
        "uscc": cw.uscc,
        "member": cw.member,
        "permit_number": cw.permit_number,
        "outlets": [
            {"code": o.code, "name": o.name, "medium": o.medium, "devices": o.devices}
            for o in cw.outlets
        ],
        "rights_account": cw.rights_account,
        "projects": [{"code": p.code, "name": p.name, "status": p.status} for p in cw.projects],
        "gaps": [
            {"kind": g.kind.value, "label": gap_words(g.kind), "outlet": g.subject or None}
            for g in cw.gaps
        ],
    }
