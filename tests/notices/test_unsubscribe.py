"""Reminders and digests carry an unsubscribe link (in the body and as List-Unsubscribe); essential notices do not."""
from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import select

from tenants.rls import tenant_context
from tests.actions.test_actions import make_plan
from webapp.actions import services as actions
from webapp.core.audit import AuditEvent
from webapp.extensions import db
from webapp.members import services as roll
from webapp.members.models import Member


def _reminder_to_amadou(app, two_forums, smtp, run_worker, today, locale="en"):
    with app.app_context(), tenant_context(two_forums["a"]):
        roll.update_member(db.session.get(Member, (two_forums["a"].id, two_forums["a_member"]["id"])), {"locale": locale})
        db.session.commit()
        sent = actions.send_reminders(today)
        db.session.commit()
    run_worker()
    return sent


def test_one_click_unsubscribe_from_a_reminder_stops_the_next_one(app, client, smtp, run_worker, queue_redis,
                                                                  two_forums):
    today = date(2026, 11, 23)
    make_plan(app, two_forums["a"], [{"title": "Survey Obuasi sites", "owner_member_id": two_forums["a_member"]["id"],
                                      "due_on": today - timedelta(days=2)}])
    assert _reminder_to_amadou(app, two_forums, smtp, run_worker, today, locale="sw") == 1
    [mail] = smtp.to(two_forums["a_member"]["email"])
    link = mail["List-Unsubscribe"].strip("<>")
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link.startswith("http") and "/t/forum-a/notices/unsubscribe/" in link
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert link in text and f'href="{link}"' in html
    assert "Acha barua pepe hizi" in text  # in the member's language (Swahili)
    path = link.split("://", 1)[1].split("/", 1)[1]
    # another forum's address with this token is not a valid link
    assert client.get("/" + path.replace("t/forum-a/", "t/forum-b/")).status_code == 404
    assert client.get("/" + path[:-3] + "abc").status_code == 404  # a forged token
    page = client.get("/" + path + "?lang=en")
    assert page.status_code == 200 and "Stop reminders before meetings and due dates" in page.get_data(as_text=True)
    # the mail client's one-click POST: no sign-in, no CSRF token, the RFC 8058 body
    r = client.post("/" + path, data={"List-Unsubscribe": "One-Click"})
    assert r.status_code == 200 and "will no longer send" in r.get_data(as_text=True)
    with app.app_context(), tenant_context(two_forums["a"]):
        member = db.session.get(Member, (two_forums["a"].id, two_forums["a_member"]["id"]))
        assert member.notify_reminders is False and member.notify_digests is True
        assert db.session.scalar(select(AuditEvent.fields).where(AuditEvent.action == "unsubscribed")) == \
            ["notify_reminders"]
    smtp.messages.clear()
    assert _reminder_to_amadou(app, two_forums, smtp, run_worker, today + timedelta(days=7), locale="sw") == 0
    assert smtp.to(two_forums["a_member"]["email"]) == []


def test_invitations_have_no_unsubscribe_link(app, factory, smtp, run_worker, queue_redis, two_forums):
    factory.meeting(two_forums["a"], member_ids=(two_forums["a_member"]["id"],), notify=True)
    run_worker()
    [mail] = smtp.to(two_forums["a_member"]["email"])
    assert mail["List-Unsubscribe"] is None
    assert not re.search(r"unsubscribe/", mail.get_body(("plain",)).get_content())
