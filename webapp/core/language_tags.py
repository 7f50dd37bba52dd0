"""Language tags (BCP 47) of languages beyond the interface's five (issue 46): Twi (tw), Dagbani (dag), Zarma (dje),
Quechua of Peru (qu-PE), read from what a person types: a language's name or its tag. The tag's check and writing
have one home, ``languages.normal_tag`` (webapp/core/languages.py), wherever a forum names a language: SMS sentences
of its own, interpretation at a meeting, a support request for interpretation."""
from __future__ import annotations

from webapp.core.languages import normal_tag


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
