"""The live meeting's forms: someone the chair adds to the queue; an intervention entered or corrected from notes."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from webapp.core.forms import Form
from webapp.members import labels


def _blank(label: str) -> list[tuple[str, str]]:
    return [("", label)]


class SpeakerForm(Form):
    """Someone who raised a hand in the room: a member of the roll, or anyone named."""

    member_id = SelectField(_l("Member"), coerce=str, validators=[Optional()])
    name = StringField(_l("Or a name"), validators=[Optional(), Length(max=200)])
    constituency = SelectField(_l("Constituency"), validators=[Optional()])
    gender = SelectField(_l("Gender"), validators=[Optional()])

    def fill_choices(self, members: list[tuple[int, str]]) -> SpeakerForm:
        self.member_id.choices = _blank(str(_l("Not on the roll"))) + [(str(i), n) for i, n in members]
        self.constituency.choices = _blank(str(_l("Not known"))) + list(labels.constituencies().items())
        self.gender.choices = _blank(str(_l("Not disclosed"))) + [
            (k, v) for k, v in labels.genders().items() if k != "undisclosed"]
        return self


class InterventionForm(SpeakerForm):
    """An intervention entered afterwards from the secretariat's notes, or corrected."""

    item_id = SelectField(_l("Agenda item"), validators=[Optional()])
    started = StringField(_l("Started at (hh:mm)"), validators=[DataRequired(), Length(max=5)])
    minutes = IntegerField(_l("Minutes"), validators=[Optional(), NumberRange(min=0, max=600)], default=0)
    seconds = IntegerField(_l("Seconds"), validators=[Optional(), NumberRange(min=0, max=59)], default=0)

    def fill_items(self, items: list[tuple[int, str]]) -> InterventionForm:
        self.item_id.choices = _blank(str(_l("No item"))) + [(str(i), t) for i, t in items]
        return self


class VoteForm(Form):
    """The chair opens a vote in the session: on a motion, or on an open proposal."""

    motion = TextAreaField(_l("Motion"), validators=[Optional(), Length(max=4000)])
    proposal_id = SelectField(_l("Or an open proposal"), validators=[Optional()])
    rule = SelectField(_l("Decision rule"), validators=[DataRequired()])
    method = SelectField(_l("How seats vote"), validators=[DataRequired()])
    secret = BooleanField(_l("Secret ballot (by phone only): nobody sees who voted what, only who voted"))
    candidates = TextAreaField(_l("Or an election of the chair: the candidates, one per line"),
                               validators=[Optional(), Length(max=4000)])

    def fill_choices(self, proposals: list[tuple[int, str]], rules: list[tuple[str, str]]) -> VoteForm:
        self.proposal_id.choices = _blank(str(_l("None"))) + [(str(i), t) for i, t in proposals]
        self.rule.choices = rules
        self.method.choices = [("phones", str(_l("Each seat from its phone"))),
                               ("hands", str(_l("Show of hands, counted per constituency")))]
        return self
