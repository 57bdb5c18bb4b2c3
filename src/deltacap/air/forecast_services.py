"""Every write of the joint forecast consultation (联合会商): the office opens a session
(with the platform's baseline for each of its cities), each member submits its own
cities' forecasts, the office records the consensus and publishes it. Each write asks its
rule once, then writes and records its audit event in one transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from deltacap.accounts.permissions import Actor, principal_of, require, user_of
from deltacap.air import forecast_selectors as reads
from deltacap.air.forecast_models import (
    CityForecast,
    Consultation,
    ConsultationStatus,
    Source,
    forecast_resource,
)
from deltacap.audit import services as audit
from deltacap.domain.access import Action
from deltacap.domain.air.forecast import MAX_HORIZON, Forecast, check_forecast
from deltacap.domain.errors import InvalidInput, gettext_noop
from deltacap.reference.models import Division

MAX_TITLE = 200


def _day(value: Any, field: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise InvalidInput(
            gettext_noop("Enter the date as YYYY-MM-DD; got {got}."), field=field, got=value
        ) from None


def _cities(codes: Iterable[Any], field: str) -> list[Division]:
    wanted = [str(c).strip() for c in codes if str(c).strip()]
    found = {d.code: d for d in Division.objects.filter(code__in=wanted, prefecture=True)}
    for code in wanted:
        if code not in found:
            raise InvalidInput(gettext_noop("No city with code {code}."), field=field, code=code)
    return [found[c] for c in dict.fromkeys(wanted)]


def open_consultation(
    *,
    by: Actor,
    channel: str,
    day: Any,
    horizon: Any,
    cities: Iterable[Any],
    hosts: Iterable[Any] = (),
    title: str = "",
    synthetic: bool = False,
) -> Consultation:
    """The office opens a session for ``day`` over ``horizon`` days (1–7) of ``cities``
    (the ``hosts`` among them are forecast by every member); the platform's baseline of
    every city is recorded with it from the observations before ``day``."""
    consultation = Consultation(synthetic=synthetic)
    require(by, Action.OPEN_CONSULTATION, consultation)
    consultation.day = _day(day, "day")
    text = str(horizon if horizon is not None else "").strip()
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= MAX_HORIZON:
        raise InvalidInput(
            gettext_noop("Horizon: enter a whole number of days from {lower} to {upper}."),
            field="horizon",
            lower=1,
            upper=MAX_HORIZON,
        )
    consultation.horizon = int(text)
    consultation.title = str(title or "").strip()
    if len(consultation.title) > MAX_TITLE:
        raise InvalidInput(
            gettext_noop("The title is longer than {limit} characters."),
            field="title",
            limit=MAX_TITLE,
        )
    chosen = _cities(cities, "cities")
    if not chosen:
        raise InvalidInput(gettext_noop("Choose at least one city."), field="cities")
    host_cities = _cities(hosts, "hosts")
    outside = [h.code for h in host_cities if h not in chosen]
    if outside:
        raise InvalidInput(
            gettext_noop("Host city {code} is not one of the session's cities."),
            field="hosts",
            code=outside[0],
        )
    consultation.opened_by = user_of(by)
    baselines = reads.baselines([c.code for c in chosen], consultation.day, consultation.horizon)
    with transaction.atomic():
        consultation.save()
        consultation.cities.set(chosen)
        consultation.hosts.set(host_cities)
        CityForecast.objects.bulk_create(
            CityForecast(
                consultation=consultation,
                source=method.method,
                city_id=code,
                day=d.day,
                lead=d.lead,
                aqi_low=d.aqi_low,
                aqi_high=d.aqi_high,
                level_low=d.level_low,
                level_high=d.level_high,
                primary=d.primary,
            )
            for code, methods in baselines.items()
            for method in methods
            for d in method.days
        )
        audit.record(
            actor=by,
            channel=channel,
            action="consultation.open",
            object_type="consultation",
            object_id=consultation.pk,
            after={
                "name": str(consultation),
                "day": consultation.day.isoformat(),
                "horizon": consultation.horizon,
                "cities": [c.code for c in chosen],
                "hosts": [c.code for c in host_cities],
            },
        )
    return consultation


def _rows(consultation: Consultation, rows: Iterable[Mapping[str, Any]]) -> list[Forecast]:
    checked: dict[int, Forecast] = {}
    for number, row in enumerate(rows, start=1):
        forecast = check_forecast(
            lead=row.get("lead"),
            aqi_low=row.get("aqi_low"),
            aqi_high=row.get("aqi_high"),
            primary=row.get("primary"),
            reasoning=row.get("reasoning", ""),
            level=row.get("level"),
            horizon=consultation.horizon,
            row=f"forecasts.{number}",
            number=number,
        )
        if forecast.lead in checked:
            raise InvalidInput(
                gettext_noop("Day {lead} is forecast twice."),
                field=f"forecasts.{number}.lead",
                lead=forecast.lead,
            )
        checked[forecast.lead] = forecast
    if not checked:
        raise InvalidInput(
            gettext_noop("Enter the forecast of at least one day."), field="forecasts"
        )
    return [checked[lead] for lead in sorted(checked)]


def _still_open(consultation: Consultation) -> None:
    if consultation.status != ConsultationStatus.OPEN:
        raise InvalidInput(
            gettext_noop("The consultation is published; its forecasts no longer change."),
            field="consultation",
        )


def _write(
    *,
    by: Actor,
    channel: str,
    consultation: Consultation,
    source: Source,
    member: str,
    city: Division,
    forecasts: list[Forecast],
) -> list[CityForecast]:
    from datetime import timedelta

    with transaction.atomic():
        before = {
            f.lead: _summary(f)
            for f in CityForecast.objects.filter(
                consultation=consultation, source=source, member_code=member, city=city
            )
        }
        saved = []
        for f in forecasts:
            row, _created = CityForecast.objects.update_or_create(
                consultation=consultation,
                source=source,
                member_code=member,
                city=city,
                day=consultation.day + timedelta(days=f.lead - 1),
                defaults={
                    "lead": f.lead,
                    "aqi_low": f.aqi_low,
                    "aqi_high": f.aqi_high,
                    "level_low": f.level_low,
                    "level_high": f.level_high,
                    "primary": f.primary,
                    "reasoning": f.reasoning,
                },
            )
            saved.append(row)
        audit.record(
            actor=by,
            channel=channel,
            action=f"consultation.{source.value}",
            object_type="consultation",
            object_id=consultation.pk,
            member_code=member or "",
            before={"city": city.code, "forecasts": before} if before else None,
            after={"city": city.code, "forecasts": {f.lead: _summary(f) for f in saved}},
        )
    return saved


def _summary(f: CityForecast | Forecast) -> str:
    primary = f" {f.primary}" if f.primary else ""
    return f"{f.aqi_low}–{f.aqi_high}{primary}"


def _city_of(consultation: Consultation, code: Any) -> Division:
    city = consultation.cities.filter(code=str(code or "").strip()).first()
    if city is None:
        raise InvalidInput(
            gettext_noop("City {code} is not one of the consultation's cities."),
            field="city",
            code=str(code or ""),
        )
    return city


def submit_forecasts(
    *,
    by: Actor,
    channel: str,
    consultation_id: int,
    city: Any,
    forecasts: Iterable[Mapping[str, Any]],
    member: str | None = None,
) -> list[CityForecast]:
    """A member's editor submits (or corrects) its forecasts of one city of an open session:
    one of its own cities or a host city. ``member``: the platform's own loads name it;
    an account submits for its own member."""
    consultation = reads.get_consultation(consultation_id)
    code = str(city or "").strip()
    member_code = member or _member_of(by) or _city_member(code)
    require(by, Action.SUBMIT_FORECAST, forecast_resource(member_code))
    _still_open(consultation)
    division = _city_of(consultation, code)
    is_host = consultation.hosts.filter(code=division.code).exists()
    if division.member_code != member_code and not is_host:
        raise InvalidInput(
            gettext_noop(
                "A member forecasts its own cities and the host cities; {code} is neither."
            ),
            field="city",
            code=division.code,
        )
    rows = _rows(consultation, forecasts)
    return _write(
        by=by,
        channel=channel,
        consultation=consultation,
        source=Source.MEMBER,
        member=member_code or "",
        city=division,
        forecasts=rows,
    )


def _member_of(by: Actor) -> str | None:
    code = principal_of(by).division_code
    if not code:
        return None
    division = Division.objects.filter(code=code).first()
    return division.member_code if division else None


def _city_member(code: str) -> str | None:
    division = Division.objects.filter(code=code).first()
    return division.member_code if division else None


def record_consensus(
    *,
    by: Actor,
    channel: str,
    consultation_id: int,
    city: Any,
    forecasts: Iterable[Mapping[str, Any]],
) -> list[CityForecast]:
    """The office records the consensus forecast of one city of an open session."""
    consultation = reads.get_consultation(consultation_id)
    require(by, Action.RECORD_CONSENSUS, consultation)
    _still_open(consultation)
    division = _city_of(consultation, city)
    rows = _rows(consultation, forecasts)
    return _write(
        by=by,
        channel=channel,
        consultation=consultation,
        source=Source.CONSENSUS,
        member="",
        city=division,
        forecasts=rows,
    )


def publish(*, by: Actor, channel: str, consultation_id: int) -> Consultation:
    """The office publishes the consensus (the public page shows it); the session's
    forecasts no longer change. Every city and day needs its consensus first."""
    consultation = reads.get_consultation(consultation_id)
    require(by, Action.PUBLISH_CONSULTATION, consultation)
    _still_open(consultation)
    have = set(
        consultation.forecasts.filter(source=Source.CONSENSUS).values_list("city_id", "lead")
    )
    for city in consultation.cities.order_by("code"):
        for lead in range(1, consultation.horizon + 1):
            if (city.code, lead) not in have:
                raise InvalidInput(
                    gettext_noop("Record the consensus of {city} for day {lead} first."),
                    field="consensus",
                    city=city.name,
                    lead=lead,
                )
    with transaction.atomic():
        consultation.status = ConsultationStatus.PUBLISHED
        consultation.published_at = timezone.now()
        consultation.save(update_fields=["status", "published_at"])
        audit.record(
            actor=by,
            channel=channel,
            action="consultation.publish",
            object_type="consultation",
            object_id=consultation.pk,
            before={"status": ConsultationStatus.OPEN.value},
            after={"status": ConsultationStatus.PUBLISHED.value},
        )
    return consultation


# --- a file of forecasts (the command line): several cities at once, all or nothing -----------


def _lead_of(consultation: Consultation, row: Mapping[str, Any]) -> Any:
    """The row's day ahead: its ``lead``, else from its ``date`` (the session's day is 1)."""
    if str(row.get("lead") or "").strip() or not str(row.get("date") or "").strip():
        return row.get("lead")
    return (_day(row.get("date"), "date") - consultation.day).days + 1


def _located(error: InvalidInput, rows: list[Mapping[str, Any]]) -> InvalidInput:
    """``error`` of one city's rows, told by the file's row and column."""
    from django.utils.translation import gettext

    field_name = error.field or ""
    row, column = rows[0].get("row", 1), field_name
    head, _dot, rest = field_name.partition(".")
    if head == "forecasts" and rest:
        number, _dot, column = rest.partition(".")
        if number.isdigit() and 0 < int(number) <= len(rows):
            row = rows[int(number) - 1].get("row", number)
    return InvalidInput(
        gettext_noop("Row {row}, {column}: {message}"),
        field="file",
        row=row,
        column=column or "—",
        message=error.render(gettext),
    )


def _by_city(
    consultation: Consultation, rows: Iterable[Mapping[str, Any]]
) -> dict[str, list[Mapping[str, Any]]]:
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for row in rows:
        try:
            lead = _lead_of(consultation, row)
        except InvalidInput as error:
            raise _located(error, [row]) from None
        groups.setdefault(str(row.get("city") or "").strip(), []).append({**row, "lead": lead})
    if not groups:
        raise InvalidInput(gettext_noop("The file holds no forecasts."), field="file")
    return groups


def submit_forecast_rows(
    *,
    by: Actor,
    channel: str,
    consultation_id: int,
    rows: Iterable[Mapping[str, Any]],
    consensus: bool = False,
) -> list[CityForecast]:
    """A file's forecasts (one row per city and day: ``city``, ``lead`` or ``date``,
    ``aqi_low``, ``aqi_high``, ``primary``, ``level``, ``reasoning`` and the file's ``row``),
    each city through ``submit_forecasts`` (a member's) or ``record_consensus`` (the
    office's, with ``consensus``), all in one transaction: on any fault nothing is written,
    and InvalidInput names the file's row and column."""
    consultation = reads.get_consultation(consultation_id)
    groups = _by_city(consultation, rows)
    save = record_consensus if consensus else submit_forecasts
    saved: list[CityForecast] = []
    with transaction.atomic():
        for city, group in groups.items():
            try:
                saved += save(
                    by=by,
                    channel=channel,
                    consultation_id=consultation.pk,
                    city=city,
                    forecasts=group,
                )
            except InvalidInput as error:
                if error.field == "consultation":
                    raise
                raise _located(error, group) from None
    return saved
