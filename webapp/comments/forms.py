from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from webapp.comments.models import ANSWERS
from webapp.comments.services import MAX_LENGTH
from webapp.core.forms import Form


def answer_labels() -> dict[str, str]:
    return {"accepted": _l("Accepted"), "declined": _l("Declined"), "answered": _l("Answered")}


class CommentForm(Form):
    body = TextAreaField(_l("Your comment"), validators=[
        DataRequired(_l("Please write your comment.")), Length(max=MAX_LENGTH)])


class CommentAnswerForm(Form):
    answer = RadioField(_l("Answer"), choices=[], validators=[DataRequired(_l("Please choose an answer."))])
    answer_text = TextAreaField(_l("Reason or reply (needed to decline or answer)"),
                                validators=[Optional(), Length(max=MAX_LENGTH)])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        labels = answer_labels()
        self.answer.choices = [(a, labels[a]) for a in ANSWERS]
