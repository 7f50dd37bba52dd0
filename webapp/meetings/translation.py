"""The translator's reads (issue 27): what of a meeting can be translated, side by side with what is translated,
and a queue per language of meetings whose texts still need translating, most urgent first.

Agenda items, decisions and minutes are written in their meeting's language (``Meeting.language``): they carry
no language of their own, so they cannot disagree with it."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import and_, select

from tenants.context import current_tenant_id
from webapp.core import content
from webapp.core import visibility as vis
from webapp.core.visibility import Reader
from webapp.extensions import db
from webapp.meetings.models import AgendaItem, Decision, Meeting, Minutes

MEETING_FIELDS = ("title", "expected_outputs", "summary")


@dataclass
class Unit:
    """One translatable text: which object and field, its original, and the translation in the chosen language."""

    kind: str
    object_id: int
    field: str
    original: str
    draft: content.Draft | None = None

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.object_id}-{self.field}"

    @property
    def one_line(self) -> bool:
        return self.field == "title"

    @property
    def change(self) -> object:
        """What changed in the original since the translation was made (escaped markup), or None."""
        if self.draft is None or not self.draft.stale or self.draft.source_text is None:
            return None
        return content.word_diff(self.draft.source_text, self.original)

    @property
    def needed(self) -> bool:
        return self.draft is None or self.draft.stale


DRAFT_FIELDS = ("title", "expected_outputs")  # what translating grants of a draft (core/visibility.py)


def _units(meetings: list[Meeting], reader: Reader) -> list[Unit]:
    """The texts of ``meetings`` this reader may read (webapp/core/visibility.py): of a draft shown only because
    they translate, its title, expected outputs and agenda; decisions and minutes as their role reads them
    (minutes once circulated, unless they are the secretariat or a chair)."""
    units = [Unit("meeting", m.id, f, getattr(m, f)) for m in meetings
             for f in (DRAFT_FIELDS if vis.draft_fields_only(reader, m.status) else MEETING_FIELDS) if getattr(m, f)]
    ids = [m.id for m in meetings]
    full = [m.id for m in meetings if not vis.draft_fields_only(reader, m.status)]
    tid = current_tenant_id()
    if ids:
        for item_id, title in db.session.execute(select(AgendaItem.id, AgendaItem.title).where(
                AgendaItem.tenant_id == tid, AgendaItem.meeting_id.in_(ids))
                .order_by(AgendaItem.meeting_id, AgendaItem.position)):
            units.append(Unit("agenda_item", item_id, "title", title))
    if full:
        for decision_id, text in db.session.execute(select(Decision.id, Decision.text).join(
                Meeting, and_(Meeting.tenant_id == Decision.tenant_id, Meeting.id == Decision.meeting_id)).where(
                Decision.tenant_id == tid, Decision.meeting_id.in_(full),
                vis.decision_sql(reader, Decision.visibility, Meeting.visibility)).order_by(Decision.id)):
            units.append(Unit("decision", decision_id, "text", text))
        for minutes_id, body in db.session.execute(select(Minutes.id, Minutes.body_md).join(
                Meeting, and_(Meeting.tenant_id == Minutes.tenant_id, Meeting.id == Minutes.meeting_id)).where(
                Minutes.tenant_id == tid, Minutes.meeting_id.in_(full), Minutes.body_md != "",
                vis.minutes_sql(reader, Minutes.visibility, Minutes.status, Meeting.visibility))):
            units.append(Unit("minutes", minutes_id, "body_md", body))
    return units


def _with_drafts(units: list[Unit], locale: str) -> list[Unit]:
    for kind in {u.kind for u in units}:
        mine = [u for u in units if u.kind == kind]
        found = content.drafts(kind, {(u.object_id, u.field): u.original for u in mine}, locale)
        for u in mine:
            u.draft = found.get((u.object_id, u.field))
    return units


def units(m: Meeting, locale: str, reader: Reader) -> list[Unit]:
    """The meeting's texts the reader may read (title, expected outputs, summary, agenda items, decisions,
    minutes) beside their translation in ``locale``; a few queries whatever their number."""
    return _with_drafts(_units([m], reader), locale)


def agenda_item_meeting(meeting_ids: list[int]) -> dict[int, int]:
    tid = current_tenant_id()
    return dict(db.session.execute(select(AgendaItem.id, AgendaItem.meeting_id).where(
        AgendaItem.tenant_id == tid, AgendaItem.meeting_id.in_(meeting_ids))).all())


@dataclass
class QueueRow:
    meeting: Meeting
    missing: int
    stale: int
    upcoming: bool


def queue(locale: str, reader: Reader, limit: int = 30) -> list[QueueRow]:
    """Meetings with texts not yet (or no longer) translated into ``locale``, most urgent first: the coming
    meetings, soonest first (their agenda goes out with the notice), then public meetings, latest first; only the
    texts the reader may read (``_units``)."""
    tid, now = current_tenant_id(), datetime.now(UTC)
    # drafts too, whose visibility the reader sees: their agenda is best translated before the notice goes out
    base = select(Meeting).where(Meeting.tenant_id == tid, Meeting.language != locale,
                                 Meeting.status != "cancelled",
                                 vis.meeting_sql(reader, Meeting.visibility, Meeting.status, translating=True))
    coming = list(db.session.scalars(base.where(Meeting.end_at >= now).order_by(Meeting.start_at).limit(limit)))
    public = list(db.session.scalars(base.where(Meeting.end_at < now, vis.public_sql(Meeting.visibility))
                                     .order_by(Meeting.start_at.desc()).limit(limit)))
    meetings = coming + public
    found = _with_drafts(_units(meetings, reader), locale)
    owner = agenda_item_meeting([m.id for m in meetings])
    decision_owner = dict(db.session.execute(select(Decision.id, Decision.meeting_id).where(
        Decision.tenant_id == tid, Decision.meeting_id.in_([m.id for m in meetings]))).all()) if meetings else {}
    rows = []
    for m in meetings:
        mine = [u for u in found if (u.kind == "meeting" and u.object_id == m.id)
                or (u.kind == "agenda_item" and owner.get(u.object_id) == m.id)
                or (u.kind == "decision" and decision_owner.get(u.object_id) == m.id)]
        missing = sum(1 for u in mine if u.draft is None)
        stale = sum(1 for u in mine if u.draft is not None and u.draft.stale)
        if missing or stale:
            rows.append(QueueRow(m, missing, stale, m in coming))
    return rows


def kind_units(kind: content.Kind, locale: str, reader: Reader) -> list[Unit]:
    """The forum's texts of one registered kind (committee names, action items ...) the reader may read, beside
    their translation."""
    found = content.originals(kind, reader)
    drafts = content.drafts(kind.name, found, locale)
    return [Unit(kind.name, oid, field, text, drafts.get((oid, field))) for (oid, field), text in found.items()]
