"""The SMS of meeting notices (invitation, change, cancellation, reminder) and of a reply's confirmation: the fields
the SMS builder (webapp/notices/sms/builder.py) writes them from — the forum's short name, the title in the member's
language, the start in the member's zone, the venue, and for invitations and changes a short code to answer with
(stored on the invitation; replies are read by issue 25's inbound channel). No link: a signed token alone would take
half a segment."""
from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import select

from tenants.context import current_tenant
from webapp.core import content
from webapp.core.time import forum_zone_name
from webapp.extensions import db
from webapp.meetings import services
from webapp.meetings.models import Invitation, Meeting
from webapp.members.models import Member
from webapp.notices.sms import inbound
from webapp.notices.sms import services as sms
from webapp.notices.sms.builder import Draft, Fields
from webapp.notices.sms.models import SmsReplyCode
from webapp.notices.sms.services import Contact

CODE_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY3479"  # no 0/O, 1/I, 2/Z, 5/S, 6/B, 8: read aloud or typed on a keypad
CODE_LENGTH = 5


def new_reply_code(tenant_id: int) -> str:
    """A short code unique in the forum (five characters: 25^5, almost ten million)."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        taken = db.session.scalar(select(Invitation.id).where(Invitation.tenant_id == tenant_id,
                                                              Invitation.reply_code == code))
        if taken is None:
            return code


def reply_code(invitation_id: int) -> str | None:
    tenant = current_tenant()
    invitation = db.session.get(Invitation, (tenant.id, invitation_id))
    if invitation is None:
        return None
    if not invitation.reply_code:
        invitation.reply_code = new_reply_code(tenant.id)
        db.session.flush()
    return invitation.reply_code


def _meeting(payload: dict[str, Any], cache: dict[str, Any]) -> Meeting | None:
    key = f"meeting:{payload.get('meeting_id')}"
    if key not in cache:
        tenant = current_tenant()
        cache[key] = db.session.scalar(select(Meeting).where(Meeting.tenant_id == tenant.id,
                                                             Meeting.id == payload.get("meeting_id")))
    return cache[key]


def _title(m: Meeting, locale: str, cache: dict[str, Any]) -> str:
    """The meeting's title in the member's language (a translation the forum made, else the original)."""
    key = f"title:{m.id}:{locale}"
    if key not in cache:
        table = content.translations("meeting", [m.id], locale)
        title = content.localise(m.title, m.language, table, m.id, "title", locale)
        cache[key] = title.text if title else m.title
    return cache[key]


def _fields(m: Meeting, contact: Contact | None, cache: dict[str, Any], **more: Any) -> Fields:
    """Who, what, when (in the member's zone), where: the builder's fields of a meeting's SMS."""
    tenant = current_tenant()
    return Fields(who=sms.sms_name(tenant), title=_title(m, sms.locale_of(contact, tenant), cache), when=m.start_at,
                  zone=(contact.zone if contact is not None else None) or forum_zone_name(tenant),
                  where=m.venue or "", online=not m.venue and bool(m.online_link), **more)


def _code(payload: dict[str, Any], contact: Contact, m: Meeting, cache: dict[str, Any]) -> str:
    """The invitation's reply code, now leading here from this phone until the meeting ends ("" for none). When the
    SMS is only counted (cache["preview"]), a code of the same length stands in and nothing is read or written."""
    if not payload.get("invitation_id"):
        return ""
    if cache.get("preview"):
        return "X" * CODE_LENGTH
    code = reply_code(payload["invitation_id"])
    if code and contact.phone:
        inbound.remember_code(current_tenant().id, code, payload["invitation_id"], contact.id, contact.phone,
                              m.end_at)
    return code or ""


def answer_by_sms(route: SmsReplyCode, answer: str) -> Draft | None:
    """A reply's answer, in the forum's context: recorded through the RSVP service for the member the code was sent
    to (the invitee, or the alternate standing in). Returns the confirmation (the builder's fields: the answer, the
    meeting, its date and time); None if the invitation can no longer be answered (cancelled, gone, not theirs)."""
    tenant = current_tenant()
    inv = db.session.scalar(select(Invitation).where(Invitation.tenant_id == tenant.id,
                                                     Invitation.id == route.invitation_id))
    meeting = db.session.get(Meeting, (tenant.id, inv.meeting_id)) if inv else None
    member = db.session.get(Member, (tenant.id, route.member_id))
    if inv is None or meeting is None or member is None or member.erased_at is not None:
        return None
    if meeting.status == "cancelled" or route.member_id not in (inv.member_id, inv.represented_by_id):
        return None
    services.record_rsvp(inv, answer, by=member)
    contact = sms.contacts([member.id]).get(member.id)
    return Draft("reply", _fields(meeting, contact, {}, answer=answer))


def _meeting_draft(kind: str, payload: dict[str, Any], contact: Contact, cache: dict[str, Any],
                   with_code: bool = False) -> Draft | None:
    m = _meeting(payload, cache)
    if m is None:
        return None
    code = _code(payload, contact, m, cache) if with_code else ""
    return Draft(kind, _fields(m, contact, cache, code=code))


def invitation(payload: dict[str, Any], contact: Contact, cache: dict[str, Any]) -> Draft | None:
    return _meeting_draft("meeting_invitation", payload, contact, cache, with_code=True)


def update(payload: dict[str, Any], contact: Contact, cache: dict[str, Any]) -> Draft | None:
    return _meeting_draft("meeting_update", payload, contact, cache, with_code=True)


def cancelled(payload: dict[str, Any], contact: Contact, cache: dict[str, Any]) -> Draft | None:
    return _meeting_draft("meeting_cancelled", payload, contact, cache)


def reminder(payload: dict[str, Any], contact: Contact, cache: dict[str, Any]) -> Draft | None:
    return _meeting_draft("meeting_reminder", payload, contact, cache)


def register() -> None:
    sms.register_text("meeting_invitation", invitation)
    sms.register_text("meeting_update", update)
    sms.register_text("meeting_cancelled", cancelled)
    sms.register_text("meeting_reminder", reminder)
    inbound.register_answer(answer_by_sms)
