from __future__ import annotations

from flask_babel import get_locale, pgettext
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import URL, DataRequired, Email, Length, NumberRange, Optional, ValidationError

from webapp.core import language_tags, languages
from webapp.core.forms import EmptyForm as EmptyForm  # noqa: F401  (one for every feature)
from webapp.core.forms import Form, MultiCheckboxField
from webapp.core.i18n import LANGUAGES
from webapp.core.labels import visibility_labels
from webapp.members import labels as roll_labels


def kind_labels() -> dict[str, str]:
    return {"plenary": _l("Plenary"), "subcommittee": _l("Subcommittee meeting"), "consultation": _l("Consultation"),
            "round_table": _l("Round table"), "webinar": _l("Webinar"), "field_visit": _l("Field visit")}


def agenda_kind_labels() -> dict[str, str]:
    return {"information": _l("Information"), "discussion": _l("Discussion"), "decision": _l("Decision")}


def translatable_labels() -> dict[str, str]:
    """What each text of the translator's view is (issue 27)."""
    return {"meeting.title": _l("Meeting title"), "meeting.expected_outputs": _l("Expected outputs"),
            "meeting.summary": _l("Summary of outcomes"), "agenda_item.title": _l("Agenda item"),
            "decision.text": _l("Decision"), "minutes.body_md": _l("Minutes"), "committee.name": _l("Committee"),
            "organisation.name": _l("Organisation"), "action_plan.title": _l("Action plan"),
            "action_plan.description": _l("Description"), "objective.title": _l("Objective"),
            "action_item.title": _l("Action item"), "webinar_series.title": _l("Webinar series"),
            "webinar_series.description": _l("Description")}


def support_labels() -> dict[str, str]:
    return {"travel": _l("Travel"), "interpretation": _l("Interpretation"),
            "travel_interpretation": _l("Travel and interpretation"), "childcare": _l("Childcare"),
            "accessibility": _l("Accessibility")}


def status_label(status: str) -> str:
    return str({"draft": _l("Draft"), "notified": _l("Notice sent"), "held": _l("Held"),
                "outcomes_published": _l("Outcomes published"), "cancelled": _l("Cancelled")}.get(status, status))


def part_labels() -> dict[str, str]:
    return {"chair": _l("Chair"), "speaker": _l("Speaker"), "rapporteur": _l("Rapporteur")}


def rsvp_label(rsvp: str) -> str:
    return str({"yes": _l("Coming"), "no": _l("Not coming"), "maybe": _l("Maybe"), "none": _l("No answer yet")}
               .get(rsvp, rsvp))


def my_rsvp_label(rsvp: str) -> str:  # noqa: PLR0911 - one answer, one sentence
    """The reader's own answer, spoken to them ("Your answer: …"): the second person where the language has one
    (Swahili "Utahudhuria", not "Atahudhuria", issue 33); the English words are rsvp_label's. Only the answer asked
    for is translated (the forum home shows five of them a page)."""
    match rsvp:
        case "yes":
            return pgettext("your answer", "Coming")
        case "no":
            return pgettext("your answer", "Not coming")
        case "maybe":
            return pgettext("your answer", "Maybe")
        case "none":
            return pgettext("your answer", "No answer yet")
    return rsvp


def support_status_label(status: str) -> str:
    return str({"requested": _l("requested"), "granted": _l("granted"), "refused": _l("refused")}.get(status, status))


class PairsField(StringField):
    """Interpretation pairs ("tw>en") written on one line: "tw > en, en > tw"."""

    def _value(self) -> str:
        return ", ".join(p.replace(">", " > ") for p in self.data or []) if isinstance(self.data, list) else \
            (self.data or "")

    def process_formdata(self, valuelist: list[str]) -> None:
        text = valuelist[0] if valuelist else ""
        self.data = ["".join(p.split()) for p in text.replace(";", ",").split(",") if p.strip()]


class MeetingForm(Form):
    title = StringField(_l("Title"), validators=[DataRequired(_l("Please give the meeting a title.")),
                                                 Length(max=200)])
    committee_id = SelectField(_l("Committee"), coerce=int, choices=[])
    kind = SelectField(_l("Kind of meeting"), choices=[])
    day = DateField(_l("Date"), validators=[DataRequired(_l("Please choose a date."))])
    start_time = TimeField(_l("Starts at"), validators=[DataRequired(_l("Please give a start time."))])
    end_time = TimeField(_l("Ends at"), validators=[DataRequired(_l("Please give an end time."))])
    end_day = DateField(_l("Ends on (if another day)"), validators=[Optional()])
    venue = StringField(_l("Venue"), validators=[Optional(), Length(max=300)])
    online_link = StringField(_l("Online link"), validators=[
        Optional(), URL(message=_l("Please give a full web address starting with https://")), Length(max=500)])
    online_link_public = BooleanField(
        _l("Show the online link on the public pages"),
        description=_l("Only for public meetings anyone may join. Otherwise the link goes only to members: in their "
                       "invitations, calendars and meeting page. Public pages, the public calendar and the printed "
                       "notice show the venue alone."))
    language = SelectField(_l("Language of the meeting"), choices=[], validate_choice=False)
    interpretation_languages = MultiCheckboxField(_l("Interpretation into"), choices=[])
    interpretation_pairs = PairsField(_l("Interpretation between other languages"), validators=[Length(max=400)],
                                      description=_l("Pairs of language codes, from > into, separated by commas: "
                                                     "tw > en, en > tw for Twi into English and back."))
    expected_outputs = TextAreaField(_l("Expected outputs"), validators=[Optional(), Length(max=4000)])
    visibility = SelectField(_l("Who can see it"), choices=[], default="public")

    def fill_choices(self, committees: list, locales: list[str]) -> None:  # noqa: ANN001
        self.committee_id.choices = [(c.id, c.name) for c in committees]
        self.kind.choices = list(kind_labels().items())
        self.language.choices = languages.choices(locales)  # any working language of the forum (issue 46)
        self.interpretation_languages.choices = list(LANGUAGES.items())
        self.visibility.choices = list(visibility_labels().items())

    def validate_language(self, field: SelectField) -> None:
        if field.data not in dict(field.choices or []):
            raise ValidationError(_l("Please choose one of the forum's working languages "
                                     "(Settings → Languages and time)."))

    def validate_end_time(self, field: TimeField) -> None:
        """A meeting may span days: the end day is the start day unless given."""
        if not (field.data and self.start_time.data and self.day.data):
            return
        end_day = self.end_day.data or self.day.data
        if (end_day, field.data) <= (self.day.data, self.start_time.data):
            raise ValidationError(_l("The meeting must end after it starts."))


class AgendaItemForm(Form):
    title = StringField(_l("Agenda item"), validators=[DataRequired(_l("Please write the item.")), Length(max=300)])
    presenter = StringField(_l("Presenter"), validators=[Optional(), Length(max=200)])
    minutes = IntegerField(_l("Length (minutes)"), validators=[Optional(), NumberRange(min=1, max=600,
                                                                              message=_l("Between 1 and 600."))])
    kind = SelectField(_l("For"), choices=[], default="discussion")

    def fill_choices(self) -> None:
        self.kind.choices = list(agenda_kind_labels().items())


class DocumentForm(Form):
    file = FileField(_l("Document"), validators=[FileRequired(_l("Please choose a file."))])
    agenda_item_id = SelectField(_l("For agenda item"), choices=[], coerce=lambda v: int(v) if v else None,
                                 validate_choice=False)
    language = SelectField(_l("Written in"), choices=[], coerce=lambda v: v or None, validate_choice=False)
    original_id = SelectField(_l("A version of"), choices=[], coerce=lambda v: int(v) if v else None,
                              validate_choice=False)


class InviteeForm(Form):
    member_id = SelectField(_l("Member"), choices=[], coerce=lambda v: int(v) if v else None,
                            validators=[DataRequired(_l("Please choose a member."))], validate_choice=False)
    represented_by_id = SelectField(_l("Represented by (alternate)"), choices=[],
                                    coerce=lambda v: int(v) if v else None, validate_choice=False)


class InviteGroupForm(Form):
    """Invite in one step: one list, grouped (committees, constituencies, organisations, the whole roll); its value
    says which ("committee:12", "constituency:workers", "organisation:5", "roll")."""

    group = SelectField(_l("Invite"), choices=[], validate_choice=False,  # validate_group says it in our words
                        validators=[DataRequired(_l("Please choose who to invite."))])

    def fill_choices(self, committees: list[tuple[int, str]], organisations: list[tuple[int, str]]) -> None:
        self.groups = {
            _l("Committees"): [(f"committee:{i}", name) for i, name in committees],
            _l("Constituencies"): [(f"constituency:{code}", label)
                                   for code, label in roll_labels.constituencies().items()],
            _l("Organisations"): [(f"organisation:{i}", name) for i, name in organisations],
            _l("Everyone"): [("roll", _l("The whole roll (active members)"))],
        }
        self.group.choices = [choice for choices in self.groups.values() for choice in choices]

    def validate_group(self, field: SelectField) -> None:
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Please choose who to invite."))

    @property
    def target(self) -> tuple[str, int | str | None]:
        """What the chosen value names: ("committee", 12), ("constituency", "workers"), ("roll", None)."""
        by, _sep, ref = (self.group.data or "").partition(":")
        return by, int(ref) if by in ("committee", "organisation") and ref.isdigit() else (ref or None)


class GuestForm(Form):
    """A guest who is not on the roll: the e-mail the notice goes to; the rest as they wish to say."""

    guest_name = StringField(_l("Guest's name"), validators=[DataRequired(_l("Please give the guest's name.")),
                                                             Length(max=200)])
    guest_email = EmailField(_l("Email"), validators=[
        DataRequired(_l("Please give the guest's email address.")),
        Email(message=_l("This email address does not look right."), check_deliverability=False), Length(max=254)])
    guest_organisation = StringField(_l("Organisation"), validators=[Optional(), Length(max=200)])
    guest_constituency = SelectField(_l("Constituency"), choices=[], default="")
    guest_gender = SelectField(_l("Gender"), choices=[], default="undisclosed")

    def fill_choices(self) -> None:
        self.guest_constituency.choices = [("", "—"), *roll_labels.constituencies().items()]
        genders = roll_labels.genders()
        self.guest_gender.choices = [("undisclosed", _l("Prefer not to say")),
                                     *((code, label) for code, label in genders.items() if code != "undisclosed")]


class RsvpForm(Form):
    answer = RadioField(_l("Will you come?"), choices=[], validators=[DataRequired(_l("Please choose an answer."))])

    def fill_choices(self) -> None:
        self.answer.choices = [("yes", _l("Yes, I will come")), ("maybe", _l("Maybe")), ("no", _l("No, I cannot come"))]


class SupportForm(Form):
    support = SelectField(_l("Support needed to attend"), choices=[])
    language = StringField(_l("For interpretation: into which language (its name or code, e.g. Twi or tw)"),
                           validators=[Length(max=60)])
    note = StringField(_l("Details (optional)"), validators=[Optional(), Length(max=500)])

    def fill_choices(self) -> None:
        self.support.choices = list(support_labels().items())

    def language_tag(self) -> str:
        """The language named, as a BCP-47 tag ("Twi" -> tw), "" for none."""
        return language_tags.tag_of(self.language.data, str(get_locale() or "en"))

    def validate_language(self, field: StringField) -> None:
        if "interpretation" in (self.support.data or "") and not self.language_tag():
            raise ValidationError(_l("Please name the language you need interpretation into, e.g. Twi or tw."))


