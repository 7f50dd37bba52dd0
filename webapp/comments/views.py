"""Comments on drafts (issue 37): the draft with the comments on each paragraph, writing one from a phone, and the
secretariat's answer. Every page is a plain page and form (no JavaScript needed)."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WzResponse

from webapp.comments import queries, services
from webapp.comments.forms import CommentAnswerForm, CommentForm, answer_labels
from webapp.comments.queries import Draft
from webapp.core import handlers
from webapp.core.permissions import current_member, may_manage, may_take_part, require
from webapp.core.rendering import render
from webapp.core.visibility import current_reader

bp = Blueprint("comments", __name__, url_prefix="/comments", template_folder="templates")
KINDS = "<any(minutes, proposal):kind>/<int:target_id>"


def _draft(kind: str, target_id: int) -> Draft:
    return queries.draft(kind, target_id, current_reader()) or abort(404)


def _message(e: services.CommentError) -> str:
    return {"closed": _("This text no longer takes comments."), "required": _("Please write your comment."),
            "too_long": _("This comment is too long."), "reason_required": _("Please give the reason for declining."),
            "invalid": _("Please check this field.")}.get(e.code, _("Please check this field."))


def _show(form: CommentForm | CommentAnswerForm) -> object:
    def show(e: services.CommentError) -> None:
        target = getattr(form, e.field, None) or next(iter(form))
        target.errors = [*target.errors, _message(e)]
    return show


@bp.get(f"/{KINDS}")
@require()
def show(kind: str, target_id: int) -> Response:
    d = _draft(kind, target_id)
    reader = current_reader()
    return render("comments/show.html", d=d, page=queries.page(d, queries.comments(d, reader)),
                  send_backs=queries.send_backs(d), staff=may_manage(), writer=may_take_part(),
                  answer_labels=answer_labels(), page_title=_("Comments: %(title)s", title=d.title))


def _position(d: Draft) -> int | None:
    raw = request.values.get("p", "")
    return int(raw) if raw.isdigit() and int(raw) < len(d.paragraphs) else None


@bp.route(f"/{KINDS}/new", methods=["GET", "POST"])
@require(may_take_part)
def write(kind: str, target_id: int) -> Response | WzResponse:
    d = _draft(kind, target_id)
    position, form = _position(d), CommentForm()
    done = handlers.submit(form, lambda: services.add_comment(d, current_member._get_current_object(), position,
                                                              form.body.data or ""), services.CommentError, _show(form))
    if done:
        flash(_("Your comment is sent to the secretariat."))
        anchor = f"#p-{position}" if position is not None else "#whole"
        return redirect(url_for(".show", kind=kind, target_id=target_id) + anchor, 303)
    quote = d.paragraphs[position] if position is not None else None
    return render("comments/write.html", d=d, form=form, position=position, quote=quote,
                  status=handlers.status(form), page_title=_("Comment"))


@bp.route("/<int:comment_id>/answer", methods=["GET", "POST"])
@require(may_manage)
def answer(comment_id: int) -> Response | WzResponse:
    c = queries.comment(comment_id) or abort(404)
    d = _draft(c.target_kind, c.target_id)
    form = CommentAnswerForm(data={"answer": c.answer, "answer_text": c.answer_text})
    done = handlers.submit(form, lambda: services.answer_comment(
        d, c, current_member._get_current_object(), form.answer.data, form.answer_text.data),
        services.CommentError, _show(form))
    if done:
        flash(_("The answer is recorded."))
        return redirect(url_for(".show", kind=d.kind, target_id=d.target_id) + f"#c-{c.id}", 303)
    return render("comments/answer.html", d=d, c=c, form=form, status=handlers.status(form),
                  page_title=_("Answer a comment"))
