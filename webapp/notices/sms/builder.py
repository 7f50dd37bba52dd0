"""The one way an SMS text is written (DESIGN.md, "SMS"): pure functions, no database, no request.

An SMS is built from fields with priorities — who sends (the forum's short name), what (the kind's sentence and a
title), when (date and time in the member's zone, the zone named short), where (short), the reply code and the reply
words, and in a confirmation the answer recorded — in the member's notice language (webapp/notices/sms/sentences.py).
The text is made GSM-7 where the language allows (webapp/notices/sms/gsm.py). When it does not fit one segment, the
lowest-priority field is shortened first, each down to a floor: the place, then the title, then the forum's short
name; the date, time, code, reply words and answer are never cut. When one segment cannot hold the floors, the whole
text is fitted again within two segments (the most Baraza sends); when even two cannot hold the floors (a UCS-2
text), the place is left out and the title shortened further (LAST_RESORT).

The outbox (services.queue_sms) takes only an ``Sms`` made here: an SMS text built anywhere else is refused, and
tests/core/test_architecture.py fails on code outside this module that makes one."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime

from babel import Locale, UnknownLocaleError

from webapp.core.dates import format_skeleton, format_time, locale_for_dates
from webapp.core.zones import zone_named
from webapp.notices.sms import encoding, gsm, sentences

MAX_SEGMENTS = encoding.MAX_SEGMENTS
# the fields that may be shortened, lowest priority first, and how short each may get before the next is cut
CUT_ORDER = ("where", "title", "who")
FLOOR = {"where": 14, "title": 20, "who": 12}
# when even two segments cannot hold those (a UCS-2 text: 67 characters a segment), the place goes, the title shrinks
LAST_RESORT = {"where": 0, "title": 6, "who": 12}
_EMPTY_SLOT = re.compile(r",\s*(?=[.,])")  # a place left out: "10:00 GMT, ." -> "10:00 GMT."
_DOUBLE_STOP = re.compile(r"(\.\.\.|\u2026)\.")  # a cut field at the end of a sentence: one stop
# the one placeholder pattern of every sentence, built in or written by a forum (issue 46): {name}, a name of SLOTS;
# the builder fills it itself (never str.format or a template engine: a forum's sentence is data, not code)
SLOTS = ("who", "title", "date", "time", "where", "code", "answer", "listen")
SLOT = re.compile(r"\{([a-z]+)\}")


@dataclass(frozen=True)
class Fields:
    """What an SMS says. ``when`` is a moment (shown with its time in ``zone``), ``day`` a date without a time (an
    action's due date); ``answer`` is "yes", "no" or "maybe" (a proposal's: "agree", "agree_with_reservations",
    "abstain", "object"); ``online`` names the place when there is no venue."""

    who: str = ""
    title: str = ""
    when: datetime | None = None
    day: date | None = None
    zone: str = "UTC"
    where: str = ""
    online: bool = False
    code: str = ""
    answer: str = ""
    listen: str = ""  # a recording's short link (issue 46): the meeting read aloud in the member's language


@dataclass(frozen=True)
class Draft:
    """An SMS to build: its kind (a sentence of sentences.KINDS) and fields; the member's language comes later."""

    kind: str
    fields: Fields


@dataclass(frozen=True)
class Rules:
    """The forum's choices: accents GSM-7 lacks dropped in the languages that allow it; Hausa in plain letters."""

    plain_accents: bool = True
    plain_hausa: bool = False


@dataclass(frozen=True)
class Sms:
    """A built SMS, the only thing the outbox accepts."""

    kind: str
    locale: str
    text: str
    encoding: str
    segments: int
    shortened: bool


def slots(sentence: str) -> list[str]:
    """The placeholders of ``sentence``, in order (unknown names included, for a forum's sentence to be refused)."""
    return SLOT.findall(sentence)


def fill(sentence: str, values: dict[str, str]) -> str:
    """``sentence`` with each {slot} replaced by its value; anything else is left as written."""
    return SLOT.sub(lambda m: values.get(m.group(1), m.group(0)), sentence)


def _dates_locale(locale: str) -> Locale:
    """Babel's locale for dates in ``locale``; a language Babel does not know writes them in the numeric form of
    plain English (9/12/2026)."""
    try:
        return locale_for_dates(locale)
    except (UnknownLocaleError, ValueError):
        return locale_for_dates("en")


def when_texts(fields: Fields, locale: str, lang: sentences.Language | None = None) -> tuple[str, str]:
    """(date, time with its zone) in ``locale`` and the member's zone: ("Wed, 9 Dec 2026", "09:00 GMT")."""
    lang = lang or sentences.language(locale)
    loc = _dates_locale(locale)
    locale = locale if loc.language != "en" or locale.startswith("en") else "en"
    if fields.when is not None:
        zone = zone_named(fields.zone or "UTC")
        moment = fields.when.astimezone(zone)
        return format_skeleton(lang.date, moment, tz=zone, locale=loc), \
            format_time(moment, "long", tz=zone, locale=locale)
    if fields.day is not None:
        return format_skeleton(lang.date, fields.day, locale=loc), ""
    return "", ""


def _sentence(kind: str, fields: Fields, lang: sentences.Language, code: str) -> str:
    if kind not in lang.sentences:
        raise ValueError(f"no SMS sentence for {kind!r}")
    text = lang.sentences[kind]
    if kind in sentences.ANSWERED and fields.code:
        text += " " + lang.reply
    elif kind in sentences.PROPOSAL_ANSWERED and fields.code:
        text += " " + lang.proposal.reply
    elif kind in sentences.UPDATE_REMINDED and fields.code:
        text += " " + sentences.UPDATE_REPLY[code]
    if kind in sentences.LISTENED and fields.listen:
        text += " " + sentences.LISTEN.get(code, "{listen}")
    return text


def _cut(value: str, limit: int, ellipsis: str) -> str:
    """``value`` in at most ``limit`` characters, the ellipsis included, at a word where that keeps most of it."""
    if len(value) <= limit:
        return value
    room = limit - len(ellipsis)
    if room <= 0:
        return ""
    head = value[:room]
    at_word = head.rsplit(" ", 1)[0] if " " in head and not value[room:room + 1].isspace() else head
    if len(at_word) >= room * 0.5:
        head = at_word
    return head.rstrip(" ,.;:-(\"'") + ellipsis


def _render(template: str, values: dict[str, str]) -> str:
    text = _EMPTY_SLOT.sub("", fill(template, values))
    return " ".join(_DOUBLE_STOP.sub(r"\1", text).split())


def _fit(template: str, full: dict[str, str], segments: int, floors: dict[str, int]) -> str | None:
    """The text within ``segments``, cutting the fields of CUT_ORDER in turn down to their floors; None if it cannot."""
    values = dict(full)
    for name in CUT_ORDER:
        while True:
            text = _render(template, values)
            if encoding.segments(text) <= segments:
                return text
            now = len(values[name])
            if now <= floors[name]:
                break
            over = encoding.units(text) - encoding.capacity(text, segments)
            ellipsis = "..." if encoding.is_gsm7(text) else "\u2026"
            values[name] = _cut(full[name], max(floors[name], min(now - 1, now - over)), ellipsis)
    text = _render(template, values)
    return text if encoding.segments(text) <= segments else None


def build(draft: Draft, locale: str | None, rules: Rules = Rules(),  # noqa: B008 (a frozen dataclass)
          own: sentences.Language | None = None) -> Sms:
    """The SMS of ``draft`` in ``locale``: GSM-7 where the language allows, one segment where possible, two at most.
    ``own``: the forum's own sentences of ``locale`` (a language the built-in tables lack, issue 46)."""
    if own is not None:
        lang, code = own, (locale or "en")
    else:
        lang = sentences.language(locale)
        code = (locale or "en").split("_")[0]
        code = code if code in sentences.LANGUAGES else "en"
    fields = draft.fields
    plain = {"plain_accents": rules.plain_accents and (own is not None or code in sentences.PLAIN_ACCENTS),
             "plain_hausa": rules.plain_hausa and code == "ha"}

    def norm(text: str) -> str:
        return gsm.normalise(text, **plain)

    day, clock = when_texts(fields, code, lang)
    if own is not None and not encoding.is_gsm7(norm(day + clock)):  # Babel's Twi months (Ɔpɛnimma) would force UCS-2
        day, clock = when_texts(fields, "en", replace(lang, date="yMd"))
    where = fields.where or (lang.online if fields.online else "")
    full = {"who": norm(fields.who), "title": norm(fields.title), "where": norm(where), "date": norm(day),
            "time": norm(clock), "code": norm(fields.code),
            "answer": norm(lang.answer(fields.answer)) if fields.answer else "", "listen": fields.listen}
    template = norm(_sentence(draft.kind, fields, lang, code))
    whole = text = _render(template, full)
    if encoding.segments(text) > 1:
        text = (_fit(template, full, 1, FLOOR) or _fit(template, full, MAX_SEGMENTS, FLOOR)
                or _fit(template, full, MAX_SEGMENTS, LAST_RESORT) or "")
        if not text:
            raise ValueError(f"the {draft.kind} SMS cannot fit {MAX_SEGMENTS} segments")
    return Sms(draft.kind, code, text, encoding.encoding(text), encoding.segments(text), text != whole)


def with_fields(draft: Draft, **changes: object) -> Draft:
    """The same draft with some fields changed (a code known only when the SMS goes out)."""
    return Draft(draft.kind, replace(draft.fields, **changes))  # type: ignore[arg-type]
