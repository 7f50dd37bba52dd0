from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from webapp.consultations.services import DECLINE_REASONS, MAX_LENGTH
from webapp.core.forms import Form
from webapp.core.i18n import LANGUAGES


def reason_labels() -> dict[str, str]:
    return {"child_or_case": _l("Identifies a child or a case"), "personal_data": _l("Gives personal data"),
            "abusive": _l("Abusive or hateful"), "off_topic": _l("Not about this draft"),
            "advertising": _l("Advertising or spam"), "duplicate": _l("Says the same as another comment")}


class OpenForm(Form):
    question_1 = StringField(_l("Question to the public"), validators=[
        DataRequired(_l("Please ask at least one question.")), Length(max=500)])
    question_2 = StringField(_l("Second question (optional)"), validators=[Optional(), Length(max=500)])
    closes_on = DateField(_l("Comments close on"), validators=[DataRequired(_l("Please give a closing date."))])


class ContactForm(Form):
    channel = RadioField(_l("Send me a code by"), choices=[], default="phone",
                         validators=[DataRequired(_l("Please choose how to get your code."))])
    address = StringField(_l("Your phone number or e-mail address"), validators=[
        DataRequired(_l("Please enter a phone number or an e-mail address.")), Length(max=254)])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.channel.choices = [("phone", _l("SMS")), ("email", _l("E-mail"))]


class CodeForm(Form):
    code = StringField(_l("The code you received"), validators=[
        DataRequired(_l("Please enter the code.")), Length(max=12)])


class PublicCommentForm(Form):
    body = TextAreaField(_l("Your comment"), validators=[
        DataRequired(_l("Please write your comment.")), Length(max=MAX_LENGTH)])
    name = StringField(_l("Your name as the public will see it (leave empty to stay anonymous to the public)"),
                       validators=[Optional(), Length(max=120)])
    speaks_for = StringField(_l("The group you speak for (optional)"), validators=[Optional(), Length(max=200)])
    language = SelectField(_l("Language"), choices=[])

    def fill_choices(self, languages: list[str]) -> PublicCommentForm:
        self.language.choices = [(code, LANGUAGES.get(code, code)) for code in languages]
        return self


class DeclineForm(Form):
    reason = SelectField(_l("Reason"), choices=[], validators=[DataRequired()])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        labels = reason_labels()
        self.reason.choices = [(r, labels[r]) for r in DECLINE_REASONS]


class CloseForm(Form):
    heard = TextAreaField(_l("What we heard: the comments by theme, our answer and what changed"), validators=[
        DataRequired(_l("Please write what you heard.")), Length(max=20000)])
    final_text = TextAreaField(_l("The final version (optional)"), validators=[Optional(), Length(max=100000)])
