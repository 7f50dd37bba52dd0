"""The public's verified contacts, shared by every public form that takes part without an account (a consultation's
comments here, a suggestion for the agenda in webapp/suggestions): a six-digit code to an e-mail address (the forum's
outbox) or a phone (the SMS builder, through Kannel), its check, the limits, the retention rule of a contact's
address, and the blanking of what a contact wrote through a form (``blank_authored``). Services flush, never commit.

Limits (the public forms are open to anyone): codes per network address and per contact, a verification SMS cap per
forum per day and per number (SMS pumping costs the forum money), wrong codes per code. ``count`` is the one counter
the forms' own limits use too. The counters live in the jobs' Redis (they never evict).

Retention, one rule for every form: a contact's address is kept while some form still uses it — a comment on a
consultation closing less than ``CONSULTATION_KEEP_DAYS`` (a year) ago, or a suggestion sent less than that ago
(higher features answer ``signals.contact_in_use``) — and erased by ``erase_unless_in_use`` after that."""
from __future__ import annotations

import hashlib
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import redis
from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import InstrumentedAttribute

from tenants.context import current_tenant, current_tenant_id
from webapp.comments.models import Comment
from webapp.consultations.models import Consultation, Contact
from webapp.core import audit, phones, redis_client, signals, signing
from webapp.core.service_errors import ServiceError
from webapp.core.text import normalise_email
from webapp.core.zones import forum_today
from webapp.extensions import db
from webapp.notices.models import Notice
from webapp.notices.services import queue_notice
from webapp.notices.sms import builder
from webapp.notices.sms import services as sms

log = logging.getLogger(__name__)

CODE_MINUTES = 15
MAX_ATTEMPTS = 5  # wrong codes before the code is void
CODES_PER_NETWORK_PER_HOUR = 10
CODES_PER_CONTACT_PER_HOUR = 3
SMS_PER_NUMBER_PER_DAY = 3
SMS_PER_FORUM_PER_DAY = 200  # CONSULTATION_SMS_PER_DAY overrides it
RETENTION_DAYS = 365  # CONSULTATION_KEEP_DAYS overrides it


class VerificationError(ServiceError):
    """A code, a contact or a limit refused: ``field`` and ``code`` say which and why (each form's errors derive
    from it, so that one ``refusal`` words them all)."""


# ---- limits -------------------------------------------------------------------------------------------------------

def count(key: str, seconds: int, limit: int, field: str, code: str) -> None:
    """One more under ``key`` (expiring after ``seconds``); over ``limit``: refused. Redis down: not counted (the
    per-contact rows still hold the attempts)."""
    try:
        r = redis_client.get()
        n = int(r.incr(key))
        if n == 1:
            r.expire(key, seconds)
    except redis.RedisError:
        log.warning("public form limit %s not checked: Redis did not answer", key.split(":")[1])
        return
    if n > limit:
        raise VerificationError(field, code)


def _sms_cap() -> int:
    return int(current_app.config.get("CONSULTATION_SMS_PER_DAY", SMS_PER_FORUM_PER_DAY))


# ---- codes --------------------------------------------------------------------------------------------------------

def _hash(contact_id: int, code: str) -> str:
    return signing.mac("consultation-code", f"{current_tenant_id()}:{contact_id}:{code}",
                       current_app.config["SECRET_KEY"])


def _address(channel: str, raw: str) -> str:
    if channel == "email":
        address = normalise_email(raw or "")
        if "@" not in address or len(address) > 254:
            raise VerificationError("address", "invalid_email")
        return address
    if channel == "phone":
        try:
            number = phones.normalise(raw, current_tenant().country)
        except phones.InvalidPhone:
            number = None
        if not number:
            raise VerificationError("address", "invalid_phone")
        return number
    raise VerificationError("channel", "invalid")


@dataclass(frozen=True)
class CodeSent:
    contact: Contact
    channel: str


def send_code(channel: str, raw_address: str, locale: str, network: str | None,
              payload: dict[str, int] | None = None) -> CodeSent:
    """A six-digit code to an e-mail address or a phone, under the limits; ``payload`` goes into the e-mail (the
    consultation it is for, if any)."""
    address = _address(channel, raw_address)
    tid = current_tenant_id()
    day = forum_today().isoformat()
    if network:
        count(f"consult:net:{tid}:{network}", 3600, CODES_PER_NETWORK_PER_HOUR, "address", "too_many")
    digest = hashlib.sha256(address.encode()).hexdigest()[:24]
    count(f"consult:contact:{tid}:{digest}", 3600, CODES_PER_CONTACT_PER_HOUR, "address", "too_many")
    if channel == "phone":
        count(f"consult:sms-number:{tid}:{digest}:{day}", 86400, SMS_PER_NUMBER_PER_DAY, "address", "too_many")
        count(f"consult:sms-forum:{tid}:{day}", 86400, _sms_cap(), "address", "sms_cap")
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
        raise VerificationError("code", "expired")
    if contact.code_expires_at < datetime.now(UTC) or contact.attempts >= MAX_ATTEMPTS:
        raise VerificationError("code", "expired")
    if not signing.same(contact.code_hash, _hash(contact.id, code)):
        contact.attempts += 1
        db.session.flush()
        raise VerificationError("code", "wrong")
    contact.code_hash, contact.code_expires_at, contact.verified_at = None, None, datetime.now(UTC)
    db.session.flush()
    return contact


def verified_contact(contact_id: int | None) -> Contact | None:
    if not contact_id:
        return None
    contact = db.session.scalar(select(Contact).where(Contact.tenant_id == current_tenant_id(),
                                                      Contact.id == contact_id))
    return contact if contact is not None and contact.verified_at is not None else None


# ---- retention and erasure of the address --------------------------------------------------------------------------

def kept_since(today: date | None = None) -> date:
    """The first day that still counts as a use: a year (CONSULTATION_KEEP_DAYS) before ``today``."""
    keep = int(current_app.config.get("CONSULTATION_KEEP_DAYS", RETENTION_DAYS))
    return (today or forum_today()) - timedelta(days=keep)


def in_use(contact_ids: list[int], since: date) -> set[int]:
    """Those of ``contact_ids`` some public form still uses on or after ``since``: a comment on a consultation that
    closes on or after it, and whatever higher features answer (``signals.contact_in_use``: a suggestion)."""
    if not contact_ids:
        return set()
    tid = current_tenant_id()
    used = set(db.session.scalars(select(Comment.author_contact_id).join(
        Consultation, (Consultation.tenant_id == Comment.tenant_id) & (Consultation.id == Comment.consultation_id))
        .where(Comment.tenant_id == tid, Comment.author_contact_id.in_(contact_ids),
               Consultation.closes_on >= since)))
    for _fn, answer in signals.contact_in_use.send("consultation_contact", ids=contact_ids, since=since):
        used |= set(answer or ())
    return used


def blank_authored(model: type[Any], contact_column: InstrumentedAttribute[Any], contact: Contact,
                   published_text_stays: bool = False) -> None:
    """What the contact wrote through one public form (``model``'s rows whose ``contact_column`` is the contact: a
    consultation's comments, the suggestions) lose their names and groups, and their texts — a published one's text
    stays when ``published_text_stays`` (the retention period: the public already read it)."""
    stmt = update(model).where(model.tenant_id == contact.tenant_id, contact_column == contact.id)
    db.session.execute(stmt.values(public_name=None, speaks_for=None))
    if published_text_stays:
        stmt = stmt.where(model.moderation != "visible")
    db.session.execute(stmt.values(body="—"))
    db.session.flush()


def erase(contact: Contact) -> None:
    """The address itself and the code e-mails sent to it (on request, or once no form uses it)."""
    db.session.execute(update(Notice).where(
        Notice.tenant_id == contact.tenant_id, Notice.member_id.is_(None),
        Notice.dedupe_key.like(f"consultation_code:{contact.id}:%")).values(
        recipient_email="erased@invalid", recipient_name="—", payload={}))
    contact.address, contact.code_hash, contact.code_expires_at = f"erased-{contact.id}", None, None
    db.session.flush()
    audit.record("contact_erased", "consultation_contact", contact.id, ["address"])


def erase_unless_in_use(contacts: list[Contact], since: date) -> int:
    """The retention sweeps' end: the addresses no form used since ``since`` are erased. Returns how many."""
    used = in_use([c.id for c in contacts], since)
    gone = [c for c in contacts if c.id not in used and not c.address.startswith("erased-")]
    for contact in gone:
        erase(contact)
    return len(gone)
