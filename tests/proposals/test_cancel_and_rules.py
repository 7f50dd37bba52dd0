"""Calling a proposal off, and the forum's choice of the decision rules its proposals may use (issue 36): both from
plain forms (a confirm page, a settings fieldset) that work without JavaScript."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

from sqlalchemy import select

from tenants.models import Tenant
from tenants.rls import tenant_context
from webapp.extensions import db
from webapp.meetings.models import Decision
from webapp.proposals import services
from webapp.proposals.models import Proposal

from ..notices.sms.test_kannel import phone_member
from ..notices.sms.test_replies import callbacks  # noqa: F401  (a fixture)
from .test_proposals import _link, _open, _rows, _seat, _setup


def test_the_secretariat_cancels_an_open_proposal_and_no_answer_is_taken_any_more(
        app, client, auth, factory, smtp, run_worker, queue_redis, two_forums, callbacks):  # noqa: F811
    a = two_forums["a"]
    cid, people = _setup(app, factory, two_forums)
    miner = phone_member(app, a, "Asha Miner", "+233201234641", "sw")
    _seat(app, a, cid, miner, "workers", "woman")
    auth.login(two_forums["a_sec"]["email"])
    pid = _open(client, auth, cid)
    run_worker()
    link = _link(smtp, people["emp"]["email"])
    page = client.get(f"/t/forum-a/proposals/{pid}").get_data(as_text=True)
    assert 'id="cancel"' in page

    path = f"/t/forum-a/proposals/{pid}/cancel"
    asked = client.get(path).get_data(as_text=True)  # the question, on a page of its own
    assert "Cancel the proposal WP-" in asked and "No decision is taken." in asked
    assert client.post(path, data={"csrf_token": auth.csrf(path)}).status_code == 200  # unconfirmed: nothing
    with app.app_context(), tenant_context(a):
        assert db.session.get(Proposal, (a.id, pid)).status == "open"
    r = client.post(path, data={"csrf_token": auth.csrf(path), "confirm": "1"}, follow_redirects=True)
    page = r.get_data(as_text=True)
    assert "The proposal is cancelled." in page and "Cancelled" in page and 'id="cancel"' not in page
    assert 'id="remind"' not in page
    auth.logout()

    # on the page, by the e-mail's link, by SMS: nothing is recorded
    auth.login(people["gov"]["email"])
    show = f"/t/forum-a/proposals/{pid}"
    assert client.post(show + "/answer", data={"csrf_token": auth.csrf(show), "answer": "agree"}).status_code == 422
    assert client.get(path).status_code == 404  # a member cannot cancel
    auth.logout()
    assert client.get(link).status_code == 404
    with app.app_context():
        from webapp.notices.sms.models import SmsReplyCode

        code = db.session.scalar(select(SmsReplyCode.reply_code).where(SmsReplyCode.member_id == miner))
    client.post(f"/sms/inbound?key=s3cret&id=c-1&from={quote('+233201234641')}", data=f"KUBALI {code}")
    assert all(answer is None for answer, *_rest in _rows(app, a, pid).values())
    # the closing job leaves it alone: no decision
    with app.app_context(), tenant_context(a):
        assert services.close_due(datetime.now(UTC) + timedelta(days=8)) == 0
        assert db.session.scalar(select(Decision.id).where(Decision.proposal_id == pid)) is None
    # another forum's secretariat: 404, and the proposal stays cancelled
    auth.login(two_forums["b_sec"]["email"])
    other = f"/t/forum-b/proposals/{pid}/cancel"
    assert client.get(other).status_code == 404
    assert client.post(other, data={"csrf_token": auth.csrf("/t/forum-b/proposals/"), "confirm": "1"}
                       ).status_code == 404


def _settings(client, auth, rules: list[str]):
    page = client.get("/t/forum-a/settings/").get_data(as_text=True)
    data = {"csrf_token": auth.csrf("/t/forum-a/settings/"), "name": "Forum A", "short_name": "FA",
            "kind": "steering_committee", "country": "", "about": "", "timezone": "UTC", "default_locale": "en",
            "core_constituencies": ["government", "employers", "workers"], "quorum_share": "50",
            "reminder_hours": "72, 2", "reply_to": "", "sms_plain_accents": "y", "proposal_rules": rules}
    return page, client.post("/t/forum-a/settings/", data=data)


def test_the_forum_chooses_the_decision_rules_its_proposals_may_use(app, client, auth, factory, two_forums):
    cid, _people = _setup(app, factory, two_forums)
    auth.login(two_forums["a_sec"]["email"])
    page, r = _settings(client, auth, ["no_objection", "majority_with_turnout"])
    assert 'id="proposal-rules"' in page
    assert len(re.findall(r'<input[^>]*checked[^>]*name="proposal_rules"', page)) == 3  # every rule, by default
    assert r.status_code == 303
    with app.app_context():
        forum = db.session.scalar(select(Tenant).where(Tenant.slug == "forum-a"))
        assert forum.setting("proposal_rules") == ["no_objection", "majority_with_turnout"]
    form = client.get("/t/forum-a/proposals/new").get_data(as_text=True)
    assert 'value="no_objection"' in form and 'value="majority_with_turnout"' in form
    assert 'value="consent_of_every_core_constituency"' not in form
    # a rule the forum does not allow is refused when posted anyway
    deadline = datetime.now(UTC) + timedelta(days=5)
    r = client.post("/t/forum-a/proposals/new", data={
        "csrf_token": auth.csrf("/t/forum-a/proposals/new"), "title": "T", "text": "X",
        "rule": "consent_of_every_core_constituency", "min_turnout": "50", "audience": "committee",
        "committee_id": str(cid), "deadline_day": deadline.strftime("%Y-%m-%d"), "deadline_time": "17:00",
        "visibility": "members"})
    assert r.status_code == 422
    # none checked: every rule again
    page, r = _settings(client, auth, [])
    assert r.status_code == 303
    assert 'value="consent_of_every_core_constituency"' in client.get("/t/forum-a/proposals/new").get_data(
        as_text=True)
    auth.logout()
    auth.login(two_forums["a_member"]["email"])
    assert client.get("/t/forum-a/settings/").status_code == 404
