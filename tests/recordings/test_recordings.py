"""Issue 46, listening instead of reading: a phone's m4a of an outcome, uploaded in Hausa by a member who may
translate, is transcoded by the worker (ffmpeg, the format forced from the bytes) and played on the public page;
playlists and concat lists named .m4a are refused; no ffmpeg call runs without -f; other forums see nothing."""
from __future__ import annotations

import ast
import io
import re
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from tenants.models import Tenant
from tenants.rls import tenant_context
from webapp.extensions import db
from webapp.meetings.models import Meeting
from webapp.recordings import audio
from webapp.recordings.models import Recording

ROOT = Path(__file__).resolve().parents[2]
HLS = b"#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nfile:///etc/passwd\n#EXT-X-ENDLIST\n"
CONCAT = b"ffconcat version 1.0\nfile '/etc/passwd'\n"


@pytest.fixture(scope="module")
def phone_m4a(tmp_path_factory) -> bytes:
    """Twenty seconds recorded as a phone does (AAC in an m4a, its index at the end: a bare pipe cannot read it)."""
    out = tmp_path_factory.mktemp("audio") / "voice.m4a"
    subprocess.run([audio.FFMPEG, "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
                    "sine=frequency=300:duration=20", "-c:a", "aac", "-b:a", "96k", str(out)], check=True)
    return out.read_bytes()


def _meeting(app, factory, tenant, status: str, visibility: str = "public") -> int:
    m = factory.meeting(tenant, title=f"Plenary {status} {visibility}", visibility=visibility)
    with app.app_context(), tenant_context(tenant):
        db.session.get(Meeting, (tenant.id, m["id"])).status = status
        row = db.session.get(Tenant, tenant.id)
        row.enabled_locales = ["en", "fr", "ha"]
        db.session.commit()
    return m["id"]


def _upload(client, auth, slug: str, meeting_id: int, data: bytes, name: str = "voice.m4a", **fields):
    token = auth.csrf(f"/t/{slug}/meetings/{meeting_id}/recordings")
    return client.post(f"/t/{slug}/meetings/{meeting_id}/recordings", content_type="multipart/form-data",
                       data={"csrf_token": token, "purpose": "outcome", "language": "ha",
                             "transcript": "Taron ya yanke shawarar kare yara daga aikin ma'adinai.",
                             "file": (io.BytesIO(data), name), **fields})


def test_a_phones_m4a_is_transcoded_and_played_on_the_public_page(app, client, auth, factory, two_forums,
                                                                   run_worker, phone_m4a):
    a = two_forums["a"]
    mid = _meeting(app, factory, a, "outcomes_published")
    auth.login(two_forums["a_sec"]["email"])
    r = _upload(client, auth, "forum-a", mid, phone_m4a)
    assert r.status_code == 303
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "being made smaller for phones" in page
    run_worker()
    with app.app_context(), tenant_context(a):
        rec = db.session.scalar(select(Recording).where(Recording.meeting_id == mid))
        assert rec.status == "ready" and rec.upload is None and 19 <= rec.seconds <= 21
        assert rec.size < len(phone_m4a) / 2  # ~90 KB a minute of speech
        token = rec.token
    auth.logout()
    public = client.get(f"/t/forum-a/public/outcomes/{mid}").get_data(as_text=True)
    assert re.search(rf'<audio controls preload="none" src="/t/forum-a/a/{token}"></audio>', public)
    assert "Hausa" in public and "Taron ya yanke shawarar" in public
    sound = client.get(f"/t/forum-a/a/{token}")
    assert sound.status_code == 200 and sound.mimetype == "audio/ogg" and sound.data.startswith(b"OggS")
    assert sound.headers["Cache-Control"].startswith("public")
    part = client.get(f"/t/forum-a/a/{token}", headers={"Range": "bytes=0-9"})  # players read the end for the length
    assert part.status_code == 206 and part.data == sound.data[:10]
    saved = client.get(f"/t/forum-a/a/{token}?download=1")
    assert saved.headers["Content-Disposition"].startswith("attachment;")
    assert client.get(f"/t/forum-b/a/{token}").status_code == 404  # another forum's link answers nothing


@pytest.mark.parametrize("data", [HLS, CONCAT, b"<html>not audio</html>"], ids=["hls", "concat", "html"])
def test_a_playlist_or_a_concat_list_named_m4a_is_refused(app, client, auth, factory, two_forums, data):
    a = two_forums["a"]
    mid = _meeting(app, factory, a, "held")
    auth.login(two_forums["a_sec"]["email"])
    r = _upload(client, auth, "forum-a", mid, data)
    assert r.status_code == 422
    assert "This is not a recording we can take. Use m4a, mp3, ogg, wav, amr or webm audio." \
        in r.get_data(as_text=True)
    assert "Taron ya yanke shawarar" in r.get_data(as_text=True)  # the transcript is kept in the form
    with app.app_context(), tenant_context(a):
        assert db.session.scalar(select(Recording.id).where(Recording.meeting_id == mid)) is None
    for bad in (HLS, CONCAT):  # and the worker's own door refuses them too
        with pytest.raises(audio.AudioError):
            audio.transcode(bad)


def test_no_ffmpeg_call_runs_without_f_and_only_from_the_pipe():
    for fmt in ("mov", "ogg", "wav", "amr", "matroska", "mp3"):
        cmd = audio.command(fmt)
        assert cmd.index("-f") < cmd.index("-i") and cmd[cmd.index("-f") + 1] == fmt
        assert cmd[cmd.index("-i") + 1] == "cache:pipe:0"  # the pipe, behind ffmpeg's own cache (seekable)
        assert cmd[cmd.index("-protocol_whitelist") + 1] == "cache,pipe"  # never file, http, ...
    with pytest.raises(audio.AudioError):
        audio.command("hls")
    # nothing else in the code base starts ffmpeg
    callers = []
    for path in [*ROOT.glob("webapp/**/*.py"), *ROOT.glob("worker/*.py")]:
        text = path.read_text()
        if "ffmpeg" in text.lower() and any(isinstance(n, ast.Attribute) and n.attr in ("run", "Popen", "call")
                                            for n in ast.walk(ast.parse(text))):
            callers.append(path.relative_to(ROOT).as_posix())
    assert callers == ["webapp/recordings/audio.py"]


def test_an_outcome_recording_waits_for_the_meeting_and_follows_its_visibility(app, client, auth, factory,
                                                                              two_forums, run_worker, phone_m4a):
    a = two_forums["a"]
    planned = _meeting(app, factory, a, "notified")
    auth.login(two_forums["a_sec"]["email"])
    r = _upload(client, auth, "forum-a", planned, phone_m4a)
    assert r.status_code == 422 and "A recording of the outcome waits until the meeting is held." \
        in r.get_data(as_text=True)
    members_only = _meeting(app, factory, a, "outcomes_published", visibility="members")
    assert _upload(client, auth, "forum-a", members_only, phone_m4a).status_code == 303
    notice = _upload(client, auth, "forum-a", planned, phone_m4a, purpose="notice")
    assert notice.status_code == 303
    run_worker()
    with app.app_context(), tenant_context(a):
        private = db.session.scalar(select(Recording.token).where(Recording.meeting_id == members_only))
    page = client.get(f"/t/forum-a/meetings/{members_only}/recordings").get_data(as_text=True)
    assert private in page  # members hear it on their page
    assert client.get(f"/t/forum-a/a/{private}").headers["Cache-Control"].startswith("private")
    auth.logout()
    assert client.get(f"/t/forum-a/public/meetings/{members_only}").status_code == 404
    public = client.get(f"/t/forum-a/public/meetings/{planned}").get_data(as_text=True)
    assert "<audio" in public  # the notice of an announced public meeting, read aloud


def test_another_forum_cannot_see_upload_or_remove(app, client, auth, factory, two_forums, phone_m4a):
    a = two_forums["a"]
    mid = _meeting(app, factory, a, "held")
    auth.login(two_forums["a_sec"]["email"])
    assert _upload(client, auth, "forum-a", mid, phone_m4a).status_code == 303
    with app.app_context(), tenant_context(a):
        rid = db.session.scalar(select(Recording.id).where(Recording.meeting_id == mid))
    auth.logout()
    auth.login(two_forums["b_sec"]["email"])
    assert client.get(f"/t/forum-b/meetings/{mid}/recordings").status_code == 404
    assert _upload(client, auth, "forum-b", mid, phone_m4a).status_code == 404
    token = auth.csrf("/t/forum-b/")
    assert client.post(f"/t/forum-b/meetings/{mid}/recordings/{rid}/remove",
                       data={"csrf_token": token}).status_code == 404
    with app.app_context(), tenant_context(a):
        assert db.session.get(Recording, (a.id, rid)) is not None


def test_the_demo_reads_ghanas_last_outcome_aloud_in_hausa(app, client, databases):
    from webapp import demo

    with app.app_context():
        demo.load()
        ghana = db.session.scalar(select(Tenant).where(Tenant.slug == "ghana-nsccl"))
        with tenant_context(ghana):
            rec = db.session.scalar(select(Recording))
            assert rec.status == "ready" and rec.language == "ha" and 19 <= rec.seconds <= 21
            mid = rec.meeting_id
    page = client.get(f"/t/ghana-nsccl/public/outcomes/{mid}?lang=ha").get_data(as_text=True)
    assert "<audio controls" in page and "Saurara" in page and "Kwamitin ƙasa kan aikin yara" in page


def test_an_upload_whose_job_was_lost_is_transcoded_after_the_sweep(app, factory, two_forums, run_worker,
                                                                    queue_redis, phone_m4a):
    from datetime import UTC, datetime, timedelta

    from worker import sweeps

    a = two_forums["a"]
    mid = _meeting(app, factory, a, "held")
    with app.app_context(), tenant_context(a):  # written while Redis was down: no job
        rec = Recording(meeting_id=mid, purpose="outcome", language="en", transcript="", token="lost-job",
                        status="pending", upload=phone_m4a, size=len(phone_m4a), uploaded_by="Secretariat",
                        created_at=datetime.now(UTC) - timedelta(minutes=11))
        db.session.add(rec)
        db.session.commit()
        rid = rec.id
    run_worker()
    with app.app_context(), tenant_context(a):
        assert db.session.get(Recording, (a.id, rid)).status == "pending"
    assert sweeps.retry_recordings() == {"forum-a": 1}
    run_worker()
    with app.app_context(), tenant_context(a):
        assert db.session.get(Recording, (a.id, rid)).status == "ready"


def test_a_member_gets_the_notice_read_aloud_in_their_language_linked_in_the_sms(app, client, auth, factory,
                                                                                  two_forums):
    from webapp.members import services as roll
    from webapp.notices.sms.models import SmsMessage

    a = two_forums["a"]
    with app.app_context(), tenant_context(a):
        hausa = roll.add_member("Musa Garba", None, "member", phone="+233201234599", channels="sms",
                                sms_consent=True, locale="ha").id
        english = roll.add_member("Kofi Phone", None, "member", phone="+233201234598", channels="sms",
                                  sms_consent=True, locale="en").id
        db.session.commit()
    m = factory.meeting(a, title="Plenary read aloud", member_ids=(hausa, english), visibility="public")
    with app.app_context(), tenant_context(a):
        db.session.get(Tenant, a.id).enabled_locales = ["en", "ha"]
        db.session.add(Recording(meeting_id=m["id"], purpose="notice", language="ha", transcript="", token="sauraro-1",
                                 status="ready", audio=b"OggS", size=4, uploaded_by="Secretariat"))
        db.session.commit()
    auth.login(two_forums["a_sec"]["email"])
    token = auth.csrf(f"/t/forum-a/meetings/{m['id']}")
    assert client.post(f"/t/forum-a/meetings/{m['id']}/notice",
                       data={"csrf_token": token, "confirm": "1"}).status_code == 303
    with app.app_context(), tenant_context(a):
        texts = {row.member_id: row for row in db.session.scalars(select(SmsMessage))}
    assert texts[hausa].body.endswith(f"Saurara: {app.config['BASE_URL']}/t/forum-a/a/sauraro-1")
    assert texts[hausa].segments <= 2 and "Amsa EE" in texts[hausa].body  # the reply code is kept
    assert "Listen" not in texts[english].body and "/a/" not in texts[english].body  # none in English
