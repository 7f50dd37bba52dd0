"""Invitations and RSVP (issue 35, meetings split into rooms): the invitees and guests of a meeting, their parts
and stand-ins, the answer and support asked for in the app and by the answer link (its page, papers and .ics). The
routes are the meetings blueprint's (``tenant.meetings.*``), registered when webapp/meetings/views.py is imported."""
from __future__ import annotations

from flask import Response, abort, flash, redirect, request, url_for
from flask_babel import get_timezone, ngettext
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WzResponse

from webapp.core import content, handlers, languages
from webapp.core.downloads import download_response
from webapp.core.forms import ONE_LINE_MESSAGE, EmptyForm
from webapp.core.i18n import LANGUAGES
from webapp.core.permissions import current_member, may_manage, require
from webapp.core.rendering import render, wants_fragment
from webapp.meetings import forms, page, queries, services
from webapp.meetings import rsvp as rsvp_page
from webapp.meetings.permissions import sees_restricted
from webapp.meetings.views import _confirm, _meeting_or_404, _page_or_404, bp
from webapp.members import queries as member_queries


@bp.post("/<int:meeting_id>/invitees")
@require(may_manage)
def add_invitee(meeting_id: int) -> WzResponse:
    m = _meeting_or_404(meeting_id)
    form = forms.InviteeForm()
    if form.validate_on_submit():
        member = member_queries.member(form.member_id.data) or abort(404)
        stand_in = member_queries.member(form.represented_by_id.data) if form.represented_by_id.data else None
        services.add_invitee(m, member, stand_in)
        flash(_("%(name)s is invited.", name=member.name), "invitees")
    return redirect(page.section_url(m.id, "invitees"), 303)


@bp.post("/<int:meeting_id>/invitees/remedy")
@require(may_manage)
def invite_remedy(meeting_id: int) -> WzResponse:
    """The balance check's remedy in one tap (issue 39): the members it names are invited (and, for the panel's
    remedy, asked to speak)."""
    m = _meeting_or_404(meeting_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    ids = list(dict.fromkeys(int(i) for i in request.form.getlist("member_id") if i.isdigit()))
    people = member_queries.members(ids)  # one read for all of them
    if len(people) != len(ids):
        abort(404)
    for member in people:
        invitation = services.add_invitee(m, member)
        if request.form.get("part") == "speaker":
            services.set_part(invitation, "speaker")
    flash(ngettext("%(num)d member is invited.", "%(num)d members are invited.", len(people)), "invitees")
    return redirect(page.section_url(m.id, "invitees"), 303)


def _invite_error(e: services.MeetingError) -> str:
    return {"cancelled": _("This meeting is cancelled."),
            "email": _("This email address does not look right."),
            "guest_taken": _("This guest is invited already."),
            "on_roll": _("This address belongs to a member of the roll: invite them as a member."),
            "required": _("Please give the guest's name."),
            "control_characters": str(ONE_LINE_MESSAGE)}.get(e.code, _("Please choose who to invite."))


def _invitees_done(m, message: str) -> Response | WzResponse:  # noqa: ANN001
    """After an invite: with htmx the invitees section saying what happened under the invite forms, and the
    section's new count; without, back to the section opened at the forms, the same answer under them."""
    if wants_fragment():
        return render("meetings/show.html", block="invitees",
                      **page.invitees_fragment(m, invite_result=message).context())
    flash(message, "invitees")
    return redirect(page.section_url(m.id, "invitees"), 303)


def _invitees_refused(m, **form: object) -> Response:  # noqa: ANN001
    """Bad input: the form again with what was typed and why (422), the section alone with htmx."""
    if wants_fragment():
        return render("meetings/show.html", block="invitees", status=422,
                      **page.invitees_fragment(m, **form).context())  # type: ignore[arg-type]
    return render("meetings/show.html", status=422, **_page_or_404(m.id).with_form(**form).context())


def _group_form() -> forms.InviteGroupForm:
    form = forms.InviteGroupForm()
    choices = queries.invite_choices()
    form.fill_choices(choices.committees, choices.organisations)
    return form


@bp.post("/<int:meeting_id>/invitees/group")
@require(may_manage)
def invite_group(meeting_id: int) -> Response | WzResponse:
    """Invite in one step: a committee, a constituency, an organisation or the whole roll (of this forum only)."""
    m = _meeting_or_404(meeting_id)
    form = _group_form()
    done = handlers.submit(form, lambda: services.invite_group(m, *form.target), services.MeetingError,
                           lambda e: handlers.under(form, "group", _invite_error(e)))
    if done:
        return _invitees_done(m, _("%(added)d invited, %(already)d already invited", added=done.result.added,
                                   already=done.result.already))
    return _invitees_refused(m, invite_form=form)


@bp.post("/<int:meeting_id>/guests")
@require(may_manage)
def add_guest(meeting_id: int) -> Response | WzResponse:
    m = _meeting_or_404(meeting_id)
    form = forms.GuestForm()
    form.fill_choices()
    if handlers.submit(form, lambda: services.add_guest(
            m, name=form.guest_name.data, email=form.guest_email.data,
            constituency=form.guest_constituency.data or None, organisation=form.guest_organisation.data,
            gender=form.guest_gender.data), services.MeetingError,
            lambda e: handlers.under(form, e.field if hasattr(form, e.field) else "guest_name", _invite_error(e))):
        return _invitees_done(m, _("%(name)s is invited as a guest.", name=form.guest_name.data.strip()))
    return _invitees_refused(m, guest_form=form)


def _resync_detail(plan: services.Resync) -> str:
    parts = [_("To invite: %(names)s.", names=", ".join(plan.add)) if plan.add else "",
             _("To remove (invited with the committee, no longer on it, no answer yet): %(names)s.",
               names=", ".join(name for _id, name in plan.remove)) if plan.remove else "",
             _("Kept although no longer on the committee, because they answered: %(names)s.",
               names=", ".join(plan.keep)) if plan.keep else ""]
    return " ".join(p for p in parts if p) or _("Nothing to change: the invitees match the committee.")


@bp.route("/<int:meeting_id>/invitees/resync", methods=["GET", "POST"])
@require(may_manage)
def resync(meeting_id: int) -> Response | WzResponse:
    """Re-sync the invitees with the committee after it changed; the confirm step says who comes and who goes."""
    m = _meeting_or_404(meeting_id)
    plan = services.committee_resync(m)
    asked = _confirm("resync", _("Bring the invitees in line with the committee?"), _("Yes, update the invitees"),
                     url_for(".show", meeting_id=m.id) + "#invitees", _resync_detail(plan), hx_target="#invitees")
    if asked is not None:
        return asked
    try:
        done = services.resync_committee(m)
    except services.MeetingError as e:
        flash(_invite_error(e), "error")
        return redirect(url_for(".show", meeting_id=m.id) + "#invitees", 303)
    return _invitees_done(m, _("%(added)d invited, %(removed)d removed", added=len(done.add),
                               removed=len(done.remove)))


@bp.route("/<int:meeting_id>/guests/<int:invitation_id>/erase", methods=["GET", "POST"])
@require(may_manage)
def erase_guest(meeting_id: int, invitation_id: int) -> Response | WzResponse:
    m = _meeting_or_404(meeting_id)
    guest = queries.invitation(m.id, invitation_id)
    if guest is None or not guest.is_guest or guest.guest_erased_at is not None:
        abort(404)
    asked = _confirm("guest", _("Erase the personal data of %(name)s?", name=guest.guest_name),
                     _("Yes, erase"), url_for(".show", meeting_id=m.id) + "#invitees",
                     _("Their name, email address, constituency, organisation and gender are removed for good."),
                     hx_target="#invitees")
    if asked is not None:
        return asked
    services.erase_guest(m, guest)
    return _invitees_done(m, _("The guest's personal data is erased."))


@bp.post("/<int:meeting_id>/invitations/<int:invitation_id>/part")
@require(may_manage)
def set_part(meeting_id: int, invitation_id: int) -> WzResponse:
    m = _meeting_or_404(meeting_id)
    invitation = queries.invitation(m.id, invitation_id) or abort(404)
    if not forms.EmptyForm().validate_on_submit():
        abort(400)
    try:
        services.set_part(invitation, request.form.get("part") or None)
    except services.MeetingError:
        flash(_("Please check this value."), "error")
    return redirect(page.section_url(m.id, "invitees"), 303)


@bp.post("/<int:meeting_id>/invitations/<int:invitation_id>/stand-in/remove")
@require(may_manage)
def remove_stand_in(meeting_id: int, invitation_id: int) -> WzResponse:
    m = _meeting_or_404(meeting_id)
    invitation = queries.invitation(m.id, invitation_id) or abort(404)
    if not forms.EmptyForm().validate_on_submit():
        abort(400)
    services.remove_stand_in(m, invitation)
    return redirect(page.section_url(m.id, "invitees"), 303)


@bp.route("/<int:meeting_id>/invitees/<int:member_id>/remove", methods=["GET", "POST"])
@require(may_manage)
def remove_invitee(meeting_id: int, member_id: int) -> Response | WzResponse:
    m = _meeting_or_404(meeting_id)
    member = member_queries.member(member_id) or abort(404)
    asked = _confirm("invitee", _("Remove %(name)s from the invitees?", name=member.name), _("Yes, remove"),
                     page.section_url(m.id, "invitees"))
    if asked is not None:
        return asked
    services.remove_invitee(m, member)
    return redirect(page.section_url(m.id, "invitees"), 303)


@bp.post("/<int:meeting_id>/rsvp")
@require()
def rsvp_in_app(meeting_id: int) -> Response | WzResponse:
    m = _meeting_or_404(meeting_id)
    inv = queries.my_invitation(m.id, current_member.id) or abort(404)
    form = forms.RsvpForm()
    form.fill_choices()
    from_home = request.form.get("back") == "home"  # the forum home answers in one tap and stays there
    if form.validate_on_submit():
        services.record_rsvp(inv, form.answer.data)
        if from_home and wants_fragment():
            row = {"meeting_id": m.id, "title": m.title, "start_at": m.start_at, "status": m.status, "rsvp": inv.rsvp}
            # out of band: the home's "not answered yet" line for this meeting goes away
            return render("meetings/_my_answer.html", block="my_answer", row=row, oob=True)
        flash(_("Thank you: your answer is recorded."))
    if from_home:
        return redirect(url_for("tenant.home.index") + f"#my-meeting-{m.id}", 303)
    return redirect(page.section_url(m.id, "answer"), 303)


@bp.post("/<int:meeting_id>/support")
@require()
def request_support(meeting_id: int) -> WzResponse:
    m = _meeting_or_404(meeting_id)
    inv = queries.my_invitation(m.id, current_member.id) or abort(404)
    form = forms.SupportForm()
    form.fill_choices()
    if form.validate_on_submit():
        services.request_support(inv, form.support.data, form.note.data, form.language_tag())
        flash(_("Your request for support is sent to the secretariat."))
    elif form.language.errors:
        flash(str(form.language.errors[0]))
    return redirect(page.section_url(m.id, "answer"), 303)


@bp.post("/<int:meeting_id>/support/<int:invitation_id>")
@require(may_manage)
def decide_support(meeting_id: int, invitation_id: int) -> WzResponse:
    m = _meeting_or_404(meeting_id)
    inv = queries.invitation(m.id, invitation_id) or abort(404)
    if not forms.EmptyForm().validate_on_submit() or inv.support_status is None:
        abort(400)
    services.decide_support(inv, request.form.get("decision") == "grant")
    flash(_("Your decision is recorded and the member is told."))
    return redirect(page.section_url(m.id, "invitees"), 303)


def _rsvp_link(token: str):  # noqa: ANN202
    """The invitation, meeting and person an answer link is for, the page then speaking to that person; for a link
    that is forged, of another forum, expired or replaced, the "no longer valid" page (404)."""
    try:
        inv, m, member = services.rsvp_link(token)
    except services.MeetingError as e:
        abort(render("meetings/rsvp_invalid.html", status=404, reason=e.code, page_title=_("Link no longer valid")))
    rsvp_page.speak_to(member)
    return inv, m, member


def _rsvp_lang() -> str | None:
    return request.args.get("lang") if request.args.get("lang") in LANGUAGES else None


def _rsvp_answer() -> str | None:
    """The answer the e-mail's link chose (?answer=): only preselected, kept across the page's other form."""
    return request.args.get("answer") if request.args.get("answer") in ("yes", "no", "maybe") else None


def _rsvp_render(token: str, inv, m, member, form: forms.RsvpForm, support_form: forms.SupportForm,  # noqa: ANN001
                 status: int = 200) -> Response:
    locale = languages.content_locale(member)  # the person the link is for: their working language (issue 46)
    table = content.translations("meeting", [m.id], locale)
    stand_in_for = (member_queries.member(inv.member_id) or member).name if member.id != inv.member_id else None
    details = rsvp_page.details_go_with_link(m, sees_restricted())
    return render("meetings/rsvp.html", m=m, inv=inv, form=form, support_form=support_form, token=token,
                  status=status, stand_in_for=stand_in_for, lang=_rsvp_lang(), preselected=_rsvp_answer(),
                  committee=queries.committee_of(m), details=details,
                  title=content.localise(m.title, m.language, table, m.id, "title", locale),
                  outputs=content.localise(m.expected_outputs, m.language, table, m.id, "expected_outputs", locale)
                  if details else None,
                  agenda=queries.agenda_rows(m, locale) if details else [], papers=rsvp_page.papers(m),
                  tz=get_timezone(), tz_name=str(get_timezone()), page_title=m.title)


@bp.route("/rsvp/<token>", methods=["GET", "POST"])
def rsvp(token: str) -> Response | WzResponse:
    """The page an RSVP link opens (no sign-in), in the language and time zone of the person it was sent to: it
    shows what they need to decide (meetings/rsvp.py); only its POSTs act: this one records the answer and who
    gave it."""
    inv, m, member = _rsvp_link(token)
    form = forms.RsvpForm()
    form.fill_choices()
    if request.method == "GET" and _rsvp_answer():
        form.answer.data = _rsvp_answer()
    elif request.method == "GET":
        form.answer.data = inv.rsvp if inv.rsvp != "none" else None
    if form.validate_on_submit():
        services.record_rsvp(inv, form.answer.data, by=member)
        return render("meetings/rsvp_done.html", m=m, answer=form.answer.data, token=token, lang=_rsvp_lang(),
                      page_title=_("Thank you"))
    support_form = forms.SupportForm(formdata=None)
    support_form.fill_choices()
    return _rsvp_render(token, inv, m, member, form, support_form, 422 if request.method == "POST" else 200)


@bp.post("/rsvp/<token>/support")
def rsvp_support(token: str) -> Response | WzResponse:
    """Participation support asked through the answer link, without signing in (CSRF as for the answer)."""
    inv, m, member = _rsvp_link(token)
    support_form = forms.SupportForm()
    support_form.fill_choices()
    if support_form.validate_on_submit():
        services.request_support(inv, support_form.support.data, support_form.note.data, support_form.language_tag())
        flash(_("Your request for support is sent to the secretariat."))
        return redirect(url_for(".rsvp", token=token, lang=_rsvp_lang(), answer=_rsvp_answer()) + "#support", 303)
    form = forms.RsvpForm(formdata=None)
    form.fill_choices()
    form.answer.data = _rsvp_answer() or (inv.rsvp if inv.rsvp != "none" else None)
    return _rsvp_render(token, inv, m, member, form, support_form, 422)


@bp.get("/rsvp/<token>/papers/<int:doc_id>")
def rsvp_paper(token: str, doc_id: int) -> Response:
    """A paper through the invitee's own link: only the meeting's own, only if the link may carry it."""
    _inv, m, _member = _rsvp_link(token)
    doc = rsvp_page.paper(m, doc_id) or abort(404)
    return download_response(doc.data, doc.filename, doc.content_type, cache="private, no-store")


@bp.get("/rsvp/<token>/meeting.ics")
def rsvp_calendar(token: str) -> Response:
    _inv, m, member = _rsvp_link(token)
    locale = languages.content_locale(member)
    table = content.translations("meeting", [m.id], locale)
    title = content.localise(m.title, m.language, table, m.id, "title", locale)
    body = rsvp_page.calendar(m, title, content.localise(m.expected_outputs, m.language, table, m.id,
                                                         "expected_outputs", locale), token,
                              rsvp_page.details_go_with_link(m, sees_restricted()))
    return download_response(body, f"{title.text if title else m.title}.ics", "text/calendar; charset=utf-8",
                             cache="private, no-store")
