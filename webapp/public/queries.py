"""Reads for a forum's public pages: public items only (what ``Reader.anyone()`` sees, webapp/core/visibility.py),
aggregates with small counts hidden."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, func, select

from tenants.context import current_tenant, current_tenant_id
from webapp.core.visibility import Reader, is_public, public_sql
from webapp.extensions import db
from webapp.meetings.models import Meeting
from webapp.members.membership import member_clause, membership
from webapp.members.models import Member, Organisation

SMALL = 5  # public aggregates hide counts below this: a small group's split names people


def organisations_by_constituency() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, constituency in db.session.execute(
            select(Organisation.name, Organisation.constituency).where(
                Organisation.tenant_id == current_tenant_id(),
                Organisation.id.in_(select(Member.organisation_id).where(
                    Member.tenant_id == current_tenant_id(), Member.active, Member.erased_at.is_(None))))
            .order_by(Organisation.name)):
        out.setdefault(constituency, []).append(name)
    return out


def consenting_names() -> list[tuple[str, str, str | None]]:
    """Names shown only with the member's consent: (name, role, organisation)."""
    return [(n, r, o) for n, r, o in db.session.execute(
        select(Member.name, Member.role, Organisation.name)
        .outerjoin(Organisation, and_(Organisation.tenant_id == Member.tenant_id,
                                      Organisation.id == Member.organisation_id))
        .where(Member.tenant_id == current_tenant_id(), Member.active, Member.consent_public_name,
               Member.erased_at.is_(None)).order_by(Member.name))]


HIDDEN_WITH_A_SMALL_GROUP = -1
PROTECTED = ("woman",)  # the figure the forum exists to show: never the one withheld to protect another group


def _worked_out(shown: dict[str, int | None], total: int) -> bool:
    """Whether a count under five (None: 1 to 4) could be worked out from the shown counts and the total by a reader
    who knows the rule (a withheld count is 5 or more): the hidden counts sum to what the shown ones leave, so each
    small one lies in an interval; a single possible value gives it away."""
    small = [k for k, v in shown.items() if v is None]
    withheld = sum(1 for v in shown.values() if v == HIDDEN_WITH_A_SMALL_GROUP)
    rest = total - sum(v for v in shown.values() if v is not None and v >= 0)
    others_low = len(small) - 1 + SMALL * withheld
    others_high = 4 * (len(small) - 1) if not withheld else rest
    return bool(small) and min(4, rest - others_low) == max(1, rest - others_high)


def suppress(counts: dict[str, int], protected: tuple[str, ...] = ()) -> dict[str, int | None]:
    """Counts below 5 become None. The total is public, so a small count that could be worked out from it and the
    other counts (a single hidden count, or two hidden 1s) is protected by withholding the smallest shown count too
    (HIDDEN_WITH_A_SMALL_GROUP), as statistics offices do, and again until none can; ``protected`` counts are
    withheld only when no other is left; when even that cannot protect it, no count is shown. A forum of fewer than
    five in all has every count hidden."""
    total = sum(counts.values())
    shown: dict[str, int | None] = {k: (n if n >= SMALL else None) for k, n in counts.items()}
    while total >= SMALL and _worked_out(shown, total):
        visible = [k for k, v in shown.items() if v is not None and v >= 0]
        candidates = [k for k in visible if k not in protected] or visible
        if not candidates:
            break
        shown[min(candidates, key=lambda k: (counts[k], k))] = HIDDEN_WITH_A_SMALL_GROUP
    if total >= SMALL and _worked_out(shown, total):  # e.g. a 1 beside a 5 and nothing else: no count is shown
        shown = dict.fromkeys(counts, HIDDEN_WITH_A_SMALL_GROUP)
    return shown


def gender_composition(by_gender: dict[str, int]) -> dict[str, int | None]:
    """Women, men, and "other or not stated" (another gender and not disclosed together), suppressed so that the
    women's count is never what protects another group: if it would be, men and "other or not stated" are shown as
    one count instead (``man_or_other``). The women's count is hidden only when it or the rest of the forum is a
    group under five."""
    merged = {"woman": by_gender.get("woman", 0), "man": by_gender.get("man", 0),
              "other_or_undisclosed": by_gender.get("another", 0) + by_gender.get("undisclosed", 0)}
    merged = {k: n for k, n in merged.items() if n}
    shown = suppress(merged, PROTECTED)
    if shown.get("woman") == HIDDEN_WITH_A_SMALL_GROUP:
        rest = {k: n for k, n in (("woman", merged["woman"]), ("man_or_other", sum(merged.values()) - merged["woman"]))
                if n}
        shown = suppress(rest, PROTECTED)
    return shown


def composition() -> dict[str, Any]:
    """The members (members/membership.py: observers and the secretariat apart) by constituency and by gender
    (gender_composition); any count below 5 is hidden (None), and so are more where a small count could otherwise be
    worked out from the total (-1). ``membership``: the figures the line under them states."""
    constituency = func.coalesce(Member.constituency, Organisation.constituency)
    base = (select(Member.gender, constituency.label("c"))
            .outerjoin(Organisation, and_(Organisation.tenant_id == Member.tenant_id,
                                          Organisation.id == Member.organisation_id))
            .where(Member.tenant_id == current_tenant_id(), member_clause()).subquery())
    by_c = {c or "other": n for c, n in db.session.execute(select(base.c.c, func.count()).group_by(base.c.c))}
    by_g = {g: n for g, n in db.session.execute(select(base.c.gender, func.count()).group_by(base.c.gender))}
    return {"constituency": suppress(by_c), "gender": gender_composition(by_g), "total": {"all": sum(by_g.values())},
            "membership": membership()}


def last_modified() -> datetime:
    """The newest change that the public home shows (for Last-Modified and the Atom feed)."""
    tid = current_tenant_id()
    latest = db.session.scalar(select(func.greatest(func.max(Meeting.created_at), func.max(Meeting.notified_at),
                                                    func.max(Meeting.outcomes_published_at)))
                               .where(Meeting.tenant_id == tid, public_sql(Meeting.visibility)))
    return latest or datetime(2026, 1, 1, tzinfo=UTC)


def announced(m: Meeting) -> bool:
    """A public meeting the public has heard of: anything but a draft called off before its notice went out."""
    return is_public(m.visibility) and (m.status != "cancelled" or m.notified_at is not None)


def upcoming_meetings() -> list[Meeting]:
    """The forum's upcoming announced public meetings, for its public home."""
    from webapp.meetings import queries as meetings

    return [m for m, _c, _i, _y in meetings.meetings(staff=False, upcoming=True) if announced(m)]


def latest_outcomes(limit: int) -> tuple[list[Any], bool]:
    """The newest published outcomes (at most ``limit``), and whether there are more."""
    from webapp.meetings.outcomes import queries as outcome_queries

    published = outcome_queries.published(limit=limit + 1)
    return published[:limit], len(published) > limit


def published_scorecard() -> Any | None:
    """The forum's inclusion score, if the forum publishes it."""
    if not current_tenant().setting("publish_scorecard"):
        return None
    from webapp.inclusion import services as inclusion

    return inclusion.scorecard(reader=Reader.anyone()).score  # the uptake of the public recommendations only


def feed_entries(limit: int = 50) -> list[Meeting]:
    """Public meetings with notice sent or outcomes published, newest first."""
    return list(db.session.scalars(select(Meeting).where(
        Meeting.tenant_id == current_tenant_id(), public_sql(Meeting.visibility),
        Meeting.status.in_(("notified", "held", "outcomes_published", "cancelled")),
        (Meeting.status != "cancelled") | Meeting.notified_at.is_not(None))  # a draft called off was never news
        .order_by(func.coalesce(Meeting.outcomes_published_at, Meeting.notified_at, Meeting.created_at).desc())
        .limit(limit)))


def webinar_schedule(per_series: int = 3) -> list[tuple[Any, list[tuple[Any, Any, str | None]]]]:
    """Public webinar series with their next sessions (planned or announced, not cancelled) and the chairing
    organisation: two queries whatever the number of series or sessions."""
    from webapp.webinars.models import Session, WebinarSeries

    tid = current_tenant_id()
    series = list(db.session.scalars(select(WebinarSeries).where(
        WebinarSeries.tenant_id == tid, public_sql(WebinarSeries.visibility)).order_by(WebinarSeries.title)))
    if not series:
        return []
    ranked = (select(Session.series_id, Session.meeting_id, Session.chair_org_id, Session.chair_status,
                     func.row_number().over(partition_by=Session.series_id, order_by=Meeting.start_at).label("n"))
              .join(Meeting, and_(Meeting.tenant_id == Session.tenant_id, Meeting.id == Session.meeting_id))
              .where(Session.tenant_id == tid, Session.series_id.in_([s.id for s in series]),
                     Meeting.start_at > func.now(), Meeting.status.in_(("draft", "notified")),
                     public_sql(Meeting.visibility)).subquery())
    rows = db.session.execute(
        select(ranked.c.series_id, Meeting, ranked.c.chair_status, Organisation.name)
        .join(Meeting, and_(Meeting.tenant_id == tid, Meeting.id == ranked.c.meeting_id))
        .outerjoin(Organisation, and_(Organisation.tenant_id == tid, Organisation.id == ranked.c.chair_org_id))
        .where(ranked.c.n <= per_series).order_by(ranked.c.series_id, Meeting.start_at)).all()
    sessions: dict[int, list[tuple[Any, Any, str | None]]] = {}
    for series_id, meeting, chair_status, org_name in rows:
        sessions.setdefault(series_id, []).append((meeting, chair_status, org_name))
    return [(s, sessions.get(s.id, [])) for s in series]


PUBLISHED_STATUSES = ("notified", "held", "outcomes_published")


def documents_of(meeting_ids: list[int]) -> dict[int, list[Any]]:
    """The papers of announced public meetings (name and size only; the file stays deferred), in one query."""
    from webapp.meetings.models import MeetingDocument

    if not meeting_ids:
        return {}
    tid = current_tenant_id()
    out: dict[int, list[Any]] = {}
    for doc in db.session.scalars(select(MeetingDocument).join(
            Meeting, and_(Meeting.tenant_id == MeetingDocument.tenant_id, Meeting.id == MeetingDocument.meeting_id))
            .where(MeetingDocument.tenant_id == tid, MeetingDocument.meeting_id.in_(meeting_ids),
                   public_sql(Meeting.visibility), Meeting.status.in_(PUBLISHED_STATUSES))
            .order_by(MeetingDocument.uploaded_at)):
        out.setdefault(doc.meeting_id, []).append(doc)
    return out


def public_document(meeting_id: int, doc_id: int) -> Any:
    from webapp.meetings.models import MeetingDocument

    tid = current_tenant_id()
    return db.session.scalar(select(MeetingDocument).join(
        Meeting, and_(Meeting.tenant_id == MeetingDocument.tenant_id, Meeting.id == MeetingDocument.meeting_id))
        .where(MeetingDocument.tenant_id == tid, MeetingDocument.meeting_id == meeting_id,
               MeetingDocument.id == doc_id, public_sql(Meeting.visibility), Meeting.status.in_(PUBLISHED_STATUSES)))


def public_meeting(meeting_id: int) -> Meeting | None:
    """An announced public meeting (notice sent, held, outcomes published, or cancelled after its notice): what
    the public calendar lists. Drafts, members-only and restricted meetings, and other forums' ids: None."""
    return db.session.scalar(select(Meeting).where(
        Meeting.tenant_id == current_tenant_id(), Meeting.id == meeting_id, public_sql(Meeting.visibility),
        Meeting.status.in_(PUBLISHED_STATUSES)
        | ((Meeting.status == "cancelled") & Meeting.notified_at.is_not(None))))


def meeting_last_modified(m: Meeting) -> datetime:
    """The last change to one meeting's public page: every change to a meeting, its agenda and its papers is
    audited against the meeting, and publishing outcomes stamps the meeting."""
    from webapp.core.audit import AuditEvent

    audited = db.session.scalar(select(func.max(AuditEvent.at)).where(
        AuditEvent.tenant_id == current_tenant_id(), AuditEvent.object_type == "meeting",
        AuditEvent.object_id == m.id))
    return max(t for t in (m.created_at, m.notified_at, m.outcomes_published_at, audited) if t is not None)
