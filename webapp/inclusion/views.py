"""The chair's dashboard, the targets, the IGF self-assessment."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response as WzResponse

from tenants.context import current_tenant
from webapp.core import handlers
from webapp.core.permissions import current_member, may_see_restricted, require
from webapp.core.rendering import render
from webapp.inclusion import charts, explain, services
from webapp.inclusion.forms import SelfAssessmentForm, TargetsForm

bp = Blueprint("inclusion", __name__, url_prefix="/inclusion", template_folder="templates")


@bp.app_context_processor
def check_helpers() -> dict[str, object]:
    return {"check_sentence": explain.sentence, "check_title": lambda r: explain.title(r.key),
            "check_status": explain.status_labels()}


def checklist_labels() -> dict[str, str]:
    return {"constituted": _l("The stakeholder forum is constituted, with all relevant actors"),
            "transparent": _l("Transparent: public and known; outputs and outcomes made public"),
            "relevant": _l("Relevant: its outcomes affect policy"),
            "inclusive": _l("Inclusive: equal opportunity, low barriers, support for those who need it"),
            "regular": _l("Regular: meets periodically, a safe space to speak openly"),
            "gender_sensitive": _l("Gender-sensitive: reflects the composition of the ASM sector"),
            "conflict_sensitive": _l("Conflict-sensitive: does not create or worsen tensions"),
            "legitimate": _l("Recognised as legitimate by its members and the public"),
            "communicates": _l("Able to communicate with the government task force"),
            "monitoring": _l("Monitoring and evaluation in place, with indicators and reports")}


@bp.get("/")
@require(may_see_restricted)
def dashboard() -> Response:
    return _dashboard()


def _dashboard(failed: tuple[str, SelfAssessmentForm] | None = None) -> Response:
    """The dashboard; ``failed`` is a self-assessment answer that could not be saved, shown again with its error."""
    card, t = services.scorecard(), services.targets()
    return render("inclusion/dashboard.html", overview=card.overview, trend=card.trend, notices=card.notices,
                  charts=charts.trend_charts(card.trend, t.women_range), summary=services.summary(card.overview),
                  publications=card.publications, score=card.score,
                  roll=card.roll, answers=services.self_assessment(), checklist=checklist_labels(),
                  history=services.assessment_history(), failed_item=failed[0] if failed else None,
                  failed_form=failed[1] if failed else None,
                  membership=card.membership, relevance=card.relevance,
                  t=t, page_title=_("Inclusion dashboard"), status=422 if failed else 200)


@bp.route("/settings", methods=["GET", "POST"])
@require(may_see_restricted)
def settings() -> Response | WzResponse:
    t = services.targets()
    data = {**TargetsForm.initial(t),
            "publish_scorecard": TargetsForm.initial_publish(dict(current_tenant().settings or {})),
            "speaker_order": current_tenant().setting("speaker_order") or "first_come"}
    form = TargetsForm(data=data) if request.method == "GET" else TargetsForm()
    if form.validate_on_submit():
        services.save_targets(form.values())
        flash(_("The targets are saved."))
        return redirect(url_for(".dashboard"), 303)
    status = handlers.status(form)
    return render("inclusion/settings.html", form=form, status=status, page_title=_("Targets"))


@bp.post("/self-assessment/<item>")
@require(may_see_restricted)
def assess(item: str) -> WzResponse:
    if item not in services.CHECKLIST:
        abort(404)
    form = SelfAssessmentForm()
    if form.validate_on_submit():
        services.save_self_assessment(item, form.answer.data, form.evidence.data, form.note.data, current_member.name)
        flash(_("Saved."))
    else:
        return _dashboard((item, form))
    return redirect(url_for(".dashboard") + "#self-assessment", 303)
