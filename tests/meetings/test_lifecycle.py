"""Issue 21: duplicate a meeting; delete what is not yet public (draft meetings, agenda items, decisions) with their
content translations, refused with the reason when something depends on it, audited; past meetings a page at a
time."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tenants.rls import tenant_context
from tests.conftest import count_queries
from webapp.core.audit import AuditEvent
from webapp.core.content import ContentTranslation
from webapp.extensions import db
from webapp.meetings import services
from webapp.meetings.models import AgendaItem, Decision, Invitation, Meeting
from webapp.meetings.outcomes import services as outcomes
from webapp.notices.models import Notice


@pytest.fixture
def draft(app, factory, two_forums):
    return factory.meeting(two_forums["a"], title="Plenary Q1",
                           member_ids=(two_forums["a_sec"]["id"], two_forums["a_member"]["id"]))


def post(client, auth, url, **data):
    return client.post(url, data={"csrf_token": auth.csrf("/t/forum-a/meetings/"), **data})


def count(app, tenant, model, *where):
    with app.app_context(), tenant_context(tenant):
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def translate(app, tenant, object_type, object_id, field="title"):
    with app.app_context(), tenant_context(tenant):
        db.session.add(ContentTranslation(object_type=object_type, object_id=object_id, field=field, locale="fr",
                                          text="Texte traduit"))
        db.session.commit()


def audited(app, tenant, action, object_type, object_id):
    return count(app, tenant, AuditEvent, AuditEvent.action == action, AuditEvent.object_type == object_type,
                 AuditEvent.object_id == object_id)


# --- duplicate ------------------------------------------------------------------------------------

def test_duplicate_prefills_the_form_and_copies_agenda_and_invitees_as_a_draft(app, client, auth, two_forums, draft,
                                                                               factory):
    from webapp.members.models import Member

    a = two_forums["a"]
    guest = factory.member(a, "Extra Invitee", account=False)
    with app.app_context(), tenant_context(a):
        m = db.session.get(Meeting, (a.id, draft["id"]))
        services.save_agenda_item(m, None, title="Budget review", presenter="Treasurer", minutes=20, kind="decision")
        extra = services.add_invitee(m, db.session.get(Member, (a.id, guest["id"])))
        services.send_notice(m)
        inv = db.session.scalar(select(Invitation).where(Invitation.meeting_id == m.id,
                                                         Invitation.member_id == two_forums["a_member"]["id"]))
        inv.rsvp, inv.attended = "yes", True
        db.session.commit()
        assert extra is not None
    auth.login(two_forums["a_sec"]["email"])
    page = client.get(f"/t/forum-a/meetings/{draft['id']}").get_data(as_text=True)
    assert f"/meetings/{draft['id']}/duplicate" in page
    form = client.get(f"/t/forum-a/meetings/{draft['id']}/duplicate").get_data(as_text=True)
    assert 'value="Plenary Q1"' in form and 'value="Accra"' in form
    suggested = (draft["start"] + timedelta(days=7)).date().isoformat()  # no earlier meeting: a week on
    assert f'value="{suggested}"' in form
    notices_before = count(app, a, Notice)
    r = post(client, auth, f"/t/forum-a/meetings/{draft['id']}/duplicate", title="Plenary Q2",
             committee_id=str(draft["committee_id"]), kind="plenary", day="2031-03-04", start_time="09:00",
             end_time="12:00", venue="Kumasi", language="en", visibility="members")
    assert r.status_code == 303, r.get_data(as_text=True)
    with app.app_context(), tenant_context(a):
        new = db.session.scalar(select(Meeting).where(Meeting.title == "Plenary Q2"))
        assert new.status == "draft" and new.notified_at is None and new.venue == "Kumasi"
        agenda = [i.title for i in db.session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == new.id)
                                                          .order_by(AgendaItem.position))]
        assert agenda == ["Opening", "Budget review"]
        invs = list(db.session.scalars(select(Invitation).where(Invitation.meeting_id == new.id)))
        assert {i.member_id for i in invs} == {two_forums["a_sec"]["id"], two_forums["a_member"]["id"], guest["id"]}
        assert all(i.rsvp == "none" and not i.attended for i in invs)
    assert r.headers["Location"].endswith(f"/meetings/{new.id}")
    assert count(app, a, Notice) == notices_before  # a draft: no notice goes out
    assert audited(app, a, "duplicated", "meeting", draft["id"]) == 1


def test_duplicate_without_a_date_keeps_what_was_typed(app, client, auth, two_forums, draft):
    auth.login(two_forums["a_sec"]["email"])
    r = post(client, auth, f"/t/forum-a/meetings/{draft['id']}/duplicate", title="Plenary Q2 typed",
             committee_id=str(draft["committee_id"]), kind="plenary", day="", start_time="09:00",
             end_time="12:00", language="en", visibility="members")
    assert r.status_code == 422
    assert 'value="Plenary Q2 typed"' in r.get_data(as_text=True)
    assert count(app, two_forums["a"], Meeting) == 1


def test_a_member_cannot_duplicate(app, client, auth, two_forums, draft):
    auth.login(two_forums["a_member"]["email"])
    assert client.get(f"/t/forum-a/meetings/{draft['id']}/duplicate").status_code == 404


# --- delete a meeting ---------------------------------------------------------------------------

def test_a_draft_meeting_is_deleted_after_confirming_with_its_translations(app, client, auth, two_forums, draft):
    a = two_forums["a"]
    translate(app, a, "meeting", draft["id"])
    translate(app, a, "agenda_item", draft["item_id"])
    auth.login(two_forums["a_sec"]["email"])
    asked = post(client, auth, f"/t/forum-a/meetings/{draft['id']}/delete")
    assert asked.status_code == 200 and 'name="confirm" value="1"' in asked.get_data(as_text=True)
    assert count(app, a, Meeting) == 1  # asking changes nothing
    r = post(client, auth, f"/t/forum-a/meetings/{draft['id']}/delete", confirm="1")
    assert r.status_code == 303 and r.headers["Location"].endswith("/meetings/")
    assert count(app, a, Meeting) == 0 and count(app, a, AgendaItem) == 0
    assert count(app, a, ContentTranslation) == 0
    assert audited(app, a, "deleted", "meeting", draft["id"]) == 1


def test_a_noticed_meeting_is_not_deleted_and_the_page_says_why(app, client, auth, two_forums, draft):
    a = two_forums["a"]
    with app.app_context(), tenant_context(a):
        services.send_notice(db.session.get(Meeting, (a.id, draft["id"])))
        db.session.commit()
    auth.login(two_forums["a_sec"]["email"])
    r = post(client, auth, f"/t/forum-a/meetings/{draft['id']}/delete", confirm="1")
    assert r.status_code == 303
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "Notice of this meeting has gone out" in page
    assert count(app, a, Meeting) == 1
    assert audited(app, a, "deleted", "meeting", draft["id"]) == 0


def test_the_refusal_speaks_the_readers_language(app, client, auth, two_forums, draft):
    a = two_forums["a"]
    with app.app_context(), tenant_context(a):
        services.send_notice(db.session.get(Meeting, (a.id, draft["id"])))
        db.session.commit()
    auth.login(two_forums["a_sec"]["email"])
    r = post(client, auth, f"/t/forum-a/meetings/{draft['id']}/delete?lang=fr", confirm="1")
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "Notice of this meeting has gone out" not in page and "La convocation de cette réunion" in page


def test_agenda_item_deletion_takes_its_translations(app, client, auth, two_forums, draft):
    a = two_forums["a"]
    translate(app, a, "agenda_item", draft["item_id"])
    auth.login(two_forums["a_sec"]["email"])
    r = post(client, auth, f"/t/forum-a/meetings/{draft['id']}/agenda/{draft['item_id']}/delete", confirm="1")
    assert r.status_code == 303
    assert count(app, a, AgendaItem) == 0 and count(app, a, ContentTranslation) == 0
    assert audited(app, a, "deleted", "agenda_item", draft["item_id"]) == 1


# --- delete a decision --------------------------------------------------------------------------

def _decision(app, tenant, meeting_id, text="Adopt the plan"):
    with app.app_context(), tenant_context(tenant):
        m = db.session.get(Meeting, (tenant.id, meeting_id))
        d = outcomes.save_decision(m, None, text=text, agenda_item_id=None, visibility="members",
                                   policy_outcome=None, review_on=None, positions={"government": "agrees"})
        db.session.commit()
        return d.id


def test_an_unpublished_decision_is_deleted_with_its_translations(app, client, auth, two_forums, draft):
    a = two_forums["a"]
    did = _decision(app, a, draft["id"])
    translate(app, a, "decision", did, "text")
    auth.login(two_forums["a_sec"]["email"])
    url = f"/t/forum-a/meetings/{draft['id']}/decisions/{did}/delete"
    assert 'name="confirm" value="1"' in post(client, auth, url).get_data(as_text=True)
    r = post(client, auth, url, confirm="1")
    assert r.status_code == 303
    assert count(app, a, Decision) == 0 and count(app, a, ContentTranslation) == 0
    assert audited(app, a, "deleted", "decision", did) == 1


def test_a_decision_with_action_items_is_refused_with_the_count(app, client, auth, two_forums, draft):
    from webapp.actions import services as actions

    a = two_forums["a"]
    did = _decision(app, a, draft["id"])
    with app.app_context(), tenant_context(a):
        plan = actions.save_plan(None, title="Plan", description=None, period_start=None, period_end=None,
                                 visibility="members")
        for n in range(2):
            actions.save_item(plan, None, {"title": f"Do {n}", "origin_decision_id": did})
        db.session.commit()
    auth.login(two_forums["a_sec"]["email"])
    r = post(client, auth, f"/t/forum-a/meetings/{draft['id']}/decisions/{did}/delete", confirm="1")
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "This decision has 2 action items: move or delete them first." in page
    assert count(app, a, Decision) == 1 and audited(app, a, "deleted", "decision", did) == 0


def test_a_published_decision_is_refused(app, client, auth, two_forums, factory):
    a = two_forums["a"]
    m = factory.meeting(a, title="Held one", member_ids=(two_forums["a_sec"]["id"],), days_ahead=-3, notify=True)
    did = _decision(app, a, m["id"])
    with app.app_context(), tenant_context(a):
        meeting = db.session.get(Meeting, (a.id, m["id"]))
        meeting.status, meeting.outcomes_published_at = "outcomes_published", datetime.now(UTC)
        db.session.commit()
    auth.login(two_forums["a_sec"]["email"])
    r = post(client, auth, f"/t/forum-a/meetings/{m['id']}/decisions/{did}/delete", confirm="1")
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "This decision is published with the meeting" in page
    assert count(app, a, Decision) == 1


# --- past meetings, a page at a time ------------------------------------------------------------

def _past(app, tenant, committee_id, n, title="Past"):
    with app.app_context(), tenant_context(tenant):
        start = datetime(2020, 1, 6, 9, tzinfo=UTC)
        for i in range(n):
            db.session.add(Meeting(committee_id=committee_id, title=f"{title} {i:03d}", kind="plenary",
                                   start_at=start + timedelta(days=i), end_at=start + timedelta(days=i, hours=2),
                                   language="en", visibility="members", status="held"))
        db.session.commit()


def test_past_meetings_are_paged_and_filtered(app, client, auth, two_forums, draft):
    a = two_forums["a"]
    _past(app, a, draft["committee_id"], 75)
    auth.login(two_forums["a_sec"]["email"])
    first = client.get("/t/forum-a/meetings/past").get_data(as_text=True)
    assert "Past 074" in first and "Past 045" in first and "Past 044" not in first
    assert 'rel="next"' in first and 'rel="prev"' not in first
    third = client.get("/t/forum-a/meetings/past?page=3").get_data(as_text=True)
    assert "Past 014" in third and "Past 000" in third and 'rel="next"' not in third and 'rel="prev"' in third
    other = client.get(f"/t/forum-a/meetings/past?committee={draft['committee_id'] + 999}").get_data(as_text=True)
    assert "Past 074" not in other
    assert "/meetings/past" in client.get("/t/forum-a/meetings/").get_data(as_text=True)


def test_past_meetings_page_runs_the_same_queries_for_3_or_300(app, client, auth, two_forums, draft):
    a = two_forums["a"]
    _past(app, a, draft["committee_id"], 3, "Few")
    auth.login(two_forums["a_sec"]["email"])
    client.get("/t/forum-a/meetings/past")
    with count_queries(app) as few:
        assert client.get("/t/forum-a/meetings/past").status_code == 200
    _past(app, a, draft["committee_id"], 300, "Many")
    with count_queries(app) as many:
        assert client.get("/t/forum-a/meetings/past?page=2").status_code == 200
    assert many["n"] == few["n"] <= 8


def test_duplicate_date_suggestion_follows_the_usual_interval(app, two_forums, draft, factory):
    from webapp.meetings.queries import suggested_day

    a = two_forums["a"]
    with app.app_context(), tenant_context(a):
        m = db.session.get(Meeting, (a.id, draft["id"]))
        earlier = Meeting(committee_id=m.committee_id, title="Earlier", kind="plenary",
                          start_at=m.start_at - timedelta(days=28), end_at=m.end_at - timedelta(days=28),
                          language="en", visibility="members", status="held")
        db.session.add(earlier)
        db.session.flush()
        from webapp.core.zones import forum_zone

        day = suggested_day(m)
        assert day == (m.start_at + timedelta(days=28)).astimezone(forum_zone()).date() and isinstance(day, date)


def test_duplicate_keeps_one_matters_arising_item(app, two_forums, draft):
    """The committee's open actions are carried forward on the new meeting afresh, not copied a second time."""
    from webapp.actions import services as actions

    a = two_forums["a"]
    did = _decision(app, a, draft["id"])
    with app.app_context(), tenant_context(a):
        plan = actions.save_plan(None, title="Plan", description=None, period_start=None, period_end=None,
                                 visibility="members")
        actions.save_item(plan, None, {"title": "Open action", "origin_decision_id": did})
        source = services.save_meeting(None, {"title": "Plenary Q2", "committee_id": draft["committee_id"],
                                              "kind": "plenary", "start_at": draft["start"] + timedelta(days=90),
                                              "end_at": draft["start"] + timedelta(days=90, hours=2),
                                              "venue": None, "online_link": None, "language": "en",
                                              "interpretation_languages": [], "expected_outputs": None,
                                              "visibility": "members"})
        services.save_agenda_item(source, None, title="Budget", presenter=None, minutes=30, kind="decision")
        assert [i.title for i in db.session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == source.id)
                                                   .order_by(AgendaItem.position))][0].startswith("Matters arising")
        new = services.duplicate_meeting(source, {"title": "Plenary Q3", "committee_id": draft["committee_id"],
                                                  "kind": "plenary", "start_at": draft["start"] + timedelta(days=180),
                                                  "end_at": draft["start"] + timedelta(days=180, hours=2),
                                                  "venue": None, "online_link": None, "language": "en",
                                                  "interpretation_languages": [], "expected_outputs": None,
                                                  "visibility": "members"})
        titles = [i.title for i in db.session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == new.id)
                                                      .order_by(AgendaItem.position))]
        assert [t.split(":")[0] for t in titles] == ["Matters arising", "Budget"], titles
        db.session.rollback()


def test_a_draft_cancelled_before_notice_can_be_deleted_but_a_held_meeting_cannot(app, client, auth, two_forums,
                                                                                   draft):
    a = two_forums["a"]
    _past(app, a, draft["committee_id"], 1, "Held")
    with app.app_context(), tenant_context(a):
        services.cancel_meeting(db.session.get(Meeting, (a.id, draft["id"])))
        held = db.session.scalar(select(Meeting.id).where(Meeting.title == "Held 000"))
        db.session.commit()
    auth.login(two_forums["a_sec"]["email"])
    assert post(client, auth, f"/t/forum-a/meetings/{draft['id']}/delete", confirm="1").status_code == 303
    assert count(app, a, Meeting, Meeting.id == draft["id"]) == 0
    r = post(client, auth, f"/t/forum-a/meetings/{held}/delete", confirm="1")
    assert "This meeting has been held: it stays in the forum" in client.get(r.headers["Location"]).get_data(
        as_text=True)
    assert count(app, a, Meeting, Meeting.id == held) == 1
