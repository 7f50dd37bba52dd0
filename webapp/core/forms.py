"""The base form: Flask-WTF's, with WTForms' own messages ("This field is required." ...) in all five languages.

Flask-WTF translates those messages with the catalogues WTForms ships, which have French and Spanish but no
Swahili or Hausa. Our catalogues carry them (listed below so that `flask i18n extract` finds them, and
translated with the glossary's terms); WTForms' catalogue is the fallback for any message not listed.
"""
from __future__ import annotations

from typing import Any

from flask import has_request_context
from flask_babel import get_translations
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.i18n import translations as wtforms_translations
from wtforms import Field, HiddenField, PasswordField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from webapp.core.text import is_clean_text, is_one_line
from webapp.core.zones import is_zone, zone_names


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


ONE_LINE_MESSAGE = _l("Please write this on one line, without line breaks, tabs or other control characters.")
CONTROL_MESSAGE = _l("This text contains an invisible control character (such as NUL) that cannot be saved. "
                     "Please remove it.")


class _CharacterRule:
    allowed: Any = staticmethod(is_one_line)
    default_message: Any = ONE_LINE_MESSAGE

    def __init__(self, message: str | None = None) -> None:
        self.message = message

    def __call__(self, form: Any, field: Field) -> None:
        if isinstance(field.data, str) and not self.allowed(field.data):
            raise ValidationError(self.message or self.default_message)


class SingleLine(_CharacterRule):
    """Refuses control characters (CR, LF, NUL, TAB …) and line separators in a one-line field."""


class NoControlCharacters(_CharacterRule):
    """Refuses control characters other than line breaks and tabs (e.g. NUL) in a multi-line field."""

    allowed = staticmethod(is_clean_text)
    default_message = CONTROL_MESSAGE


def text_rule(field: Field) -> SingleLine | NoControlCharacters | None:
    """The character rule every text field of the project gets: TextAreaField and HiddenField →
    NoControlCharacters, any other StringField (EmailField, URLField, SearchField …) → SingleLine. Passwords are exempt
    (hashed, never shown, and refusing characters in them only locks people out)."""
    if isinstance(field, TextAreaField | HiddenField):  # a hidden field carries data, e.g. a CSV file's lines
        return NoControlCharacters()
    if isinstance(field, StringField) and not isinstance(field, PasswordField):
        return SingleLine()
    return None


class Form(FlaskForm):
    """Every form of the project. Binding adds ``text_rule`` to each text field, so no field can be
    forgotten (tests/core/test_forms.py walks every form class to make sure)."""

    class Meta(FlaskForm.Meta):
        def get_translations(self, form: Any) -> _Translations:
            return TRANSLATIONS

        def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Field:
            field = super().bind_field(form, unbound_field, options)
            rule = text_rule(field)
            if rule is not None and not any(isinstance(v, type(rule)) for v in field.validators):
                field.validators = [*field.validators, rule]
            return field


class EmptyForm(Form):
    """Only the CSRF token: for buttons that act (resend, remove, move, cancel)."""


TIME_ZONE_MESSAGE = _l("Please choose a time zone from the list.")


class TimeZoneField(SelectField):
    """A person's time zone: first "" (the default, named by ``fill``: the forum's), then the zone to show first (the
    forum's), then every Area/City zone; anything else is refused with a message."""

    def __init__(self, label: Any = None, validators: Any = None, **kwargs: Any) -> None:
        super().__init__(label, validators, choices=[], coerce=lambda v: v or "", default="", validate_choice=False,
                         **kwargs)

    def fill(self, default_label: Any, first: str | None = None) -> None:
        names = [first] if first and is_zone(first) else []
        self.choices = [("", default_label)] + [(z, z.replace("_", " ")) for z in names + [
            z for z in zone_names() if z not in names]]

    def process_data(self, value: Any) -> None:
        self.data = value or ""

    def pre_validate(self, form: Any) -> None:
        if self.data and not is_zone(self.data):
            raise ValidationError(TIME_ZONE_MESSAGE)


class MultiCheckboxField(SelectMultipleField):
    """Several choices as a list of checkboxes (languages, organisations ...)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
