"""Transcodes an uploaded recording (webapp/recordings/audio.py runs ffmpeg, the upload treated as hostile)."""
from __future__ import annotations

from sqlalchemy import select

from tenants.context import current_tenant_id
from webapp.extensions import db
from webapp.recordings import audio, services
from webapp.recordings.models import Recording
from worker.runtime import tenant_job


@tenant_job
def transcode(recording_id: int) -> str:
    rec = db.session.scalar(select(Recording).where(Recording.tenant_id == current_tenant_id(),
                                                    Recording.id == recording_id).with_for_update(skip_locked=True))
    if rec is None or rec.status != "pending" or rec.upload is None:
        return "nothing to do"
    try:
        services.transcoded(rec, audio.transcode(rec.upload))
    except audio.AudioError as e:
        services.transcoded(rec, None, e.code)
    return rec.status
