"""The outcome of a proposal is a decision (issue 36): one parent (the proposal, no meeting), one decision however
often the closing job runs, the positions per constituency, matters arising at the committee's next meeting, and
action items born of it read through the proposal."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from tenants.rls import tenant_context
from tests.actions.test_actions import make_plan
from webapp.actions import services as actions
from webapp.actions.models import ActionPlan
from webapp.actions.visibility import Reader
from webapp.extensions import db
from webapp.meetings.models import AgendaItem, Decision, DecisionPosition
from webapp.members.models import Member
from webapp.proposals import services
from webapp.proposals.models import Proposal


def _people(app, factory, forum, base):
    people = [base, factory.member(forum, "Efua Employer"), factory.member(forum, "Kojo Worker")]
    with app.app_context(), tenant_context(forum):
        for p, (c, g) in zip(people, [("government", "man"), ("employers", "woman"), ("workers", "man")],
                             strict=True):
            db.session.execute(update(Member).where(Member.id == p["id"]).values(constituency=c, gender=g))
        db.session.commit()
    return [p["id"] for p in people]


def _open_and_answer(app, forum, committee_id, ids, answers, rule="no_objection"):
    with app.app_context(), tenant_context(forum):
        p = services.open_proposal({"title": "Adopt the 2027 work plan", "text": "The forum adopts the plan.",
                                    "rule": rule, "audience": "committee", "committee_id": committee_id,
                                    "deadline": datetime.now(UTC) + timedelta(days=3), "visibility": "members"},
                                   None)
        for mid, answer in zip(ids, answers, strict=False):
            if answer:
                services.record_answer(p, db.session.get(Member, (forum.id, mid)), answer,
                                       "Not funded" if answer == "object" else None)
        db.session.commit()
        return p.id


def test_an_adopted_proposal_is_one_decision_with_its_positions_and_arises_at_the_next_meeting(
        app, client, auth, factory, queue_redis, two_forums):
    a = two_forums["a"]
    m = factory.meeting(a, title="Next plenary", days_ahead=20)
    ids = _people(app, factory, a, two_forums["a_member"])
    with app.app_context(), tenant_context(a):
        from webapp.members import services as roll
        from webapp.members.models import Committee

        for mid in ids:
            roll.set_seat(db.session.get(Committee, (a.id, m["committee_id"])), db.session.get(Member, (a.id, mid)),
                          "member")
        db.session.commit()
    pid = _open_and_answer(app, a, m["committee_id"], ids, ["agree", "agree_with_reservations", None])
    later = datetime.now(UTC) + timedelta(days=4)
    with app.app_context(), tenant_context(a):
        assert services.close_due(later) == 1
        db.session.commit()
        assert services.close_due(later) == 0  # the job run twice records one decision
        p = db.session.get(Proposal, (a.id, pid))
        services.record_decision(p, services.outcome(p))  # and a second recording finds the first
        db.session.commit()
        [d] = db.session.scalars(select(Decision).where(Decision.proposal_id == pid)).all()
        assert d.meeting_id is None and d.visibility == "members" and "Adopt the 2027 work plan" in d.text
        positions = dict(db.session.execute(select(DecisionPosition.constituency, DecisionPosition.position)
                                            .where(DecisionPosition.decision_id == d.id)).all())
        assert positions == {"government": "consensus", "employers": "consensus"}  # workers were silent
        arising = db.session.scalars(select(AgendaItem.title).where(AgendaItem.meeting_id == m["id"])).all()
        assert any("Matters arising: decision WP-" in t and "Adopt the 2027 work plan" in t for t in arising)
        decision_id = d.id
    # an action item made from it is read through the proposal, and arises at the committee's meetings
    plan = make_plan(app, a, [])
    with app.app_context(), tenant_context(a):
        actions.save_item(db.session.get(ActionPlan, (a.id, plan["plan_id"])), None,
                          {"title": "Publish the adopted work plan", "visibility": "members",
                           "origin_decision_id": decision_id, "status": "planned"})
        db.session.commit()
        found = actions.open_items_of_committee(m["committee_id"], Reader.audience("members"))
        assert [i.title for i in found] == ["Publish the adopted work plan"]
        assert actions.open_items_of_committee(m["committee_id"], Reader.audience("public")) == []
    # the decision is found by search, linked to its proposal; not by another forum
    auth.login(two_forums["a_member"]["email"])
    shown = client.get(f"/t/forum-a/proposals/{pid}").get_data(as_text=True)
    assert "Adopted: no one objected." in shown and 'id="positions"' in shown and "Consensus" in shown
    page = client.get("/t/forum-a/meetings/search?q=adopts").get_data(as_text=True)
    # matched words are marked in the title (issue 33)
    assert f'href="/t/forum-a/proposals/{pid}"' in page and "<mark>Adopt</mark> the 2027 work plan" in page
    assert "Decisions between meetings" in page
    auth.logout()
    auth.login(two_forums["b_sec"]["email"])
    assert "2027 work plan" not in client.get("/t/forum-b/meetings/search?q=adopts").get_data(as_text=True)


def test_an_objection_records_no_decision_and_a_decision_has_exactly_one_parent(
        app, factory, queue_redis, two_forums):
    a = two_forums["a"]
    m = factory.meeting(a, title="Next plenary", member_ids=(two_forums["a_member"]["id"],))
    pid = _open_and_answer(app, a, m["committee_id"], [two_forums["a_member"]["id"]], ["object"])
    with app.app_context(), tenant_context(a):
        assert services.close_due(datetime.now(UTC) + timedelta(days=4)) == 1
        db.session.commit()
        assert db.session.scalar(select(Decision.id).where(Decision.proposal_id == pid)) is None
        assert db.session.get(Proposal, (a.id, pid)).adopted is False
        db.session.add(Decision(tenant_id=a.id, meeting_id=m["id"], proposal_id=pid, text="Both", visibility="members"))
        with pytest.raises(IntegrityError, match="one_parent"):
            db.session.flush()
        db.session.rollback()
        db.session.add(Decision(tenant_id=a.id, text="Neither", visibility="members"))
        with pytest.raises(IntegrityError, match="one_parent"):
            db.session.flush()
        db.session.rollback()


def test_a_public_proposals_decision_is_in_the_annual_report_and_a_members_one_is_not(
        app, factory, queue_redis, two_forums):
    from webapp.reports import builders

    a = two_forums["a"]
    m = factory.meeting(a, title="Next plenary", member_ids=(two_forums["a_member"]["id"],))
    pid = _open_and_answer(app, a, m["committee_id"], [two_forums["a_member"]["id"]], ["agree"])
    with app.app_context(), tenant_context(a):
        db.session.execute(update(Proposal).where(Proposal.id == pid).values(visibility="public"))
        hidden = _open_and_answer(app, a, m["committee_id"], [], [])
        now = datetime.now(UTC) + timedelta(days=4)
        assert services.close_due(now) == 2
        db.session.commit()
        ref = db.session.get(Proposal, (a.id, pid)).reference
        hidden_ref = db.session.get(Proposal, (a.id, hidden)).reference
        table = builders.annual(now.year, "en")
        rows = [row for s in table.sections if s.heading == "Decisions" for row in s.rows]
        assert [row[1] for row in rows] == [f"Between meetings: {ref}"]
        assert "The forum adopts the plan." in rows[0][2] and hidden_ref not in str(rows)


def test_proposals_are_listed_for_the_forums_translators(app, client, auth, factory, queue_redis, two_forums):
    a = two_forums["a"]
    with app.app_context():
        from tenants.models import Tenant

        db.session.execute(update(Tenant).where(Tenant.id == a.id).values(enabled_locales=["en", "fr"]))
        db.session.commit()
    m = factory.meeting(a, title="Next plenary", member_ids=(two_forums["a_member"]["id"],))
    _open_and_answer(app, a, m["committee_id"], [], [])
    auth.login(two_forums["a_sec"]["email"])
    page = client.get("/t/forum-a/meetings/translations/fr/proposal")
    assert page.status_code == 200 and "The forum adopts the plan." in page.get_data(as_text=True)
