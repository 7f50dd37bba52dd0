"""How an SMS is encoded and how many segments it takes, decided here (fakesmsc shows Kannel's internal bytes, not
what a handset shows). GSM-7: 160 characters in one segment, 153 per segment of a longer message, and the
characters of the extension table (``€ [ ] { } ^ ~ \\ |`` and the form feed) count double. Anything outside the GSM-7
alphabet — Hausa's hooked ɓ ɗ ƙ ƴ, Spanish á í ó ú, the typographic apostrophe ’ — makes the whole message UCS-2:
70 characters, 67 per segment (UTF-16 code units). Baraza sends at most two segments: the SMS builder
(webapp/notices/sms/builder.py) shortens a text rather than send a third, after making it GSM-7 where the language
allows (webapp/notices/sms/gsm.py)."""
from __future__ import annotations

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
