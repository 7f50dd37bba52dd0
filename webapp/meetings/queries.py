"""Reads for meeting pages: each page a fixed number of queries whatever the number of invitees."""
from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import Select, and_, bindparam, case, func, literal, or_, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import aliased

from tenants.context import current_tenant, current_tenant_id
from tenants.rls import prebuilt
from webapp.core import content
from webapp.core import visibility as vis
from webapp.core.content import ContentTranslation
from webapp.core.paging import Page, paged
from webapp.core.visibility import Reader
from webapp.core.zones import forum_zone
from webapp.extensions import db
from webapp.meetings.models import (
    AgendaItem,
    Invitation,
    Meeting,
    MeetingDocument,
    Minutes,
    MinutesVersion,
    SelfCheckin,
)
from webapp.members.models import Committee, CommitteeMember, Member, Organisation


def _meetings_stmt(staff: bool, committee_id: int | None, upcoming: bool):  # noqa: ANN202
    tid = current_tenant_id()
    now = datetime.now(UTC)
    counts = (select(Invitation.meeting_id, func.count().label("invited"),
                     func.count().filter(Invitation.rsvp == "yes").label("yes"))
              .where(Invitation.tenant_id == tid).group_by(Invitation.meeting_id).subquery())
    stmt = (select(Meeting, Committee, func.coalesce(counts.c.invited, 0), func.coalesce(counts.c.yes, 0))
            .join(Committee, and_(Committee.tenant_id == Meeting.tenant_id, Committee.id == Meeting.committee_id))
            .outerjoin(counts, counts.c.meeting_id == Meeting.id)
            .where(Meeting.tenant_id == tid, vis.meeting_sql(as_reader(staff), Meeting.visibility, Meeting.status)))
    if committee_id:
        stmt = stmt.where(Meeting.committee_id == committee_id)
    if upcoming:
        return stmt.where(Meeting.end_at >= now).order_by(Meeting.start_at, Meeting.id)
    return stmt.where(Meeting.end_at < now).order_by(Meeting.start_at.desc(), Meeting.id.desc())


def meetings(staff: bool, committee_id: int | None = None, upcoming: bool = True,
             limit: int = 100) -> list[tuple[Meeting, Committee, int, int]]:
    """Meetings with their committee, invitee count and yes count (3 aggregates in the same query)."""
    stmt = _meetings_stmt(staff, committee_id, upcoming)
    return [tuple(r) for r in db.session.execute(stmt.limit(limit))]  # type: ignore[misc]


def past_meetings(staff: bool, committee_id: int | None, number: int) -> Page[tuple[Meeting, Committee, int, int]]:
    """Every past meeting, newest first, a page at a time (one query whatever the number of meetings)."""
    return paged(_meetings_stmt(staff, committee_id, upcoming=False), number)


def suggested_day(m: Meeting) -> date:
    """The next meeting's day, for a duplicate: the same weekday after the committee's usual interval (the gap
    since its meeting before this one, in whole weeks), else a week on."""
    before = db.session.scalar(select(func.max(Meeting.start_at)).where(
        Meeting.tenant_id == current_tenant_id(), Meeting.committee_id == m.committee_id,
        Meeting.start_at < m.start_at, Meeting.status != "cancelled"))
    weeks = max(1, round((m.start_at - before).days / 7)) if before is not None else 1
    return (m.start_at + timedelta(weeks=weeks)).astimezone(forum_zone()).date()


def as_reader(who: Reader | bool) -> Reader:
    """A Reader, or the older form, ``staff`` (True: the secretariat and chairs; False: any member)."""
    if isinstance(who, Reader):
        return who
    return Reader.staff() if who else Reader.audience("members")


def meeting(meeting_id: int, who: Reader | bool, translating: bool = False) -> Meeting | None:
    """The meeting if the reader may see it (webapp/core/visibility.py: drafts only for the staff), or with
    ``translating`` translate it (a draft too, whose visibility they see, for a reader who may translate)."""
    return db.session.scalar(select(Meeting).where(
        Meeting.tenant_id == current_tenant_id(), Meeting.id == meeting_id,
        vis.meeting_sql(as_reader(who), Meeting.visibility, Meeting.status, translating=translating)))


def committee_of(m: Meeting) -> Committee | None:
    return db.session.get(Committee, (m.tenant_id, m.committee_id))


def agenda(meeting_id: int) -> list[AgendaItem]:
    return list(db.session.scalars(select(AgendaItem).where(
        AgendaItem.tenant_id == current_tenant_id(), AgendaItem.meeting_id == meeting_id)
        .order_by(AgendaItem.position)))


def documents(meeting_id: int) -> list[MeetingDocument]:
    return list(db.session.scalars(select(MeetingDocument).where(
        MeetingDocument.tenant_id == current_tenant_id(), MeetingDocument.meeting_id == meeting_id)
        .order_by(MeetingDocument.uploaded_at)))


def document(meeting_id: int, doc_id: int) -> MeetingDocument | None:
    return db.session.scalar(select(MeetingDocument).where(
        MeetingDocument.tenant_id == current_tenant_id(), MeetingDocument.meeting_id == meeting_id,
        MeetingDocument.id == doc_id).execution_options(populate_existing=True))


def invitees(meeting_id: int) -> list[tuple[Invitation, Member | None, Organisation | None, str | None]]:
    """Invitees with their organisation and the name of the alternate standing in, in one query; a guest (not on
    the roll) has no member."""
    tid = current_tenant_id()
    alt = select(Member.id, Member.name).where(Member.tenant_id == tid).subquery()
    stmt = (select(Invitation, Member, Organisation, alt.c.name)
            .outerjoin(Member, and_(Member.tenant_id == Invitation.tenant_id, Member.id == Invitation.member_id))
            .outerjoin(Organisation, and_(Organisation.tenant_id == Member.tenant_id,
                                          Organisation.id == Member.organisation_id))
            .outerjoin(alt, alt.c.id == Invitation.represented_by_id)
            .where(Invitation.tenant_id == tid, Invitation.meeting_id == meeting_id)
            .order_by(case((Invitation.rsvp == "yes", 0), (Invitation.rsvp == "maybe", 1),
                           (Invitation.rsvp == "none", 2), else_=3),
                      func.coalesce(Member.name, Invitation.guest_name), Invitation.id))
    return [tuple(r) for r in db.session.execute(stmt)]  # type: ignore[misc]


def rsvp_counts(meeting_id: int) -> dict[str, int]:
    rows = db.session.execute(select(Invitation.rsvp, func.count()).where(
        Invitation.tenant_id == current_tenant_id(), Invitation.meeting_id == meeting_id).group_by(Invitation.rsvp))
    return {"yes": 0, "no": 0, "maybe": 0, "none": 0} | {r: n for r, n in rows}


def my_invitation(meeting_id: int, member_id: int) -> Invitation | None:
    return db.session.scalar(select(Invitation).where(Invitation.tenant_id == current_tenant_id(),
                                                      Invitation.meeting_id == meeting_id,
                                                      Invitation.member_id == member_id))


def checkins(meeting_id: int) -> dict[int, SelfCheckin]:
    """The meeting's self check-ins (issue 39), by member."""
    return {c.member_id: c for c in db.session.scalars(select(SelfCheckin).where(
        SelfCheckin.tenant_id == current_tenant_id(), SelfCheckin.meeting_id == meeting_id))}


def invitation(meeting_id: int, invitation_id: int) -> Invitation | None:
    return db.session.scalar(select(Invitation).where(Invitation.tenant_id == current_tenant_id(),
                                                      Invitation.meeting_id == meeting_id,
                                                      Invitation.id == invitation_id))


def agenda_item(meeting_id: int, item_id: int) -> AgendaItem | None:
    return db.session.scalar(select(AgendaItem).where(AgendaItem.tenant_id == current_tenant_id(),
                                                      AgendaItem.meeting_id == meeting_id, AgendaItem.id == item_id))


def member_meetings(member_id: int) -> list[Meeting]:
    """A member's calendar: meetings they are invited to (not drafts)."""
    tid = current_tenant_id()
    return list(db.session.scalars(
        select(Meeting).join(Invitation, and_(Invitation.tenant_id == Meeting.tenant_id,
                                              Invitation.meeting_id == Meeting.id))
        .where(Meeting.tenant_id == tid, Invitation.member_id == member_id, Meeting.status != "draft")
        .order_by(Meeting.start_at)))


def public_meetings() -> list[Meeting]:
    return list(db.session.scalars(select(Meeting).where(
        Meeting.tenant_id == current_tenant_id(), vis.public_sql(Meeting.visibility),
        or_(Meeting.status == "notified", Meeting.status == "held", Meeting.status == "outcomes_published",
            Meeting.status == "cancelled")).order_by(Meeting.start_at)))


def previous_meeting_start(m: Meeting) -> datetime | None:
    """When the committee's previous meeting began (the minutes' annex shows action updates since)."""
    return db.session.scalar(select(func.max(Meeting.start_at)).where(
        Meeting.tenant_id == current_tenant_id(), Meeting.committee_id == m.committee_id,
        Meeting.start_at < m.start_at, Meeting.status != "cancelled"))


@dataclass(frozen=True)
class DocumentRow:
    """A document as a list shows it (its bytes stay in the database)."""

    id: int
    filename: str
    size: int
    language: str | None = None  # None: the meeting's (papers attached before issue 27)
    original_id: int | None = None  # a version in another language of that paper


@dataclass(frozen=True)
class AgendaRow:
    """An agenda item as the meeting page shows it."""

    id: int
    position: int
    title: str
    presenter: str | None
    minutes: int | None
    kind: str
    shown: content.Localised | None = None  # the title in the reader's language, or the original (issue 27)


def _item_translation(tid: int, locale: str) -> object:
    """A correlated subquery: the agenda item's title in ``locale``, if translated."""
    ct = aliased(ContentTranslation)
    return (select(ct.text).where(ct.tenant_id == tid, ct.object_type == "agenda_item", ct.object_id == AgendaItem.id,
                                  ct.field == "title", ct.locale == locale)
            .correlate(AgendaItem).scalar_subquery())


def _agenda_row(values: list | tuple, language: str, locale: str) -> AgendaRow:
    *columns, translated = values
    row = AgendaRow(*columns)
    table = {(row.id, "title"): translated} if translated else {}
    return replace(row, shown=content.localise(row.title, language, table, row.id, "title", locale))


def agenda_rows(m: Meeting, locale: str) -> list[AgendaRow]:
    """The meeting's agenda with each title in ``locale`` where translated: one query whatever its length."""
    tid = current_tenant_id()
    rows = db.session.execute(select(AgendaItem.id, AgendaItem.position, AgendaItem.title, AgendaItem.presenter,
                                     AgendaItem.minutes, AgendaItem.kind, _item_translation(tid, locale))
                              .where(AgendaItem.tenant_id == tid, AgendaItem.meeting_id == m.id)
                              .order_by(AgendaItem.position))
    return [_agenda_row(r, m.language, locale) for r in rows]


@dataclass(frozen=True)
class VersionRow:
    """A circulated version of the minutes as the history shows it."""

    number: int
    circulated_at: datetime
    comments: str | None
    returned_at: datetime | None
    body_html: str


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


class MeetingHead(NamedTuple):
    meeting: Meeting
    committee: Committee | None
    minutes: Minutes | None
    previous_start: datetime | None  # when the committee's previous meeting began
    translations: dict[tuple[int, str], str]  # (meeting id, field) -> text in the reader's language
    documents: list[DocumentRow]
    agenda: list[AgendaRow]
    member_choices: list[tuple[int, str]]  # asked for by the secretariat's invite form, else empty
    committee_choices: list[tuple[int, str]]  # the invite-in-one-step list (active committees), else empty
    organisation_choices: list[tuple[int, str]]  # and its organisations, else empty
    # the minutes' versions, newest first, each with who circulated it and who sent it back (asked for by staff)
    versions: list[tuple[VersionRow, str | None, str | None]]
    committee_name: str | None = None  # the committee's name in the reader's language, if translated (issue 27)
    minutes_text: str | None = None  # the minutes (Markdown) in the reader's language, if translated


class InviteChoices(NamedTuple):
    people: list[tuple[int, str]]
    committees: list[tuple[int, str]]
    organisations: list[tuple[int, str]]


def _choice_columns(tid: int) -> tuple[object, object, object]:
    """The secretariat's invite forms' lists as JSON: members (not erased), active committees, organisations."""
    people = _json_rows((Member.id, Member.name), Member.name, Member.tenant_id == tid, Member.erased_at.is_(None))
    c = aliased(Committee)  # not the meeting's own committee, which the page's statement joins
    committees = (select(func.json_agg(aggregate_order_by(func.json_build_array(c.id, c.name), c.name)))
                  .where(c.tenant_id == tid, c.active).correlate_except(c).scalar_subquery())
    organisations = _json_rows((Organisation.id, Organisation.name), Organisation.name, Organisation.tenant_id == tid)
    return people, committees, organisations


def invite_choices() -> InviteChoices:
    """The invite forms' lists, in one statement (for the invitees section on its own)."""
    row = db.session.execute(select(*_choice_columns(current_tenant_id()))).one()
    return InviteChoices(*([(i, n) for i, n in rows or []] for rows in row))


def _json_rows(columns: tuple, order_by: object, *where: object) -> object:
    """A correlated subquery: the rows of ``columns`` as one JSON array of arrays (NULL when there is none)."""
    return (select(func.json_agg(aggregate_order_by(func.json_build_array(*columns), order_by))).where(*where)
            .correlate(Meeting).scalar_subquery())


def _versions_json(tid: int) -> object:
    """The minutes' versions as one JSON array (correlated with the minutes row of the statement)."""
    circulator, returner = aliased(Member), aliased(Member)
    row = func.json_build_array(MinutesVersion.number, MinutesVersion.circulated_at, circulator.name,
                                MinutesVersion.comments, MinutesVersion.returned_at, returner.name,
                                MinutesVersion.body_html)
    return (select(func.json_agg(aggregate_order_by(row, MinutesVersion.number.desc())))
            .select_from(MinutesVersion)
            .outerjoin(circulator, and_(circulator.tenant_id == MinutesVersion.tenant_id,
                                        circulator.id == MinutesVersion.circulated_by_id))
            .outerjoin(returner, and_(returner.tenant_id == MinutesVersion.tenant_id,
                                      returner.id == MinutesVersion.returned_by_id))
            .where(MinutesVersion.tenant_id == tid, MinutesVersion.minutes_id == Minutes.id)
            .correlate(Minutes).scalar_subquery())


def meeting_head(meeting_id: int, staff: bool, locale: str, member_choices: bool = False) -> MeetingHead | None:
    """The meeting page's first statement: the meeting with its committee, its minutes, its texts in ``locale``, its
    documents and when the committee's previous meeting began (the minutes' annex shows action updates since);
    None if the reader may not see it."""
    tid = current_tenant_id()
    previous = _previous_start(tid)
    texts = (select(func.json_object_agg(ContentTranslation.field, ContentTranslation.text))
             .where(ContentTranslation.tenant_id == tid, ContentTranslation.object_type == "meeting",
                    ContentTranslation.object_id == Meeting.id, ContentTranslation.locale == locale)
             .correlate(Meeting).scalar_subquery())
    docs = _json_rows((MeetingDocument.id, MeetingDocument.filename, MeetingDocument.size, MeetingDocument.language,
                       MeetingDocument.original_id), MeetingDocument.uploaded_at,
                      MeetingDocument.tenant_id == tid, MeetingDocument.meeting_id == Meeting.id)
    items = _json_rows((AgendaItem.id, AgendaItem.position, AgendaItem.title, AgendaItem.presenter, AgendaItem.minutes,
                        AgendaItem.kind, _item_translation(tid, locale)), AgendaItem.position,
                       AgendaItem.tenant_id == tid,
                       AgendaItem.meeting_id == Meeting.id)
    choices = _choice_columns(tid) if member_choices else (literal(None), literal(None), literal(None))
    versions = _versions_json(tid) if staff else literal(None)
    ct = aliased(ContentTranslation)
    committee_name = (select(ct.text).where(ct.tenant_id == tid, ct.object_type == "committee",
                                            ct.object_id == Meeting.committee_id, ct.field == "name",
                                            ct.locale == locale).correlate(Meeting).scalar_subquery())
    mt = aliased(ContentTranslation)
    minutes_text = (select(mt.text).where(mt.tenant_id == tid, mt.object_type == "minutes", mt.object_id == Minutes.id,
                                          mt.field == "body_md", mt.locale == locale)
                    .correlate(Minutes).scalar_subquery())
    stmt = (select(Meeting, Committee, Minutes, previous, texts, docs, items, *choices, versions, committee_name,
                   minutes_text)
            .outerjoin(Committee, and_(Committee.tenant_id == Meeting.tenant_id, Committee.id == Meeting.committee_id))
            .outerjoin(Minutes, and_(Minutes.tenant_id == Meeting.tenant_id, Minutes.meeting_id == Meeting.id))
            .where(Meeting.tenant_id == tid, Meeting.id == meeting_id,
                   vis.meeting_sql(as_reader(staff), Meeting.visibility, Meeting.status)))
    row = db.session.execute(stmt).first()
    if row is None:
        return None
    (m, committee, minutes, previous_start, texts_row, docs_row, items_row, people_row, committees_row, orgs_row,
     versions_row, committee_text, minutes_translated) = row
    return MeetingHead(m, committee, minutes, previous_start,
                       {(m.id, field): text for field, text in (texts_row or {}).items()},
                       [DocumentRow(*d) for d in docs_row or []],
                       [_agenda_row(i, m.language, locale) for i in items_row or []],
                       [(i, n) for i, n in people_row or []], [(i, n) for i, n in committees_row or []],
                       [(i, n) for i, n in orgs_row or []],
                       [(VersionRow(number, _moment(at), comments, _moment(back_at), html), by, back)
                        for number, at, by, comments, back_at, back, html in versions_row or []],
                       committee_text, minutes_translated if locale != m.language else None)


class MeetingFrame(NamedTuple):
    meeting: Meeting
    minutes: Minutes | None
    previous_start: datetime | None
    mine: Invitation | None  # the reader's own invitation
    seat: str | None = None  # the reader's role on the meeting's committee (chair, co_chair, member), if seated


def _previous_start(tid: Any):  # noqa: ANN401 - the id, or a bindparam  # noqa: ANN202 - a correlated scalar subquery
    earlier = aliased(Meeting)
    return (select(func.max(earlier.start_at))
            .where(earlier.tenant_id == tid, earlier.committee_id == Meeting.committee_id,
                   earlier.start_at < Meeting.start_at, earlier.status != "cancelled")
            .correlate(Meeting).scalar_subquery())


@functools.lru_cache(maxsize=2)
def _frame_statement(staff: bool) -> Select:
    """``meeting_frame``'s statement for one kind of reader (staff or not: the rule's only input), built once per
    process with every value a ``bindparam`` (tenants.rls.prebuilt: its cache key is not walked per request)."""
    tid, member_id = bindparam("frame_tid"), bindparam("frame_member")
    seat = (select(CommitteeMember.role)
            .where(CommitteeMember.tenant_id == tid, CommitteeMember.member_id == member_id,
                   CommitteeMember.committee_id == Meeting.committee_id)
            .correlate(Meeting).scalar_subquery())
    return prebuilt(
        select(Meeting, Minutes, _previous_start(tid), Invitation, seat)
        .outerjoin(Minutes, and_(Minutes.tenant_id == Meeting.tenant_id, Minutes.meeting_id == Meeting.id))
        .outerjoin(Invitation, and_(Invitation.tenant_id == Meeting.tenant_id, Invitation.meeting_id == Meeting.id,
                                    Invitation.member_id == member_id))
        .where(Meeting.tenant_id == tid, Meeting.id == bindparam("frame_meeting"),
               vis.meeting_sql(as_reader(staff), Meeting.visibility, Meeting.status)))


def meeting_frame(meeting_id: int, staff: bool, member_id: int | None) -> MeetingFrame | None:
    """What a meeting page assembled from shared parts reads per request (webapp/core/parts.py), in one statement:
    the meeting (None if the reader may not see it: the rule is asked on every request, never left to the cache),
    its minutes, when the committee's previous meeting began, the reader's own invitation and the reader's seat on
    the meeting's committee (the chairs' rights ask for it: read here, it is not a statement of its own)."""
    row = db.session.execute(_frame_statement(bool(staff)), {"frame_tid": current_tenant_id(),
                                                             "frame_meeting": meeting_id,
                                                             "frame_member": member_id}).first()
    return MeetingFrame(*row) if row is not None else None


def minimum_notice_days() -> int:
    tenant = current_tenant()
    return int(tenant.setting("notice_days") or 14) if tenant else 14


def short_notice(meeting: Meeting, now: datetime | None = None) -> bool:
    """True when notice sent now would reach invitees later than the forum's minimum before the start."""
    now = now or datetime.now(UTC)
    return meeting.start_at - now < timedelta(days=minimum_notice_days())
