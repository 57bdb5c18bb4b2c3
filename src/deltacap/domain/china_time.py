"""China's time: the one zone in which the platform keeps dates and reads clocks.

Every member keeps China Standard Time, UTC+8 all year: China has had no daylight saving
since 1991, so the fixed offset equals the ``Asia/Shanghai`` zone for every date the
platform handles, and the domain needs no time-zone database (it reads no files). Django's
``TIME_ZONE`` takes the zone's name, so that pages, the command line and the domain show
the same time.
"""

from datetime import timedelta, timezone

CHINA_TIME_ZONE_NAME = "Asia/Shanghai"
CHINA_STANDARD_TIME = timezone(timedelta(hours=8), "CST")
