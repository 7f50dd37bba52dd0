from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
    ValidationError,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from webapp.core.forms import Form, MultiCheckboxField
from webapp.core.labels import visibility_labels
from webapp.meetings import rules
from webapp.members import labels as roll_labels


def rule_labels() -> dict[str, str]:
    return {rules.NO_OBJECTION: _l("No objection (written procedure)"),
            rules.CONSENT: _l("Consent of every core constituency"),
            rules.MAJORITY: _l("Majority of those answering, with a minimum turnout")}


def answer_labels() -> dict[str, str]:
    return {rules.AGREE: _l("Agree"), rules.RESERVATIONS: _l("Agree with reservations"),
            rules.OBJECT: _l("Object (disagree)"), rules.ABSTAIN: _l("Abstain"), "none": _l("No answer yet")}


def audience_labels() -> dict[str, str]:
    return {"committee": _l("A committee"), "constituencies": _l("Constituencies"), "roll": _l("The whole roll")}


def status_labels() -> dict[str, str]:
    return {"open": _l("Open"), "closed": _l("Closed"), "cancelled": _l("Cancelled")}


def reason_labels() -> dict[str, str]:
    return {rules.ADOPTED_NO_OBJECTION: _l("Adopted: no one objected."),
            rules.OBJECTED: _l("Not adopted: a member objected."),
            rules.CORE_CONSENTED: _l("Adopted: every core constituency consented."),
            rules.CORE_SILENT: _l("Not adopted: a core constituency did not answer."),
            rules.CORE_WITHHELD: _l("Not adopted: a core constituency did not consent."),
            rules.MAJORITY_AGREED: _l("Adopted by a majority of those answering."),
            rules.MAJORITY_NOT_REACHED: _l("Not adopted: no majority of those answering agreed."),
            rules.TURNOUT_NOT_REACHED: _l("Not adopted: too few members answered.")}


class ProposalForm(Form):
    title = StringField(_l("Title"), validators=[DataRequired(_l("Please give the proposal a title.")),
                                                 Length(max=200)])
    text = TextAreaField(_l("The proposal"), validators=[DataRequired(_l("Please write the proposal.")),
                                                          Length(max=20_000)])
    reference = StringField(_l("Reference number"), validators=[Optional(), Length(max=30)],
                            description=_l("Left empty, the next number of the year is given."))
    rule = SelectField(_l("Decision rule"), choices=[])
    min_turnout = IntegerField(_l("Minimum turnout (%)"), default=50, validators=[Optional(), NumberRange(0, 100)])
    audience = RadioField(_l("Addressed to"), choices=[], default="committee")
    committee_id = SelectField(_l("Committee"), coerce=int, choices=[])
    constituencies = MultiCheckboxField(_l("Constituencies"), choices=[])
    deadline_day = DateField(_l("Deadline"), validators=[DataRequired(_l("Please choose a deadline."))])
    deadline_time = TimeField(_l("at"), validators=[DataRequired(_l("Please give a time."))])
    visibility = SelectField(_l("Who can read it"), choices=[], default="members")
    open_tallies = BooleanField(_l("Members see the tally per constituency while it is open"))
    paper = FileField(_l("Paper (optional)"))

    def fill_choices(self, committees: list[tuple[int, str]], allowed: tuple[str, ...]) -> None:
        labels = rule_labels()
        self.rule.choices = [(r, labels[r]) for r in allowed]
        self.audience.choices = list(audience_labels().items())
        self.committee_id.choices = [(0, "—"), *committees]
        self.constituencies.choices = list(roll_labels.constituencies().items())
        self.visibility.choices = list(visibility_labels().items())


class AnswerForm(Form):
    answer = RadioField(_l("Your answer"), choices=[], validators=[DataRequired(_l("Please choose an answer."))])
    comment = TextAreaField(_l("Comment (the reason, for an objection)"), validators=[Optional(), Length(max=2000)])

    def fill_choices(self) -> None:
        labels = answer_labels()
        self.answer.choices = [(a, labels[a]) for a in rules.ANSWERS]

    def validate_comment(self, field: TextAreaField) -> None:
        if self.answer.data == rules.OBJECT and not (field.data or "").strip():
            raise ValidationError(_l("Please give the reason for your objection."))
