"""The SMS of meeting notices (invitation, change, cancellation, reminder) and of a reply's confirmation: the fields
the SMS builder (webapp/notices/sms/builder.py) writes them from — the forum's short name, the title in the member's
language, the start in the member's zone, the venue, and for invitations and changes a short code to answer with
(issued by notices against the routing table as an ``rsvp`` code and kept on the invitation); replies to it come back
through the inbound channel to ``answer_by_sms`` (bound in webapp/wiring.py). No answer link: a signed token alone
would take half a segment; a recording of the notice in the member's language is linked (issue 46) — a second
segment the forum chose by recording it."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from tenants.context import current_tenant
from webapp.core import content
from webapp.core.zones import forum_zone_name
from webapp.extensions import db
from webapp.meetings import services
from webapp.meetings.interfaces import RECORDING_LINK
from webapp.meetings.models import Invitation, Meeting
from webapp.members.models import Member
from webapp.notices.sms import codes, inbound
from webapp.notices.sms import languages as sms_languages
from webapp.notices.sms import services as sms
from webapp.notices.sms.builder import Draft, Fields
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
    """yes, no or maybe: the words beside the code, the keyword in one or more words — in the five languages, or in
    one the forum wrote its own SMS sentences in (issue 46: AANE, DAABI, EBIA in Twi); None for anything else."""
    said = "".join(reply.said)
    found = next((answer for answer, keywords in ANSWERS.items() if said in keywords), None)
    tenant = current_tenant()
    return found or (sms_languages.answers(tenant).get(said) if tenant is not None else None)


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
    """The invitation's reply code, leading here from this phone until the meeting ends ("" for none). When the SMS is
    only counted (cache["preview"]), a code of the same length stands in and nothing is read or written."""
    if not payload.get("invitation_id") or not contact.phone:
        return ""
    if cache.get("preview"):
        return "X" * codes.CODE_LENGTH
    return reply_code(payload["invitation_id"], contact.id, contact.phone, m.end_at) or ""


def answer_by_sms(route: SmsReplyCode, reply: inbound.Reply) -> inbound.Handled | None:
    """A reply to an RSVP code, in the forum's context: recorded through the RSVP service for the member the code was
    sent to (the invitee, or the alternate standing in). Returns the confirmation (the builder's fields: the answer,
    the meeting, its date and time), no confirmation if the invitation can no longer be answered (cancelled, gone, no
    longer theirs), None if the words are no answer."""
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
    contact = sms.contacts([member.id]).get(member.id)
    return inbound.Handled(Draft("reply", _fields(meeting, contact, {}, answer=answer)), said=answer)


def _listen(m: Meeting, contact: Contact, cache: dict[str, Any]) -> str:
    """The notice read aloud in the member's language (issue 46), its short link; "" when there is none."""
    locale = sms.locale_of(contact, current_tenant())
    key = f"listen:{m.id}:{locale}"
    if key not in cache:
        cache[key] = RECORDING_LINK()(m.id, "notice", locale)
    return cache[key]


def _meeting_draft(kind: str, payload: dict[str, Any], contact: Contact, cache: dict[str, Any],
                   with_code: bool = False) -> Draft | None:
    m = _meeting(payload, cache)
    if m is None:
        return None
    code = _code(payload, contact, m, cache) if with_code else ""
    listen = _listen(m, contact, cache) if kind != "meeting_cancelled" else ""
    return Draft(kind, _fields(m, contact, cache, code=code, listen=listen))


def invitation(payload: dict[str, Any], contact: Contact, cache: dict[str, Any]) -> Draft | None:
    return _meeting_draft("meeting_invitation", payload, contact, cache, with_code=True)


def update(payload: dict[str, Any], contact: Contact, cache: dict[str, Any]) -> Draft | None:
    return _meeting_draft("meeting_update", payload, contact, cache, with_code=True)


def cancelled(payload: dict[str, Any], contact: Contact, cache: dict[str, Any]) -> Draft | None:
    return _meeting_draft("meeting_cancelled", payload, contact, cache)


def reminder(payload: dict[str, Any], contact: Contact, cache: dict[str, Any]) -> Draft | None:
    return _meeting_draft("meeting_reminder", payload, contact, cache)


def sms_texts() -> dict[str, sms.TextHook]:
    """Bound in webapp/wiring.py, with ``answer_by_sms`` for replies."""
    return {"meeting_invitation": invitation, "meeting_update": update, "meeting_cancelled": cancelled,
            "meeting_reminder": reminder}
