"""Phone numbers (the one home for them): parsed with the ``phonenumbers`` library, stored in E.164, the forum's
country the default region for numbers written without their country code."""
from __future__ import annotations

import phonenumbers


class InvalidPhone(ValueError):
    pass


def normalise(raw: str | None, region: str | None) -> str | None:
    """E.164 (``+233201234567``) for a valid number, None for an empty one; InvalidPhone otherwise."""
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        number = phonenumbers.parse(raw, (region or "").upper() or None)
    except phonenumbers.NumberParseException as e:
        raise InvalidPhone(raw) from e
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone(raw)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display(e164: str | None) -> str:
    """The number as people write it internationally (``+233 20 123 4567``)."""
    if not e164:
        return ""
    try:
        return phonenumbers.format_number(phonenumbers.parse(e164, None),
                                          phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    except phonenumbers.NumberParseException:
        return e164
