"""Language tags (BCP 47) of languages beyond the interface's five (issue 46): Twi (tw), Dagbani (dag), Zarma (dje),
Quechua of Peru (qu-PE). One rule for writing them, wherever a forum names a language: SMS sentences of its own,
interpretation at a meeting, a support request for interpretation."""
from __future__ import annotations

import re

# language (2-3 letters), then script, region and variants
TAG = re.compile(r"^[a-z]{2,3}(-[a-z]{4})?(-([a-z]{2}|[0-9]{3}))?(-([a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*$")


def normal_tag(code: str | None) -> str:
    """``code`` written as BCP 47 recommends (tw, qu-PE, sr-Latn-RS); "" when it is no tag."""
    code = (code or "").strip().replace("_", "-").lower()
    if not TAG.match(code):
        return ""
    parts = code.split("-")
    return "-".join([parts[0]] + [p.title() if i == 1 and len(p) == 4 and p.isalpha() else
                                  p.upper() if len(p) == 2 else p for i, p in enumerate(parts[1:], 1)])


def tag_of(text: str | None, reader: str = "en") -> str:
    """The tag of a language given by its name (in English or the reader's language: "Twi", "twi", "Akan") or by its
    tag ("tw", "qu-PE"); "" when it is neither."""
    from babel import Locale, UnknownLocaleError

    wanted = " ".join((text or "").split()).casefold()
    for locale in dict.fromkeys((reader or "en", "en")):
        try:
            names = Locale.parse(locale.replace("-", "_")).languages
        except (UnknownLocaleError, ValueError):
            continue
        found = next((code for code, name in names.items() if name.casefold() == wanted), None)
        if found:
            return normal_tag(found)
    return normal_tag(text)
