"""Writing outbox rows (same transaction as the change) and resending. Flush, never commit."""
from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from typing import Any

from flask import current_app
from rq import Retry
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from tenants.context import current_tenant, current_tenant_id
from webapp.core import content
from webapp.core.queue import enqueue_after_commit
from webapp.core.uow import after_commit
from webapp.extensions import db
from webapp.notices import recipients
from webapp.notices.models import Announcement, Notice, PlatformMail
from webapp.notices.recipients import Recipient
from webapp.notices.sms import services as sms

DELIVER_NOTICE = "worker.delivery.deliver_notice"
DELIVER_PLATFORM_MAIL = "worker.delivery.deliver_platform_mail"


class NoticeError(ValueError):
    pass


def notice_job_id(tenant_id: int, notice_id: int) -> str:
    return f"notice-{tenant_id}-{notice_id}"


def message_id(scope: str, dedupe_key: str) -> str:
    """A Message-ID derived from the dedupe key: a resent duplicate carries the same one."""
    digest = hashlib.sha256(f"{scope}:{dedupe_key}".encode()).hexdigest()[:40]
    return f"<{digest}@{current_app.config['MAIL_MESSAGE_ID_DOMAIN']}>"


def _retry() -> Retry:
    intervals = current_app.config["NOTICE_RETRY_INTERVALS"]
    return Retry(max=len(intervals), interval=list(intervals) or 0)


def enqueue_notice(tenant_id: int, notice_id: int) -> None:
    enqueue_after_commit(DELIVER_NOTICE, tenant_id, notice_id, queue="notices",
                         job_id=notice_job_id(tenant_id, notice_id), retry=_retry(),
                         timeout=current_app.config["NOTICE_JOB_TIMEOUT"])


def queue_notice(kind: str, *, email: str, name: str, locale: str | None, payload: dict[str, Any],
                 dedupe_key: str, member_id: int | None = None) -> int | None:
    """Writes one notice row; returns its id, or None if the same dedupe key was already queued."""
    tenant = current_tenant()
    if tenant is None:
        raise NoticeError("a notice needs a forum")
    stmt = (
        insert(Notice)
        .values(tenant_id=tenant.id, member_id=member_id, recipient_email=email, recipient_name=name,
                locale=locale or tenant.default_locale, kind=kind, payload=payload, dedupe_key=dedupe_key,
                status="pending", attempts=0, message_id=message_id(f"t{tenant.id}", dedupe_key))
        .on_conflict_do_nothing(index_elements=["tenant_id", "dedupe_key"])
        .returning(Notice.id)
    )
    notice_id = db.session.execute(stmt).scalar()
    if notice_id is not None:
        enqueue_notice(tenant.id, notice_id)
    return notice_id


def notify_member(kind: str, member: Recipient, payload: dict[str, Any], dedupe_key: str) -> int | None:
    """A notice to one member, in that member's language; skipped if the member has no email. Kinds that have an SMS
    go by SMS too (or instead) to members reached by SMS (webapp/notices/sms)."""
    if kind in sms.sms_kinds() and not sms.route(kind, [{"member_id": member.id, "email": member.email,
                                                         "payload": payload, "dedupe_key": dedupe_key}]):
        return None
    if not member.email:
        return None
    locale = member.locale or _interface_languages([member.id]).get(member.id)
    return queue_notice(kind, email=member.email, name=member.name, locale=locale, payload=payload,
                        dedupe_key=dedupe_key, member_id=member.id)


def _interface_languages(member_ids: list[int]) -> dict[int, str | None]:
    """For members without a notice language: their account's interface language (None: the forum's default)."""
    return {i: c.locale for i, c in sms.contacts(member_ids).items()} if member_ids else {}


def announce(subject: str, body: str, sender: Recipient) -> int:
    """The secretariat writes to every active member with an email; returns the number queued."""
    subject, body = subject.strip(), body.strip()
    if not subject or not body:
        raise NoticeError("subject and message are required")
    batch = uuid.uuid4().hex
    kept = Announcement(subject=subject[:200], body=body, sender=sender.name[:200])  # issue 27: read again, translated
    db.session.add(kept)
    db.session.flush()
    queued = 0
    for member in recipients.everyone():
        payload = {"subject": subject, "body": body, "sender": sender.name, "announcement_id": kept.id}
        if notify_member("announcement", member, payload, f"announcement:{batch}:{member.id}") is not None:
            queued += 1
    kept.recipients = queued
    db.session.flush()
    return queued


def content_kinds() -> tuple[content.Kind, ...]:
    """The texts a translator translates as lists (bound in webapp/wiring.py)."""
    from flask_babel import lazy_gettext as _l

    return (content.Kind("announcement", _l("Announcements"), Announcement, ("subject", "body")),)


def send_test_notice(member: Recipient) -> int | None:
    if not member.email:
        raise NoticeError("you have no email address on the member roll")
    return notify_member("test", member, {}, f"test:{uuid.uuid4().hex}")


def resend(notice_id: int) -> Notice:
    """A failed (or long-pending) notice goes back to pending with fresh attempts and is enqueued."""
    notice = db.session.scalar(select(Notice).where(Notice.tenant_id == current_tenant_id(),
                                                    Notice.id == notice_id).with_for_update())
    if notice is None:
        raise LookupError(notice_id)
    if notice.status not in ("failed", "pending"):
        raise NoticeError("only failed or pending notices can be sent again")
    notice.status = "pending"
    notice.attempts = 0
    notice.next_attempt_at = db.func.now()
    db.session.flush()
    enqueue_notice(notice.tenant_id, notice.id)
    return notice


def queue_platform_mail(kind: str, *, email: str, name: str, locale: str | None, payload: dict[str, Any],
                        dedupe_key: str) -> int | None:
    stmt = (
        insert(PlatformMail)
        .values(recipient_email=email, recipient_name=name, locale=locale or "en", kind=kind, payload=payload,
                dedupe_key=dedupe_key, status="pending", attempts=0, message_id=message_id("platform", dedupe_key))
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(PlatformMail.id)
    )
    mail_id = db.session.execute(stmt).scalar()
    if mail_id is not None:
        enqueue_after_commit(DELIVER_PLATFORM_MAIL, mail_id, queue="notices", job_id=f"platform-mail-{mail_id}",
                             retry=_retry(), timeout=current_app.config["NOTICE_JOB_TIMEOUT"])
    return mail_id


@dataclass(frozen=True)
class Queued:
    """What one sending queued: the e-mails' and the SMS' ids (a member reached both ways is in both)."""

    emails: list[int]
    sms: list[int]


def queue_notices(kind: str, recipients: list[dict[str, Any]]) -> list[int]:
    """The e-mails of queue_by_channel: their ids."""
    return queue_by_channel(kind, recipients).emails


def queue_by_channel(kind: str, recipients: list[dict[str, Any]]) -> Queued:
    """Many notices in one INSERT (e.g. a meeting's invitees); each recipient dict has email, name,
    locale, payload, dedupe_key and member_id. Enqueued after commit in one Redis round trip. For kinds that have an
    SMS, members reached by SMS get it (webapp/notices/sms), and the e-mail only if their channels include e-mail;
    recipients without an e-mail address get no e-mail."""
    tenant = current_tenant()
    if tenant is None:
        raise NoticeError("a notice needs a forum")
    texted: list[int] = []
    if kind in sms.sms_kinds():
        recipients = sms.route(kind, recipients, texted)
    recipients = [r for r in recipients if r.get("email")]
    if not recipients:
        return Queued([], texted)
    spoken = _interface_languages([r["member_id"] for r in recipients if r.get("member_id") and not r.get("locale")])
    recipients = [{**r, "locale": spoken.get(r["member_id"])} if r.get("member_id") in spoken else r
                  for r in recipients]
    rows = [{"tenant_id": tenant.id, "member_id": r.get("member_id"), "recipient_email": r["email"],
             "recipient_name": r.get("name") or "", "locale": r.get("locale") or tenant.default_locale, "kind": kind,
             "payload": r.get("payload") or {}, "dedupe_key": r["dedupe_key"], "status": "pending", "attempts": 0,
             "message_id": message_id(f"t{tenant.id}", r["dedupe_key"])} for r in recipients]
    # a Core insert on the table with the rows as parameters: SQLAlchemy sends them in batches of
    # multi-row VALUES with a cached statement ("insertmanyvalues"), far cheaper than one huge VALUES
    table = Notice.__table__
    stmt = (insert(table).on_conflict_do_nothing(index_elements=["tenant_id", "dedupe_key"])
            .returning(table.c.id))
    ids = list(db.session.connection().execute(stmt, rows).scalars())
    enqueue_batches(tenant.id, ids)
    return Queued(ids, texted)


def enqueue_batches(tenant_id: int, ids: list[int]) -> None:
    """After the commit, one delivery job per batch of these rows: each job claims up to NOTICE_BATCH_SIZE due rows
    of the forum, its own first, so the other rows of the batch need no job of their own (the sweep covers any loss).
    A job per row would fork a work horse per row that mostly finds its row sent by another batch."""
    if not ids:
        return
    leaders = sorted(ids)[::max(current_app.config["NOTICE_BATCH_SIZE"], 1)]
    retry, timeout = _retry(), current_app.config["NOTICE_JOB_TIMEOUT"]
    after_commit(lambda: _enqueue_many(tenant_id, leaders, retry, timeout))


def _enqueue_many(tenant_id: int, ids: list[int], retry: Retry, timeout: int) -> None:
    from redis.exceptions import RedisError
    from rq import Queue

    from webapp.core import redis_client

    try:
        queue = Queue("notices", connection=redis_client.get())
        with queue.connection.pipeline() as pipe:
            queue.enqueue_many([Queue.prepare_data(DELIVER_NOTICE, (tenant_id, i), job_id=notice_job_id(tenant_id, i),
                                                   retry=retry, timeout=timeout, result_ttl=3600)
                                for i in ids], pipeline=pipe)
            pipe.execute()
    except (RedisError, OSError):
        pass  # the rows are pending: the sweep enqueues them
