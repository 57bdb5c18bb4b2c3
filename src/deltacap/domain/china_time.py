"""China's time: the one zone in which the platform keeps dates and reads clocks.

Every member keeps China Standard Time, UTC+8 all year: China has had no daylight saving
since 1991, so the fixed offset equals the ``Asia/Shanghai`` zone for every date the
platform handles, and the domain needs no time-zone database (it reads no files). Django's
``TIME_ZONE`` takes the zone's name, so that pages, the command line and the domain show
the same time.
"""

from datetime import datetime, timedelta, timezone

CHINA_TIME_ZONE_NAME = "Asia/Shanghai"
CHINA_STANDARD_TIME = timezone(timedelta(hours=8), "CST")


def local_time_of(text: str, field: str = "time") -> datetime:
    """A time written YYYY-MM-DD HH:MM[:SS] in China Standard Time (a time with a zone is
    refused: a file's times are China's, and a zone would be read one way by one member's
    system and another way by another's). Raises InvalidInput naming ``field``."""
    from deltacap.domain.errors import InvalidInput, gettext_noop

    try:
        time = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(
            gettext_noop("{value} is not a time (YYYY-MM-DD HH:MM)."), field=field, value=text
        ) from None
    if time.tzinfo is not None:
        raise InvalidInput(
            gettext_noop("{value}: give the time in China Standard Time, without a zone."),
            field=field,
            value=text,
        )
    return time
