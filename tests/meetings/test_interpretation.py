"""Interpretation between any languages (issue 46): a meeting records "from > into" pairs of any BCP-47 tags (Twi
into English and back); the language check counts those it reaches, and warns for someone heard in no direction; a
request for interpretation names the language."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from tenants.rls import tenant_context
from webapp.extensions import db
from webapp.inclusion import checks
from webapp.meetings.models import Invitation, Meeting
from webapp.members.models import Member

from .test_meetings import post


def test_the_language_check_counts_interpretation_pairs_both_ways():
    people = [["tw"], ["tw", "ak"], ["en"], ["en", "fr"], ["dag"]]
    none = checks.language(people, ["en"])
    assert none.status == checks.WARN and none.figures["left_out"] == 3
    both = checks.language(people, ["en"], [("tw", "en"), ("en", "tw"), ("dag", "en"), ("en", "dag")])
    assert both.status == checks.OK and both.figures["left_out"] == 0 and both.figures["one_way"] == 0
    one_way = checks.language(people, ["en"], [("en", "tw"), ("en", "dag"), ("dag", "en")])
    assert one_way.status == checks.WARN and one_way.figures == {"left_out": 0, "people": 5, "unknown": 0,
                                                                 "one_way": 2}
    assert checks.language([["tw-GH"]], ["en"], [("tw", "en"), ("en", "tw")]).status == checks.OK


def _edit_data(app, tenant, meeting_id: int, **more: str) -> dict[str, object]:
    with app.app_context(), tenant_context(tenant):
        m = db.session.get(Meeting, (tenant.id, meeting_id))
        day = (datetime.now(UTC) + timedelta(days=30)).date().isoformat()
        return {"title": m.title, "committee_id": m.committee_id, "kind": m.kind, "day": day, "start_time": "09:00",
                "end_time": "12:00", "venue": "Fomena", "language": "en", "visibility": "public", **more}


def test_a_meeting_records_twi_into_english_and_back_and_the_check_and_pages_use_it(app, client, auth, factory,
                                                                                    two_forums):
    forum = two_forums["a"]
    m = factory.meeting(forum, "District committee", member_ids=(two_forums["a_member"]["id"],))
    with app.app_context(), tenant_context(forum):
        db.session.get(Member, (forum.id, two_forums["a_member"]["id"])).languages = ["tw"]
        db.session.commit()
    auth.login(two_forums["a_sec"]["email"])
    before = client.get(f"/t/forum-a/meetings/{m['id']}").get_data(as_text=True)
    assert "speak none of the meeting" in before
    bad = post(client, auth, f"/t/forum-a/meetings/{m['id']}/edit",
               **_edit_data(app, forum, m["id"], interpretation_pairs="tw > tw"))
    assert bad.status_code == 422 and "Write each pair as two language codes" in bad.get_data(as_text=True)
    r = post(client, auth, f"/t/forum-a/meetings/{m['id']}/edit",
             **_edit_data(app, forum, m["id"], interpretation_pairs="TW > en, en>tw; tw > en"))
    assert r.status_code == 303
    with app.app_context(), tenant_context(forum):
        assert db.session.get(Meeting, (forum.id, m["id"])).interpretation_pairs == ["tw>en", "en>tw"]
    page = client.get(f"/t/forum-a/meetings/{m['id']}").get_data(as_text=True)
    assert "Twi → English, English → Twi" in page and "speak none of the meeting" not in page
    assert "tw &gt; en, en &gt; tw" in client.get(f"/t/forum-a/meetings/{m['id']}/edit").get_data(as_text=True)
    one_way = post(client, auth, f"/t/forum-a/meetings/{m['id']}/edit",
                   **_edit_data(app, forum, m["id"], interpretation_pairs="en > tw"))
    assert one_way.status_code == 303
    assert "they cannot be heard" in client.get(f"/t/forum-a/meetings/{m['id']}").get_data(as_text=True)


def test_a_request_for_interpretation_names_the_language(app, client, auth, factory, two_forums):
    forum = two_forums["a"]
    m = factory.meeting(forum, "District committee", member_ids=(two_forums["a_member"]["id"],), notify=True)
    auth.login(two_forums["a_member"]["email"])
    nameless = post(client, auth, f"/t/forum-a/meetings/{m['id']}/support", support="interpretation", note="")
    assert nameless.status_code == 303
    assert "Please name the language you need interpretation into" in client.get(
        nameless.headers["Location"]).get_data(as_text=True)
    r = post(client, auth, f"/t/forum-a/meetings/{m['id']}/support", support="interpretation", language="Twi")
    assert r.status_code == 303
    with app.app_context(), tenant_context(forum):
        inv = db.session.scalar(select(Invitation).where(Invitation.meeting_id == m["id"]))
        assert (inv.support, inv.support_language, inv.support_status) == ("interpretation", "tw", "requested")
    auth.logout()
    auth.login(two_forums["a_sec"]["email"])
    assert "Interpretation (Twi)" in client.get(f"/t/forum-a/meetings/{m['id']}").get_data(as_text=True)
