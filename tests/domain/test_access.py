"""The access rules, without a database."""

from __future__ import annotations

import pytest

from deltacap.domain.access import (
    PUBLIC,
    RULES,
    SYSTEM,
    AccessDenied,
    Action,
    Kind,
    Place,
    Principal,
    Resource,
    Role,
    allowed,
    editable_fields,
    region_resource,
    require,
)

SUZHOU = ("region", "320000", "320500", "320509")
HANGZHOU = ("region", "330000", "330100")
SUZHOU_FIRM = Resource(Kind.ENTERPRISE, SUZHOU, "county", enterprise_id=7)
HANGZHOU_FIRM = Resource(Kind.ENTERPRISE, HANGZHOU, "city", enterprise_id=8)
REGION_TARGET = Resource(Kind.TARGET, ("region",), "region", published=True)
MEMBER_TARGET = Resource(Kind.TARGET, ("region", "320000"), "member", published=True)
CITY_TARGET = Resource(Kind.TARGET, ("region", "320000", "320500"), "city", published=True)

OFFICE = Principal(Role.OFFICE)
JS_EDITOR = Principal(Role.MEMBER_EDITOR, "320000")
JS_VIEWER = Principal(Role.MEMBER_VIEWER, "320000")
ZJ_EDITOR = Principal(Role.MEMBER_EDITOR, "330000")
SZ_EDITOR = Principal(Role.CITY_EDITOR, "320500")
WUJIANG_EDITOR = Principal(Role.CITY_EDITOR, "320509")
FIRM_7 = Principal(Role.ENTERPRISE, "320509", enterprise_id=7)
FIRM_8 = Principal(Role.ENTERPRISE, "330100", enterprise_id=8)
EVERYONE = (OFFICE, JS_EDITOR, JS_VIEWER, ZJ_EDITOR, SZ_EDITOR, WUJIANG_EDITOR, FIRM_7, FIRM_8)

# A trade from an enterprise of Wujiang (Suzhou) to one of Hangzhou.
CROSS_MEMBER_TRADE = Resource(
    Kind.TRADE, SUZHOU, enterprise_id=7, other=Place(HANGZHOU, enterprise_id=8)
)


def test_only_the_office_sets_region_and_member_targets() -> None:
    for target in (REGION_TARGET, MEMBER_TARGET):
        assert allowed(OFFICE, Action.SET_TARGET, target)
        for other in (JS_EDITOR, JS_VIEWER, SZ_EDITOR, FIRM_7, PUBLIC):
            assert not allowed(other, Action.SET_TARGET, target)


def test_a_member_splits_its_own_target_to_cities_but_not_another_members() -> None:
    assert allowed(JS_EDITOR, Action.SET_TARGET, CITY_TARGET)
    assert not allowed(ZJ_EDITOR, Action.SET_TARGET, CITY_TARGET)
    assert not allowed(JS_VIEWER, Action.SET_TARGET, CITY_TARGET)


def test_published_targets_are_readable_by_the_public() -> None:
    assert allowed(PUBLIC, Action.READ, REGION_TARGET)


def test_member_editor_writes_only_enterprises_of_its_own_member() -> None:
    assert allowed(JS_EDITOR, Action.EDIT_ENTERPRISE, SUZHOU_FIRM)
    assert not allowed(JS_EDITOR, Action.EDIT_ENTERPRISE, HANGZHOU_FIRM)
    assert not allowed(JS_VIEWER, Action.EDIT_ENTERPRISE, SUZHOU_FIRM)
    assert allowed(JS_VIEWER, Action.READ, SUZHOU_FIRM)


def test_moving_an_enterprise_needs_both_its_old_and_its_new_place() -> None:
    to_hangzhou = Resource(
        Kind.ENTERPRISE, SUZHOU, "county", enterprise_id=7, other=Place(HANGZHOU, 7)
    )
    assert not allowed(JS_EDITOR, Action.EDIT_ENTERPRISE, to_hangzhou)
    assert not allowed(ZJ_EDITOR, Action.EDIT_ENTERPRISE, to_hangzhou)
    # The enterprise itself edits its record, but its place is not among its fields.
    assert allowed(FIRM_7, Action.EDIT_ENTERPRISE, SUZHOU_FIRM)
    assert "division" not in editable_fields(FIRM_7, Kind.ENTERPRISE)


def test_city_and_county_editors_write_only_within_their_area() -> None:
    assert allowed(SZ_EDITOR, Action.EDIT_ENTERPRISE, SUZHOU_FIRM)  # a county of Suzhou
    assert allowed(WUJIANG_EDITOR, Action.EDIT_ENTERPRISE, SUZHOU_FIRM)
    other_county = Resource(
        Kind.ENTERPRISE, ("region", "320000", "320500", "320506"), "county", enterprise_id=9
    )
    assert not allowed(WUJIANG_EDITOR, Action.EDIT_ENTERPRISE, other_county)
    assert not allowed(SZ_EDITOR, Action.READ, HANGZHOU_FIRM)


def test_an_enterprise_sees_and_edits_only_itself_and_only_some_fields() -> None:
    assert allowed(FIRM_7, Action.READ, SUZHOU_FIRM)
    assert not allowed(FIRM_7, Action.READ, HANGZHOU_FIRM)
    assert not allowed(FIRM_8, Action.EDIT_ENTERPRISE, SUZHOU_FIRM)
    assert "contact_phone" in editable_fields(FIRM_7, Kind.ENTERPRISE)
    assert "name" not in editable_fields(FIRM_7, Kind.ENTERPRISE)


def test_office_reads_every_enterprise_but_does_not_edit_members_records() -> None:
    assert allowed(OFFICE, Action.READ, HANGZHOU_FIRM)
    assert not allowed(OFFICE, Action.EDIT_ENTERPRISE, HANGZHOU_FIRM)


def test_audit_events_readable_by_office_and_own_member_only() -> None:
    js_event = Resource(Kind.AUDIT_EVENT, ("region", "320000"))
    assert allowed(OFFICE, Action.READ, js_event)
    assert allowed(JS_VIEWER, Action.READ, js_event)
    assert not allowed(ZJ_EDITOR, Action.READ, js_event)
    assert not allowed(SZ_EDITOR, Action.READ, js_event)


def test_a_refusal_says_who_may() -> None:
    with pytest.raises(AccessDenied) as err:
        require(PUBLIC, Action.SET_TARGET, REGION_TARGET)
    assert "region office" in err.value.render()
    assert err.value.action is Action.SET_TARGET


def test_projects_and_outlets_are_kept_by_their_place_and_read_by_their_enterprise() -> None:
    for kind, action in ((Kind.PROJECT, Action.EDIT_PROJECT), (Kind.OUTLET, Action.SET_LIMITS)):
        record = Resource(kind, SUZHOU, "county", enterprise_id=7)
        assert allowed(JS_EDITOR, action, record)
        assert allowed(WUJIANG_EDITOR, action, record)
        assert not allowed(ZJ_EDITOR, action, record)
        assert not allowed(OFFICE, action, record)
        assert not allowed(FIRM_7, action, record)
        assert allowed(FIRM_7, Action.READ, record)
        assert allowed(OFFICE, Action.READ, record)
        assert not allowed(PUBLIC, Action.READ, record)


def test_only_the_office_reviews_a_project_and_the_platform_never_does() -> None:
    record = Resource(Kind.PROJECT, SUZHOU, "county")
    assert allowed(OFFICE, Action.REVIEW_PROJECT, record)
    for other in (JS_EDITOR, SZ_EDITOR, FIRM_7, SYSTEM, PUBLIC):
        assert not allowed(other, Action.REVIEW_PROJECT, record)


def test_a_trade_is_settled_and_decided_by_the_bureaus_of_either_party_only() -> None:
    for action in (Action.SETTLE_TRADE, Action.APPROVE_TRADE):
        assert allowed(JS_EDITOR, action, CROSS_MEMBER_TRADE)
        assert allowed(ZJ_EDITOR, action, CROSS_MEMBER_TRADE)
        assert allowed(WUJIANG_EDITOR, action, CROSS_MEMBER_TRADE)
        for other in (JS_VIEWER, OFFICE, FIRM_7, FIRM_8, PUBLIC):
            assert not allowed(other, action, CROSS_MEMBER_TRADE), (other, action)
    suzhou_only = Resource(Kind.TRADE, SUZHOU, other=Place(SUZHOU))
    assert not allowed(ZJ_EDITOR, Action.SETTLE_TRADE, suzhou_only)
    # The platform settles (a run's retry); only people decide on a trade.
    assert allowed(SYSTEM, Action.SETTLE_TRADE, CROSS_MEMBER_TRADE)
    assert not allowed(SYSTEM, Action.APPROVE_TRADE, CROSS_MEMBER_TRADE)


def test_either_party_reads_a_trade_and_its_bureaus_do() -> None:
    for reader in (FIRM_7, FIRM_8, JS_VIEWER, ZJ_EDITOR, OFFICE):
        assert allowed(reader, Action.READ, CROSS_MEMBER_TRADE)
    assert not allowed(Principal(Role.ENTERPRISE, "320509", 99), Action.READ, CROSS_MEMBER_TRADE)
    assert not allowed(PUBLIC, Action.READ, CROSS_MEMBER_TRADE)


def test_an_enterprise_sells_its_own_rights_and_the_bureaus_a_reserves() -> None:
    own = Resource(Kind.HOLDING, SUZHOU, enterprise_id=7)
    reserve = Resource(Kind.HOLDING, SUZHOU)
    assert allowed(FIRM_7, Action.LIST_RIGHTS, own)
    assert not allowed(FIRM_8, Action.LIST_RIGHTS, own)
    assert not allowed(JS_EDITOR, Action.LIST_RIGHTS, own)
    assert allowed(WUJIANG_EDITOR, Action.LIST_RIGHTS, reserve)
    assert not allowed(FIRM_7, Action.LIST_RIGHTS, reserve)
    assert allowed(WUJIANG_EDITOR, Action.OPEN_AUCTION, reserve)
    assert not allowed(WUJIANG_EDITOR, Action.OPEN_AUCTION, own)


def test_the_bureaus_recover_an_enterprises_rights_and_allocate_a_reserves() -> None:
    own = Resource(Kind.HOLDING, SUZHOU, enterprise_id=7)
    reserve = Resource(Kind.HOLDING, SUZHOU)
    for bureau in (WUJIANG_EDITOR, JS_EDITOR):
        assert allowed(bureau, Action.RECOVER_RIGHTS, own)
        assert allowed(bureau, Action.RELEASE_RESERVE, reserve)
        assert not allowed(bureau, Action.RELEASE_RESERVE, own)
    for other in (FIRM_7, FIRM_8, ZJ_EDITOR, JS_VIEWER, OFFICE, PUBLIC):
        assert not allowed(other, Action.RECOVER_RIGHTS, own), other
        assert not allowed(other, Action.RELEASE_RESERVE, reserve), other


def test_any_enterprise_buys_and_bids_but_no_official_does() -> None:
    listing = Resource(Kind.LISTING, SUZHOU, enterprise_id=7, published=True)
    auction = Resource(Kind.AUCTION, SUZHOU, published=True)
    for p in (FIRM_7, FIRM_8):
        assert allowed(p, Action.BUY_LISTING, listing)
        assert allowed(p, Action.BID, auction)
    for p in (OFFICE, JS_EDITOR, JS_VIEWER, PUBLIC, Principal(Role.ENTERPRISE)):
        assert not allowed(p, Action.BUY_LISTING, listing)
        assert not allowed(p, Action.BID, auction)


def test_only_the_named_buyer_confirms_a_bilateral_offer() -> None:
    offer = Resource(Kind.BILATERAL_OFFER, SUZHOU, enterprise_id=7, other=Place(HANGZHOU, 8))
    assert allowed(FIRM_8, Action.CONFIRM_BILATERAL, offer)
    for p in (FIRM_7, ZJ_EDITOR, OFFICE, PUBLIC):
        assert not allowed(p, Action.CONFIRM_BILATERAL, offer)


def test_the_market_settings_are_the_offices_alone() -> None:
    market = region_resource(Kind.MARKET_SETTINGS)
    office_actions = [a for a, r in RULES.items() if r.kind is Kind.MARKET_SETTINGS]
    assert len(office_actions) == 5
    for action in office_actions:
        assert allowed(OFFICE, action, market)
        for p in (JS_EDITOR, SZ_EDITOR, FIRM_7, JS_VIEWER, PUBLIC):
            assert not allowed(p, action, market)
    assert not allowed(JS_EDITOR, Action.READ, market)


def test_viewers_and_the_public_take_no_write_action_on_any_record() -> None:
    places = [SUZHOU, HANGZHOU, ("region",), ("region", "320000")]
    for action, rule in RULES.items():
        for path in places:
            record = Resource(rule.kind, path, level="member", enterprise_id=7)
            for p in (JS_VIEWER, PUBLIC, Principal(Role.MEMBER_VIEWER, "330000")):
                assert not allowed(p, action, record), (p, action, path)


def test_an_editor_takes_no_write_action_on_another_members_record() -> None:
    for action, rule in RULES.items():
        if rule.personal:  # on the editor's own account only
            continue
        record = Resource(rule.kind, HANGZHOU, level="city", enterprise_id=8)
        for p in (JS_EDITOR, SZ_EDITOR, WUJIANG_EDITOR):
            assert not allowed(p, action, record), (p, action)


def test_an_action_is_asked_of_its_own_kind_of_record_only() -> None:
    with pytest.raises(TypeError):
        allowed(OFFICE, Action.SETTLE_TRADE, SUZHOU_FIRM)


def test_the_platform_takes_its_own_jobs_but_no_persons_decision() -> None:
    people_only = {a for a, r in RULES.items() if not r.system}
    assert people_only == {
        Action.REVIEW_PROJECT,
        Action.APPROVE_TRADE,
        Action.SUBMIT_TASK_LIST,
        Action.USE_TWO_FACTOR,
        Action.DECIDE_AGENDA_ITEM,
        Action.APPROVE_COMPENSATION,
        Action.SUBMIT_MEMBER_REPORT,
        Action.REVIEW_MEMBER_REPORT,
        Action.VERIFY_OUTFALL_RECTIFICATION,
    }
    assert allowed(SYSTEM, Action.ISSUE_RIGHTS, Resource(Kind.HOLDING, SUZHOU))
    assert allowed(SYSTEM, Action.READ, Resource(Kind.AUDIT_EVENT, ("region",)))


@pytest.mark.parametrize("principal", EVERYONE)
def test_accounts_are_made_by_the_platforms_operator_only(principal: Principal) -> None:
    account = Resource(Kind.ACCOUNT, SUZHOU)
    assert not allowed(principal, Action.CREATE_ACCOUNT, account)
    assert not allowed(principal, Action.SET_PASSWORD, account)
    assert allowed(SYSTEM, Action.CREATE_ACCOUNT, account)


WARNING_ACTIONS = (
    Action.ISSUE_AIR_WARNING,
    Action.RAISE_AIR_WARNING,
    Action.LOWER_AIR_WARNING,
    Action.LIFT_AIR_WARNING,
)


def test_a_city_warning_is_issued_by_its_members_editors_only() -> None:
    suzhou = Resource(Kind.AIR_WARNING, ("region", "320000", "320500"), "city")
    for action in WARNING_ACTIONS:
        assert allowed(JS_EDITOR, action, suzhou)
        for other in (OFFICE, JS_VIEWER, ZJ_EDITOR, SZ_EDITOR, FIRM_7, PUBLIC):
            assert not allowed(other, action, suzhou)


def test_a_regional_warning_is_the_offices() -> None:
    regional = region_resource(Kind.AIR_WARNING)
    for action in WARNING_ACTIONS:
        assert allowed(OFFICE, action, regional)
        assert not allowed(JS_EDITOR, action, regional)


def test_an_active_warning_is_public_and_a_past_one_the_officials() -> None:
    active = Resource(Kind.AIR_WARNING, ("region", "320000", "320500"), "city", published=True)
    lifted = Resource(Kind.AIR_WARNING, ("region", "320000", "320500"), "city")
    assert allowed(PUBLIC, Action.READ, active)
    assert not allowed(PUBLIC, Action.READ, lifted)
    assert allowed(ZJ_EDITOR, Action.READ, lifted)


def test_a_notice_is_marked_by_the_notified_members_editors() -> None:
    to_zhejiang = Resource(Kind.AIR_WARNING_NOTICE, ("region", "330000"), "member")
    assert allowed(ZJ_EDITOR, Action.MARK_AIR_WARNING_NOTICE, to_zhejiang)
    for other in (OFFICE, JS_EDITOR, JS_VIEWER, FIRM_8, PUBLIC):
        assert not allowed(other, Action.MARK_AIR_WARNING_NOTICE, to_zhejiang)
    assert not allowed(JS_VIEWER, Action.READ, to_zhejiang)
    assert allowed(OFFICE, Action.READ, to_zhejiang)
    # The staff of the member that issued the warning read who has read it.
    from_jiangsu = Resource(
        Kind.AIR_WARNING_NOTICE, ("region", "330000"), "member", other=Place(("region", "320000"))
    )
    assert allowed(JS_VIEWER, Action.READ, from_jiangsu)
    assert not allowed(JS_EDITOR, Action.MARK_AIR_WARNING_NOTICE, from_jiangsu)
    assert allowed(ZJ_EDITOR, Action.MARK_AIR_WARNING_NOTICE, from_jiangsu)


# A Xin'anjiang settlement: Anhui upstream, Zhejiang downstream.
SETTLEMENT = Resource(
    Kind.ECO_SETTLEMENT, ("region", "340000"), "member", other=Place(("region", "330000"))
)
AH_EDITOR = Principal(Role.MEMBER_EDITOR, "340000")
HZ_EDITOR = Principal(Role.CITY_EDITOR, "330100")


@pytest.mark.parametrize("action", [Action.SETTLE_COMPENSATION, Action.APPROVE_COMPENSATION])
def test_a_settlement_is_taken_by_the_office_and_the_parties_editors_only(action: Action) -> None:
    may = {p for p in (*EVERYONE, AH_EDITOR, HZ_EDITOR, PUBLIC) if allowed(p, action, SETTLEMENT)}
    assert may == {OFFICE, ZJ_EDITOR, AH_EDITOR}
    assert allowed(SYSTEM, action, SETTLEMENT) is (action is Action.SETTLE_COMPENSATION)


def test_a_pending_settlement_is_the_officials_and_a_settled_one_public() -> None:
    assert allowed(JS_VIEWER, Action.READ, SETTLEMENT)
    assert not allowed(PUBLIC, Action.READ, SETTLEMENT)
    assert not allowed(FIRM_7, Action.READ, SETTLEMENT)
    settled = Resource(
        Kind.ECO_SETTLEMENT,
        ("region", "340000"),
        "member",
        published=True,
        other=Place(("region", "330000")),
    )
    assert allowed(PUBLIC, Action.READ, settled)


def test_members_write_their_own_annual_report_and_the_office_reviews_and_publishes() -> None:
    own = Resource(Kind.MEMBER_REPORT, ("region", "320000"), level="member")
    for action in (Action.WRITE_REPORT_NARRATIVE, Action.SUBMIT_MEMBER_REPORT):
        assert allowed(JS_EDITOR, action, own)
        assert not allowed(OFFICE, action, own)
        assert not allowed(Principal(Role.MEMBER_EDITOR, "330000"), action, own)
    assert allowed(OFFICE, Action.REVIEW_MEMBER_REPORT, own)
    assert not allowed(JS_EDITOR, Action.REVIEW_MEMBER_REPORT, own)
    region = Resource(Kind.REGION_REPORT, ("region",), level="region")
    for action in (Action.COMPILE_REGION_REPORT, Action.PUBLISH_REGION_REPORT):
        assert allowed(OFFICE, action, region) and not allowed(JS_EDITOR, action, region)
    assert allowed(JS_VIEWER, Action.READ, own) and not allowed(PUBLIC, Action.READ, own)
    assert not allowed(PUBLIC, Action.READ, region)
    published = Resource(Kind.REGION_REPORT, ("region",), level="region", published=True)
    assert allowed(PUBLIC, Action.READ, published)


def test_the_office_alone_sets_the_phaseout_standard_and_every_official_reads_it() -> None:
    standard = region_resource(Kind.PHASEOUT_STANDARD)
    for p in (JS_EDITOR, ZJ_EDITOR, JS_VIEWER):
        assert not allowed(p, Action.SET_PHASEOUT_STANDARD, standard)
        assert allowed(p, Action.READ, standard)
    assert allowed(OFFICE, Action.SET_PHASEOUT_STANDARD, standard)
    assert not allowed(Principal(Role.ENTERPRISE, "330211", enterprise_id=9), Action.READ, standard)


# --- Hangzhou Bay petrochemicals -------------------------------------------------------------

NINGBO = ("region", "330000", "330200", "330211")
NINGBO_FIRM_FINDING = Resource(Kind.PETRO_FINDING, NINGBO, "county", enterprise_id=9)
ZJ_VIEWER = Principal(Role.MEMBER_VIEWER, "330000")
NB_EDITOR = Principal(Role.CITY_EDITOR, "330200")
FIRM_9 = Principal(Role.ENTERPRISE, "330211", enterprise_id=9)


def test_the_office_alone_sets_the_bay_scope_and_runs_campaigns() -> None:
    scope = region_resource(Kind.PETRO_SCOPE)
    campaign = region_resource(Kind.PETRO_CAMPAIGN)
    for p in (JS_EDITOR, ZJ_EDITOR, NB_EDITOR, FIRM_9, ZJ_VIEWER):
        assert not allowed(p, Action.SET_PETRO_SCOPE, scope)
        assert not allowed(p, Action.EDIT_PETRO_CAMPAIGN, campaign)
    assert allowed(OFFICE, Action.SET_PETRO_SCOPE, scope)
    assert allowed(OFFICE, Action.EDIT_PETRO_CAMPAIGN, campaign)
    # Every official reads the campaigns; no enterprise does.
    assert allowed(JS_VIEWER, Action.READ, campaign)
    assert not allowed(FIRM_9, Action.READ, campaign)


def test_a_finding_is_recorded_and_rectified_by_the_enterprise_s_bureaus_only() -> None:
    for action in (Action.RECORD_PETRO_FINDING, Action.RECORD_PETRO_RECTIFICATION):
        assert allowed(ZJ_EDITOR, action, NINGBO_FIRM_FINDING)
        assert allowed(NB_EDITOR, action, NINGBO_FIRM_FINDING)
        for p in (JS_EDITOR, OFFICE, FIRM_9, ZJ_VIEWER, Principal(Role.CITY_EDITOR, "330100")):
            assert not allowed(p, action, NINGBO_FIRM_FINDING), (p, action)


def test_the_office_or_the_finding_s_member_closes_it() -> None:
    assert allowed(OFFICE, Action.CLOSE_PETRO_FINDING, NINGBO_FIRM_FINDING)
    assert allowed(ZJ_EDITOR, Action.CLOSE_PETRO_FINDING, NINGBO_FIRM_FINDING)
    assert not allowed(JS_EDITOR, Action.CLOSE_PETRO_FINDING, NINGBO_FIRM_FINDING)
    assert not allowed(FIRM_9, Action.CLOSE_PETRO_FINDING, NINGBO_FIRM_FINDING)


def test_every_official_reads_a_finding_and_the_enterprise_its_own_only() -> None:
    for p in (OFFICE, JS_EDITOR, JS_VIEWER, SZ_EDITOR, FIRM_9):
        assert allowed(p, Action.READ, NINGBO_FIRM_FINDING), p
    assert not allowed(FIRM_8, Action.READ, NINGBO_FIRM_FINDING)
    assert not allowed(PUBLIC, Action.READ, NINGBO_FIRM_FINDING)


def test_a_fence_line_station_is_kept_by_its_member_s_or_city_s_editors_and_read_by_all() -> None:
    station = Resource(Kind.PETRO_STATION, ("region", "330000", "330200"), "city", enterprise_id=9)
    for action in (Action.EDIT_PETRO_STATION, Action.IMPORT_PETRO_READINGS):
        assert allowed(ZJ_EDITOR, action, station) and allowed(NB_EDITOR, action, station)
        assert allowed(SYSTEM, action, station)
        for p in (OFFICE, JS_EDITOR, ZJ_VIEWER, HZ_EDITOR, FIRM_9, PUBLIC):
            assert not allowed(p, action, station), (p, action)
    for p in (OFFICE, JS_VIEWER, SZ_EDITOR, FIRM_9):
        assert allowed(p, Action.READ, station), p
    assert not allowed(FIRM_8, Action.READ, station)
    assert not allowed(PUBLIC, Action.READ, station)


def test_a_principal_of_a_kind_is_the_same_for_every_account_of_it() -> None:
    """Pages keep menus and edit rights per kind of principal: two editors of one member
    are one kind, while the account stays with the principal for the checks that keep a
    record from the one who made it."""
    from deltacap.domain.access import Principal, Role

    one = Principal(Role.MEMBER_EDITOR, "320000", account_id=7)
    other = Principal(Role.MEMBER_EDITOR, "320000", account_id=8)
    assert one != other
    assert one.kind() == other.kind() == Principal(Role.MEMBER_EDITOR, "320000")
    assert hash(one.kind()) == hash(other.kind())
    assert Principal(Role.MEMBER_EDITOR, "330000", account_id=7).kind() != one.kind()


def test_an_enterprise_reads_the_notices_of_its_own_machines_only() -> None:
    # A Suzhou machine of enterprise 7 that failed a check elsewhere: its notice is read by
    # every official and by enterprise 7 itself, never by another enterprise or the public;
    # answering it stays with the registering member's editors.
    notice = Resource(Kind.MACHINE_NOTICE, SUZHOU, "county", enterprise_id=7)
    unowned = Resource(Kind.MACHINE_NOTICE, SUZHOU, "county")
    for official in (OFFICE, JS_EDITOR, JS_VIEWER, ZJ_EDITOR, SZ_EDITOR):
        assert allowed(official, Action.READ, notice)
        assert allowed(official, Action.READ, unowned)
    assert allowed(FIRM_7, Action.READ, notice)
    for other in (FIRM_8, PUBLIC):
        assert not allowed(other, Action.READ, notice)
    assert not allowed(FIRM_7, Action.READ, unowned)
    assert not allowed(FIRM_7, Action.READ, region_resource(Kind.MACHINE_NOTICE))
    assert not allowed(FIRM_7, Action.RESPOND_MACHINE_NOTICE, notice)
    assert allowed(SZ_EDITOR, Action.RESPOND_MACHINE_NOTICE, notice)


@pytest.mark.parametrize("projects_shared", [True, False])
def test_projects_are_read_by_every_members_officials_only_where_the_office_shares_them(
    projects_shared: bool,
) -> None:
    """A Suzhou project: its place's readers always; Zhejiang's officials only while the
    office shares the projects with every member; never the public or another enterprise;
    and the writes stay with the project's own place either way."""
    record = Resource(Kind.PROJECT, SUZHOU, "county", enterprise_id=7, shared=projects_shared)
    zj_viewer = Principal(Role.MEMBER_VIEWER, "330000")
    hz_editor = Principal(Role.CITY_EDITOR, "330100")
    nj_editor = Principal(Role.CITY_EDITOR, "320100")  # another city of the same member
    for own in (OFFICE, JS_EDITOR, JS_VIEWER, SZ_EDITOR, WUJIANG_EDITOR, FIRM_7):
        assert allowed(own, Action.READ, record), own
    for other in (ZJ_EDITOR, zj_viewer, hz_editor, nj_editor):
        assert allowed(other, Action.READ, record) is projects_shared, other
    for never in (FIRM_8, PUBLIC):
        assert not allowed(never, Action.READ, record), never
    assert allowed(SYSTEM, Action.READ, record)
    for action in (Action.EDIT_PROJECT, Action.REVIEW_PROJECT):
        for other in (ZJ_EDITOR, zj_viewer, hz_editor, nj_editor, JS_VIEWER, FIRM_8, PUBLIC):
            assert not allowed(other, action, record), (other, action)
    assert allowed(JS_EDITOR, Action.EDIT_PROJECT, record)
    assert allowed(OFFICE, Action.REVIEW_PROJECT, record)


def test_the_sharing_of_projects_opens_no_other_kind_of_record() -> None:
    """``shared`` is read by the project's rule alone: an outlet stays its place's."""
    outlet = Resource(Kind.OUTLET, SUZHOU, "county", enterprise_id=7, shared=True)
    assert not allowed(ZJ_EDITOR, Action.READ, outlet)
    assert not allowed(ZJ_EDITOR, Action.SET_LIMITS, outlet)
