from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from webapp.core import languages
from webapp.core.forms import Form, MultiCheckboxField
from webapp.core.i18n import LANGUAGES

POOL_ROWS = 8


def _int_or_none(v: object) -> int | None:
    return int(v) if v not in (None, "", "None") else None


class SeriesForm(Form):
    title = StringField(_l("Title"), validators=[DataRequired(_l("Please give the series a title.")), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=4000)])
    topics = TextAreaField(_l("Topics"), validators=[Optional(), Length(max=4000)])
    committee_id = SelectField(_l("Committee"), coerce=int, choices=[])
    coordinator_id = SelectField(_l("Coordinating organisation"), coerce=_int_or_none, choices=[],
                                 validate_choice=False)
    cadence = SelectField(_l("How often"), choices=[])
    every_weeks = IntegerField(_l("Every how many weeks"), default=4, validators=[Optional(), NumberRange(1, 26)])
    nth = SelectField(_l("Which week of the month"), coerce=int, choices=[])
    weekday = SelectField(_l("Day of the week"), coerce=int, choices=[])
    start_on = DateField(_l("First session on or after"), validators=[DataRequired(_l("Please choose a date."))])
    at = TimeField(_l("Time"), validators=[DataRequired(_l("Please give a time."))])
    minutes = IntegerField(_l("Length (minutes)"), default=90, validators=[DataRequired(), NumberRange(15, 480)])
    language = SelectField(_l("Language of the meeting"), choices=[])
    interpretation_languages = MultiCheckboxField(_l("Interpretation into"), choices=[])
    visibility = SelectField(_l("Who can see it"), choices=[], default="public")

    def new_values(self) -> dict[str, object]:
        """A new series as the form gives it: interpretation never into the meeting's own language, a rhythm of
        four weeks unless chosen."""
        values: dict[str, object] = {k: getattr(self, k).data for k in (
            "title", "description", "topics", "committee_id", "coordinator_id", "cadence", "nth", "weekday",
            "start_on", "at", "minutes", "language", "visibility")}
        values["interpretation_languages"] = [lc for lc in self.interpretation_languages.data or []
                                              if lc != values["language"]]
        values["every_weeks"] = self.every_weeks.data or 4
        return values

    def fill_choices(self, committees: list, organisations: list, locales: list[str]) -> None:  # noqa: ANN001
        from webapp.core.labels import visibility_labels

        self.committee_id.choices = [(c.id, c.name) for c in committees]
        self.coordinator_id.choices = [("", _l("— none —"))] + [(o.id, o.name) for o in organisations]
        self.cadence.choices = [("weeks", _l("Every few weeks")), ("monthly", _l("Monthly, on a given weekday"))]
        self.nth.choices = [(1, _l("first")), (2, _l("second")), (3, _l("third")), (4, _l("fourth")), (-1, _l("last"))]
        self.weekday.choices = [(0, _l("Monday")), (1, _l("Tuesday")), (2, _l("Wednesday")), (3, _l("Thursday")),
                                (4, _l("Friday")), (5, _l("Saturday")), (6, _l("Sunday"))]
        self.language.choices = languages.choices(locales)  # any working language of the forum, as a meeting's
        self.interpretation_languages.choices = list(LANGUAGES.items())
        self.visibility.choices = list(visibility_labels().items())


class GenerateForm(Form):
    count = IntegerField(_l("How many sessions"), default=6, validators=[DataRequired(), NumberRange(1, 52)])
