from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from tenants.models import TenantOwned, TenantScoped
from webapp.core import search
from webapp.core.labels import VISIBILITIES
from webapp.extensions import db
from webapp.members.models import CONSTITUENCIES, GENDERS

MEETING_KINDS = ("plenary", "subcommittee", "consultation", "round_table", "webinar", "field_visit")
STATUSES = ("draft", "notified", "held", "outcomes_published", "cancelled")
AGENDA_KINDS = ("information", "discussion", "decision")
RSVPS = ("none", "yes", "no", "maybe")
MINUTES_STATUSES = ("draft", "circulated", "approved")
POSITIONS = ("agrees", "disagrees", "abstains", "consensus")
SUPPORT_KINDS = ("travel", "interpretation", "travel_interpretation", "childcare", "accessibility")
SUPPORT_STATUSES = ("requested", "granted", "refused")
PARTS = ("chair", "speaker", "rapporteur")  # who holds the floor: IGF asks whether they are gender-balanced
# why someone is invited, shown on the meeting page: a committee (the meeting's, copied at creation, or another),
# a constituency, an organisation, the whole roll, one by one, or as a guest who is not on the roll
REASONS = ("committee", "constituency", "organisation", "roll", "individual", "guest")


def _in(column: str, values: tuple[str, ...], nullable: bool = False) -> str:
    check = "{} IN ({})".format(column, ", ".join(f"'{v}'" for v in values))
    return f"{column} IS NULL OR {check}" if nullable else check


class Meeting(TenantScoped, db.Model):
    __tablename__ = "meetings"
    __mapper_args__ = search.unmapped()
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "committee_id"], ["committees.tenant_id", "committees.id"]),
        CheckConstraint(_in("kind", MEETING_KINDS), name="kind"),
        CheckConstraint(_in("status", STATUSES), name="status"),
        CheckConstraint(_in("visibility", VISIBILITIES), name="visibility"),
        CheckConstraint("end_at > start_at", name="ends_after_start"),
        Index("ix_meetings_tenant_start", "tenant_id", "start_at"),
        Index("ix_meetings_committee", "tenant_id", "committee_id", "start_at"),
        Index("ix_meetings_search", "search_vector", postgresql_using="gin"),
    )

    committee_id: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(20), default="plenary")
    title: Mapped[str] = mapped_column(String(200))  # in the meeting's language; translations apart
    expected_outputs: Mapped[str | None] = mapped_column(Text)
    start_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    end_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    venue: Mapped[str | None] = mapped_column(String(300))
    online_link: Mapped[str | None] = mapped_column(String(500))
    # the online link is shown to the public (public pages, public calendar, printed notice) only when this is set
    online_link_public: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    language: Mapped[str] = mapped_column(String(10), default="en")
    interpretation_languages: Mapped[list[str]] = mapped_column(ARRAY(String(10)), default=list,
                                                                server_default="{}")
    # issue 46: interpretation between any languages, as "from>to" pairs of BCP-47 tags ("tw>en", "en>tw")
    interpretation_pairs: Mapped[list[str] | None] = mapped_column(ARRAY(String(40)))
    visibility: Mapped[str] = mapped_column(String(12), default="public")
    status: Mapped[str] = mapped_column(String(20), default="draft")
    sequence: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # RFC 5545 SEQUENCE
    notified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    summary: Mapped[str | None] = mapped_column(Text)  # published outcomes, in the meeting's language
    outcomes_published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    search_vector = search.vector_column(search.document(  # full-text search (webapp/core/search.py)
        "language", "title", "coalesce(expected_outputs, '') || ' ' || coalesce(summary, '')"))
    # who was present, kept with the meeting (webapp/meetings/counters.py, issue 23): the dashboard's trends read
    # these instead of joining every invitation of the year
    present_women: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    present_men_or_another: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    present_constituencies: Mapped[list[str]] = mapped_column(ARRAY(String(40)), default=list, server_default="{}")
    # floor time, kept as interventions end (webapp/live/counters.py, issue 38): {"gender"|"constituency": {group:
    # [interventions, seconds]}, "present": {"gender"|"constituency": {group: people}}}; written in plain SQL, so
    # that the live meeting never bumps the forum's content version
    floor_counts: Mapped[dict] = mapped_column(JSONB, default=dict, server_default="{}")

    @property
    def public_online_link(self) -> str | None:
        """The one rule for what the public sees of the meeting's place: the online link only where the
        secretariat marked it public (by default, never). Members' pages, calendars and invitations keep it."""
        return self.online_link if self.online_link_public else None

    def location(self, *, public: bool) -> str | None:
        """Venue and online link on one line (a calendar's LOCATION), as the public or as members see it."""
        link = self.public_online_link if public else self.online_link
        return ", ".join(x for x in (self.venue, link) if x) or None


class AgendaItem(TenantScoped, db.Model):
    __tablename__ = "agenda_items"
    __mapper_args__ = search.unmapped()
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "meeting_id"], ["meetings.tenant_id", "meetings.id"], ondelete="CASCADE"),
        CheckConstraint(_in("kind", AGENDA_KINDS), name="kind"),
        Index("ix_agenda_items_meeting", "tenant_id", "meeting_id", "position"),
        Index("ix_agenda_items_search", "search_vector", postgresql_using="gin"),
    )

    meeting_id: Mapped[int] = mapped_column(BigInteger)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    presenter: Mapped[str | None] = mapped_column(String(200))
    minutes: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(12), default="discussion")
    search_vector = search.vector_column(search.document_any_language("title"))


class MeetingDocument(TenantScoped, db.Model):
    __tablename__ = "meeting_documents"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "meeting_id"], ["meetings.tenant_id", "meetings.id"], ondelete="CASCADE"),
        ForeignKeyConstraint(["tenant_id", "agenda_item_id"], ["agenda_items.tenant_id", "agenda_items.id"],
                             ondelete="CASCADE"),
        # a version of another paper of the meeting in another language (issue 27): goes with its original
        ForeignKeyConstraint(["tenant_id", "original_id"], ["meeting_documents.tenant_id", "meeting_documents.id"],
                             ondelete="CASCADE"),
        Index("ix_meeting_documents_meeting", "tenant_id", "meeting_id"),
    )

    meeting_id: Mapped[int] = mapped_column(BigInteger)
    agenda_item_id: Mapped[int | None] = mapped_column(BigInteger)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    uploaded_by: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[str | None] = mapped_column(String(10))  # the language it is written in (issue 27)
    original_id: Mapped[int | None] = mapped_column(BigInteger)  # the paper this one translates


class Invitation(TenantScoped, db.Model):
    """A member invited to a meeting: RSVP, support requested, alternate standing in; or a guest who is not on the
    roll (no member: name, e-mail and the rest on the row itself), never counted in quorum or in the roll's checks."""

    __tablename__ = "invitations"
    __table_args__ = (
        UniqueConstraint("tenant_id", "meeting_id", "member_id"),
        ForeignKeyConstraint(["tenant_id", "meeting_id"], ["meetings.tenant_id", "meetings.id"], ondelete="CASCADE"),
        ForeignKeyConstraint(["tenant_id", "member_id"], ["members.tenant_id", "members.id"]),
        ForeignKeyConstraint(["tenant_id", "represented_by_id"], ["members.tenant_id", "members.id"]),
        ForeignKeyConstraint(["tenant_id", "rsvp_by_id"], ["members.tenant_id", "members.id"]),
        CheckConstraint(_in("rsvp", RSVPS), name="rsvp"),
        CheckConstraint(_in("support", SUPPORT_KINDS, nullable=True), name="support"),
        CheckConstraint(_in("support_status", SUPPORT_STATUSES, nullable=True), name="support_status"),
        CheckConstraint(_in("part", PARTS, nullable=True), name="part"),
        CheckConstraint(_in("reason", REASONS), name="reason"),
        CheckConstraint(_in("guest_constituency", CONSTITUENCIES, nullable=True), name="guest_constituency"),
        CheckConstraint(_in("guest_gender", GENDERS, nullable=True), name="guest_gender"),
        CheckConstraint("(member_id IS NULL) = (reason = 'guest') AND (member_id IS NULL) = (guest_name IS NOT NULL)",
                        name="member_or_guest"),
        Index("ix_invitations_member", "tenant_id", "member_id"),
        Index("uq_invitations_guest_email", "tenant_id", "meeting_id", "guest_email", unique=True,
              postgresql_where=text("guest_email IS NOT NULL")),
        UniqueConstraint("tenant_id", "reply_code"),
    )

    meeting_id: Mapped[int] = mapped_column(BigInteger)
    member_id: Mapped[int | None] = mapped_column(BigInteger)  # None: a guest
    represented_by_id: Mapped[int | None] = mapped_column(BigInteger)  # an alternate standing in
    rsvp: Mapped[str] = mapped_column(String(6), default="none", server_default="none")
    rsvp_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    rsvp_by_id: Mapped[int | None] = mapped_column(BigInteger)  # who answered: the invitee or their stand-in
    support: Mapped[str | None] = mapped_column(String(24))
    support_note: Mapped[str | None] = mapped_column(String(500))
    support_language: Mapped[str | None] = mapped_column(String(20))  # issue 46: interpretation into which language
    support_status: Mapped[str | None] = mapped_column(String(10))
    attended: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    part: Mapped[str | None] = mapped_column(String(12))  # chairs, speaks or reports at the meeting
    # held a seat on the meeting's committee when invited: once the meeting is over its quorum is judged against
    # the committee as it stood, not as it is today
    seated: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    # why they are invited (REASONS), with the committee's or organisation's id and, as it was then, its name or
    # the constituency's code; shown on the meeting page; a re-sync with the committee removes only its own
    reason: Mapped[str] = mapped_column(String(14), default="individual", server_default="individual")
    reason_ref: Mapped[int | None] = mapped_column(BigInteger)
    reason_detail: Mapped[str | None] = mapped_column(String(200))
    # a guest (not on the roll): what they gave; erasable (guest_erased_at, the rest blanked)
    guest_name: Mapped[str | None] = mapped_column(String(200))
    guest_email: Mapped[str | None] = mapped_column(String(254))  # stored normalised (core/text.py)
    guest_constituency: Mapped[str | None] = mapped_column(String(30))
    guest_organisation: Mapped[str | None] = mapped_column(String(200))
    guest_gender: Mapped[str | None] = mapped_column(String(12))
    guest_erased_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def is_guest(self) -> bool:
        return self.member_id is None
    # the short code an SMS invitation carries, to answer by SMS (issue 25 reads the replies)
    reply_code: Mapped[str | None] = mapped_column(String(8))


CHECKIN_CHANNELS = ("phone", "link", "sms")  # signed in, through their own answer link, or by SMS


class SelfCheckin(TenantOwned, db.Model):
    """A member who checked themselves in with the room's code (issue 39): shown on the attendance sheet as such,
    counted present (the invitation's ``attended``) once the secretariat confirms it. Live state: it never bumps the
    forum's content version (NOT_PUBLIC); the confirmation, as any mark on the sheet, does."""

    __tablename__ = "self_checkins"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "meeting_id"], ["meetings.tenant_id", "meetings.id"], ondelete="CASCADE"),
        ForeignKeyConstraint(["tenant_id", "member_id"], ["members.tenant_id", "members.id"], ondelete="CASCADE"),
        CheckConstraint(_in("channel", CHECKIN_CHANNELS), name="channel"),
    )

    meeting_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    member_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    checked_in_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    channel: Mapped[str] = mapped_column(String(6))
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Minutes(TenantScoped, db.Model):
    """One set of minutes per meeting: Markdown as written, HTML as sanitised on save."""

    __tablename__ = "minutes"
    __mapper_args__ = search.unmapped()
    __table_args__ = (
        UniqueConstraint("tenant_id", "meeting_id"),
        ForeignKeyConstraint(["tenant_id", "meeting_id"], ["meetings.tenant_id", "meetings.id"], ondelete="CASCADE"),
        CheckConstraint(_in("status", MINUTES_STATUSES), name="status"),
        CheckConstraint(_in("visibility", VISIBILITIES), name="visibility"),
        Index("ix_minutes_search", "search_vector", postgresql_using="gin"),
    )

    meeting_id: Mapped[int] = mapped_column(BigInteger)
    body_md: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    non_attributed: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    status: Mapped[str] = mapped_column(String(12), default="draft")
    visibility: Mapped[str] = mapped_column(String(12), default="members")
    quorum_note: Mapped[str | None] = mapped_column(Text)  # the quorum result, written in when approved
    approved_by: Mapped[str | None] = mapped_column(String(200))
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    search_vector = search.vector_column(search.document_any_language("body_md"))


class MinutesVersion(TenantScoped, db.Model):
    """Each circulation of the minutes, as members got it: the text, who circulated it and when; and, if the approver
    sent it back, their comments, who and when. The secretariat then edits a new version."""

    __tablename__ = "minutes_versions"
    __table_args__ = (
        UniqueConstraint("tenant_id", "minutes_id", "number"),
        ForeignKeyConstraint(["tenant_id", "minutes_id"], ["minutes.tenant_id", "minutes.id"], ondelete="CASCADE"),
        ForeignKeyConstraint(["tenant_id", "circulated_by_id"], ["members.tenant_id", "members.id"]),
        ForeignKeyConstraint(["tenant_id", "returned_by_id"], ["members.tenant_id", "members.id"]),
        CheckConstraint(_in("visibility", VISIBILITIES), name="visibility"),
    )

    minutes_id: Mapped[int] = mapped_column(BigInteger)
    number: Mapped[int] = mapped_column(Integer)  # 1, 2 ... in order of circulation
    body_md: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    non_attributed: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    visibility: Mapped[str] = mapped_column(String(12), default="members")
    circulated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    circulated_by_id: Mapped[int | None] = mapped_column(BigInteger)
    comments: Mapped[str | None] = mapped_column(Text)  # the approver's, when they sent this version back
    returned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    returned_by_id: Mapped[int | None] = mapped_column(BigInteger)


class Decision(TenantScoped, db.Model):
    __tablename__ = "decisions"
    __mapper_args__ = search.unmapped()
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "meeting_id"], ["meetings.tenant_id", "meetings.id"], ondelete="CASCADE"),
        ForeignKeyConstraint(["tenant_id", "agenda_item_id"], ["agenda_items.tenant_id", "agenda_items.id"]),
        # a decision taken between meetings hangs on its proposal (webapp/proposals, issue 36): one parent, never both
        ForeignKeyConstraint(["tenant_id", "proposal_id"], ["proposals.tenant_id", "proposals.id"], ondelete="CASCADE"),
        CheckConstraint("(meeting_id IS NULL) <> (proposal_id IS NULL)", name="one_parent"),
        UniqueConstraint("tenant_id", "proposal_id"),
        CheckConstraint(_in("visibility", VISIBILITIES), name="visibility"),
        Index("ix_decisions_meeting", "tenant_id", "meeting_id"),
        Index("ix_decisions_review", "tenant_id", "review_on"),
        Index("ix_decisions_search", "search_vector", postgresql_using="gin"),
    )

    meeting_id: Mapped[int | None] = mapped_column(BigInteger)  # None: taken by a proposal between meetings
    proposal_id: Mapped[int | None] = mapped_column(BigInteger)
    agenda_item_id: Mapped[int | None] = mapped_column(BigInteger)
    text: Mapped[str] = mapped_column(Text)
    visibility: Mapped[str] = mapped_column(String(12), default="public")
    policy_outcome: Mapped[str | None] = mapped_column(Text)
    review_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    search_vector = search.vector_column(search.document_any_language("text", "policy_outcome"))


class DecisionPosition(TenantOwned, db.Model):
    """Where a core constituency stands on a decision: social dialogue is about the partners' positions."""

    __tablename__ = "decision_positions"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "decision_id"], ["decisions.tenant_id", "decisions.id"],
                             ondelete="CASCADE"),
        CheckConstraint(_in("position", POSITIONS), name="position"),
    )

    decision_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    constituency: Mapped[str] = mapped_column(String(30), primary_key=True)
    position: Mapped[str] = mapped_column(String(10))
