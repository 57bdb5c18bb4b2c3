"""Joint air-quality forecast consultation (联合会商, the plan's 二(二)): the members' and
the office's city forecasts checked against HJ 633, the platform's baseline statistical
forecast from recent observations, and the verification of every forecast against the
observed daily AQI.

A forecast is, for a city and a day 1–7 days ahead, an AQI range (low–high), the levels
that range spans, the primary pollutant and a short reasoning. Its level is not chosen:
it is derived from the range by the AQI bands of HJ 633 表2 (the same in HJ 633-2012 and
HJ 633-2026: 0–50 优, 51–100 良, 101–150 轻度, 151–200 中度, 201–300 重度, > 300 严重).

The baseline (``baseline``) is pure arithmetic on the city's recent daily AQI:
- persistence: every day ahead is the last observed day;
- regression: an autoregression of the daily AQI on its ``LAGS`` previous days fitted by
  least squares (``numpy.linalg.lstsq``) on the last ``WINDOW`` days and iterated forward.
Its range is the point ± the fit's root-mean-square error (at least ``MIN_HALF_WIDTH``).
The window, the lags and the least half-width are this platform's choice, not a rule of any
standard (``BaselineSettings``, unverified configuration).

Verification (``verify``) over whole columns: the level hit (the observed level lies within
the forecast's levels), the primary-pollutant hit (the forecast pollutant is among the
observed primary pollutants; days observed 优, which have none by HJ 633 5.2, are left
out of that rate), the error of the range's midpoint to the observed AQI and whether the
observed AQI lies inside the range.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from deltacap.domain.air.tables import LEVELS
from deltacap.domain.errors import InvalidInput, gettext_noop

MAX_HORIZON = 7
MAX_AQI = 500
MAX_REASONING = 500
# The pollutants a forecast may name as primary ("" when the day is forecast 优 throughout).
POLLUTANTS = ("PM2.5", "PM10", "O3", "NO2", "SO2", "CO")
# The upper AQI of each level (HJ 633 表2).
LEVEL_TOPS = np.array([band[0] for band in LEVELS])


def level_of(aqi: float) -> int:
    """The HJ 633 level (1–6) of an AQI value."""
    return int(np.searchsorted(LEVEL_TOPS, aqi, side="left")) + 1 if aqi > 0 else 1


def levels_of(aqi: np.ndarray) -> np.ndarray:
    """The levels of a column of AQI values (0 where the value is missing)."""
    values = np.asarray(aqi, dtype=float)
    found = np.searchsorted(LEVEL_TOPS, np.ceil(np.nan_to_num(values)), side="left") + 1
    return np.where(np.isnan(values), 0, np.minimum(found, len(LEVELS)))


def pollutant_of(item: str) -> str:
    """The pollutant of an HJ 633 item (``PM2.5_24h`` → ``PM2.5``, ``O3_8h`` → ``O3``)."""
    return item.split("_", 1)[0]


@dataclass(frozen=True)
class Forecast:
    """One checked forecast of a city for a day: the AQI range, its levels, the primary
    pollutant, the reasoning."""

    lead: int
    aqi_low: int
    aqi_high: int
    primary: str
    reasoning: str = ""

    @property
    def level_low(self) -> int:
        return level_of(self.aqi_low)

    @property
    def level_high(self) -> int:
        return level_of(self.aqi_high)

    @property
    def midpoint(self) -> float:
        return (self.aqi_low + self.aqi_high) / 2


def _whole(value: object, lower: int, upper: int) -> int | None:
    text = str(value if value is not None else "").strip()
    if not text or not text.isascii() or not text.isdigit() or not lower <= int(text) <= upper:
        return None
    return int(text)


def check_forecast(
    *,
    lead: object,
    aqi_low: object,
    aqi_high: object,
    primary: object,
    reasoning: object = "",
    level: object = None,
    horizon: int = MAX_HORIZON,
    row: str = "",
    number: int = 1,
) -> Forecast:
    """A forecast from what a person entered; InvalidInput naming the field (``row``: the
    prefix of the row's fields, ``number``: the row as people count) otherwise. ``level``,
    where given, must be a level the range spans."""
    prefix = f"{row}." if row else ""
    day = _whole(lead, 1, horizon)
    if day is None:
        raise InvalidInput(
            gettext_noop("Row {row}: the day ahead must be a whole number from 1 to {upper}."),
            field=f"{prefix}lead",
            row=number,
            upper=horizon,
        )
    low = _whole(aqi_low, 0, MAX_AQI)
    high = _whole(aqi_high, 0, MAX_AQI)
    for value, name in ((low, "aqi_low"), (high, "aqi_high")):
        if value is None:
            raise InvalidInput(
                gettext_noop("Day {day}: enter the AQI range as whole numbers from 0 to {upper}."),
                field=f"{prefix}{name}",
                day=day,
                upper=MAX_AQI,
            )
    assert low is not None and high is not None
    if low > high:
        raise InvalidInput(
            gettext_noop(
                "Day {day}: the AQI range's low end ({low}) is above its high end ({high})."
            ),
            field=f"{prefix}aqi_low",
            day=day,
            low=low,
            high=high,
        )
    pollutant = str(primary or "").strip()
    if pollutant not in POLLUTANTS and pollutant != "":
        raise InvalidInput(
            gettext_noop("Day {day}: choose the primary pollutant among {choices}; got {got}."),
            field=f"{prefix}primary",
            day=day,
            choices=", ".join(POLLUTANTS),
            got=pollutant,
        )
    if not pollutant and high > LEVELS[0][0]:
        raise InvalidInput(
            gettext_noop("Day {day}: name the primary pollutant (the range reaches above AQI 50)."),
            field=f"{prefix}primary",
            day=day,
        )
    text = str(reasoning or "").strip()
    if len(text) > MAX_REASONING:
        raise InvalidInput(
            gettext_noop("Day {day}: the reasoning is longer than {limit} characters."),
            field=f"{prefix}reasoning",
            day=day,
            limit=MAX_REASONING,
        )
    forecast = Forecast(day, low, high, pollutant, text)
    if level not in (None, ""):
        given = _whole(level, 1, len(LEVELS))
        if given is None or not forecast.level_low <= given <= forecast.level_high:
            raise InvalidInput(
                gettext_noop(
                    "Day {day}: level {level} does not match the AQI range {low}–{high} "
                    "(levels {first} to {last} by HJ 633)."
                ),
                field=f"{prefix}level",
                day=day,
                level=level,
                low=low,
                high=high,
                first=forecast.level_low,
                last=forecast.level_high,
            )
    return forecast


# --- the baseline ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BaselineSettings:
    """The baseline's configuration (this platform's choice; unverified against any
    forecasting centre's practice)."""

    window: int = 30  # days of history the regression is fitted on
    lags: int = 3  # previous days in the regression
    min_half_width: int = 10  # the least half-width of the range (AQI)
    min_fit: int = 10  # fewer usable rows than this: persistence only


SETTINGS = BaselineSettings()
PERSISTENCE = "persistence"
REGRESSION = "regression"


@dataclass
class BaselineDay:
    lead: int
    day: date
    aqi: int
    aqi_low: int
    aqi_high: int
    primary: str

    @property
    def level_low(self) -> int:
        return level_of(self.aqi_low)

    @property
    def level_high(self) -> int:
        return level_of(self.aqi_high)


@dataclass
class Baseline:
    """The baseline of one method for one city from an issue date."""

    method: str
    issued: date
    days: list[BaselineDay] = field(default_factory=list)
    rmse: float | None = None
    coefficients: list[float] = field(default_factory=list)
    history_days: int = 0


def _history(
    days: Sequence[date], aqi: Sequence[float | None], issued: date, window: int
) -> np.ndarray:
    """The daily AQI of the ``window`` days before ``issued`` as a column (NaN = no data)."""
    column = np.full(window, np.nan)
    first = issued - timedelta(days=window)
    for day, value in zip(days, aqi, strict=True):
        offset = (day - first).days
        if 0 <= offset < window and value is not None:
            column[offset] = value
    return column


def _mode(primaries: Sequence[str]) -> str:
    if not primaries:
        return ""
    values, counts = np.unique(np.array(primaries), return_counts=True)
    return str(values[int(np.argmax(counts))])


def _clip(value: float) -> int:
    return int(min(MAX_AQI, max(0, round(value))))


def baseline(
    days: Sequence[date],
    aqi: Sequence[float | None],
    primaries: Sequence[str],
    issued: date,
    horizon: int,
    settings: BaselineSettings = SETTINGS,
) -> list[Baseline]:
    """Persistence and the regression for days 1..``horizon`` after ``issued`` (the issue
    date itself is day 1), from the city's daily AQI observed before ``issued``. The
    primary pollutant is the one most often primary in the last 7 observed days. Empty
    when nothing was observed in the window."""
    history = _history(days, aqi, issued, settings.window)
    seen = np.flatnonzero(~np.isnan(history))
    if len(seen) == 0:
        return []
    recent = [p for d, p in zip(days, primaries, strict=True) if issued - timedelta(8) < d < issued]
    primary = _mode([p for p in recent if p])
    last = float(history[seen[-1]])
    # Persistence: the range is the point ± the spread of day-to-day changes in the window.
    steps = np.diff(history)
    steps = steps[~np.isnan(steps)]
    spread = float(np.sqrt(np.mean(steps**2))) if len(steps) else float(settings.min_half_width)
    half = max(settings.min_half_width, spread)
    persistence = Baseline(PERSISTENCE, issued, history_days=len(seen), rmse=round(spread, 1))
    for lead in range(1, horizon + 1):
        persistence.days.append(
            _day(lead, issued, last, half, primary if last > LEVELS[0][0] else "")
        )
    found = [persistence]
    fitted = _regression(history, issued, horizon, primary, settings)
    if fitted is not None:
        found.append(fitted)
    return found


def _day(lead: int, issued: date, point: float, half: float, primary: str) -> BaselineDay:
    return BaselineDay(
        lead=lead,
        day=issued + timedelta(days=lead - 1),
        aqi=_clip(point),
        aqi_low=_clip(point - half),
        aqi_high=_clip(point + half),
        primary=primary if point + half > LEVELS[0][0] else "",
    )


def _regression(
    history: np.ndarray, issued: date, horizon: int, primary: str, settings: BaselineSettings
) -> Baseline | None:
    """y[t] = c + Σ a_k y[t-k] (k = 1..lags) by least squares over the rows of the window
    with every value known; iterated forward (each forecast day feeds the next)."""
    lags = settings.lags
    n = len(history)
    if n <= lags:
        return None
    # Row t: the target history[t] and its lags history[t-1..t-lags].
    rows = np.arange(lags, n)
    lagged = np.stack([history[rows - k] for k in range(1, lags + 1)], axis=1)
    target = history[rows]
    usable = ~np.isnan(target) & ~np.isnan(lagged).any(axis=1)
    if usable.sum() < settings.min_fit:
        return None
    design = np.column_stack([np.ones(int(usable.sum())), lagged[usable]])
    coefficients, *_ = np.linalg.lstsq(design, target[usable], rcond=None)
    residuals = target[usable] - design @ coefficients
    rmse = float(np.sqrt(np.mean(residuals**2)))
    half = max(settings.min_half_width, rmse)
    # The last ``lags`` days, most recent first; a missing one takes the last known value.
    known = history[~np.isnan(history)]
    state = [float(v) for v in history[::-1][:lags]]
    state = [v if not np.isnan(v) else float(known[-1]) for v in state]
    fitted = Baseline(
        REGRESSION,
        issued,
        rmse=round(rmse, 1),
        coefficients=[round(float(c), 4) for c in coefficients],
        history_days=int((~np.isnan(history)).sum()),
    )
    for lead in range(1, horizon + 1):
        point = float(coefficients[0] + np.dot(coefficients[1:], state))
        point = min(float(MAX_AQI), max(0.0, point))
        fitted.days.append(_day(lead, issued, point, half, primary))
        state = [point, *state[:-1]]
    return fitted


# --- verification ---------------------------------------------------------------------------


@dataclass
class Scores:
    """The verification of a group of forecasts against what was observed."""

    forecasts: int  # forecasts of days with an observed AQI
    level_hits: int
    primary_days: int  # of them, days observed with a primary pollutant
    primary_hits: int
    inside: int  # observed AQI inside the forecast range
    mean_abs_error: float | None  # |midpoint − observed|
    bias: float | None  # mean (midpoint − observed)

    @property
    def level_rate(self) -> float | None:
        return self.level_hits / self.forecasts if self.forecasts else None

    @property
    def primary_rate(self) -> float | None:
        return self.primary_hits / self.primary_days if self.primary_days else None

    @property
    def inside_rate(self) -> float | None:
        return self.inside / self.forecasts if self.forecasts else None

    def to_json(self) -> dict[str, object]:
        return {
            "forecasts": self.forecasts,
            "level_hits": self.level_hits,
            "level_hit_rate": _round(self.level_rate),
            "primary_days": self.primary_days,
            "primary_hits": self.primary_hits,
            "primary_hit_rate": _round(self.primary_rate),
            "inside_range": self.inside,
            "inside_rate": _round(self.inside_rate),
            "mean_abs_error": self.mean_abs_error,
            "bias": self.bias,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


@dataclass
class Checked:
    """Per forecast (as columns): whether it could be verified and how it did."""

    observed: np.ndarray  # observed AQI (NaN: not yet / no data)
    observed_level: np.ndarray
    level_hit: np.ndarray
    primary_hit: np.ndarray  # NaN where the day had no primary pollutant or no data
    inside: np.ndarray
    error: np.ndarray  # midpoint − observed (NaN where not observed)


def check(
    low: np.ndarray,
    high: np.ndarray,
    primary: Sequence[str],
    observed: np.ndarray,
    observed_primary: Sequence[Sequence[str]],
) -> Checked:
    """Each forecast (``low``/``high``/``primary``) against the observed AQI and primary
    pollutants of its city and day (NaN / empty where not observed)."""
    low = np.asarray(low, dtype=float)
    high = np.asarray(high, dtype=float)
    observed = np.asarray(observed, dtype=float)
    known = ~np.isnan(observed)
    level = levels_of(observed)
    level_hit = known & (levels_of(low) <= level) & (level <= levels_of(high))
    inside = known & (low <= np.nan_to_num(observed)) & (np.nan_to_num(observed) <= high)
    error = np.where(known, (low + high) / 2 - observed, np.nan)
    has_primary = np.array([bool(p) for p in observed_primary], dtype=bool) & known
    matched = np.array(
        [
            bool(f) and f in {pollutant_of(i) for i in obs}
            for f, obs in zip(primary, observed_primary, strict=True)
        ],
        dtype=bool,
    )
    primary_hit = np.where(has_primary, matched.astype(float), np.nan)
    return Checked(observed, level, level_hit, primary_hit, inside, error)


def scores(checked: Checked, mask: np.ndarray | None = None) -> Scores:
    """The scores of the forecasts selected by ``mask`` (all by default)."""
    selected = np.ones(len(checked.observed), dtype=bool) if mask is None else mask
    known = selected & ~np.isnan(checked.observed)
    with_primary = selected & ~np.isnan(checked.primary_hit)
    errors = checked.error[known]
    return Scores(
        forecasts=int(known.sum()),
        level_hits=int((checked.level_hit & known).sum()),
        primary_days=int(with_primary.sum()),
        primary_hits=int(np.nansum(checked.primary_hit[with_primary])),
        inside=int((checked.inside & known).sum()),
        mean_abs_error=round(float(np.mean(np.abs(errors))), 1) if len(errors) else None,
        bias=round(float(np.mean(errors)), 1) if len(errors) else None,
    )
