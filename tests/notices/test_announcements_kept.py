"""Issue 27: announcements to all members are kept, listed, read again and translated."""
from __future__ import annotations

from sqlalchemy import select

from tenants.rls import tenant_context
from webapp.core import content
from webapp.extensions import db
from webapp.notices.models import Announcement


def test_an_announcement_is_kept_listed_and_read_in_the_readers_language(app, client, auth, two_forums):
    auth.login(two_forums["a_sec"]["email"])
    r = client.post("/t/forum-a/notices/announce", data={"csrf_token": auth.csrf("/t/forum-a/notices/"),
                                                         "subject": "Plenary moved", "body": "Now on Friday."})
    assert r.status_code == 303
    with app.app_context(), tenant_context(two_forums["a"]):
        kept = db.session.scalar(select(Announcement))
        assert (kept.subject, kept.body, kept.recipients) == ("Plenary moved", "Now on Friday.", 2)
        kept_id = kept.id
    auth.logout()
    auth.login(two_forums["a_member"]["email"])  # any member reads them again
    assert "Now on Friday." in client.get("/t/forum-a/notices/announcements").get_data(as_text=True)
    with app.app_context(), tenant_context(two_forums["a"]):
        content.set_translation("announcement", kept_id, "body", "fr", "Désormais vendredi.", source="Now on Friday.")
        db.session.commit()
    html = client.get("/t/forum-a/notices/announcements?lang=fr").get_data(as_text=True)
    assert "Désormais vendredi." in html and '<details class="original">' in html and "Now on Friday." in html
    # translators find them in the lists of names and titles
    auth.logout()
    auth.login(two_forums["a_sec"]["email"])
    assert "Plenary moved" in client.get("/t/forum-a/meetings/translations/fr/announcement").get_data(as_text=True)


def test_announcements_of_another_forum_stay_there(app, client, auth, two_forums):
    with app.app_context(), tenant_context(two_forums["a"]):
        db.session.add(Announcement(subject="Forum A only", body="x", sender="A"))
        db.session.commit()
    auth.login(two_forums["b_sec"]["email"])
    assert "Forum A only" not in client.get("/t/forum-b/notices/announcements").get_data(as_text=True)


def test_an_announcement_email_left_after_its_translation_speaks_the_recipients_language(app, two_forums, smtp,
                                                                                          run_worker, queue_redis):
    from webapp.members import services as roll
    from webapp.members.models import Member
    from webapp.notices import services

    a = two_forums["a"]
    with app.app_context(), tenant_context(a):
        roll.update_member(db.session.get(Member, (a.id, two_forums["a_member"]["id"])), {"locale": "sw"})
        sender = db.session.get(Member, (a.id, two_forums["a_sec"]["id"]))
        services.announce("Plenary moved", "Now on Friday.", sender)
        kept = db.session.scalar(select(Announcement))
        content.set_translation("announcement", kept.id, "subject", "sw", "Mkutano umehamishwa", source="x")
        content.set_translation("announcement", kept.id, "body", "sw", "Sasa ni Ijumaa.", source="x")
        db.session.commit()
    run_worker()
    [mail] = smtp.to(two_forums["a_member"]["email"])
    assert mail["Subject"] == "Mkutano umehamishwa" and "Sasa ni Ijumaa." in mail.get_body(("plain",)).get_content()
    [english] = smtp.to(two_forums["a_sec"]["email"])
    assert english["Subject"] == "Plenary moved"
