from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from webapp.core.forms import Form
from webapp.core.labels import visibility_labels


def position_labels() -> dict[str, str]:
    return {"agrees": _l("Agrees"), "disagrees": _l("Disagrees"), "abstains": _l("Abstains"),
            "consensus": _l("Consensus")}


class MinutesForm(Form):
    body_md = TextAreaField(_l("Minutes"), validators=[Optional(), Length(max=100_000)],
                            description=_l("Markdown: **bold**, *italic*, lists with -, headings with ##."))
    non_attributed = BooleanField(_l("Non-attributed minutes (no names next to opinions: a safe space)"))
    visibility = SelectField(_l("Who can read them"), choices=[], default="members")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.visibility.choices = list(visibility_labels().items())


class SendBackForm(Form):
    comments = TextAreaField(_l("What should change"), validators=[
        DataRequired(_l("Please say what should change.")), Length(max=4000)])


class DecisionForm(Form):
    text = TextAreaField(_l("Decision"), validators=[DataRequired(_l("Please write the decision.")),
                                                     Length(max=4000)])
    agenda_item_id = SelectField(_l("Agenda item"), choices=[], coerce=lambda v: int(v) if v else None,
                                 validate_choice=False)
    visibility = SelectField(_l("Who can see it"), choices=[], default="public")
    policy_outcome = TextAreaField(_l("Policy outcome (optional)"), validators=[Optional(), Length(max=2000)])
    review_on = DateField(_l("Review on (optional)"), validators=[Optional()])

    def fill_choices(self, agenda: list) -> None:  # noqa: ANN001
        self.agenda_item_id.choices = [("", _l("— none —"))] + [(i.id, f"{i.position}. {i.title}") for i in agenda]
        self.visibility.choices = list(visibility_labels().items())


class OutcomesForm(Form):
    summary = TextAreaField(_l("Summary of outcomes"), validators=[DataRequired(_l("Please write a summary.")),
                                                                  Length(max=8000)])
