"""Who acts and on what: the principal, the record as the rules see it, the refusal.

A record is seen by the rules as its kind and its places: each place is a party's
division path from the region down (and the party's enterprise, where it is one). Most
records have one place; a trade has two (the seller's and the buyer's); an enterprise
being moved has its old and its new place.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace

from deltacap.domain.errors import DeltacapError, gettext_noop

REGION = "region"


class Role(enum.StrEnum):
    """Account roles. ``PUBLIC`` is the anonymous visitor; ``SYSTEM`` the platform itself
    (its own jobs: loads, the demo, the receiver; and its operator at the command line)."""

    OFFICE = "office"
    MEMBER_EDITOR = "member_editor"
    MEMBER_VIEWER = "member_viewer"
    CITY_EDITOR = "city_editor"
    ENTERPRISE = "enterprise"
    PUBLIC = "public"
    SYSTEM = "system"


EDITOR_ROLES = frozenset({Role.MEMBER_EDITOR, Role.CITY_EDITOR})
# Who reads every record (list queries return everything for them).
READS_ALL = frozenset({Role.OFFICE, Role.SYSTEM})


class Kind(enum.StrEnum):
    """Kinds of record the rules know."""

    TARGET = "target"
    ENTERPRISE = "enterprise"
    AUDIT_EVENT = "audit_event"
    # A key reduction project (重点减排工程) of a member, city or county, maybe of an enterprise.
    PROJECT = "project"
    # A table of accounting coefficients, of the region or of one member.
    COEFFICIENTS = "coefficients"
    # The progress of key reduction projects against the targets, read as a whole.
    PROGRESS = "progress"
    # An evaluation round (年度调度评估): the region's, or one member's task list in it.
    ROUND = "round"
    # A monitored outlet or monitoring device of an enterprise, and its data.
    OUTLET = "outlet"
    # Emission rights held by an account (排污权): an enterprise's or a government reserve's.
    HOLDING = "holding"
    # The market: an open listing (挂牌), a trade, a bilateral offer (协议转让), an auction.
    LISTING = "listing"
    TRADE = "trade"
    BILATERAL_OFFER = "bilateral_offer"
    AUCTION = "auction"
    # The office's configuration of the market (pilot counties, flags, ratio, prices).
    MARKET_SETTINGS = "market_settings"
    # A person's account on the platform.
    ACCOUNT = "account"
    # A water-quality monitoring section (断面) and its data, kept by its responsible
    # members (a cross-border section by both).
    WATER_SECTION = "water_section"
    # An air-quality monitoring station (国控/省控) of a city, and its hourly observations.
    AIR_STATION = "air_station"
    # A key-period event (重点时段 / 重大活动保障) of the region, and a member's list of its
    # controlled enterprises and their measures for it.
    AIR_EVENT = "air_event"
    AIR_CONTROL_LIST = "air_control_list"
    # A year's eco-compensation settlement (生态补偿) of an agreement between an upstream
    # and a downstream member: its parties are its two places.
    ECO_SETTLEMENT = "eco_settlement"
    # The working group (工作专班, 二(一)): its people (a member's or the office's), its
    # meetings (with their minutes, participants and documents), the agenda items the
    # members propose, and the action items a meeting gives a member.
    GROUP_PERSON = "group_person"
    MEETING = "meeting"
    AGENDA_ITEM = "agenda_item"
    ACTION_ITEM = "action_item"
    # A heavy-pollution weather warning (重污染天气预警): a city's, issued by its member, or
    # the region's, issued by the office; and the notice of one sent to a member.
    AIR_WARNING = "air_warning"
    AIR_WARNING_NOTICE = "air_warning_notice"
    # Information sharing (信息共享, 二(一)): the office's sharing policy per category.
    SHARING_POLICY = "sharing_policy"
    # High-emission vehicles shared among the members (二(二)): a vehicle record of its
    # registering member and city, the detections a member or city makes in its own area,
    # and a notice to the registering member of a vehicle found high-emission elsewhere.
    VEHICLE = "vehicle"
    VEHICLE_DETECTION = "vehicle_detection"
    VEHICLE_NOTICE = "vehicle_notice"
    # The annual reports (issue 15 §4): a member's report of a year (its narrative, its
    # submitted versions) and the region's report the office compiles and publishes.
    MEMBER_REPORT = "member_report"
    REGION_REPORT = "region_report"
    # A member's plan for an enterprise in the 5 km Taihu zone (close, relocate, upgrade).
    TAIHU_PLAN = "taihu_plan"
    # A member's cyanobacteria bloom records at a lake: observations, warnings (published
    # while active) and emergency actions.
    BLOOM = "bloom"
    # A joint forecast consultation (联合会商) the office runs, and the city forecasts of a
    # member (its own), of the office's consensus or of the platform's baseline.
    CONSULTATION = "consultation"
    AIR_FORECAST = "air_forecast"
    # Non-road mobile machinery (二(二)): a machine of its registering member and city (and
    # owner enterprise), a field check made by a member or city in its own area, and a
    # notice to the registering member of a machine that failed a check elsewhere.
    MACHINE = "machine"
    MACHINE_CHECK = "machine_check"
    MACHINE_NOTICE = "machine_notice"
    # outfalls into rivers and lakes: a member's outfall; the region's river network
    WATER_OUTFALL = "water_outfall"
    RIVER_NETWORK = "river_network"
    # Mobile monitoring (走航): a member's track with its hotspots and their follow-ups.
    AIR_TRACK = "air_track"
    # Phase-out: a member's records of old vehicles and machines phased out, and its target.
    PHASEOUT = "phaseout"
    # The unified phase-out standard's versions (the office's; every official reads them).
    PHASEOUT_STANDARD = "phaseout_standard"
    # Shared facilities of the demonstration zone: kept by the office or any sharing member.
    WATER_FACILITY = "water_facility"
    # Hangzhou Bay petrochemicals (环杭州湾石化化工 三统一): the bay's scope (the office's),
    # a bay enterprise with its processes, a joint inspection campaign (the office's) and
    # a finding at an enterprise with its rectification (the enterprise's member's).
    PETRO_SCOPE = "petro_scope"
    PETRO_ENTERPRISE = "petro_enterprise"
    PETRO_CAMPAIGN = "petro_campaign"
    PETRO_FINDING = "petro_finding"
    # A fence-line VOCs station (厂界/边界监测站) of the bay with its hourly readings: a
    # member's, at a bay city (and maybe at a bay enterprise), shared with every member.
    PETRO_STATION = "petro_station"


@dataclass(frozen=True)
class Principal:
    """The one acting. ``division_code`` is the member, city or county an account belongs to;
    ``account_id`` the account itself (for the rules that keep a check from the one who did
    what is checked)."""

    role: Role
    division_code: str | None = None
    enterprise_id: int | None = None
    account_id: int | None = None

    @property
    def is_public(self) -> bool:
        return self.role is Role.PUBLIC

    def kind(self) -> Principal:
        """The principal without its account: what every account of one role and place may
        do, except the checks kept from the account that did what is checked. Pages keep
        what they work out per kind (menus, what may be edited), not per account."""
        return replace(self, account_id=None) if self.account_id is not None else self


PUBLIC = Principal(Role.PUBLIC)
SYSTEM = Principal(Role.SYSTEM)


@dataclass(frozen=True)
class Place:
    """Where a record belongs: the division codes from the region down to its own
    division, e.g. ``("region", "320000", "320500", "320509")``, and its enterprise."""

    division_path: tuple[str, ...]
    enterprise_id: int | None = None

    @property
    def member_code(self) -> str | None:
        return self.division_path[1] if len(self.division_path) > 1 else None


@dataclass(frozen=True)
class Resource:
    """A record as the rules see it.

    ``division_path`` and ``enterprise_id`` are the record's own place (a trade's: the
    seller's); ``other`` a second place where the record has one (a trade's buyer, the new
    place of an enterprise being moved). ``level`` is the level of the record's own
    division (region, member, city, county).
    """

    kind: Kind
    division_path: tuple[str, ...]
    level: str = ""
    enterprise_id: int | None = None
    published: bool = False
    other: Place | None = None
    # Further places of a record kept by more than two parties (a facility's sharers).
    parties: tuple[Place, ...] = ()
    # The account that recorded the step a check decides on (an outfall's rectification
    # recorded as done): it may not check its own record.
    recorded_by: int | None = None
    # The office shares the record's category with every member (信息共享, 二(一)): the
    # sharing policy in force, given by whoever reads the record (the rules read nothing).
    # Only reads look at it; every write rule ignores it.
    shared: bool = False

    @property
    def member_code(self) -> str | None:
        return self.place.member_code

    @property
    def place(self) -> Place:
        return Place(self.division_path, self.enterprise_id)

    @property
    def places(self) -> tuple[Place, ...]:
        """The record's places: its own and, where it has one, the other."""
        own = (self.place,) if self.other is None else (self.place, self.other)
        return own + self.parties


def within(principal: Principal, place: Place) -> bool:
    """Whether the principal's own division lies on the place's path (it is over it)."""
    code = principal.division_code
    return code is not None and code in place.division_path


REGION_PATH = (REGION,)


def region_resource(kind: Kind) -> Resource:
    """A record of the region as a whole (the office's settings, the region's round)."""
    return Resource(kind, REGION_PATH, level=REGION)


class AccessDenied(DeltacapError):
    """The principal may not do this to this record; the message says who may."""

    template = gettext_noop("You do not have permission to do this.")

    def __init__(
        self,
        principal: Principal,
        action: object,
        resource: Resource,
        template: str,
        *,
        field: str | None = None,
        **params: object,
    ) -> None:
        self.principal = principal
        self.action = action
        self.resource = resource
        super().__init__(template, field=field, **params)
