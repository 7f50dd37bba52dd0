
from flask_babel import lazy_gettext as _l
from wtforms import EmailField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, Regexp, ValidationError

from webapp.core.forms import Form, MultiCheckboxField
from webapp.core.text import SHORT_NAME
from webapp.core.zones import is_zone


class ForumForm(Form):
    name = StringField(_l("Name of the forum"), validators=[DataRequired(_l("Please enter a name.")),
                                                            Length(max=200)])
    slug = StringField(_l("Short name in web addresses"), validators=[
        DataRequired(_l("Please enter a short name.")),
        Regexp(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$",
               message=_l("Use lower-case letters, digits and hyphens only, e.g. ghana-nsccl."))])
    kind = SelectField(_l("Kind of forum"), choices=[])
    country = StringField(_l("Country code (two letters)"), validators=[
        Optional(), Regexp(r"^[A-Za-z]{2}$", message=_l("Use the two-letter code, e.g. GH."))])
    default_locale = SelectField(_l("Main language"), choices=[])
    enabled_locales = MultiCheckboxField(_l("Other languages"), choices=[])
    timezone = StringField(_l("Time zone"), default="UTC", validators=[DataRequired(_l("Please enter a time zone."))])
    secretariat_name = StringField(_l("Name of the first secretariat member"),
                                   validators=[DataRequired(_l("Please enter a name.")), Length(max=200)])
    secretariat_email = EmailField(_l("Their email"), validators=[
        DataRequired(_l("Please enter an email address.")),
        Email(message=_l("This email address does not look right."), check_deliverability=False),
        Length(max=254)])

    def fill_choices(self) -> None:
        from webapp.core.i18n import LANGUAGES
        from webapp.core.labels import forum_kind_labels

        self.kind.choices = [(k, str(v)) for k, v in forum_kind_labels().items()]
        self.default_locale.choices = list(LANGUAGES.items())
        self.enabled_locales.choices = list(LANGUAGES.items())

    def validate_timezone(self, field: StringField) -> None:
        if not is_zone(field.data):
            raise ValidationError(_l("Unknown time zone. Use a name such as Africa/Accra."))


class ShortNameForm(Form):
    """Who a forum's SMS are from."""

    short_name = StringField(_l("Short name in SMS (e.g. NSCCL)"), validators=[
        DataRequired(_l("Please enter a short name.")),
        Regexp(SHORT_NAME.pattern, message=_l("2 to 12 capital letters, digits or hyphens, e.g. NSCCL or ASM-RT."))],
        filters=[lambda v: (v or "").strip().upper()])


class SmsAllowanceForm(Form):
    """A forum's monthly SMS allowance, in segments (empty: the platform default)."""

    allowance = IntegerField(_l("SMS per month"), validators=[
        Optional(), NumberRange(min=0, max=10_000_000, message=_l("Enter a whole number of SMS, 0 or more."))])
