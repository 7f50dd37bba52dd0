"""Which characters a piece of text may hold: one rule for forms, services and the mail layer.

- One-line text (names of forums, members, organisations, committees; titles; venues; email
  subjects and display names): no control character at all — C0 (NUL, TAB, LF, CR …), DEL, C1 —
  and no Unicode line or paragraph separator. A line break in a forum's name ends up in the
  From: header of every notice, where it either breaks the message or injects a header.
- Multi-line text (descriptions, minutes, notes): line breaks and tabs are fine; the other C0
  controls and DEL are not (PostgreSQL refuses NUL in text, and the rest are invisible junk).
"""
from __future__ import annotations

import re

ONE_LINE_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
MULTI_LINE_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_RUNS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def is_one_line(value: str | None) -> bool:
    """True if ``value`` (None counts as empty) has no control character and no line separator."""
    return not value or ONE_LINE_FORBIDDEN.search(value) is None


def is_clean_text(value: str | None) -> bool:
    """True if ``value`` has no control character other than TAB, LF and CR."""
    return not value or MULTI_LINE_FORBIDDEN.search(value) is None


def one_line(value: str | None) -> str:
    """``value`` made safe for one line (an email header, a calendar parameter): every run of control
    characters and line separators becomes one space. For data that is already stored; new input is
    refused instead (the SingleLine validator, the services)."""
    return _RUNS.sub(" ", value or "").strip()


def normalise_email(email: str | None) -> str:
    """An address as Baraza stores and compares it: no surrounding spaces, lower case ("" for none). Accounts,
    members and a forum's reply-to address all go through here, so one address is one person everywhere."""
    return (email or "").strip().lower()


SHORT_NAME = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,11}$")  # a forum's short name: NSCCL, IDAK, ASM-RT
_SMALL_WORDS = frozenset({"a", "an", "and", "at", "de", "des", "du", "d", "en", "et", "for", "in", "l", "la", "le",
                          "les", "of", "on", "the", "to", "y", "los", "las", "del", "da", "na", "wa", "ya", "kwa",
                          "ga"})


def suggest_short_name(name: str) -> str:
    """A forum's short name from its initials ("National Steering Committee on Child Labour (Ghana)" -> "NSCCL"): the
    capitals of its significant words, without the part in brackets, up to twelve; a word written in capitals (ASM)
    is kept whole."""
    import unicodedata

    plain = "".join(c for c in unicodedata.normalize("NFD", name or "") if not unicodedata.combining(c))
    plain = re.sub(r"\([^)]*\)", " ", plain)
    words = [w for w in re.split(r"[^A-Za-z0-9]+", plain) if w]
    out = ""
    for w in words:
        if w in _SMALL_WORDS and out:
            continue
        out += w if (w.isupper() and len(w) > 1) or w.isdigit() else w[0].upper()
    out = out[:12]
    return out if len(out) >= 2 else ("".join(words).upper() + "FORUM")[:5]
