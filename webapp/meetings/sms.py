"""The SMS of meeting notices (invitation, change, cancellation, reminder): what, when, where, in the member's language
and the forum's time zone, and for invitations and changes a short code to answer with (stored on the invitation;
replies are read by issue 25's inbound channel). No link: a signed token alone would take half a segment."""
from __future__ import annotations

import secrets
from typing import Any

from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from tenants.context import current_tenant
from webapp.core import content
from webapp.core.dates import format_datetime
from webapp.core.time import forum_zone
from webapp.extensions import db
from webapp.meetings import services
from webapp.meetings.models import Invitation, Meeting
from webapp.members.models import Member
from webapp.notices.sms import encoding, inbound
from webapp.notices.sms import services as sms
from webapp.notices.sms.models import SmsReplyCode
from webapp.notices.sms.services import Contact

CODE_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY3479"  # no 0/O, 1/I, 2/Z, 5/S, 6/B, 8: read aloud or typed on a keypad


def new_reply_code(tenant_id: int) -> str:
    """A short code unique in the forum (five characters: 25^5, almost ten million)."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(5))
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


def _facts(m: Meeting, cache: dict[str, Any]) -> tuple[str, str, str, str]:
    """Forum, title, when, where in the current language (the member's)."""
    tenant = current_tenant()
    locale = str(get_locale())
    key = f"title:{m.id}:{locale}"
    if key not in cache:
        table = content.translations("meeting", [m.id], locale)
        title = content.localise(m.title, m.language, table, m.id, "title", locale)
        cache[key] = title.text if title else m.title
    when = format_datetime(m.start_at, "short", tz=forum_zone(tenant), locale=locale)
    where = m.venue or (_("online") if m.online_link else "")
    return encoding.clip(tenant.name, 40), cache[key], when, where


def _with_code(payload: dict[str, Any], body: str, contact: Contact, m: Meeting) -> tuple[str, str]:
    code = reply_code(payload["invitation_id"]) if payload.get("invitation_id") else None
    if code and contact.phone:  # the code now leads here, from this phone, until the meeting ends
        inbound.remember_code(current_tenant().id, code, payload["invitation_id"], contact.id, contact.phone,
                              m.end_at)
    return body, (" " + _("Reply code: %(code)s", code=code)) if code else ""


ANSWER_LABELS = {"yes": lambda: _("Yes"), "no": lambda: _("No"), "maybe": lambda: _("Maybe")}


def answer_by_sms(route: SmsReplyCode, answer: str) -> str | None:
    """A reply's answer, in the forum's context: recorded through the RSVP service for the member the code was sent
    to (the invitee, or the alternate standing in). Returns the confirmation in their language, None if the
    invitation can no longer be answered (cancelled, gone, no longer theirs)."""
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
    with force_locale(member.locale or tenant.default_locale):
        forum, title, when, _where = _facts(meeting, {})
        return _("%(forum)s: your answer to %(title)s, %(when)s, is recorded: %(answer)s.", forum=forum,
                 title=title, when=when, answer=ANSWER_LABELS[answer]())


def invitation(payload: dict[str, Any], contact: Contact, cache: dict[str, Any]) -> tuple[str, str] | None:
    m = _meeting(payload, cache)
    if m is None:
        return None
    forum, title, when, where = _facts(m, cache)
    return _with_code(payload, _("%(forum)s invites you: %(title)s, %(when)s, %(where)s.",
                                 forum=forum, title=title, when=when, where=where), contact, m)


def update(payload: dict[str, Any], contact: Contact, cache: dict[str, Any]) -> tuple[str, str] | None:
    m = _meeting(payload, cache)
    if m is None:
        return None
    forum, title, when, where = _facts(m, cache)
    return _with_code(payload, _("%(forum)s: %(title)s has changed. Now %(when)s, %(where)s.",
                                 forum=forum, title=title, when=when, where=where), contact, m)


def cancelled(payload: dict[str, Any], contact: Contact, cache: dict[str, Any]) -> tuple[str, str] | None:
    m = _meeting(payload, cache)
    if m is None:
        return None
    forum, title, when, _where = _facts(m, cache)
    return _("%(forum)s: %(title)s on %(when)s is cancelled.", forum=forum, title=title, when=when), ""


def reminder(payload: dict[str, Any], contact: Contact, cache: dict[str, Any]) -> tuple[str, str] | None:
    m = _meeting(payload, cache)
    if m is None:
        return None
    forum, title, when, where = _facts(m, cache)
    return _("%(forum)s reminder: %(title)s, %(when)s, %(where)s.", forum=forum, title=title, when=when,
             where=where), ""


def sms_texts() -> dict[str, sms.TextHook]:
    """Bound in webapp/wiring.py, with ``answer_by_sms`` for replies."""
    return {"meeting_invitation": invitation, "meeting_update": update, "meeting_cancelled": cancelled,
            "meeting_reminder": reminder}
