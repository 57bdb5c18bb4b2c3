"""Air coordination: AQI by HJ 633 of the version in force on the date of the data.

>>> from deltacap.domain import air
>>> air.rate(air.AqiRecord(day, air.Report.DAILY, {"PM2.5_24h": 75.0})).aqi
>>> air.aqi_columns(dates, realtime, {"PM2.5_24h": column})   # whole columns at once
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
    "rate",
    "rate_records",
    "record_of",
    "results_of",
    "round_gbt8170",
    "standard_on",
]
