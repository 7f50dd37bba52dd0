"""What became of a proposal's decision (issue 36): on the forum's public page when the proposal is public (the one
rule by reader, webapp/core/visibility.py), under matters arising of the committee's next meeting — planned before or
after the proposal closed — and in that meeting's minutes' annex, and in the translators' list like other texts."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from tenants.rls import tenant_context
from webapp.extensions import db
from webapp.meetings.models import Decision, Meeting
from webapp.members.models import Member
from webapp.proposals import services

from .test_proposals import _setup


def _decided(app, forum, cid, people, title, visibility, answers):
    with app.app_context(), tenant_context(forum):
        p = services.open_proposal({"title": title, "text": f"The forum decides: {title}.", "rule": "no_objection",
                                    "audience": "committee", "committee_id": cid, "visibility": visibility,
                                    "deadline": datetime.now(UTC) + timedelta(days=3)}, None, notify=False)
        for key, (answer, comment) in answers.items():
            services.record_answer(p, db.session.get(Member, (forum.id, people[key]["id"])), answer, comment)
        services.close(p, datetime.now(UTC) + timedelta(days=4))
        db.session.commit()
        return p.id, p.reference


def test_a_public_proposals_decision_is_on_the_public_page_with_its_procedure_and_tally(
        app, client, auth, factory, queue_redis, two_forums):
    a = two_forums["a"]
    cid, people = _setup(app, factory, two_forums)
    agree = {"gov": ("agree", None), "emp": ("agree_with_reservations", "Funded first")}
    public_id, public_ref = _decided(app, a, cid, people, "Adopt the list of hazardous tasks", "public", agree)
    members_id, _ref = _decided(app, a, cid, people, "Share the budget with members", "members", agree)
    objected_id, _ref = _decided(app, a, cid, people, "Close the pits in the rainy season", "public",
                                 {"gov": ("object", "Not consulted")})

    page = client.get("/t/forum-a/public/").get_data(as_text=True)
    assert f'id="proposal-decision-{public_id}"' in page
    part = page[page.index('id="between-meetings"'):]
    assert public_ref in part and "Adopt the list of hazardous tasks" in part
    assert "No objection (written procedure)" in part and "Adopted: no one objected." in part
    assert "2 of 3 seats answered." in part and "Government: " in part and "Employers: " in part
    assert f'id="proposal-decision-{members_id}"' not in page and "Share the budget with members" not in page
    assert f'id="proposal-decision-{objected_id}"' not in page  # not adopted: no decision
    # forum B's public page shows none of forum A's
    assert "Adopt the list of hazardous tasks" not in client.get("/t/forum-b/public/").get_data(as_text=True)


def test_the_decision_is_under_matters_arising_of_the_committees_next_meeting_and_in_its_minutes_annex(
        app, client, auth, factory, queue_redis, two_forums):
    from webapp.meetings.outcomes import services as outcomes

    a = two_forums["a"]
    cid, people = _setup(app, factory, two_forums)
    pid, ref = _decided(app, a, cid, people, "Adopt the 2027 work plan", "members", {"gov": ("agree", None)})
    # the meeting is planned after the proposal closed: the page still shows the decision under matters arising
    meeting = factory.meeting(a, "Next plenary", (people["gov"]["id"],), days_ahead=30, notify=True, committee_id=cid)
    other = factory.meeting(a, "Another committee's plenary", (people["gov"]["id"],), days_ahead=30, notify=True)
    auth.login(people["gov"]["email"])
    page = client.get(f"/t/forum-a/meetings/{meeting['id']}").get_data(as_text=True)
    assert f'id="arising-between-{pid}"' in page and ref in page and "1 of 3 seats answered." in page
    assert f'id="arising-between-{pid}"' not in client.get(f"/t/forum-a/meetings/{other['id']}").get_data(
        as_text=True)
    auth.logout()

    # once the meeting has minutes, the decision is in their annex
    with app.app_context(), tenant_context(a):
        outcomes.save_minutes(db.session.get(Meeting, (a.id, meeting["id"])), "We met.", False, "members")
        db.session.commit()
    auth.login(two_forums["a_sec"]["email"])
    page = client.get(f"/t/forum-a/meetings/{meeting['id']}").get_data(as_text=True)
    annex = page[page.index('id="annex-between"'):]
    assert f'id="annex-between-list-{pid}"' in annex and "Adopt the 2027 work plan" in annex


def test_a_restricted_proposals_decision_is_hidden_from_members_on_the_meeting_page(
        app, client, auth, factory, queue_redis, two_forums):
    a = two_forums["a"]
    cid, people = _setup(app, factory, two_forums)
    pid, _ref = _decided(app, a, cid, people, "Settle the staff grievance", "restricted", {"gov": ("agree", None)})
    meeting = factory.meeting(a, "Next plenary", (people["gov"]["id"],), days_ahead=30, notify=True, committee_id=cid)
    auth.login(people["gov"]["email"])
    assert f'id="arising-between-{pid}"' not in client.get(f"/t/forum-a/meetings/{meeting['id']}").get_data(
        as_text=True)
    auth.logout()
    auth.login(two_forums["a_sec"]["email"])
    assert f'id="arising-between-{pid}"' in client.get(f"/t/forum-a/meetings/{meeting['id']}").get_data(
        as_text=True)


def test_a_proposals_decision_is_in_the_translators_list_and_its_translation_shows_publicly(
        app, client, auth, factory, queue_redis, two_forums):
    from webapp.core import content

    a = two_forums["a"]
    cid, people = _setup(app, factory, two_forums)
    pid, _ref = _decided(app, a, cid, people, "Adopt the list of hazardous tasks", "public", {"gov": ("agree", None)})
    auth.login(two_forums["a_sec"]["email"])
    assert "Decisions taken between meetings" in client.get("/t/forum-a/meetings/translations/fr").get_data(
        as_text=True)
    page = client.get("/t/forum-a/meetings/translations/fr/decision").get_data(as_text=True)
    assert "The forum decides: Adopt the list of hazardous tasks." in page
    with app.app_context(), tenant_context(a):
        decision_id = db.session.scalar(select(Decision.id).where(Decision.proposal_id == pid))
        content.set_translation("decision", decision_id, "text", "fr", "Le forum adopte la liste des travaux dangereux.")
        db.session.commit()
    auth.logout()
    page = client.get("/t/forum-a/public/?lang=fr").get_data(as_text=True)
    assert "Le forum adopte la liste des travaux dangereux." in page


def test_decisions_between_meetings_from_shared_parts_reach_only_their_readers(
        app, client, auth, factory, queue_redis, two_forums):
    """Issue 43: the decisions taken between meetings are in the meeting page's shared parts (one per visibility
    class): whoever fills the cache first, a member never reads the restricted one and every reader reads the page
    they read with nothing cached; with minutes, the same in their annex."""
    import re

    import redis

    from webapp.meetings.outcomes import services as outcomes

    a = two_forums["a"]
    cid, people = _setup(app, factory, two_forums)
    secret, _r = _decided(app, a, cid, people, "Settle the staff grievance", "restricted", {"gov": ("agree", None)})
    shared, _r = _decided(app, a, cid, people, "Adopt the 2027 work plan", "members", {"gov": ("agree", None)})
    chair = factory.member(a, "Fatima Chair", "chair")
    meeting = factory.meeting(a, "Next plenary", (people["gov"]["id"],), days_ahead=30, notify=True, committee_id=cid)
    path = f"/t/forum-a/meetings/{meeting['id']}"

    def flush() -> None:
        with redis.Redis.from_url(app.config["CACHE_REDIS_URL"]) as cache:
            for key in cache.scan_iter("baraza:parts:*"):
                cache.delete(key)

    def page(who: dict) -> str:
        auth.login(who["email"])
        html = client.get(path).get_data(as_text=True)
        auth.logout()
        return re.sub(r'("X-CSRFToken": "|name="csrf_token"[^>]*? value=")[^"]+', r"\1-", html)

    for stage in ("arising", "annex"):
        alone = {}
        for name, who in (("member", people["gov"]), ("chair", chair)):
            flush()
            alone[name] = page(who)
        assert f"{stage}-between" in alone["member"] and "Adopt the 2027 work plan" in alone["member"]
        assert "Settle the staff grievance" not in alone["member"]
        assert "Settle the staff grievance" in alone["chair"]
        for first in (chair, people["gov"]):
            flush()
            page(first)
            assert page(people["gov"]) == alone["member"] and page(chair) == alone["chair"]
            assert page(people["gov"]) == alone["member"]  # from the parts, the decisions not read again
        with app.app_context(), tenant_context(a):  # the next stage: the meeting has minutes
            outcomes.save_minutes(db.session.get(Meeting, (a.id, meeting["id"])), "We met.", False, "members")
            outcomes.circulate_minutes(db.session.get(Meeting, (a.id, meeting["id"])))
            db.session.commit()
    assert shared and secret
