"""Every write to recordings (issue 46): an upload is checked (size, and its format from its bytes), kept, and
transcoded by the worker after the commit; the worker's result is recorded here; a recording can be removed."""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import select

from tenants.context import current_tenant, current_tenant_id
from webapp.core import audit
from webapp.core.queue import enqueue_after_commit
from webapp.core.service_errors import ServiceError
from webapp.extensions import db
from webapp.meetings.models import Meeting
from webapp.notices.models import Announcement
from webapp.recordings import audio
from webapp.recordings.models import PURPOSES, Recording

MAX_TRANSCRIPT = 20_000
TRANSCODE = "worker.recordings.transcode"
LOST_AFTER = timedelta(minutes=10)  # a pending upload older than this lost its job (Redis was down): sent again


class RecordingError(ServiceError):
    pass


def languages() -> list[str]:
    """The languages a recording may be in: the forum's working languages."""
    tenant = current_tenant()
    return list(tenant.enabled_locales or [tenant.default_locale]) if tenant else ["en"]


def upload(meeting: Meeting, purpose: str, language: str, transcript: str, data: bytes,
           uploaded_by: str) -> Recording:
    """Keeps an upload and asks the worker to transcode it. Refused: an unknown purpose or language, an outcome's
    recording before the meeting is held, and any file that is not one of the audio formats (audio.check)."""
    if purpose not in PURPOSES:
        raise RecordingError("purpose", "invalid")
    if purpose == "outcome" and meeting.status not in ("held", "outcomes_published"):
        raise RecordingError("purpose", "not_held")
    rec = _kept(Recording(meeting_id=meeting.id, purpose=purpose), language, transcript, data, uploaded_by)
    audit.record("recorded", "meeting", meeting.id, ["recordings"])
    return rec


def upload_for_announcement(announcement: Announcement, language: str, transcript: str, data: bytes,
                            uploaded_by: str) -> Recording:
    """An announcement read aloud (issue 46): the same checks and the same worker as a meeting's recordings."""
    rec = _kept(Recording(announcement_id=announcement.id, purpose="message"), language, transcript, data,
                uploaded_by)
    audit.record("recorded", "announcement", announcement.id, ["recordings"])
    return rec


def _kept(rec: Recording, language: str, transcript: str, data: bytes, uploaded_by: str) -> Recording:
    """Checks the language, transcript and file of an upload, keeps it and asks the worker to transcode it."""
    if language not in languages():
        raise RecordingError("language", "invalid")
    if len(transcript) > MAX_TRANSCRIPT:
        raise RecordingError("transcript", "too_long")
    try:
        audio.check(data)
    except audio.AudioError as e:
        raise RecordingError("file", e.code) from e
    rec.language, rec.transcript, rec.token = language, transcript.strip(), secrets.token_urlsafe(16)
    rec.status, rec.upload, rec.size, rec.uploaded_by = "pending", data, len(data), uploaded_by[:200]
    db.session.add(rec)
    db.session.flush()
    enqueue_transcode(rec.id)
    return rec


def enqueue_transcode(recording_id: int) -> None:
    tid = current_tenant_id()
    enqueue_after_commit(TRANSCODE, tid, recording_id, queue="reports", timeout=audio.WALL_SECONDS + 60,
                         job_id=f"transcode-{tid}-{recording_id}")


def transcoded(rec: Recording, result: bytes | None, error: str | None = None) -> None:
    """The worker's answer: the small speech file (the upload is dropped), or why it was refused."""
    if result is not None:
        rec.audio, rec.size, rec.seconds, rec.status, rec.error = result, len(result), audio.seconds(result), \
            "ready", None
    else:
        rec.status, rec.error = "refused", (error or "unreadable")[:30]
    rec.upload = None


def remove(rec: Recording) -> None:
    kind, object_id = ("meeting", rec.meeting_id) if rec.meeting_id else ("announcement", rec.announcement_id)
    db.session.delete(rec)
    audit.record("recording_removed", kind, object_id, ["recordings"])


def retry_lost(now: datetime) -> int:
    """Sends the worker again the uploads still pending long after they came (the sweep, every few minutes)."""
    ids = list(db.session.scalars(select(Recording.id).where(
        Recording.tenant_id == current_tenant_id(), Recording.status == "pending",
        Recording.created_at < now - LOST_AFTER)))
    for recording_id in ids:
        enqueue_transcode(recording_id)
    return len(ids)
