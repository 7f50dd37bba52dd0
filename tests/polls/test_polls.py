"""Date polls (issue 37): the secretariat offers three dates to a committee, members answer yes / if need be / no on
the page, the poll marks the date that keeps every core constituency and the gender balance, and one tap makes the
meeting with the poll's invitees."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from tenants.models import Tenant
from tenants.rls import tenant_context
from tests.conftest import count_queries
from webapp.extensions import db
from webapp.meetings.models import Invitation, Meeting
from webapp.members import services as roll
from webapp.members.models import Member
from webapp.polls.models import DatePoll, DatePollSlot

PEOPLE = (("Ama Gov", "government", "woman"), ("Kwame Gov", "government", "man"),
          ("Efua Employer", "employers", "woman"), ("Yaw Employer", "employers", "man"),
          ("Kojo Worker", "workers", "man"), ("Akua Worker", "workers", "woman"))


def _setup(app, factory, two_forums):
    a = two_forums["a"]
    with app.app_context():
        t = db.session.get(Tenant, a.id)
        t.settings = {**(t.settings or {}), "core_constituencies": ["government", "employers", "workers"]}
        db.session.commit()
    people = {name: factory.member(a, name) for name, _c, _g in PEOPLE}
    with app.app_context(), tenant_context(a):
        c = roll.save_committee(None, name="Steering committee", kind="plenary", level="national")
        for name, constituency, gender in PEOPLE:
            db.session.execute(update(Member).where(Member.id == people[name]["id"]).values(
                constituency=constituency, gender=gender))
            roll.set_seat(c, db.session.get(Member, (a.id, people[name]["id"])), "member")
        db.session.commit()
        return c.id, people


def _open(client, auth, committee_id):
    path = "/t/forum-a/polls/new"
    first = datetime.now(UTC) + timedelta(days=30)
    data = {"csrf_token": auth.csrf(path), "title": "Plenary on the work plan", "committee_id": str(committee_id),
            "kind": "plenary", "visibility": "members", "duration_minutes": "180",
            "deadline_day": (first - timedelta(days=10)).strftime("%Y-%m-%d"), "deadline_time": "17:00"}
    for n in range(3):
        data[f"slot{n + 1}_day"] = (first + timedelta(days=n)).strftime("%Y-%m-%d")
        data[f"slot{n + 1}_time"] = "10:00"
    r = client.post(path, data=data)
    assert r.status_code == 303, r.get_data(as_text=True)
    return int(r.headers["Location"].rstrip("/").rsplit("/", 1)[-1])


def _answer(client, auth, email, poll_id, slot_ids, answers):
    auth.login(email)
    path = f"/t/forum-a/polls/{poll_id}"
    data = {"csrf_token": auth.csrf(path), **{f"slot-{s}": a for s, a in zip(slot_ids, answers, strict=True)}}
    assert client.post(f"{path}/answer", data=data).status_code == 303
    auth.logout()


def _slot(html, number):
    return html.split(f'id="slot-{number}"', 1)[1].split("</li>\n", 1)[0]


def test_a_poll_marks_the_date_that_keeps_everyone_and_one_tap_makes_the_meeting(app, client, auth, factory,
                                                                                  two_forums):
    committee_id, people = _setup(app, factory, two_forums)
    auth.login(two_forums["a_sec"]["email"])
    short = client.post("/t/forum-a/polls/new", data={"csrf_token": auth.csrf("/t/forum-a/polls/new"),
                                                      "title": "One date", "committee_id": str(committee_id),
                                                      "kind": "plenary", "visibility": "members",
                                                      "duration_minutes": "60", "deadline_day": "2099-01-01",
                                                      "deadline_time": "10:00", "slot1_day": "2099-02-01",
                                                      "slot1_time": "10:00"})
    assert short.status_code == 422 and "Please offer between 2 and 6 dates." in short.get_data(as_text=True)
    poll_id = _open(client, auth, committee_id)
    auth.logout()
    with app.app_context(), tenant_context(two_forums["a"]):
        slots = [s.id for s in db.session.scalars(select(DatePollSlot).where(DatePollSlot.poll_id == poll_id)
                                                  .order_by(DatePollSlot.number))]
    # date 1: the workers cannot come; date 2: everyone (one if need be); date 3: only the men
    answers = {"Ama Gov": ("yes", "yes", "no"), "Kwame Gov": ("yes", "yes", "yes"),
               "Efua Employer": ("yes", "maybe", "no"), "Yaw Employer": ("yes", "yes", "yes"),
               "Kojo Worker": ("no", "yes", "yes"), "Akua Worker": ("no", "yes", "no")}
    for name, given in answers.items():
        _answer(client, auth, people[name]["email"], poll_id, slots, given)

    auth.login(two_forums["a_sec"]["email"])
    page = client.get(f"/t/forum-a/polls/{poll_id}").get_data(as_text=True)
    one, two, three = _slot(page, 1), _slot(page, 2), _slot(page, 3)
    assert "No one can come for: Workers" in one and "Every core constituency can come" not in one
    assert "Every core constituency can come" in two and "Gender balance within the forum" in two
    assert "This date keeps every constituency and the balance in the room." in two
    assert "Yes: 5 · If need be: 1 · No: 0" in two
    assert "Every core constituency can come" in three and "This date keeps every" not in three
    assert "Too few answers to judge the gender balance" in three  # three men: under the five-person floor

    r = client.post(f"/t/forum-a/polls/{poll_id}/slots/{slots[1]}/choose",
                    data={"csrf_token": auth.csrf(f"/t/forum-a/polls/{poll_id}")})
    assert r.status_code == 303 and "/meetings/" in r.headers["Location"]
    with app.app_context(), tenant_context(two_forums["a"]):
        poll = db.session.get(DatePoll, (two_forums["a"].id, poll_id))
        meeting = db.session.get(Meeting, (two_forums["a"].id, poll.meeting_id))
        slot = db.session.get(DatePollSlot, (two_forums["a"].id, slots[1]))
        assert poll.status == "scheduled" and meeting.status == "draft"
        assert meeting.start_at == slot.start_at and meeting.end_at == slot.start_at + timedelta(minutes=180)
        invited = db.session.execute(select(Invitation.member_id, Invitation.reason).where(
            Invitation.meeting_id == meeting.id)).all()
        assert {m for m, _r in invited} == {p["id"] for p in people.values()}
        assert {r for _m, r in invited} == {"committee"}
    again = client.post(f"/t/forum-a/polls/{poll_id}/slots/{slots[0]}/choose",
                        data={"csrf_token": auth.csrf(f"/t/forum-a/polls/{poll_id}")})
    assert again.status_code == 422 and "The meeting is already made." in again.get_data(as_text=True)


def test_only_those_asked_answer_and_a_restricted_poll_is_404_for_members(app, client, auth, factory, two_forums):
    committee_id, people = _setup(app, factory, two_forums)
    auth.login(two_forums["a_sec"]["email"])
    poll_id = _open(client, auth, committee_id)
    path = f"/t/forum-a/polls/{poll_id}"
    r = client.post(f"{path}/answer", data={"csrf_token": auth.csrf(path)})
    assert r.status_code == 422 and "You are not asked in this poll." in r.get_data(as_text=True)
    auth.logout()
    with app.app_context(), tenant_context(two_forums["a"]):
        db.session.execute(update(DatePoll).values(visibility="restricted"))
        db.session.commit()
    auth.login(people["Ama Gov"]["email"])
    assert client.get(path).status_code == 404
    assert "Plenary on the work plan" not in client.get("/t/forum-a/polls/").get_data(as_text=True)


def test_the_poll_page_reads_a_fixed_number_of_statements(app, client, auth, factory, two_forums):
    from webapp.polls.models import DatePollAnswer, DatePollInvitee

    committee_id, _people = _setup(app, factory, two_forums)
    auth.login(two_forums["a_sec"]["email"])
    poll_id = _open(client, auth, committee_id)
    counts = []
    for n in (3, 300):
        with app.app_context(), tenant_context(two_forums["a"]):
            slots = db.session.scalars(select(DatePollSlot.id).where(DatePollSlot.poll_id == poll_id)).all()
            have = len(db.session.scalars(select(DatePollInvitee.member_id)).all())
            for i in range(have, n):
                m = roll.add_member(f"Member {i}")
                db.session.flush()
                db.session.add(DatePollInvitee(poll_id=poll_id, member_id=m.id, answered_at=datetime.now(UTC)))
                db.session.flush()
                db.session.add_all([DatePollAnswer(slot_id=s, member_id=m.id, poll_id=poll_id, answer="yes")
                                    for s in slots])
            db.session.commit()
        with count_queries(app) as q:
            assert client.get(f"/t/forum-a/polls/{poll_id}").status_code == 200
        counts.append(q["n"])
    assert counts[0] == counts[1], counts


def test_the_sweep_closes_a_poll_at_its_deadline_once(app, client, auth, factory, two_forums):
    from worker import sweeps

    committee_id, _people = _setup(app, factory, two_forums)
    auth.login(two_forums["a_sec"]["email"])
    poll_id = _open(client, auth, committee_id)
    with app.app_context(), tenant_context(two_forums["a"]):
        db.session.execute(update(DatePoll).values(deadline=datetime.now(UTC) - timedelta(minutes=1)))
        db.session.commit()
    with app.app_context():
        assert sweeps.close_date_polls() == {"forum-a": 1}
        assert sweeps.close_date_polls() == {}
    with app.app_context(), tenant_context(two_forums["a"]):
        assert db.session.get(DatePoll, (two_forums["a"].id, poll_id)).status == "closed"
    page = client.get(f"/t/forum-a/polls/{poll_id}").get_data(as_text=True)
    assert "Closed" in page and 'id="my-answers"' not in page


def test_a_poll_is_answered_by_sms_through_kannel_with_the_slot_numbers_and_the_code(
        app, client, auth, factory, kannel, run_worker, queue_redis, two_forums):
    from tests.notices.sms.test_replies import wait_for
    from webapp.polls.models import DatePollAnswer, DatePollInvitee

    committee_id, people = _setup(app, factory, two_forums)
    kojo = people["Kojo Worker"]["id"]
    with app.app_context(), tenant_context(two_forums["a"]):
        db.session.execute(update(Member).where(Member.id == kojo).values(phone="+233201234509"))
        db.session.commit()
    auth.login(two_forums["a_sec"]["email"])
    poll_id = _open(client, auth, committee_id)
    auth.logout()
    with app.app_context(), tenant_context(two_forums["a"]):
        code = db.session.get(DatePollInvitee, (two_forums["a"].id, poll_id, kojo)).reply_code
        slots = {s.number: s.id for s in db.session.scalars(select(DatePollSlot).where(
            DatePollSlot.poll_id == poll_id))}
    assert code
    auth.login(people["Kojo Worker"]["email"])
    assert f"1 3 {code}" in client.get(f"/t/forum-a/polls/{poll_id}").get_data(as_text=True)

    kannel.send_from("+233201234509", f"1 3 {code}")

    def answers():
        with app.app_context(), tenant_context(two_forums["a"]):
            return {r.slot_id: r.answer for r in db.session.scalars(select(DatePollAnswer).where(
                DatePollAnswer.member_id == kojo))}
    assert wait_for(answers) == {slots[1]: "yes", slots[2]: "no", slots[3]: "yes"}


def test_those_asked_get_the_dates_by_email_and_those_who_answered_the_date_chosen(
        app, client, auth, factory, smtp, run_worker, queue_redis, two_forums):
    committee_id, people = _setup(app, factory, two_forums)
    auth.login(two_forums["a_sec"]["email"])
    poll_id = _open(client, auth, committee_id)
    auth.logout()
    run_worker()
    [msg] = smtp.to(people["Ama Gov"]["email"])
    assert msg["Subject"].endswith("Which dates suit you? Plenary on the work plan")
    body = msg.get_body(("plain",)).get_content()
    assert f"/t/forum-a/polls/{poll_id}" in body and "3. " in body
    with app.app_context(), tenant_context(two_forums["a"]):
        slots = [s.id for s in db.session.scalars(select(DatePollSlot).where(DatePollSlot.poll_id == poll_id)
                                                  .order_by(DatePollSlot.number))]
    _answer(client, auth, people["Kojo Worker"]["email"], poll_id, slots, ("yes", "no", "no"))
    auth.login(two_forums["a_sec"]["email"])
    client.post(f"/t/forum-a/polls/{poll_id}/slots/{slots[0]}/choose",
                data={"csrf_token": auth.csrf(f"/t/forum-a/polls/{poll_id}")})
    run_worker()
    chosen = [m for m in smtp.to(people["Kojo Worker"]["email"]) if "Date chosen" in m["Subject"]]
    assert len(chosen) == 1
    assert not [m for m in smtp.to(people["Ama Gov"]["email"]) if "Date chosen" in m["Subject"]]  # did not answer
