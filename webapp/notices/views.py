"""The secretariat's view of every notice its forum sent, with resend and announcements."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WzResponse

from tenants.context import current_tenant_id
from webapp.core.permissions import current_member, may_manage, may_see_restricted, may_translate, require
from webapp.core.rendering import render, wants_fragment
from webapp.extensions import csrf
from webapp.notices import queries, services
from webapp.notices.forms import AnnouncementForm, EmptyForm

bp = Blueprint("notices", __name__, url_prefix="/notices", template_folder="templates")


def kind_labels() -> dict[str, str]:
    return {"test": _("Test notice"), "announcement": _("Announcement"), "member_invitation": _("Account invitation"),
            "term_ending": _("Term ending"), "chair_assigned": _("Webinar chair"),
            "meeting_invitation": _("Meeting invitation"), "meeting_update": _("Meeting changed"),
            "meeting_cancelled": _("Meeting cancelled"), "meeting_reminder": _("Meeting reminder"),
            "minutes_circulated": _("Minutes"), "minutes_sent_back": _("Minutes sent back"),
            "outcomes_published": _("Outcomes published"),
            "decision_review": _("Decision review"),
            "recommendation_follow_up": _("Recommendation not answered"), "support_decision": _("Support request"),
            "action_reminder": _("Action reminder"), "report_reminder": _("Report reminder"),
            "proposal_opened": _("Proposal for answer"), "proposal_reminder": _("Proposal reminder"),
            "action_digest": _("Overdue actions digest"), "date_poll_opened": _("Date poll"),
            "date_poll_decided": _("Date chosen")}


def _page(form: AnnouncementForm | None = None, status: int = 200) -> Response:
    selected = request.args.get("status")
    before = request.args.get("before", type=int)
    rows = queries.notices(selected, limit=queries.PAGE_SIZE + 1, before=before)
    older = rows[queries.PAGE_SIZE - 1].id if len(rows) > queries.PAGE_SIZE else None
    return render("notices/index.html", status=status, notices=rows[:queries.PAGE_SIZE], older=older, before=before,
                  counts=queries.status_counts(), selected=selected, form=form or AnnouncementForm(),
                  kinds=kind_labels(), page_title=_("Notices"))


@bp.get("/")
@require(may_see_restricted)
def index() -> Response:
    return _page()


@bp.post("/<int:notice_id>/resend")
@require(may_manage)
def resend(notice_id: int) -> Response | WzResponse:
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        notice = services.resend(notice_id)
        message, category = _("The notice to %(email)s will be sent again.", email=notice.recipient_email), "ok"
    except LookupError:
        abort(404)
    except services.NoticeError:
        notice = queries.notice(notice_id)
        message, category = _("Only failed or pending notices can be sent again."), "error"
    if wants_fragment():  # the row itself shows the new status
        return render("notices/index.html", block="notice_row", n=notice, kinds=kind_labels())
    flash(message, category)
    return redirect(url_for(".index"), 303)


@bp.post("/test")
@require(may_manage)
def send_test() -> WzResponse:
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        services.send_test_notice(current_member._get_current_object())
        flash(_("A test notice is on its way to %(email)s.", email=current_member.email))
    except services.NoticeError:
        flash(_("You have no email address on the member roll."), "error")
    return redirect(url_for(".index"), 303)


@bp.post("/announce")
@require(may_manage)
def announce() -> Response | WzResponse:
    form = AnnouncementForm()
    if not form.validate_on_submit():
        return _page(form, status=422)
    n = services.announce(form.subject.data, form.body.data, current_member._get_current_object())
    flash(_("Your message is on its way to %(n)d members.", n=n))
    return redirect(url_for(".index"), 303)


@bp.get("/announcements")
@require()
def announcements() -> Response:
    """The forum's messages to all members, kept to be read again, in the reader's language where translated."""
    listed = queries.announcements()
    return render("notices/announcements.html", announcements=listed, page_title=_("Announcements"),
                  recordings=queries.ANNOUNCEMENT_RECORDINGS()([a.id for a in listed]), may_record=may_translate())


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # a signed capability link; mail clients POST to it without a form (RFC 8058 one-click)
def unsubscribe(token: str) -> Response:
    from webapp.notices import unsubscribe as links

    found = links.read(token, current_tenant_id() or 0)
    if found is None:
        return render("notices/unsubscribe.html", member=None, status=404, page_title=_("Link no longer valid"))
    member, what = found
    done = False
    if request.method == "POST":
        links.unsubscribe(member, what)
        done = True
    return render("notices/unsubscribe.html", member=member, what=what, done=done, token=token,
                  page_title=_("Stop these emails"))
