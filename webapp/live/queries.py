"""What the live pages read: one meeting's live state in three statements (meeting with its session, current item
and minutes' attribution; the waiting queue; the current item's interventions)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, select

from tenants.context import current_tenant_id
from webapp.core import visibility as vis
from webapp.core.visibility import Reader
from webapp.extensions import db
from webapp.live import queue, services
from webapp.live.models import Intervention, LiveSession, LiveVote, SpeakerRequest
from webapp.meetings.models import AgendaItem, Meeting, Minutes, SelfCheckin
from webapp.meetings.queries import as_reader


@dataclass(frozen=True)
class LiveState:
    m: Meeting
    live: LiveSession | None
    item: AgendaItem | None
    non_attributed: bool  # the minutes do not name speakers: nor does anything members see
    queue: list[SpeakerRequest]  # waiting, in the order the floor would be given
    speaking: Intervention | None
    spoken: list[Intervention]  # on the current item, oldest first, the one in progress included
    waiting_checkins: int = 0  # self check-ins the secretariat has not confirmed (issue 39)
    open_vote_id: int | None = None  # the vote open in the session, if any

    @property
    def running(self) -> bool:
        return self.live is not None and self.live.ended_at is None

    def place_of(self, member_id: int) -> int | None:
        """The member's place in the queue (1 = next), or None."""
        return next((i for i, r in enumerate(self.queue, 1) if r.member_id == member_id), None)


def meeting_live(meeting_id: int, staff: Reader | bool
                 ) -> tuple[Meeting, LiveSession | None, AgendaItem | None, bool, int, int | None] | None:
    tid = current_tenant_id()
    checkins = (select(func.count()).select_from(SelfCheckin).where(
        SelfCheckin.tenant_id == Meeting.tenant_id, SelfCheckin.meeting_id == Meeting.id,
        SelfCheckin.confirmed_at.is_(None)).correlate(Meeting).scalar_subquery())
    open_vote = (select(LiveVote.id).where(LiveVote.tenant_id == Meeting.tenant_id, LiveVote.meeting_id == Meeting.id,
                                           LiveVote.status == "open").correlate(Meeting).limit(1).scalar_subquery())
    stmt = (select(Meeting, LiveSession, AgendaItem, Minutes.non_attributed, checkins, open_vote)
            .outerjoin(LiveSession, and_(LiveSession.tenant_id == Meeting.tenant_id,
                                         LiveSession.meeting_id == Meeting.id))
            .outerjoin(AgendaItem, and_(AgendaItem.tenant_id == Meeting.tenant_id,
                                        AgendaItem.id == LiveSession.current_item_id))
            .outerjoin(Minutes, and_(Minutes.tenant_id == Meeting.tenant_id, Minutes.meeting_id == Meeting.id))
            .where(Meeting.tenant_id == tid, Meeting.id == meeting_id,
                   vis.meeting_sql(as_reader(staff), Meeting.visibility, Meeting.status),
                   Meeting.status.not_in(("draft", "cancelled"))))
    row = db.session.execute(stmt).first()
    if row is None:
        return None
    m, live, item, non_attributed, waiting, open_vote_id = row
    return m, live, item, bool(non_attributed), waiting or 0, open_vote_id


def state(meeting_id: int, staff: Reader | bool) -> LiveState | None:
    head = meeting_live(meeting_id, staff)
    if head is None:
        return None
    m, live, item, non_attributed, waiting, vote_id = head
    if live is None or live.ended_at is not None:
        return LiveState(m, live, item, non_attributed, [], None, [], waiting)
    requests = list(db.session.scalars(select(SpeakerRequest).where(
        SpeakerRequest.tenant_id == m.tenant_id, SpeakerRequest.meeting_id == m.id,
        SpeakerRequest.status == "waiting")))
    spoken = list(db.session.scalars(select(Intervention).where(
        Intervention.tenant_id == m.tenant_id, Intervention.meeting_id == m.id,
        Intervention.agenda_item_id == live.current_item_id if live.current_item_id else
        Intervention.agenda_item_id.is_(None)).order_by(Intervention.started_at, Intervention.id)))
    spoke = [queue.Spoke(services.speaker_key(i.member_id, i.name), i.gender, i.constituency) for i in spoken]
    ordered = services.ordered(m, requests, live.current_item_id, spoke)
    speaking = next((i for i in spoken if i.id == live.speaking_id), None)
    return LiveState(m, live, item, non_attributed, ordered, speaking, spoken, waiting, vote_id)


def interventions(meeting_id: int) -> list[Intervention]:
    return list(db.session.scalars(select(Intervention).where(
        Intervention.tenant_id == current_tenant_id(), Intervention.meeting_id == meeting_id)
        .order_by(Intervention.started_at, Intervention.id)))


def intervention(meeting_id: int, intervention_id: int) -> Intervention | None:
    iv = db.session.get(Intervention, (current_tenant_id(), intervention_id))
    return iv if iv is not None and iv.meeting_id == meeting_id else None


def request_of(meeting_id: int, request_id: int) -> SpeakerRequest | None:
    req = db.session.get(SpeakerRequest, (current_tenant_id(), request_id))
    return req if req is not None and req.meeting_id == meeting_id else None


def elapsed_minutes(since: datetime | None, now: datetime) -> int | None:
    return None if since is None else max(0, int((now - since).total_seconds() // 60))

