from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from tenants.models import Tenant
from webapp.core import languages, licences
from webapp.core.forms import Form, MultiCheckboxField
from webapp.core.text import SHORT_NAME, normalise_email, suggest_short_name
from webapp.meetings.rules import RULES


def parse_hours(text: str | None) -> list[int]:
    """'72, 2' → [72, 2]; raises ValueError on anything else."""
    parts = [p.strip() for p in (text or "").replace(";", ",").split(",") if p.strip()]
    hours = sorted({int(p) for p in parts}, reverse=True)
    if len(hours) > 4 or any(not 1 <= h <= 720 for h in hours):
        raise ValueError(text)
    return hours


def parse_languages(text: str | None) -> list[tuple[str, str]]:
    """'tw\ndag Dagbanli' → [('tw', ''), ('dag', 'Dagbanli')]: a code per line, then the language's name if given
    (commas also separate)."""
    out = []
    for line in (text or "").replace(",", "\n").splitlines():
        code, _sep, given = line.strip().partition(" ")
        if code:
            out.append((languages.normalise(code), given.strip()))
    return out


def parse_bands(text: str | None) -> list[str]:
    """'5-11, 12-14' → ['5-11', '12-14']."""
    return [p.strip() for p in (text or "").split(",") if p.strip()]


class SettingsForm(Form):
    name = StringField(_l("Name of the forum"), validators=[DataRequired(_l("Please enter a name.")),
                                                            Length(max=200)])
    short_name = StringField(_l("Short name in SMS (e.g. NSCCL)"), validators=[
        DataRequired(_l("Please enter a short name.")),
        Regexp(SHORT_NAME.pattern, message=_l("2 to 12 capital letters, digits or hyphens, e.g. NSCCL or ASM-RT."))],
        filters=[lambda v: (v or "").strip().upper()])
    kind = SelectField(_l("Kind of forum"), choices=[])
    country = StringField(_l("Country code (two letters)"), validators=[
        Optional(), Regexp(r"^[A-Za-z]{2}$", message=_l("Use the two-letter code, e.g. GH."))])
    about = TextAreaField(_l("What the forum is (shown on its public page)"),
                          validators=[Optional(), Length(max=2000)])
    timezone = StringField(_l("Time zone"), validators=[DataRequired(_l("Please enter a time zone."))])
    default_locale = SelectField(_l("Main language"), choices=[])
    enabled_locales = MultiCheckboxField(_l("Other languages"), choices=[])
    other_languages = TextAreaField(_l("More working languages (one per line: the code, then its name if needed)"),
                                    validators=[Optional(), Length(max=600)],
                                    description=_l("Content can be translated into them and members can read it in "
                                                   "them, e.g. tw, dag Dagbanli, dje, ln, qu."))
    core_constituencies = MultiCheckboxField(_l("Core constituencies"), choices=[])
    quorum_share = IntegerField(_l("Quorum: share of voting members present (%)"), validators=[
        InputRequired(_l("Between 1 and 100.")), NumberRange(min=1, max=100, message=_l("Between 1 and 100."))])
    quorum_requires_each_core = BooleanField(_l("Quorum also needs someone from each core constituency"))
    age_bands = StringField(_l("Age bands of disaggregated indicators (separated by commas)"),
                            validators=[Optional(), Length(max=200)])
    reminder_hours = StringField(_l("Reminders before a meeting (hours, separated by commas)"),
                                 validators=[Optional(), Length(max=60)])
    reply_to = EmailField(_l("Replies to notices go to (optional)"), validators=[
        Optional(), Email(message=_l("This email address does not look right."), check_deliverability=False),
        Length(max=254)])
    sms_plain_accents = BooleanField(_l("SMS in French, Spanish and Swahili without the accents basic phones lack "
                                        "(ê → e, ç → c, ó → o): one SMS costs half as much"))
    proposal_rules = MultiCheckboxField(_l("Decision rules a proposal may use"), choices=[],
                                        description=_l("None checked: every rule."))
    public_contact_address = StringField(_l("The secretariat's public address (optional)"),
                                         validators=[Optional(), Length(max=300)],
                                         description=_l("Shown on the public pages and the printed notices"))
    public_contact_phone = StringField(_l("The secretariat's public phone (optional)"),
                                       validators=[Optional(), Length(max=40)])
    data_licence = SelectField(_l("Licence of the forum's open data"), choices=[], validate_choice=False,
                               description=_l("Anyone may reuse what the forum publishes under this licence."))
    sms_plain_hausa = BooleanField(_l("Hausa SMS in plain letters (b d k y for ɓ ɗ ƙ ƴ): many basic phones cannot "
                                      "show the hooked letters"))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.data_licence.choices = [(lc.id, lc.name) for lc in licences.LICENCES.values()]

    def validate_timezone(self, field: StringField) -> None:
        from webapp.core.zones import is_zone

        if not is_zone(field.data):
            raise ValidationError(_l("Unknown time zone. Use a name such as Africa/Accra."))

    def validate_core_constituencies(self, field: MultiCheckboxField) -> None:
        if not field.data:
            raise ValidationError(_l("Choose at least one core constituency."))

    def validate_age_bands(self, field: StringField) -> None:
        bands = parse_bands(field.data)
        if bands and not len(bands) <= 8 or len(set(bands)) != len(bands) or any(len(b) > 20 for b in bands):
            raise ValidationError(_l("Up to eight different bands of at most 20 characters, separated by commas, "
                                     "e.g. 5-11, 12-14, 15-17."))

    def validate_reminder_hours(self, field: StringField) -> None:
        try:
            parse_hours(field.data)
        except ValueError:
            raise ValidationError(_l("Up to four whole numbers of hours between 1 and 720, e.g. 72, 2.")) from None

    @staticmethod
    def initial(tenant: Tenant) -> dict[str, Any]:
        offsets = tenant.setting("reminder_offsets_minutes") or [3 * 24 * 60, 120]
        return {"name": tenant.name, "short_name": tenant.short_name or suggest_short_name(tenant.name),
                "kind": tenant.kind, "country": tenant.country or "",
                "about": tenant.setting("about") or "", "timezone": tenant.timezone,
                "default_locale": tenant.default_locale,
                "enabled_locales": [lc for lc in tenant.enabled_locales or [] if lc != tenant.default_locale],
                "other_languages": "\n".join(
                    f"{lc} {names[lc]}" if lc in (names := languages.given_names(tenant)) else lc
                    for lc in languages.others(tenant)),
                "core_constituencies": list(tenant.setting("core_constituencies") or []),
                "quorum_share": round(float(tenant.setting("quorum_share") or 0.5) * 100),
                "quorum_requires_each_core": bool(tenant.setting("quorum_requires_each_core")),
                "age_bands": ", ".join(tenant.setting("age_bands") or []),
                "reminder_hours": ", ".join(str(m // 60) for m in offsets),
                "reply_to": tenant.setting("reply_to") or "",
                "sms_plain_accents": tenant.setting("sms_plain_accents") is not False,
                "sms_plain_hausa": bool(tenant.setting("sms_plain_hausa")),
                "proposal_rules": list(tenant.setting("proposal_rules") or RULES),
                "data_licence": licences.of(tenant).id,
                "public_contact_address": tenant.setting("public_contact_address") or "",
                "public_contact_phone": tenant.setting("public_contact_phone") or ""}

    def validate_other_languages(self, field: TextAreaField) -> None:
        for code, given in parse_languages(field.data):
            if not languages.is_code(code):
                raise ValidationError(_l("“%(code)s” is not a language code such as tw or dag.", code=code))
            if not given and not languages.babel_knows(code):
                raise ValidationError(_l("Please give the name of the language “%(code)s” after its code.",
                                         code=code))
            if len(given) > languages.NAME_LENGTH:
                raise ValidationError(_l("A language's name has at most 40 characters."))

    def values(self) -> dict[str, Any]:
        extra = parse_languages(self.other_languages.data)
        return {"name": self.name.data, "short_name": self.short_name.data, "kind": self.kind.data,
                "country": self.country.data,
                "about": self.about.data, "timezone": self.timezone.data, "default_locale": self.default_locale.data,
                "enabled_locales": (self.enabled_locales.data or []) + [c for c, _n in extra],
                "language_names": {c: n for c, n in extra if n},
                "core_constituencies": self.core_constituencies.data,
                "quorum_share": self.quorum_share.data / 100,
                "quorum_requires_each_core": bool(self.quorum_requires_each_core.data),
                "reminder_offsets_minutes": [h * 60 for h in parse_hours(self.reminder_hours.data)],
                "reply_to": normalise_email(self.reply_to.data) or None,
                "sms_plain_accents": bool(self.sms_plain_accents.data),
                "sms_plain_hausa": bool(self.sms_plain_hausa.data),
                "proposal_rules": self.proposal_rules.data or [],
                "public_contact_address": self.public_contact_address.data,
                "public_contact_phone": self.public_contact_phone.data,
                **({"data_licence": self.data_licence.data} if self.data_licence.data else {})} | (
                    {"age_bands": bands} if (bands := parse_bands(self.age_bands.data)) else {})
