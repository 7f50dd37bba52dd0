"""Report contents: data from the database (fixed queries), rendered as CSV or as PDF (webapp/reports/pdf.py: charts,
a cover for the annual report, page numbers, an embedded font that covers Hausa and every interface language). Run
by the worker, never in a request."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import and_, func, select

from tenants.context import current_tenant, current_tenant_id
from webapp.core import content
from webapp.core.csv import to_csv
from webapp.core.dates import format_date, format_datetime
from webapp.core.visibility import public_sql
from webapp.core.zones import forum_zone
from webapp.extensions import db
from webapp.meetings.models import Invitation, Meeting
from webapp.meetings.outcomes import services as outcome_services
from webapp.members import membership
from webapp.members.models import Committee, Member, Organisation
from webapp.reports import pdf
from webapp.reports.pdf import HBars, Section


class ReportError(ValueError):
    pass


@dataclass
class Table:
    title: str
    subtitle: str
    header: list[str]
    rows: list[list[str]]
    totals: list[str] = field(default_factory=list)
    charts: list[Any] = field(default_factory=list)  # drawn in the PDF above the table (inclusion.charts.Chart, HBars)
    sections: list[Section] = field(default_factory=list)  # after the table; their rows go into the CSV too
    period: str = ""
    issued: str = ""
    cover: bool = False  # a cover page (the annual report)
    widths: tuple[int, ...] | None = None
    locale: str = ""
    heading: str = ""  # above the table, when the report has sections


def _issued(locale: str) -> str:
    return _("Issued on %(date)s", date=format_date(datetime.now(forum_zone()).date(), "long", locale=locale))


def _span(start: date, end: date, locale: str) -> str:
    return _("Period: %(start)s to %(end)s", start=format_date(start, "long", locale=locale),
             end=format_date(end, "long", locale=locale))


def attendance_meeting(meeting_id: int, locale: str) -> Table:
    tid = current_tenant_id()
    m = db.session.scalar(select(Meeting).where(Meeting.tenant_id == tid, Meeting.id == meeting_id))
    if m is None:
        raise ReportError("meeting not found")
    rows = db.session.execute(
        select(Member.name, Organisation.name, func.coalesce(Member.constituency, Organisation.constituency),
               Member.role, Invitation.rsvp, Invitation.attended)
        .join(Invitation, and_(Invitation.tenant_id == Member.tenant_id, Invitation.member_id == Member.id))
        .outerjoin(Organisation, and_(Organisation.tenant_id == Member.tenant_id,
                                      Organisation.id == Member.organisation_id))
        .where(Member.tenant_id == tid, Invitation.meeting_id == m.id).order_by(Member.name)).all()
    attended = sum(1 for r in rows if r[5])
    yes, no = _("yes"), _("no")
    from webapp.core.templating import role_label
    from webapp.meetings.forms import rsvp_label
    from webapp.members.labels import constituencies

    constituency = {k: str(v) for k, v in constituencies().items()}
    return Table(
        title=_("Attendance: %(title)s", title=m.title),
        subtitle=format_datetime(m.start_at, "long", tz=forum_zone(), locale=locale),
        header=[_("Name"), _("Organisation"), _("Constituency"), _("Role"), _("Answer"), _("Present")],
        rows=[[n, o or "", constituency.get(c, c or ""), str(role_label(r)), str(rsvp_label(rsvp)) if rsvp else "",
               yes if a else no] for n, o, c, r, rsvp, a in rows],
        totals=[_("Attendees: %(n)d of %(invited)d invited", n=attended, invited=len(rows)),
                outcome_services.quorum_sentence(outcome_services.quorum_for(m))],
        issued=_issued(locale), widths=(5, 5, 4, 3, 3, 3), locale=locale, sections=_floor_time(m))


def _floor_time(m: Meeting) -> list[Section]:
    """The meeting's floor-time statement (issue 39): turns and time by gender and by constituency, no names."""
    from webapp.inclusion.explain import voice_group
    from webapp.live import parity

    lines = parity.statement(m.floor_counts or {})
    if not lines:
        return []
    pct = parity.format_share
    return [Section(_("Floor time"), header=[_("Group"), _("Present"), _("Turns"), _("Floor time")],
                    rows=[[voice_group(f"voice_{x.kind}", x.group), f"{x.present} ({pct(x.share_present)})",
                           str(x.turns), f"{x.seconds // 60}:{x.seconds % 60:02d} ({pct(x.share_time)})"]
                          for x in lines], widths=(5, 3, 2, 3))]


def attendance_period(start: date, end: date, locale: str) -> Table:
    tid = current_tenant_id()
    tz = forum_zone()
    lo = datetime.combine(start, time.min, tzinfo=tz)
    hi = datetime.combine(end, time.max, tzinfo=tz)
    counts = (select(Invitation.meeting_id, func.count().label("invited"),
                     func.count().filter(Invitation.attended).label("present"))
              .where(Invitation.tenant_id == tid).group_by(Invitation.meeting_id).subquery())
    rows = db.session.execute(
        select(Meeting.start_at, Meeting.title, Committee.name, func.coalesce(counts.c.invited, 0),
               func.coalesce(counts.c.present, 0))
        .join(Committee, and_(Committee.tenant_id == Meeting.tenant_id, Committee.id == Meeting.committee_id))
        .outerjoin(counts, counts.c.meeting_id == Meeting.id)
        .where(Meeting.tenant_id == tid, Meeting.start_at >= lo, Meeting.start_at <= hi,
               Meeting.status.in_(("notified", "held", "outcomes_published")))
        .order_by(Meeting.start_at)).all()
    invited = sum(r[3] for r in rows)
    present = sum(r[4] for r in rows)
    return Table(
        title=_("Attendance from %(start)s to %(end)s", start=format_date(start, "medium", locale=locale),
                end=format_date(end, "medium", locale=locale)),
        subtitle=current_tenant().name,
        header=[_("Date"), _("Meeting"), _("Committee"), _("Invited"), _("Attended"), _("Rate")],
        rows=[[format_date(s.astimezone(tz).date(), "medium", locale=locale), t, c, str(i), str(p),
               f"{(p / i * 100):.0f}%" if i else "—"] for s, t, c, i, p in rows],
        totals=[_("Meetings: %(n)d", n=len(rows)),
                _("Attendees: %(n)d of %(invited)d invited", n=present, invited=invited)],
        issued=_issued(locale), widths=(3, 6, 4, 2, 2, 2), locale=locale)


def to_csv_bytes(table: Table) -> bytes:
    extra: list[list[str]] = []
    for section in table.sections:
        extra += [[], [section.heading], *[[line] for line in section.lines]]
        if section.rows:
            extra += [section.header, *section.rows]
    return to_csv(table.header, [*table.rows, [], *[[t] for t in table.totals], *extra]).encode("utf-8")


def to_pdf_bytes(table: Table, forum: str) -> bytes:
    try:
        return pdf.render(table, forum)
    except pdf.FontMissing as e:
        raise ReportError(str(e)) from e


def _objective_bars(plan_id: int, rows: list, today: date, title: str) -> tuple[HBars, list[list[str]]]:
    """Progress per objective of a plan's ``rows`` (actions.queries.ItemRow): bars, and the same as table rows."""
    from webapp.actions import queries as actions
    from webapp.actions.progress import rollup

    bars, table = [], []
    for objective in actions.objectives(plan_id):
        r = rollup([actions.facts(x.item) for x in rows if x.item.objective_id == objective.id], today)
        shown = f"{r.percent}%" if r.percent is not None else "—"
        bars.append((objective.title, [float(r.percent or 0)], shown))
        table.append([objective.title, str(r.items), str(r.done), str(r.overdue), shown])
    return HBars(title, bars, 100), table


def action_progress(plan_id: int, locale: str) -> Table:
    from webapp.actions import queries as actions
    from webapp.actions.forms import status_labels
    from webapp.actions.progress import rollup
    from webapp.actions.visibility import Reader

    reader = Reader.staff()  # requested and downloaded by the secretariat and chairs only (reports/views.py)
    plan = actions.plan(plan_id, reader)
    if plan is None:
        raise ReportError("plan not found")
    rows = actions.plan_items(plan.id, reader)
    objectives = {o.id: o.title for o in actions.objectives(plan.id)}
    statuses = {k: str(v) for k, v in status_labels().items()}
    today = datetime.now(forum_zone()).date()
    total = rollup([actions.facts(r.item) for r in rows], today)
    totals = [_("Progress: %(percent)s%%", percent=total.percent if total.percent is not None else "—"),
              _("%(done)d done, %(overdue)d overdue, %(blocked)d blocked, of %(items)d", done=total.done,
                overdue=total.overdue, blocked=total.blocked, items=total.items)]
    chart, per_objective = _objective_bars(plan.id, rows, today, _("Progress per objective"))
    totals += [f"{title}: {shown}" for title, _items, _done, _late, shown in per_objective]
    period = _span(plan.period_start, plan.period_end, locale) if plan.period_start and plan.period_end else ""
    return Table(
        title=_("Progress: %(title)s", title=plan.title), subtitle=current_tenant().name,
        header=[_("Action"), _("Objective"), _("Owner"), _("Due"), _("Status"), _("Progress")],
        rows=[[r.item.title, objectives.get(r.item.objective_id, ""), r.owner or r.organisation or "",
               format_date(r.item.due_on, "medium", locale=locale) if r.item.due_on else "",
               statuses.get(r.item.status, r.item.status), f"{r.percent}%"] for r in rows],
        totals=totals, charts=[chart], period=period, issued=_issued(locale), widths=(6, 5, 4, 3, 4, 2),
        locale=locale)


def membership_chart() -> HBars:
    """The roll today: members (members/membership.py) per constituency, each bar split by gender (self-declared)."""
    from webapp.members.labels import constituencies, genders

    tid = current_tenant_id()
    constituency = func.coalesce(Member.constituency, Organisation.constituency)
    counts = db.session.execute(
        select(constituency, Member.gender, func.count())
        .outerjoin(Organisation, and_(Organisation.tenant_id == Member.tenant_id,
                                      Organisation.id == Member.organisation_id))
        .where(Member.tenant_id == tid, membership.member_clause())
        .group_by(constituency, Member.gender)).all()
    gender_names = {k: str(v) for k, v in genders().items()}
    order = list(gender_names)
    names = {k: str(v) for k, v in constituencies().items()}
    by: dict[str, list[float]] = {}
    for c, gender, n in counts:
        parts = by.setdefault(c or "", [0.0] * len(order))
        parts[order.index(gender) if gender in order else order.index("undisclosed")] += n
    top = max([sum(p) for p in by.values()] or [1])
    rows = []
    for c in sorted(by, key=lambda k: -sum(by[k])):
        total = round(sum(by[c]))
        women = round(by[c][order.index("woman")] / total * 100) if total else 0
        rows.append((names.get(c, c) or _("No constituency given"), by[c],
                     _("%(n)d (%(women)d%% women)", n=total, women=women)))
    return HBars(_("Membership by constituency and gender"), rows, top, [gender_names[k] for k in order])


def inclusion(locale: str, start: date | None = None, end: date | None = None) -> Table:
    """The dashboard on paper: the scorecard and every check per committee as they stood at the end of the period,
    and its months of trends (the last twelve when no period is given)."""
    from webapp.inclusion import explain
    from webapp.inclusion import services as inclusion_services
    from webapp.inclusion.charts import trend_charts

    now = datetime.now(UTC)
    n_months = 12
    if start is not None and end is not None:
        now = min(now, datetime.combine(end, time.max, tzinfo=forum_zone()).astimezone(UTC))
        n_months = max(1, min(36, (end.year - start.year) * 12 + end.month - start.month + 1))
    card = inclusion_services.scorecard(now, n_months)
    overview, trend, score = card.overview, card.trend, card.score
    statuses = explain.status_labels()
    titles = explain.titles()
    rows: list[list[str]] = []
    for m in trend:
        rows.append([format_date(m.start, "MMM y", locale=locale), str(m.meetings),
                     f"{round(m.women_share * 100)}%" if m.women_share is not None else "—", str(m.core_present),
                     str(round(m.notice_days)) if m.notice_days is not None else "—",
                     str(round(m.publication_days)) if m.publication_days is not None else "—"])
    totals = [f"{label}: {statuses[score[key]]}" for key, label in (
        ("inclusive", _("Inclusive")), ("regular", _("Regular")), ("transparent", _("Transparent")),
        ("gender_balanced", _("Gender-balanced")), ("relevant", _("Relevant")))]
    checks = [[committee.name, titles.get(r.key, r.key), statuses[r.status], explain.sentence(r)]
              for committee, results in overview for r in results]
    first, last = (format_date(m.start, "MMMM y", locale=locale) for m in (trend[0], trend[-1]))
    period = _("Period: %(start)s to %(end)s", start=first, end=last)
    charts = [*trend_charts(trend, inclusion_services.targets().women_range), membership_chart()]
    return Table(title=_("Inclusion report"), subtitle=current_tenant().name, period=period, issued=_issued(locale),
                 header=[_("Month"), _("Meetings held"), _("Women present"), _("With every core constituency"),
                         _("Days of notice"), _("Days to publish")], rows=rows, totals=totals, charts=charts,
                 sections=[Section(_("Checks per committee"), header=[_("Committee"), _("Check"), _("Status"),
                                                                      _("Explanation")],
                                   rows=checks, widths=(4, 4, 2, 9))],
                 widths=(3, 2, 2, 3, 2, 2), locale=locale)


def _recommendations_section(year: int, locale: str, totals: list[str]) -> Section:
    """What became of the forum's public recommendations by the end of ``year`` (issue 41): each one transmitted by
    then, to whom, and its status at the year's end (the last answer dated within it); the uptake among them."""
    from webapp.core.visibility import Reader
    from webapp.meetings.recommendations import queries as rec_queries
    from webapp.meetings.recommendations.forms import status_labels

    end = date(year, 12, 31)
    labels = status_labels()
    rows, count, answered, accepted, new = [], 0, 0, 0, 0
    for e in rec_queries.ledger(Reader.anyone(), locale).entries:  # public ones only (webapp/core/visibility.py)
        if e.rec.transmitted_on > end:
            continue
        then = [a for a in e.history if a.answered_on <= end]
        status = then[-1].status if then else "no_answer"
        count, new = count + 1, new + (e.rec.transmitted_on.year == year)
        answered += status in rec_queries.ANSWERED
        accepted += status in rec_queries.ACCEPTED
        rows.append([format_date(e.rec.transmitted_on, "medium", locale=locale), e.rec.addressee, e.text,
                     str(labels[status])])
    if not rows:
        return Section(_("What became of our recommendations"), lines=[_("No public recommendation yet.")])
    uptake = _("Recommendations: %(answered)d of %(count)d answered, %(accepted)d accepted in whole or in part",
               answered=answered, count=count, accepted=accepted)
    totals.append(uptake)
    return Section(_("What became of our recommendations"),
                   lines=[_("Transmitted this year: %(n)d", n=new), uptake, _("Status at the end of the year.")],
                   header=[_("Transmitted on"), _("Addressed to"), _("Recommendation"), _("Status")], rows=rows,
                   widths=(3, 4, 8, 3))


def _women_by_month(lo: datetime, hi: datetime) -> dict[date, float | None]:
    """Women's share among those present at the public meetings of each month from ``lo`` to ``hi`` (None for a
    month with fewer than five people of declared gender present: too few to say)."""
    tid = current_tenant_id()
    month = func.date_trunc("month", func.timezone(str(forum_zone()), Meeting.start_at))
    rows = db.session.execute(
        select(month, func.count().filter(Member.gender == "woman"),
               func.count().filter(Member.gender.in_(("man", "another"))))
        .select_from(Invitation)
        .join(Member, and_(Member.tenant_id == Invitation.tenant_id, Member.id == Invitation.member_id))
        .join(Meeting, and_(Meeting.tenant_id == Invitation.tenant_id, Meeting.id == Invitation.meeting_id))
        .where(Invitation.tenant_id == tid, Invitation.attended, public_sql(Meeting.visibility),
               Meeting.start_at >= lo, Meeting.start_at < hi).group_by(month)).all()
    return {m.date(): (w / (w + o) if w + o >= 5 else None) for m, w, o in rows}


def _meeting_titles(ids: list[int], locale: str) -> dict[int, str]:
    """Meeting id → its title in the reader's language when translated, else as written."""
    if not ids:
        return {}
    said = content.translations("meeting", ids, locale)
    rows = db.session.execute(select(Meeting.id, Meeting.title, Meeting.language).where(
        Meeting.tenant_id == current_tenant_id(), Meeting.id.in_(ids))).all()
    return {i: content.localise(t, lang, said, i, "title", locale).text for i, t, lang in rows}


def annual(year: int, locale: str) -> Table:
    """The forum's year, from public information only: meetings held against those planned, their public
    decisions, progress of each public plan by objective, membership and inclusion, webinar sessions. Made to be
    published: a cover, the period and the date of issue."""
    from webapp.actions import queries as actions
    from webapp.actions.visibility import Reader
    from webapp.inclusion import services as inclusion_services
    from webapp.inclusion.charts import bar_chart
    from webapp.meetings.forms import status_label
    from webapp.meetings.models import Decision
    from webapp.proposals.models import Proposal

    tid = current_tenant_id()
    tz = forum_zone()
    lo = datetime(year, 1, 1, tzinfo=tz)
    hi = datetime(year + 1, 1, 1, tzinfo=tz)
    public_year = and_(Meeting.tenant_id == tid, public_sql(Meeting.visibility), Meeting.start_at >= lo,
                       Meeting.start_at < hi)
    counts = (select(Invitation.meeting_id, func.count().filter(Invitation.attended).label("present"))
              .where(Invitation.tenant_id == tid).group_by(Invitation.meeting_id).subquery())
    decisions = (select(Decision.meeting_id, func.count().label("n")).where(
        Decision.tenant_id == tid, public_sql(Decision.visibility)).group_by(Decision.meeting_id).subquery())
    rows = db.session.execute(
        select(Meeting.start_at, Meeting.id, Committee.name, func.coalesce(counts.c.present, 0),
               func.coalesce(decisions.c.n, 0))
        .join(Committee, and_(Committee.tenant_id == Meeting.tenant_id, Committee.id == Meeting.committee_id))
        .outerjoin(counts, counts.c.meeting_id == Meeting.id).outerjoin(decisions, decisions.c.meeting_id == Meeting.id)
        .where(public_year, Meeting.kind != "webinar", Meeting.status.in_(("held", "outcomes_published")))
        .order_by(Meeting.start_at)).all()
    planned = db.session.scalar(select(func.count()).select_from(Meeting).where(
        public_year, Meeting.kind != "webinar", Meeting.status != "draft")) or 0
    decided = db.session.execute(
        select(Meeting.start_at, Meeting.id, Decision.id, Decision.text, Meeting.language)
        .join(Meeting, and_(Meeting.tenant_id == Decision.tenant_id, Meeting.id == Decision.meeting_id))
        .where(public_year, public_sql(Decision.visibility, Meeting.visibility),
               Meeting.status.in_(("held", "outcomes_published")))
        .order_by(Meeting.start_at, Decision.id)).all()
    # decisions taken between meetings (issue 36): public proposals closed in the year, adopted
    between = db.session.execute(
        select(Proposal.closed_at, Proposal.reference, Decision.id, Decision.text, Proposal.language)
        .join(Proposal, and_(Proposal.tenant_id == Decision.tenant_id, Proposal.id == Decision.proposal_id))
        .where(Decision.tenant_id == tid, public_sql(Decision.visibility, Proposal.visibility),
               Proposal.status == "closed", Proposal.closed_at >= lo, Proposal.closed_at < hi)
        .order_by(Proposal.closed_at, Decision.id)).all()
    webinars = db.session.execute(
        select(Meeting.start_at, Meeting.id, Meeting.status).where(public_year, Meeting.kind == "webinar",
                                                                      Meeting.status != "draft")
        .order_by(Meeting.start_at)).all()
    women, others = db.session.execute(
        select(func.count().filter(Member.gender == "woman"),
               func.count().filter(Member.gender.in_(("man", "another"))))
        .select_from(Invitation)
        .join(Member, and_(Member.tenant_id == Invitation.tenant_id, Member.id == Invitation.member_id))
        .join(Meeting, and_(Meeting.tenant_id == Invitation.tenant_id, Meeting.id == Invitation.meeting_id))
        .where(Invitation.tenant_id == tid, Invitation.attended, public_year)).one()
    day = lambda at: format_date(at.astimezone(tz).date(), "medium", locale=locale)  # noqa: E731
    title = _meeting_titles([r[1] for r in rows] + [r[1] for r in decided] + [w[1] for w in webinars], locale)
    said = content.translations("decision", [r[2] for r in decided] + [r[2] for r in between], locale)
    decision_rows = sorted(
        [(s, title[mid], did, text, lang) for s, mid, did, text, lang in decided]
        + [(s, _("Between meetings: %(reference)s", reference=ref), did, text, lang)
           for s, ref, did, text, lang in between], key=lambda r: (r[0], r[2]))
    totals = [_("Meetings held: %(held)d of %(planned)d planned", held=len(rows), planned=planned),
              _("Public decisions: %(n)d", n=len(decision_rows)),
              _("Webinar sessions: %(n)d", n=sum(w.status in ("held", "outcomes_published") for w in webinars))]
    figures = membership.membership()  # one definition of a member for every page and report
    inclusion_lines = [_("Members: %(n)d", n=figures.members), membership.note(figures)]
    if women + others >= 5:
        share = _("Women among those present: %(share)s%%", share=round(women / (women + others) * 100))
        totals.append(share)
        inclusion_lines.append(share)
    low, high = inclusion_services.targets().women_range
    by_month = _women_by_month(lo, hi)
    women_chart = bar_chart(
        [(date(year, n, 1), by_month.get(date(year, n, 1))) for n in range(1, 13)], max_value=1, band=(low, high),
        month_label=lambda d: format_date(d, "MMM", locale=locale), value_text=lambda v: f"{round(v * 100)}%",
        title=_("Women's share among those present"),
        desc=_("The shaded band is the target range, %(low)s%% to %(high)s%%.", low=round(low * 100),
               high=round(high * 100)))
    today = datetime.now(tz).date()
    plan_sections = []
    for plan, r in actions.plans(Reader.anyone(), today):  # public items of public plans (actions/visibility.py)
        totals.append(f"{plan.title}: {r.percent if r.percent is not None else '—'}%")
        items = actions.plan_items(plan.id, Reader.anyone())
        chart, table = _objective_bars(plan.id, items, today, _("Progress per objective"))
        plan_sections.append(Section(
            plan.title, lines=[_("Progress: %(percent)s%%", percent=r.percent if r.percent is not None else "—")],
            charts=[chart], header=[_("Objective"), _("Actions"), _("Done"), _("Overdue"), _("Progress")],
            rows=table, widths=(8, 2, 2, 2, 2)))
    sections = [
        Section(_("Decisions"), header=[_("Date"), _("Meeting"), _("Decision")],
                rows=[[day(s), where, content.localise(text, lang, said, did, "text", locale).text]
                      for s, where, did, text, lang in decision_rows], widths=(3, 5, 10))
        if decision_rows else Section(_("Decisions"), lines=[_("No public decision this year.")]),
        *plan_sections,
        _recommendations_section(year, locale, totals),
        Section(_("Membership and inclusion"), lines=inclusion_lines, charts=[women_chart, membership_chart()]),
        Section(_("Webinar sessions"), header=[_("Date"), _("Session"), _("Status")],
                rows=[[day(s), title[mid], status_label(st)] for s, mid, st in webinars], widths=(3, 11, 4))
        if webinars else Section(_("Webinar sessions"), lines=[_("No webinar session this year.")]),
    ]
    return Table(title=_("Annual report %(year)d", year=year), subtitle=current_tenant().name,
                 header=[_("Date"), _("Meeting"), _("Committee"), _("Present"), _("Decisions")],
                 rows=[[day(s), title[mid], c, str(p), str(d)] for s, mid, c, p, d in rows], totals=totals,
                 sections=sections, cover=True, heading=_("Meetings held"),
                 period=_span(date(year, 1, 1), date(year, 12, 31), locale),
                 issued=_issued(locale), widths=(3, 7, 5, 2, 2), locale=locale)
