"""The secretariat records, from a decision, that it is a recommendation to an institution and each answer."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WzResponse

from webapp.core import handlers
from webapp.core.permissions import may_manage, require
from webapp.core.rendering import render
from webapp.meetings import queries
from webapp.meetings.outcomes import queries as outcome_queries
from webapp.meetings.recommendations import queries as rec_queries
from webapp.meetings.recommendations import services
from webapp.meetings.recommendations.forms import AnswerForm, RecommendationForm, kind_labels, status_labels
from webapp.meetings.services import MeetingError

bp = Blueprint("recommendations", __name__, url_prefix="/meetings")  # templates: meetings/templates/recommendations



def _decision(meeting_id: int, decision_id: int):  # noqa: ANN202
    """The meeting and its decision, or 404 (as for another forum's)."""
    m = handlers.load(queries.meeting, meeting_id)
    return m, outcome_queries.decision(m.id, decision_id) or abort(404)


def _message(e: MeetingError) -> str:
    if e.code == "before_transmitted":
        return _("This date is before the date the recommendation was transmitted.")
    if e.code == "required":
        return _("Please fill in this field.")
    return _("Please choose one of the options.")


def _page(m, d, rec, form: RecommendationForm, answer_form: AnswerForm, status: int) -> Response:  # noqa: ANN001
    return render("recommendations/form.html", m=m, d=d, rec=rec, form=form, answer_form=answer_form,
                  history=rec_queries.answers(d.id) if rec else [], kind_labels=kind_labels(),
                  status_labels=status_labels(), status=status, page_title=_("Recommendation"))


@bp.route("/<int:meeting_id>/decisions/<int:decision_id>/recommendation", methods=["GET", "POST"])
@require(may_manage)
def recommendation(meeting_id: int, decision_id: int) -> Response | WzResponse:
    m, d = _decision(meeting_id, decision_id)
    rec = services.recommendation_of(d)
    form = RecommendationForm(obj=rec) if request.method == "GET" and rec else RecommendationForm()
    if handlers.submit(form, lambda: services.save_recommendation(
            d, addressee=form.addressee.data or "", addressee_kind=form.addressee_kind.data,
            transmitted_on=form.transmitted_on.data, letter_url=form.letter_url.data,
            follow_up_on=form.follow_up_on.data), MeetingError, lambda e: handlers.under(form, e.field, _message(e))):
        flash(_("The recommendation is recorded."))
        return redirect(url_for(".recommendation", meeting_id=m.id, decision_id=d.id), 303)
    return _page(m, d, rec, form, AnswerForm(formdata=None), handlers.status(form))


@bp.post("/<int:meeting_id>/decisions/<int:decision_id>/recommendation/answers")
@require(may_manage)
def answer(meeting_id: int, decision_id: int) -> Response | WzResponse:
    m, d = _decision(meeting_id, decision_id)
    rec = services.recommendation_of(d) or abort(404)
    form = AnswerForm()
    if handlers.submit(form, lambda: services.add_answer(
            rec, status=form.status.data, answered_on=form.answered_on.data, summary=form.summary.data or "",
            document_url=form.document_url.data), MeetingError, lambda e: handlers.under(form, e.field, _message(e))):
        flash(_("The answer is recorded."))
        return redirect(url_for(".recommendation", meeting_id=m.id, decision_id=d.id) + "#answers", 303)
    return _page(m, d, rec, RecommendationForm(obj=rec, formdata=None), form, 422)
