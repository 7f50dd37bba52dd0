"""What happens in the room and after: attendance and quorum, minutes, decisions and positions,
published outcomes, decision reviews, search. Services flush, never commit."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import (
    BigInteger,
    String,
    Text,
    and_,
    bindparam,
    cast,
    func,
    literal,
    select,
    union_all,
    update,
)
from sqlalchemy.dialects.postgresql import TSQUERY

from tenants.context import current_tenant
from webapp.core import audit, deletion, languages
from webapp.core import search as search_sql
from webapp.core import visibility as vis
from webapp.core.content import ContentTranslation, translation_vector
from webapp.core.service_errors import tenant_id_or
from webapp.core.visibility import Reader
from webapp.extensions import db
from webapp.meetings.interfaces import SEARCH_ACTIONS
from webapp.meetings.models import (
    POSITIONS,
    VISIBILITIES,
    AgendaItem,
    Decision,
    DecisionPosition,
    Invitation,
    Meeting,
    Minutes,
    MinutesVersion,
    SelfCheckin,
)
from webapp.meetings.outcomes.markdown import ALLOWED_TAGS, render_markdown  # noqa: F401  (callers ask services)
from webapp.meetings.outcomes.queries import may_approve, quorum_for  # noqa: F401  (callers ask services)
from webapp.meetings.quorum import QuorumResult
from webapp.meetings.services import MeetingError, set_translation
from webapp.members.models import CONSTITUENCIES, Member
from webapp.notices import services as notices


def _tid() -> int:
    return tenant_id_or(MeetingError)


# --- attendance and quorum ------------------------------------------------------------------

def set_attendance(invitation: Invitation, present: bool) -> None:
    invitation.attended = present
    db.session.flush()
    audit.record("attendance", "meeting", invitation.meeting_id, ["attended"])


def confirm_checkins(meeting: Meeting, member_id: int | None = None, now: datetime | None = None) -> int:
    """The secretariat confirms self check-ins (issue 39): all of them, or one member's; each confirmed member's
    invitation (their own, or the one they stand in for) is marked present, so it counts toward quorum. Returns how
    many were confirmed."""
    tid = _tid()
    stmt = select(SelfCheckin).where(SelfCheckin.tenant_id == tid, SelfCheckin.meeting_id == meeting.id,
                                     SelfCheckin.confirmed_at.is_(None))
    if member_id is not None:
        stmt = stmt.where(SelfCheckin.member_id == member_id)
    rows = list(db.session.scalars(stmt.with_for_update()))
    invitations = list(db.session.scalars(select(Invitation).where(
        Invitation.tenant_id == tid, Invitation.meeting_id == meeting.id)))
    for row in rows:
        inv = next((i for i in invitations if i.member_id == row.member_id), None) or \
            next((i for i in invitations if i.represented_by_id == row.member_id), None)
        if inv is not None:
            inv.attended = True
        row.confirmed_at = now or datetime.now(UTC)
    if rows:
        db.session.flush()
        audit.record("checkins_confirmed", "meeting", meeting.id, ["attended"])
    return len(rows)


def quorum_sentence(result: QuorumResult) -> str:
    text = _("Quorum reached: %(present)d of %(seats)d voting members present (%(needed)d needed).",
             present=result.present, seats=result.seats, needed=result.needed) if result.reached else \
        _("Quorum not reached: %(present)d of %(seats)d voting members present (%(needed)d needed).",
          present=result.present, seats=result.seats, needed=result.needed)
    if result.missing_core:
        text += " " + _("No one present for: %(constituencies)s.", constituencies=", ".join(result.missing_core))
    return text


# --- minutes --------------------------------------------------------------------------------

def minutes_of(meeting: Meeting) -> Minutes | None:
    return db.session.scalar(select(Minutes).where(Minutes.tenant_id == _tid(), Minutes.meeting_id == meeting.id))


def save_minutes(meeting: Meeting, body_md: str, non_attributed: bool, visibility: str) -> Minutes:
    if visibility not in VISIBILITIES:
        raise MeetingError("visibility", "invalid")
    minutes = minutes_of(meeting)
    if minutes is None:
        minutes = Minutes(meeting_id=meeting.id)
        db.session.add(minutes)
    minutes.body_md, minutes.body_html = body_md, render_markdown(body_md)
    minutes.non_attributed, minutes.visibility = non_attributed, visibility
    if minutes.status == "approved":  # a change after approval needs a new approval
        minutes.status, minutes.approved_by, minutes.approved_at = "circulated", None, None
    db.session.flush()
    audit.record("updated", "minutes", minutes.id, ["body"])
    return minutes


def circulate_minutes(meeting: Meeting, by: Member | None = None) -> int:
    """Draft minutes go to the invitees as a new version (kept as they got it, with who circulated it and when);
    returns how many are told."""
    minutes = minutes_of(meeting)
    if minutes is None or not minutes.body_md.strip():
        raise MeetingError("minutes", "empty")
    number = None
    if minutes.status == "draft":
        minutes.status = "circulated"
        number = (db.session.scalar(select(func.max(MinutesVersion.number)).where(
            MinutesVersion.tenant_id == _tid(), MinutesVersion.minutes_id == minutes.id)) or 0) + 1
        db.session.add(MinutesVersion(minutes_id=minutes.id, number=number, body_md=minutes.body_md,
                                      body_html=minutes.body_html, non_attributed=minutes.non_attributed,
                                      visibility=minutes.visibility, circulated_by_id=by.id if by else None))
    db.session.flush()
    audit.record("circulated", "minutes", minutes.id)
    from webapp.meetings.services import _notify_invitees

    # each version is news of its own: its notices are not taken for duplicates of the first circulation's
    return _notify_invitees(meeting, "minutes_circulated", round_=number if number and number > 1 else None)


def send_back_minutes(meeting: Meeting, approver: Member, comments: str) -> MinutesVersion:
    """The approver returns circulated minutes with comments: they are kept with the version they concern, the minutes
    are a draft again for the secretariat to edit, and the secretariat is told by e-mail."""
    minutes = minutes_of(meeting)
    if minutes is None or minutes.status != "circulated":
        raise MeetingError("minutes", "not_circulated")
    if not may_approve(approver, meeting):
        raise MeetingError("minutes", "not_allowed")
    comments = comments.strip()
    if not comments:
        raise MeetingError("comments", "required")
    version = db.session.scalar(select(MinutesVersion).where(
        MinutesVersion.tenant_id == _tid(), MinutesVersion.minutes_id == minutes.id)
        .order_by(MinutesVersion.number.desc()).limit(1))
    if version is None:  # circulated before versions were kept: this text becomes the first
        version = MinutesVersion(minutes_id=minutes.id, number=1, body_md=minutes.body_md, body_html=minutes.body_html,
                                 non_attributed=minutes.non_attributed, visibility=minutes.visibility)
        db.session.add(version)
    version.comments, version.returned_by_id, version.returned_at = comments, approver.id, datetime.now(UTC)
    minutes.status = "draft"
    db.session.flush()
    audit.record("sent_back", "minutes", minutes.id, ["comments"])
    secretariat = db.session.execute(select(Member.id, Member.name, Member.email, Member.locale).where(
        Member.tenant_id == _tid(), Member.role == "secretariat", Member.active, Member.email.is_not(None),
        Member.erased_at.is_(None))).all()
    notices.queue_notices("minutes_sent_back", [
        {"member_id": mid, "email": email, "name": name, "locale": locale,
         "payload": {"meeting_id": meeting.id, "comments": comments[:2000], "by": approver.name,
                     "version": version.number},
         "dedupe_key": f"minutes-sent-back:{minutes.id}:{version.number}:{mid}"}
        for mid, name, email, locale in secretariat])
    return version


def start_from_agenda(meeting: Meeting) -> Minutes:
    """An empty draft gets one heading per agenda item, in order, in the meeting's language; text already written is
    never replaced."""
    minutes = minutes_of(meeting)
    if minutes is not None and (minutes.body_md.strip() or minutes.status != "draft"):
        raise MeetingError("minutes", "not_empty")
    items = db.session.scalars(select(AgendaItem).where(AgendaItem.tenant_id == _tid(),
                                                        AgendaItem.meeting_id == meeting.id)
                               .order_by(AgendaItem.position)).all()
    if not items:
        raise MeetingError("agenda", "empty")
    with force_locale(languages.interface_of(meeting.language)):
        body = "\n\n\n\n".join("## " + _("Item %(number)d: %(title)s", number=i, title=item.title)
                                 for i, item in enumerate(items, start=1)) + "\n"
    if minutes is None:
        minutes = Minutes(meeting_id=meeting.id, visibility=meeting.visibility)
        db.session.add(minutes)
    minutes.body_md, minutes.body_html = body, render_markdown(body)
    db.session.flush()
    audit.record("started_from_agenda", "minutes", minutes.id, ["body"])
    return minutes


def approve_minutes(meeting: Meeting, approver: Member) -> Minutes:
    minutes = minutes_of(meeting)
    if minutes is None or minutes.status == "draft":
        raise MeetingError("minutes", "not_circulated")
    if not may_approve(approver, meeting):
        raise MeetingError("minutes", "not_allowed")
    with force_locale(languages.interface_of(meeting.language)):
        minutes.quorum_note = quorum_sentence(quorum_for(meeting))
    minutes.status, minutes.approved_by, minutes.approved_at = "approved", approver.name, datetime.now(UTC)
    if meeting.status == "notified":
        meeting.status = "held"
    db.session.flush()
    audit.record("approved", "minutes", minutes.id)
    return minutes


# --- decisions ------------------------------------------------------------------------------

def save_decision(meeting: Meeting, decision: Decision | None, *, text: str, agenda_item_id: int | None,
                  visibility: str | None = None, policy_outcome: str | None, review_on: date | None,
                  positions: dict[str, str], translations: dict[str, str] | None = None) -> Decision:
    tid = _tid()
    if not text.strip():
        raise MeetingError("text", "required")
    if visibility is None:  # by default a decision is seen by those who see its meeting
        visibility = decision.visibility if decision is not None else meeting.visibility
    if visibility not in VISIBILITIES:
        raise MeetingError("visibility", "invalid")
    if agenda_item_id is not None and db.session.scalar(select(AgendaItem.id).where(
            AgendaItem.tenant_id == tid, AgendaItem.meeting_id == meeting.id, AgendaItem.id == agenda_item_id)) is None:
        raise MeetingError("agenda_item_id", "invalid")
    if any(c not in CONSTITUENCIES or p not in POSITIONS for c, p in positions.items() if p):
        raise MeetingError("positions", "invalid")
    if decision is None:
        decision = Decision(meeting_id=meeting.id)
        db.session.add(decision)
    decision.text, decision.agenda_item_id, decision.visibility = text.strip(), agenda_item_id, visibility
    decision.policy_outcome, decision.review_on = (policy_outcome or "").strip() or None, review_on
    db.session.flush()
    existing = {p.constituency: p for p in db.session.scalars(select(DecisionPosition).where(
        DecisionPosition.tenant_id == tid, DecisionPosition.decision_id == decision.id))}
    for constituency, position in positions.items():
        row = existing.get(constituency)
        if not position and row is not None:
            db.session.delete(row)
        elif position and row is None:
            db.session.add(DecisionPosition(decision_id=decision.id, constituency=constituency, position=position))
        elif position and row is not None:
            row.position = position
    for locale, translated in (translations or {}).items():
        set_translation("decision", decision.id, "text", locale, translated, source=decision.text)
    db.session.flush()
    audit.record("saved", "decision", decision.id, ["text", "positions"])
    return decision


def remind_decision_reviews(today: date) -> int:
    """Tells the secretariat of each decision whose review date has come (once per decision and date)."""
    tid = _tid()
    due = db.session.execute(select(Decision.id, Decision.text, Decision.review_on, Decision.meeting_id).where(
        Decision.tenant_id == tid, Decision.review_on.is_not(None), Decision.review_on <= today)).all()
    if not due:
        return 0
    secretariat = db.session.scalars(select(Member).where(
        Member.tenant_id == tid, Member.role == "secretariat", Member.active, Member.email.is_not(None))).all()
    recipients = [{"member_id": s.id, "email": s.email, "name": s.name, "locale": s.locale,
                   "payload": {"decision": text[:300], "review_on": review_on.isoformat(), "meeting_id": meeting_id},
                   "dedupe_key": f"decision-review:{decision_id}:{review_on}:{s.id}"}
                  for decision_id, text, review_on, meeting_id in due for s in secretariat]
    return len(notices.queue_notices("decision_review", recipients))


# --- published outcomes ---------------------------------------------------------------------

def publish_outcomes(meeting: Meeting, summary: str, translations: dict[str, str] | None = None) -> int:
    if not summary.strip():
        raise MeetingError("summary", "required")
    if meeting.status in ("draft", "cancelled"):
        raise MeetingError("status", "invalid")
    meeting.summary = summary.strip()
    first = meeting.outcomes_published_at is None
    meeting.status, meeting.outcomes_published_at = "outcomes_published", meeting.outcomes_published_at or \
        datetime.now(UTC)
    for locale, text in (translations or {}).items():
        set_translation("meeting", meeting.id, "summary", locale, text, source=meeting.summary)
    db.session.flush()
    audit.record("published", "meeting", meeting.id, ["summary"])
    from tenants.models import Tenant

    # kept on the tenants row for the public directory (an UPDATE: the tenant object may be detached)
    db.session.execute(update(Tenant).where(Tenant.id == _tid()).values(last_published_at=func.now()))
    if not first:
        return 0
    members = db.session.execute(select(Member.id, Member.name, Member.email, Member.locale).where(
        Member.tenant_id == _tid(), Member.active, Member.email.is_not(None), Member.erased_at.is_(None))).all()
    return len(notices.queue_notices("outcomes_published", [
        {"member_id": mid, "email": email, "name": name, "locale": locale, "payload": {"meeting_id": meeting.id},
         "dedupe_key": f"outcomes:{meeting.id}:{mid}"} for mid, name, email, locale in members]))


# --- search ---------------------------------------------------------------------------------

@dataclass
class SearchPage:
    """One page of results (dicts: kind, object_id, meeting_id, title, text, at, rank, and title_html and excerpt:
    safe HTML with the matched words in <mark>), best first."""

    results: list[dict[str, Any]]
    total: int
    page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // search_sql.PAGE_SIZE))

    @property
    def groups(self) -> list[tuple[str, list[dict[str, Any]]]]:
        """The page's results by kind (meetings, agenda items, minutes...), the kind of the best result first."""
        by_kind: dict[str, list[dict[str, Any]]] = {}
        for r in self.results:
            by_kind.setdefault(r["kind"], []).append(r)
        return list(by_kind.items())


def search(q: str, reader: Reader, page: int = 1,
           member: Any = None) -> SearchPage:  # noqa: ANN401  (member: the reader, a Member or None)
    """Full-text search over what the reader may see (webapp/core/visibility.py, the same rule as the pages):
    meetings (and their translations), agenda items, minutes, decisions (and their translations) and, through the
    actions feature, action items. Reads the stored, GIN-indexed search vectors (webapp/core/search.py); two
    statements (the words parsed, then one page of the ranked results)."""
    q = q.strip()[:search_sql.MAX_QUERY]
    page = max(1, page)
    if not q:
        return SearchPage([], 0, page)
    tid = _tid()
    words = search_sql.parsed_text(q)
    if words is None:
        return SearchPage([], 0, page)
    actions = SEARCH_ACTIONS()(member)  # (who reads, as a key; the SELECT of their items)
    # the statement depends on the reader's visibility class for meetings, minutes and decisions, and on the reader
    # of action items (their own items: a key of its own)
    key = (tid, reader.visibility_class, actions[0] if actions else None)
    stmt = _SEARCHES.get(key)
    if stmt is None:
        if len(_SEARCHES) >= 1000:
            _SEARCHES.clear()
        stmt = _SEARCHES[key] = _search_statement(tid, reader, actions[1] if actions else None)
    rows = db.session.execute(stmt, {"words": words, "skip": (page - 1) * search_sql.PAGE_SIZE}).all()
    if not rows and page > 1:  # past the last page (an old link, a hand-made URL): the first page
        return search(q, reader, 1, member)
    total = rows[0].total if rows else 0
    results = []
    for r in rows:
        result = dict(r._mapping)
        result["title_html"] = search_sql.marked(result.pop("title_marked"))
        result["excerpt"] = search_sql.marked(result["text"], from_html=result["kind"] == "minutes")
        results.append(result)
    return SearchPage(results, total, page)


# The search's statement per (forum, reader's visibility class, reader of action items), built once per process:
# building it costs more than running it. The reader's words and the page are its parameters.
_SEARCHES: dict[tuple[Any, ...], Any] = {}


def _search_statement(tid: int, reader: Reader, actions: Any) -> Any:  # noqa: ANN401
    query = cast(bindparam("words", type_=Text), TSQUERY)
    tenant = current_tenant()
    forum_locale = tenant.default_locale if tenant is not None else "en"  # an action item's language
    meeting_ok = and_(Meeting.tenant_id == tid, vis.meeting_sql(reader, Meeting.visibility, Meeting.status))
    on_meeting = {model: and_(Meeting.tenant_id == model.tenant_id, Meeting.id == model.meeting_id)
                  for model in (Minutes, Decision, AgendaItem)}
    found = search_sql.matches
    rank = search_sql.rank
    translated = translation_vector()  # read through its expression index (migration 0060)
    sources = [
        select(literal("meeting").label("kind"), Meeting.id.label("object_id"), Meeting.id.label("meeting_id"),
               Meeting.title.label("title"),
               # a meeting's excerpt: its outcomes once published, else what it is to produce (issue 33)
               func.coalesce(Meeting.summary, Meeting.expected_outputs).label("text"), Meeting.start_at.label("at"),
               rank(Meeting.search_vector, query).label("rank"), Meeting.language.label("lang"))
        .where(meeting_ok, found(Meeting.search_vector, query)),
        select(literal("meeting"), Meeting.id, Meeting.id, Meeting.title, ContentTranslation.text,
               Meeting.start_at, rank(translated, query), ContentTranslation.locale)
        .join(Meeting, and_(Meeting.tenant_id == ContentTranslation.tenant_id,
                            Meeting.id == ContentTranslation.object_id))
        .where(meeting_ok, ContentTranslation.tenant_id == tid, ContentTranslation.object_type == "meeting",
               found(translated, query)),
        select(literal("agenda_item"), AgendaItem.id, Meeting.id, Meeting.title, AgendaItem.title, Meeting.start_at,
               rank(AgendaItem.search_vector, query), Meeting.language)
        .join(Meeting, on_meeting[AgendaItem])
        .where(meeting_ok, AgendaItem.tenant_id == tid, found(AgendaItem.search_vector, query)),
        # an agenda item in another language: found by its translation (a Twi item, issue 46)
        select(literal("agenda_item"), AgendaItem.id, Meeting.id, Meeting.title, ContentTranslation.text,
               Meeting.start_at, rank(translated, query), ContentTranslation.locale)
        .join(AgendaItem, and_(AgendaItem.tenant_id == ContentTranslation.tenant_id,
                               AgendaItem.id == ContentTranslation.object_id))
        .join(Meeting, on_meeting[AgendaItem])
        .where(meeting_ok, ContentTranslation.tenant_id == tid, ContentTranslation.object_type == "agenda_item",
               AgendaItem.tenant_id == tid, found(translated, query)),
        # the minutes' words, not their Markdown ("## Summary of discussions", issue 33): the rendered body's text
        select(literal("minutes"), Minutes.id, Meeting.id, Meeting.title, search_sql.plain_html(Minutes.body_html),
               Meeting.start_at, rank(Minutes.search_vector, query), Meeting.language)
        .join(Meeting, on_meeting[Minutes])
        .where(meeting_ok, Minutes.tenant_id == tid, found(Minutes.search_vector, query),
               # draft minutes are the secretariat's working text: members search them once circulated
               vis.minutes_sql(reader, Minutes.visibility, Minutes.status, Meeting.visibility)),
        select(literal("decision"), Decision.id, Meeting.id, Meeting.title, Decision.text,
               Meeting.start_at, rank(Decision.search_vector, query), Meeting.language)
        .join(Meeting, on_meeting[Decision])
        .where(meeting_ok, Decision.tenant_id == tid, vis.decision_sql(reader, Decision.visibility, Meeting.visibility),
               found(Decision.search_vector, query)),
        select(literal("decision"), Decision.id, Meeting.id, Meeting.title, ContentTranslation.text,
               Meeting.start_at, rank(translated, query), ContentTranslation.locale)
        .join(Decision, and_(Decision.tenant_id == ContentTranslation.tenant_id,
                             Decision.id == ContentTranslation.object_id))
        .join(Meeting, on_meeting[Decision])
        .where(meeting_ok, ContentTranslation.tenant_id == tid, ContentTranslation.object_type == "decision",
               Decision.tenant_id == tid, vis.decision_sql(reader, Decision.visibility, Meeting.visibility),
               found(translated, query)),
        # a decision taken between meetings (its parent a proposal, issue 36): recorded when the proposal closed,
        # with the proposal's visibility; its first line is the proposal's title, the link is the proposal's page
        select(literal("proposal_decision"), Decision.proposal_id, literal(None, BigInteger),
               func.split_part(Decision.text, "\n", 1), Decision.text, Decision.created_at,
               rank(Decision.search_vector, query), literal(None, String))
        .where(Decision.tenant_id == tid, Decision.proposal_id.is_not(None), vis.level_sql(reader, Decision.visibility),
               found(Decision.search_vector, query)),
    ]
    if actions is not None:
        sources.append(actions(query))
    every = union_all(*sources).subquery()
    # an object found through its own text and a translation is listed once, at its best rank
    best = select(every, func.row_number().over(partition_by=(every.c.kind, every.c.object_id),
                                                 order_by=every.c.rank.desc()).label("n")).subquery()
    ranked = (select(best.c.kind, best.c.object_id, best.c.meeting_id, best.c.title, best.c.text, best.c.at,
                     best.c.rank, best.c.lang, func.count().over().label("total"))
              .where(best.c.n == 1)
              .order_by(best.c.rank.desc(), best.c.at.desc().nulls_last(), best.c.kind, best.c.object_id)
              .limit(search_sql.PAGE_SIZE).offset(bindparam("skip"))).subquery()
    # the page's rows only get their headlines: the title and an excerpt, matched words marked (issue 33)
    config = search_sql.config_for(func.coalesce(ranked.c.lang, literal(forum_locale)))
    return (select(ranked.c.kind, ranked.c.object_id, ranked.c.meeting_id, ranked.c.title, ranked.c.at,
                   ranked.c.rank, ranked.c.total,
                   search_sql.headline(config, ranked.c.title, query, whole=True).label("title_marked"),
                   search_sql.headline(config, ranked.c.text, query).label("text"))
            .order_by(ranked.c.rank.desc(), ranked.c.at.desc().nulls_last(), ranked.c.kind, ranked.c.object_id))


def delete_decision(decision: Decision) -> None:
    """A decision not yet published, with its positions and translations; refused once the meeting's outcomes are
    published, or while actions made from it exist (webapp/core/signals.py asks the actions feature)."""
    meeting = db.session.get(Meeting, (decision.tenant_id, decision.meeting_id))
    if meeting is not None and meeting.status == "outcomes_published":
        raise MeetingError("decision", "published")
    deletion.refuse_if_used("decision", decision.id, MeetingError, {"action_items": "has_action_items"})
    deletion.delete_with_translations(decision, "decision")
