"""The identifier crosswalk of each enterprise (信息共享, plan 二(一)): its unified social
credit code, its discharge-permit number, its outlets' codes, the HJ 212 device numbers
(MN) on them, the codes of its outfalls into rivers and lakes (入河排污口, read from the
water capability's register), its rights account and its key reduction projects, with
the records that link them, and the gaps (``domain.sharing_crosswalk``). Read as far as
the reader reads the enterprise: an enterprise its own, a member's staff their member's,
the office all, the public nothing; outfalls (and their gaps) only for a reader who reads
the member's outfalls.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from deltacap.accounts.permissions import Actor, principal_of
from deltacap.domain.access import Principal
from deltacap.domain.errors import NotFound, gettext_noop
from deltacap.domain.sharing_crosswalk import Gap, GapKind, OutletIds, gaps_of
from deltacap.enterprises.models import Enterprise
from deltacap.enterprises.selectors import visible_enterprises
from deltacap.monitoring.models import Device, Outlet
from deltacap.projects.models import Project
from deltacap.rights.models import RightsAccount
from deltacap.sharing.models import PermitNumber
from deltacap.water.models import Outfall
from deltacap.water.selectors import outfalls_of_enterprises, reads_outfalls


@dataclass(frozen=True)
class OutletLink:
    code: str
    name: str
    medium: str
    devices: list[str]  # MNs
    outfalls: list[str] = field(default_factory=list)  # the codes of the outfalls it leads to


@dataclass(frozen=True)
class OutfallLink:
    """An outfall linked to the enterprise, and by what: the register names the enterprise
    responsible (``responsible``) and/or lists these outlets of the enterprise (``outlets``)."""

    code: str
    name: str
    receiving_water: str
    responsible: bool
    outlets: list[str]


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
    outfalls: list[OutfallLink] = field(default_factory=list)
    # Whether the reader reads the member's outfalls (else none shown, no outfall gaps).
    outfalls_read: bool = False


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
    GapKind.OUTFALL_WITHOUT_PERMIT: gettext_noop(
        "Outfall into a river or lake without the enterprise's discharge-permit number"
    ),
    GapKind.OUTLET_WITHOUT_OUTFALL: gettext_noop("Wastewater outlet without an outfall code"),
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
    principal = principal_of(actor)
    outfalls = _outfalls_by_enterprise(principal, qs.values("pk"), set(ids))
    reads = {m: reads_outfalls(principal, m) for m in {e.member_code for e in enterprises}}
    return [
        _crosswalk(
            e,
            accounts.get(e.pk),
            permits.get(e.pk),
            projects.get(e.pk, []),
            outfalls.get(e.pk, []) if reads[e.member_code] else None,
        )
        for e in enterprises
    ]


def _outfalls_by_enterprise(
    principal: Principal, query: Any, ids: set[int]
) -> dict[int, list[Outfall]]:
    """The outfalls linked to the enterprises of ``query`` (ids ``ids``), per enterprise."""
    found: dict[int, list[Outfall]] = {}
    for o in outfalls_of_enterprises(principal, query):
        linked = {o.enterprise_id} | {outlet.enterprise_id for outlet in o.outlets.all()}
        for enterprise_id in linked & ids:
            assert enterprise_id is not None
            found.setdefault(enterprise_id, []).append(o)
    return found


def _outfall_link(o: Outfall, enterprise_id: int) -> OutfallLink:
    outlets = sorted(x.code for x in o.outlets.all() if x.enterprise_id == enterprise_id)
    return OutfallLink(o.code, o.name, o.receiving_water, o.enterprise_id == enterprise_id, outlets)


def _crosswalk(
    e: Enterprise,
    account: str | None,
    permit: str | None,
    projects: list[ProjectLink],
    outfalls: list[Outfall] | None,
) -> Crosswalk:
    """``outfalls``: the outfalls linked to ``e`` the reader reads, None when the reader
    reads none of its member's."""
    links = [_outfall_link(o, e.pk) for o in outfalls or []]
    outlets = []
    for o in e.outlets.all():
        device = getattr(o, "device", None)
        into = [f.code for f in links if o.code in f.outlets]
        outlets.append(OutletLink(o.code, o.name, o.medium, [device.mn] if device else [], into))
    cw = Crosswalk(e.pk, e.name, e.uscc, e.member_code, outlets, account, permit, projects)
    cw.outfalls, cw.outfalls_read = links, outfalls is not None
    cw.gaps = gaps_of(
        e.uscc,
        [
            OutletIds(o.code, tuple(o.devices), _wastewater(o, cw), tuple(o.outfalls))
            for o in outlets
        ],
        account,
        permit,
        tuple(f.code for f in links),
    )
    return cw


def _wastewater(outlet: OutletLink, cw: Crosswalk) -> bool:
    """A wastewater outlet, for a reader who reads outfalls (else its outfall is unknown)."""
    return cw.outfalls_read and (outlet.medium == "water" or outlet.code.startswith("DW"))


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
