"""Fill translations from a JSON file: {"msgid": {"fr": "...", "es": "...", "sw": "...", "ha": "..."}}.

    .venv/bin/python scripts/translate.py new-strings.json

Run `flask i18n update` first so the msgids are in the catalogues; this sets their msgstr (clearing
"fuzzy") and says which untranslated or fuzzy entries remain. Plural entries take a list per locale; an entry with
a context (pgettext) is keyed "context\u0004msgid".
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ("fr", "es", "sw", "ha")


def main(path: str) -> int:
    wanted: dict[str, dict[str, str | list[str]]] = json.loads(Path(path).read_text(encoding="utf-8"))
    missing = 0
    for locale in LOCALES:
        po = ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po"
        with po.open("rb") as f:
            catalogue = read_po(f, locale=locale)
        for key, by_locale in wanted.items():
            context, _sep, msgid = key.rpartition("\x04")  # "context\u0004msgid" for a pgettext entry
            message = next((m for m in catalogue if (m.context or "") == context and
                            (m.id == msgid or (isinstance(m.id, tuple) and m.id[0] == msgid))), None)
            if message is None:
                print(f"{locale}: not in the catalogue (run flask i18n update): {msgid!r}")
                continue
            text = by_locale[locale]
            message.string = tuple(text) if isinstance(message.id, tuple) else text
            message.flags.discard("fuzzy")
        with po.open("wb") as f:
            write_po(f, catalogue)
        left = [m.id for m in catalogue if m.id and (m.fuzzy or not m.string or
                                                      (isinstance(m.string, tuple) and not all(m.string)))]
        missing += len(left)
        for msgid in left:
            print(f"{locale}: still untranslated: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
