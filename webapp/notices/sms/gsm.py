"""Text made GSM-7 where the language allows, before it is encoded (webapp/notices/sms/encoding.py counts it).

Two rules, applied to every character GSM-7 lacks:
- typographic punctuation has a GSM-7 twin in every language: dashes (— –) become "-", the ellipsis "...", curly
  quotes and guillemets (‘ ’ “ ” « ») straight ones, non-breaking and thin spaces a space;
- in the languages whose readers write SMS without accents (sentences.PLAIN_ACCENTS: French, Spanish, Swahili, and
  English for borrowed names), when the forum keeps the rule on (its setting ``sms_plain_accents``, on by default), a
  letter GSM-7 lacks loses its accent: ó → o, ç → c, ê → e, È → E. GSM-7's own accented letters stay (é è à ù ì ò
  Ç É Ñ ñ Ü ü Ö ö Ä ä Å å Ø ø Æ æ ß). A letter whose loss changes the word (Hausa's ɓ ɗ ƙ ƴ) is kept, and the SMS is
  UCS-2 — unless the forum chose plain Hausa letters (``sms_plain_hausa``)."""
from __future__ import annotations

import unicodedata

from webapp.notices.sms import encoding

TYPOGRAPHIC = str.maketrans({
    "\u2014": "-", "\u2013": "-", "\u2012": "-", "\u2010": "-", "\u2011": "-", "\u2212": "-",  # dashes, minus
    "\u2026": "...",
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2039": "'", "\u203a": "'", "\u02bc": "'", "\u00b4": "'",
    "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "\u200a": " ", "\u2002": " ", "\u2003": " ",
    "\u200b": "", "\u2060": "", "\ufeff": "",
    "\u2022": "-", "\u00b7": "-",
})


LIGATURES = {"œ": "oe", "Œ": "OE", "ĳ": "ij", "ﬁ": "fi", "ﬂ": "fl"}


def _plain(char: str) -> str:
    """``char`` without its accent, if that gives GSM-7 letters (else ``char`` itself)."""
    if char in LIGATURES:
        return LIGATURES[char]
    bare = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    return bare if bare and encoding.is_gsm7(bare) else char


def normalise(text: str, *, plain_accents: bool, plain_hausa: bool = False) -> str:
    """``text`` with typographic punctuation in GSM-7, accents GSM-7 lacks dropped if ``plain_accents``, Hausa's hooked
    letters plain if ``plain_hausa``; runs of spaces made one."""
    text = text.translate(TYPOGRAPHIC)
    if plain_hausa:
        text = text.translate(encoding.PLAIN_HAUSA)
    if plain_accents and not encoding.is_gsm7(text):
        text = "".join(c if encoding.is_gsm7(c) else _plain(c) for c in text)
    return " ".join(text.split())
