from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import URL, DataRequired, Length, Optional

from webapp.core.forms import Form


def kind_labels() -> dict[str, str]:
    return {"ministry": _l("A ministry"), "agency": _l("A public agency"), "company": _l("A company"),
            "association": _l("An association"), "other": _l("Another institution")}


def status_labels() -> dict[str, str]:
    return {"accepted": _l("Accepted"), "partly_accepted": _l("Partly accepted"), "rejected": _l("Rejected"),
            "under_consideration": _l("Under consideration"), "no_answer": _l("No answer yet")}


def _link() -> list:
    return [Optional(), URL(message=_l("Please give a full web address starting with https://")), Length(max=500)]


class RecommendationForm(Form):
    addressee = StringField(_l("Addressed to"), validators=[
        DataRequired(_l("Please say to whom the recommendation is addressed.")), Length(max=200)],
        description=_l("The institution, e.g. the Ministry of Lands and Natural Resources"))
    addressee_kind = SelectField(_l("Kind of institution"), choices=[], default="ministry")
    transmitted_on = DateField(_l("Transmitted on"), validators=[
        DataRequired(_l("Please give the date it was transmitted."))])
    letter_url = StringField(_l("The letter (a link, optional)"), validators=_link())
    follow_up_on = DateField(_l("Answer expected by (optional)"), validators=[Optional()])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.addressee_kind.choices = list(kind_labels().items())


class AnswerForm(Form):
    status = SelectField(_l("Answer"), choices=[], default="under_consideration")
    answered_on = DateField(_l("Date of the answer"), validators=[DataRequired(_l("Please give the date."))])
    summary = TextAreaField(_l("Summary"), validators=[
        DataRequired(_l("Please summarise the answer.")), Length(max=4000)])
    document_url = StringField(_l("The document (a link, optional)"), validators=_link())

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.status.choices = list(status_labels().items())
