"""Issue 39: votes in the session — opened and closed by the chair, from phones (one seat, one vote; an alternate for
an absent titular) or by a show of hands per constituency, decided by meetings/rules.py and recorded as a decision
with its tally; a secret ballot links no member to a choice anywhere."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from tenants.rls import tenant_context
from tests.conftest import PASSWORD
from tests.live.helpers import post as _post
from webapp.core.audit import AuditEvent
from webapp.extensions import db
from webapp.live.models import LiveVote, VoteBallot, VoteTally
from webapp.meetings.models import Decision, DecisionPosition

pytestmark = pytest.mark.usefixtures("controlled_clock")  # tests/live/conftest.py


def _open(client, live, **data: object) -> str:  # noqa: ANN001
    r = _post(client, live["votes"], live["votes"], **data)
    assert r.status_code == 303, r.get_data(as_text=True)
    return r.headers["Location"]


def _as(auth, email: str) -> None:  # noqa: ANN001
    auth.logout()
    auth.login(email)


def test_a_secret_electronic_vote_under_consent_is_decided_per_constituency(app, client, auth, two_forums,
                                                                            live) -> None:
    vote = _open(client, live, motion="Adopt the 2027 work plan", rule="consent_of_every_core_constituency",
                 method="phones", secret="y")
    assert "A vote is open." in client.get(live["base"]).get_data(as_text=True)
    choices = {0: "agree", 1: "agree", 2: "abstain", 3: "agree"}  # Ama, Kofi (employers), Yaw, Esi (government)
    for i, answer in choices.items():
        _as(auth, live["emails"][i])
        assert "A vote is open." in client.get(live["base"]).get_data(as_text=True)
        page = client.get(vote).get_data(as_text=True)
        assert "Adopt the 2027 work plan" in page and 'value="agree"' in page
        assert _post(client, f"{vote}/ballot", vote, answer=answer).status_code == 303
        again = _post(client, f"{vote}/ballot", vote, answer="object")
        assert again.status_code == 303 and "already voted" in client.get(vote).get_data(as_text=True)
    assert "4 of 4 seats have voted." in client.get(vote).get_data(as_text=True)
    assert _post(client, f"{vote}/close", vote).status_code == 404  # a member does not close it
    _as(auth, two_forums["a_sec"]["email"])
    assert "<table" not in client.get(vote).get_data(as_text=True)  # a secret tally is not watched as seats vote
    assert _post(client, f"{vote}/close", vote).status_code == 303
    page = client.get(vote).get_data(as_text=True)
    # workers: one agrees, one abstains: no majority of the workers agreeing, so no consent
    assert "Not adopted" in page
    with app.app_context(), tenant_context(two_forums["a"]):
        v = db.session.scalars(select(LiveVote)).one()
        assert (v.adopted, v.outcome_reason) == (False, "core_withheld")
        decision = db.session.get(Decision, (two_forums["a"].id, v.decision_id))
        assert decision.meeting_id == live["id"] and "Not adopted (secret ballot)" in decision.text
        assert "Workers: 1 for, 0 against, 1 abstaining" in decision.text
        assert "Employers: 1 for, 0 against, 0 abstaining" in decision.text
        positions = dict(db.session.execute(select(DecisionPosition.constituency, DecisionPosition.position)).all())
        assert positions == {"workers": "abstains", "employers": "consensus", "government": "consensus"}
        # who voted is known, what each voted is not: read every place a choice could be linked to a member
        ballots = db.session.scalars(select(VoteBallot)).all()
        assert sorted(b.seat_id for b in ballots) == sorted(live["member_ids"]) and {b.answer for b in ballots} == {None}
        assert {(t.constituency, t.answer, t.seats) for t in db.session.scalars(select(VoteTally))} == {
            ("workers", "agree", 1), ("workers", "abstain", 1), ("employers", "agree", 1), ("government", "agree", 1)}
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.object_type == "live_vote")).all()
        assert {e.action for e in events} == {"vote_opened", "vote_closed"}
        assert all(not set(e.fields) & {"agree", "object", "abstain"} for e in events)
        assert "Ama" not in decision.text and "Yaw" not in decision.text
    # the meeting page's decisions carry it (the minutes' place of decisions)
    page = client.get(f"/t/forum-a/meetings/{live['id']}").get_data(as_text=True)
    assert "Adopt the 2027 work plan" in page and "1 abstaining" in page


def test_a_show_of_hands_is_entered_per_constituency_and_corrected_with_an_audit_entry(app, client, auth,
                                                                                        two_forums, live) -> None:
    vote = _open(client, live, motion="Hold the next plenary in Tarkwa", rule="majority_with_turnout",
                 method="hands")
    page = client.get(vote).get_data(as_text=True)
    assert 'name="workers-agree"' in page and 'name="government-object"' in page
    r = _post(client, f"{vote}/hands", vote, **{"workers-agree": "2", "employers-object": "1",
                                                 "government-agree": "0", "government-abstain": "1"})
    assert r.status_code == 303
    _post(client, f"{vote}/close", vote)
    with app.app_context(), tenant_context(two_forums["a"]):
        v = db.session.scalars(select(LiveVote)).one()
        assert (v.adopted, v.outcome_reason) == (False, "no_majority")  # 2 of 4 answering agree: no majority
    # the count was wrong: the government agreed; corrected, audited, decided again
    _post(client, f"{vote}/hands", vote, **{"workers-agree": "2", "employers-object": "1", "government-agree": "1"})
    with app.app_context(), tenant_context(two_forums["a"]):
        v = db.session.scalars(select(LiveVote)).one()
        assert (v.adopted, v.outcome_reason) == (True, "majority_agreed")
        decision = db.session.get(Decision, (two_forums["a"].id, v.decision_id))
        assert decision.text.startswith("Hold the next plenary in Tarkwa\n\nAdopted (show of hands)")
        assert len(db.session.scalars(select(Decision)).all()) == 1
        corrected = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "tally_corrected")).one()
        assert corrected.fields == ["government"]
    assert "Adopted" in client.get(vote).get_data(as_text=True)
    bad = _post(client, f"{vote}/hands", vote, **{"workers-agree": "two"})
    assert bad.status_code == 303 and "check the numbers" in client.get(vote).get_data(as_text=True)


def test_an_alternate_votes_for_an_absent_titular_only(app, client, auth, two_forums, live) -> None:
    from webapp.auth import services as accounts
    from webapp.meetings.models import Invitation
    from webapp.members import services as roll

    with app.app_context(), tenant_context(two_forums["a"]):
        user = accounts.create_user("abena@forum-a.test", "Abena Osei", PASSWORD)
        roll.add_member("Abena Osei", "abena@forum-a.test", "alternate", user=user, gender="woman",
                        constituency="employers", alternate_of_id=live["member_ids"][1])
        db.session.commit()
    vote = _open(client, live, motion="Approve the budget", rule="no_objection", method="phones")
    _as(auth, "abena@forum-a.test")
    _post(client, f"{vote}/ballot", vote, answer="object")
    assert "no seat that votes" in client.get(vote).get_data(as_text=True)  # Kofi, her titular, is present
    with app.app_context(), tenant_context(two_forums["a"]):
        inv = db.session.scalar(select(Invitation).where(Invitation.member_id == live["member_ids"][1]))
        inv.attended = False
        db.session.commit()
    assert _post(client, f"{vote}/ballot", vote, answer="object").status_code == 303
    _as(auth, live["emails"][1])  # Kofi arrives late: his seat has voted
    _post(client, f"{vote}/ballot", vote, answer="agree")
    assert "already voted" in client.get(vote).get_data(as_text=True)
    with app.app_context(), tenant_context(two_forums["a"]):
        [b] = db.session.scalars(select(VoteBallot)).all()
        assert (b.seat_id, b.answer) == (live["member_ids"][1], "object")  # an open ballot keeps the answer


def test_a_vote_on_an_open_proposal_closes_it(app, client, auth, two_forums, live) -> None:
    from datetime import UTC, datetime, timedelta

    from webapp.members.models import Member
    from webapp.proposals import services as proposals
    from webapp.proposals.models import Proposal

    with app.app_context(), tenant_context(two_forums["a"]):
        p = proposals.open_proposal({"title": "Youth seats on the plenary", "text": "Two seats for youth.",
                                     "rule": "no_objection", "audience": "roll",
                                     "deadline": datetime.now(UTC) + timedelta(days=7)},
                                    db.session.get(Member, (two_forums["a"].id, live["member_ids"][0])),
                                    notify=False)
        db.session.commit()
        pid = p.id
    page = client.get(live["votes"]).get_data(as_text=True)
    assert "Youth seats on the plenary" in page
    vote = _open(client, live, proposal_id=str(pid), rule="no_objection", method="phones")
    _as(auth, live["emails"][0])
    _post(client, f"{vote}/ballot", vote, answer="agree")
    _as(auth, two_forums["a_sec"]["email"])
    _post(client, f"{vote}/close", vote)
    with app.app_context(), tenant_context(two_forums["a"]):
        p = db.session.get(Proposal, (two_forums["a"].id, pid))
        assert (p.status, p.adopted, p.outcome_reason) == ("closed", True, "no_objection")
        v = db.session.scalars(select(LiveVote)).one()
        assert v.motion == "Youth seats on the plenary" and v.decision_id is not None


def test_one_vote_open_at_a_time_and_a_member_cannot_open_one(app, client, auth, two_forums, live) -> None:
    _open(client, live, motion="First", rule="no_objection", method="phones")
    r = _post(client, live["votes"], live["votes"], motion="Second", rule="no_objection", method="phones")
    assert r.status_code == 422 or "Open a vote" not in r.get_data(as_text=True)
    _as(auth, live["emails"][0])
    r = _post(client, live["votes"], live["base"], motion="Mine", rule="no_objection", method="phones")
    assert r.status_code == 404
    with app.app_context(), tenant_context(two_forums["a"]):
        assert [v.motion for v in db.session.scalars(select(LiveVote))] == ["First"]


def test_the_demos_held_meeting_has_self_check_ins_and_a_vote(app, databases) -> None:
    from tenants.models import Tenant
    from webapp import demo
    from webapp.meetings.models import Meeting, SelfCheckin

    with app.app_context():
        demo.load()
        ghana = db.session.scalar(select(Tenant).where(Tenant.slug == "ghana-nsccl"))
        with tenant_context(ghana):
            vote = db.session.scalars(select(LiveVote).where(LiveVote.candidates.is_(None))).one()
            m = db.session.get(Meeting, (ghana.id, vote.meeting_id))
            assert m.status in ("held", "outcomes_published") and vote.status == "closed" and vote.secret \
                and vote.decision_id  # run in the room at the last plenary held (webapp/demo.py)
            checkins = db.session.scalars(select(SelfCheckin).where(SelfCheckin.meeting_id == m.id)).all()
            assert len(checkins) >= 4 and all(c.confirmed_at for c in checkins)
            assert {c.channel for c in checkins} == {"phone", "link", "sms"}
            decision = db.session.get(Decision, (ghana.id, vote.decision_id))
            assert "Tally:" in decision.text and "secret ballot" in decision.text
            # and a chair elected among two members present, by a show of hands (issue 39, elections)
            election = db.session.scalars(select(LiveVote).where(LiveVote.candidates.is_not(None))).one()
            assert election.meeting_id == m.id and election.method == "hands" and len(election.candidates) == 2
            text = db.session.get(Decision, (ghana.id, election.decision_id)).text
            assert f"{election.candidates[0]} elected chair (show of hands)" in text, text
