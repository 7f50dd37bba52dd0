"""Every write of a public consultation (issue 42): put a draft out for comment, verify a contact by a code (e-mail
through the outbox, or SMS through the builder and Kannel), take a public comment into the moderation queue, publish
or decline it, a reader's report, the close with "what we heard", and erasure. Services flush, never commit.

Limits (the public forms are open to anyone): codes per network address and per contact, a verification SMS cap per
forum per day and per number (SMS pumping costs the forum money), wrong codes per code, comments per verified
contact per day and per network address per hour. The counters live in the jobs' Redis (they never evict)."""
from __future__ import annotations

import hashlib
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import redis
from flask import current_app
from sqlalchemy import func, select, update

from tenants.context import current_tenant, current_tenant_id
from tenants.models import Tenant
from webapp.comments import anchors
from webapp.comments.models import Comment
from webapp.comments.queries import Draft
from webapp.consultations.models import Consultation, Contact
from webapp.consultations.queries import SHOWN
from webapp.core import audit, content, phones, redis_client, signing
from webapp.core.service_errors import ServiceError
from webapp.core.text import normalise_email
from webapp.core.zones import forum_today
from webapp.extensions import db
from webapp.notices.models import Notice
from webapp.notices.services import queue_notice
from webapp.notices.sms import builder
from webapp.notices.sms import services as sms

log = logging.getLogger(__name__)

MAX_LENGTH = 4000  # characters of a public comment
CODE_MINUTES = 15
MAX_ATTEMPTS = 5  # wrong codes before the code is void
CODES_PER_NETWORK_PER_HOUR = 10
CODES_PER_CONTACT_PER_HOUR = 3
SMS_PER_NUMBER_PER_DAY = 3
SMS_PER_FORUM_PER_DAY = 200  # CONSULTATION_SMS_PER_DAY overrides it
COMMENTS_PER_CONTACT_PER_DAY = 10
COMMENTS_PER_NETWORK_PER_HOUR = 30
DECLINE_REASONS = ("child_or_case", "personal_data", "abusive", "off_topic", "advertising", "duplicate")


class ConsultationError(ServiceError):
    """A consultation, a code or a comment refused: ``field`` and ``code`` say which and why."""


# ---- the secretariat puts a draft out ------------------------------------------------------------------------------

def open_consultation(d: Draft, question_1: str, question_2: str | None, closes_on: date,
                      opens_on: date | None = None) -> Consultation:
    """The draft as it stands goes out for public comment until ``closes_on`` with one or two questions."""
    opens_on = opens_on or forum_today()
    if not (question_1 or "").strip():
        raise ConsultationError("question_1", "required")
    if closes_on < opens_on:
        raise ConsultationError("closes_on", "before_opening")
    c = Consultation(target_kind=d.kind, target_id=d.target_id, title=d.title, text=d.text,
                     question_1=question_1.strip(), question_2=(question_2 or "").strip() or None,
                     opens_on=opens_on, closes_on=closes_on, status="open", published_comments=0)
    db.session.add(c)
    db.session.flush()
    audit.record("consultation_opened", "consultation", c.id, ["closes_on"])
    refresh_count()
    return c


def close(c: Consultation, heard: str, final_text: str | None) -> Consultation:
    """The close: "what we heard" (comments grouped by theme, the forum's answer, what changed) and the final text,
    published together on the consultation's public page."""
    heard = (heard or "").strip()
    if not heard:
        raise ConsultationError("heard", "required")
    c.status, c.heard, c.final_text = "closed", heard, (final_text or "").strip() or None
    db.session.flush()
    audit.record("consultation_closed", "consultation", c.id, ["heard"])
    refresh_count()
    return c


def refresh_count() -> None:
    """``tenants.open_consultations`` for the directory of forums (which reads no tenant table): open and within
    their period today. Refreshed when one opens or closes, and daily by the retention sweep (a period that ends)."""
    tid, today = current_tenant_id(), forum_today()
    count = db.session.scalar(select(func.count()).select_from(Consultation).where(
        Consultation.tenant_id == tid, Consultation.status == "open", Consultation.opens_on <= today,
        Consultation.closes_on >= today)) or 0
    db.session.execute(update(Tenant).where(Tenant.id == tid).values(open_consultations=count))


def is_open(c: Consultation, today: date | None = None) -> bool:
    today = today or forum_today()
    return c.status == "open" and c.opens_on <= today <= c.closes_on


# ---- limits -------------------------------------------------------------------------------------------------------

def _count(key: str, seconds: int, limit: int, field: str, code: str) -> None:
    """One more under ``key`` (expiring after ``seconds``); over ``limit``: refused. Redis down: not counted (the
    per-contact rows still hold the attempts)."""
    try:
        r = redis_client.get()
        count = int(r.incr(key))
        if count == 1:
            r.expire(key, seconds)
    except redis.RedisError:
        log.warning("consultation limit %s not checked: Redis did not answer", key.split(":")[1])
        return
    if count > limit:
        raise ConsultationError(field, code)


def _sms_cap() -> int:
    return int(current_app.config.get("CONSULTATION_SMS_PER_DAY", SMS_PER_FORUM_PER_DAY))


# ---- verification -------------------------------------------------------------------------------------------------

def _hash(contact_id: int, code: str) -> str:
    return signing.mac("consultation-code", f"{current_tenant_id()}:{contact_id}:{code}",
                       current_app.config["SECRET_KEY"])


def _address(channel: str, raw: str) -> str:
    if channel == "email":
        address = normalise_email(raw or "")
        if "@" not in address or len(address) > 254:
            raise ConsultationError("address", "invalid_email")
        return address
    if channel == "phone":
        try:
            number = phones.normalise(raw, current_tenant().country)
        except phones.InvalidPhone:
            number = None
        if not number:
            raise ConsultationError("address", "invalid_phone")
        return number
    raise ConsultationError("channel", "invalid")


@dataclass(frozen=True)
class CodeSent:
    contact: Contact
    channel: str


def send_code(c: Consultation, channel: str, raw_address: str, locale: str, network: str | None) -> CodeSent:
    """A six-digit code to an e-mail address (the forum's outbox) or a phone (the SMS builder, through Kannel)."""
    if not is_open(c):
        raise ConsultationError("address", "closed")
    return send_contact_code(channel, raw_address, locale, network, {"consultation_id": c.id})


def send_contact_code(channel: str, raw_address: str, locale: str, network: str | None,
                      payload: dict[str, int] | None = None) -> CodeSent:
    """The code itself, under the same limits, for any public form of the forum that verifies a contact (a
    consultation's comments, a suggestion for the agenda: webapp/suggestions)."""
    address = _address(channel, raw_address)
    tid = current_tenant_id()
    day = forum_today().isoformat()
    if network:
        _count(f"consult:net:{tid}:{network}", 3600, CODES_PER_NETWORK_PER_HOUR, "address", "too_many")
    digest = hashlib.sha256(address.encode()).hexdigest()[:24]
    _count(f"consult:contact:{tid}:{digest}", 3600, CODES_PER_CONTACT_PER_HOUR, "address", "too_many")
    if channel == "phone":
        _count(f"consult:sms-number:{tid}:{digest}:{day}", 86400, SMS_PER_NUMBER_PER_DAY, "address", "too_many")
        _count(f"consult:sms-forum:{tid}:{day}", 86400, _sms_cap(), "address", "sms_cap")
    contact = db.session.scalar(select(Contact).where(Contact.tenant_id == tid, Contact.channel == channel,
                                                      Contact.address == address).with_for_update())
    if contact is None:
        contact = Contact(channel=channel, address=address, attempts=0)
        db.session.add(contact)
        db.session.flush()
    code = f"{secrets.randbelow(10 ** 6):06d}"
    contact.code_hash, contact.attempts = _hash(contact.id, code), 0
    contact.code_expires_at = datetime.now(UTC) + timedelta(minutes=CODE_MINUTES)
    db.session.flush()
    key = f"consultation_code:{contact.id}:{secrets.token_hex(6)}"
    if channel == "email":
        queue_notice("consultation_code", email=address, name="", locale=locale,
                     payload={"code": code, **(payload or {})}, dedupe_key=key)
    else:
        tenant = current_tenant()
        text = builder.build(builder.Draft("consultation_code", builder.Fields(who=sms.sms_name(tenant),
                                                                              code=code)),
                             locale, sms.rules(tenant))
        sms.queue_sms([{"phone": address, "kind": "consultation_code", "sms": text, "dedupe_key": key}])
    return CodeSent(contact, channel)


def verify(contact_id: int, code: str) -> Contact:
    """The code the visitor typed: right and in time, the contact is verified; five wrong ones void it."""
    contact = db.session.scalar(select(Contact).where(Contact.tenant_id == current_tenant_id(),
                                                      Contact.id == contact_id).with_for_update())
    code = re.sub(r"\D", "", code or "")
    if contact is None or contact.code_hash is None or contact.code_expires_at is None:
        raise ConsultationError("code", "expired")
    if contact.code_expires_at < datetime.now(UTC) or contact.attempts >= MAX_ATTEMPTS:
        raise ConsultationError("code", "expired")
    if not signing.same(contact.code_hash, _hash(contact.id, code)):
        contact.attempts += 1
        db.session.flush()
        raise ConsultationError("code", "wrong")
    contact.code_hash, contact.code_expires_at, contact.verified_at = None, None, datetime.now(UTC)
    db.session.flush()
    return contact


def verified_contact(contact_id: int | None) -> Contact | None:
    if not contact_id:
        return None
    contact = db.session.scalar(select(Contact).where(Contact.tenant_id == current_tenant_id(),
                                                      Contact.id == contact_id))
    return contact if contact is not None and contact.verified_at is not None else None


# ---- public comments and moderation --------------------------------------------------------------------------------

def add_public_comment(c: Consultation, contact: Contact, *, body: str, name: str | None, speaks_for: str | None,
                       language: str, position: int | None, network: str | None) -> Comment:
    """A verified visitor's comment: held for moderation, never shown before the secretariat publishes it."""
    body = (body or "").strip()
    if not is_open(c):
        raise ConsultationError("body", "closed")
    if not body:
        raise ConsultationError("body", "required")
    if len(body) > MAX_LENGTH:
        raise ConsultationError("body", "too_long")
    tid = current_tenant_id()
    if network:
        _count(f"consult:comments-net:{tid}:{network}", 3600, COMMENTS_PER_NETWORK_PER_HOUR, "body", "too_many")
    since = datetime.now(UTC) - timedelta(days=1)
    written = db.session.scalar(select(func.count()).select_from(Comment).where(
        Comment.tenant_id == tid, Comment.author_contact_id == contact.id, Comment.created_at > since)) or 0
    if written >= COMMENTS_PER_CONTACT_PER_DAY:
        raise ConsultationError("body", "too_many")
    texts = anchors.paragraphs(c.text)
    if position is not None and not 0 <= position < len(texts):
        position = None
    comment = Comment(target_kind=c.target_kind, target_id=c.target_id, version=1, anchor_position=position,
                      anchor_text=texts[position] if position is not None else "", author_contact_id=contact.id,
                      body=body, moderation="held", consultation_id=c.id,
                      public_name=(name or "").strip()[:120] or None,
                      speaks_for=(speaks_for or "").strip()[:200] or None, language=language, reports=0)
    db.session.add(comment)
    db.session.flush()
    return comment


def publish(c: Consultation, comment: Comment) -> Comment:
    """Published: on the public page from now on. The consultation's count changes, which bumps the forum's content
    version (the comment table itself does not: the queue is live state)."""
    if comment.moderation != "visible":
        comment.moderation, comment.decline_reason = "visible", None
        c.published_comments += 1
        db.session.flush()
        audit.record("comment_published", "comment", comment.id, ["moderation"])
    return comment


def decline(c: Consultation, comment: Comment, reason: str) -> Comment:
    if reason not in DECLINE_REASONS:
        raise ConsultationError("reason", "invalid")
    if comment.moderation == "visible":
        c.published_comments = max(c.published_comments - 1, 0)
    comment.moderation, comment.decline_reason = "hidden", reason
    db.session.flush()
    audit.record("comment_declined", "comment", comment.id, ["moderation"])
    return comment


def report(comment: Comment) -> Comment:
    """A reader's report on a published comment: counted, shown first in the secretariat's queue."""
    comment.reports += 1
    db.session.flush()
    return comment


# ---- retention and erasure ------------------------------------------------------------------------------------------

def erase_contact(contact: Contact, published_text_stays: bool = False) -> None:
    """On request (or at the end of the retention period): the address, the comments' names and groups, the texts
    (a published text may stay, unsigned, at the end of the retention period: the public already read it) and the
    codes e-mailed to them."""
    stmt = update(Comment).where(Comment.tenant_id == contact.tenant_id, Comment.author_contact_id == contact.id)
    db.session.execute(stmt.values(public_name=None, speaks_for=None))
    if published_text_stays:
        stmt = stmt.where(Comment.moderation != "visible")
    db.session.execute(stmt.values(body="—"))
    db.session.execute(update(Notice).where(
        Notice.tenant_id == contact.tenant_id, Notice.member_id.is_(None),
        Notice.dedupe_key.like(f"consultation_code:{contact.id}:%")).values(
        recipient_email="erased@invalid", recipient_name="—", payload={}))
    contact.address, contact.code_hash, contact.code_expires_at = f"erased-{contact.id}", None, None
    db.session.flush()
    audit.record("contact_erased", "consultation_contact", contact.id, ["address"])



RETENTION_DAYS = 365  # CONSULTATION_KEEP_DAYS overrides it


def purge_expired(today: date | None = None) -> int:
    """The retention period: a year (CONSULTATION_KEEP_DAYS) after a consultation closes, the contacts that commented
    on it and on no consultation closing later, and contacts that never verified after a day, are erased (their
    comments keep the text the public read only if it was published, without the name). Returns how many."""
    today = today or forum_today()
    keep = int(current_app.config.get("CONSULTATION_KEEP_DAYS", RETENTION_DAYS))
    tid = current_tenant_id()
    latest = (select(Comment.author_contact_id, func.max(Consultation.closes_on).label("last"))
              .join(Consultation, (Consultation.tenant_id == Comment.tenant_id)
                    & (Consultation.id == Comment.consultation_id))
              .where(Comment.tenant_id == tid, Comment.author_contact_id.is_not(None))
              .group_by(Comment.author_contact_id).subquery())
    old = db.session.scalars(select(Contact).join(latest, latest.c.author_contact_id == Contact.id).where(
        Contact.tenant_id == tid, latest.c.last < today - timedelta(days=keep),
        ~Contact.address.like("erased-%"))).all()
    stale = db.session.scalars(select(Contact).where(
        Contact.tenant_id == tid, Contact.verified_at.is_(None), ~Contact.address.like("erased-%"),
        Contact.created_at < datetime.now(UTC) - timedelta(days=1))).all()
    for contact in {*old, *stale}:
        erase_contact(contact, published_text_stays=True)
    refresh_count()
    return len({*old, *stale})


def content_kinds() -> tuple[content.Kind, ...]:
    """The forum's translators translate consultations (title, questions, "what we heard", the final text) as a list
    (core/content.py; bound in webapp/wiring.py); every consultation is public."""
    from flask_babel import lazy_gettext as _l
    from sqlalchemy import true

    return (content.Kind("consultation", _l("Public consultations"), Consultation, SHOWN,
                         readable=lambda _reader: true()),)
