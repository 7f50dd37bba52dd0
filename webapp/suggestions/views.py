"""The secretariat's suggestions: the moderation queue (publish, or decline with the consultations' reasons), the
public answer, erasure, and taking a suggestion onto a draft meeting's agenda in one tap. A draft meeting's agenda
builder links here with ``?meeting=<id>`` (meetings/show.html)."""
from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response as WzResponse

from webapp.consultations.forms import DeclineForm, reason_labels
from webapp.core import handlers
from webapp.core.forms import EmptyForm
from webapp.core.permissions import may_manage, require
from webapp.core.rendering import render
from webapp.meetings.page import section_url
from webapp.suggestions import queries, services
from webapp.suggestions.forms import AnswerForm
from webapp.suggestions.models import Suggestion
from webapp.suggestions.refusals import refusal

bp = Blueprint("suggestions", __name__, url_prefix="/suggestions", template_folder="templates")


def _mine(suggestion_id: int) -> Suggestion:
    return queries.suggestion(suggestion_id) or abort(404)


def _back() -> WzResponse:
    meeting = request.args.get("meeting", type=int)
    return redirect(url_for(".index", meeting=meeting) + "#queue", 303)


@bp.get("/")
@require(may_manage)
def index() -> Response:
    chosen = request.args.get("meeting", type=int)
    drafts = queries.draft_meetings()
    return render("suggestions/index.html", queue=queries.queue(), decline_form=DeclineForm(),
                  reasons=reason_labels(), drafts=drafts, chosen=chosen if chosen in {m.id for m in drafts} else None,
                  answer_form=AnswerForm(formdata=None), page_title=_("Suggestions from the public"))


def _moderate(form: FlaskForm, action: Callable[[], object], message: str) -> WzResponse:
    """A button of the queue (publish, decline, answer): the form submitted to the service, ``message`` flashed when
    it ran, its refusal flashed otherwise; back to the queue either way."""
    if handlers.submit(form, action, services.SuggestionError, lambda e: flash(refusal(e))):
        flash(message)
    return _back()


@bp.post("/<int:suggestion_id>/publish")
@require(may_manage)
def publish(suggestion_id: int) -> WzResponse:
    s = _mine(suggestion_id)
    return _moderate(EmptyForm(), lambda: services.publish(s), _("The suggestion is published."))


@bp.post("/<int:suggestion_id>/decline")
@require(may_manage)
def decline(suggestion_id: int) -> WzResponse:
    s, form = _mine(suggestion_id), DeclineForm()
    return _moderate(form, lambda: services.decline(s, form.reason.data), _("The suggestion is declined."))


@bp.post("/<int:suggestion_id>/answer")
@require(may_manage)
def answer(suggestion_id: int) -> WzResponse:
    s, form = _mine(suggestion_id), AnswerForm()
    return _moderate(form, lambda: services.answer(s, form.answer.data),
                     _("The answer is saved; the public sees it with the published suggestion."))


@bp.post("/<int:suggestion_id>/take")
@require(may_manage)
def take(suggestion_id: int) -> WzResponse:
    """One tap: onto the agenda of the draft meeting chosen (the form's ``meeting_id``)."""
    s, form = _mine(suggestion_id), EmptyForm()
    m = queries.draft_meeting(request.form.get("meeting_id", type=int)) or abort(404)
    if form.validate_on_submit():
        try:
            services.take_onto_agenda(s, m)
            flash(_("The matter is on the agenda of %(title)s.", title=m.title))
        except services.SuggestionError:
            flash(_("A declined suggestion cannot go on the agenda."))
            return _back()
    return redirect(section_url(m.id, "agenda"), 303)


@bp.post("/<int:suggestion_id>/erase")
@require(may_manage)
def erase(suggestion_id: int) -> WzResponse:
    """Erasure on request: the person's contact, names and texts of their suggestions and comments."""
    services.erase(_mine(suggestion_id))
    flash(_("This person's details are erased."))
    return _back()
