"""Dates (day first, never month first) and timestamps (+07:00 by default).

Vietnamese documents write dates day first, so ``03/04/2024`` is 3 April;
a value that only makes sense month first (``03/25/2024``) is rejected, not
guessed. Timestamps without an offset are Vietnam time (FEEDS.md, Formats);
Vietnam has no daylight saving, so a fixed +07:00 offset is exact and needs
no time-zone database.

>>> parse_date("5/3/2024")
'2024-03-05'
>>> parse_timestamp("05/03/2024 14:30")
'2024-03-05T14:30:00+07:00'
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from .errors import invalid
from .text import cell_text

__all__ = ["VIETNAM_TZ", "parse_date", "parse_timestamp"]

VIETNAM_TZ = timezone(timedelta(hours=7))

_DATE_HINT = "use YYYY-MM-DD or DD/MM/YYYY (day first)"
_TIMESTAMP_HINT = "use YYYY-MM-DD HH:MM[:SS][+07:00] or DD/MM/YYYY HH:MM[:SS]"
# Outside this range a year is a typo (0224, 20224), not a real record.
_YEARS = range(1900, 2101)

_ISO_DATE = r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
# The same separator on both sides: "05/03-2024" is not a date.
_DMY_DATE = r"(?P<d2>\d{1,2})(?P<sep>[/.\-])(?P<m2>\d{1,2})(?P=sep)(?P<y2>\d{4})"
_TIME = r"(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<f>\d{1,6}))?)?"
_OFFSET = r"(?P<tz>Z|[+\-]\d{2}(?::?\d{2})?)"
_TIMESTAMP = re.compile(
    rf"(?:{_ISO_DATE}|{_DMY_DATE})(?:(?:T|\s+){_TIME}\s*{_OFFSET}?)?", re.ASCII)


def _date_from(raw: object, match: re.Match[str], what: str, hint: str) -> date:
    y, m, d = (match["y"], match["m"], match["d"]) if match["y"] else (
        match["y2"], match["m2"], match["d2"])
    year, month, day = int(y), int(m), int(d)
    if not 1 <= month <= 12:
        raise invalid(raw, what, f"month {month} does not exist; {_DATE_HINT}")
    if year not in _YEARS:
        raise invalid(raw, what, f"year {year} is outside 1900-2100")
    try:
        return date(year, month, day)
    except ValueError:
        raise invalid(raw, what, f"month {month} of {year} has no day {day}") from None


def _offset(raw: object, text: str | None) -> timezone:
    if text is None:
        return VIETNAM_TZ
    if text == "Z":
        return timezone.utc
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    # Real UTC offsets run from -12:00 to +14:00.
    if minutes > 59 or not -12 <= (-hours if text[0] == "-" else hours) <= 14:
        raise invalid(raw, "a timestamp", f"offset {text} does not exist")
    delta = timedelta(hours=hours, minutes=minutes)
    return timezone(-delta if text[0] == "-" else delta)


def parse_date(raw: object) -> str | None:
    """A calendar date as ``YYYY-MM-DD``; None for an empty cell.

    Accepts ``YYYY-MM-DD``, ``DD/MM/YYYY``, ``D/M/YYYY``, ``DD-MM-YYYY``,
    ``DD.MM.YYYY``, Excel's ``date``/``datetime`` objects and its
    ``YYYY-MM-DD 00:00:00`` strings. A time other than midnight is refused:
    the column holds a date, and cutting the time off could shift the day.

    >>> parse_date("2024-03-05 00:00:00"), parse_date(date(2024, 3, 5))
    ('2024-03-05', '2024-03-05')
    """
    if isinstance(raw, datetime):
        if raw.time() != datetime.min.time():
            raise invalid(raw, "a date", "it has a time of day; give the date only")
        return raw.date().isoformat()
    if isinstance(raw, date):
        return raw.isoformat()
    text = cell_text(raw)
    if text is None:
        return None
    match = _TIMESTAMP.fullmatch(text)
    if match is None or match["tz"]:
        raise invalid(raw, "a date", _DATE_HINT)
    if match["H"] is not None and any(int(match[g] or 0) for g in "HMSf"):
        raise invalid(raw, "a date", "it has a time of day; give the date only")
    return _date_from(raw, match, "a date", _DATE_HINT).isoformat()


def parse_timestamp(raw: object) -> str | None:
    """An instant as ISO 8601 in Vietnam time (``+07:00``); None when empty.

    Accepts ``YYYY-MM-DD HH:MM[:SS]``, ``YYYY-MM-DDTHH:MM:SS[.fff][Z|±HH:MM]``,
    ``DD/MM/YYYY HH:MM[:SS]``, a bare date (midnight) and ``datetime``
    objects. A value with another offset is converted to +07:00, so that
    one instant always gives one string.

    >>> parse_timestamp("2024-03-05T07:30:00Z")
    '2024-03-05T14:30:00+07:00'
    >>> parse_timestamp("2024-03-05")
    '2024-03-05T00:00:00+07:00'
    """
    if isinstance(raw, datetime):
        moment = raw if raw.tzinfo else raw.replace(tzinfo=VIETNAM_TZ)
        return moment.astimezone(VIETNAM_TZ).isoformat()
    if isinstance(raw, date):
        return datetime(raw.year, raw.month, raw.day, tzinfo=VIETNAM_TZ).isoformat()
    text = cell_text(raw)
    if text is None:
        return None
    match = _TIMESTAMP.fullmatch(text)
    if match is None:
        raise invalid(raw, "a timestamp", _TIMESTAMP_HINT)
    day = _date_from(raw, match, "a timestamp", _TIMESTAMP_HINT)
    hour, minute, second = (int(match[g] or 0) for g in "HMS")
    micro = int((match["f"] or "0").ljust(6, "0"))
    if hour > 23 or minute > 59 or second > 59:
        clock = f"{hour:02d}:{minute:02d}:{second:02d}"
        raise invalid(raw, "a timestamp", f"{clock} is not a time of day")
    zone = _offset(raw, match["tz"])
    moment = datetime(day.year, day.month, day.day, hour, minute, second, micro, tzinfo=zone)
    return moment.astimezone(VIETNAM_TZ).isoformat()
