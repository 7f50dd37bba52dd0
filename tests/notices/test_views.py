"""The notices page: who sees it, cross-tenant 404s, validation, htmx resend."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import update

from tenants.rls import tenant_context
from webapp.extensions import db
from webapp.members.models import Member
from webapp.notices import services
from webapp.notices.models import Notice


def _failed_notice(app, tenant, member_id) -> int:
    with app.app_context(), tenant_context(tenant):
        member = db.session.get(Member, (tenant.id, member_id))
        notice_id = services.send_test_notice(member)
        db.session.execute(update(Notice).where(Notice.id == notice_id)
                           .values(status="failed", attempts=3, last_error="451 try later"))
        db.session.info.pop("baraza_after_commit", None)
        db.session.commit()
        return notice_id


@pytest.mark.parametrize("role,status", [("secretariat", 200), ("chair", 200), ("vice_chair", 200),
                                         ("member", 404), ("alternate", 404), ("observer", 404)])
def test_who_reads_the_notices_page(factory, client, auth, two_forums, role, status):
    person = factory.member(two_forums["a"], f"Person {role}", role)
    auth.login(person["email"])
    assert client.get("/t/forum-a/notices/").status_code == status


def test_only_the_secretariat_can_resend_or_write(app, factory, client, auth, queue_redis, two_forums):
    notice_id = _failed_notice(app, two_forums["a"], two_forums["a_sec"]["id"])
    chair = factory.member(two_forums["a"], "Chair Person", "chair")
    auth.login(chair["email"])
    token = auth.csrf("/t/forum-a/notices/")
    assert "Send again" not in client.get("/t/forum-a/notices/").get_data(as_text=True)
    assert client.post(f"/t/forum-a/notices/{notice_id}/resend", data={"csrf_token": token}).status_code == 404
    assert client.post("/t/forum-a/notices/announce", data={"csrf_token": token, "subject": "x", "body": "y"}
                       ).status_code == 404


def test_cross_tenant_notices_page_and_actions_are_404(app, client, auth, queue_redis, two_forums):
    notice_id = _failed_notice(app, two_forums["a"], two_forums["a_sec"]["id"])
    auth.login(two_forums["b_sec"]["email"])
    token = auth.csrf("/t/forum-b/notices/")
    assert client.get("/t/forum-a/notices/").status_code == 404
    # tenant A's notice id, through tenant A's URL and through tenant B's own URL
    assert client.post(f"/t/forum-a/notices/{notice_id}/resend", data={"csrf_token": token}).status_code == 404
    assert client.post(f"/t/forum-b/notices/{notice_id}/resend", data={"csrf_token": token}).status_code == 404
    r = client.post(f"/t/forum-b/notices/{notice_id}/resend", data={"csrf_token": token},
                    headers={"HX-Request": "true"})
    assert r.status_code == 404
    assert client.post("/t/forum-a/notices/test", data={"csrf_token": token}).status_code == 404
    # tenant A's notice is untouched, and B's page does not show it
    with app.app_context(), tenant_context(two_forums["a"]):
        n = db.session.get(Notice, (two_forums["a"].id, notice_id))
        assert n.status == "failed" and n.attempts == 3
    assert "ama.secretariat" not in client.get("/t/forum-b/notices/").get_data(as_text=True)


def test_resend_with_htmx_returns_the_row(app, client, auth, queue_redis, two_forums):
    notice_id = _failed_notice(app, two_forums["a"], two_forums["a_sec"]["id"])
    auth.login(two_forums["a_sec"]["email"])
    r = client.post(f"/t/forum-a/notices/{notice_id}/resend", data={"csrf_token": auth.csrf("/t/forum-a/notices/")},
                    headers={"HX-Request": "true"})
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert html.strip().startswith(f'<tr id="notice-{notice_id}">') and "Pending" in html
    assert "<html" not in html


def test_empty_announcement_is_refused_with_messages_and_keeps_input(client, auth, two_forums):
    auth.login(two_forums["a_sec"]["email"])
    r = client.post("/t/forum-a/notices/announce", data={"csrf_token": auth.csrf("/t/forum-a/notices/"),
                                                         "subject": "Plenary on 12 March", "body": "  "})
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert "Please write a message." in html and 'value="Plenary on 12 March"' in html


def test_too_long_subject_is_refused(client, auth, two_forums):
    auth.login(two_forums["a_sec"]["email"])
    r = client.post("/t/forum-a/notices/announce", data={"csrf_token": auth.csrf("/t/forum-a/notices/"),
                                                         "subject": "x" * 151, "body": "ok"})
    assert r.status_code == 422 and "At most 150 characters." in r.get_data(as_text=True)


def test_notices_page_query_count_does_not_grow_with_rows(app, client, auth, queue_redis, two_forums):
    from sqlalchemy import event

    auth.login(two_forums["a_sec"]["email"])

    def count_queries() -> int:
        n = 0

        def inc(*_args):
            nonlocal n
            n += 1

        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", inc)
        try:
            assert client.get("/t/forum-a/notices/").status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", inc)
        return n

    _failed_notice(app, two_forums["a"], two_forums["a_sec"]["id"])
    few = count_queries()
    for _ in range(30):
        _failed_notice(app, two_forums["a"], two_forums["a_member"]["id"])
    assert count_queries() == few


def test_every_notice_can_be_read_page_by_page_with_its_kind_in_words(app, client, auth, queue_redis, two_forums,
                                                                      monkeypatch):
    from webapp.notices import queries

    monkeypatch.setattr(queries, "PAGE_SIZE", 4)
    ids = [_failed_notice(app, two_forums["a"], two_forums["a_sec"]["id"]) for _ in range(10)]
    auth.login(two_forums["a_sec"]["email"])
    seen, url, pages = [], "/t/forum-a/notices/", 0
    while url:
        html = client.get(url).get_data(as_text=True)
        seen += [int(i) for i in re.findall(r'<tr id="notice-(\d+)">', html)]
        assert "Test notice" in html and "<td>test</td>" not in html  # the kind in words, not its code
        older = re.search(r'href="([^"]*before=\d+[^"]*)" rel="next"', html)
        url = older.group(1).replace("&amp;", "&") if older else None
        pages += 1
    assert seen == sorted(ids, reverse=True) and pages == 3
    failed_only = client.get("/t/forum-a/notices/?status=failed").get_data(as_text=True)
    assert "status=failed" in re.search(r'href="([^"]*)" rel="next"', failed_only).group(1)
