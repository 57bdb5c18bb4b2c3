"""The bay's records as the API, the command line and the pages' JSON give them: codes with
their words, so that a caller never has to know a code's meaning."""

from __future__ import annotations

from datetime import date
from typing import Any

from deltacap.petrochem import labels, selectors
from deltacap.petrochem.models import BayEnterprise, Campaign, FenceStation, Finding
from deltacap.petrochem.services import plain
from deltacap.reference.models import Division


def member_name(code: str) -> str:
    if code == "national":
        return str(labels.NATIONAL_WORD)
    found = Division.objects.filter(code=code).first()
    return found.name if found else code


def limit_out(row: dict[str, Any]) -> dict[str, Any]:
    return row | {
        "process_name": labels.PROCESSES_ALL.get(row["process"], row["process"]),
        "member_name": member_name(row["member"]),
        "point_name": labels.word(labels.POINTS, row["point"]),
    }


def enterprise_out(b: BayEnterprise) -> dict[str, Any]:
    e = b.enterprise
    return {
        "id": b.pk,
        "enterprise_id": e.pk,
        "uscc": e.uscc,
        "name": e.name,
        "member": e.member_code,
        "division": e.division_id,
        "division_name": e.division.name,
        "synthetic": b.synthetic or e.synthetic,
        "processes": [
            p
            | {
                "process_name": labels.word(labels.PROCESSES, p["process"]),
                "unit_name": labels.word(labels.CAPACITY_UNITS, p["unit"]) if p["unit"] else "",
            }
            for p in b.processes
        ],
        "strictest": {
            point.value: {
                "value": str(s.value),
                "unit": s.row.unit,
                "standard": s.row.standard,
                "clause": s.row.clause,
                "verified": s.verified,
                "point_name": labels.word(labels.POINTS, point.value),
            }
            for point, s in selectors.strictest_of(b).items()
        },
    }


def campaign_out(c: Campaign) -> dict[str, Any]:
    return {
        "id": c.pk,
        "name": c.name,
        "starts": c.starts.isoformat(),
        "ends": c.ends.isoformat(),
        "members": list(c.members),
        "member_names": [member_name(m) for m in c.members],
        "enterprises": [{"id": b.pk, "name": b.enterprise.name} for b in c.enterprises.all()],
        "note": c.note,
        "synthetic": c.synthetic,
    }


def finding_out(f: Finding, today: date | None = None) -> dict[str, Any]:
    day = today or selectors._today()
    limit, measured = selectors.finding_gap(f)
    return {
        "id": f.pk,
        "enterprise": {"id": f.enterprise_id, "name": f.enterprise.enterprise.name},
        "member": f.member_code,
        "member_name": member_name(f.member_code),
        "campaign": None if f.campaign is None else {"id": f.campaign.pk, "name": f.campaign.name},
        "kind": f.kind,
        "kind_name": labels.word(labels.FINDING_KINDS, f.kind),
        "description": f.description,
        "found_on": f.found_on.isoformat(),
        "deadline": f.deadline.isoformat(),
        "state": f.state,
        "state_name": labels.word(labels.STATES, f.state),
        "overdue": f.overdue(day),
        "point": f.point or None,
        "point_name": labels.word(labels.POINTS, f.point) if f.point else "",
        "concentration": None if f.concentration is None else plain(f.concentration),
        "limit": None
        if limit is None
        else {
            "value": str(limit.value),
            "standard": limit.row.standard,
            "verified": limit.verified,
        },  # fmt: skip
        "gap": None
        if measured is None
        else {
            "difference": plain(measured.difference),
            "exceeds": measured.exceeds,
            "percent_of_limit": str(measured.percent_of_limit),
        },  # fmt: skip
        "rectifications": [
            {"day": r.day.isoformat(), "measures": r.measures} for r in f.rectifications.all()
        ],
        "closing_note": f.closing_note,
        "synthetic": f.synthetic,
    }


def station_out(s: FenceStation) -> dict[str, Any]:
    """A fence-line station with its factors and their boundary limits."""
    from deltacap.petrochem import config

    fence = config.fence()
    bay = s.enterprise
    return {
        "id": s.pk,
        "code": s.code,
        "name": s.name,
        "member": s.member_code,
        "member_name": member_name(s.member_code),
        "city": s.city_id,
        "city_name": s.city.name,
        "enterprise": None if bay is None else {"id": bay.pk, "name": bay.enterprise.name},
        "park": s.park,
        "lon": s.lon,
        "lat": s.lat,
        "factors": [
            {
                "code": code,
                "name_zh": fence.factors[code].name_zh,
                "limit": None
                if fence.factors[code].limit is None
                else str(fence.factors[code].limit),
                "unit": fence.factors[code].unit,
                "standard": fence.factors[code].standard,
                "verified": fence.factors[code].verified,
            }
            for code in s.factors
            if code in fence.factors
        ],
        "synthetic": s.synthetic,
    }
