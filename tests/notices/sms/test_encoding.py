"""The encoding and segment count of an SMS, decided in Python (fakesmsc shows Kannel's internal bytes)."""
import pytest

from webapp.notices.sms import encoding


@pytest.mark.parametrize(("text", "enc", "segments"), [
    ("a" * 160, "gsm7", 1),
    ("a" * 161, "gsm7", 2),
    ("a" * 306, "gsm7", 2),
    ("a" * 307, "gsm7", 3),
    ("€" * 80, "gsm7", 1),  # the extension table counts double: 160 septets
    ("€" * 81, "gsm7", 2),
    ("[]{}^~\\|" * 19, "gsm7", 2),  # 304 septets
    ("[]{}^~\\|" * 20, "gsm7", 3),  # 320 septets
    ("é è ù ì ò à ñ ü ö ä Ç" * 3, "gsm7", 1),  # French and Spanish letters GSM-7 has
    ("reçu", "ucs2", 1),  # ç (and ê â ô î û) are not in it
    ("ɓ" * 70, "ucs2", 1),
    ("ɓ" * 71, "ucs2", 2),
    ("ɗ" * 134, "ucs2", 2),
    ("ƙ" * 135, "ucs2", 3),
    ("a" * 69 + "ƴ", "ucs2", 1),
    ("canción", "ucs2", 1),  # ó is not GSM-7
    ("l’ordre du jour", "ucs2", 1),  # the typographic apostrophe forces UCS-2
    ("l'ordre du jour", "gsm7", 1),
])
def test_encoding_and_segments(text, enc, segments):
    assert encoding.encoding(text) == enc
    assert encoding.segments(text) == segments


def test_plain_letters_for_hausa_make_gsm7():
    text = "Taron ƙungiyar ɗan ma’adinai: ɓangare ƴaƴa"
    assert encoding.encoding(text) == "ucs2"
    plain = text.translate(encoding.PLAIN_HAUSA)
    assert plain == "Taron kungiyar dan ma'adinai: bangare yaya"
    assert encoding.encoding(plain) == "gsm7"


def test_fakesmsc_output_is_parsed_and_parts_joined():
    from devtools.kannel_local import parse_fakesmsc

    log = ("x DEBUG: Got message 1: <Baraza +233201234567 text Hello world>\n"
           "x DEBUG: Got message 2: <Baraza +2332 udh %05%00%03%07%02%01 data %00T%00a>\n"
           "x DEBUG: Got message 3: <Baraza +2332 udh %05%00%03%07%02%02 data %02S>\n")
    got = parse_fakesmsc(log)
    assert [(r.text, r.parts) for r in got] == [("Hello world", 1), ("Taɓ", 2)]
