"""The place of a project on its form: member, city, county and enterprise, each a select
of what the user may write, narrowed by the choice above it (htmx redraws them when the
member or the city changes)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from deltacap.enterprises.models import Enterprise
from deltacap.enterprises.selectors import visible_enterprises
from deltacap.projects.project_form import Field
from deltacap.projects.selectors import WritablePlaces
from deltacap.reference.models import Division

BLANK = ("", "—")
MAX_ENTERPRISES = 500


def _pick(options: list[Division], code: str | None) -> Division | None:
    """The division named ``code`` among ``options``, else the first."""
    return next((d for d in options if d.code == code), options[0] if options else None)


def _counties(places: WritablePlaces, city: Division | None) -> list[tuple[str, str]]:
    """The county choices of ``city``: blank first where the whole city is the user's."""
    if city is None:
        return []
    whole = [BLANK] if city.code in places.whole_cities else []
    return whole + [(c.code, c.name) for c in places.counties.get(city.code, [])]


def _enterprises(user: Any, member: Division | None, city: Division | None) -> list[Enterprise]:
    """The enterprises the user sees in the chosen city, by name (a project's enterprise
    is one of its member's)."""
    if member is None or city is None:
        return []
    qs = visible_enterprises(user).filter(member_code=member.code)
    if city.code != member.code:
        qs = qs.filter(division__in=[city.code, *city.children.values_list("code", flat=True)])
    return list(qs.order_by("name")[:MAX_ENTERPRISES])


def place_fields(places: WritablePlaces, values: dict[str, str], user: Any) -> list[Field]:
    """The four selects, set to ``values`` where the user may choose them."""
    member = _pick(places.members, values.get("member"))
    city = _pick(places.cities.get(member.code, []) if member else [], values.get("city"))
    counties = _counties(places, city)
    county = values.get("county", "")
    if county not in {code for code, _name in counties}:
        county = counties[0][0] if counties else ""
    enterprises = _enterprises(user, member, city)
    enterprise = values.get("enterprise", "")
    if enterprise not in {e.uscc for e in enterprises}:
        enterprise = ""
    whole_city = bool(counties) and counties[0] == BLANK
    return [
        Field(
            "member",
            _("Member"),
            "select",
            member.code if member else "",
            True,
            [(m.code, m.name) for m in places.members],
        ),
        Field(
            "city",
            _("City"),
            "select",
            city.code if city else "",
            True,
            [(c.code, c.name) for c in places.cities.get(member.code, [])] if member else [],
        ),
        Field(
            "county",
            _("County or district"),
            "select",
            county,
            not whole_city,
            counties,
            hint=_("Empty: a project of the whole city.") if whole_city else "",
        ),
        Field(
            "enterprise",
            _("Enterprise"),
            "select",
            enterprise,
            False,
            [BLANK, *[(e.uscc, f"{e.name}（{e.division.name}）") for e in enterprises]],
            hint=_("The enterprise that builds or runs the project, if there is one."),
        ),
    ]
