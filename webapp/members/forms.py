from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp, ValidationError

from tenants.context import current_tenant
from webapp.core import languages, phones
from webapp.core.forms import EmptyForm as EmptyForm  # noqa: F401  (one for every feature)
from webapp.core.forms import Form, TimeZoneField
from webapp.core.permissions import ROLES
from webapp.core.zones import forum_zone_name
from webapp.members import labels

LANG_CODES = re.compile(r"[a-z]{2,3}")


def _coerce_int(value: object) -> int | None:
    try:
        return int(value) if value not in (None, "", "None") else None
    except (TypeError, ValueError):
        return None


def _coerce_youth(value: object) -> bool | None:
    return {"yes": True, "no": False, True: True, False: False}.get(value)  # type: ignore[arg-type]


class LanguagesField(StringField):
    """Languages spoken, typed as codes separated by commas or spaces (en, fr, tw...)."""

    def process_formdata(self, valuelist: list[str]) -> None:
        raw = valuelist[0] if valuelist else ""
        self.raw = raw
        self.data = [c for c in dict.fromkeys(re.split(r"[\s,;/]+", raw.strip().lower())) if c]

    def _value(self) -> str:
        return ", ".join(self.data or [])

    def pre_validate(self, form: Form) -> None:
        bad = [c for c in self.data or [] if not LANG_CODES.fullmatch(c)]
        if bad:
            raise ValidationError(_l("Use two- or three-letter language codes such as en, fr, sw, tw: "
                                     "“%(value)s” is not one.", value=bad[0]))


def _valid_phone(form: Form, field: StringField) -> None:
    """E.164 with the forum's country as the default region (webapp/core/phones.py); the service stores it so."""
    tenant = current_tenant()
    try:
        phones.normalise(field.data, tenant.country if tenant else None)
    except phones.InvalidPhone:
        raise ValidationError(_l("“%(value)s” is not a valid phone number. Write it with its country code, e.g. "
                                 "+233 20 123 4567.", value=(field.data or "")[:40])) from None


class ProfileForm(Form):
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=40), _valid_phone],
                        description=_l("With the country code, e.g. +233 20 123 4567, for notices by SMS"))
    channels = SelectField(_l("Notices reach me by"), choices=[], default="email")
    sms_consent = BooleanField(_l("I agree to receive notices by SMS"))
    gender = SelectField(_l("Gender (as you describe yourself)"), choices=[], default="undisclosed")
    youth = SelectField(_l("Under 35?"), choices=[], coerce=lambda v: v or "", default="")
    languages = LanguagesField(_l("Languages you speak"), description=_l("Codes separated by commas, e.g. en, tw, ha"))
    locale = SelectField(_l("Language for notices"), choices=[], coerce=lambda v: v or "", default="")
    region = StringField(_l("Region"), validators=[Optional(), Length(max=100)])
    consent_public_name = BooleanField(_l("Show my name on the forum's public pages"))
    notify_reminders = BooleanField(_l("Send me reminders before meetings and due dates"))
    notify_digests = BooleanField(_l("Send me digests"))

    def fill_choices(self) -> None:
        self.gender.choices = list(labels.genders().items())
        self.youth.choices = [("", _l("Prefer not to say")), ("yes", _l("Yes")), ("no", _l("No"))]
        self.locale.choices = [("", _l("The forum's language"))] + languages.member_choices()  # issue 46
        self.channels.choices = [("email", _l("Email")), ("sms", _l("SMS")), ("both", _l("Email and SMS"))]

    def validate_channels(self, field: SelectField) -> None:
        if field.data in ("sms", "both") and not (self.phone.data or "").strip():
            raise ValidationError(_l("SMS needs a phone number: enter one, or choose email."))

    def values(self) -> dict[str, object]:
        return {"phone": self.phone.data or None, "gender": self.gender.data, "youth": _coerce_youth(self.youth.data),
                "languages": self.languages.data or [], "locale": self.locale.data or None,
                "region": self.region.data or None, "consent_public_name": self.consent_public_name.data,
                "notify_reminders": self.notify_reminders.data, "notify_digests": self.notify_digests.data,
                "channels": self.channels.data or "email", "sms_consent": self.sms_consent.data}


class MemberForm(ProfileForm):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Please enter a name.")), Length(max=200)])
    email = EmailField(_l("Email"), validators=[
        Optional(), Email(message=_l("This email address does not look right."), check_deliverability=False),
        Length(max=254)])
    role = SelectField(_l("Role in the forum"), choices=[])
    organisation_id = SelectField(_l("Organisation"), choices=[], coerce=_coerce_int, validate_choice=False)
    constituency = SelectField(_l("Constituency"), choices=[], coerce=lambda v: v or "", default="")
    alternate_of_id = SelectField(_l("Alternate of"), choices=[], coerce=_coerce_int, validate_choice=False)
    term_start = DateField(_l("Term starts"), validators=[Optional()])
    term_end = DateField(_l("Term ends"), validators=[Optional()])
    active = BooleanField(_l("Active"), default=True)
    # the secretariat records a member's consent to SMS (e.g. given at a meeting), for members without e-mail above all
    sms_consent = BooleanField(_l("The member agrees to receive notices by SMS"))
    # a capability on top of the role (issue 27), not a role of its own
    may_translate = BooleanField(_l("May translate the forum's content (agendas, titles, decisions)"))
    # for members without an account (the e-mails they are sent): a member's own choice, on their account, comes first
    time_zone = TimeZoneField(_l("Time zone"))

    def fill_choices(self, organisations: list, members: list[tuple[int, str]],  # noqa: ANN001
                     role_labels: dict[str, str]) -> None:
        super().fill_choices()
        self.role.choices = [(r, role_labels[r]) for r in ROLES]
        self.organisation_id.choices = [("", _l("— none —"))] + [(o.id, o.name) for o in organisations]
        self.constituency.choices = [("", _l("From the organisation"))] + list(labels.constituencies().items())
        self.alternate_of_id.choices = [("", _l("— nobody —"))] + members
        self.time_zone.fill(_l("The forum's time zone (%(zone)s)", zone=forum_zone_name()), forum_zone_name())

    def validate_term_end(self, field: DateField) -> None:
        if field.data and self.term_start.data and field.data < self.term_start.data:
            raise ValidationError(_l("The term cannot end before it starts."))

    def values(self) -> dict[str, object]:
        return {**super().values(), "name": self.name.data, "email": self.email.data or None,
                "role": self.role.data, "organisation_id": self.organisation_id.data,
                "constituency": self.constituency.data or None, "alternate_of_id": self.alternate_of_id.data,
                "term_start": self.term_start.data, "term_end": self.term_end.data, "active": self.active.data,
                "time_zone": self.time_zone.data or None, "may_translate": self.may_translate.data}


class OrganisationForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Please enter a name.")), Length(max=200)])
    acronym = StringField(_l("Acronym"), validators=[Optional(), Length(max=40)])
    constituency = SelectField(_l("Constituency"), choices=[])
    country = StringField(_l("Country code (two letters)"), validators=[
        Optional(), Regexp(r"^[A-Za-z]{2}$", message=_l("Use the two-letter code, e.g. GH."))])

    def fill_choices(self) -> None:
        self.constituency.choices = list(labels.constituencies().items())


class CommitteeForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Please enter a name.")), Length(max=200)])
    kind = SelectField(_l("Kind"), choices=[])
    level = SelectField(_l("Level"), choices=[])
    active = BooleanField(_l("Active"), default=True)
    # the secretariat records a member's consent to SMS (e.g. given at a meeting), for members without e-mail above all
    sms_consent = BooleanField(_l("The member agrees to receive notices by SMS"))

    def fill_choices(self) -> None:
        self.kind.choices = list(labels.committee_kinds().items())
        self.level.choices = list(labels.levels().items())


class SeatForm(Form):
    member_id = SelectField(_l("Member"), choices=[], coerce=_coerce_int,
                            validators=[DataRequired(_l("Please choose a member."))])
    role = SelectField(_l("Role on the committee"), choices=[])

    def fill_choices(self, members: list[tuple[int, str]]) -> None:
        self.member_id.choices = [("", _l("— choose —"))] + members
        self.role.choices = list(labels.committee_roles().items())


class ImportForm(Form):
    file = FileField(_l("CSV file"), validators=[FileRequired(_l("Please choose a CSV file."))])


class EraseForm(Form):
    confirm = BooleanField(_l("I understand that this removes the member's personal data for good."),
                           validators=[DataRequired(_l("Please tick the box to confirm."))])


