"""The register of initiatives: the secretariat's form."""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import DateField, DecimalField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from webapp.core.forms import Form, MultiCheckboxField


def status_labels() -> dict[str, str]:
    return {"planned": _l("Planned"), "ongoing": _l("Ongoing"), "completed": _l("Completed"),
            "suspended": _l("Suspended")}


class InitiativeForm(Form):
    name = StringField(_l("Name of the initiative"), validators=[
        DataRequired(_l("Please enter a name.")), Length(max=200)])
    implementer = StringField(_l("Implemented by"), validators=[
        DataRequired(_l("Please say who implements it.")), Length(max=200)])
    funder = StringField(_l("Funded by (optional)"), validators=[Optional(), Length(max=200)])
    minerals = StringField(_l("Minerals (optional)"), validators=[Optional(), Length(max=200)],
                           description=_l("e.g. gold, cobalt"))
    locations = StringField(_l("Where (optional)"), validators=[Optional(), Length(max=300)],
                            description=_l("Regions, districts or mining sites"))
    themes = StringField(_l("Themes (optional)"), validators=[Optional(), Length(max=300)],
                         description=_l("e.g. child labour, safety, formalisation"))
    period_start = DateField(_l("From (optional)"), validators=[Optional()])
    period_end = DateField(_l("Until (optional)"), validators=[Optional()])
    budget = DecimalField(_l("Budget, where it is public (optional)"), places=2,
                          validators=[Optional(), NumberRange(min=0, message=_l("Zero or more."))])
    currency = StringField(_l("Currency (optional)"), validators=[Optional(), Length(max=3)],
                           description=_l("Three letters, e.g. GHS or USD"))
    contact = StringField(_l("Public contact (optional)"), validators=[Optional(), Length(max=300)],
                          description=_l("An organisation's address, phone or website: not a person's own"))
    status = SelectField(_l("Status"), choices=[], default="ongoing")
    visibility = SelectField(_l("Who can see it"), choices=[], default="members")
    objective_ids = MultiCheckboxField(_l("Plan objectives it contributes to"), choices=[], coerce=int)

    def __init__(self, *args: object, objectives: list[tuple[int, str]] = (), **kwargs: object) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        from webapp.core.labels import visibility_labels

        self.status.choices = list(status_labels().items())
        self.visibility.choices = list(visibility_labels().items())
        self.objective_ids.choices = list(objectives)

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name).data for name in (
            "name", "implementer", "funder", "minerals", "locations", "themes", "period_start", "period_end",
            "budget", "currency", "contact", "status", "visibility")}
