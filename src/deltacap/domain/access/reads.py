"""Who may read what: one rule per kind of record (published records are readable by
everyone; the platform reads everything)."""

from __future__ import annotations

from collections.abc import Callable

from deltacap.domain.access.model import Kind, Principal, Resource, Role, within

Predicate = Callable[[Principal, Resource], bool]


def _office(p: Principal, r: Resource) -> bool:
    return p.role is Role.OFFICE


def _is_member_staff(p: Principal, r: Resource) -> bool:
    return p.role in (Role.MEMBER_EDITOR, Role.MEMBER_VIEWER) and within(p, r.place)


def _place_read(p: Principal, r: Resource) -> bool:
    """A place's records: the office; the member's staff and the city's or county's editor
    over any of its places; the enterprise among its parties."""
    if p.role is Role.OFFICE:
        return True
    if p.role is Role.ENTERPRISE:
        return p.enterprise_id is not None and any(
            p.enterprise_id == place.enterprise_id for place in r.places
        )
    if p.role in (Role.MEMBER_EDITOR, Role.MEMBER_VIEWER, Role.CITY_EDITOR):
        return any(within(p, place) for place in r.places)
    return False


# The officials who read another member's records where the office shares their category
# with every member: the members' staff and the cities' and counties' editors.
SHARED_READERS = frozenset({Role.MEMBER_EDITOR, Role.MEMBER_VIEWER, Role.CITY_EDITOR})


def _project_read(p: Principal, r: Resource) -> bool:
    """A key reduction project: its place's readers (``_place_read``) and, where the office
    shares the projects with every member (``r.shared``, the policy given by the reader's
    query), every member's officials. Never the public, nor another enterprise."""
    return _place_read(p, r) or (r.shared and p.role in SHARED_READERS)


def _notice_read(p: Principal, r: Resource) -> bool:
    """A warning's notice to a member: the office, and the staff of the member notified or
    of the member whose warning it is (the record's other place)."""
    if p.role is Role.OFFICE:
        return True
    return p.role in (Role.MEMBER_EDITOR, Role.MEMBER_VIEWER) and any(
        within(p, place) for place in r.places
    )


def _audit_read(p: Principal, r: Resource) -> bool:
    return p.role is Role.OFFICE or _is_member_staff(p, r)


def _officials(p: Principal, r: Resource) -> bool:
    return p.role in (Role.OFFICE, Role.MEMBER_EDITOR, Role.MEMBER_VIEWER, Role.CITY_EDITOR)


def _round_read(p: Principal, r: Resource) -> bool:
    # The round is the officials'; a member's task list, the office's and that member's staff.
    if r.level == "member":
        return p.role is Role.OFFICE or (
            p.role in (Role.MEMBER_EDITOR, Role.MEMBER_VIEWER) and p.division_code == r.member_code
        )
    return _officials(p, r)


def _group(p: Principal, r: Resource) -> bool:
    # The working group's records (its people's contact details, meetings, agenda and
    # action items) are the group's own: the office and the members' staff, never the
    # public, enterprises or cities (二(一)).
    return p.role in (Role.OFFICE, Role.MEMBER_EDITOR, Role.MEMBER_VIEWER)


def _machinery_read(p: Principal, r: Resource) -> bool:
    """A machine (and its checks and notices): every official; the owner enterprise
    itself."""
    if p.role is Role.ENTERPRISE:
        return p.enterprise_id is not None and p.enterprise_id == r.enterprise_id
    return _officials(p, r)


def _officials_or_itself(p: Principal, r: Resource) -> bool:
    """Every official; the enterprise the record is of, itself."""
    if p.role is Role.ENTERPRISE:
        return p.enterprise_id is not None and p.enterprise_id == r.enterprise_id
    return _officials(p, r)


READS: dict[Kind, Predicate] = {
    # Key reduction projects and their progress are shared among the members by the
    # office's policy (信息共享, 二(一)); read-only: the write rules keep them the owner's.
    Kind.PROJECT: _project_read,
    # The plan's targets are published in the plan itself.
    Kind.TARGET: lambda p, r: True,
    Kind.AUDIT_EVENT: _audit_read,
    Kind.MARKET_SETTINGS: _office,
    Kind.COEFFICIENTS: _officials,
    # The plan shares the progress of every member among the members' staff (二(一)).
    Kind.PROGRESS: _officials,
    Kind.ROUND: _round_read,
    Kind.ACCOUNT: _office,
    # Air quality is shared with every member and published to the public (二(二)).
    Kind.AIR_STATION: lambda p, r: True,
    # A key-period event and its goals are public; the members' controlled-enterprise
    # lists are shared among the officials of every member, never the public or enterprises.
    Kind.AIR_EVENT: lambda p, r: True,
    Kind.AIR_CONTROL_LIST: _officials,
    # A settlement in progress is read by the officials of every member (the region's water
    # data are shared); a settled one is published.
    Kind.ECO_SETTLEMENT: _officials,
    Kind.GROUP_PERSON: _group,
    Kind.MEETING: _group,
    Kind.AGENDA_ITEM: _group,
    Kind.ACTION_ITEM: _group,
    # Warnings are shared with every member (an active one is published to everyone); a
    # notice is read by the office and the staff of the member it was sent to and of the
    # member that issued the warning.
    Kind.AIR_WARNING: _officials,
    Kind.AIR_WARNING_NOTICE: _notice_read,
    # The sharing policy is the group's to know (what each member reads of the others).
    Kind.SHARING_POLICY: _group,
    # High-emission vehicles are shared among the members' officials, never published:
    # the public and enterprises see nothing of a vehicle (二(二)).
    Kind.VEHICLE: _officials,
    Kind.VEHICLE_DETECTION: _officials,
    Kind.VEHICLE_NOTICE: _officials,
    # The annual reports are the group's; the public reads the region's once published.
    Kind.MEMBER_REPORT: _group,
    Kind.REGION_REPORT: _group,
    # The lakes' records are shared among the members (三(二)); active bloom warnings are
    # published (their resource says so).
    Kind.TAIHU_PLAN: _officials,
    Kind.BLOOM: _officials,
    # A consultation and its forecasts are shared among the officials (every member reads
    # every member's forecasts); the public reads a published session's consensus only
    # (its records are ``published`` then).
    Kind.CONSULTATION: _officials,
    Kind.AIR_FORECAST: _officials,
    # Non-road machinery: every official reads every member's machines, checks and notices
    # (mutual recognition); an enterprise its own machines, their checks and the notices
    # about them only (answering a notice stays with the registering member's editors).
    Kind.MACHINE: _machinery_read,
    Kind.MACHINE_CHECK: _machinery_read,
    Kind.MACHINE_NOTICE: _machinery_read,
    # Outfalls are shared among the officials of every member, never published (三(二));
    # the river network is published (its resource says so).
    Kind.WATER_OUTFALL: _officials,
    Kind.RIVER_NETWORK: _officials,
    # Mobile monitoring (走航): tracks and the enterprises' follow-ups are the officials'
    # (every member reads every member's); never the public's nor the enterprises'.
    Kind.AIR_TRACK: _officials,
    # Phase-out: every official reads every member's records and progress.
    Kind.PHASEOUT: _officials,
    Kind.PHASEOUT_STANDARD: _officials,
    # Shared facilities of the demonstration zone: every official reads them whole; the
    # public reads the list's names, kinds, members and shares (water/facilities.py).
    Kind.WATER_FACILITY: _officials,
    # Hangzhou Bay petrochemicals: the scope is published (its resource says so); every
    # official reads every member's bay enterprises, campaigns and findings (三统一); an
    # enterprise its own record and findings only.
    Kind.PETRO_SCOPE: _officials,
    Kind.PETRO_ENTERPRISE: _officials_or_itself,
    Kind.PETRO_CAMPAIGN: _officials,
    Kind.PETRO_FINDING: _officials_or_itself,
    # Fence-line stations and their readings are shared with every member's officials; an
    # enterprise reads the stations at its own boundary.
    Kind.PETRO_STATION: _officials_or_itself,
}


def may_read(principal: Principal, resource: Resource) -> bool:
    """Whether ``principal`` may read ``resource`` (its kind's rule; places by default)."""
    if resource.published or principal.role is Role.SYSTEM:
        return True
    return READS.get(resource.kind, _place_read)(principal, resource)
