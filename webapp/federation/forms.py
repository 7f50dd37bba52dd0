from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from webapp.core.forms import Form


def share_labels() -> list[tuple[str, str]]:
    return [("progress", str(_l("Action progress by shared objective, and overdue actions"))),
            ("inclusion", str(_l("Inclusion figures: women's share, constituency balance, last plenary, "
                                 "members reachable"))),
            ("outcomes", str(_l("The list of published outcomes"))),
            ("indicators", str(_l("Verified figures of disaggregated indicators (by sex and age, or by site) under "
                                  "shared objectives; cells under five withheld")))]


class InviteForm(Form):
    slug = StringField(_l("Address of the forum to invite (the part after /t/)"),
                       validators=[DataRequired(_l("Please write the forum's address.")), Length(max=63)])


class AcceptForm(Form):
    shares = SelectMultipleField(_l("What this forum shares"), choices=[], option_widget=CheckboxInput(),
                                 widget=ListWidget(prefix_label=False), validate_choice=False)

    def fill_choices(self) -> AcceptForm:
        self.shares.choices = share_labels()
        return self


class LinkForm(Form):
    objective_id = SelectField(_l("Our objective that contributes to it"), coerce=int, choices=[])
