"""Self check-in with the room code (issue 39): from the member's phone (signed in, or through their own answer
link) or by SMS ("HERE <code>").

The room code is a shared SMS reply code (webapp/notices/sms/codes.py, kind ``room``: no member, no phone) leading
to the meeting. The chair's view and the projector show it; it is renewed every ``ROTATE_EVERY`` when a page shows
it, and each code works for ``WORKS_FOR`` after it was issued (the routing table keeps that expiry), so a code on a
photo sent home, or written down a few minutes ago, no longer works. A check-in is shown on the attendance sheet as
such; it counts toward quorum once the secretariat confirms it (meetings/outcomes/services.confirm_checkins).
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, select

from tenants.context import current_tenant, current_tenant_id
from webapp.extensions import db
from webapp.live import clock, version
from webapp.live.models import LiveSession
from webapp.live.services import LiveError, session_of
from webapp.meetings.models import Invitation, Meeting, SelfCheckin
from webapp.members.models import Member
from webapp.notices.sms import codes, inbound
from webapp.notices.sms import services as sms
from webapp.notices.sms.builder import Draft, Fields
from webapp.notices.sms.models import SmsReplyCode

ROOM = "room"  # the kind of the room code in the SMS routing table (a shared kind)
ROTATE_EVERY = timedelta(minutes=3)
WORKS_FOR = timedelta(minutes=5)
# "HERE <code>": the words of translations/GLOSSARY.md's languages, normalised as the inbound parser does
HERE = {"HERE", "PRESENT", "ICI", "PRESENTE", "AQUI", "HAPA", "NIPO", "NAN", "INANAN"}


def _running(meeting: Meeting) -> LiveSession:
    live = session_of(meeting)
    if live is None or live.ended_at is not None:
        raise LiveError("not_live")
    return live


def room_code(meeting: Meeting, now: datetime) -> str | None:
    """The code to show now (None when the meeting is not running in the room): a new one once the shown one is
    ``ROTATE_EVERY`` old, issued against the routing table to work for ``WORKS_FOR``."""
    live = session_of(meeting)
    if live is None or live.ended_at is not None:
        return None
    if live.room_code and live.room_code_at is not None and now - live.room_code_at < ROTATE_EVERY:
        return live.room_code
    live.room_code = codes.issue(current_tenant_id(), ROOM, meeting.id, member_id=None, phone=None,
                                 expires_at=now + WORKS_FOR)
    live.room_code_at = now
    db.session.flush()
    version.changed(meeting.id)
    return live.room_code


def code_works(meeting: Meeting, code: str, now: datetime) -> bool:
    code = "".join((code or "").split()).upper()
    return bool(code) and db.session.scalar(select(SmsReplyCode.id).where(
        SmsReplyCode.tenant_id == current_tenant_id(), SmsReplyCode.kind == ROOM,
        SmsReplyCode.object_id == meeting.id, SmsReplyCode.reply_code == code,
        SmsReplyCode.expires_at > now).limit(1)) is not None


def invitation_of(meeting: Meeting, member: Member) -> Invitation | None:
    """The member's invitation: their own, or the one they stand in for as an alternate."""
    return db.session.scalar(select(Invitation).where(
        Invitation.tenant_id == current_tenant_id(), Invitation.meeting_id == meeting.id,
        or_(Invitation.member_id == member.id, Invitation.represented_by_id == member.id))
        .order_by((Invitation.member_id == member.id).desc()).limit(1))


def check_in(meeting: Meeting, member: Member, code: str, channel: str, now: datetime) -> SelfCheckin:
    """The member checks in with the room code. LiveError: "not_live", "code" (wrong or too old), "not_invited".
    Checking in again changes nothing."""
    _running(meeting)
    if not code_works(meeting, code, now):
        raise LiveError("code")
    return _record(meeting, member, channel, now)


def _record(meeting: Meeting, member: Member, channel: str, now: datetime) -> SelfCheckin:
    _running(meeting)
    if member.erased_at is not None or invitation_of(meeting, member) is None:
        raise LiveError("not_invited")
    row = db.session.get(SelfCheckin, (current_tenant_id(), meeting.id, member.id))
    if row is None:
        row = SelfCheckin(meeting_id=meeting.id, member_id=member.id, checked_in_at=now, channel=channel)
        db.session.add(row)
        db.session.flush()
        version.changed(meeting.id)
    return row


def checked_in(meeting: Meeting, member: Member) -> SelfCheckin | None:
    return db.session.get(SelfCheckin, (current_tenant_id(), meeting.id, member.id))


def _members_with_phone(phone: str, meeting: Meeting) -> list[Member]:
    """The forum's members with this phone who are invited to the meeting (a shared phone: each of them)."""
    people = db.session.scalars(select(Member).where(
        Member.tenant_id == current_tenant_id(), Member.phone == phone, Member.erased_at.is_(None)))
    return [m for m in people if invitation_of(meeting, m) is not None]


def answer_by_sms(route: SmsReplyCode, reply: inbound.Reply) -> inbound.Handled | None:
    """"HERE <room code>" from a member's phone (the member found by the phone, among the meeting's invitees): checked
    in (the routing table found the code live); the confirmation says the secretariat will confirm. None for other
    words; no confirmation when the phone is nobody's invited here, or the meeting is no longer in the room."""
    if "".join(reply.said) not in HERE:
        return None
    tenant = current_tenant()
    meeting = db.session.get(Meeting, (tenant.id, route.object_id))
    people = _members_with_phone(reply.phone, meeting) if meeting is not None and reply.phone else []
    if meeting is None or not people:
        return inbound.Handled(None)
    try:
        for member in people:
            _record(meeting, member, "sms", clock.now())
    except LiveError:
        return inbound.Handled(None)
    return inbound.Handled(Draft("checked_in", Fields(who=sms.sms_name(tenant), title=meeting.title)), said="here",
                           member_id=people[0].id)
