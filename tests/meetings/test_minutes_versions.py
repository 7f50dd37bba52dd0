"""Minutes (issue 21): a preview before circulation, sent back with comments by the approver (each circulation a
version, the comments kept with it), a draft started from the agenda's headings."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tenants.rls import tenant_context
from tests.meetings.test_outcomes import post
from webapp.core.audit import AuditEvent
from webapp.extensions import db
from webapp.meetings import services as meetings
from webapp.meetings.models import Meeting, Minutes, MinutesVersion
from webapp.members import services as roll
from webapp.members.models import Committee, Member
from webapp.notices.models import Notice


@pytest.fixture
def held(factory, two_forums):
    """A notified meeting: the secretariat and four members invited."""
    people = [factory.member(two_forums["a"], f"Voter {c}", "member", account=False) for c in "ABCD"]
    return factory.meeting(two_forums["a"], title="Quarterly plenary",
                           member_ids=(two_forums["a_sec"]["id"], *[p["id"] for p in people]), notify=True)


def _minutes(app, forum) -> tuple[Minutes | None, list[MinutesVersion]]:
    with app.app_context(), tenant_context(forum):
        minutes = db.session.scalar(select(Minutes))
        versions = list(db.session.scalars(select(MinutesVersion).order_by(MinutesVersion.number)))
        db.session.expunge_all()
        return minutes, versions


def _notices(app, forum, kind: str) -> int:
    with app.app_context(), tenant_context(forum):
        return db.session.scalar(select(func.count()).select_from(Notice).where(Notice.kind == kind))


def _co_chair(app, two_forums, held) -> None:
    with app.app_context(), tenant_context(two_forums["a"]):
        committee = db.session.get(Committee, (two_forums["a"].id, held["committee_id"]))
        roll.set_seat(committee, db.session.get(Member, (two_forums["a"].id, two_forums["a_member"]["id"])),
                      "co_chair")
        db.session.commit()


def test_preview_shows_what_members_get_and_changes_nothing(app, client, auth, two_forums, held):
    auth.login(two_forums["a_sec"]["email"])
    url = f"/t/forum-a/meetings/{held['id']}"
    post(client, auth, f"{url}/minutes", body_md="## Discussion\n\n**Agreed** to map hazardous tasks.",
         visibility="members")
    r = client.get(f"{url}/minutes/preview")
    page = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "<h2>Discussion</h2>" in page and "<strong>Agreed</strong> to map hazardous tasks." in page
    assert "Minutes: Quarterly plenary" in page  # the e-mail's subject as invitees will get it
    assert "Circulate to 5 invitees" in page
    # the meeting page leads there; circulating without the confirmation shows the preview and sends nothing
    assert f"{url}/minutes/preview" in client.get(url).get_data(as_text=True)
    r = post(client, auth, f"{url}/minutes/circulate")
    assert r.status_code == 200 and "<h2>Discussion</h2>" in r.get_data(as_text=True)
    minutes, versions = _minutes(app, two_forums["a"])
    assert minutes.status == "draft" and versions == [] and _notices(app, two_forums["a"], "minutes_circulated") == 0


def test_preview_of_no_minutes_says_so(client, auth, two_forums, held):
    auth.login(two_forums["a_sec"]["email"])
    r = client.get(f"/t/forum-a/meetings/{held['id']}/minutes/preview")
    assert r.status_code == 200 and "Write the minutes before circulating them." in r.get_data(as_text=True)
    assert "Circulate to" not in r.get_data(as_text=True)


def test_send_back_keeps_the_version_with_its_comments_and_the_draft_comes_back(app, client, auth, smtp, run_worker,
                                                                                queue_redis, two_forums,
                                                                                held):
    url = f"/t/forum-a/meetings/{held['id']}"
    run_worker()  # the notices of the meeting itself
    smtp.messages.clear()
    auth.login(two_forums["a_sec"]["email"])
    post(client, auth, f"{url}/minutes", body_md="First text of the minutes.", visibility="members")
    assert post(client, auth, f"{url}/minutes/circulate", confirm="1").status_code == 303
    run_worker()
    assert len(smtp.messages) == 5
    smtp.messages.clear()
    assert "These minutes are already circulated." in client.get(f"{url}/minutes/preview").get_data(as_text=True)
    auth.logout()
    _co_chair(app, two_forums, held)
    auth.login(two_forums["a_member"]["email"])
    page = client.get(url).get_data(as_text=True)
    assert "Send back with comments" in page and "Approve the minutes" in page
    # comments are needed
    r = post(client, auth, f"{url}/minutes/send-back", comments="  ")
    assert r.status_code == 422 and "Please say what should change." in r.get_data(as_text=True)
    assert _minutes(app, two_forums["a"])[0].status == "circulated"
    r = post(client, auth, f"{url}/minutes/send-back", comments="Item 2: the union's position is missing.")
    assert r.status_code == 303
    minutes, [v1] = _minutes(app, two_forums["a"])
    assert minutes.status == "draft" and minutes.approved_by is None
    assert (v1.number, v1.body_md, v1.comments) == (1, "First text of the minutes.",
                                                    "Item 2: the union's position is missing.")
    assert v1.circulated_by_id == two_forums["a_sec"]["id"] and v1.returned_by_id == two_forums["a_member"]["id"]
    # members no longer see a draft; the approver can neither approve nor send back again
    page = client.get(url).get_data(as_text=True)
    assert "First text of the minutes." not in page and "Approve the minutes" not in page
    assert post(client, auth, f"{url}/minutes/send-back", comments="Again").status_code == 303
    assert len(_minutes(app, two_forums["a"])[1]) == 1
    # the secretariat is told by e-mail, with the comments
    run_worker()
    [mail] = smtp.to(two_forums["a_sec"]["email"])
    assert mail["Subject"] == "Minutes sent back: Quarterly plenary"
    assert "the union's position is missing" in mail.get_body(("plain",)).get_content()
    smtp.messages.clear()
    auth.logout()
    # the secretariat sees the comments where it edits, writes version 2 and circulates it again
    auth.login(two_forums["a_sec"]["email"])
    form = client.get(f"{url}/minutes").get_data(as_text=True)
    assert "Item 2: the union&#39;s position is missing." in form and "Amadou Member" in form
    post(client, auth, f"{url}/minutes", body_md="Second text, with the union's position.", visibility="members")
    assert post(client, auth, f"{url}/minutes/circulate", confirm="1").status_code == 303
    minutes, (v1, v2) = _minutes(app, two_forums["a"])
    assert minutes.status == "circulated" and v1.body_md == "First text of the minutes."
    assert (v2.number, v2.body_md, v2.comments) == (2, "Second text, with the union's position.", None)
    run_worker()
    assert len(smtp.messages) == 5  # invitees get the new version too (it is not taken for a duplicate)
    # the history lists the versions with dates and authors, and the comments with the version they concern
    page = client.get(url).get_data(as_text=True)
    assert "Version 1" in page and "Version 2" in page and "circulated by Ama Secretariat" in page
    assert "sent back by Amadou Member" in page and "Item 2: the union&#39;s position is missing." in page
    with app.app_context(), tenant_context(two_forums["a"]):
        actions = set(db.session.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "minutes")))
    assert {"circulated", "sent_back"} <= actions


def test_only_an_approver_sends_minutes_back(app, client, auth, two_forums, held):
    url = f"/t/forum-a/meetings/{held['id']}"
    auth.login(two_forums["a_sec"]["email"])
    post(client, auth, f"{url}/minutes", body_md="Text.", visibility="members")
    post(client, auth, f"{url}/minutes/circulate", confirm="1")
    auth.logout()
    auth.login(two_forums["a_member"]["email"])  # a plain member, not on the chair's seat
    assert "Send back with comments" not in client.get(url).get_data(as_text=True)
    assert post(client, auth, f"{url}/minutes/send-back", comments="No.").status_code == 404
    assert _minutes(app, two_forums["a"])[0].status == "circulated"


def test_start_from_the_agenda_fills_an_empty_draft_with_its_headings_in_the_meetings_language(
        app, client, auth, factory, two_forums):
    m = factory.meeting(two_forums["a"], title="Plénière", member_ids=(two_forums["a_sec"]["id"],), notify=True,
                        language="fr")
    with app.app_context(), tenant_context(two_forums["a"]):
        meeting = db.session.get(Meeting, (two_forums["a"].id, m["id"]))
        for title in ("Matters arising", "Hazardous work list"):
            meetings.save_agenda_item(meeting, None, title=title, presenter=None, minutes=None, kind="discussion")
        db.session.commit()
    url = f"/t/forum-a/meetings/{m['id']}"
    auth.login(two_forums["a_sec"]["email"])
    assert "Start from the agenda" in client.get(url).get_data(as_text=True)
    r = post(client, auth, f"{url}/minutes/from-agenda")
    assert r.status_code == 303 and r.headers["Location"].endswith(f"{url}/minutes")
    minutes, _versions = _minutes(app, two_forums["a"])
    assert minutes.status == "draft"
    assert minutes.body_md == ("## Point 1 : Opening\n\n\n\n## Point 2 : Matters arising\n\n\n\n"
                               "## Point 3 : Hazardous work list\n")
    assert "<h2>Point 1 : Opening</h2>" in minutes.body_html
    # refused once the draft has text, which is kept as it was
    post(client, auth, f"{url}/minutes", body_md="Our own text.", visibility="members")
    r = post(client, auth, f"{url}/minutes/from-agenda")
    assert r.status_code == 303
    assert "The minutes already have text: the agenda&#39;s headings were not added." in \
        client.get(r.headers["Location"]).get_data(as_text=True)
    assert _minutes(app, two_forums["a"])[0].body_md == "Our own text."
    with app.app_context(), tenant_context(two_forums["a"]):
        assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.object_type == "minutes", AuditEvent.action == "started_from_agenda")) == 1
