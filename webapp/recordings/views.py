"""Recordings: a meeting's recordings to listen to (and, for a member who may translate, the upload form), and the
short link that plays one (no sign-in: the link is unguessable; what it plays is chosen by the visibility rule when
it is listed, and a link is given only to those who may hear it)."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WzResponse

from webapp.core import handlers
from webapp.core.downloads import download_response
from webapp.core.permissions import current_member, may_translate, require
from webapp.core.rendering import render
from webapp.core.visibility import Reader, current_reader, sees_recording
from webapp.meetings import queries as meeting_queries
from webapp.notices import queries as notice_queries
from webapp.recordings import audio, queries, services
from webapp.recordings.forms import AnnouncementRecordingForm, RecordingForm, purpose_labels

bp = Blueprint("recordings", __name__, template_folder="templates")


def _error(form: AnnouncementRecordingForm, e: services.RecordingError) -> None:
    field = getattr(form, e.field, form.file)
    field.errors = [*field.errors, {
        "type": _("This is not a recording we can take. Use m4a, mp3, ogg, wav, amr or webm audio."),
        "size": _("The recording is larger than 25 MB."), "empty": _("The file is empty."),
        "not_held": _("A recording of the outcome waits until the meeting is held."),
        "too_long": _("At most 20,000 characters."),
    }.get(e.code, _("Please check this value."))]


def _page(meeting_id: int, form: RecordingForm | None = None, status: int = 200) -> Response:
    m = handlers.load(meeting_queries.meeting, meeting_id)
    uploader = may_translate()
    form = form or RecordingForm(formdata=None)
    return render("recordings/meeting.html", status=status, m=m, form=form.fill_choices(services.languages()),
                  recordings=queries.of_meeting(m, current_reader(), ready_only=not uploader), may_upload=uploader,
                  purposes=purpose_labels(), page_title=_("Recordings"))


@bp.get("/meetings/<int:meeting_id>/recordings")
@require()
def meeting(meeting_id: int) -> Response:
    return _page(meeting_id)


@bp.post("/meetings/<int:meeting_id>/recordings")
@require(may_translate)
def upload(meeting_id: int) -> Response | WzResponse:
    m = handlers.load(meeting_queries.meeting, meeting_id)
    form = RecordingForm().fill_choices(services.languages())
    data = lambda: form.file.data.read(audio.MAX_UPLOAD_BYTES + 1)  # noqa: E731
    if handlers.submit(form, lambda: services.upload(m, form.purpose.data, form.language.data,
                                                     form.transcript.data or "", data(), current_member.name),
                       services.RecordingError, lambda e: _error(form, e)):
        flash(_("The recording is uploaded. It can be heard in a minute or two, once it is made smaller."))
        return redirect(url_for(".meeting", meeting_id=m.id), 303)
    return _page(meeting_id, form, handlers.status(form))


@bp.post("/meetings/<int:meeting_id>/recordings/<int:recording_id>/remove")
@require(may_translate)
def remove(meeting_id: int, recording_id: int) -> WzResponse:
    m = handlers.load(meeting_queries.meeting, meeting_id)
    services.remove(queries.one(m, recording_id) or abort(404))
    flash(_("The recording is removed."))
    return redirect(url_for(".meeting", meeting_id=m.id), 303)


def _announcement_page(announcement_id: int, form: AnnouncementRecordingForm | None = None,
                       status: int = 200) -> Response:
    a = notice_queries.announcement(announcement_id) or abort(404)
    form = form or AnnouncementRecordingForm(formdata=None)
    recordings = queries.of_announcements([a.id], current_reader(), ready_only=False).get(a.id, [])
    return render("recordings/announcement.html", status=status, a=a, recordings=recordings, purposes=purpose_labels(),
                  form=form.fill_choices(services.languages()), page_title=_("Recordings"))


@bp.get("/notices/announcements/<int:announcement_id>/recordings")
@require(may_translate)
def announcement(announcement_id: int) -> Response:
    return _announcement_page(announcement_id)


@bp.post("/notices/announcements/<int:announcement_id>/recordings")
@require(may_translate)
def upload_for_announcement(announcement_id: int) -> Response | WzResponse:
    a = notice_queries.announcement(announcement_id) or abort(404)
    form = AnnouncementRecordingForm().fill_choices(services.languages())
    data = lambda: form.file.data.read(audio.MAX_UPLOAD_BYTES + 1)  # noqa: E731
    if handlers.submit(form, lambda: services.upload_for_announcement(a, form.language.data, form.transcript.data or "",
                                                                      data(), current_member.name),
                       services.RecordingError, lambda e: _error(form, e)):
        flash(_("The recording is uploaded. It can be heard in a minute or two, once it is made smaller."))
        return redirect(url_for(".announcement", announcement_id=a.id), 303)
    return _announcement_page(announcement_id, form, handlers.status(form))


@bp.post("/notices/announcements/<int:announcement_id>/recordings/<int:recording_id>/remove")
@require(may_translate)
def remove_from_announcement(announcement_id: int, recording_id: int) -> WzResponse:
    a = notice_queries.announcement(announcement_id) or abort(404)
    services.remove(queries.of_announcement(a.id, recording_id) or abort(404))
    flash(_("The recording is removed."))
    return redirect(url_for(".announcement", announcement_id=a.id), 303)


@bp.get("/a/<token>")
def listen(token: str) -> Response:
    """The short link of a recording (pages and SMS): the audio, to play, or with ?download=1 to save."""
    rec, m = queries.by_token(token) or abort(404)
    public = m is not None and sees_recording(Reader.anyone(), rec.purpose, m.visibility, m.status)
    name = f"{(m.title if m else 'announcement')[:60]}-{rec.purpose}-{rec.language}.{audio.OUTPUT_EXTENSION}"
    body = rec.audio or b""
    response = download_response(body, name, audio.OUTPUT_TYPE, inline=not request.args.get("download"),
                                 cache="public, max-age=86400" if public else "private, max-age=3600")
    response.set_etag(rec.token)  # a recording never changes: a new one gets a new link
    # ranges: a player reads the end of the file for its length, and a phone resumes a broken download
    return response.make_conditional(request, accept_ranges=True, complete_length=len(body))
