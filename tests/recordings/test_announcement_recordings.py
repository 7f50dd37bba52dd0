"""Issue 46: an announcement can be read aloud too — uploaded by a member who may translate, transcoded by the worker
like a meeting's recording, played on the announcements page to the forum's members (the visibility rule: whoever
reads the announcement), behind its unguessable short link; another forum sees, uploads and removes nothing."""
from __future__ import annotations

import io
import re

from sqlalchemy import select

from tenants.models import Tenant
from tenants.rls import tenant_context
from webapp.core.visibility import Reader, sees_recording
from webapp.extensions import db
from webapp.notices.models import Announcement
from webapp.recordings.models import Recording

from .test_recordings import HLS, phone_m4a  # noqa: F401  (fixture)


def _announcement(app, tenant) -> int:
    with app.app_context(), tenant_context(tenant):
        row = db.session.get(Tenant, tenant.id)
        row.enabled_locales = ["en", "fr", "ha"]
        a = Announcement(subject="Sensitisation day in Fomena", body="All members are invited.", sender="Secretariat")
        db.session.add(a)
        db.session.commit()
        return a.id


def _upload(client, auth, slug: str, announcement_id: int, data: bytes):
    url = f"/t/{slug}/notices/announcements/{announcement_id}/recordings"
    return client.post(url, content_type="multipart/form-data",
                       data={"csrf_token": auth.csrf(f"/t/{slug}/meetings/"), "language": "ha",
                             "transcript": "Ranar wayar da kai a Fomena.", "file": (io.BytesIO(data), "voice.m4a")})


def test_an_announcement_read_aloud_plays_for_members_behind_its_link(app, client, auth, factory, two_forums,
                                                                      run_worker, phone_m4a):  # noqa: F811
    a = two_forums["a"]
    aid = _announcement(app, a)
    auth.login(two_forums["a_sec"]["email"])
    assert _upload(client, auth, "forum-a", aid, HLS).status_code == 422  # a playlist named .m4a: refused
    r = _upload(client, auth, "forum-a", aid, phone_m4a)
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/notices/announcements/{aid}/recordings")
    assert "being made smaller for phones" in client.get(r.headers["Location"]).get_data(as_text=True)
    run_worker()
    with app.app_context(), tenant_context(a):
        rec = db.session.scalar(select(Recording).where(Recording.announcement_id == aid))
        assert (rec.status, rec.purpose, rec.meeting_id, rec.language) == ("ready", "message", None, "ha")
        token = rec.token
    auth.logout()
    auth.login(two_forums["a_member"]["email"])
    page = client.get("/t/forum-a/notices/announcements").get_data(as_text=True)
    assert re.search(rf'<audio controls preload="none" src="/t/forum-a/a/{token}"></audio>', page)
    assert "Ranar wayar da kai a Fomena." in page
    assert f"/notices/announcements/{aid}/recordings" not in page  # a member who may not translate: no upload link
    assert client.get(f"/t/forum-a/notices/announcements/{aid}/recordings").status_code == 404
    sound = client.get(f"/t/forum-a/a/{token}")
    assert sound.status_code == 200 and sound.data.startswith(b"OggS")
    assert sound.headers["Cache-Control"].startswith("private")  # never cached as public
    assert not sees_recording(Reader.anyone(), "message", None, None)
    assert sees_recording(Reader.audience("members"), "message", None, None)


def test_another_forum_cannot_see_upload_or_remove_an_announcements_recording(app, client, auth, factory,
                                                                              two_forums, phone_m4a):  # noqa: F811
    a = two_forums["a"]
    aid = _announcement(app, a)
    auth.login(two_forums["a_sec"]["email"])
    assert _upload(client, auth, "forum-a", aid, phone_m4a).status_code == 303
    with app.app_context(), tenant_context(a):
        rid = db.session.scalar(select(Recording.id).where(Recording.announcement_id == aid))
    auth.logout()
    auth.login(two_forums["b_sec"]["email"])
    assert client.get(f"/t/forum-b/notices/announcements/{aid}/recordings").status_code == 404
    assert _upload(client, auth, "forum-b", aid, phone_m4a).status_code == 404
    assert client.post(f"/t/forum-b/notices/announcements/{aid}/recordings/{rid}/remove",
                       data={"csrf_token": auth.csrf("/t/forum-b/meetings/")}).status_code == 404
    with app.app_context(), tenant_context(a):
        assert db.session.get(Recording, (a.id, rid)) is not None
