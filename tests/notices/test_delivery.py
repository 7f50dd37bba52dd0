"""The outbox pipeline end to end: services write rows, a real RQ worker delivers them to a real
SMTP server on loopback; nothing is lost and nothing is sent twice."""
from __future__ import annotations

from email.utils import parseaddr

import psycopg
from rq import Queue
from sqlalchemy import select

from tenants.rls import tenant_context
from webapp.extensions import db
from webapp.members.models import Member
from webapp.notices import services
from webapp.notices.models import Notice
from worker import delivery, sweeps


def owner(databases):
    return psycopg.connect(databases.owner_url.replace("postgresql+psycopg", "postgresql"), autocommit=True)


def queue_test_notice(app, tenant, member_id) -> int:
    with app.app_context(), tenant_context(tenant):
        member = db.session.get(Member, (tenant.id, member_id))
        notice_id = services.send_test_notice(member)
        db.session.commit()
        return notice_id


def notice_row(app, tenant, notice_id) -> Notice:
    with app.app_context(), tenant_context(tenant):
        n = db.session.scalar(select(Notice).where(Notice.id == notice_id))
        db.session.expunge(n)
        return n


def test_notice_is_delivered_once_even_if_its_job_runs_twice(app, smtp, run_worker, queue_redis, two_forums):
    a = two_forums["a"]
    notice_id = queue_test_notice(app, a, two_forums["a_sec"]["id"])
    # the service enqueued it after commit; enqueue the same job again, as a lost-and-found sweep would
    Queue("notices", connection=queue_redis).enqueue(services.DELIVER_NOTICE, a.id, notice_id,
                                                     job_id=services.notice_job_id(a.id, notice_id))
    assert Queue("notices", connection=queue_redis).count == 2
    run_worker()
    received = smtp.to(two_forums["a_sec"]["email"])
    assert len(received) == 1
    n = notice_row(app, a, notice_id)
    assert n.status == "sent" and n.attempts == 1 and n.sent_at is not None
    assert received[0]["Message-ID"] == n.message_id
    assert parseaddr(received[0]["From"]) == ("Forum A via Baraza", "notices@baraza.localhost")
    assert received[0]["Reply-To"] == two_forums["a_sec"]["email"]
    assert received[0].get_body(("plain",)).get_content().startswith("Hello Ama Secretariat,")
    assert "<html" in received[0].get_body(("html",)).get_content()


def test_redis_down_at_request_time_then_the_sweep_delivers(app, client, auth, smtp, run_worker, queue_redis,
                                                            databases, two_forums):
    auth.login(two_forums["a_sec"]["email"])
    token = auth.csrf("/t/forum-a/notices/")
    saved = app.config["REDIS_URL"]
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens there
    app.extensions.pop("baraza_redis", None)
    try:
        r = client.post("/t/forum-a/notices/test", data={"csrf_token": token})
    finally:
        app.config["REDIS_URL"] = saved
        app.extensions.pop("baraza_redis", None)
    assert r.status_code == 303
    assert "A test notice is on its way" in client.get("/t/forum-a/notices/").get_data(as_text=True)
    with owner(databases) as conn:
        conn.execute("SELECT set_config('app.tenant_id', %s, false)", (str(two_forums["a"].id),))
        rows = conn.execute("SELECT id, status FROM notices").fetchall()
        assert [s for _, s in rows] == ["pending"]
        assert Queue("notices", connection=queue_redis).count == 0  # the enqueue was lost
        run_worker()
        assert smtp.messages == []
        # a minute later the sweep finds it
        conn.execute("UPDATE notices SET next_attempt_at = now() - interval '2 minutes'")
    with app.app_context():
        assert sweeps.sweep_outboxes() == {"forum-a": 1}
    run_worker()
    assert len(smtp.to(two_forums["a_sec"]["email"])) == 1
    assert notice_row(app, two_forums["a"], rows[0][0]).status == "sent"


def test_after_an_outage_the_sweep_enqueues_a_job_per_batch_not_per_row(app, smtp, run_worker, queue_redis,
                                                                         databases, two_forums):
    """120 notices whose jobs were lost: with NOTICE_BATCH_SIZE 50 the sweep enqueues 3 jobs (each claims its batch),
    not 120 — a job per row forked a work horse per row after an outage, 2 minutes for 500 rows on a loaded machine."""
    with app.app_context(), tenant_context(two_forums["a"]):
        services.queue_notices("test", [{"email": f"lost{i}@example.org", "name": f"Lost {i}", "locale": "en",
                                         "payload": {}, "dedupe_key": f"lost:{i}"} for i in range(120)])
        db.session.info.pop("baraza_after_commit", None)  # Redis "lost" the jobs
        db.session.commit()
    with owner(databases) as conn:
        conn.execute("SELECT set_config('app.tenant_id', %s, false)", (str(two_forums["a"].id),))
        conn.execute("UPDATE notices SET next_attempt_at = now() - interval '2 minutes'")
    old = app.config["NOTICE_BATCH_SIZE"]
    app.config["NOTICE_BATCH_SIZE"] = 50
    try:
        with app.app_context():
            assert sweeps.sweep_outboxes() == {"forum-a": 120}
        assert Queue("notices", connection=queue_redis).count == 3
        run_worker()
    finally:
        app.config["NOTICE_BATCH_SIZE"] = old
    assert len({m["To"] for m in smtp.messages}) == 120


def test_smtp_down_retries_then_fails_then_resend_delivers_once(app, client, auth, smtp, run_worker, two_forums):
    smtp.mode = "tempfail"
    notice_id = queue_test_notice(app, two_forums["a"], two_forums["a_sec"]["id"])
    run_worker()  # three attempts (retry intervals are 0 in tests), all refused with 451
    n = notice_row(app, two_forums["a"], notice_id)
    assert n.status == "failed" and n.attempts == 3
    assert "451" in n.last_error
    assert smtp.messages == []
    auth.login(two_forums["a_sec"]["email"])
    page = client.get("/t/forum-a/notices/?status=failed").get_data(as_text=True)
    assert "451 4.3.0 Try again later" in page and "Send again" in page
    smtp.mode = "ok"
    r = client.post(f"/t/forum-a/notices/{notice_id}/resend", data={"csrf_token": auth.csrf("/t/forum-a/notices/")})
    assert r.status_code == 303
    run_worker()
    assert len(smtp.to(two_forums["a_sec"]["email"])) == 1
    assert notice_row(app, two_forums["a"], notice_id).status == "sent"


def test_smtp_server_unreachable_is_retried(app, smtp, run_worker, two_forums):
    saved = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = 1
    try:
        notice_id = queue_test_notice(app, two_forums["a"], two_forums["a_sec"]["id"])
        run_worker()
    finally:
        app.config["MAIL_PORT"] = saved
    n = notice_row(app, two_forums["a"], notice_id)
    assert n.status == "failed" and n.attempts == 3 and "SMTP" in n.last_error


def test_hard_bounce_fails_at_once_and_marks_the_address(app, smtp, run_worker, two_forums):
    smtp.mode = "reject"
    notice_id = queue_test_notice(app, two_forums["a"], two_forums["a_sec"]["id"])
    run_worker()
    n = notice_row(app, two_forums["a"], notice_id)
    assert n.status == "failed" and n.attempts == 1 and n.last_error.startswith("550")
    with app.app_context(), tenant_context(two_forums["a"]):
        assert db.session.get(Member, (two_forums["a"].id, two_forums["a_sec"]["id"])).email_bouncing is True


def test_job_for_tenant_b_cannot_touch_tenant_a_rows(app, smtp, run_worker, queue_redis, two_forums):
    a, b = two_forums["a"], two_forums["b"]
    with app.app_context():
        notice_id = None
        with tenant_context(a):
            member = db.session.get(Member, (a.id, two_forums["a_sec"]["id"]))
            notice_id = services.send_test_notice(member)
            db.session.flush()
            db.session.info.pop("baraza_after_commit", None)  # keep it out of the queue
            db.session.commit()
    Queue("notices", connection=queue_redis).enqueue(services.DELIVER_NOTICE, b.id, notice_id)
    run_worker()
    assert smtp.messages == []
    assert notice_row(app, a, notice_id).status == "pending"
    with app.app_context():  # also called directly: nothing claimed
        assert delivery.deliver_notice(b.id, notice_id) == 0


def test_job_without_a_tenant_refuses_to_run(app):
    import pytest

    from tenants.context import TenantRequired

    with pytest.raises(TenantRequired):
        delivery.deliver_notice(None, 1)


def test_row_stuck_in_sending_is_reclaimed(app, smtp, run_worker, databases, two_forums):
    notice_id = None
    with app.app_context(), tenant_context(two_forums["a"]):
        member = db.session.get(Member, (two_forums["a"].id, two_forums["a_sec"]["id"]))
        notice_id = services.send_test_notice(member)
        db.session.info.pop("baraza_after_commit", None)
        db.session.commit()
    with owner(databases) as conn:
        conn.execute("SELECT set_config('app.tenant_id', %s, false)", (str(two_forums["a"].id),))
        # a worker claimed it an hour ago and died
        conn.execute("UPDATE notices SET status = 'sending', attempts = 1, claimed_at = now() - interval '1 hour'")
    with app.app_context():
        assert sweeps.sweep_outboxes() == {"forum-a": 1}
    run_worker()
    n = notice_row(app, two_forums["a"], notice_id)
    assert n.status == "sent" and n.attempts == 2
    assert len(smtp.messages) == 1


def test_recent_sending_row_is_left_alone(app, databases, queue_redis, two_forums):
    with app.app_context(), tenant_context(two_forums["a"]):
        member = db.session.get(Member, (two_forums["a"].id, two_forums["a_sec"]["id"]))
        services.send_test_notice(member)
        db.session.info.pop("baraza_after_commit", None)
        db.session.commit()
    with owner(databases) as conn:
        conn.execute("SELECT set_config('app.tenant_id', %s, false)", (str(two_forums["a"].id),))
        conn.execute("UPDATE notices SET status = 'sending', claimed_at = now()")
    with app.app_context():
        assert sweeps.sweep_outboxes() == {}


def test_email_language_follows_the_recipient_not_the_sender(app, client, auth, smtp, run_worker, two_forums):
    with app.app_context(), tenant_context(two_forums["a"]):
        member = db.session.get(Member, (two_forums["a"].id, two_forums["a_member"]["id"]))
        member.locale = "fr"
        db.session.commit()
    auth.login(two_forums["a_sec"]["email"])  # the sender reads English
    token = auth.csrf("/t/forum-a/notices/")
    r = client.post("/t/forum-a/notices/announce", data={"csrf_token": token, "subject": "Réunion plénière",
                                                         "body": "Ordre du jour joint."})
    assert r.status_code == 303
    run_worker()
    french = smtp.to(two_forums["a_member"]["email"])[0]
    english = smtp.to(two_forums["a_sec"]["email"])[0]
    assert french["Content-Language"] == "fr" and english["Content-Language"] == "en"
    assert '<html lang="fr">' in french.get_body(("html",)).get_content()
    months_fr = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
                 "octobre", "novembre", "décembre")
    assert any(m in french.get_body(("plain",)).get_content() for m in months_fr)
    assert not any(m in english.get_body(("plain",)).get_content() for m in months_fr)
    assert french["Subject"] == "Réunion plénière"
    assert "Ordre du jour joint." in french.get_body(("plain",)).get_content()


def test_batch_uses_one_connection_and_sends_each_once(app, client, auth, factory, smtp, run_worker, two_forums):
    for i in range(12):
        factory.member(two_forums["a"], f"Batch Member {chr(65 + i)}", account=False)
    auth.login(two_forums["a_sec"]["email"])
    r = client.post("/t/forum-a/notices/announce", data={"csrf_token": auth.csrf("/t/forum-a/notices/"),
                                                         "subject": "Agenda", "body": "See you."})
    assert r.status_code == 303
    run_worker()
    recipients = [m["To"] for m in smtp.messages]
    assert len(recipients) == 14 and len(set(recipients)) == 14


def test_a_batch_asks_the_reply_to_address_once(app, factory, smtp, two_forums):
    """Each message of a batch is marked sent in its own commit (so a killed worker resends at most one), but the
    forum's reply-to address is asked once per batch, not once per message."""
    from sqlalchemy import event

    tenant = two_forums["a"]
    people = [factory.member(tenant, f"Batch {i}", "member", account=False, email=f"batch{i}@forum-a.test")
              for i in range(6)]
    with app.app_context(), tenant_context(tenant):
        ids = services.queue_notices("test", [
            {"email": p["email"], "name": "Batch", "locale": "en", "payload": {}, "member_id": p["id"],
             "dedupe_key": f"batch:{i}"} for i, p in enumerate(people)])
        db.session.info.pop("baraza_after_commit", None)  # delivered below, not through the queue
        db.session.commit()
    with app.app_context():
        engine = db.engine
    asked = []

    def record(_conn, _cursor, statement, *_args):
        if statement.lstrip().startswith("SELECT members.email"):  # the secretariat's address
            asked.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        with app.app_context():
            assert delivery.deliver_notice(tenant.id, min(ids)) == 6
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert len(smtp.messages) == 6
    assert len(asked) == 1, asked


def test_meeting_emails_read_the_meeting_once_per_batch(app, factory, smtp, two_forums):
    """Issue 43: a batch of meeting invitations (with their .ics) reads the meeting, its committee, its texts and
    agenda in each language, and the recipients' zones once; each further e-mail costs only its own row."""
    from sqlalchemy import event

    tenant = two_forums["a"]
    statements = {}
    for size in (3, 9):
        people = [factory.member(tenant, f"Invitee {size} {chr(65 + i)}", "member", account=False,
                                 email=f"inv{size}-{i}@forum-a.test")["id"] for i in range(size)]
        m = factory.meeting(tenant, title=f"Budget hearing {size}", member_ids=tuple(people), notify=True)
        with app.app_context(), tenant_context(tenant):
            ids = list(db.session.scalars(select(Notice.id).where(Notice.kind == "meeting_invitation",
                                                                  Notice.status == "pending")))
        assert len(ids) == size
        with app.app_context():
            engine = db.engine
        seen = []

        def keep(_conn, _cursor, statement, *_args, seen=seen):
            seen.append(" ".join(statement.split())[:120])

        smtp.messages.clear()
        event.listen(engine, "before_cursor_execute", keep)
        try:
            with app.app_context():
                assert delivery.deliver_notice(tenant.id, min(ids)) == size
        finally:
            event.remove(engine, "before_cursor_execute", keep)
        statements[size] = seen
        assert len(smtp.messages) == size
        for msg in smtp.messages:
            calendar = next(p for p in msg.walk() if p.get_content_type() == "text/calendar")
            assert f"Budget hearing {size}" in calendar.get_content() and f"Budget hearing {size}" in msg["Subject"]
            assert "Opening" in msg.get_body(("plain",)).get_content()  # the agenda
        assert m["id"]
    extra = (len(statements[9]) - len(statements[3])) / 6
    print("statements per batch:", {k: len(v) for k, v in statements.items()}, "per further e-mail:", extra)
    assert extra <= 2, "\n".join(statements[9])
