"""Proposals between meetings (issue 36): the secretariat opens one to a committee, members answer on the page and
through their own e-mail link, the secretariat sees the tallies and who has not answered, the job closes it at the
deadline once; every route with an id answers 404 for another forum's proposal."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from tenants.rls import tenant_context
from webapp.extensions import db
from webapp.members import services as roll
from webapp.members.models import Committee, Member
from webapp.proposals import services
from webapp.proposals.models import Proposal, ProposalAnswer


def _seat(app, forum, committee_id, member_id, constituency, gender, alternate_of=None):
    with app.app_context(), tenant_context(forum):
        db.session.execute(update(Member).where(Member.id == member_id).values(
            constituency=constituency, gender=gender, alternate_of_id=alternate_of))
        if committee_id is not None:
            roll.set_seat(db.session.get(Committee, (forum.id, committee_id)),
                          db.session.get(Member, (forum.id, member_id)), "member")
        db.session.commit()


def _committee(app, forum, name="Steering committee"):
    with app.app_context(), tenant_context(forum):
        c = roll.save_committee(None, name=name, kind="plenary", level="national")
        db.session.commit()
        return c.id


def _setup(app, factory, two_forums):
    a = two_forums["a"]
    cid = _committee(app, a)
    people = {"gov": two_forums["a_member"],
              "emp": factory.member(a, "Efua Employer"),
              "wrk": factory.member(a, "Kojo Worker"),
              "alt": factory.member(a, "Abena Alternate", "alternate")}
    _seat(app, a, cid, people["gov"]["id"], "government", "man")
    _seat(app, a, cid, people["emp"]["id"], "employers", "woman")
    _seat(app, a, cid, people["wrk"]["id"], "workers", "man")
    _seat(app, a, None, people["alt"]["id"], "workers", "woman", alternate_of=people["wrk"]["id"])
    return cid, people


def _open(client, auth, cid, rule="no_objection", days=7, **extra):
    deadline = datetime.now(UTC) + timedelta(days=days)
    path = "/t/forum-a/proposals/new"
    data = {"csrf_token": auth.csrf(path), "title": "Adopt the 2027 work plan", "text": "The forum adopts the plan.",
            "reference": "", "rule": rule, "min_turnout": "50", "audience": "committee", "committee_id": str(cid),
            "deadline_day": deadline.strftime("%Y-%m-%d"), "deadline_time": "17:00", "visibility": "members", **extra}
    r = client.post(path, data=data)
    assert r.status_code == 303, r.get_data(as_text=True)
    return int(r.headers["Location"].rstrip("/").rsplit("/", 1)[-1])


def _link(smtp, email):
    [msg] = smtp.to(email)
    body = msg.get_body(("plain",)).get_content()
    assert "For your answer: Adopt the 2027 work plan" in msg["Subject"]
    assert "A proposal is put to you for your answer by" in body and "is awaited by" not in body
    return re.search(r"http://baraza\.test(/t/forum-a/proposals/answer/[^?\s]+)\?answer=agree\b", body).group(1)


def _rows(app, forum, proposal_id):
    with app.app_context(), tenant_context(forum):
        return {r.member_id: (r.answer, r.comment, r.answered_by_id) for r in db.session.scalars(
            select(ProposalAnswer).where(ProposalAnswer.proposal_id == proposal_id))}


def test_a_written_procedure_is_answered_on_the_page_and_by_link_and_an_objection_blocks_it(
        app, client, auth, factory, smtp, run_worker, queue_redis, two_forums):
    cid, people = _setup(app, factory, two_forums)
    auth.login(two_forums["a_sec"]["email"])
    pid = _open(client, auth, cid)
    run_worker()
    # each seat, and the alternate of one, gets a link of their own; the secretariat holds no seat
    links = {k: _link(smtp, people[k]["email"]) for k in ("gov", "emp", "wrk", "alt")}
    assert len(set(links.values())) == 4 and not smtp.to(two_forums["a_sec"]["email"])
    page = client.get(f"/t/forum-a/proposals/{pid}").get_data(as_text=True)
    assert "WP-20" in page and "Not answered yet" in page and "Kojo Worker" in page
    assert "No answer yet from these core constituencies: Government, Employers, Workers." in page
    auth.logout()

    # a member answers on the page; an objection without a reason is refused
    auth.login(people["gov"]["email"])
    path = f"/t/forum-a/proposals/{pid}"
    r = client.post(path + "/answer", data={"csrf_token": auth.csrf(path), "answer": "object", "comment": " "})
    assert r.status_code == 422 and "Please give the reason for your objection." in r.get_data(as_text=True)
    r = client.post(path + "/answer", data={"csrf_token": auth.csrf(path), "answer": "agree_with_reservations",
                                            "comment": "Only if funded"})
    assert r.status_code == 303
    page = client.get(path).get_data(as_text=True)
    assert "Agree with reservations" in page and "tally-constituency" not in page  # tallies closed to members
    assert "Not answered yet" not in page
    auth.logout()

    # through the e-mail link, signed out: the GET only shows, the POST acts
    r = client.get(links["emp"] + "?answer=agree")
    assert r.status_code == 200 and "The forum adopts the plan." in r.get_data(as_text=True)
    assert _rows(app, two_forums["a"], pid)[people["emp"]["id"]][0] is None
    r = client.post(links["emp"], data={"csrf_token": auth.csrf(links["emp"]), "answer": "agree"})
    assert r.status_code == 200 and "Your answer: Agree." in r.get_data(as_text=True)
    # the alternate objects for the worker's seat; then the titular's own answer overrides it
    r = client.post(links["alt"], data={"csrf_token": auth.csrf(links["alt"]), "answer": "object",
                                        "comment": "Workers were not consulted"})
    assert r.status_code == 200
    rows = _rows(app, two_forums["a"], pid)
    assert rows[people["wrk"]["id"]] == ("object", "Workers were not consulted", people["alt"]["id"])
    assert rows[people["gov"]["id"]] == ("agree_with_reservations", "Only if funded", people["gov"]["id"])
    assert people["alt"]["id"] not in rows  # one answer per seat: the alternate holds none of their own

    # the secretariat sees the tallies per constituency and gender, and who has not answered
    auth.login(two_forums["a_sec"]["email"])
    page = client.get(path).get_data(as_text=True)
    assert "tally-constituency" in page and "tally-gender" in page and "3 of 3 seats answered." in page
    assert "Every core constituency has answered." in page
    assert 'id="waiting"' not in page
    auth.logout()

    # the job closes it at the deadline, twice run, once closed: the objection blocks adoption
    with app.app_context(), tenant_context(two_forums["a"]):
        later = datetime.now(UTC) + timedelta(days=8)
        assert services.close_due(later) == 1
        assert services.close_due(later) == 0
        db.session.commit()
        p = db.session.get(Proposal, (two_forums["a"].id, pid))
        assert (p.status, p.adopted, p.outcome_reason) == ("closed", False, "objected")
    # answers no longer change once closed
    page = client.get(links["wrk"]).get_data(as_text=True)
    assert "Not adopted: a member objected." in page and "answer-form" not in page
    r = client.post(links["wrk"], data={"csrf_token": auth.csrf(), "answer": "agree"})
    assert r.status_code == 422 and _rows(app, two_forums["a"], pid)[people["wrk"]["id"]][0] == "object"


def test_the_titulars_answer_overrides_the_alternates_and_not_the_reverse(
        app, client, auth, factory, smtp, run_worker, queue_redis, two_forums):
    cid, people = _setup(app, factory, two_forums)
    auth.login(two_forums["a_sec"]["email"])
    pid = _open(client, auth, cid, rule="consent_of_every_core_constituency")
    auth.logout()
    with app.app_context(), tenant_context(two_forums["a"]):
        tid = two_forums["a"].id
        p = db.session.get(Proposal, (tid, pid))
        alt = db.session.get(Member, (tid, people["alt"]["id"]))
        wrk = db.session.get(Member, (tid, people["wrk"]["id"]))
        services.record_answer(p, alt, "agree")
        services.record_answer(p, wrk, "object", "Not this year")
        try:
            services.record_answer(p, alt, "agree")
            raise AssertionError("the alternate overrode the titular")
        except services.ProposalError as e:
            assert e.code == "titular_answered"
        for key in ("gov", "emp"):
            services.record_answer(p, db.session.get(Member, (tid, people[key]["id"])), "agree")
        db.session.commit()
        services.close(p)
        # the workers' one seat objected: their constituency has not consented
        assert (p.adopted, p.outcome_reason) == (False, "core_withheld")


def test_a_silent_core_constituency_fails_a_consent_proposal(app, client, auth, factory, two_forums, queue_redis):
    cid, people = _setup(app, factory, two_forums)
    auth.login(two_forums["a_sec"]["email"])
    pid = _open(client, auth, cid, rule="consent_of_every_core_constituency")
    with app.app_context(), tenant_context(two_forums["a"]):
        tid = two_forums["a"].id
        p = db.session.get(Proposal, (tid, pid))
        for key in ("gov", "emp"):
            services.record_answer(p, db.session.get(Member, (tid, people[key]["id"])), "agree")
        assert services.close_due(datetime.now(UTC) + timedelta(days=8)) == 1
        assert (p.adopted, p.outcome_reason) == (False, "core_silent")


def test_only_the_secretariat_or_a_chair_opens_a_proposal(app, client, auth, factory, two_forums):
    auth.login(two_forums["a_member"]["email"])
    assert client.get("/t/forum-a/proposals/new").status_code == 404
    assert client.get("/t/forum-a/proposals/").status_code == 200


def test_every_route_with_an_id_is_404_for_another_forums_proposal(
        app, client, auth, factory, smtp, run_worker, queue_redis, two_forums):
    cid, people = _setup(app, factory, two_forums)
    auth.login(two_forums["a_sec"]["email"])
    pid = _open(client, auth, cid, paper=(__import__("io").BytesIO(b"%PDF-1.4 plan"), "plan.pdf"))
    assert client.get(f"/t/forum-a/proposals/{pid}/paper").status_code == 200
    run_worker()
    link = _link(smtp, people["gov"]["email"])
    auth.logout()
    auth.login(two_forums["b_sec"]["email"])
    for path in (f"/t/forum-b/proposals/{pid}", f"/t/forum-b/proposals/{pid}/paper"):
        assert client.get(path).status_code == 404, path
    csrf = auth.csrf("/t/forum-b/proposals/")
    assert client.post(f"/t/forum-b/proposals/{pid}/answer",
                       data={"csrf_token": csrf, "answer": "agree"}).status_code == 404
    # forum A's link read under forum B's address is no link
    other = link.replace("/t/forum-a/", "/t/forum-b/")
    assert client.get(other).status_code == 404
    assert client.post(other, data={"csrf_token": csrf, "answer": "object", "comment": "x"}).status_code == 404
    assert _rows(app, two_forums["a"], pid)[people["gov"]["id"]][0] is None


def test_a_restricted_proposal_is_hidden_from_members_and_its_link_shows_no_text(
        app, client, auth, factory, smtp, run_worker, queue_redis, two_forums):
    cid, people = _setup(app, factory, two_forums)
    auth.login(two_forums["a_sec"]["email"])
    pid = _open(client, auth, cid, visibility="restricted")
    run_worker()
    link = _link(smtp, people["gov"]["email"])
    assert "The forum adopts the plan." not in smtp.to(people["gov"]["email"])[0].get_body(("plain",)).get_content()
    auth.logout()
    auth.login(people["gov"]["email"])
    assert client.get(f"/t/forum-a/proposals/{pid}").status_code == 404
    assert "Adopt the 2027 work plan" not in client.get("/t/forum-a/proposals/").get_data(as_text=True)
    auth.logout()
    page = client.get(link).get_data(as_text=True)
    assert "The forum adopts the plan." not in page and "Sign in to read the proposal." in page
    r = client.post(link, data={"csrf_token": auth.csrf(link), "answer": "agree"})
    assert r.status_code == 200  # the seat still answers


def _roll_of(app, factory, forum, n):
    ids = [factory.member(forum, f"Member {i:03d}", account=False, email=f"m{i}@{forum.slug}.test")["id"]
           for i in range(n)]
    constituencies = ("government", "employers", "workers")
    with app.app_context(), tenant_context(forum):
        for i, mid in enumerate(ids):
            db.session.execute(update(Member).where(Member.id == mid).values(
                constituency=constituencies[i % 3], gender=("woman", "man")[i % 2]))
        db.session.commit()
    return ids


def test_the_proposal_page_reads_a_fixed_number_of_statements_for_3_and_300_answers(
        app, client, auth, factory, queue_redis, two_forums):
    from tests.conftest import count_queries

    counts = {}
    for n, forum, sec in ((3, two_forums["a"], two_forums["a_sec"]), (300, two_forums["b"], two_forums["b_sec"])):
        ids = _roll_of(app, factory, forum, n)
        with app.app_context(), tenant_context(forum):
            p = services.open_proposal({"title": "Budget", "text": "Adopt the budget.", "rule": "no_objection",
                                        "audience": "roll", "deadline": datetime.now(UTC) + timedelta(days=3)}, None)
            for mid in ids:
                services.record_answer(p, db.session.get(Member, (forum.id, mid)), "agree")
            db.session.commit()
            pid = p.id
        auth.login(sec["email"])
        path = f"/t/{forum.slug}/proposals/{pid}"
        client.get(path)
        with count_queries(app) as q:
            page = client.get(path)
        assert page.status_code == 200 and f"{n} of " in page.get_data(as_text=True)  # (forum A: one more seat)
        counts[n] = q["n"]
        auth.logout()
    assert counts[3] == counts[300] and counts[3] <= 8, counts


def test_the_home_lists_an_open_proposal_my_seat_has_not_answered(
        app, client, auth, factory, queue_redis, two_forums):
    cid, people = _setup(app, factory, two_forums)
    auth.login(two_forums["a_sec"]["email"])
    pid = _open(client, auth, cid)
    auth.logout()
    auth.login(people["alt"]["email"])  # the alternate sees the seat they stand in for
    assert f'id="proposal-{pid}"' in client.get("/t/forum-a/").get_data(as_text=True)
    auth.logout()
    auth.login(people["wrk"]["email"])
    assert f'id="proposal-{pid}"' in client.get("/t/forum-a/").get_data(as_text=True)
    path = f"/t/forum-a/proposals/{pid}"
    assert client.post(path + "/answer", data={"csrf_token": auth.csrf(path), "answer": "abstain"}).status_code == 303
    home = client.get("/t/forum-a/").get_data(as_text=True)
    assert f'id="proposal-{pid}"' not in home
    auth.logout()
    auth.login(two_forums["a_sec"]["email"])  # holds no seat
    assert f'id="proposal-{pid}"' not in client.get("/t/forum-a/").get_data(as_text=True)


def test_seats_not_answered_are_reminded_once_before_the_deadline(
        app, client, auth, factory, smtp, run_worker, queue_redis, two_forums):
    cid, people = _setup(app, factory, two_forums)
    auth.login(two_forums["a_sec"]["email"])
    pid = _open(client, auth, cid, days=3)
    run_worker()
    smtp.messages.clear()
    with app.app_context(), tenant_context(two_forums["a"]):
        p = db.session.get(Proposal, (two_forums["a"].id, pid))
        services.record_answer(p, db.session.get(Member, (p.tenant_id, people["gov"]["id"])), "agree")
        assert services.remind_due(datetime.now(UTC)) == 0  # not yet within two days of the deadline
        soon = p.deadline - timedelta(hours=24)
        assert services.remind_due(soon) == 3  # employers', workers' seats and the workers' alternate
        assert services.remind_due(soon) == 0  # once
        db.session.commit()
    run_worker()
    assert not smtp.to(people["gov"]["email"])
    [msg] = smtp.to(people["emp"]["email"])
    assert msg["Subject"].startswith("Reminder, for your answer: Adopt the 2027 work plan")
    assert "/t/forum-a/proposals/answer/" in msg.get_body(("plain",)).get_content()
    for part in ("plain", "html"):  # the reminder's own lead in the shared proposal e-mail (one template, a block)
        body = msg.get_body((part,)).get_content()
        assert "is awaited by" in body and "put to you" not in body and "Agree with reservations" in body
