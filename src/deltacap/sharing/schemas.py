"""JSON shapes of the shared changes (shared by the API and the command line)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from deltacap.domain.errors import gettext_noop
from deltacap.domain.sharing_bundle import Verification
from deltacap.domain.sharing_crosswalk import GapKind
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


# What taking a bundle back does: it is checked, never imported (every dataset read-only).
READ_ONLY_NOTE = gettext_noop(
    "Checked only: nothing in a bundle is imported into the platform. Every dataset "
    "(targets, indicators, projects, air quality, surface water) is a read-only copy for "
    "your own systems; the platform's records change only where they are kept."
)


def verification_out(v: Verification) -> dict[str, Any]:
    """A bundle's check: ``ok``, the manifest's scope, per file its dataset, rows and
    problems, and what was imported (nothing: ``imported`` is empty, ``note`` says so)."""
    m = v.manifest
    listed = {f.get("name"): f for f in m.get("files") or [] if isinstance(f, dict)}
    return {
        "ok": v.ok,
        "imported": [],
        "note": _(READ_ONLY_NOTE),
        "member": m.get("member"),
        "period": m.get("period"),
        "generated_at": m.get("generated_at"),
        "generated_by": m.get("generated_by"),
        "mismatched": v.mismatched,
        "files": [
            {
                "name": f.name,
                "dataset": listed.get(f.name, {}).get("dataset"),
                "category": listed.get(f.name, {}).get("category"),
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


OUTFALL_GAPS = (GapKind.OUTFALL_WITHOUT_PERMIT,)


def crosswalk_out(cw: Crosswalk) -> dict[str, Any]:
    """One enterprise's identifiers, the records linking them, and its gaps."""
    return {
        "enterprise_id": cw.enterprise_id,
        "name": cw.name,
        "uscc": cw.uscc,
        "member": cw.member,
        "permit_number": cw.permit_number,
        "outlets": [
            {
                "code": o.code,
                "name": o.name,
                "medium": o.medium,
                "devices": o.devices,
                "outfalls": o.outfalls,
            }
            for o in cw.outlets
        ],
        # None: the reader does not read this member's outfalls.
        "outfalls": [
            {
                "code": f.code,
                "name": f.name,
                "receiving_water": f.receiving_water,
                "linked_by": {"responsible_enterprise": f.responsible, "outlets": f.outlets},
            }
            for f in cw.outfalls
        ]
        if cw.outfalls_read
        else None,
        "rights_account": cw.rights_account,
        "projects": [{"code": p.code, "name": p.name, "status": p.status} for p in cw.projects],
        "gaps": [
            {
                "kind": g.kind.value,
                "label": gap_words(g.kind),
                # the outlet's code, or the outfall's for an outfall gap
                "outlet": g.subject if g.subject and g.kind not in OUTFALL_GAPS else None,
                "outfall": g.subject if g.kind in OUTFALL_GAPS else None,
            }
            for g in cw.gaps
        ],
    }
