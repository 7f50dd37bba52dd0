"""The demo's dialogue between meetings (issue 37), for the Ghana forum: the minutes of the last meeting held are
circulated as a draft (version 1) with comments from members on two paragraphs and on the whole text, two of them
answered by the secretariat; and a date poll of three dates on the plenary, answered by most of its members, one date
keeping every core constituency and the gender balance. Idempotent; dates are relative to the day it loads, the
answers and comments are not."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from tenants.models import Tenant
from webapp.core.visibility import Reader
from webapp.extensions import db
from webapp.members.models import Committee, CommitteeMember, Member

DRAFT = ("## Item 1: Opening\n\n"
         "The chair opened the meeting and welcomed the members, the two observers from the district assemblies and "
         "the representative of the Minerals Commission.\n\n"
         "## Item 2: Hazardous tasks in artisanal mining\n\n"
         "The secretariat presented the revised list of hazardous tasks. Members agreed that hauling ore sacks and "
         "working in pits deeper than two metres stay on the list for every child under eighteen.\n\n"
         "## Item 3: Work plan for next year\n\n"
         "The work plan was adopted. The workers' representatives asked that the district visits include the "
         "mining communities of the Western North region.\n")
COMMENTS = ((3, "Please add that the employers asked for a transition period for small concessions.", None),
            (5, "The workers asked for the Western North visits to come first, not only to be included.",
             ("accepted", "Agreed: the next version says they come first.")),
            (1, "Please name the representative of the Minerals Commission.",
             ("declined", "The minutes name organisations, not individuals, by the forum's practice.")),
            (None, "Could the draft list the decisions at the end, as last year?", None))


def _answer(slot: int, n: int, woman: bool) -> str:
    """The n-th member's answer (name order) for slot 0, 1 or 2: the first date suits the men, the second nearly
    everyone (the women all, two men in three), the third few."""
    if slot == 0:
        return "yes" if not woman or n % 3 == 0 else "no"
    if slot == 1:
        return "yes" if woman or n % 3 else ("maybe" if n % 2 else "no")
    return "yes" if n % 4 == 0 else "no"


def load(spec_slug: str) -> None:
    if spec_slug != "ghana-nsccl":
        return
    tid = db.session.scalar(select(Tenant.id).where(Tenant.slug == spec_slug))
    _load_comments(tid)
    _load_poll(tid)
    db.session.flush()


def _load_comments(tid: int) -> None:
    from webapp.comments import queries, services
    from webapp.comments.models import Comment
    from webapp.meetings.models import Meeting, Minutes, MinutesVersion
    from webapp.meetings.outcomes.markdown import render_markdown

    if db.session.scalar(select(Comment.id).where(Comment.tenant_id == tid).limit(1)) is not None:
        return
    meeting = db.session.scalar(select(Meeting).where(
        Meeting.tenant_id == tid, Meeting.status == "held").order_by(Meeting.start_at.desc()).limit(1))
    minutes = db.session.scalar(select(Minutes).where(Minutes.tenant_id == tid, Minutes.meeting_id == meeting.id))
    minutes.body_md, minutes.body_html = DRAFT, render_markdown(DRAFT)
    minutes.status, minutes.approved_by, minutes.approved_at, minutes.quorum_note = "circulated", None, None, None
    db.session.add(MinutesVersion(minutes_id=minutes.id, number=1, body_md=DRAFT, body_html=minutes.body_html,
                                  visibility=minutes.visibility))
    db.session.flush()
    draft = queries.draft("minutes", meeting.id, Reader.staff())
    people = db.session.scalars(select(Member).where(Member.tenant_id == tid, Member.active,
                                                     Member.role.in_(("member", "vice_chair", "alternate")))
                                .order_by(Member.name)).all()
    secretariat = db.session.scalar(select(Member).where(Member.tenant_id == tid, Member.role == "secretariat")
                                    .order_by(Member.id).limit(1))
    for n, (position, body, answer) in enumerate(COMMENTS):
        c = services.add_comment(draft, people[n % len(people)], position, body)
        if answer:
            services.answer_comment(draft, c, secretariat, *answer)


def _load_poll(tid: int) -> None:
    from webapp.polls import services
    from webapp.polls.models import DatePoll, DatePollSlot

    if db.session.scalar(select(DatePoll.id).where(DatePoll.tenant_id == tid).limit(1)) is not None:
        return
    committee = db.session.scalar(select(Committee).where(Committee.tenant_id == tid, Committee.kind == "plenary")
                                  .order_by(Committee.id).limit(1))
    day = datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(days=45)
    poll = services.open_poll(title=f"{committee.name}: extraordinary session on the mining regulations",
                              committee_id=committee.id, kind="plenary", duration_minutes=240,
                              deadline=day - timedelta(days=20), slots=[day + timedelta(days=d) for d in (0, 2, 7)],
                              language="en", visibility="members", by=None, notify=False)
    slots = db.session.scalars(select(DatePollSlot).where(DatePollSlot.tenant_id == tid,
                                                          DatePollSlot.poll_id == poll.id)
                               .order_by(DatePollSlot.number)).all()
    seated = db.session.scalars(select(Member).join(CommitteeMember, (CommitteeMember.tenant_id == Member.tenant_id)
                                                    & (CommitteeMember.member_id == Member.id))
                                .where(Member.tenant_id == tid, CommitteeMember.committee_id == committee.id,
                                       Member.active).order_by(Member.name)).all()
    for n, member in enumerate(seated[:-2]):  # two have not answered yet
        services.answer_poll(poll, member, {s.id: _answer(i, n, member.gender == "woman") for i, s in enumerate(slots)})
