"""Webinar series: sessions from a cadence, chairs from the rotation, notices to the chairs' contacts."""
from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, func, select

from tenants.context import current_tenant, current_tenant_id
from webapp.core import audit, content, languages, signals, signing
from webapp.core.service_errors import ServiceError, tenant_id_or
from webapp.core.urls import external_url
from webapp.core.zones import forum_to_utc, forum_zone
from webapp.extensions import db
from webapp.meetings import services as meetings
from webapp.meetings.models import Meeting
from webapp.members.models import Member, Organisation
from webapp.notices import services as notices
from webapp.webinars.models import SeriesOrg, Session, SessionDecline, WebinarSeries
from webapp.webinars.rotation import Org, Slot, rotate

MAX_SESSIONS = 52


class WebinarError(ServiceError):
    pass


def _tid() -> int:
    return tenant_id_or(WebinarError)


# --- dates ----------------------------------------------------------------------------------

def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    days = [d for d in calendar.Calendar().itermonthdates(year, month) if d.month == month and d.weekday() == weekday]
    return days[-1] if nth < 0 else days[min(nth, len(days)) - 1]


def session_dates(series: WebinarSeries, start_number: int, count: int) -> list[date]:
    """Dates of sessions start_number .. start_number + count - 1 (numbers start at 1)."""
    if series.cadence == "weeks":
        return [series.start_on + timedelta(weeks=series.every_weeks * (n - 1))
                for n in range(start_number, start_number + count)]
    out = []
    year, month = series.start_on.year, series.start_on.month
    if nth_weekday(year, month, series.weekday, series.nth) < series.start_on:
        month += 1
    for n in range(start_number + count - 1):
        y, m = year + (month - 1 + n) // 12, (month - 1 + n) % 12 + 1
        out.append(nth_weekday(y, m, series.weekday, series.nth))
    return out[start_number - 1:]


def local_start(series: WebinarSeries, day: date) -> datetime:
    """The series' local time on that day, in UTC: the same wall-clock time across daylight saving changes."""
    return forum_to_utc(day, series.at)


# --- series and pool ------------------------------------------------------------------------

def create_series(values: dict[str, Any], pool: list[tuple[int, int | None]]) -> WebinarSeries:
    if not (values.get("title") or "").strip():
        raise WebinarError("title", "required")
    if values["cadence"] not in ("weeks", "monthly"):
        raise WebinarError("cadence", "invalid")
    if not languages.may_hold_meeting_in(values.get("language") or "en"):
        raise WebinarError("language", "invalid")
    if not pool:
        raise WebinarError("pool", "empty")
    series = WebinarSeries(**values)
    db.session.add(series)
    db.session.flush()
    for position, (org_id, contact_id) in enumerate(pool, start=1):
        _check_org(org_id, contact_id)
        db.session.add(SeriesOrg(series_id=series.id, organisation_id=org_id, contact_id=contact_id,
                                 position=position))
    db.session.flush()
    audit.record("created", "webinar_series", series.id, ["pool"])
    return series


# what sets the dates of the sessions: fixed once a session exists, so numbers and dates never disagree
RHYTHM = ("committee_id", "cadence", "every_weeks", "nth", "weekday", "start_on")
EDITABLE = ("title", "description", "topics", "coordinator_id", "at", "minutes", "language", "interpretation_languages",
            "visibility") + RHYTHM


def has_sessions(series: WebinarSeries) -> bool:
    return db.session.scalar(select(Session.meeting_id).where(
        Session.tenant_id == _tid(), Session.series_id == series.id).limit(1)) is not None


def update_series(series: WebinarSeries, values: dict[str, Any], now: datetime | None = None) -> list[str]:
    """Edit a series. Future sessions follow the new title, topics, time, length, language and visibility
    wherever they still carry the series' old value (a session edited by hand keeps its own); past and
    cancelled sessions never change; a session whose notice went out gets an update with a higher SEQUENCE."""
    from webapp.core.i18n import LANGUAGES
    from webapp.meetings.models import VISIBILITIES

    now = now or datetime.now(UTC)
    values = {k: v for k, v in values.items() if k in EDITABLE}
    values["title"] = (values.get("title", series.title) or "").strip()
    if not values["title"]:
        raise WebinarError("title", "required")
    if values.get("cadence", series.cadence) not in ("weeks", "monthly"):
        raise WebinarError("cadence", "invalid")
    if not languages.may_hold_meeting_in(values.get("language", series.language)):
        raise WebinarError("language", "invalid")
    if "interpretation_languages" in values:
        wanted = values["interpretation_languages"] or []
        if any(lc not in LANGUAGES for lc in wanted):
            raise WebinarError("interpretation_languages", "invalid")
        language = values.get("language", series.language)
        values["interpretation_languages"] = [lc for lc in LANGUAGES if lc in wanted and lc != language]
    if values.get("visibility", series.visibility) not in VISIBILITIES:
        raise WebinarError("visibility", "invalid")
    if values.get("coordinator_id") and db.session.get(Organisation, (_tid(), values["coordinator_id"])) is None:
        raise WebinarError("coordinator_id", "invalid")
    changed = [k for k, v in values.items() if getattr(series, k) != v]
    if any(k in RHYTHM for k in changed) and has_sessions(series):
        raise WebinarError(next(k for k in changed if k in RHYTHM), "locked")
    if not changed:
        return []
    old = {k: getattr(series, k) for k in ("title", "topics", "at", "minutes", "language", "visibility")}
    old["interpretation_languages"] = list(series.interpretation_languages or [])
    for k in changed:
        setattr(series, k, values[k])
    db.session.flush()
    tz = forum_zone()
    for session, meeting in sessions_of(series):
        if meeting.start_at <= now or meeting.status == "cancelled":
            continue
        local = meeting.start_at.astimezone(tz)
        follows_time = local.time() == old["at"] and meeting.end_at - meeting.start_at == timedelta(
            minutes=old["minutes"])
        start = local_start(series, local.date()) if follows_time else meeting.start_at
        end = start + timedelta(minutes=series.minutes) if follows_time else meeting.end_at

        def follow(current: Any, was: Any, new: Any) -> Any:
            return new if current == was else current

        meetings.save_meeting(meeting, {
            "title": follow(meeting.title, f"{old['title']} — {session.number}", f"{series.title} — {session.number}"),
            "committee_id": meeting.committee_id, "kind": meeting.kind, "start_at": start, "end_at": end,
            "venue": meeting.venue, "online_link": meeting.online_link,
            "language": follow(meeting.language, old["language"], series.language),
            "interpretation_languages": follow(list(meeting.interpretation_languages or []),
                                               old["interpretation_languages"],
                                               list(series.interpretation_languages or [])),
            "expected_outputs": follow(meeting.expected_outputs, old["topics"], series.topics),
            "visibility": follow(meeting.visibility, old["visibility"], series.visibility)})
    audit.record("updated", "webinar_series", series.id, changed)
    return changed


def _check_org(org_id: int, contact_id: int | None) -> None:
    tid = _tid()
    if db.session.get(Organisation, (tid, org_id)) is None:
        raise WebinarError("pool", "invalid")
    if contact_id is not None and db.session.get(Member, (tid, contact_id)) is None:
        raise WebinarError("pool", "invalid")


def pool_of(series: WebinarSeries, active_only: bool = True) -> list[SeriesOrg]:
    stmt = select(SeriesOrg).where(SeriesOrg.tenant_id == _tid(), SeriesOrg.series_id == series.id)
    if active_only:
        stmt = stmt.where(SeriesOrg.active)
    return list(db.session.scalars(stmt.order_by(SeriesOrg.position)))


def add_to_pool(series: WebinarSeries, org_id: int, contact_id: int | None) -> None:
    _check_org(org_id, contact_id)
    row = db.session.get(SeriesOrg, (_tid(), series.id, org_id))
    if row is None:
        last = db.session.scalar(select(func.max(SeriesOrg.position)).where(
            SeriesOrg.tenant_id == _tid(), SeriesOrg.series_id == series.id)) or 0
        db.session.add(SeriesOrg(series_id=series.id, organisation_id=org_id, contact_id=contact_id,
                                 position=last + 1))
    else:
        row.active, row.contact_id = True, contact_id
    db.session.flush()
    reassign(series)


def remove_from_pool(series: WebinarSeries, org_id: int) -> None:
    row = db.session.get(SeriesOrg, (_tid(), series.id, org_id))
    if row is not None:
        row.active = False
        db.session.flush()
        reassign(series)


# --- sessions and the rotation --------------------------------------------------------------

def sessions_of(series: WebinarSeries) -> list[tuple[Session, Meeting]]:
    tid = _tid()
    return [(s, m) for s, m in db.session.execute(
        select(Session, Meeting).join(Meeting, and_(Meeting.tenant_id == Session.tenant_id,
                                                    Meeting.id == Session.meeting_id))
        .where(Session.tenant_id == tid, Session.series_id == series.id).order_by(Session.number))]


def generate(series: WebinarSeries, count: int) -> int:
    if not 1 <= count <= MAX_SESSIONS:
        raise WebinarError("count", "invalid")
    last = db.session.scalar(select(func.max(Session.number)).where(
        Session.tenant_id == _tid(), Session.series_id == series.id)) or 0
    for offset, day in enumerate(session_dates(series, last + 1, count)):
        number = last + 1 + offset
        start = local_start(series, day)
        meeting = meetings.save_meeting(None, {
            "title": f"{series.title} — {number}", "committee_id": series.committee_id, "kind": "webinar",
            "start_at": start, "end_at": start + timedelta(minutes=series.minutes), "venue": None,
            "online_link": None, "language": series.language,
            "interpretation_languages": list(series.interpretation_languages or []),
            "expected_outputs": series.topics, "visibility": series.visibility})
        db.session.add(Session(series_id=series.id, meeting_id=meeting.id, number=number))
    db.session.flush()
    reassign(series)
    audit.record("generated", "webinar_series", series.id, ["sessions"])
    return count


def _rotation(series: WebinarSeries, now: datetime) -> tuple[list[tuple[Session, Meeting]], list]:
    tid = _tid()
    pool_rows = pool_of(series)
    constituency = dict(db.session.execute(select(Organisation.id, Organisation.constituency).where(
        Organisation.tenant_id == tid, Organisation.id.in_([p.organisation_id for p in pool_rows] or [0]))).all())
    pool = [Org(p.organisation_id, constituency.get(p.organisation_id)) for p in pool_rows]
    rows = sessions_of(series)
    declines: dict[int, list[int]] = {}
    for meeting_id, org_id in db.session.execute(
            select(SessionDecline.meeting_id, SessionDecline.organisation_id)
            .where(SessionDecline.tenant_id == tid,
                   SessionDecline.meeting_id.in_([s.meeting_id for s, _m in rows] or [0]))
            .order_by(SessionDecline.at)):
        declines.setdefault(meeting_id, []).append(org_id)
    slots = [Slot(s.number, past=m.start_at <= now or m.status in ("held", "outcomes_published"),
                  cancelled=m.status == "cancelled", chair=s.chair_org_id, pinned=s.pinned,
                  declined_by=tuple(declines.get(s.meeting_id, ()))) for s, m in rows]
    return rows, rotate(pool, slots)


def reassign(series: WebinarSeries, now: datetime | None = None) -> int:
    """Applies the rotation to future sessions; the contact of each newly assigned organisation is told once."""
    now = now or datetime.now(UTC)
    rows, assignments = _rotation(series, now)
    changed = 0
    for (session, meeting), a in zip(rows, assignments, strict=True):
        if meeting.start_at <= now or meeting.status in ("held", "outcomes_published", "cancelled"):
            continue
        if session.chair_org_id != a.chair:
            session.chair_org_id, session.chair_status = a.chair, "proposed"
            changed += 1
            if a.chair is not None:
                _notify_chair(series, session, meeting, a.chair)
    db.session.flush()
    return changed


def record_past_chairs(series: WebinarSeries, now: datetime | None = None) -> int:
    """Sessions already over without a recorded chair (a series brought in with its history, the demo) get the
    chair the rotation gave them from the start, as accepted, and are marked held. Returns how many."""
    now = now or datetime.now(UTC)
    rows = sessions_of(series)
    if not rows:
        return 0
    _rows, assignments = _rotation(series, min(m.start_at for _s, m in rows) - timedelta(seconds=1))
    recorded = 0
    for (session, meeting), a in zip(rows, assignments, strict=True):
        if meeting.start_at > now or meeting.status == "cancelled" or session.chair_org_id is not None:
            continue
        session.chair_org_id, session.chair_status = a.chair, "accepted"
        if meeting.status in ("draft", "notified"):
            meeting.status = "held"
        recorded += 1
    db.session.flush()
    return recorded


def chair_token(tenant_id: int, meeting_id: int, org_id: int) -> str:
    return signing.sign("webinar_chair", {"m": meeting_id, "o": org_id}, tenant_id)


def session_for_token(token: str) -> tuple[Session, Meeting] | None:
    """The session a chair's link is for, while that organisation still chairs it, until some weeks after it."""
    link = signing.verify("webinar_chair", token, current_tenant_id())
    if link is None:
        return None
    row = db.session.execute(select(Session, Meeting).join(Meeting, and_(
        Meeting.tenant_id == Session.tenant_id, Meeting.id == Session.meeting_id)).where(
        Session.tenant_id == _tid(), Session.meeting_id == link.data.get("m"))).first()
    if row is None or row[0].chair_org_id != link.data.get("o") or signing.meeting_link_expired(row[1].end_at):
        return None  # the session has another chair now (the link is spent), or it is long over
    return row[0], row[1]


def _notify_chair(series: WebinarSeries, session: Session, meeting: Meeting, org_id: int) -> None:
    tid = _tid()
    entry = db.session.get(SeriesOrg, (tid, series.id, org_id))
    contact = db.session.get(Member, (tid, entry.contact_id)) if entry and entry.contact_id else None
    if contact is None or not contact.email:
        return
    link = external_url("tenant.webinars.chair_response", tenant_slug=current_tenant().slug,
                        token=chair_token(tid, meeting.id, org_id))
    notices.notify_member("chair_assigned", contact, {"meeting_id": meeting.id, "link": link,
                                                      "series": series.title},
                          f"chair:{meeting.id}:{org_id}")


def accept(session: Session) -> None:
    session.chair_status = "accepted"
    db.session.flush()
    audit.record("chair_accepted", "meeting", session.meeting_id)


def decline(series: WebinarSeries, session: Session) -> None:
    """The chair declines: it keeps its turn (once per round) and the rotation offers the session to the next."""
    if session.chair_org_id is None:
        return
    db.session.add(SessionDecline(meeting_id=session.meeting_id, organisation_id=session.chair_org_id))
    session.pinned = False
    db.session.flush()
    audit.record("chair_declined", "meeting", session.meeting_id)
    reassign(series)


def swappable(meeting: Meeting, now: datetime | None = None) -> bool:
    """Only future sessions that still take place swap chairs: the past never changes."""
    return meeting.start_at > (now or datetime.now(UTC)) and meeting.status not in (
        "cancelled", "held", "outcomes_published")


def swap(series: WebinarSeries, a: Session, b: Session) -> None:
    for s in (a, b):
        if not swappable(db.session.get(Meeting, (s.tenant_id, s.meeting_id))):
            raise WebinarError("swap", "not_future")
    a.chair_org_id, b.chair_org_id = b.chair_org_id, a.chair_org_id
    a.pinned = b.pinned = True
    a.chair_status = b.chair_status = "proposed"
    db.session.flush()
    for s in (a, b):
        meeting = db.session.get(Meeting, (s.tenant_id, s.meeting_id))
        if s.chair_org_id is not None:
            _notify_chair(series, s, meeting, s.chair_org_id)
    audit.record("swapped", "webinar_series", series.id, ["sessions"])


def cancel_session(series: WebinarSeries, session: Session) -> None:
    meeting = db.session.get(Meeting, (session.tenant_id, session.meeting_id))
    meetings.cancel_meeting(meeting)
    db.session.execute(delete(SessionDecline).where(SessionDecline.tenant_id == session.tenant_id,
                                                    SessionDecline.meeting_id == session.meeting_id))
    session.pinned = False  # the chair stays recorded: the rotation gives it the next session
    db.session.flush()
    reassign(series)


def fairness(series: WebinarSeries) -> dict[str, Any]:
    """Sessions chaired per organisation and per constituency, declines and skips, the chairs' genders."""
    tid = _tid()
    rows, assignments = _rotation(series, datetime.now(UTC))
    pool_rows = pool_of(series, active_only=False)
    orgs = {o.id: o for o in db.session.scalars(select(Organisation).where(
        Organisation.tenant_id == tid, Organisation.id.in_([p.organisation_id for p in pool_rows] or [0])))}
    contacts = {m.id: m for m in db.session.scalars(select(Member).where(
        Member.tenant_id == tid, Member.id.in_([p.contact_id for p in pool_rows if p.contact_id] or [0])))}
    contact_of = {p.organisation_id: contacts.get(p.contact_id) for p in pool_rows}
    chaired: dict[int, int] = {}  # sessions held or under way: what happened
    planned: dict[int, int] = {}  # future sessions the rotation gives them
    now = datetime.now(UTC)
    for (s, m), _a in zip(rows, assignments, strict=True):
        if s.chair_org_id and m.status != "cancelled":
            bucket = chaired if m.start_at <= now else planned
            bucket[s.chair_org_id] = bucket.get(s.chair_org_id, 0) + 1
    decline_counts = dict(db.session.execute(
        select(SessionDecline.organisation_id, func.count()).where(
            SessionDecline.tenant_id == tid, SessionDecline.meeting_id.in_([s.meeting_id for s, _m in rows] or [0]))
        .group_by(SessionDecline.organisation_id)).all())
    skips: dict[int, int] = {}
    for a in assignments:
        for org in a.skipped:
            skips[org] = skips.get(org, 0) + 1
    per_constituency: dict[str, int] = {}
    chairs_people: list[tuple[str, str | None]] = []
    by_org: list[tuple[int, str, int]] = []  # organisation, its contact's gender, sessions
    for org_id in sorted(chaired.keys() | planned.keys()):
        n = chaired.get(org_id, 0) + planned.get(org_id, 0)
        org = orgs.get(org_id)
        key = org.constituency if org else "other"
        per_constituency[key] = per_constituency.get(key, 0) + n
        person = contact_of.get(org_id)
        chairs_people += [(person.gender if person else "undisclosed", key)] * n
        by_org.append((org_id, person.gender if person else "undisclosed", n))
    from webapp.inclusion.services import chair_fairness, rotation_remedy

    return {"orgs": [(orgs.get(p.organisation_id), p, chaired.get(p.organisation_id, 0),
                      decline_counts.get(p.organisation_id, 0), skips.get(p.organisation_id, 0),
                      contact_of.get(p.organisation_id), planned.get(p.organisation_id, 0)) for p in pool_rows],
            "per_constituency": per_constituency, "checks": chair_fairness(chairs_people),
            "remedy": rotation_remedy(by_org, {p.organisation_id: p.contact_id for p in pool_rows if p.active})}


# --- what a deletion must not leave dangling (webapp/core/signals.py) -------------------------------

@signals.counting_uses.connect_via("meeting")
def _sessions_of(_sender: str, ids: list[int]) -> dict[str, int]:
    meeting_ids = ids
    return {"webinar_sessions": db.session.scalar(select(func.count()).select_from(Session).where(
        Session.tenant_id == current_tenant_id(), Session.meeting_id.in_(meeting_ids))) or 0}


@signals.counting_uses.connect_via("organisation")
def _series_of(_sender: str, ids: list[int]) -> dict[str, int]:
    org_ids = ids
    """Series the organisations coordinate, sit in the pool of, or chaired a session of."""
    tid = current_tenant_id()
    series = (select(WebinarSeries.id).where(WebinarSeries.tenant_id == tid, WebinarSeries.coordinator_id.in_(org_ids))
              .union(select(SeriesOrg.series_id).where(SeriesOrg.tenant_id == tid,
                                                        SeriesOrg.organisation_id.in_(org_ids)),
                     select(Session.series_id).where(Session.tenant_id == tid, Session.chair_org_id.in_(org_ids)),
                     select(Session.series_id)
                     .join(SessionDecline, and_(SessionDecline.tenant_id == Session.tenant_id,
                                                SessionDecline.meeting_id == Session.meeting_id))
                     .where(Session.tenant_id == tid, SessionDecline.organisation_id.in_(org_ids))).subquery())
    return {"webinar_series": db.session.scalar(select(func.count()).select_from(series)) or 0}


# issue 27: webinar series, translated as a list by the forum's translators (core/content.py); their sessions are
# meetings, translated with them
def content_kinds() -> tuple[content.Kind, ...]:
    """The texts a translator translates as lists (bound in webapp/wiring.py)."""
    from flask_babel import lazy_gettext as _l

    return (content.Kind("webinar_series", _l("Webinar series"), WebinarSeries, ("title", "description")),)
