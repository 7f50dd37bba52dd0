"""Evidence attached to an update or a report (issue 40): photos kept without their metadata (GPS position
included) and resized, documents checked by their bytes, size limits, and members-only downloads."""
from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from sqlalchemy import select

from tenants.rls import tenant_context
from tests.actions.test_actions import make_plan, post
from webapp.actions.models import ActionEvidence, ActionUpdate
from webapp.extensions import db


def _photo_with_gps() -> bytes:
    img = Image.new("RGB", (3000, 2000), (180, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (6.0, 12.0, 30.0), 3: "W", 4: (1.0, 40.0, 12.0)}  # GPS: a village near Obuasi
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


@pytest.fixture
def updated(app, client, auth, two_forums):
    plan = make_plan(app, two_forums["a"], [
        {"title": "Withdraw children from pits", "owner_member_id": two_forums["a_member"]["id"], "baseline": 0,
         "target": 200, "current_value": 10, "visibility": "public"}])
    item = plan["item_ids"][0]
    auth.login(two_forums["a_member"]["email"])
    assert post(client, auth, f"/t/forum-a/actions/items/{item}/update", status="in_progress",
                value="20").status_code == 303
    with app.app_context(), tenant_context(two_forums["a"]):
        update = db.session.scalar(select(ActionUpdate.id))
    return {"item": item, "update": update}


def _upload(client, auth, updated, name, data):
    return client.post(f"/t/forum-a/actions/items/{updated['item']}/updates/{updated['update']}/evidence",
                       data={"csrf_token": auth.csrf("/t/forum-a/actions/"), "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_a_photos_gps_position_and_camera_are_gone_after_upload(app, client, auth, two_forums, updated):
    original = _photo_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the test photo carries a position
    r = _upload(client, auth, updated, "site-visit.jpg", original)
    assert r.status_code == 303
    with app.app_context(), tenant_context(two_forums["a"]):
        [ev] = db.session.scalars(select(ActionEvidence)).all()
        kept = Image.open(io.BytesIO(ev.data))
        assert dict(kept.getexif()) == {} and "exif" not in kept.info and max(kept.size) == 1600
        assert (ev.content_type, ev.filename) == ("image/jpeg", "site-visit.jpg")
        evidence_id = ev.id
    page = client.get(f"/t/forum-a/actions/items/{updated['item']}").get_data(as_text=True)
    link = f"/t/forum-a/actions/items/{updated['item']}/evidence/{evidence_id}"
    assert link in page and "site-visit.jpg" in page
    download = client.get(link)
    assert download.status_code == 200 and download.data.startswith(b"\xff\xd8\xff")
    assert b"PhoneMaker" not in download.data and "no-store" in download.headers["Cache-Control"]
    # members-only: not on the public page, and the link asks the public to sign in
    auth.logout()
    assert link not in client.get("/t/forum-a/public/").get_data(as_text=True)
    assert client.get(link).status_code in (302, 303, 404)


@pytest.mark.parametrize("name, data, message", [
    ("report.jpg", b"%PDF-1.4 not a photo", "This file type is not accepted"),
    ("notes.txt", b"plain words", "This file type is not accepted"),
    ("big.pdf", b"%PDF-1.4" + b"0" * (5 * 1024 * 1024), "at most 5 MB"),
])
def test_a_bad_file_is_refused_with_a_clear_message(app, client, auth, two_forums, updated, name, data, message):
    r = _upload(client, auth, updated, name, data)
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert message in re.sub(r"\s+", " ", page)
    with app.app_context(), tenant_context(two_forums["a"]):
        assert db.session.scalars(select(ActionEvidence)).all() == []


def test_only_the_author_attaches(client, auth, factory, two_forums, updated):
    other = factory.member(two_forums["a"], "Kofi Other", "member")
    auth.logout()
    auth.login(other["email"])
    assert _upload(client, auth, updated, "a.pdf", b"%PDF-1.4 x").status_code == 404
    auth.logout()
    auth.login(two_forums["a_sec"]["email"])
    assert _upload(client, auth, updated, "a.pdf", b"%PDF-1.4 x").status_code == 404
