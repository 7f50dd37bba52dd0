from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from webapp.core.forms import Form
from webapp.core.i18n import LANGUAGES
from webapp.suggestions.services import MAX_ANSWER, MAX_LENGTH, MAX_TITLE


class SuggestionForm(Form):
    title = StringField(_l("The matter you suggest"), validators=[
        DataRequired(_l("Please name the matter.")), Length(max=MAX_TITLE)])
    body = TextAreaField(_l("A few lines on why the forum should discuss it"), validators=[
        DataRequired(_l("Please write a few lines.")), Length(max=MAX_LENGTH)])
    speaks_for = StringField(_l("The group you speak for (optional)"), validators=[Optional(), Length(max=200)])
    name = StringField(_l("Your name as the public will see it (leave empty to stay anonymous to the public)"),
                       validators=[Optional(), Length(max=120)])
    language = SelectField(_l("Language"), choices=[])

    def fill_choices(self, languages: list[str]) -> SuggestionForm:
        self.language.choices = [(code, LANGUAGES.get(code, code)) for code in languages]
        return self


class AnswerForm(Form):
    answer = TextAreaField(_l("The forum's public answer"), validators=[
        DataRequired(_l("Please write the answer.")), Length(max=MAX_ANSWER)])
