"""Answering a date poll by SMS (issue 37): each person asked who has a phone gets a reply code of kind ``date_poll``
when the poll opens (in the routing table, live until the deadline; the poll's page shows it to them); a reply that
names the slots that suit ("1 3 K4UNV") comes back through the inbound channel to ``answer_by_sms`` (bound in
webapp/wiring.py) and is recorded as yes for those slots and no for the others.

Not built yet: the SMS that lists the slots numbered (a new builder kind with its sentences in five languages) and a
confirmation SMS; until then the member reads the numbers and their code on the poll's page."""
from __future__ import annotations

from sqlalchemy import select

from tenants.context import current_tenant
from webapp.extensions import db
from webapp.members.models import Member
from webapp.notices.sms import codes, inbound
from webapp.notices.sms import services as sms
from webapp.notices.sms.models import SmsReplyCode
from webapp.polls.models import MAX_SLOTS, DatePoll, DatePollInvitee

POLL = "date_poll"  # the kind of a poll's reply code in the routing table


def issue_codes(poll: DatePoll) -> int:
    """A code for each person asked who has a phone, from that phone until the deadline; returns how many."""
    tid = current_tenant().id
    invitees = db.session.scalars(select(DatePollInvitee).where(DatePollInvitee.tenant_id == tid,
                                                                DatePollInvitee.poll_id == poll.id)).all()
    reached = sms.contacts([i.member_id for i in invitees])

    def taken(code: str) -> bool:
        return db.session.scalar(select(DatePollInvitee.member_id).where(
            DatePollInvitee.tenant_id == tid, DatePollInvitee.reply_code == code)) is not None

    n = 0
    for invitee in invitees:
        contact = reached.get(invitee.member_id)
        if contact is None or not contact.phone:
            continue
        invitee.reply_code = codes.issue(tid, POLL, poll.id, member_id=invitee.member_id, phone=contact.phone,
                                         expires_at=poll.deadline, keep=invitee.reply_code, taken=taken)
        n += 1
    db.session.flush()
    return n


def numbers_of(reply: inbound.Reply) -> set[int] | None:
    """The slot numbers named beside the code ("1 3", "13": each digit a slot, as there are at most six); None when
    anything else is said."""
    said = "".join(reply.said)
    if not said or not said.isdigit():
        return None
    numbers = {int(d) for d in said}
    return numbers if numbers <= set(range(1, MAX_SLOTS + 1)) else None


def answer_by_sms(route: SmsReplyCode, reply: inbound.Reply) -> inbound.Handled | None:
    """A reply to a poll's code, in the forum's context: yes for the slots named, no for the others, for the member the
    code was sent to. No confirmation yet; None if the words are no slot numbers."""
    from webapp.polls import services

    numbers = numbers_of(reply)
    if numbers is None:
        return None
    tenant = current_tenant()
    poll = db.session.get(DatePoll, (tenant.id, route.object_id))
    member = db.session.get(Member, (tenant.id, route.member_id)) if route.member_id is not None else None
    if poll is None or member is None or member.erased_at is not None:
        return inbound.Handled(None)
    try:
        services.answer_by_numbers(poll, member, numbers)
    except services.PollError:
        return inbound.Handled(None)
    db.session.flush()  # the audit entry too, while the forum's context holds (inbound flushes after leaving it)
    return inbound.Handled(None, said=" ".join(str(n) for n in sorted(numbers)))
