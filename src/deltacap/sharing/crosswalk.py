"""The identifier crosswalk of each enterprise (信息共享, plan 二(一)): its unified social
credit code, its discharge-permit number, its outlets' codes, the HJ 212 device numbers
(MN) on them, its rights account and its key reduction projects, with the records that
link them, and the gaps (``domain.sharing_crosswalk``). Read as far as the reader reads
the enterprise: an enterprise its own, a member's staff their member's, the office all,
the public nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from deltacap.accounts.permissions import Actor
from deltacap.domain.errors import NotFound, gettext_noop
from deltacap.domain.sharing_crosswalk import Gap, GapKind, OutletIds, gaps_of
from deltacap.enterprises.models import Enterprise
from deltacap.enterprises.selectors import visible_enterprises
from deltacap.monitoring.models import Device, Outlet
from deltacap.projects.models import Project
from deltacap.rights.models import RightsAccount
from deltacap.sharing.models import PermitNumber


@dataclass(frozen=True)
class OutletLink:
    code: str
    name: str
    medium: str
    devices: list[str]  # MNs


@dataclass(frozen=True)
class ProjectLink:
    code: str
    name: str
    status: str


@dataclass
class Crosswalk:
    enterprise_id: int
    name: str
    uscc: str
    member: str
    outlets: list[OutletLink] = field(default_factory=list)
    rights_account: str | None = None
    permit_number: str | None = None
    projects: list[ProjectLink] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)


GAP_WORDS = {
    GapKind.USCC_INVALID: gettext_noop("The unified social credit code fails its check (GB 32100)"),
    GapKind.NO_OUTLETS: gettext_noop("No outlet registered"),
    GapKind.OUTLET_WITHOUT_PERMIT_CODE: gettext_noop(
        "Outlet code not numbered as in a discharge permit (DA001, DW001 …)"
    ),
    GapKind.OUTLET_WITHOUT_DEVICE: gettext_noop("Outlet without an HJ 212 device (MN)"),
    GapKind.NO_RIGHTS_ACCOUNT: gettext_noop("No emission-rights account"),
    GapKind.OUTLET_WITHOUT_PERMIT: gettext_noop("Outlet without a discharge-permit number"),
    GapKind.PERMIT_NOT_OF_USCC: gettext_noop(
        "The permit number does not begin with the enterprise's credit code"
    ),
}


def gap_words(kind: GapKind | str) -> str:
    return _(GAP_WORDS[GapKind(kind)])


def crosswalks(
    actor: Actor, *, member: str | None = None, enterprise_id: int | None = None
) -> list[Crosswalk]:
    """The crosswalk of every enterprise ``actor`` reads (of ``member``, or one)."""
    qs = visible_enterprises(actor)
    if member:
        qs = qs.filter(member_code=member)
    if enterprise_id is not None:
        qs = qs.filter(pk=enterprise_id)
    qs = qs.prefetch_related(
        Prefetch(
            "outlets",
            queryset=Outlet.objects.order_by("code").prefetch_related(
                Prefetch("device", queryset=Device.objects.all())
            ),
        )
    ).order_by("member_code", "name")
    enterprises = list(qs)
    ids = [e.pk for e in enterprises]
    accounts = dict(
        RightsAccount.objects.filter(enterprise_id__in=ids).values_list("enterprise_id", "code")
    )
    permits = dict(
        PermitNumber.objects.filter(enterprise_id__in=ids).values_list("enterprise_id", "number")
    )
    projects: dict[int, list[ProjectLink]] = {}
    for p in Project.objects.filter(enterprise_id__in=ids).order_by("code"):
        assert p.enterprise_id is not None
        projects.setdefault(p.enterprise_id, []).append(ProjectLink(p.code, p.name, p.status))
    found = []
    for e in enterprises:
        outlets = []
        for o in e.outlets.all():
            device = getattr(o, "device", None)
            outlets.append(OutletLink(o.code, o.name, o.medium, [device.mn] if device else []))
        cw = Crosswalk(
            e.pk,
            e.name,
            e.uscc,
            e.member_code,
            outlets,
            accounts.get(e.pk),
            permits.get(e.pk),
            projects.get(e.pk, []),
        )
        cw.gaps = gaps_of(
            e.uscc,
            [OutletIds(o.code, tuple(o.devices)) for o in outlets],
            cw.rights_account,
            cw.permit_number,
        )
        found.append(cw)
    return found


def crosswalk_of(actor: Actor, enterprise_id: int) -> Crosswalk:
    """One enterprise's crosswalk. Raises NotFound (also for one the reader may not read)."""
    found = crosswalks(actor, enterprise_id=enterprise_id)
    if not found:
        raise NotFound(gettext_noop("There is no such enterprise."), field="enterprise")
    return found[0]


def gaps_by_member(items: list[Crosswalk]) -> dict[str, dict[str, int]]:
    """Per member, the number of gaps of each kind."""
    counts: dict[str, dict[str, int]] = {}
    for cw in items:
        for gap in cw.gaps:
            mine = counts.setdefault(cw.member, {})
            mine[gap.kind.value] = mine.get(gap.kind.value, 0) + 1
    return counts


def found_enterprise(enterprise_id: int) -> Enterprise | None:
    """The enterprise record itself (for asking the rules what the reader may do with it)."""
    return Enterprise.objects.select_related("division").filter(pk=enterprise_id).first()
