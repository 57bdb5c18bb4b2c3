"""What an audit event's codes mean in words: actions, kinds of record, channels.

Services name their actions with stable codes (``target.set``); people read the words here,
in the active language. A code without words here is read by its kind of record and verb
(``project.archive``: "Project: archive"), never shown bare to a user on its own.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

ACTIONS: dict[str, Promise] = {
    # reference data and the plan's targets
    "division.create": _("Division added"),
    "division.update": _("Division changed"),
    "pollutant.create": _("Pollutant added"),
    "pollutant.update": _("Pollutant changed"),
    "planningperiod.create": _("Planning period added"),
    "planningperiod.update": _("Planning period changed"),
    "target.set": _("Target set"),
    "target.load_plan": _("Plan target loaded"),
    # enterprises and accounts
    "enterprise.create": _("Enterprise registered"),
    "enterprise.update": _("Enterprise changed"),
    "user.create": _("Account created"),
    "user.name": _("Account holder's name recorded"),
    "user.set_password": _("Password changed"),
    "user.unlock": _("Account unlocked"),
    "user.two_factor.on": _("Two-factor sign-in turned on"),
    "user.two_factor.off": _("Two-factor sign-in turned off"),
    "user.two_factor.reset": _("Two-factor sign-in reset"),
    # key reduction projects and evaluation rounds
    "project.create": _("Project created"),
    "project.update": _("Project changed"),
    "project.import": _("Projects imported"),
    "project.evidence": _("Evidence added"),
    "project.planned": _("Project back to planned"),
    "project.under_construction": _("Construction started"),
    "project.commissioned": _("Commissioned and sent for verification"),
    "project.verified": _("Verification confirmed"),
    "project.rejected": _("Project sent back"),
    "demo.load_evidence": _("Demo evidence loaded"),
    "coefficients.register": _("Coefficient table registered"),
    "round.open": _("Evaluation round opened"),
    "round.submit": _("Evaluation submitted"),
    "round.remind": _("Reminder sent"),
    "round.close": _("Evaluation round closed"),
    # information sharing
    "sharing.policy": _("Sharing policy set"),
    "sharing.subscribe": _("Subscriptions changed"),
    "sharing.digest": _("Digest mailed"),
    # online monitoring
    "device.register": _("Monitoring device registered"),
    "outlet.limits": _("Outlet limits set"),
    # air quality
    "air_station.create": _("Air-quality station added"),
    "air_station.update": _("Air-quality station changed"),
    "air_observations.import": _("Hourly air-quality data imported"),
    "air_event.create": _("Key-period event set up"),
    "control_list.version": _("Controlled-enterprise list changed"),
    # emission rights
    "rights.reserve_open": _("Reserve account opened"),
    "rights.confirm": _("Rights confirmed"),
    "rights.confirm_amend": _("Rights confirmation amended"),
    "rights.issue": _("Rights issued"),
    "rights.reserve_recover": _("Rights recovered into a reserve"),
    "rights.reserve_release": _("Rights allocated from a reserve"),
    "rights.list": _("Rights listed for sale"),
    "rights.withdraw": _("Listing withdrawn"),
    "rights.accept": _("Listing taken up"),
    "rights.bilateral_offer": _("Bilateral offer made"),
    "rights.bilateral_confirm": _("Bilateral trade agreed"),
    "rights.auction_open": _("Auction opened"),
    "rights.bid": _("Bid placed"),
    "rights.auction_close": _("Auction closed"),
    "rights.approve": _("Trade approved"),
    "rights.reject": _("Trade refused"),
    "rights.settle": _("Trade settled"),
    "rights.emission": _("Emission figure submitted"),
    "rights.ratio": _("Cross-member ratio set"),
    "rights.county_flag": _("County target status set"),
    "rights.pilot_county": _("Pilot county set"),
    "rights.price_band": _("Trading price band set"),
    "rights.paid_use_price": _("Paid-use price set"),
    # water sections and their data
    "water.section.save": _("Water section saved"),
    "water.import": _("Water-quality data imported"),
    "water.import_automatic": _("Automatic station readings imported"),
    "water.compensation.settle": _("Eco-compensation year settled"),
    "water.compensation.approve": _("Eco-compensation settlement approved"),
    # the working group and its meetings
    "group_person.create": _("Person added to the working group"),
    "group_person.update": _("Working group person changed"),
    "group_person.remove": _("Person removed from the working group"),
    "meeting.schedule": _("Meeting scheduled"),
    "meeting.minutes": _("Minutes recorded"),
    "meeting.document": _("Meeting document added"),
    "agenda.propose": _("Agenda item proposed"),
    "agenda.accept": _("Agenda item accepted"),
    "agenda.decline": _("Agenda item declined"),
    "action_item.create": _("Action item given"),
    "action_item.update": _("Action item updated"),
    # the annual reports
    "member_report.narrative": _("Annual report narrative saved"),
    "member_report.submit": _("Annual report submitted"),
    "member_report.accept": _("Annual report accepted"),
    "member_report.return": _("Annual report returned"),
    "region_report.compile": _("Region report compiled"),
    "region_report.publish": _("Region report published"),
    "working.remind": _("Working group reminders sent"),
    # heavy-pollution weather warnings
    "air_warning.issue": _("Heavy-pollution warning issued"),
    "air_warning.raise": _("Heavy-pollution warning raised"),
    "air_warning.lower": _("Heavy-pollution warning lowered"),
    "air_warning.lift": _("Heavy-pollution warning lifted"),
    "air_warning_notice.read": _("Warning notice marked read"),
    "air_warning_notice.unread": _("Warning notice marked unread"),
    # high-emission vehicles
    "vehicle.create": _("Vehicle registered"),
    "vehicle.update": _("Vehicle changed"),
    "vehicle_detections.import": _("Vehicle detections imported"),
    "vehicle_notice.raise": _("High-emission vehicle notice raised"),
    "vehicle_notice.respond": _("Response to a vehicle notice recorded"),
    # the lakes: the 5 km Taihu zone and cyanobacteria blooms
    "water.enterprise.locate": _("Enterprise position set"),
    "water.taihu_plan.save": _("Taihu zone plan saved"),
    "water.taihu_reserve.recover": _("Closure's rights moved into the Taihu zone's reserve"),
    "water.taihu_reserve.allocate": _("Allocation from the Taihu zone's reserve"),
    "water.bloom.observe": _("Bloom observation recorded"),
    "water.bloom.warn": _("Bloom warning issued"),
    "water.bloom.lift": _("Bloom warning lifted"),
    "water.bloom.act": _("Emergency action recorded"),
    # the joint forecast consultation
    "consultation.open": _("Forecast consultation opened"),
    "consultation.member": _("Member forecast submitted"),
    "consultation.consensus": _("Consensus forecast recorded"),
    "consultation.publish": _("Consensus forecast published"),
    # non-road machinery
    "machine.create": _("Machine registered"),
    "machine.update": _("Machine changed"),
    "machine_check.record": _("Machine field check recorded"),
    "machine_notice.respond": _("Response to a machine notice recorded"),
    # information sharing: the identifier crosswalk
    "sharing.permit": _("Discharge-permit number set"),
    # outfalls into rivers and lakes and the river network
    "water.outfall.import": _("Outfall imported"),
    "water.outfall.rectify": _("Outfall's rectification recorded as done"),
    "water.outfall.verify": _("Outfall's rectification verified"),
    "water.outfall.send_back": _("Outfall's rectification sent back"),
    "water.network.import": _("River network imported"),
    # mobile monitoring (走航)
    "air_track.import": _("Mobile-monitoring track imported"),
    "air_follow_up.record": _("Hotspot follow-up recorded"),
    "air_follow_up.close": _("Hotspot follow-up closed"),
    # phase-out of old vehicles and machinery
    "phaseout.create": _("Phase-out recorded"),
    "phaseout.update": _("Phase-out record changed"),
    "phaseout.target": _("Phase-out target set"),
    "phaseout.standard": _("Phase-out standard version set"),
    # shared facilities of the demonstration zone
    "water.facility.create": _("Shared facility created"),
    "water.facility.update": _("Shared facility changed"),
    # N/P loads into the lakes
    "water.flows.import": _("Monthly flows imported"),
    # Hangzhou Bay petrochemicals
    "petro_scope.set": _("Hangzhou Bay area set"),
    "petro_enterprise.create": _("Bay enterprise listed"),
    "petro_enterprise.update": _("Bay enterprise's processes changed"),
    "petro_campaign.create": _("Joint inspection campaign created"),
    "petro_finding.record": _("Inspection finding recorded"),
    "petro_finding.rectify": _("Rectification recorded"),
    "petro_finding.close": _("Inspection finding closed"),
    "petro_station.create": _("Fence-line station registered"),
    "petro_station.update": _("Fence-line station changed"),
    "petro_station.import": _("Fence-line readings imported"),
}

RECORD_KINDS: dict[str, Promise] = {
    "division": _("Division"),
    "pollutant": _("Pollutant"),
    "planningperiod": _("Planning period"),
    "target": _("Target"),
    "enterprise": _("Enterprise"),
    "user": _("Account"),
    "project": _("Project"),
    "file": _("File"),
    "coefficient_table": _("Coefficient table"),
    "evaluation_round": _("Evaluation round"),
    "device": _("Monitoring device"),
    "outlet": _("Outlet"),
    "rights_account": _("Rights account"),
    "confirmation": _("Rights confirmation"),
    "holding": _("Holding"),
    "listing": _("Listing"),
    "bilateral_offer": _("Bilateral offer"),
    "auction": _("Auction"),
    "bid": _("Bid"),
    "trade": _("Trade"),
    "submitted_emission": _("Emission figure"),
    "market_setting": _("Market setting"),
    "price_band": _("Trading price band"),
    "paid_use_price": _("Paid-use price"),
    "water_section": _("Water section"),
    "eco_settlement": _("Eco-compensation settlement"),
    "air_station": _("Air-quality station"),
    "air_event": _("Key-period event"),
    "control_list": _("Controlled-enterprise list"),
    "group_person": _("Working group person"),
    "meeting": _("Meeting"),
    "agenda_item": _("Agenda item"),
    "action_item": _("Action item"),
    "air_warning": _("Heavy-pollution warning"),
    "air_warning_notice": _("Warning notice"),
    "sharing_policy": _("Sharing policy"),
    "vehicle": _("Vehicle"),
    "vehicle_notice": _("Vehicle notice"),
    "member_report": _("Member annual report"),
    "region_report": _("Region annual report"),
    "taihu_plan": _("Taihu zone plan"),
    "taihu_reserve_move": _("Move of the Taihu zone's reserve"),
    "bloom_observation": _("Bloom observation"),
    "bloom_warning": _("Bloom warning"),
    "bloom_action": _("Emergency action"),
    "consultation": _("Forecast consultation"),
    "machine": _("Non-road machine"),
    "machine_check": _("Machine field check"),
    "machine_notice": _("Machine notice"),
    # outfalls into rivers and lakes and the river network
    "water_outfall": _("Outfall"),
    "river_network": _("River network"),
    # mobile monitoring (走航)
    "air_track": _("Mobile-monitoring track"),
    "air_follow_up": _("Hotspot follow-up"),
    # phase-out of old vehicles and machinery
    "phaseout_record": _("Phase-out record"),
    "phaseout_target": _("Phase-out target"),
    "phaseout_standard": _("Unified phase-out standard"),
    # shared facilities of the demonstration zone
    "water_facility": _("Shared facility"),
    # Hangzhou Bay petrochemicals
    "petro_scope": _("Hangzhou Bay area"),
    "petro_enterprise": _("Bay enterprise"),
    "petro_campaign": _("Joint inspection campaign"),
    "petro_finding": _("Inspection finding"),
    "petro_station": _("Fence-line station"),
}


# Fields whose models give them no label of their own (or that are not model fields).
FIELDS: dict[str, Promise] = {
    "name_zh": _("Name in Chinese"),
    "name_en": _("Name in English"),
    # the Taihu zone's reserves (water/taihu_reserve.py) and a reserve's purpose
    "account": _("Rights account"),
    "enterprise": _("Enterprise"),
    "industry": _("Industry"),
    "strategic": _("Strategic emerging industry"),
    "moved": _("Rights moved"),
    "purpose": _("Purpose of the reserve"),
    # Hangzhou Bay petrochemicals
    "petro_scope": _("Cities and districts of the bay"),
    "petro_processes": _("Processes and capacities"),
    "petro_starts": _("Campaign starts"),
    "petro_ends": _("Campaign ends"),
    "petro_members": _("Members taking part"),
    "petro_enterprises": _("Enterprises inspected"),
    "petro_finding_kind": _("Kind of finding"),
    "petro_campaign": _("Campaign"),
    "petro_finding_state": _("State of the finding"),
    "petro_station_code": _("Station code"),
    "petro_station_name": _("Station name"),
    "petro_park": _("Chemical park"),
    "petro_factors": _("Factors"),
    "petro_readings": _("Hourly readings"),
    "petro_first_hour": _("First hour"),
    "petro_last_hour": _("Last hour"),
    "parent": _("Parent division"),
    "lon": _("Longitude"),
    "lat": _("Latitude"),
    "reductions": _("Reductions (t)"),
    "planned": _("planned"),
    "accounted": _("accounted"),
    "accounting_inputs": _("Accounting inputs"),
    "synthetic": _("Synthetic demo record"),
    "two_factor": _("Two-factor sign-in"),
    "kg": _("Quantity (kg)"),
    "reason": _("Reason"),
    "fen": _("Amount (yuan)"),
    "fee_fen": _("Paid-use fee (yuan)"),
    "payment_fen": _("Payment (yuan)"),
    "price_fen_per_tonne": _("Price (yuan/t)"),
    "reserve_price_fen_per_tonne": _("Reserve price (yuan/t)"),
    "fen_per_tonne_year": _("Price (yuan per tonne and year)"),
    "sold_kg": _("Sold (kg)"),
    "delivered_kg": _("Delivered (kg)"),
    "sides": _("Approved for"),
    "approved": _("Approved"),
    "holding": _("Holding"),
    "listing": _("Listing"),
    "auction": _("Auction"),
    "buyer": _("Buyer"),
    "seller": _("Seller"),
    "trades": _("Trades"),
    "day": _("Date"),
    "place": _("Place"),
    "host": _("Host member"),
    "participants": _("Participants"),
    "minutes": _("Minutes"),
    "decisions": _("Decisions"),
    "due": _("Due date"),
    "evidence": _("Evidence"),
    "decision": _("Decision"),
    "meeting": _("Meeting"),
    "note": _("Note"),
    "title": _("Title"),
    "link": _("Link"),
    "file": _("File"),
    "position": _("Position"),
    "phone": _("Phone"),
    "email": _("E-mail"),
    "role": _("Role"),
    "member": _("Member"),
    "emails": _("E-mails sent"),
    "members": _("Members"),
    "version": _("Version"),
    "enterprises": _("Enterprises"),
    "measures": _("Measures"),
    "starts": _("First day"),
    "ends": _("Last day"),
    "aqi_max": _("Daily AQI at most"),
    "cities": _("Cities"),
    "level": _("Level"),
    "proposed_level": _("Level the forecast calls for"),
    "forecast_aqi": _("Forecast daily AQI"),
    "expected_end": _("Expected end"),
    "lifted_on": _("Lifted on"),
    "read": _("Read"),
    "warning": _("Warning"),
    "window_opens": _("Task-list window opens"),
    "window_closes": _("Task-list window closes"),
    "override_reason": _("Reason for opening outside the window"),
    "scope": _("Sharing"),
    "categories": _("Categories"),
    "since": _("Since"),
    "payer": _("Payer"),
    "payee": _("Payee"),
    "amount_fen": _("Amount (yuan)"),
    "settled": _("Settled by all three sides"),
    "plate": _("Number plate"),
    "plates": _("Plates"),
    "from_member": _("Found in"),
    "reasons": _("Reasons"),
    "response": _("Response"),
    "year": _("Year"),
    "state": _("State"),
    "summary": _("Work summary"),
    # "measures" (a report's section) is worded as the event lists' measures above.
    "problems": _("Problems"),
    "next_steps": _("Next steps"),
    "docx_sha256": _("Word file digest (SHA-256)"),
    "pdf_sha256": _("PDF file digest (SHA-256)"),
    "comment": _("Comment"),
    "published": _("Published"),
    "sources": _("Members' reports used"),
    "deadline": _("Deadline"),
    "progress": _("Progress (%)"),
    "completed_on": _("Completed on"),
    "density": _("Algal density (cells/L)"),
    "area_km2": _("Bloom area (km²)"),
    "observed_on": _("Date"),
    "issued_at": _("Issued at"),
    "lifted_at": _("Lifted at"),
    "taken_on": _("Date"),
    "notified": _("Members told"),
    "forecasts": _("Forecasts"),
    "city": _("City"),
    # non-road machinery
    "machine_code": _("Registration code"),
    "machine_check_result": _("Check result"),
    "machine_check_lez": _("In a low-emission zone"),
    "machine_check_accepted": _("Accepted on its home registration"),
    "machine_notice": _("Notice raised"),
    # information sharing: the identifier crosswalk
    "sharing_permit_number": _("Discharge-permit number"),
    # outfalls into rivers and lakes and the river network
    "outfall_receiving_water": _("Receiving water"),
    "outfall_enterprise": _("Responsible entity"),
    "outfall_outlets": _("HJ 212 outlets"),
    "outfall_approved_m3_per_day": _("Approved discharge (m³/d)"),
    "outfall_concentrations": _("Concentrations (mg/L)"),
    "outfall_rectification": _("Rectification"),
    "outfall_deadline": _("Rectification deadline"),
    "outfall_reach": _("Reach"),
    "outfall_rectified": _("Recorded as done"),
    "outfall_completed_on": _("Rectified on"),
    "outfall_evidence": _("Evidence and notes"),
    "outfall_verified": _("Verified"),
    "outfall_verified_on": _("Verified on"),
    "outfall_verification_note": _("Verification note"),
    "outfall_return_reason": _("Reason sent back"),
    "network_reaches": _("Reaches"),
    "network_created": _("New reaches"),
    # mobile monitoring (走航)
    "air_track_points": _("Points"),
    "air_track_item": _("Hotspot item"),
    "air_track_hotspots": _("Hotspots"),
    "air_track_vehicle": _("Vehicle"),
    "air_track_instrument": _("Instrument"),
    "air_follow_up_hotspot": _("Hotspot"),
    "air_follow_up_enterprise": _("Enterprise"),
    "air_follow_up_inspector": _("Inspected by"),
    "air_follow_up_inspected_on": _("Inspected on"),
    "air_follow_up_finding": _("Finding"),
    "air_follow_up_deadline": _("Rectification deadline"),
    "air_follow_up_closed_on": _("Closed on"),
    "air_follow_up_note": _("Note"),
    # phase-out of old vehicles and machinery
    "phaseout_subject": _("Vehicle or machine"),
    "phaseout_identifier": _("Plate or registration code"),
    "phaseout_city": _("City"),
    "phaseout_month": _("Month"),
    "phaseout_outcome": _("Phase-out outcome"),
    "phaseout_qualifies": _("Old high-emission under the standard"),
    "phaseout_vehicles": _("Target: vehicles"),
    "phaseout_machines": _("Target: machines"),
    "phaseout_standard_version": _("Version"),
    "phaseout_standard_start": _("In force from"),
    "phaseout_standard_source": _("Source"),
    "phaseout_standard_vehicles": _("Old high-emission vehicles"),
    "phaseout_standard_machines": _("Old high-emission machines"),
    # shared facilities of the demonstration zone
    "water_facility_shares": _("Sharing members and shares"),
    # N/P loads into the lakes
    "loads_flow_months": _("Monthly flows"),
    "loads_first_month": _("First month"),
    "loads_last_month": _("Last month"),
}

# Fields that hold the platform's own keys (a request's or a journal entry's): nothing a
# reader can act on, so they are left out of what changed.
INTERNAL_FIELDS = frozenset({"key", "entry", "entries", "entry_id", "hash", "prev_hash"})

# Values that are codes of a choice made elsewhere, with the words the pages use.
VALUES: dict[str, Promise] = {
    "performance": _("Performance method (capacity × hours × performance value)"),
    "air_concentration": _("Air concentration method (limit × flow × hours)"),
    "water_concentration": _("Water concentration method (limit × volume)"),
    "buyer": _("buyer"),
    "seller": _("seller"),
    # an air-quality station's kind (its model is not found by its record kind)
    "national": _("national control station"),
    "provincial": _("provincial control station"),
    # the sides that approve an eco-compensation settlement
    "upstream": _("upstream party"),
    "downstream": _("downstream party"),
    "office": _("region office"),
    # the office's decision on a working group's agenda item
    "proposed": _("proposed"),
    "accepted": _("accepted"),
    "declined": _("declined"),
    # a heavy-pollution warning's level
    "blue": _("blue"),
    "yellow": _("yellow"),
    "orange": _("orange"),
    "red": _("red"),
    # a reserve's purpose (rights.services.accounts.reserve_account)
    "taihu": _("the 5 km Taihu zone"),
    # an outfall's required rectification (water.models_outfalls.Rectification)
    "ban": _("Closure (取缔)"),
    "merge": _("Merger (合并)"),
    "regulate": _("Regulation (规范整治)"),
    "none": _("No rectification"),
}


def field_words(name: str) -> str | None:
    words = FIELDS.get(name.removesuffix("_id"))
    return None if words is None else str(words)


def action_label(code: str) -> str:
    """The action in words in the active language."""
    words = ACTIONS.get(code)
    if words is not None:
        return str(words)
    kind, _dot, verb = code.partition(".")
    return f"{record_kind_label(kind)}: {verb.replace('_', ' ').replace('.', ' ')}"


def record_kind_label(kind: str) -> str:
    words = RECORD_KINDS.get(kind)
    return str(words) if words is not None else kind.replace("_", " ")


def action_choices() -> list[tuple[str, str]]:
    """(code, words) of every named action, ordered by their words in the active language."""
    return sorted(((code, str(words)) for code, words in ACTIONS.items()), key=lambda c: c[1])


def yes_no(value: bool) -> str:
    return gettext("Yes") if value else gettext("No")
