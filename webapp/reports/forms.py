from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectField
from wtforms.validators import NumberRange, Optional, ValidationError

from webapp.core.forms import Form


class ReportForm(Form):
    kind = SelectField(_l("Report"), choices=[])
    meeting_id = SelectField(_l("Meeting"), choices=[], coerce=lambda v: int(v) if v else None, validate_choice=False)
    plan_id = SelectField(_l("Action plan"), choices=[], coerce=lambda v: int(v) if v else None,
                          validate_choice=False)
    year = IntegerField(_l("Year"), validators=[Optional(), NumberRange(2000, 2100)])
    start = DateField(_l("From"), validators=[Optional()])
    end = DateField(_l("To"), validators=[Optional()])
    format = SelectField(_l("Format"), choices=[("pdf", "PDF"), ("csv", "CSV")])

    def fill_choices(self, meetings: list[tuple[int, str]], plans: list[tuple[int, str]]) -> None:
        self.kind.choices = [("attendance_meeting", _l("Attendance at a meeting")),
                             ("attendance_period", _l("Attendance over a period")),
                             ("action_progress", _l("Progress of an action plan")),
                             ("inclusion", _l("Inclusion report (a period; the last 12 months if none)")),
                             ("annual", _l("Annual report (public information only)"))]
        self.meeting_id.choices = [("", _l("— choose —"))] + meetings
        self.plan_id.choices = [("", _l("— choose —"))] + plans

    def validate_plan_id(self, field: SelectField) -> None:
        if self.kind.data == "action_progress" and not field.data:
            raise ValidationError(_l("Please choose an action plan."))

    def validate_meeting_id(self, field: SelectField) -> None:
        if self.kind.data == "attendance_meeting" and not field.data:
            raise ValidationError(_l("Please choose a meeting."))

    def params(self, this_year: int) -> dict[str, object]:
        """The report's parameters as the form gives them: a meeting, a plan, a year (this one unless chosen), a
        period — for the inclusion report a period or nothing (the last twelve months)."""
        kind, start, end = self.kind.data, self.start.data, self.end.data
        if kind == "attendance_meeting":
            return {"meeting_id": self.meeting_id.data}
        if kind == "action_progress":
            return {"plan_id": self.plan_id.data}
        if kind == "annual":
            return {"year": self.year.data or this_year}
        if kind == "inclusion" and not (start and end):
            return {}
        return {"start": start.isoformat(), "end": end.isoformat()}

    def validate(self, extra_validators: dict | None = None) -> bool:
        """The period's two dates together: a field's own validators stop at an empty (Optional) field."""
        ok = super().validate(extra_validators)
        start, end = self.start.data, self.end.data
        message = None
        needs_both = self.kind.data == "attendance_period" or (self.kind.data == "inclusion" and (start or end))
        if needs_both and (not start or not end):
            message = _l("Please give both dates.")
        elif start and end and end < start:
            message = _l("The period cannot end before it starts.")
        if message is not None:
            self.end.errors = [*self.end.errors, message]
            return False
        return ok
