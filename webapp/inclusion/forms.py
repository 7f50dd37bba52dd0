from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, StringField
from wtforms.validators import URL, DataRequired, Length, NumberRange, Optional, ValidationError

from webapp.core.forms import Form
from webapp.inclusion.checks import Targets

PCT = NumberRange(min=0, max=100, message=_l("Between 0 and 100."))
# the speakers' queue orders a forum may choose (webapp/live/queue.py POLICIES; tests/live check they agree)
SPEAKER_ORDERS = (("first_come", _l("First come, first served")),
                  ("gender_alternating", _l("Women and men in turn")),
                  ("first_time_first", _l("Those who have not yet spoken on the item first")),
                  ("constituency_turns", _l("One per constituency in turn")))


class TargetsForm(Form):
    women_min = IntegerField(_l("Women's share: at least (%)"), validators=[DataRequired(), PCT])
    women_max = IntegerField(_l("Women's share: at most (%)"), validators=[DataRequired(), PCT])
    workforce_share = IntegerField(_l("Or: women's share of the national ASM workforce (%)"),
                                   validators=[Optional(), PCT])
    max_constituency_share = IntegerField(_l("Largest share for one constituency (%)"),
                                          validators=[DataRequired(), PCT])
    notice_days = IntegerField(_l("Days of notice before a meeting"),
                               validators=[DataRequired(), NumberRange(min=1, max=120)])
    publication_days = IntegerField(_l("Days to publish outcomes after a meeting"),
                                    validators=[DataRequired(), NumberRange(min=1, max=120)])
    regularity_months = IntegerField(_l("A plenary at least every (months)"),
                                     validators=[DataRequired(), NumberRange(min=1, max=24)])
    youth_target = IntegerField(_l("People under 35: at least (%)"), validators=[Optional(), PCT])
    publish_scorecard = BooleanField(_l("Show the IGF scorecard on the forum's public page"))
    floor_parity = IntegerField(_l("Voice in the room: warn when a group's share of floor time is under this share "
                                   "of its share of those present (%)"),
                                validators=[Optional(), NumberRange(min=1, max=100)])
    speaker_order = SelectField(_l("Order of the speakers' queue"), choices=SPEAKER_ORDERS, validate_choice=False)

    @staticmethod
    def initial(t: Targets) -> dict[str, Any]:
        def pct(x: float | None) -> int | None:
            return None if x is None else round(x * 100)

        return {"women_min": pct(t.women_min), "women_max": pct(t.women_max),
                "workforce_share": pct(t.workforce_share), "max_constituency_share": pct(t.max_constituency_share),
                "notice_days": t.notice_days, "publication_days": t.publication_days,
                "regularity_months": t.regularity_months, "youth_target": pct(t.youth_target),
                "floor_parity": pct(t.floor_parity_fraction)}

    @staticmethod
    def initial_publish(settings: dict[str, Any]) -> bool:
        return bool(settings.get("publish_scorecard"))

    def validate_women_max(self, field: IntegerField) -> None:
        if self.women_min.data is not None and field.data is not None and field.data < self.women_min.data:
            raise ValidationError(_l("The upper bound cannot be below the lower bound."))

    def values(self) -> dict[str, Any]:
        def share(x: int | None) -> float | None:
            return None if x is None else x / 100

        return {"women_min": share(self.women_min.data), "women_max": share(self.women_max.data),
                "workforce_share": share(self.workforce_share.data),
                "max_constituency_share": share(self.max_constituency_share.data),
                "notice_days": self.notice_days.data, "publication_days": self.publication_days.data,
                "regularity_months": self.regularity_months.data, "youth_target": share(self.youth_target.data),
                "publish_scorecard": bool(self.publish_scorecard.data),
                "floor_parity_fraction": share(self.floor_parity.data),
                **({"speaker_order": self.speaker_order.data}
                   if self.speaker_order.data in dict(SPEAKER_ORDERS) else {})}


class SelfAssessmentForm(Form):
    answer = SelectField(_l("Answer"), choices=[("", _l("Choose an answer")), ("yes", _l("Yes")),
                                                ("partly", _l("Partly")), ("no", _l("No"))],
                         validators=[DataRequired(message=_l("Please choose an answer."))])
    evidence = StringField(_l("Evidence (link)"), validators=[
        Optional(), URL(message=_l("Please give a full web address starting with https://")), Length(max=500)])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=1000)])


