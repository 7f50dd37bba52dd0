"""Every write of the live meeting: start, next item, the speakers' queue, the floor, interventions.

Each write marks the meeting's live version changed (webapp/live/version.py); none bumps the forum's content
version (the live tables are NOT_PUBLIC, and the floor counters on the meeting row are written in plain SQL).
``now`` is passed in by the caller (views pass ``clock.now()``), so tests run the room on a controlled clock.
Interventions entered afterwards from notes, and every correction, are audited.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from tenants.context import current_tenant, current_tenant_id
from webapp.core import audit, languages
from webapp.extensions import db
from webapp.live import counters, queue, version
from webapp.live.models import Intervention, LiveSession, SpeakerRequest
from webapp.meetings.models import AgendaItem, Meeting
from webapp.members.models import CONSTITUENCIES, GENDERS, Member, Organisation


class LiveError(ValueError):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def policy() -> str:
    chosen = current_tenant().setting("speaker_order")
    return chosen if chosen in queue.POLICIES else queue.FIRST_COME


def session_of(meeting: Meeting) -> LiveSession | None:
    return db.session.get(LiveSession, (meeting.tenant_id, meeting.id))


def _items(meeting: Meeting) -> list[AgendaItem]:
    return list(db.session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id)
                                   .order_by(AgendaItem.position, AgendaItem.id)))


def start(meeting: Meeting, now: datetime) -> LiveSession:
    """Opens the meeting in the room on its first agenda item (again: nothing changes)."""
    if meeting.status == "cancelled":
        raise LiveError("cancelled")
    live = session_of(meeting)
    if live is None:
        items = _items(meeting)
        live = LiveSession(meeting_id=meeting.id, started_at=now, current_item_id=items[0].id if items else None,
                           item_started_at=now if items else None)
        db.session.add(live)
        version.changed(meeting.id)
    return live


def _live(meeting: Meeting) -> LiveSession:
    live = session_of(meeting)
    if live is None or live.ended_at is not None:
        raise LiveError("not_live")
    return live


def next_item(meeting: Meeting, now: datetime) -> AgendaItem | None:
    """Ends the intervention in progress and moves to the next agenda item (None past the last one)."""
    live = _live(meeting)
    end_intervention(meeting, now)
    items = _items(meeting)
    ids = [i.id for i in items]
    at = ids.index(live.current_item_id) + 1 if live.current_item_id in ids else 0
    item = items[at] if at < len(items) else None
    live.current_item_id, live.item_started_at = (item.id if item else None), (now if item else None)
    version.changed(meeting.id)
    return item


def end(meeting: Meeting, now: datetime) -> None:
    live = _live(meeting)
    end_intervention(meeting, now)
    live.ended_at = now
    version.changed(meeting.id)


def _member_constituency(member: Member) -> str | None:
    if member.constituency or member.organisation_id is None:
        return member.constituency
    org = db.session.get(Organisation, (member.tenant_id, member.organisation_id))
    return org.constituency if org else None


def waiting(meeting: Meeting) -> list[SpeakerRequest]:
    return list(db.session.scalars(select(SpeakerRequest).where(SpeakerRequest.meeting_id == meeting.id,
                                                                SpeakerRequest.status == "waiting")))


def ask(meeting: Meeting, member: Member, now: datetime) -> SpeakerRequest:
    """A member asks for the floor (from their phone); asking again keeps their place."""
    live = _live(meeting)
    mine = next((r for r in waiting(meeting) if r.member_id == member.id), None)
    if mine is not None:
        return mine
    req = SpeakerRequest(meeting_id=meeting.id, agenda_item_id=live.current_item_id, member_id=member.id,
                         name=member.name, constituency=_member_constituency(member), gender=member.gender,
                         requested_at=now, by_chair=False, status="waiting")
    db.session.add(req)
    version.changed(meeting.id)
    return req


def _person(name: str, constituency: str | None, gender: str | None) -> tuple[str, str | None, str]:
    name = " ".join((name or "").split())[:200]
    if not name:
        raise LiveError("name")
    if constituency and constituency not in CONSTITUENCIES:
        raise LiveError("constituency")
    if gender and gender not in GENDERS:
        raise LiveError("gender")
    return name, constituency or None, gender or "undisclosed"


def add_speaker(meeting: Meeting, now: datetime, name: str, constituency: str | None = None,
                gender: str | None = None, member: Member | None = None) -> SpeakerRequest:
    """The chair adds someone who raised a hand in the room: a member (their own details) or anyone named."""
    live = _live(meeting)
    if member is not None:
        name, constituency, gender = member.name, _member_constituency(member), member.gender
    name, constituency, gender = _person(name, constituency, gender)
    req = SpeakerRequest(meeting_id=meeting.id, agenda_item_id=live.current_item_id,
                         member_id=member.id if member else None, name=name, constituency=constituency,
                         gender=gender, requested_at=now, by_chair=True, status="waiting")
    db.session.add(req)
    version.changed(meeting.id)
    return req


def withdraw(req: SpeakerRequest) -> None:
    if req.status == "waiting":
        req.status = "withdrawn"
        version.changed(req.meeting_id)


def speaker_key(member_id: int | None, name: str) -> str:
    return f"m{member_id}" if member_id else name.casefold()


def spoken(meeting: Meeting, item_id: int | None) -> list[queue.Spoke]:
    rows = db.session.execute(select(Intervention.member_id, Intervention.name, Intervention.gender,
                                     Intervention.constituency)
                              .where(Intervention.meeting_id == meeting.id, Intervention.agenda_item_id == item_id)
                              .order_by(Intervention.started_at, Intervention.id)).all()
    return [queue.Spoke(speaker_key(r.member_id, r.name), r.gender, r.constituency) for r in rows]


def entry(req: SpeakerRequest) -> queue.Entry:
    return queue.Entry(req.id, speaker_key(req.member_id, req.name), req.gender, req.constituency, req.requested_at,
                       req.rank)


def ordered(meeting: Meeting, requests: list[SpeakerRequest], item_id: int | None,
            spoke: list[queue.Spoke] | None = None) -> list[SpeakerRequest]:
    by_id = {r.id: r for r in requests}
    spoke = spoken(meeting, item_id) if spoke is None else spoke
    return [by_id[e.id] for e in queue.order([entry(r) for r in requests], policy(), spoke)]


def move_up(meeting: Meeting, req: SpeakerRequest) -> None:
    """The chair moves someone one place up: the queue as shown becomes the chair's order."""
    live = _live(meeting)
    requests = waiting(meeting)
    if req not in requests:
        raise LiveError("not_waiting")
    ranks = queue.moved_up([entry(r) for r in ordered(meeting, requests, live.current_item_id)], req.id)
    for r in requests:
        r.rank = ranks[r.id]
    version.changed(meeting.id)


def _refresh_counters(meeting_id: int) -> None:
    db.session.flush()
    counters.refresh(current_tenant_id(), meeting_id)


def end_intervention(meeting: Meeting, now: datetime) -> Intervention | None:
    """The chair ends the intervention in progress: its duration is kept and the meeting's floor time counted."""
    live = session_of(meeting)
    if live is None or live.speaking_id is None:
        return None
    iv = db.session.get(Intervention, (meeting.tenant_id, live.speaking_id))
    live.speaking_id = None
    version.changed(meeting.id)
    if iv is None:
        return None
    iv.seconds = max(0, int((now - iv.started_at).total_seconds()))
    _refresh_counters(meeting.id)
    return iv


def give_floor(meeting: Meeting, req: SpeakerRequest, now: datetime) -> Intervention:
    """Gives the floor to someone in the queue (whoever had it is done); their intervention starts now."""
    live = _live(meeting)
    if req.status != "waiting" or req.meeting_id != meeting.id:
        raise LiveError("not_waiting")
    end_intervention(meeting, now)
    req.status = "given"
    iv = Intervention(meeting_id=meeting.id, agenda_item_id=live.current_item_id, member_id=req.member_id,
                      name=req.name, constituency=req.constituency, gender=req.gender, started_at=now,
                      source="live")
    db.session.add(iv)
    db.session.flush()
    live.speaking_id = iv.id
    version.changed(meeting.id)
    return iv


def next_speaker(meeting: Meeting, now: datetime) -> Intervention | None:
    """Gives the floor to the first in the queue, in the forum's order."""
    live = _live(meeting)
    first = next(iter(ordered(meeting, waiting(meeting), live.current_item_id)), None)
    return give_floor(meeting, first, now) if first is not None else None


def _item_of(meeting: Meeting, item_id: int | None) -> int | None:
    if item_id is None:
        return None
    item = db.session.get(AgendaItem, (meeting.tenant_id, item_id))
    if item is None or item.meeting_id != meeting.id:
        raise LiveError("item")
    return item.id


def enter_intervention(meeting: Meeting, *, name: str, constituency: str | None, gender: str | None,
                       item_id: int | None, started_at: datetime, seconds: int,
                       member: Member | None = None) -> Intervention:
    """The secretariat enters an intervention afterwards, from its notes of a room without internet (audited)."""
    if member is not None:
        name, constituency, gender = member.name, _member_constituency(member), member.gender
    name, constituency, gender = _person(name, constituency, gender)
    if seconds < 0:
        raise LiveError("seconds")
    iv = Intervention(meeting_id=meeting.id, agenda_item_id=_item_of(meeting, item_id),
                      member_id=member.id if member else None, name=name, constituency=constituency, gender=gender,
                      started_at=started_at, seconds=seconds, source="notes")
    db.session.add(iv)
    db.session.flush()
    audit.record("enter", "intervention", iv.id, ("name", "constituency", "gender", "seconds"))
    _refresh_counters(meeting.id)
    version.changed(meeting.id)
    return iv


def correct_intervention(meeting: Meeting, iv: Intervention, now: datetime, **values: object) -> list[str]:
    """Corrects a recorded intervention (a wrong name, constituency, gender, item or duration); audited."""
    if iv.meeting_id != meeting.id:
        raise LiveError("not_found")
    if "name" in values or "constituency" in values or "gender" in values:
        values["name"], values["constituency"], values["gender"] = _person(
            str(values.get("name", iv.name)), values.get("constituency", iv.constituency),  # type: ignore[arg-type]
            values.get("gender", iv.gender))  # type: ignore[arg-type]
    if "agenda_item_id" in values:
        values["agenda_item_id"] = _item_of(meeting, values["agenda_item_id"])  # type: ignore[arg-type]
    if "seconds" in values and (values["seconds"] is None or int(values["seconds"]) < 0):  # type: ignore[arg-type]
        raise LiveError("seconds")
    changed = [k for k, v in values.items() if k in ("name", "constituency", "gender", "agenda_item_id", "seconds")
               and getattr(iv, k) != v]
    for k in changed:
        setattr(iv, k, values[k])
    if changed:
        iv.corrected_at = now
        audit.record("correct", "intervention", iv.id, changed)
        _refresh_counters(meeting.id)
        version.changed(meeting.id)
    return changed


def add_floor_statement(meeting: Meeting) -> bool:
    """Appends the meeting's floor-time statement (turns and time by gender and by constituency, no names) to its
    minutes, in the meeting's language; a draft is started if there are none. False when no turn is counted."""
    from flask_babel import force_locale

    from webapp.inclusion.explain import voice_group
    from webapp.live import parity
    from webapp.meetings.outcomes import services as outcomes

    lines = parity.statement(meeting.floor_counts or {})
    if not lines:
        return False
    with force_locale(languages.interface_of(meeting.language)):
        text = parity.statement_text(lines, voice_group)
    minutes = outcomes.minutes_of(meeting)
    body = f"{minutes.body_md.rstrip()}\n\n{text}\n" if minutes and minutes.body_md.strip() else f"{text}\n"
    outcomes.save_minutes(meeting, body, minutes.non_attributed if minutes else False,
                          minutes.visibility if minutes else "members")
    return True
