"""How an SMS is encoded and how many segments it takes, decided here (fakesmsc shows Kannel's internal bytes, not
what a handset shows). GSM-7: 160 characters in one segment, 153 per segment of a longer message, and the
characters of the extension table (``€ [ ] { } ^ ~ \\ |`` and the form feed) count double. Anything outside the GSM-7
alphabet — Hausa's hooked ɓ ɗ ƙ ƴ, Spanish á í ó ú, the typographic apostrophe ’ — makes the whole message UCS-2:
70 characters, 67 per segment (UTF-16 code units). Baraza sends at most two segments and shortens the text rather
than send a third."""
from __future__ import annotations

from dataclasses import dataclass

MAX_SEGMENTS = 2

GSM7_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = "\f^{}\\[~]|€"
_BASIC = frozenset(GSM7_BASIC)
_EXTENSION = frozenset(GSM7_EXTENSION)

# plain letters for Hausa's hooked ones, for forums whose members' phones cannot show them
PLAIN_HAUSA = str.maketrans({"ɓ": "b", "ɗ": "d", "ƙ": "k", "ƴ": "y", "Ɓ": "B", "Ɗ": "D", "Ƙ": "K", "Ƴ": "Y",
                             "’": "'", "ʼ": "'"})


def is_gsm7(text: str) -> bool:
    return all(c in _BASIC or c in _EXTENSION for c in text)


def encoding(text: str) -> str:
    """``gsm7`` or ``ucs2``."""
    return "gsm7" if is_gsm7(text) else "ucs2"


def units(text: str) -> int:
    """Septets (GSM-7, extension characters count two) or UTF-16 code units (UCS-2)."""
    if is_gsm7(text):
        return sum(2 if c in _EXTENSION else 1 for c in text)
    return len(text.encode("utf-16-be")) // 2


def segments(text: str) -> int:
    n = units(text)
    single, multi = (160, 153) if is_gsm7(text) else (70, 67)
    if n <= single:
        return 1
    return -(-n // multi)


def capacity(text: str, count: int = MAX_SEGMENTS) -> int:
    single, multi = (160, 153) if is_gsm7(text) else (70, 67)
    return single if count == 1 else multi * count


@dataclass(frozen=True)
class Fitted:
    text: str
    encoding: str
    segments: int
    shortened: bool


def fit(text: str, *, keep_end: str = "", max_segments: int = MAX_SEGMENTS) -> Fitted:
    """``text`` + ``keep_end`` within ``max_segments``: the end (e.g. the reply code) is kept whole and the text
    before it is cut at a word, with an ellipsis ("..." in GSM-7, "…" in UCS-2), when the whole would not fit."""
    whole = text + keep_end
    if segments(whole) <= max_segments:
        return Fitted(whole, encoding(whole), segments(whole), False)
    ellipsis = "..." if is_gsm7(whole) else "…"
    room = capacity(whole, max_segments) - units(keep_end + ellipsis)
    cut = text
    while cut and units(cut) > room:
        cut = cut[:-1]
    head, _, _ = cut.rpartition(" ")
    cut = (head if len(head) > len(cut) * 0.6 else cut).rstrip(" ,.;:-")
    out = cut + ellipsis + keep_end
    while segments(out) > max_segments and cut:  # the encoding of a cut text can only get cheaper, but be sure
        cut = cut[:-1]
        out = cut + ellipsis + keep_end
    return Fitted(out, encoding(out), segments(out), True)


def clip(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word (a forum's name at the head of an SMS)."""
    if len(text) <= limit:
        return text
    head = text[:limit].rsplit(" ", 1)[0]
    return head.rstrip(" ,.;:-–—(") or text[:limit]
