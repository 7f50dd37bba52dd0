from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from webapp.core import languages as working_languages
from webapp.core.forms import Form
from webapp.members.forms import _valid_phone


class RegistrationForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Please enter a name.")), Length(max=200)])
    email = EmailField(_l("Email"), validators=[
        DataRequired(_l("Please enter an email address.")),
        Email(message=_l("This email address does not look right."), check_deliverability=False), Length(max=254)])
    phone = StringField(_l("Phone (optional)"), validators=[Optional(), Length(max=40), _valid_phone])
    language = SelectField(_l("Language"), choices=[])
    access_needs = TextAreaField(_l("Accessibility needs (optional: interpretation, captions, step-free access…)"),
                                 validators=[Optional(), Length(max=2000)])

    def fill_choices(self, languages: list[str]) -> RegistrationForm:
        self.language.choices = [(code, working_languages.own_name(code)) for code in languages]
        return self


class CapacityForm(Form):
    capacity = IntegerField(_l("Seats"), validators=[
        DataRequired(_l("Please enter the number of seats.")), NumberRange(min=1, max=100_000)])
