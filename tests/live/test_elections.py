"""Issue 39: the election of a chair among candidates, by the votes' own mechanism — candidates as the options, open or
secret, one seat one vote, the result per constituency, recorded as the decision "X elected chair". A secret election
links no member to a choice in any table, audit entry, export or log line, yet its tally is right."""
from __future__ import annotations

import io
import json
import logging
import re
import zipfile

import pytest
from sqlalchemy import select

from tenants.rls import tenant_context
from tests.live.helpers import post as _post
from tests.live.test_votes import _as, _open
from webapp.extensions import db
from webapp.live.models import LiveVote, VoteBallot, VoteTally
from webapp.meetings.models import Decision, DecisionPosition

pytestmark = pytest.mark.usefixtures("controlled_clock")  # tests/live/conftest.py
CANDIDATES = "Ama Mensah\nYaw Owusu\n"


def _vote_all(client, auth, live, vote: str, choices: dict[int, str]) -> None:  # noqa: ANN001
    for i, answer in choices.items():
        _as(auth, live["emails"][i])
        assert _post(client, f"{vote}/ballot", vote, answer=answer).status_code == 303


def test_an_open_election_of_the_chair_is_decided_per_constituency_and_recorded(app, client, auth, two_forums,
                                                                              live) -> None:
    r = _post(client, live["votes"], live["votes"], candidates="Ama Mensah", rule="majority_with_turnout",
              method="phones")
    assert r.status_code == 422 and "at least two candidates" in r.get_data(as_text=True)
    vote = _open(client, live, candidates=CANDIDATES, rule="majority_with_turnout", method="phones")
    _as(auth, live["emails"][0])
    page = client.get(vote).get_data(as_text=True)
    assert "Election of the chair" in page and 'value="c1">Ama Mensah' in page and 'value="c2" class="secondary">Yaw Owusu' in page
    assert 'value="agree"' not in page
    _post(client, f"{vote}/ballot", vote, answer="agree")  # not an option of an election
    assert "check the numbers" in client.get(vote).get_data(as_text=True)
    # Ama and Kofi for Ama, Yaw for himself, Esi abstains: Ama 2, Yaw 1 — 2 of 4 answering is no majority
    _vote_all(client, auth, live, vote, {0: "c1", 1: "c1", 2: "c2", 3: "abstain"})
    _as(auth, two_forums["a_sec"]["email"])
    assert _post(client, f"{vote}/close", vote).status_code == 303
    assert "No candidate elected" in client.get(vote).get_data(as_text=True)
    with app.app_context(), tenant_context(two_forums["a"]):
        v = db.session.scalars(select(LiveVote)).one()
        assert (v.adopted, v.outcome_reason, v.candidates) == (False, "no_majority", ["Ama Mensah", "Yaw Owusu"])
        assert {b.answer for b in db.session.scalars(select(VoteBallot))} == {"c1", "c2", "abstain"}  # open: kept
        text = db.session.get(Decision, (two_forums["a"].id, v.decision_id)).text
        assert text.startswith("Election of the chair\n\nNo candidate elected (open vote by phone).")
        assert "Workers: Ama Mensah 1, Yaw Owusu 1, 0 abstaining" in text
        assert "Government: Ama Mensah 0, Yaw Owusu 0, 1 abstaining" in text


def test_a_show_of_hands_elects_the_chair_and_each_constituency_has_its_position(app, client, auth, two_forums,
                                                                                 live) -> None:
    vote = _open(client, live, motion="Election of the chair for 2027", candidates=CANDIDATES,
                 rule="majority_with_turnout", method="hands")
    page = client.get(vote).get_data(as_text=True)
    assert 'name="workers-c1"' in page and 'name="government-c2"' in page and 'name="employers-abstain"' in page
    _post(client, f"{vote}/hands", vote, **{"workers-c2": "2", "employers-c2": "1", "government-c1": "1"})
    _post(client, f"{vote}/close", vote)
    assert "Yaw Owusu elected chair" in client.get(vote).get_data(as_text=True)
    with app.app_context(), tenant_context(two_forums["a"]):
        v = db.session.scalars(select(LiveVote)).one()
        assert (v.adopted, v.outcome_reason) == (True, "majority_agreed")
        decision = db.session.get(Decision, (two_forums["a"].id, v.decision_id))
        assert decision.text.startswith("Election of the chair for 2027\n\nYaw Owusu elected chair (show of hands).")
        positions = dict(db.session.execute(select(DecisionPosition.constituency, DecisionPosition.position)).all())
        assert positions == {"workers": "consensus", "employers": "consensus", "government": "disagrees"}


def _exported(app, tenant) -> dict:  # noqa: ANN001
    from webapp import tenant_data

    with app.app_context():
        return json.loads(zipfile.ZipFile(io.BytesIO(tenant_data.export(tenant))).read("data.json"))


def _values(value: object) -> list[object]:
    if isinstance(value, dict):
        return [x for v in value.values() for x in _values(v)]
    if isinstance(value, list):
        return [x for v in value for x in _values(v)]
    return [value]


def test_a_secret_election_links_no_member_to_a_choice_anywhere_yet_its_tally_is_right(app, client, auth, two_forums,
                                                                                       live, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    vote = _open(client, live, candidates=CANDIDATES, rule="majority_with_turnout", method="phones", secret="y")
    # the two workers split (Ama for Yaw, Yaw for Ama); Kofi and Esi for Ama: Ama 3, Yaw 1
    _vote_all(client, auth, live, vote, {0: "c2", 1: "c1", 2: "c1", 3: "c1"})
    _as(auth, two_forums["a_sec"]["email"])
    page = client.get(vote).get_data(as_text=True)
    assert "4 of 4 seats have voted." in page and "<table" not in page  # not watched while open
    _post(client, f"{vote}/close", vote)
    page = client.get(vote).get_data(as_text=True)
    assert "Ama Mensah elected chair" in page
    tenant = two_forums["a"]
    # the tally is right
    with app.app_context(), tenant_context(tenant):
        v = db.session.scalars(select(LiveVote)).one()
        assert (v.adopted, v.secret) == (True, True)
        assert {(t.constituency, t.answer, t.seats) for t in db.session.scalars(select(VoteTally))} == {
            ("workers", "c1", 1), ("workers", "c2", 1), ("employers", "c1", 1), ("government", "c1", 1)}
        text = db.session.get(Decision, (tenant.id, v.decision_id)).text
        assert "Ama Mensah elected chair (secret ballot)" in text
        assert "Workers: Ama Mensah 1, Yaw Owusu 1, 0 abstaining" in text
    # every table of the forum (its export holds them all: live tables, audit entries, notices, decisions): a choice
    # ("c1", "c2") appears only in a tally row, which names a constituency and no member, time or order
    data = _exported(app, tenant)
    choices = {"c1", "c2"}
    voters = set(live["member_ids"])
    for table, rows in data.items():
        for row in rows:
            if choices & set(map(str, _values(row))):
                assert table == "live_vote_tallies" and set(row) == {"tenant_id", "vote_id", "constituency",
                                                                      "answer", "seats"}, (table, row)
    ballots = data["live_vote_ballots"]
    assert {b["seat_id"] for b in ballots} == voters and {b["answer"] for b in ballots} == {None}  # who, not what
    vote_events = [e for e in data["audit_events"] if e["object_type"] == "live_vote"]
    assert {e["action"] for e in vote_events} == {"vote_opened", "vote_closed"}  # no ballot is audited
    assert not [e for e in data["audit_events"] if choices & set(e["fields"] or [])]
    # every log line of the requests (the JSON line per request, and any other logger's): no choice, no candidate
    lines = [f"{rec.getMessage()} {vars(rec)}" for rec in caplog.records]
    assert any("live_votes.ballot" in line for line in lines)  # the ballots were logged, as requests
    for line in lines:
        assert not re.search(r"\bc[12]\b", line), line
        if "live_votes.ballot" in line:
            assert "Mensah" not in line and "Owusu" not in line, line
