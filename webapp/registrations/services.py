"""Every write of registration: open a meeting with its seats, register (a seat, else the waiting list), cancel
(the first waiting person moves up and is told), erase a registrant on request. Registrants get their e-mails through
the forum's outbox; the online link is only in those e-mails, never on a public page."""
from __future__ import annotations

import logging
import secrets
from datetime import UTC, datetime, timedelta

import redis
from sqlalchemy import select, update

from tenants.context import current_tenant, current_tenant_id
from webapp.core import phones, redis_client
from webapp.core.text import normalise_email
from webapp.extensions import db
from webapp.meetings.models import Meeting
from webapp.meetings.services import reminder_offsets
from webapp.notices.models import Notice
from webapp.notices.services import queue_notice
from webapp.registrations import queries
from webapp.registrations.models import Opening, Registration

log = logging.getLogger(__name__)
PER_ADDRESS_PER_HOUR = 10  # registrations one network address may make in an hour, as the other public forms


class RegistrationError(ValueError):
    def __init__(self, code: str, field: str = "email") -> None:
        super().__init__(code)
        self.code = code
        self.field = field


def open_registration(m: Meeting, capacity: int) -> Opening:
    """Opens (or resizes) registration; more seats move the waiting list up."""
    row = queries.opening(m.id) or Opening(meeting_id=m.id, capacity=capacity)
    row.capacity = capacity
    db.session.add(row)
    db.session.flush()
    _move_up(m.id, row.capacity)
    db.session.commit()
    return row


def _limit(address: str | None) -> None:
    """At most PER_ADDRESS_PER_HOUR registrations from one address in an hour, per forum (Redis counter)."""
    if not address:
        return
    key = f"registrations:{current_tenant_id()}:{address}"
    try:
        r = redis_client.get()
        count = int(r.incr(key))
        if count == 1:
            r.expire(key, 3600)
    except redis.RedisError:
        log.warning("registration limit not checked: Redis did not answer")
        return  # the one-address-per-session rule still holds
    if count > PER_ADDRESS_PER_HOUR:
        raise RegistrationError("too_many")


def register(m: Meeting, *, name: str, email: str, phone: str | None, language: str, access_needs: str | None,
             address: str | None) -> Registration:
    """A seat while there is one, else the end of the waiting list; the e-mail says which."""
    _limit(address)
    opening = db.session.scalar(select(Opening).where(
        Opening.tenant_id == current_tenant_id(), Opening.meeting_id == m.id).with_for_update())
    if opening is None:
        raise RegistrationError("closed")
    email = normalise_email(email)
    if db.session.scalar(select(Registration.id).where(
            Registration.tenant_id == current_tenant_id(), Registration.meeting_id == m.id,
            Registration.email == email)):
        raise RegistrationError("already")
    status = "confirmed" if queries.confirmed_count(m.id) < opening.capacity else "waiting"
    reg = Registration(meeting_id=m.id, name=name.strip(), email=email,
                       phone=phones.normalise(phone, current_tenant().country), language=language,
                       access_needs=(access_needs or "").strip() or None, status=status,
                       token=secrets.token_urlsafe(18))
    db.session.add(reg)
    db.session.flush()
    _tell(reg, "registration_confirmed" if status == "confirmed" else "registration_waiting")
    db.session.commit()
    return reg


def cancel(reg: Registration) -> Registration | None:
    """The registrant cancels (or the secretariat removes them); returns whoever moved up from the waiting list."""
    opening = db.session.scalar(select(Opening).where(
        Opening.tenant_id == reg.tenant_id, Opening.meeting_id == reg.meeting_id).with_for_update())
    meeting_id = reg.meeting_id
    _erase_notices(reg)
    db.session.delete(reg)
    db.session.flush()
    moved = _move_up(meeting_id, opening.capacity) if opening else []
    db.session.commit()
    return moved[0] if moved else None


def _erase_notices(reg: Registration) -> None:
    """A cancelled or removed registrant leaves nothing behind: the address and name on the e-mails sent to them go
    too (as a guest's erasure does), so the forum's export no longer holds them."""
    db.session.execute(update(Notice).where(
        Notice.tenant_id == reg.tenant_id, Notice.member_id.is_(None),
        Notice.dedupe_key.like(f"%:registration:{reg.id}")).values(
        recipient_email="erased@invalid", recipient_name="—", payload={}))


def _move_up(meeting_id: int, capacity: int) -> list[Registration]:
    free = capacity - queries.confirmed_count(meeting_id)
    if free <= 0:
        return []
    waiting = list(db.session.scalars(select(Registration).where(
        Registration.tenant_id == current_tenant_id(), Registration.meeting_id == meeting_id,
        Registration.status == "waiting").order_by(Registration.id).limit(free)))
    for reg in waiting:
        reg.status = "confirmed"
        _tell(reg, "registration_moved_up")
    return waiting


def _tell(reg: Registration, kind: str) -> None:
    queue_notice(kind, email=reg.email, name=reg.name, locale=reg.language,
                 payload={"meeting_id": reg.meeting_id, "token": reg.token},
                 dedupe_key=f"{kind}:{reg.meeting_id}:registration:{reg.id}")


def send_reminders(now: datetime | None = None) -> int:
    """At the forum's reminder offsets (as for members), each registrant with a seat is reminded once per offset,
    with the online link; the meeting sweep runs it every few minutes (worker/sweeps.py)."""
    now = now or datetime.now(UTC)
    sent = 0
    for offset in reminder_offsets():
        rows = db.session.scalars(select(Registration).join(
            Meeting, (Meeting.tenant_id == Registration.tenant_id) & (Meeting.id == Registration.meeting_id)).where(
            Registration.tenant_id == current_tenant_id(), Registration.status == "confirmed",
            Meeting.status == "notified", Meeting.start_at > now,
            Meeting.start_at <= now + timedelta(minutes=offset))).all()
        for reg in rows:
            key = f"registration_reminder:{reg.meeting_id}:{offset}:registration:{reg.id}"
            sent += queue_notice("registration_reminder", email=reg.email, name=reg.name, locale=reg.language,
                                 payload={"meeting_id": reg.meeting_id, "token": reg.token},
                                 dedupe_key=key) is not None
    db.session.commit()
    return sent
