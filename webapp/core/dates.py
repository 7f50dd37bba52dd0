"""Dates and times as people write them: "15 Dec 2026, 10:00 GMT" — the reader's language, a 24-hour clock without
seconds, and a short zone. Every page, e-mail and report formats dates here (pages through the Jinja globals of the
same names); .ics files keep exact UTC/TZID times and do not come here.

Widths: "short" (15/12/2026, 10:00 GMT), "medium" (15 Dec 2026, 10:00 GMT), "long" (15 December 2026, 10:00 GMT)
and "full" (Tuesday, 15 December 2026, 10:00 GMT); any other value is a CLDR pattern ("MMM y", "zzzz"). English is
written the way the forums' countries write it (day first: CLDR's "en_001"), not the US way.

The short zone: the abbreviation people use where the zone has one (GMT, CAT, WAT, EAT, CET/CEST, UTC), else the
offset in the language's own way ("GMT-5", "UTC-5" in French). CLDR's own short names are missing for most of these
zones outside en-GB ("+0200"), so they are not used."""
from __future__ import annotations

import functools
from datetime import UTC, date, datetime, time, tzinfo

from babel import Locale, UnknownLocaleError
from babel import dates as cldr
from flask_babel import get_locale

from webapp.core.zones import reader_zone, zone_named

WIDTHS = ("short", "medium", "long", "full")


def locale_for_dates(locale: str | Locale | None = None) -> Locale:
    """The reader's locale (or ``locale``) for dates: plain English is written day first. A language Babel has no
    data for (a forum's working language such as Dagbani, issue 46) is written in the numeric form (``numeric``)."""
    if isinstance(locale, Locale):
        return _dates_locale_of(locale)
    return _dates_locale(str(locale or get_locale() or "en"))


@functools.lru_cache(maxsize=256)
def _dates_locale(code: str) -> Locale:
    """A language code's locale for dates, parsed once per process (a page formats a dozen dates: issue 43)."""
    try:
        return _dates_locale_of(Locale.parse(code.replace("-", "_")))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en_001")


def _dates_locale_of(parsed: Locale) -> Locale:
    return Locale.parse("en_001") if parsed.language == "en" and not parsed.territory else parsed


def numeric(locale: str | Locale | None = None) -> bool:
    """Babel cannot write dates in this language: they are numeric (15/12/2026, 10:00 GMT), with no month's or
    day's name in another language."""
    if locale is None or isinstance(locale, Locale):
        return False
    try:
        Locale.parse(str(locale).replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return True
    return False


def _width(format: str, locale: str | Locale | None) -> str:  # noqa: A002
    return "short" if format in WIDTHS and numeric(locale) else format


def _moment(value: datetime, tz: tzinfo | None) -> datetime:
    """``value`` in the reader's zone (or ``tz``); a value without a zone is UTC, as stored."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(tz or reader_zone())


def zone_abbreviation(moment: datetime, locale: str | Locale | None = None) -> str:
    """The short name of ``moment``'s zone at that moment: "GMT", "CAT", "CEST", else "GMT-5" / "UTC+5:45"."""
    name = moment.tzname() or ""
    if name.isalpha():
        return name
    minutes = int((moment.utcoffset() or UTC.utcoffset(None)).total_seconds() // 60)
    hours, rest = divmod(abs(minutes), 60)
    offset = "" if not minutes else ("+" if minutes > 0 else "-") + str(hours) + (f":{rest:02d}" if rest else "")
    return locale_for_dates(locale).zone_formats["gmt"] % offset


def zone_city(zone: tzinfo | str | None = None, locale: str | Locale | None = None) -> str:
    """Where a zone's clock is, as a label people read: the zone database's city in the reader's language ("Accra",
    "Dar es Salaam", "Bogotá"), never its raw name ("Africa/Accra", issue 33); "UTC" for UTC. Default: the reader's."""
    name = zone if isinstance(zone, str) else getattr(zone, "key", None) if zone is not None else None
    name = name or getattr(reader_zone(), "key", None) or "UTC"
    if name == "UTC" or "/" not in name:
        return name
    return cldr.get_timezone_location(cldr.get_timezone(name), locale=locale_for_dates(locale), return_city=True)


def zone_label(zone: tzinfo | str | None = None, locale: str | Locale | None = None) -> str:
    """A zone for a form's hint: its city and its short name today, "Accra (GMT)"."""
    name = zone if isinstance(zone, str) else getattr(zone, "key", None) if zone is not None else None
    tz = zone_named(name) if name else reader_zone()
    abbreviation = zone_abbreviation(datetime.now(tz), locale)
    city = zone_city(name or tz, locale)
    return city if city == abbreviation else f"{city} ({abbreviation})"


def _clock(moment: datetime | time, loc: Locale) -> str:
    return cldr.format_time(moment, loc.datetime_skeletons["Hm"], tzinfo=None, locale=loc) \
        if isinstance(moment, time) else cldr.format_skeleton("Hm", moment, tzinfo=moment.tzinfo, locale=loc)


def format_datetime(value: datetime | None, format: str = "medium", *, tz: tzinfo | None = None,  # noqa: A002
                    locale: str | Locale | None = None) -> str:
    """A moment in the reader's language and zone (or ``tz`` and ``locale``, for e-mails): "15 Dec 2026, 10:00 GMT"."""
    if value is None:
        return ""
    loc, format = locale_for_dates(locale), _width(format, locale)
    moment = _moment(value, tz)
    if format not in WIDTHS:
        return cldr.format_datetime(moment, format, tzinfo=moment.tzinfo, locale=loc)
    day = cldr.format_date(moment.date(), format, locale=loc)
    clock = f"{_clock(moment, loc)} {zone_abbreviation(moment, loc)}"
    return cldr.get_datetime_format(format, locale=loc).replace("'", "").replace("{0}", clock).replace("{1}", day)


def format_time(value: datetime | time | None, format: str = "short", *, tz: tzinfo | None = None,  # noqa: A002
                locale: str | Locale | None = None) -> str:
    """The clock time ("10:00", the end of a meeting whose start shows the zone); "long" and "full" add the zone."""
    if value is None:
        return ""
    loc = locale_for_dates(locale)
    if isinstance(value, time):
        return _clock(value, loc) if format in WIDTHS else cldr.format_time(value, format, tzinfo=None, locale=loc)
    moment = _moment(value, tz)
    if format not in WIDTHS:
        return cldr.format_time(moment, format, tzinfo=moment.tzinfo, locale=loc)
    clock = _clock(moment, loc)
    return f"{clock} {zone_abbreviation(moment, loc)}" if format in ("long", "full") else clock


def format_date(value: date | datetime | None, format: str = "medium", *, tz: tzinfo | None = None,  # noqa: A002
                locale: str | Locale | None = None) -> str:
    """A day ("15 Dec 2026"); a moment's day is the one where the reader is."""
    if value is None:
        return ""
    day = _moment(value, tz).date() if isinstance(value, datetime) else value
    return cldr.format_date(day, _width(format, locale), locale=locale_for_dates(locale))


def format_skeleton(skeleton: str, value: date | datetime, *, tz: tzinfo | None = None,
                    locale: str | Locale | None = None) -> str:
    """A day or a moment by a CLDR skeleton (the SMS's short dates, "Wed, 9 Dec 2026")."""
    skeleton = "yMd" if numeric(locale) else skeleton
    return cldr.format_skeleton(skeleton, value, tzinfo=tz, locale=locale_for_dates(locale))


def format_span(start: datetime, end: datetime, format: str = "full", *, tz: tzinfo | None = None,  # noqa: A002
                locale: str | Locale | None = None) -> tuple[str, str]:
    """A meeting's start and end, the zone once, after the end: ("Tuesday, 15 December 2026, 10:00", "13:00 GMT");
    an end on another day carries its date."""
    loc, format = locale_for_dates(locale), _width(format, locale)
    first, last = _moment(start, tz), _moment(end, tz)
    day = cldr.format_date(first.date(), format, locale=loc)
    begins = cldr.get_datetime_format(format, locale=loc).replace("'", "").replace("{0}", _clock(first, loc)) \
        .replace("{1}", day)
    ends = f"{_clock(last, loc)} {zone_abbreviation(last, loc)}"
    if last.date() != first.date():
        ends = cldr.get_datetime_format("medium", locale=loc).replace("'", "").replace("{0}", ends) \
            .replace("{1}", cldr.format_date(last.date(), "medium", locale=loc))
    return begins, ends
