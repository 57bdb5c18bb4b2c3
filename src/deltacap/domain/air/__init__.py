"""Air coordination: AQI by HJ 633 of the version in force on the date of the data.

>>> from deltacap.domain import air
>>> air.rate(air.AqiRecord(day, air.Report.DAILY, {"PM2.5_24h": 75.0})).aqi
>>> air.aqi_columns(dates, realtime, {"PM2.5_24h": column})   # whole columns at once

City evaluation by HJ 663 against GB 3095 of the version in force: ``domain/air/daily.py``
(hourly station observations to station and city daily values and the city daily AQI),
``domain/air/evaluation.py`` (per month or year, per city, member or the region, ranked) and
``domain/air/gb3095.py`` (the limits, validity rules and configuration).
"""

from deltacap.domain.air.aqi import (
    AqiColumns,
    Practice,
    aqi_columns,
    round_gbt8170,
    standard_on,
)
from deltacap.domain.air.records import (
    AirInputError,
    AqiRecord,
    AqiResult,
    over_standard,
    rate,
    rate_records,
    record_of,
    results_of,
)
from deltacap.domain.air.tables import ITEMS, Report, Standard

__all__ = [
    "ITEMS",
    "AirInputError",
    "AqiColumns",
    "AqiRecord",
    "AqiResult",
    "Practice",
    "Report",
    "Standard",
    "aqi_columns",
    "over_standard",
    "rate",
    "rate_records",
    "record_of",
    "results_of",
    "round_gbt8170",
    "standard_on",
]
