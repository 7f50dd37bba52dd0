"""The base form: Flask-WTF's, with WTForms' own messages ("This field is required." ...) in all five languages.

Flask-WTF translates those messages with the catalogues WTForms ships, which have French and Spanish but no
Swahili or Hausa. Our catalogues carry them (listed below so that `flask i18n extract` finds them, and
translated with the glossary's terms); WTForms' catalogue is the fallback for any message not listed.
"""
from __future__ import annotations

from typing import Any

from flask import has_request_context
from flask_babel import get_translations
from flask_wtf import FlaskForm
from flask_wtf.i18n import translations as wtforms_translations


def gettext(message: str) -> str:  # a marker for extraction; the text is translated when shown
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural


WTFORMS_MESSAGES = (
    gettext("This field is required."), gettext("Not a valid choice."), gettext("Invalid Choice: could not coerce."),
    gettext("Invalid choice(s): one or more data inputs could not be coerced."),
    gettext("Not a valid integer value."), gettext("Not a valid decimal value."), gettext("Not a valid float value."),
    gettext("Not a valid date value."), gettext("Not a valid time value."), gettext("Not a valid datetime value."),
    gettext("Number must be at least %(min)s."), gettext("Number must be at most %(max)s."),
    gettext("Number must be between %(min)s and %(max)s."), gettext("Invalid email address."),
    gettext("Invalid URL."), gettext("Invalid input."), gettext("Field must be equal to %(other_name)s."),
    ngettext("Field must be at least %(min)d character long.", "Field must be at least %(min)d characters long.", 2),
    ngettext("Field cannot be longer than %(max)d character.", "Field cannot be longer than %(max)d characters.", 2),
    ngettext("Field must be exactly %(max)d character long.", "Field must be exactly %(max)d characters long.", 2),
    gettext("Field must be between %(min)d and %(max)d characters long."),
    ngettext("'%(value)s' is not a valid choice for this field.",
             "'%(value)s' are not valid choices for this field.", 2),
)


class _Translations:
    def gettext(self, string: str) -> str:
        if has_request_context():
            translated = get_translations().ugettext(string)
            if translated != string:
                return translated
        return wtforms_translations.gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        if has_request_context():
            translated = get_translations().ungettext(singular, plural, n)
            if translated not in (singular, plural):
                return translated
        return wtforms_translations.ngettext(singular, plural, n)


TRANSLATIONS = _Translations()


class Form(FlaskForm):
    class Meta(FlaskForm.Meta):
        def get_translations(self, form: Any) -> _Translations:
            return TRANSLATIONS


class EmptyForm(Form):
    """Only the CSRF token: for buttons that act (resend, remove, move, cancel)."""
