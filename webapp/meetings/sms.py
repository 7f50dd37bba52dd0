"""The SMS of meeting notices (invitation, change, cancellation, reminder): what, when, where, in the member's language
and the forum's time zone, and for invitations and changes a short code to answer with (issued by notices against the
routing table as an ``rsvp`` code and kept on the invitation); replies to it come back through the inbound channel to
``answer_by_sms`` (bound in webapp/wiring.py). No link: a signed token alone would take half a segment."""
from __future__ import annotations

from datetime import datetime
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
from webapp.notices.sms import codes, encoding, inbound
from webapp.notices.sms import services as sms
from webapp.notices.sms.models import SmsReplyCode
from webapp.notices.sms.services import Contact

RSVP = "rsvp"  # the kind of an invitation's reply code in the routing table

# Keywords after normalising (webapp/notices/sms/inbound.py: upper case, no accents, no apostrophes or hyphens, words
# joined): the words of translations/GLOSSARY.md in English, French, Spanish, Swahili and Hausa.
ANSWERS = {
    "yes": {"YES", "Y", "OUI", "SI", "NDIYO", "NDIO", "EE", "I"},
    "no": {"NO", "N", "NON", "HAPANA", "AA"},
    "maybe": {"MAYBE", "PEUTETRE", "QUIZAS", "QUIZA", "TALVEZ", "LABDA", "HUENDA", "WATAKILA"},
}


def answer_of(reply: inbound.Reply) -> str | None:
    """yes, no or maybe: the words beside the code, the keyword in one or more words; None for anything else."""
    said = "".join(reply.said)
    return next((answer for answer, keywords in ANSWERS.items() if said in keywords), None)


def reply_code(invitation_id: int, member_id: int, phone: str, expires_at: datetime) -> str | None:
    """The invitation's code, leading here from this phone until ``expires_at`` (issued by notices, unique among every
    live code of every kind; the invitation keeps it, so a change is answered with the same code)."""
    tenant = current_tenant()
    invitation = db.session.get(Invitation, (tenant.id, invitation_id))
    if invitation is None:
        return None

    def taken(code: str) -> bool:  # an older invitation of this forum may have it (codes before the routing table)
        return db.session.scalar(select(Invitation.id).where(Invitation.tenant_id == tenant.id,
                                                             Invitation.reply_code == code)) is not None

    code = codes.issue(tenant.id, RSVP, invitation.id, member_id=member_id, phone=phone, expires_at=expires_at,
                       keep=invitation.reply_code, taken=taken)
    if code != invitation.reply_code:
        invitation.reply_code = code
        db.session.flush()
    return code


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
    # the code leads here, from this phone, until the meeting ends
    code = reply_code(payload["invitation_id"], contact.id, contact.phone, m.end_at) \
        if payload.get("invitation_id") and contact.phone else None
    return body, (" " + _("Reply code: %(code)s", code=code)) if code else ""


ANSWER_LABELS = {"yes": lambda: _("Yes"), "no": lambda: _("No"), "maybe": lambda: _("Maybe")}


def answer_by_sms(route: SmsReplyCode, reply: inbound.Reply) -> inbound.Handled | None:
    """A reply to an RSVP code, in the forum's context: recorded through the RSVP service for the member the code was
    sent to (the invitee, or the alternate standing in). Returns the confirmation in their language, no confirmation
    if the invitation can no longer be answered (cancelled, gone, no longer theirs), None if the words are no answer."""
    answer = answer_of(reply)
    if answer is None:
        return None
    tenant = current_tenant()
    inv = db.session.scalar(select(Invitation).where(Invitation.tenant_id == tenant.id,
                                                     Invitation.id == route.object_id))
    meeting = db.session.get(Meeting, (tenant.id, inv.meeting_id)) if inv else None
    member = db.session.get(Member, (tenant.id, route.member_id)) if route.member_id is not None else None
    if inv is None or meeting is None or member is None or member.erased_at is not None:
        return inbound.Handled(None)
    if meeting.status == "cancelled" or route.member_id not in (inv.member_id, inv.represented_by_id):
        return inbound.Handled(None)
    services.record_rsvp(inv, answer, by=member)
    with force_locale(member.locale or tenant.default_locale):
        forum, title, when, _where = _facts(meeting, {})
        return inbound.Handled(_("%(forum)s: your answer to %(title)s, %(when)s, is recorded: %(answer)s.",
                                 forum=forum, title=title, when=when, answer=ANSWER_LABELS[answer]()), said=answer)


def rsvp_help() -> str:
    """HELP's line for RSVP codes, in the current language."""
    return _("answer an invitation with YES, NO or MAYBE and its code, e.g. YES 4KX7Q")


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
