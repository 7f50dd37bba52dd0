"""The response-rate check of a proposal (issue 36): before the deadline the secretariat sees, per constituency and
per gender, how many seats have answered and which core constituencies are silent, and reminds those who have not
answered — asked first, with what the SMS cost — each by e-mail with their link or by SMS with the opening's code."""
from __future__ import annotations

from sqlalchemy import select

from tenants.rls import tenant_context
from webapp.extensions import db
from webapp.members.models import Member
from webapp.notices.models import Notice
from webapp.notices.sms.models import SmsMessage
from webapp.proposals import services
from webapp.proposals.models import Proposal

from ..notices.sms.test_kannel import phone_member
from .test_proposals import _open, _seat, _setup


def _queued(app, forum) -> tuple[list[tuple[str, int]], list[tuple[str, str]]]:
    with app.app_context(), tenant_context(forum):
        mails = [(n.kind, n.member_id) for n in db.session.scalars(select(Notice).order_by(Notice.id))]
        texts = [(s.kind, s.body) for s in db.session.scalars(select(SmsMessage).order_by(SmsMessage.id))]
        return mails, texts


def test_the_secretariat_sees_the_response_rate_and_reminds_those_who_have_not_answered(
        app, client, auth, factory, queue_redis, two_forums):
    a = two_forums["a"]
    cid, people = _setup(app, factory, two_forums)
    miner = phone_member(app, a, "Asha Miner", "+233201234631", "en")
    _seat(app, a, cid, miner, "workers", "woman")
    auth.login(two_forums["a_sec"]["email"])
    pid = _open(client, auth, cid)
    with app.app_context(), tenant_context(a):
        p = db.session.get(Proposal, (a.id, pid))
        services.record_answer(p, db.session.get(Member, (a.id, people["gov"]["id"])), "agree")
        db.session.commit()
    [(_kind, opening)] = _queued(app, a)[1]

    page = client.get(f"/t/forum-a/proposals/{pid}").get_data(as_text=True)
    assert 'id="response-rate"' in page and 'id="rate-constituency"' in page and 'id="rate-gender"' in page
    rate = page[page.index('id="rate-constituency"'):page.index('id="rate-gender"')]
    assert "1 of 1" in rate and "0 of 2" in rate and "100%" in rate and "0%" in rate  # government; workers
    assert "No answer yet from these core constituencies: Employers, Workers." in page
    assert 'id="remind"' in page

    # asked first, with the SMS cost; the question changes nothing
    path = f"/t/forum-a/proposals/{pid}/remind"
    asked = client.get(path)
    text = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "Remind 4 members who have not answered?" in text
    assert "1 of them by SMS: 1 SMS segments" in text
    before = _queued(app, a)
    r = client.post(path, data={"csrf_token": auth.csrf(path)})
    assert r.status_code == 200 and _queued(app, a) == before
    r = client.post(path, data={"csrf_token": auth.csrf(path), "confirm": "1"})
    assert r.status_code == 303
    mails, texts = _queued(app, a)
    reminded = sorted(m for k, m in mails if k == "proposal_reminder")
    assert reminded == sorted([people["emp"]["id"], people["wrk"]["id"], people["alt"]["id"]])
    [reminder] = [b for k, b in texts if k == "proposal_reminder"]
    code = opening.split("AGREE ")[1].split()[0]
    assert reminder.startswith("FA reminder: Adopt the 2027 work plan, answer by") and f"AGREE {code}" in reminder
    # a second click within the hour sends nothing more
    client.post(path, data={"csrf_token": auth.csrf(path), "confirm": "1"})
    assert _queued(app, a) == (mails, texts)
    auth.logout()

    # a member cannot remind; another forum's secretariat gets 404
    auth.login(people["gov"]["email"])
    assert client.get(path).status_code == 404
    page = client.get(f"/t/forum-a/proposals/{pid}").get_data(as_text=True)
    assert 'id="response-rate"' not in page and 'id="remind"' not in page
    auth.logout()
    auth.login(two_forums["b_sec"]["email"])
    assert client.get(f"/t/forum-b/proposals/{pid}/remind").status_code == 404
    csrf = auth.csrf("/t/forum-b/proposals/")
    assert client.post(f"/t/forum-b/proposals/{pid}/remind", data={"csrf_token": csrf, "confirm": "1"}).status_code \
        == 404
    assert _queued(app, a) == (mails, texts)


def test_a_closed_proposal_is_not_reminded(app, client, auth, factory, queue_redis, two_forums):
    from datetime import UTC, datetime, timedelta

    cid, _people = _setup(app, factory, two_forums)
    auth.login(two_forums["a_sec"]["email"])
    pid = _open(client, auth, cid)
    with app.app_context(), tenant_context(two_forums["a"]):
        services.close_due(datetime.now(UTC) + timedelta(days=8))
        db.session.commit()
    path = f"/t/forum-a/proposals/{pid}/remind"
    r = client.post(path, data={"csrf_token": auth.csrf(path), "confirm": "1"}, follow_redirects=True)
    assert "This proposal is closed." in r.get_data(as_text=True)
    assert 'id="remind"' not in client.get(f"/t/forum-a/proposals/{pid}").get_data(as_text=True)
