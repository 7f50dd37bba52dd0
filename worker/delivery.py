"""Outbox relay: claim rows, send them over one SMTP connection, mark them sent.

Honest semantics: a row is claimed (pending -> sending, committed) before it is sent and marked
sent (committed) right after the server's 250, so a job that runs twice sends once. Only a worker
dying between the 250 and that commit can cause a duplicate, and it carries the same Message-ID.

A worker asked to stop (worker/stopping.py) ends the batch after the message in hand: the rows not yet sent go back to
pending, their attempt not spent, and the sweep re-enqueues them. The relay's connect and read timeouts
(MAIL_CONNECT_TIMEOUT, MAIL_TIMEOUT) bound the message in hand. No job sleeps: retries are RQ's and the sweep's.
"""
from __future__ import annotations

import contextlib
import logging
import smtplib
import socket
import ssl
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any

from flask import current_app
from sqlalchemy import select, text, update

from tenants.context import current_tenant, current_tenant_id
from webapp.extensions import db
from webapp.members.models import Member
from webapp.notices.emails import build_message, prepare
from webapp.notices.models import Notice, PlatformMail
from worker.runtime import give_back, platform_job, stop_requested, tenant_job

log = logging.getLogger(__name__)

CLAIM_SQL = """
UPDATE {table} SET status = 'sending', claimed_at = now(), attempts = attempts + 1
WHERE {tenant} id IN (
    SELECT id FROM {table}
    WHERE {tenant} status = 'pending' AND (id = :id OR next_attempt_at <= now())
    ORDER BY (id = :id) DESC, next_attempt_at, id
    LIMIT :n FOR UPDATE SKIP LOCKED)
RETURNING id
"""


class Transient(Exception):
    """Try again later (4xx, connection refused or lost, timeout)."""

    def __init__(self, message: str, connection_lost: bool = False) -> None:
        super().__init__(message)
        self.connection_lost = connection_lost


class Permanent(Exception):
    """The server refused for good (5xx): the address is bouncing."""


class _ConnectTimeout(smtplib.SMTP):
    """smtplib waits as long for the connection as for every answer: here the connection has a timeout of its own
    (MAIL_CONNECT_TIMEOUT), and each answer, the greeting first, MAIL_TIMEOUT."""

    connect_timeout: float = 2

    def _get_socket(self, host: str, port: int, timeout: float) -> socket.socket:
        sock = socket.create_connection((host, port), self.connect_timeout, self.source_address)
        sock.settimeout(timeout)
        return sock


class _Smtp(_ConnectTimeout):
    pass


class _SmtpSsl(smtplib.SMTP_SSL, _ConnectTimeout):  # SMTP_SSL wraps the socket _ConnectTimeout opened
    pass


class SmtpConnection:
    """One SMTP connection for a batch of messages, opened on first use."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config
        self.smtp: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpConnection:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _open(self) -> smtplib.SMTP:
        c = self.config
        smtp: smtplib.SMTP
        if c["MAIL_USE_SSL"]:
            smtp = _SmtpSsl(timeout=c["MAIL_TIMEOUT"], context=ssl.create_default_context())
        else:
            smtp = _Smtp(timeout=c["MAIL_TIMEOUT"])
        smtp.connect_timeout = c.get("MAIL_CONNECT_TIMEOUT", 2)
        smtp._host = c["MAIL_SERVER"]  # what __init__ would set: the name TLS checks the certificate against
        smtp.connect(c["MAIL_SERVER"], c["MAIL_PORT"])
        if c["MAIL_USE_TLS"] and not c["MAIL_USE_SSL"]:
            smtp.starttls(context=ssl.create_default_context())
        if c["MAIL_USERNAME"]:
            smtp.login(c["MAIL_USERNAME"], c["MAIL_PASSWORD"] or "")
        return smtp

    def send(self, msg: EmailMessage, to: str) -> None:
        try:
            if self.smtp is None:
                self.smtp = self._open()
            self.smtp.send_message(msg, to_addrs=[to])
        except smtplib.SMTPRecipientsRefused as e:
            code, reason = next(iter(e.recipients.values()))
            raise _classify(code, reason) from e
        except (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError) as e:
            self.smtp = None
            raise Transient(f"SMTP connection: {e}", connection_lost=True) from e
        except smtplib.SMTPResponseException as e:
            raise _classify(e.smtp_code, e.smtp_error) from e
        except (smtplib.SMTPException, OSError) as e:
            self.close()
            raise Transient(f"SMTP: {type(e).__name__}: {e}", connection_lost=True) from e

    def close(self) -> None:
        if self.smtp is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self.smtp.quit()
            self.smtp = None


def _classify(code: int, reason: bytes | str) -> Exception:
    text_ = reason.decode(errors="replace") if isinstance(reason, bytes) else str(reason)
    message = f"{code} {text_}".strip()
    return Permanent(message) if code >= 500 else Transient(message)


def _max_attempts() -> int:
    return 1 + len(current_app.config["NOTICE_RETRY_INTERVALS"])


def _back_off(row: Notice | PlatformMail, error: str) -> None:
    intervals = current_app.config["NOTICE_RETRY_INTERVALS"]
    row.last_error = error[:2000]
    if row.attempts >= _max_attempts():
        row.status = "failed"
    else:
        row.status = "pending"
        delay = intervals[min(row.attempts, len(intervals)) - 1] if intervals else 0
        row.next_attempt_at = datetime.now(UTC) + timedelta(seconds=delay)


def _claim(table: str, row_id: int, tenant_id: int | None) -> list[int]:
    tenant_filter = "tenant_id = :tid AND" if tenant_id is not None else ""
    stmt = text(CLAIM_SQL.format(table=table, tenant=tenant_filter))
    ids = [r[0] for r in db.session.execute(
        stmt, {"id": row_id, "n": current_app.config["NOTICE_BATCH_SIZE"], "tid": tenant_id})]
    db.session.commit()  # the claim is visible to every other worker before anything is sent
    return ids


def _deliver(rows: list[Any], own_id: int, on_permanent: Any) -> int:
    """Sends the batch, each message marked sent in its own commit (a killed worker resends at most one). The commits
    do not expire what the batch has read (its rows, the forum, the meeting of its e-mails): nothing else writes
    them while the batch holds its claim, and reading them again cost three statements a message (issue 43)."""
    session = db.session()
    expiring = session.expire_on_commit
    session.expire_on_commit = False
    try:
        return _send_batch(rows, own_id, on_permanent)
    finally:
        session.expire_on_commit = expiring


def _send_batch(rows: list[Any], own_id: int, on_permanent: Any) -> int:
    tenant = current_tenant()
    sent = 0
    own_error: Transient | None = None
    lost: Transient | None = None
    prepare(rows, tenant)  # the batch's recipients' zones in one query
    with SmtpConnection(current_app.config) as smtp:
        for i, row in enumerate(rows):
            if stop_requested():
                give_back(rows[i:], "e-mails")
                break
            try:
                if lost is not None:
                    raise lost
                smtp.send(build_message(row, tenant), row.recipient_email)
            except Permanent as e:
                row.status, row.last_error = "failed", str(e)[:2000]
                on_permanent(row)
            except Transient as e:
                _back_off(row, str(e))
                if e.connection_lost:
                    lost = e
                if row.id == own_id and row.status == "pending":
                    own_error = e
            except Exception as e:  # a template or data error: retrying will not help
                log.exception("could not build message %s", row.id)
                row.status, row.last_error = "failed", f"{type(e).__name__}: {e}"[:2000]
            else:
                row.status, row.sent_at, row.last_error = "sent", datetime.now(UTC), None
                sent += 1
            db.session.commit()
    if own_error is not None:
        raise own_error  # RQ retries the job after the next interval
    return sent


def _mark_bouncing(notice: Notice) -> None:
    if notice.member_id is not None:
        db.session.execute(update(Member).where(Member.tenant_id == notice.tenant_id, Member.id == notice.member_id)
                           .values(email_bouncing=True))


@tenant_job
def deliver_notice(notice_id: int) -> int:
    """Sends this notice and up to NOTICE_BATCH_SIZE - 1 other due notices of the same forum."""
    if stop_requested():
        return 0  # the worker is stopping: the rows stay pending for the next one
    tid = current_tenant_id()
    ids = _claim("notices", notice_id, tid)
    if not ids:
        return 0
    rows = list(db.session.scalars(select(Notice).where(Notice.tenant_id == tid, Notice.id.in_(ids))
                                   .order_by(Notice.id)))
    return _deliver(rows, notice_id, _mark_bouncing)


@platform_job
def deliver_platform_mail(mail_id: int) -> int:
    if stop_requested():
        return 0
    ids = _claim("platform_mail", mail_id, None)
    if not ids:
        return 0
    rows = list(db.session.scalars(select(PlatformMail).where(PlatformMail.id.in_(ids)).order_by(PlatformMail.id)))
    return _deliver(rows, mail_id, lambda row: None)
