from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import URL, DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from webapp.core.forms import Form


def status_labels() -> dict[str, str]:
    return {"planned": _l("Planned"), "in_progress": _l("In progress"), "done": _l("Done"),
            "blocked": _l("Blocked"), "dropped": _l("Dropped")}


def frequency_labels() -> dict[str, str]:
    return {"monthly": _l("Monthly"), "quarterly": _l("Quarterly"), "half_yearly": _l("Every six months"),
            "yearly": _l("Yearly")}


def disaggregation_labels() -> dict[str, str]:
    return {"sex_age": _l("By sex and age band"), "site": _l("By site")}


def sex_labels() -> dict[str, str]:
    return {"f": _l("Female"), "m": _l("Male")}


def _visibility() -> list[tuple[str, str]]:
    from webapp.core.labels import visibility_labels

    return list(visibility_labels().items())


def _int_or_none(v: object) -> int | None:
    return int(v) if v not in (None, "", "None") else None


class PlanForm(Form):
    title = StringField(_l("Title"), validators=[DataRequired(_l("Please give the plan a title.")), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=4000)])
    period_start = DateField(_l("Period from"), validators=[Optional()])
    period_end = DateField(_l("Period to"), validators=[Optional()])
    visibility = SelectField(_l("Who can see it"), choices=[], default="public")

    def fill_choices(self) -> None:
        self.visibility.choices = _visibility()


class ObjectiveForm(Form):
    title = StringField(_l("Objective"), validators=[DataRequired(_l("Please write the objective.")),
                                                     Length(max=300)])


class ItemForm(Form):
    plan_id = SelectField(_l("Action plan"), choices=[], coerce=_int_or_none, validate_choice=False)
    title = StringField(_l("Action"), validators=[DataRequired(_l("Please describe the action.")), Length(max=300)])
    objective_id = SelectField(_l("Objective"), choices=[], coerce=_int_or_none, validate_choice=False)
    owner_member_id = SelectField(_l("Owner (member)"), choices=[], coerce=_int_or_none, validate_choice=False)
    owner_organisation_id = SelectField(_l("Owner (organisation)"), choices=[], coerce=_int_or_none,
                                        validate_choice=False)
    due_on = DateField(_l("Due"), validators=[Optional()])
    status = SelectField(_l("Status"), choices=[], default="planned")
    issue_area = StringField(_l("Issue area"), validators=[Optional(), Length(max=100)])
    mineral = StringField(_l("Mineral"), validators=[Optional(), Length(max=60)])
    place = StringField(_l("Place"), validators=[Optional(), Length(max=120)])
    budget = DecimalField(_l("Budget"), validators=[Optional()], places=2)
    funding_source = StringField(_l("Funding source"), validators=[Optional(), Length(max=200)])
    indicator = StringField(_l("Indicator"), validators=[Optional(), Length(max=300)])
    unit = StringField(_l("Unit"), validators=[Optional(), Length(max=40)])
    baseline = DecimalField(_l("Baseline"), validators=[Optional()])
    target = DecimalField(_l("Target"), validators=[Optional()])
    current_value = DecimalField(_l("Current value"), validators=[Optional()])
    reporting_frequency = SelectField(_l("Reporting frequency"), choices=[], coerce=lambda v: v or None,
                                      validate_choice=False)
    disaggregation = SelectField(_l("Figures reported"), choices=[], coerce=lambda v: v or None,
                                 validate_choice=False)
    sites = TextAreaField(_l("Sites (one a line, for figures by site)"), validators=[Optional(), Length(max=3000)])
    verify_figures = BooleanField(_l("Figures are verified before they count"))
    verifier_member_id = SelectField(_l("Verifier (besides the secretariat)"), choices=[], coerce=_int_or_none,
                                     validate_choice=False)
    milestones = TextAreaField(_l("Milestones"), validators=[Optional(), Length(max=4000)])
    evidence_link = StringField(_l("Evidence link"), validators=[
        Optional(), URL(message=_l("Please give a full web address starting with https://")), Length(max=500)])
    visibility = SelectField(_l("Who can see it"), choices=[], default="members")

    def fill_choices(self, plans: list, objectives: list, owners: list, organisations: list) -> None:  # noqa: ANN001
        none = ("", _l("— none —"))
        self.plan_id.choices = [(p.id, p.title) for p in plans]
        self.objective_id.choices = [none] + [(o.id, o.title) for o in objectives]
        self.owner_member_id.choices = [none] + owners
        self.verifier_member_id.choices = [none] + owners
        self.owner_organisation_id.choices = [none] + [(o.id, o.name) for o in organisations]
        self.status.choices = list(status_labels().items())
        self.reporting_frequency.choices = [none] + list(frequency_labels().items())
        self.disaggregation.choices = [("", _l("As one total"))] + list(disaggregation_labels().items())
        self.visibility.choices = _visibility()

    def values(self) -> dict[str, object]:
        return {f: getattr(self, f).data for f in (
            "title", "objective_id", "owner_member_id", "owner_organisation_id", "due_on", "status", "issue_area",
            "mineral", "place", "budget", "funding_source", "indicator", "unit", "baseline", "target",
            "current_value", "reporting_frequency", "disaggregation", "sites", "verify_figures", "verifier_member_id",
            "milestones", "evidence_link", "visibility")}


class UpdateForm(Form):
    status = SelectField(_l("Status"), choices=[])
    # checked by services._number, which says whether the value is not a number or too large
    value = StringField(_l("New value"), validators=[Optional()])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=1000)])

    def fill_choices(self) -> None:
        self.status.choices = [(k, v) for k, v in status_labels().items() if k != "dropped"]


class BodyForm(Form):
    """A reporting body of an item: an organisation, or one member."""

    organisation_id = SelectField(_l("Organisation"), choices=[], coerce=_int_or_none, validate_choice=False)
    member_id = SelectField(_l("Or one member"), choices=[], coerce=_int_or_none, validate_choice=False)

    def fill_choices(self, organisations: list, members: list) -> None:  # noqa: ANN001
        none = ("", _l("— none —"))
        self.organisation_id.choices = [none] + [(o.id, o.name) for o in organisations]
        self.member_id.choices = [none] + members


class ReportForm(Form):
    """A body's report for a period; the cells of a disaggregated item come as the repeated field "cell"."""

    period = SelectField(_l("Period"), choices=[], validate_choice=False)
    # checked by services._number, which says whether the value is not a number or too large
    value = StringField(_l("Figure for the period"), validators=[Optional()])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=1000)])


class EvidenceForm(Form):
    """A photo (JPEG, PNG) or a PDF attached to an update or a report."""

    file = FileField(_l("Photo or document (JPEG, PNG or PDF, at most 5 MB)"),
                     validators=[FileRequired(_l("Please choose a file."))])


def publication_checks() -> list[tuple[str, str]]:
    """The checklist the secretariat confirms before evidence goes public (webapp/actions/evidence.py CHECKS)."""
    return [("no_child", str(_l("No child can be recognised in it: no face, no name, no voice, nothing written "
                                "that names a child."))),
            ("no_case", str(_l("Nothing in it leads to a case or a family: no name, address, village, school, mine "
                               "site, case number or detail that lets someone who knows the place work it out."))),
            ("consent", str(_l("Every adult shown or named agreed to be shown publicly.")))]


def refusal_labels() -> dict[str, str]:
    return {"identifies_child": _l("It identifies a child"), "identifies_case": _l("It identifies a case"),
            "no_consent": _l("Someone shown did not agree"), "other": _l("Another reason")}


class PublishForm(Form):
    checks = SelectMultipleField(_l("Before publishing, confirm each point"), choices=[],
                                 option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False),
                                 validate_choice=False)

    def fill(self) -> PublishForm:
        self.checks.choices = publication_checks()
        return self


class RefuseForm(Form):
    reason = RadioField(_l("Why it stays members-only"), choices=[], validate_choice=False)

    def fill(self) -> RefuseForm:
        self.reason.choices = list(refusal_labels().items())
        return self
