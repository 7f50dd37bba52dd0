"""The printed notice and the public pages carry the secretariat's public contact (a forum setting); the notice
tells members how to answer by SMS and, for a public meeting only, carries a QR code to its public page (issue 41)."""
from __future__ import annotations

from tests.forum_settings.test_settings import GOOD, _post


def test_the_contact_the_sms_instructions_and_a_qr_code_for_public_meetings_only(
        app, client, auth, factory, two_forums):
    public = factory.meeting(two_forums["a"], title="Open plenary", visibility="public", notify=True)
    closed = factory.meeting(two_forums["a"], title="Closed session", visibility="members", notify=True)
    auth.login(two_forums["a_sec"]["email"])
    r = _post(client, auth, {**GOOD, "public_contact_address": "Secretariat, Ministry of Lands, Accra",
                             "public_contact_phone": "+233 30 266 5421"})
    assert r.status_code == 303
    bad = _post(client, auth, {**GOOD, "public_contact_phone": "1" * 41})
    assert bad.status_code == 422
    notice = client.get(f"/t/forum-a/meetings/{public['id']}/print?lang=en").get_data(as_text=True)
    assert "Secretariat, Ministry of Lands, Accra" in notice and "+233 30 266 5421" in notice
    assert "reply YES, NO or MAYBE followed by the code in your SMS" in notice
    qr = notice[notice.index('<figure class="qr">'):]
    assert qr.index("<svg") < qr.index("</figure>") and "<title>The meeting's public page</title>" in qr
    french = client.get(f"/t/forum-a/meetings/{public['id']}/print?lang=fr").get_data(as_text=True)
    assert "OUI" in french and "PEUT-ÊTRE" in french
    members_only = client.get(f"/t/forum-a/meetings/{closed['id']}/print?lang=en").get_data(as_text=True)
    assert "<svg" not in members_only and "Secretariat, Ministry of Lands, Accra" in members_only
    auth.logout()
    home = client.get("/t/forum-a/public/").get_data(as_text=True)
    assert "Secretariat, Ministry of Lands, Accra" in home and 'href="tel:+233302665421"' in home


def test_the_qr_code_opens_the_public_page_of_the_meeting(app, client, auth, factory, two_forums):
    import segno  # noqa: F401  (the code is segno's; its content is the URL below)

    from webapp.core import qr

    public = factory.meeting(two_forums["a"], title="Open plenary", visibility="public", notify=True)
    url = f"http://baraza.test/t/forum-a/public/meetings/{public['id']}"
    auth.login(two_forums["a_sec"]["email"])
    notice = client.get(f"/t/forum-a/meetings/{public['id']}/print?lang=en").get_data(as_text=True)
    with app.app_context():
        expected = str(qr.svg(url, "The meeting's public page"))
    assert expected in notice
    assert client.get(f"/t/forum-a/public/meetings/{public['id']}").status_code == 200
