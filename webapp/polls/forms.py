from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectField, StringField, TimeField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from webapp.core.forms import Form
from webapp.core.labels import visibility_labels
from webapp.meetings.forms import kind_labels
from webapp.polls.models import MAX_SLOTS


def answer_labels() -> dict[str, str]:
    return {"yes": _l("Yes"), "maybe": _l("If need be"), "no": _l("No")}


def status_labels() -> dict[str, str]:
    return {"open": _l("Open"), "closed": _l("Closed"), "scheduled": _l("Meeting scheduled")}


class PollForm(Form):
    title = StringField(_l("Title of the meeting"), validators=[
        DataRequired(_l("Please give the meeting a title.")), Length(max=200)])
    committee_id = SelectField(_l("Committee asked"), coerce=int, choices=[])
    kind = SelectField(_l("Kind of meeting"), choices=[], default="plenary")
    visibility = SelectField(_l("Who may see it"), choices=[], default="members")
    duration_minutes = IntegerField(_l("Length (minutes)"), default=180, validators=[
        DataRequired(), NumberRange(min=15, max=24 * 60)])
    deadline_day = DateField(_l("Answers by (day)"), validators=[DataRequired(_l("Please give the day."))])
    deadline_time = TimeField(_l("Answers by (time)"), validators=[DataRequired(_l("Please give the time."))])

    def fill_choices(self, committees: list[tuple[int, str]]) -> None:
        self.committee_id.choices = committees
        self.kind.choices = list(kind_labels().items())
        self.visibility.choices = list(visibility_labels().items())

    def slot_fields(self) -> list[tuple[DateField, TimeField]]:
        return [(getattr(self, f"slot{n}_day"), getattr(self, f"slot{n}_time")) for n in range(1, MAX_SLOTS + 1)]


for _n in range(1, MAX_SLOTS + 1):
    setattr(PollForm, f"slot{_n}_day", DateField(_l("Date %(number)d (day)", number=_n), validators=[Optional()]))
    setattr(PollForm, f"slot{_n}_time", TimeField(_l("Date %(number)d (time)", number=_n), validators=[Optional()]))
