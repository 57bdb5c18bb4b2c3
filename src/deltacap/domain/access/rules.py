"""Who may do what: every write as a named action with its rule, and who may read what.

Pages, the API, imports, the command line and the platform's own jobs all ask
:func:`require` (through ``deltacap.accounts.permissions``) once per write, so a rule
is written once. The rules follow the plan's division of work (沪环监测〔2023〕208号,
二(一), 二(四), 二(五)): the region office (专班办公室) reads everything, keeps the region's
targets and evaluation rounds and configures the common market; each member keeps its
own records; cities and counties keep theirs; enterprises see only their own and trade
their own rights; the bureaus of a trade's parties approve and settle it.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from deltacap.domain.access.model import (
    EDITOR_ROLES,
    REGION,
    AccessDenied,
    Kind,
    Principal,
    Resource,
    Role,
    within,
)
from deltacap.domain.access.reads import may_read
from deltacap.domain.errors import gettext_noop

Predicate = Callable[[Principal, Resource], bool]


class Action(enum.StrEnum):
    """Everything a principal may ask to do to a record: read it, or one named write."""

    READ = "read"
    # targets
    SET_TARGET = "set_target"
    # enterprises
    REGISTER_ENTERPRISE = "register_enterprise"
    EDIT_ENTERPRISE = "edit_enterprise"
    # key reduction projects and their evaluation
    EDIT_PROJECT = "edit_project"
    REVIEW_PROJECT = "review_project"
    SET_COEFFICIENTS = "set_coefficients"
    OPEN_ROUND = "open_round"
    REMIND_ROUND = "remind_round"
    CLOSE_ROUND = "close_round"
    SUBMIT_TASK_LIST = "submit_task_list"
    # online monitoring
    REGISTER_DEVICE = "register_device"
    SET_LIMITS = "set_limits"
    # air coordination: stations and their hourly observations
    IMPORT_AIR_STATIONS = "import_air_stations"
    IMPORT_AIR_OBSERVATIONS = "import_air_observations"
    # air coordination: key-period events and the members' controlled-enterprise lists
    CREATE_AIR_EVENT = "create_air_event"
    EDIT_CONTROL_LIST = "edit_control_list"
    # the emission-rights registry
    OPEN_RESERVE = "open_reserve"
    ISSUE_RIGHTS = "issue_rights"
    CONFIRM_RIGHTS = "confirm_rights"
    SUBMIT_EMISSION = "submit_emission"
    # government reserves: rights recovered from an enterprise (a closure), and released
    # from a reserve to an enterprise by a decision (no market, no price)
    RECOVER_RIGHTS = "recover_rights"
    RELEASE_RESERVE = "release_reserve"
    # the market
    LIST_RIGHTS = "list_rights"
    WITHDRAW_LISTING = "withdraw_listing"
    BUY_LISTING = "buy_listing"
    OFFER_BILATERAL = "offer_bilateral"
    CONFIRM_BILATERAL = "confirm_bilateral"
    OPEN_AUCTION = "open_auction"
    BID = "bid"
    CLOSE_AUCTION = "close_auction"
    APPROVE_TRADE = "approve_trade"
    SETTLE_TRADE = "settle_trade"
    # the office's market settings
    SET_PILOT_COUNTY = "set_pilot_county"
    FLAG_COUNTY = "flag_county"
    SET_TRADE_RATIO = "set_trade_ratio"
    SET_PRICE_BAND = "set_price_band"
    SET_PAID_USE_PRICE = "set_paid_use_price"
    # water sections and their monitoring data
    EDIT_WATER_SECTION = "edit_water_section"
    IMPORT_WATER_DATA = "import_water_data"
    # eco-compensation: a year's settlement computed, approved by each party and the office
    SETTLE_COMPENSATION = "settle_compensation"
    APPROVE_COMPENSATION = "approve_compensation"
    # accounts and their sign-in
    CREATE_ACCOUNT = "create_account"
    SET_PASSWORD = "set_password"
    UNLOCK_ACCOUNT = "unlock_account"
    RESET_TWO_FACTOR = "reset_two_factor"
    USE_TWO_FACTOR = "use_two_factor"
    # the working group and its meetings
    EDIT_GROUP_MEMBER = "edit_group_member"
    SCHEDULE_MEETING = "schedule_meeting"
    RECORD_MINUTES = "record_minutes"
    PROPOSE_AGENDA_ITEM = "propose_agenda_item"
    DECIDE_AGENDA_ITEM = "decide_agenda_item"
    CREATE_ACTION_ITEM = "create_action_item"
    UPDATE_ACTION_ITEM = "update_action_item"
    SEND_REMINDERS = "send_reminders"
    # heavy-pollution weather warnings and their notices to the members
    ISSUE_AIR_WARNING = "issue_air_warning"
    RAISE_AIR_WARNING = "raise_air_warning"
    LOWER_AIR_WARNING = "lower_air_warning"
    LIFT_AIR_WARNING = "lift_air_warning"
    MARK_AIR_WARNING_NOTICE = "mark_air_warning_notice"
    # information sharing
    SET_SHARING_POLICY = "set_sharing_policy"
    SUBSCRIBE_CHANGES = "subscribe_changes"
    SEND_DIGEST = "send_digest"
    # high-emission vehicles: records, detections, notices and their responses
    EDIT_VEHICLE = "edit_vehicle"
    IMPORT_VEHICLE_DETECTIONS = "import_vehicle_detections"
    RESPOND_VEHICLE_NOTICE = "respond_vehicle_notice"
    EVALUATE_VEHICLES = "evaluate_vehicles"
    # the annual reports
    WRITE_REPORT_NARRATIVE = "write_report_narrative"
    SUBMIT_MEMBER_REPORT = "submit_member_report"
    REVIEW_MEMBER_REPORT = "review_member_report"
    COMPILE_REGION_REPORT = "compile_region_report"
    PUBLISH_REGION_REPORT = "publish_region_report"
    # the lakes: enterprises' positions, the 5 km Taihu zone's plans, cyanobacteria blooms
    LOCATE_ENTERPRISE = "locate_enterprise"
    EDIT_TAIHU_PLAN = "edit_taihu_plan"
    RECORD_BLOOM = "record_bloom"
    ISSUE_BLOOM_WARNING = "issue_bloom_warning"
    # the joint forecast consultation
    OPEN_CONSULTATION = "open_consultation"
    RECORD_CONSENSUS = "record_consensus"
    PUBLISH_CONSULTATION = "publish_consultation"
    SUBMIT_FORECAST = "submit_forecast"
    # non-road machinery: registrations, field checks, notices' responses
    EDIT_MACHINE = "edit_machine"
    RECORD_MACHINE_CHECK = "record_machine_check"
    RESPOND_MACHINE_NOTICE = "respond_machine_notice"
    # information sharing: checking a received export bundle
    VERIFY_SHARING_BUNDLE = "verify_sharing_bundle"
    SET_PERMIT_NUMBER = "set_permit_number"
    # outfalls into rivers and lakes and the river network
    EDIT_WATER_OUTFALL = "edit_water_outfall"
    COMPLETE_OUTFALL_RECTIFICATION = "complete_outfall_rectification"
    VERIFY_OUTFALL_RECTIFICATION = "verify_outfall_rectification"
    IMPORT_RIVER_NETWORK = "import_river_network"
    # mobile monitoring (走航): tracks and the follow-ups of their hotspots
    IMPORT_AIR_TRACK = "import_air_track"
    RECORD_AIR_FOLLOW_UP = "record_air_follow_up"
    # phase-out of old vehicles and machinery: records and a member's yearly target
    EDIT_PHASEOUT = "edit_phaseout"
    SET_PHASEOUT_STANDARD = "set_phaseout_standard"
    # shared facilities of the demonstration zone
    EDIT_WATER_FACILITY = "edit_water_facility"
    # Hangzhou Bay petrochemicals: the scope, the enterprises, campaigns, findings
    SET_PETRO_SCOPE = "set_petro_scope"
    EDIT_PETRO_ENTERPRISE = "edit_petro_enterprise"
    EDIT_PETRO_CAMPAIGN = "edit_petro_campaign"
    RECORD_PETRO_FINDING = "record_petro_finding"
    RECORD_PETRO_RECTIFICATION = "record_petro_rectification"
    CLOSE_PETRO_FINDING = "close_petro_finding"
    EDIT_PETRO_STATION = "edit_petro_station"
    IMPORT_PETRO_READINGS = "import_petro_readings"


# --- predicates ---------------------------------------------------------------------------


def _office(p: Principal, r: Resource) -> bool:
    return p.role is Role.OFFICE


def _nobody(p: Principal, r: Resource) -> bool:
    return False


def _editor_within(p: Principal, r: Resource) -> bool:
    """A member's, city's or county's editor, over every place of the record."""
    return p.role in EDITOR_ROLES and all(within(p, place) for place in r.places)


def _editor_of_a_party(p: Principal, r: Resource) -> bool:
    """An editor over the place of either party (the bureaus of a trade's seller or buyer)."""
    return p.role in EDITOR_ROLES and any(within(p, place) for place in r.places)


def _itself(p: Principal, r: Resource) -> bool:
    """The enterprise the record belongs to, acting for itself."""
    return (
        p.role is Role.ENTERPRISE
        and p.enterprise_id is not None
        and (p.enterprise_id == r.enterprise_id)
    )


def _any_enterprise(p: Principal, r: Resource) -> bool:
    return p.role is Role.ENTERPRISE and p.enterprise_id is not None


# Two-factor sign-in is offered to the region office and to the roles that act in the
# emission-rights registry: the bureaus that confirm rights and approve trades (member and
# city/county editors) and the enterprises that hold and trade them. Viewers only read.
TWO_FACTOR_ROLES = frozenset({Role.OFFICE, Role.MEMBER_EDITOR, Role.CITY_EDITOR, Role.ENTERPRISE})


def _two_factor(p: Principal, r: Resource) -> bool:
    return p.role in TWO_FACTOR_ROLES


def _target(p: Principal, r: Resource) -> bool:
    if r.level in ("region", "member"):
        return p.role is Role.OFFICE
    # A member splits its own target to its cities and counties.
    return p.role is Role.MEMBER_EDITOR and within(p, r.place)


def _enterprise_edit(p: Principal, r: Resource) -> bool:
    # An enterprise edits its own contact fields only (``editable_fields``: not its place).
    return _editor_within(p, r) or _itself(p, r)


def _office_or_editor_within(p: Principal, r: Resource) -> bool:
    """The office anywhere; a member's, city's or county's editor over the record's place."""
    return p.role is Role.OFFICE or _editor_within(p, r)


def _coefficients(p: Principal, r: Resource) -> bool:
    # The office registers for the region or any member; a member editor for its own.
    if p.role is Role.OFFICE:
        return True
    return (
        p.role is Role.MEMBER_EDITOR and r.level == "member" and (p.division_code == r.member_code)
    )


def _task_list(p: Principal, r: Resource) -> bool:
    # A member's own task list for an evaluation round is submitted by its member editor.
    return (
        p.role is Role.MEMBER_EDITOR and r.level == "member" and (p.division_code == r.member_code)
    )


def _holder(p: Principal, r: Resource) -> bool:
    """Who disposes of held rights: the enterprise itself; a reserve's rights, the bureaus
    over the reserve's division."""
    if r.enterprise_id is not None:
        return _itself(p, r)
    return _editor_within(p, r)


def _reserve_bureau(p: Principal, r: Resource) -> bool:
    # Auctions sell a government reserve's rights, by the bureaus over it.
    return r.enterprise_id is None and _editor_within(p, r)


def _named_buyer(p: Principal, r: Resource) -> bool:
    # The buyer a bilateral offer names enters the same terms (``other`` is the buyer).
    buyer = r.other
    return (
        buyer is not None
        and p.role is Role.ENTERPRISE
        and p.enterprise_id is not None
        and p.enterprise_id == buyer.enterprise_id
    )


def _section_member(p: Principal, r: Resource) -> bool:
    """The office, or an editor of a member responsible for the section (a member's
    editor: a city's editor keeps no section)."""
    if p.role is Role.OFFICE:
        return True
    return p.role is Role.MEMBER_EDITOR and any(within(p, place) for place in r.places)


def _office_or_party(p: Principal, r: Resource) -> bool:
    """The office, or an editor of a member that is a party of the agreement (a member's
    editor: cities are no party)."""
    if p.role is Role.OFFICE:
        return True
    return p.role is Role.MEMBER_EDITOR and any(within(p, place) for place in r.places)


def _own_member_or_office_unit(p: Principal, r: Resource) -> bool:
    """The group's people: a member's editor keeps its own member's; the office its own."""
    if r.level == "region":
        return p.role is Role.OFFICE
    return p.role is Role.MEMBER_EDITOR and p.division_code == r.member_code


def _office_or_own_member(p: Principal, r: Resource) -> bool:
    """The office, or the editor of the member the record belongs to (an agenda item it
    proposes, an action item it owns)."""
    if p.role is Role.OFFICE:
        return True
    return p.role is Role.MEMBER_EDITOR and r.level == "member" and p.division_code == r.member_code


def _warning_issuer(p: Principal, r: Resource) -> bool:
    """A regional warning: the office; a city's: the editors of the city's member."""
    if r.level == REGION:
        return p.role is Role.OFFICE
    return p.role is Role.MEMBER_EDITOR and within(p, r.place)


def _notified_member(p: Principal, r: Resource) -> bool:
    """A notice to a member: that member's editors mark it read or unread."""
    return p.role is Role.MEMBER_EDITOR and p.division_code == r.member_code


def _subscriber(p: Principal, r: Resource) -> bool:
    """Who subscribes to the shared changes (on its own account): the office and the
    members' editors (a viewer only reads)."""
    return p.role in (Role.OFFICE, Role.MEMBER_EDITOR)


def _own_member_editor(p: Principal, r: Resource) -> bool:
    """The editor of the member the record belongs to: a member's own annual report, Taihu
    plans, bloom observations and warnings, and forecasts; the office reads them all but
    writes none."""
    return p.role is Role.MEMBER_EDITOR and r.level == "member" and p.division_code == r.member_code


def _checker_not_recorder(p: Principal, r: Resource) -> bool:
    """The office or the editor of the record's own member, being an account other than the
    one that recorded the step checked (four eyes: nobody checks their own record)."""
    if p.account_id is None or p.account_id == r.recorded_by:
        return False
    return p.role is Role.OFFICE or _own_member_editor(p, r)


# --- the rules -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """Who may take a write action, on which kind of record, and what a refusal says.

    ``system``: the platform's own jobs and its operator at the command line may take it
    (they may not take the decisions the plan gives to people: reviewing a project,
    approving a trade). ``personal``: an account takes it on itself only."""

    kind: Kind
    allows: Predicate
    refusal: str
    system: bool = True
    # Taken by an account on itself only (its services pass the actor's own account).
    personal: bool = False


_OFFICE_ONLY = gettext_noop("Only the region office may do this.")
_SIGN_IN_MANAGERS = gettext_noop(
    "Only the region office may unlock accounts or reset two-factor sign-in."
)
_WARNING_ISSUERS = gettext_noop(
    "A city's warning is issued and changed by its member's editors; a regional one by the "
    "region office."
)
_BUREAUS = gettext_noop("Only the editors of the record's member, city or county may do this.")

RULES: dict[Action, Rule] = {
    Action.SET_TARGET: Rule(
        Kind.TARGET,
        _target,
        gettext_noop(
            "Region and member targets are set by the region office; a member splits its own."
        ),
    ),
    Action.REGISTER_ENTERPRISE: Rule(Kind.ENTERPRISE, _editor_within, _BUREAUS),
    Action.EDIT_ENTERPRISE: Rule(
        Kind.ENTERPRISE,
        _enterprise_edit,
        gettext_noop("Only the enterprise itself or the editors of its area may change it."),
    ),
    Action.EDIT_PROJECT: Rule(Kind.PROJECT, _editor_within, _BUREAUS),
    Action.REVIEW_PROJECT: Rule(
        Kind.PROJECT,
        _office,
        gettext_noop("Only the region office reviews a project."),
        system=False,
    ),
    Action.SET_COEFFICIENTS: Rule(
        Kind.COEFFICIENTS,
        _coefficients,
        gettext_noop("The region office registers coefficients; a member editor its member's."),
    ),
    Action.OPEN_ROUND: Rule(Kind.ROUND, _office, _OFFICE_ONLY),
    Action.REMIND_ROUND: Rule(Kind.ROUND, _office, _OFFICE_ONLY),
    Action.CLOSE_ROUND: Rule(Kind.ROUND, _office, _OFFICE_ONLY),
    Action.SUBMIT_TASK_LIST: Rule(
        Kind.ROUND,
        _task_list,
        gettext_noop("Only the member's own editors submit its task list."),
        system=False,
    ),
    Action.REGISTER_DEVICE: Rule(Kind.OUTLET, _editor_within, _BUREAUS),
    Action.SET_LIMITS: Rule(Kind.OUTLET, _editor_within, _BUREAUS),
    # The plan shares air-quality monitoring among the members (二(二)): each member keeps
    # the stations and data of its own cities; the office may load any.
    Action.IMPORT_AIR_STATIONS: Rule(
        Kind.AIR_STATION,
        _office_or_editor_within,
        gettext_noop("Only the region office or the editors of the station's city load it."),
    ),
    Action.IMPORT_AIR_OBSERVATIONS: Rule(
        Kind.AIR_STATION,
        _office_or_editor_within,
        gettext_noop(
            "Only the region office or the editors of the station's city load its observations."
        ),
    ),
    # Key-period events (二(二)): the office sets up an event; each member keeps its own
    # list of controlled enterprises and measures for it (its member editors only).
    Action.CREATE_AIR_EVENT: Rule(Kind.AIR_EVENT, _office, _OFFICE_ONLY),
    Action.EDIT_CONTROL_LIST: Rule(
        Kind.AIR_CONTROL_LIST,
        _task_list,
        gettext_noop("Only the member's own editors change its controlled-enterprise list."),
    ),
    Action.OPEN_RESERVE: Rule(Kind.HOLDING, _editor_within, _BUREAUS),
    Action.ISSUE_RIGHTS: Rule(
        Kind.HOLDING,
        _editor_within,
        gettext_noop("Only the bureaus of the holder's area confirm its rights."),
    ),
    Action.CONFIRM_RIGHTS: Rule(
        Kind.HOLDING,
        _editor_within,
        gettext_noop("Only the bureaus of the enterprise's area confirm its rights."),
    ),
    Action.SUBMIT_EMISSION: Rule(Kind.HOLDING, _editor_within, _BUREAUS),
    # A closed enterprise's rights are recovered into a reserve by the bureaus over the
    # enterprise (its own consent is not asked: the recovery follows the closure decision).
    Action.RECOVER_RIGHTS: Rule(
        Kind.HOLDING,
        _editor_within,
        gettext_noop("Only the bureaus of the enterprise's area recover its rights."),
    ),
    Action.RELEASE_RESERVE: Rule(
        Kind.HOLDING,
        _reserve_bureau,
        gettext_noop("Only the bureaus over a government reserve allocate its rights."),
    ),
    Action.LIST_RIGHTS: Rule(
        Kind.HOLDING,
        _holder,
        gettext_noop("Only the holder sells its rights (a reserve's: the bureaus over it)."),
    ),
    Action.WITHDRAW_LISTING: Rule(
        Kind.LISTING,
        _holder,
        gettext_noop("Only the seller withdraws its listing."),
    ),
    Action.BUY_LISTING: Rule(
        Kind.LISTING, _any_enterprise, gettext_noop("Only an enterprise buys rights.")
    ),
    Action.OFFER_BILATERAL: Rule(
        Kind.HOLDING,
        _holder,
        gettext_noop("Only the holder sells its rights (a reserve's: the bureaus over it)."),
    ),
    Action.CONFIRM_BILATERAL: Rule(
        Kind.BILATERAL_OFFER,
        _named_buyer,
        gettext_noop("Only the buyer the offer names confirms it."),
    ),
    Action.OPEN_AUCTION: Rule(
        Kind.HOLDING,
        _reserve_bureau,
        gettext_noop("Only the bureaus over a government reserve auction its rights."),
    ),
    Action.BID: Rule(Kind.AUCTION, _any_enterprise, gettext_noop("Only an enterprise bids.")),
    Action.CLOSE_AUCTION: Rule(
        Kind.AUCTION,
        _editor_within,
        gettext_noop("Only the bureaus over the reserve close its auction."),
    ),
    Action.APPROVE_TRADE: Rule(
        Kind.TRADE,
        _editor_of_a_party,
        gettext_noop("Only the bureaus of the seller's or the buyer's area decide on a trade."),
        system=False,
    ),
    Action.SETTLE_TRADE: Rule(
        Kind.TRADE,
        _editor_of_a_party,
        gettext_noop("Only the bureaus of the seller's or the buyer's area settle a trade."),
    ),
    Action.SET_PILOT_COUNTY: Rule(Kind.MARKET_SETTINGS, _office, _OFFICE_ONLY),
    Action.FLAG_COUNTY: Rule(Kind.MARKET_SETTINGS, _office, _OFFICE_ONLY),
    Action.SET_TRADE_RATIO: Rule(Kind.MARKET_SETTINGS, _office, _OFFICE_ONLY),
    Action.SET_PRICE_BAND: Rule(Kind.MARKET_SETTINGS, _office, _OFFICE_ONLY),
    Action.SET_PAID_USE_PRICE: Rule(Kind.MARKET_SETTINGS, _office, _OFFICE_ONLY),
    Action.EDIT_WATER_SECTION: Rule(
        Kind.WATER_SECTION,
        _section_member,
        gettext_noop("Only the region office or a member responsible for the section may do this."),
    ),
    Action.IMPORT_WATER_DATA: Rule(
        Kind.WATER_SECTION,
        _section_member,
        gettext_noop(
            "Only the region office or a member responsible for the section imports its data."
        ),
    ),
    # Cross-border agreements and their settlements are approved by both parties and the
    # office (issue 14 §2): a party's editor computes or approves for its own member only.
    Action.SETTLE_COMPENSATION: Rule(
        Kind.ECO_SETTLEMENT,
        _office_or_party,
        gettext_noop("Only the region office or a party of the agreement settles a year."),
    ),
    Action.APPROVE_COMPENSATION: Rule(
        Kind.ECO_SETTLEMENT,
        _office_or_party,
        gettext_noop("Only the region office or a party of the agreement approves its settlement."),
        system=False,
    ),
    # Accounts are made and their passwords set by the platform's operator (the command
    # line on the machine), never through a page or the API.
    Action.CREATE_ACCOUNT: Rule(
        Kind.ACCOUNT, _nobody, gettext_noop("Accounts are made by the platform's operator.")
    ),
    Action.SET_PASSWORD: Rule(
        Kind.ACCOUNT, _nobody, gettext_noop("Passwords are set by the platform's operator.")
    ),
    # Sign-in is managed by the office for the region's accounts; an account holder turns
    # two-factor sign-in on or off for itself where its role is offered it.
    Action.UNLOCK_ACCOUNT: Rule(Kind.ACCOUNT, _office, _SIGN_IN_MANAGERS),
    Action.RESET_TWO_FACTOR: Rule(Kind.ACCOUNT, _office, _SIGN_IN_MANAGERS),
    Action.USE_TWO_FACTOR: Rule(
        Kind.ACCOUNT,
        _two_factor,
        gettext_noop(
            "Two-factor sign-in is offered to the region office and the registry's roles."
        ),
        system=False,
        personal=True,
    ),
    # The working group (二(一)): the office runs the meetings; each member keeps its own
    # people and answers for its own action items.
    Action.EDIT_GROUP_MEMBER: Rule(
        Kind.GROUP_PERSON,
        _own_member_or_office_unit,
        gettext_noop("A member's editors keep its own people; the office keeps the office's."),
    ),
    Action.SCHEDULE_MEETING: Rule(Kind.MEETING, _office, _OFFICE_ONLY),
    Action.RECORD_MINUTES: Rule(Kind.MEETING, _office, _OFFICE_ONLY),
    Action.PROPOSE_AGENDA_ITEM: Rule(
        Kind.AGENDA_ITEM,
        _office_or_own_member,
        gettext_noop("A member's editors propose agenda items for their own member."),
    ),
    Action.DECIDE_AGENDA_ITEM: Rule(
        Kind.AGENDA_ITEM,
        _office,
        gettext_noop("Only the region office accepts or declines an agenda item."),
        system=False,
    ),
    Action.CREATE_ACTION_ITEM: Rule(Kind.ACTION_ITEM, _office, _OFFICE_ONLY),
    Action.UPDATE_ACTION_ITEM: Rule(
        Kind.ACTION_ITEM,
        _office_or_own_member,
        gettext_noop("Only the owner member's editors (or the office) update an action item."),
    ),
    Action.SEND_REMINDERS: Rule(Kind.MEETING, _office, _OFFICE_ONLY),
    # Heavy-pollution warnings (issue 12 §4, 二(二) "区域联动"): a member warns for its own
    # cities, the office for the region; each is changed only by whoever may issue it.
    Action.ISSUE_AIR_WARNING: Rule(Kind.AIR_WARNING, _warning_issuer, _WARNING_ISSUERS),
    Action.RAISE_AIR_WARNING: Rule(Kind.AIR_WARNING, _warning_issuer, _WARNING_ISSUERS),
    Action.LOWER_AIR_WARNING: Rule(Kind.AIR_WARNING, _warning_issuer, _WARNING_ISSUERS),
    Action.LIFT_AIR_WARNING: Rule(Kind.AIR_WARNING, _warning_issuer, _WARNING_ISSUERS),
    Action.MARK_AIR_WARNING_NOTICE: Rule(
        Kind.AIR_WARNING_NOTICE,
        _notified_member,
        gettext_noop("Only the editors of the member notified mark its notices."),
    ),
    # Information sharing (二(一)): the office sets what each category shares; a person
    # subscribes to the changes for itself.
    Action.SET_SHARING_POLICY: Rule(Kind.SHARING_POLICY, _office, _OFFICE_ONLY),
    Action.SEND_DIGEST: Rule(Kind.SHARING_POLICY, _office, _OFFICE_ONLY),
    Action.SUBSCRIBE_CHANGES: Rule(
        Kind.ACCOUNT,
        _subscriber,
        gettext_noop("The office and the members' editors subscribe, each for itself."),
        personal=True,
    ),
    # High-emission vehicles (二(二)): a member (or its city) keeps the vehicles it
    # registers and the detections it makes, and answers the notices sent to it; every
    # member reads them all. Finding vehicles high-emission and sending the notices is the
    # platform's run, which the office may start.
    Action.EDIT_VEHICLE: Rule(
        Kind.VEHICLE,
        _editor_within,
        gettext_noop("Only the editors of the vehicle's registering member or city keep it."),
    ),
    Action.IMPORT_VEHICLE_DETECTIONS: Rule(
        Kind.VEHICLE_DETECTION,
        _editor_within,
        gettext_noop("Only the editors of the member or city where they were made load them."),
    ),
    Action.RESPOND_VEHICLE_NOTICE: Rule(
        Kind.VEHICLE_NOTICE,
        _editor_within,
        gettext_noop("Only the editors of the registering member or city answer a notice."),
    ),
    Action.EVALUATE_VEHICLES: Rule(Kind.VEHICLE_NOTICE, _office, _OFFICE_ONLY),
    # The annual reports (issue 15 §4): each member writes and submits its own report; the
    # office reviews them, compiles the region's report and publishes it.
    Action.WRITE_REPORT_NARRATIVE: Rule(
        Kind.MEMBER_REPORT,
        _own_member_editor,
        gettext_noop("Only the member's editors write its annual report."),
    ),
    Action.SUBMIT_MEMBER_REPORT: Rule(
        Kind.MEMBER_REPORT,
        _own_member_editor,
        gettext_noop("Only the member's editors submit its annual report."),
        system=False,
    ),
    Action.REVIEW_MEMBER_REPORT: Rule(
        Kind.MEMBER_REPORT,
        _office,
        gettext_noop("Only the region office reviews a member's annual report."),
        system=False,
    ),
    Action.COMPILE_REGION_REPORT: Rule(Kind.REGION_REPORT, _office, _OFFICE_ONLY),
    Action.PUBLISH_REGION_REPORT: Rule(Kind.REGION_REPORT, _office, _OFFICE_ONLY),
    # The lakes (三(二)): an enterprise's position is kept by the office or the bureaus over
    # it; each member writes its own plans for the Taihu zone, its own bloom observations,
    # warnings and emergency actions.
    Action.LOCATE_ENTERPRISE: Rule(
        Kind.ENTERPRISE,
        _office_or_editor_within,
        gettext_noop("Only the region office or the bureaus over the enterprise set its position."),
    ),
    Action.EDIT_TAIHU_PLAN: Rule(
        Kind.TAIHU_PLAN,
        _own_member_editor,
        gettext_noop("Only the editors of the enterprise's member keep its plan."),
    ),
    Action.RECORD_BLOOM: Rule(
        Kind.BLOOM,
        _own_member_editor,
        gettext_noop("Only a member's editors record its own bloom observations and actions."),
    ),
    Action.ISSUE_BLOOM_WARNING: Rule(
        Kind.BLOOM,
        _own_member_editor,
        gettext_noop("Only a member's editors issue or lift its own bloom warnings."),
    ),
    # Joint forecast consultation (联合会商, 二(二)): the office opens a session, records
    # the consensus and publishes it; each member's editors submit their own forecasts.
    Action.OPEN_CONSULTATION: Rule(Kind.CONSULTATION, _office, _OFFICE_ONLY),
    Action.RECORD_CONSENSUS: Rule(Kind.CONSULTATION, _office, _OFFICE_ONLY),
    Action.PUBLISH_CONSULTATION: Rule(Kind.CONSULTATION, _office, _OFFICE_ONLY),
    Action.SUBMIT_FORECAST: Rule(
        Kind.AIR_FORECAST,
        _own_member_editor,
        gettext_noop("Only the member's own editors submit its forecasts."),
        system=True,
    ),
    # Non-road machinery (二(二) 识别标志区域互认): a member (or its city) keeps the machines
    # it registers; any member records field checks in its own area on any member's
    # machine; the registering member answers the notice of a failed check.
    Action.EDIT_MACHINE: Rule(
        Kind.MACHINE,
        _editor_within,
        gettext_noop("Only the editors of the machine's registering member or city keep it."),
    ),
    Action.RECORD_MACHINE_CHECK: Rule(
        Kind.MACHINE_CHECK,
        _editor_within,
        gettext_noop("Only the editors of the member or city where a check was made record it."),
    ),
    Action.RESPOND_MACHINE_NOTICE: Rule(
        Kind.MACHINE_NOTICE,
        _editor_within,
        gettext_noop("Only the editors of the registering member or city answer a notice."),
    ),
    # Information sharing's export bundles: the office and the members' editors check a
    # received bundle, each on its own account (a check only: nothing is stored).
    Action.VERIFY_SHARING_BUNDLE: Rule(
        Kind.ACCOUNT,
        _subscriber,
        gettext_noop("The office and the members' editors check export bundles."),
        personal=True,
    ),
    # The identifier crosswalk: an enterprise's discharge-permit number is kept by the
    # office or the bureaus over the enterprise.
    Action.SET_PERMIT_NUMBER: Rule(
        Kind.ENTERPRISE,
        _office_or_editor_within,
        gettext_noop(
            "Only the region office or the bureaus over the enterprise set its permit number."
        ),
    ),
    # Outfalls into rivers and lakes (三(二)): each member's editors keep its own outfalls;
    # the office imports the region's river network.
    Action.EDIT_WATER_OUTFALL: Rule(
        Kind.WATER_OUTFALL,
        _own_member_editor,
        gettext_noop("Only the member's own editors keep its outfalls."),
    ),
    # An outfall's rectification (溯源整治) is recorded as done by its own member's
    # officials, who checked it; not by the office, another member or a viewer.
    Action.COMPLETE_OUTFALL_RECTIFICATION: Rule(
        Kind.WATER_OUTFALL,
        _own_member_editor,
        gettext_noop("Only the member's own editors record the rectification of its outfalls."),
    ),
    # Its verification (核查销号): confirmed or sent back by another official than the one
    # who recorded it done, of the outfall's member or the office; a person's decision,
    # never the platform's.
    Action.VERIFY_OUTFALL_RECTIFICATION: Rule(
        Kind.WATER_OUTFALL,
        _checker_not_recorder,
        gettext_noop(
            "Only the editors of the outfall's member or the region office verify its "
            "rectification, and not the official who recorded it as done."
        ),
        system=False,
    ),
    Action.IMPORT_RIVER_NETWORK: Rule(Kind.RIVER_NETWORK, _office, _OFFICE_ONLY),
    # Mobile monitoring (走航, 二(二)): a member's editors load its own tracks and record
    # the follow-ups of their hotspots; every official reads them.
    Action.IMPORT_AIR_TRACK: Rule(
        Kind.AIR_TRACK,
        _own_member_editor,
        gettext_noop("Only the member's own editors load its mobile-monitoring tracks."),
    ),
    Action.RECORD_AIR_FOLLOW_UP: Rule(
        Kind.AIR_TRACK,
        _own_member_editor,
        gettext_noop("Only the editors of the track's member record its hotspots' follow-ups."),
    ),
    # Phase-out (二(二) 老旧车辆和非道路移动机械淘汰): a member's (or its city's) editors keep
    # its own phase-out records; its member editors its yearly target. The office sets
    # each new version of the unified standard.
    Action.EDIT_PHASEOUT: Rule(
        Kind.PHASEOUT,
        _editor_within,
        gettext_noop("Only the editors of the member or city keep its phase-out records."),
    ),
    Action.SET_PHASEOUT_STANDARD: Rule(Kind.PHASEOUT_STANDARD, _office, _OFFICE_ONLY),
    # Shared facilities of the demonstration zone: the office, or an editor of a member
    # sharing the facility (every sharing member is one of the record's places).
    Action.EDIT_WATER_FACILITY: Rule(
        Kind.WATER_FACILITY,
        _office_or_party,
        gettext_noop(
            "Only the region office or the editors of a sharing member keep a shared facility."
        ),
    ),
    # Hangzhou Bay petrochemicals (二(二) 三统一): the office sets the bay's scope and runs
    # the joint inspection campaigns; the bureaus over a bay enterprise (its member's or
    # city's editors) keep its processes, record findings at it and its rectification;
    # the office or the enterprise's bureaus close a finding once rectified.
    Action.SET_PETRO_SCOPE: Rule(Kind.PETRO_SCOPE, _office, _OFFICE_ONLY),
    Action.EDIT_PETRO_ENTERPRISE: Rule(
        Kind.PETRO_ENTERPRISE,
        _office_or_editor_within,
        gettext_noop(
            "Only the region office or the bureaus over the enterprise keep its processes."
        ),
    ),
    Action.EDIT_PETRO_CAMPAIGN: Rule(Kind.PETRO_CAMPAIGN, _office, _OFFICE_ONLY),
    Action.RECORD_PETRO_FINDING: Rule(
        Kind.PETRO_FINDING,
        _editor_within,
        gettext_noop("Only the editors of the enterprise's member or city record its findings."),
    ),
    Action.RECORD_PETRO_RECTIFICATION: Rule(
        Kind.PETRO_FINDING,
        _editor_within,
        gettext_noop(
            "Only the editors of the enterprise's member or city record its rectification."
        ),
    ),
    Action.CLOSE_PETRO_FINDING: Rule(
        Kind.PETRO_FINDING,
        _office_or_editor_within,
        gettext_noop("Only the region office or the finding's member closes a finding."),
    ),
    # The bay's fence-line stations (统一监测): the editors of the station's member or city
    # register it and load its hourly readings; every official reads every member's.
    Action.EDIT_PETRO_STATION: Rule(
        Kind.PETRO_STATION,
        _editor_within,
        gettext_noop("Only the editors of the station's member or city keep its record."),
    ),
    Action.IMPORT_PETRO_READINGS: Rule(
        Kind.PETRO_STATION,
        _editor_within,
        gettext_noop("Only the editors of the station's member or city load its readings."),
    ),
}


Listener = Callable[[Principal, Action, Resource, bool], None]
_LISTENERS: list[Listener] = []


def listen(listener: Listener) -> Callable[[], None]:
    """Have ``listener`` told every decision :func:`require` takes on a write (principal,
    action, record, outcome); returns the function that stops it. (The generated access
    tests watch every write route this way: a write without a decision is a route without
    a rule; what a page only asks to show a button, through :func:`allowed`, is none.)"""
    _LISTENERS.append(listener)
    return lambda: _LISTENERS.remove(listener)


def allowed(principal: Principal, action: Action, resource: Resource) -> bool:
    """True when ``principal`` may take ``action`` on ``resource``.

    Published records are readable by everyone, the public included. The platform itself
    reads everything and takes the writes its rules leave to it.
    """
    if action is Action.READ:
        return may_read(principal, resource)
    rule = RULES[action]
    if rule.kind is not resource.kind:
        raise TypeError(f"{action} applies to a {rule.kind}, not a {resource.kind}")
    if principal.role is Role.SYSTEM:
        return rule.system
    return rule.allows(principal, resource)


def require(principal: Principal, action: Action, resource: Resource) -> None:
    """The access decision of a write (or a read): raise :class:`AccessDenied`, whose
    message says who may, unless :func:`allowed`."""
    decision = allowed(principal, action, resource)
    if action is not Action.READ:
        for listener in _LISTENERS:
            listener(principal, action, resource, decision)
    if not decision:
        raise AccessDenied(principal, action, resource, refusal(action))


def refusal(action: Action) -> str:
    """What a refused principal is told (a translatable template)."""
    if action is Action.READ:
        return gettext_noop("You may not read this record.")
    return RULES[action].refusal


# Which fields of an enterprise record each role may change (on records it may write at all).
_ENTERPRISE_FIELDS_OFFICIAL = frozenset(
    {"name", "sector", "address", "contact_name", "contact_phone", "division"}
)
_ENTERPRISE_FIELDS_SELF = frozenset({"address", "contact_name", "contact_phone"})


def editable_fields(principal: Principal, kind: Kind) -> frozenset[str]:
    """Fields of a ``kind`` record that ``principal`` may change where it may write the record."""
    if kind is Kind.ENTERPRISE:
        if principal.role in EDITOR_ROLES:
            return _ENTERPRISE_FIELDS_OFFICIAL
        if principal.role is Role.ENTERPRISE:
            return _ENTERPRISE_FIELDS_SELF
    return frozenset()
