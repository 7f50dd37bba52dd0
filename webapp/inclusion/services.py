"""Feeds the pure checks with data (aggregated in SQL) and keeps the targets and the self-assessment."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import DateTime, Integer, and_, case, cast, false, func, literal, or_, select, tuple_, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import aliased

from tenants.context import current_tenant, current_tenant_id
from webapp.core import audit, signals
from webapp.core.visibility import Reader
from webapp.core.zones import forum_zone
from webapp.extensions import db
from webapp.inclusion import checks as c
from webapp.inclusion.models import SelfAssessment, SelfAssessmentAnswer
from webapp.meetings.models import Invitation, Meeting, MeetingDocument
from webapp.meetings.recommendations import queries as recommendation_queries
from webapp.members.membership import SEATED, Membership, current_clause, member_clause
from webapp.members.models import Committee, CommitteeMember, Member, Organisation

HELD = ("held", "outcomes_published")
# The IGF end-of-phase checklist (Guidance for Governments, 2014), as a self-assessment.
CHECKLIST = ("constituted", "transparent", "relevant", "inclusive", "regular", "gender_sensitive",
             "conflict_sensitive", "legitimate", "communicates", "monitoring")
ANSWERS = ("yes", "partly", "no")


def targets() -> c.Targets:
    tenant = current_tenant()
    return c.Targets.from_settings(dict(tenant.settings or {})) if tenant else c.Targets()


def core() -> list[str]:
    tenant = current_tenant()
    return list(tenant.setting("core_constituencies") or []) if tenant else []


def save_targets(values: dict[str, Any]) -> None:
    tenant = current_tenant()
    settings = dict(tenant.settings or {})
    for key, value in values.items():
        settings[key] = value
    if settings.get("women_min") is not None and settings.get("women_max") is not None \
            and settings["women_min"] > settings["women_max"]:
        raise ValueError("women_min above women_max")
    tenant.settings = settings
    db.session.flush()
    audit.record("updated", "inclusion_targets", None, list(values))


def _constituency() -> Any:
    return func.coalesce(Member.constituency, Organisation.constituency)


def _org_join() -> Any:
    return and_(Organisation.tenant_id == Member.tenant_id, Organisation.id == Member.organisation_id)


def _papers_languages(meeting: Meeting) -> list[set[str]]:
    """Per original paper of the meeting, the languages it exists in (its versions included)."""
    rows = db.session.execute(select(MeetingDocument.id, MeetingDocument.original_id, MeetingDocument.language).where(
        MeetingDocument.tenant_id == current_tenant_id(), MeetingDocument.meeting_id == meeting.id)).all()
    papers: dict[int, set[str]] = {}
    for doc_id, original_id, language in rows:
        papers.setdefault(original_id or doc_id, set()).add(language or meeting.language)
    return list(papers.values())


def meeting_checks(meeting: Meeting, now: datetime | None = None) -> list[c.Result]:
    """Before notice: invitees' balance, constituencies, miners' voice, language, notice period.
    After the meeting: the balance of those present too, and the publication lag."""
    now = now or datetime.now(UTC)
    t = targets()
    rows = db.session.execute(
        select(Member.gender, _constituency(), Member.languages, Invitation.attended, Invitation.part,
               Member.role, Member.youth, Member.id, Member.name)
        .join(Invitation, and_(Invitation.tenant_id == Member.tenant_id, Invitation.member_id == Member.id))
        .outerjoin(Organisation, _org_join())
        .where(Member.tenant_id == current_tenant_id(), Invitation.meeting_id == meeting.id)).all()
    panel = [g for g, _k, _l, _a, part, *_ in rows if part in ("chair", "speaker")]  # the secretariat may chair
    rows = [r for r in rows if r[5] != "secretariat"]
    results = [c.gender([g for g, *_ in rows], t), c.constituencies([k for _g, k, *_ in rows], core(), t),
               c.miners_voice([k for _g, k, *_ in rows], plenary=meeting.kind == "plenary"),
               c.language([langs or [] for _g, _k, langs, *_ in rows],
                          [meeting.language, *meeting.interpretation_languages],
                          [tuple(p.split(">", 1)) for p in meeting.interpretation_pairs or []]),
               c.early_notice(meeting.notified_at, meeting.start_at, t, now=now), c.panel(panel, t)]
    if t.youth_target is not None:
        results.append(c.youth([r[6] for r in rows], t))
    free = [c.Candidate(r[7], r[8], r[0]) for r in rows if r[4] is None and r[0] == "woman"]  # no part yet
    results = _with_remedies(meeting, results, [c.Invitee(r[0], r[1], r[6]) for r in rows], t,
                             panel, sorted(free, key=lambda x: x.name))
    if meeting.status not in HELD and meeting.end_at >= now:
        results.append(c.papers_languages(_papers_languages(meeting), current_tenant().enabled_locales or []))
    if meeting.status in HELD or meeting.end_at < now:
        present = [g for g, _k, _l, attended, *_ in rows if attended]
        results.append(c.gender(present, t, key="attendance_gender"))
        results.append(c.publication(meeting.end_at, meeting.outcomes_published_at, now, t))
    return [r for r in results if r.status != c.NO_DATA or r.key in ("gender", "constituencies", "attendance_gender",
                                                                      "panel")]


REMEDIED = ("gender", "constituencies", "miners_voice", "youth", "panel")


def _with_remedies(meeting: Meeting, results: list[c.Result], invited: list[c.Invitee], t: c.Targets,
                   speakers: list[str], free: list[c.Candidate]) -> list[c.Result]:
    """Before the meeting, each balance check that warns for a group missing from the invitees gets its remedy from
    the roll (issue 39): too few women, a core constituency, the miners, young people. The candidates — the active
    members not invited yet, with whose alternate they are — are read in one statement whatever the roll's size,
    only when a check warns; the pure functions of checks.py choose among them."""
    if meeting.status not in ("draft", "notified") or \
            not any(r.key in REMEDIED and r.status in (c.WARN, c.FAIL) for r in results):
        return results
    pool = _candidates(meeting)
    remedies = c.group_remedies(invited, pool, core(), t, plenary=meeting.kind == "plenary")
    women = c.gender_remedy([p.gender for p in invited], pool, t)
    if women is not None:
        remedies["gender"] = women
    floor = c.panel_remedy(speakers, free + sorted(pool, key=c.first), t)  # invitees without a part, then the roll
    if floor is not None:
        remedies["panel"] = {**floor, "part": "speaker"}
    return [c.Result(r.key, r.status, {**r.figures, "remedy": remedies[r.key]}) if r.key in remedies else r
            for r in results]


def _candidates(meeting: Meeting) -> list[c.Candidate]:
    """The roll's active members not invited to the meeting (the secretariat apart), each with whether they are the
    alternate of a man invited, their constituency, youth and organisation: one statement."""
    invited_ids = select(Invitation.member_id).where(Invitation.tenant_id == current_tenant_id(),
                                                     Invitation.meeting_id == meeting.id,
                                                     Invitation.member_id.is_not(None))
    titular = aliased(Member)
    rows = db.session.execute(
        select(Member.id, Member.name, Member.gender, titular.gender, _constituency(), Member.youth,
               func.coalesce(Organisation.acronym, Organisation.name)).select_from(Member)
        .outerjoin(titular, and_(titular.tenant_id == Member.tenant_id, titular.id == Member.alternate_of_id,
                                 titular.id.in_(invited_ids)))
        .outerjoin(Organisation, _org_join())
        .where(Member.tenant_id == current_tenant_id(), member_clause(), Member.role != "secretariat",
               Member.id.not_in(invited_ids)).order_by(Member.name)).all()
    return [c.Candidate(i, n, g, t_gender == "man", k, young, org) for i, n, g, t_gender, k, young, org in rows]


def roll_checks(committee_id: int | None = None) -> list[c.Result]:
    stmt = (select(Member.gender, _constituency(), Member.youth, _reachable()).outerjoin(Organisation, _org_join())
            .where(Member.tenant_id == current_tenant_id(), member_clause()))  # members/membership.py
    if committee_id is not None:
        stmt = stmt.join(CommitteeMember, and_(CommitteeMember.tenant_id == Member.tenant_id,
                                               CommitteeMember.member_id == Member.id,
                                               CommitteeMember.committee_id == committee_id))
    return _roll_results([tuple(r) for r in db.session.execute(stmt)])


def _reachable() -> Any:  # noqa: ANN401  (a SQL expression)
    """A member some channel reaches: a working e-mail address, or a phone with SMS chosen and consented to."""
    return or_(and_(Member.email.is_not(None), Member.email_bouncing.is_(False)),
               and_(Member.phone.is_not(None), Member.sms_consent_at.is_not(None),
                    Member.channels.in_(("sms", "both"))))


def _roll_results(rows: list[tuple[str | None, str | None, bool | None, bool]]) -> list[c.Result]:
    t = targets()
    return [c.gender([g for g, *_ in rows], t), c.constituencies([k for _g, k, *_ in rows], core(), t),
            c.youth([y for _g, _k, y, _r in rows], t), c.reach([(k, bool(r)) for _g, k, _y, r in rows], t)]


def owners_checks(plan_id: int) -> list[c.Result]:
    from webapp.actions.models import ActionItem

    t = targets()
    rows = db.session.execute(
        select(Member.gender, _constituency())
        .join(ActionItem, and_(ActionItem.tenant_id == Member.tenant_id, ActionItem.owner_member_id == Member.id))
        .outerjoin(Organisation, _org_join())
        .where(Member.tenant_id == current_tenant_id(), ActionItem.plan_id == plan_id,
               ActionItem.status != "dropped")).all()
    # items owned by an organisation alone count for its constituency (an organisation has no gender)
    by_organisation = db.session.scalars(
        select(Organisation.constituency)
        .join(ActionItem, and_(ActionItem.tenant_id == Organisation.tenant_id,
                               ActionItem.owner_organisation_id == Organisation.id))
        .where(Organisation.tenant_id == current_tenant_id(), ActionItem.plan_id == plan_id,
               ActionItem.owner_member_id.is_(None), ActionItem.status != "dropped")).all()
    return [c.gender([g for g, _k in rows], t, key="owners_gender"),
            c.constituencies([k for _g, k in rows] + list(by_organisation), core(), t, key="owners_constituencies")]


def chair_fairness(chairs: list[tuple[str, str | None]]) -> list[c.Result]:
    """For the webinar series: the gender and constituencies of the people who chaired."""
    t = targets()
    return [c.gender([g for g, _k in chairs], t), c.constituencies([k for _g, k in chairs], core(), t)]


def rotation_remedy(chairs: list[tuple[int, str, int]], contacts: dict[int, int | None]) -> dict[str, Any] | None:
    """The webinar rotation's remedy (issue 39): which organisations' contact a woman of theirs could become, so that
    women chair enough sessions. The organisations' active women are read in one statement, only when the chairs'
    share warns; checks.rotation_remedy chooses."""
    t = targets()
    genders = [g for _o, g, n in chairs for _ in range(n)]
    if c.gender(genders, t).status not in (c.WARN, c.FAIL):
        return None
    rows = db.session.execute(
        select(Member.id, Member.name, Member.organisation_id, func.coalesce(Organisation.acronym, Organisation.name))
        .select_from(Member).outerjoin(Organisation, _org_join())
        .where(Member.tenant_id == current_tenant_id(), member_clause(), Member.gender == "woman",
               Member.organisation_id.in_([o for o, _g, _n in chairs] or [0])).order_by(Member.name)).all()
    women: dict[int, c.Candidate] = {}
    for mid, name, org, label in rows:
        if mid != contacts.get(org):
            women.setdefault(org, c.Candidate(mid, name, "woman", organisation=label))
    return c.rotation_remedy(chairs, women, t)


# --- the chair's dashboard ------------------------------------------------------------------

@dataclass
class Month:
    start: date
    meetings: int = 0
    women: int = 0
    men_or_another: int = 0
    notice_days: float | None = None
    publication_days: float | None = None
    core_present: int = 0  # held meetings with every core constituency present
    floor_women: int = 0  # seconds of floor time, counted on each meeting row as interventions end (webapp/live)
    floor_others: int = 0  # men's and another gender's

    @property
    def women_share(self) -> float | None:
        total = self.women + self.men_or_another
        return self.women / total if total else None

    @property
    def women_floor_share(self) -> float | None:
        total = self.floor_women + self.floor_others
        return self.floor_women / total if total else None


def months_back(today: date, n: int = 12) -> list[date]:
    first = today.replace(day=1)
    out = []
    for _ in range(n):
        out.append(first)
        first = (first - timedelta(days=1)).replace(day=1)
    return list(reversed(out))


def _floor_seconds(gender: str) -> Any:  # noqa: ANN401 - a SQL expression
    """A held meeting's seconds of floor time for a gender, from its row (``meetings.floor_counts``, issue 38)."""
    return func.coalesce(cast(Meeting.floor_counts[("gender", gender, "1")].astext, Integer), 0)


DAYS_FROM = datetime(2000, 1, 1, tzinfo=UTC)  # a held meeting's day is counted from UTC midnights, as before


def _held_meetings(now: datetime, reader: Reader, n_months: int = 12
                   ) -> tuple[dict[int, list[datetime]], tuple[Any, Any, Any], c.Result, list[Month]]:
    """One statement, one pass over the held meetings whatever their number (issue 43: a forum of 20,000): the
    days each committee met in the last 400 days (one row per day at most), over the last year's meetings already
    ended the shortest notice, the longest lag to publish and the oldest meeting not yet published, ``n_months``
    months of trends ending in the forum's month at ``now``, and the uptake of the recommendations ``reader`` may
    see (the "relevant" figure). The meetings are first summed per (committee, day, month) — the month found by
    bisecting the forum's month starts (``width_bucket``), not by converting every start to the forum's zone —,
    then those few hundred rows per grouping set: (committee, day), (month) and (). Who was present and the floor
    time are counted on each meeting row (webapp/meetings/counters.py, webapp/live)."""
    zone = forum_zone()
    months = [Month(m) for m in months_back(now.astimezone(zone).date(), n_months)]
    after = (months[-1].start + timedelta(days=31)).replace(day=1)
    starts = [datetime.combine(d, datetime.min.time(), tzinfo=zone) for d in (*(m.start for m in months), after)]
    window = now - timedelta(days=400)
    last_year = and_(Meeting.start_at >= now - timedelta(days=365), Meeting.end_at <= now)
    core_list = core()
    floor = Meeting.floor_counts.has_key("gender")  # only meetings followed live have floor time to read
    day = case((Meeting.start_at >= window, func.date_bin(literal(timedelta(days=1)), Meeting.start_at,
                                                          literal(DAYS_FROM, DateTime(timezone=True)))))
    month = func.width_bucket(Meeting.start_at, literal(starts, ARRAY(DateTime(timezone=True))))
    notice, lag = Meeting.start_at - Meeting.notified_at, Meeting.outcomes_published_at - Meeting.end_at
    d = (select(Meeting.committee_id.label("committee_id"), day.label("day"), month.label("month"),
                func.count().label("n"), func.sum(notice).label("notice"), func.count(notice).label("notice_n"),
                func.sum(lag).label("lag"), func.count(lag).label("lag_n"),
                func.sum(Meeting.present_women).label("women"),
                func.sum(Meeting.present_men_or_another).label("others"),
                func.count().filter(Meeting.present_constituencies.contains(core_list) if core_list else false())
                .label("core"),
                func.sum(_floor_seconds("woman")).filter(floor).label("floor_women"),
                func.sum(_floor_seconds("man") + _floor_seconds("another")).filter(floor).label("floor_others"),
                func.min(notice).filter(last_year).label("shortest"), func.max(lag).filter(last_year).label("longest"),
                func.min(Meeting.end_at).filter(last_year, Meeting.outcomes_published_at.is_(None)).label("oldest"))
         .where(Meeting.tenant_id == current_tenant_id(), Meeting.status.in_(HELD),
                Meeting.start_at >= min(window, starts[0]))
         .group_by(Meeting.committee_id, day, month).subquery("per_day")).c
    held: dict[int, list[datetime]] = defaultdict(list)
    figures: tuple[Any, Any, Any] = (None, None, None)
    uptake = [0, 0, 0]
    for cid, start, i, level, n, notice_sum, notice_n, lag_sum, lag_n, women, others, core_present, floor_women, \
            floor_others, shortest, longest_lag, oldest_unpublished, counts in db.session.execute(
            select(d.committee_id, d.day, d.month, func.grouping(d.committee_id, d.day, d.month), func.sum(d.n),
                   func.sum(d.notice), func.sum(d.notice_n), func.sum(d.lag), func.sum(d.lag_n), func.sum(d.women),
                   func.sum(d.others), func.sum(d.core), func.sum(d.floor_women), func.sum(d.floor_others),
                   func.min(d.shortest), func.max(d.longest), func.min(d.oldest),
                   recommendation_queries.uptake_sql(reader))
            .group_by(func.grouping_sets(tuple_(d.committee_id, d.day), tuple_(d.month), tuple_()))):
        if level == 7:  # ()
            figures, uptake = (shortest, longest_lag, oldest_unpublished), list(counts or uptake)
        elif level == 6:  # (month): 0 before the first month, len(months) + 1 after the last
            if 1 <= i <= len(months):
                m = months[i - 1]
                m.meetings, m.women, m.men_or_another = int(n), int(women), int(others)
                m.core_present = int(core_present)
                m.notice_days = notice_sum.total_seconds() / 86400 / int(notice_n) if notice_n else None
                m.publication_days = lag_sum.total_seconds() / 86400 / int(lag_n) if lag_n else None
                m.floor_women, m.floor_others = int(floor_women or 0), int(floor_others or 0)
        elif start is not None:  # (committee, day) in the last 400 days
            held[cid].append(start)
    return held, figures, c.relevance(*uptake), months


def committee_overview(now: datetime, held_days: dict[int, list[datetime]] | None = None
                       ) -> tuple[list[tuple[Committee, list[c.Result]]], list[c.Result], Membership]:
    """Every check of a standing body per committee: its members' gender, constituencies, youth, and for the
    plenary the miners' voice and its regularity; and the same checks over the whole roll (three statements)."""
    tid = current_tenant_id()
    t = targets()
    committees = list(db.session.scalars(select(Committee).where(Committee.tenant_id == tid, Committee.active)
                                        .order_by(Committee.kind != "plenary", Committee.name)))
    people: dict[int, list[tuple[str, str | None, bool | None]]] = defaultdict(list)
    roll: list[tuple[str | None, str | None, bool | None, bool]] = []
    seats = (select(func.array_agg(CommitteeMember.committee_id))
             .where(CommitteeMember.tenant_id == tid, CommitteeMember.member_id == Member.id).scalar_subquery())
    roles: list[str] = []
    for role, gender, constituency, youth, committee_ids, reachable in db.session.execute(
            select(Member.role, Member.gender, _constituency(), Member.youth, seats, _reachable())
            .outerjoin(Organisation, _org_join())
            .where(Member.tenant_id == tid, current_clause())):  # on the roll today (members/membership.py)
        roles.append(role)
        if role not in SEATED:
            continue  # observers and the secretariat: counted apart, not in the balance
        roll.append((gender, constituency, youth, reachable))  # the roll's own balance (roll_checks), same rows
        for cid in committee_ids or ():
            people[cid].append((gender, constituency, youth))
    held = held_days if held_days is not None else _held_meetings(now, Reader.staff())[0]
    out = []
    for committee in committees:
        rows = people.get(committee.id, [])
        constituencies = [k for _g, k, _y in rows]
        results = [c.gender([g for g, _k, _y in rows], t), c.constituencies(constituencies, core(), t),
                   c.youth([y for _g, _k, y in rows], t)]
        if committee.kind == "plenary":  # DESIGN.md: miners' own associations have a voice in the plenary
            results.insert(2, c.miners_voice(constituencies, plenary=True))
            # the IGF's "regular" is about plenaries; sub-committees and working groups meet as their work needs
            results.append(c.regularity(held.get(committee.id, []), now, t))
        out.append((committee, results))
    return out, _roll_results(roll), Membership.of_roles(roles)


def recent_meeting_checks(now: datetime, figures: tuple[Any, Any, Any] | None = None
                          ) -> tuple[list[c.Result], list[c.Result]]:
    """Notice and publication over the held meetings of the last year, judged on the worst cases: the shortest
    notice, the longest lag to publish, the oldest meeting not yet published (``figures``, else one query)."""
    t = targets()
    if figures is None:
        figures = _held_meetings(now, Reader.staff())[1]
    shortest, longest_lag, oldest_unpublished = figures
    notices = [c.early_notice(now - shortest, now, t)] if shortest is not None else []
    publications = []
    if longest_lag is not None:
        publications.append(c.publication(now - longest_lag, now, now, t))
    if oldest_unpublished is not None:
        publications.append(c.publication(oldest_unpublished, None, now, t))
    return notices, publications


@dataclass(frozen=True)
class Summary:
    committees: int   # active committees
    within: int       # of them, those whose members' gender is within the target range
    overdue: int      # plenaries whose regularity check fails or warns (none held within the period)


def summary(overview: list[tuple[Committee, list[c.Result]]]) -> Summary:
    """The dashboard's one-line summary, from the committee overview already computed (no query)."""
    within = sum(1 for _c, results in overview if any(r.key == "gender" and r.status == c.OK for r in results))
    overdue = sum(1 for committee, results in overview if committee.kind == "plenary"
                  and any(r.key == "regularity" and r.status in (c.FAIL, c.WARN) and
                          (not r.figures.get("since_last_days") or
                           r.figures["since_last_days"] > 30.44 * r.figures["months"]) for r in results))
    return Summary(len(overview), within, overdue)


@dataclass
class Scorecard:
    """The IGF scorecard and what it stands on, as of one moment: the dashboard, the public page and the inclusion
    report all show this."""
    overview: list[tuple[Committee, list[c.Result]]]
    notices: list[c.Result]
    publications: list[c.Result]
    trend: list[Month]
    score: dict[str, str]
    roll: list[c.Result]  # the whole roll's balance (what roll_checks() answers), from the overview's rows
    membership: Membership  # the members the figures count, observers and the secretariat apart, from the same rows
    relevance: c.Result  # the recommendations' uptake, computed: shown beside the self-assessment's "relevant"


def scorecard(now: datetime | None = None, n_months: int = 12, reader: Reader | None = None) -> Scorecard:
    """The one assembly of the scorecard: every committee's checks at ``now``, the last year's notice and
    publication checks, ``n_months`` of trends ending in the forum's current month at ``now``, and the score; the
    "relevant" figure counts the recommendations ``reader`` may see (the secretariat's, all of them, by default)."""
    now = now or datetime.now(UTC)
    held_days, figures, relevance, trend = _held_meetings(now, reader or Reader.staff(), n_months)
    overview, roll, members = committee_overview(now, held_days)
    notices, publications = recent_meeting_checks(now, figures)
    score = _score(overview, notices, publications, trend) | {"relevant": relevance.status}
    return Scorecard(overview, notices, publications, trend, score, roll, members, relevance)


def _score(overview: list, notices: list[c.Result], publications: list[c.Result],
           trend: list[Month]) -> dict[str, str]:
    """IGF properties computed from data (relevant is added from the recommendations' uptake, beside the
    self-assessment's answer); conflict-sensitive is judged in the self-assessment only."""
    plenary = [results for committee, results in overview if committee.kind == "plenary"] or \
        [results for _c, results in overview]
    gender_results = [r for results in plenary for r in results if r.key == "gender"]
    attended = [m for m in trend if m.women_share is not None]
    share_results = [c.gender(["woman"] * m.women + ["man"] * m.men_or_another, targets()) for m in attended]
    return {
        "inclusive": c.worst([r for results in plenary for r in results
                              if r.key in ("constituencies", "miners_voice")]),
        "regular": c.worst([r for results in plenary for r in results if r.key == "regularity"]),
        "transparent": c.worst([*notices, *publications]),
        "gender_balanced": c.worst([*gender_results, *share_results]),
    }


def self_assessment() -> dict[str, SelfAssessment]:
    return {row.item: row for row in db.session.scalars(select(SelfAssessment).where(
        SelfAssessment.tenant_id == current_tenant_id()))}


def assessment_history(limit: int = 50) -> list[SelfAssessmentAnswer]:
    """The answers given to the checklist, newest first (the history of past assessments)."""
    return list(db.session.scalars(select(SelfAssessmentAnswer).where(
        SelfAssessmentAnswer.tenant_id == current_tenant_id())
        .order_by(SelfAssessmentAnswer.answered_at.desc(), SelfAssessmentAnswer.id.desc()).limit(limit)))


@signals.member_erased.connect
def _erase_member(_sender: str, erasure: signals.Erasure) -> None:
    """Member erasure (webapp/members/services.py): the name on self-assessment answers and their history, unless
    someone else in the forum has that name."""
    e = erasure
    if e.has_namesake:
        return
    for model, column in ((SelfAssessment, SelfAssessment.updated_by), (SelfAssessmentAnswer,
                                                                         SelfAssessmentAnswer.answered_by)):
        db.session.execute(update(model).where(model.tenant_id == e.tenant_id, column == e.name)
                           .values({column.key: "—"}))


def save_self_assessment(item: str, answer: str, evidence: str | None, note: str | None, by: str) -> None:
    if item not in CHECKLIST or answer not in ANSWERS:
        raise ValueError("invalid")
    row = db.session.scalar(select(SelfAssessment).where(SelfAssessment.tenant_id == current_tenant_id(),
                                                         SelfAssessment.item == item))
    if row is None:
        row = SelfAssessment(item=item)
        db.session.add(row)
    row.answer = answer
    row.evidence, row.note = (evidence or "").strip()[:500] or None, (note or "").strip()[:1000] or None
    row.updated_by, row.updated_at = by[:200], datetime.now(UTC)
    db.session.add(SelfAssessmentAnswer(item=item, answer=answer, evidence=row.evidence, note=row.note,
                                        answered_by=row.updated_by, answered_at=row.updated_at))
    db.session.flush()
    audit.record("updated", "self_assessment", None, [item])
