"""Times as residents read them: en-GB ("4 December 2026, 2:20pm"), without
seconds, in the council's time zone (TIMEZONE, default Europe/London).

Stored times are naive UTC (codesign/clock.py); this module is the one place
that turns them into local time and back, through zoneinfo, so the clock
change in March and October is the tz database's business, not ours.
"""
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from babel.dates import format_date as babel_date
from babel.dates import format_datetime as babel_datetime
from flask import current_app, has_request_context
from flask_babel import get_locale

DATE_PATTERN = "d MMMM y"
TIME_PATTERN = "h:mma"


def zone():
    return ZoneInfo(current_app.config["TIMEZONE"])


def to_local(moment):
    """A stored (naive UTC) time as an aware time in the council's zone."""
    return moment.replace(tzinfo=timezone.utc).astimezone(zone())


def to_utc(day, at=None):
    """The stored (naive UTC) time of a local day and time of day (midnight
    if none). An hour skipped by the clock change is read as the hour after."""
    local = datetime.combine(day, at or time(0), tzinfo=zone())
    return local.astimezone(timezone.utc).replace(tzinfo=None)


def end_of_day(day):
    """The moment a local day ends: midnight starting the next."""
    return to_utc(day + timedelta(days=1))


def _locale():
    # English is written the British way ("2:20pm", "4 December"), not
    # CLDR's generic "en" ("2:20PM").
    locale = get_locale() if has_request_context() else None
    name = str(locale) if locale else "en"
    return "en_GB" if name == "en" else name


def format_date(value, _width=None):
    """"4 December 2026": a calendar day as it is, a stored time as its local day.

    The second argument (a Babel width such as "medium") is accepted and
    ignored, so every template says a date the same way."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_local(value).date()
    return babel_date(value, DATE_PATTERN, locale=_locale())


def format_month(day):
    """"December 2026"."""
    return babel_date(day, "MMMM y", locale=_locale())


def format_short(day, with_year=False):
    """"4 Dec", or "Dec 2026" with_year and no day: for a chart's axis."""
    return babel_date(day, "MMM y" if with_year else "d MMM", locale=_locale())


def format_datetime(moment, _width=None):
    """"4 December 2026, 2:20pm" in local time."""
    if moment is None:
        return ""
    return babel_datetime(to_local(moment), f"{DATE_PATTERN}, {TIME_PATTERN}",
                          locale=_locale())


def closing_parts(moment):
    """The (day, time of day) an admin would type for a closing moment: a
    challenge closing at local midnight closes at the end of the day before,
    with no time."""
    local = to_local(moment)
    if local.time() == time(0):
        return local.date() - timedelta(days=1), None
    return local.date(), local.time().replace(second=0, microsecond=0)


def format_closing(moment):
    """"28 February 2027" for a challenge open until the end of that day;
    "28 February 2027, 5:00pm" when it closes at a set time."""
    day, at = closing_parts(moment)
    if at is None:
        return format_date(day)
    return format_datetime(moment)
