"""Report contents: data from the database (fixed queries), rendered as CSV or as PDF with an embedded
font that covers Hausa and every interface language. Run by the worker, never in a request."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from flask_babel import gettext as _
from fpdf import FPDF
from sqlalchemy import and_, func, select

from tenants.context import current_tenant, current_tenant_id
from webapp.core.csv import to_csv
from webapp.core.dates import format_date, format_datetime
from webapp.core.time import forum_zone
from webapp.extensions import db
from webapp.meetings.models import Invitation, Meeting
from webapp.meetings.outcomes import services as outcome_services
from webapp.members.models import Committee, Member, Organisation

FONT_CANDIDATES = (
    os.environ.get("REPORT_FONT", ""),
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
)


class ReportError(ValueError):
    pass


@dataclass
class Table:
    title: str
    subtitle: str
    header: list[str]
    rows: list[list[str]]
    totals: list[str] = field(default_factory=list)


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
                outcome_services.quorum_sentence(outcome_services.quorum_for(m))])


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
                _("Attendees: %(n)d of %(invited)d invited", n=present, invited=invited)])


def to_csv_bytes(table: Table) -> bytes:
    return to_csv(table.header, [*table.rows, [], *[[t] for t in table.totals]]).encode("utf-8")


def _font() -> str:
    for path in FONT_CANDIDATES:
        if path and os.path.exists(path):
            return path
    raise ReportError("no Unicode font found: install fonts-dejavu-core or set REPORT_FONT")


def to_pdf_bytes(table: Table, forum: str) -> bytes:
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    regular = _font()
    bold = regular.replace("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
    pdf.add_font("DejaVu", "", regular)
    pdf.add_font("DejaVu", "B", bold if os.path.exists(bold) else regular)
    pdf.set_title(table.title)
    pdf.set_creator("Baraza")
    pdf.add_page()
    pdf.set_font("DejaVu", size=10)
    pdf.cell(0, 6, forum, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", size=16)
    pdf.multi_cell(0, 9, table.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", size=10)
    pdf.cell(0, 7, table.subtitle, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    for line in table.totals:
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("DejaVu", size=9)
    with pdf.table(first_row_as_headings=True, line_height=5) as grid:
        grid.row(table.header)
        for row in table.rows:
            grid.row([str(c) for c in row])
    return bytes(pdf.output())


def action_progress(plan_id: int, locale: str) -> Table:
    from webapp.actions import queries as actions
    from webapp.actions.progress import rollup
    from webapp.actions.visibility import Reader

    reader = Reader.staff()  # requested and downloaded by the secretariat and chairs only (reports/views.py)
    plan = actions.plan(plan_id, reader)
    if plan is None:
        raise ReportError("plan not found")
    rows = actions.plan_items(plan.id, reader)
    objectives = {o.id: o.title for o in actions.objectives(plan.id)}
    today = datetime.now(forum_zone()).date()
    total = rollup([actions.facts(r.item) for r in rows], today)
    totals = [_("Progress: %(percent)s%%", percent=total.percent if total.percent is not None else "—"),
              _("%(done)d done, %(overdue)d overdue, %(blocked)d blocked, of %(items)d", done=total.done,
                overdue=total.overdue, blocked=total.blocked, items=total.items)]
    for oid, title in objectives.items():
        r = rollup([actions.facts(x.item) for x in rows if x.item.objective_id == oid], today)
        totals.append(f"{title}: {r.percent if r.percent is not None else '—'}%")
    return Table(
        title=_("Progress: %(title)s", title=plan.title), subtitle=current_tenant().name,
        header=[_("Action"), _("Objective"), _("Owner"), _("Due"), _("Status"), _("Progress")],
        rows=[[r.item.title, objectives.get(r.item.objective_id, ""), r.owner or r.organisation or "",
               format_date(r.item.due_on, "medium", locale=locale) if r.item.due_on else "", r.item.status,
               f"{r.percent}%"] for r in rows],
        totals=totals)


def inclusion(locale: str, start: date | None = None, end: date | None = None) -> Table:
    """The dashboard on paper: the scorecard and every check per committee as they stood at the end of the period,
    and its months of trends (the last twelve when no period is given)."""
    from webapp.inclusion import explain
    from webapp.inclusion import services as inclusion_services

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
        ("gender_balanced", _("Gender-balanced")))]
    for committee, results in overview:
        for r in results:
            totals.append(f"{committee.name} — {titles.get(r.key, r.key)}: {statuses[r.status]}. "
                          f"{explain.sentence(r)}")
    first, last = (format_date(m.start, "MMMM y", locale=locale) for m in (trend[0], trend[-1]))
    period = f"{first} – {last}"
    return Table(title=_("Inclusion report"), subtitle=f"{current_tenant().name} · {period}",
                 header=[_("Month"), _("Meetings held"), _("Women present"), _("With every core constituency"),
                         _("Days of notice"), _("Days to publish")], rows=rows, totals=totals)


def annual(year: int, locale: str) -> Table:
    """The forum's year, from public information only: meetings held, attendance and balance, public
    decisions, public action progress. Made to be published."""
    from webapp.actions import queries as actions
    from webapp.actions.visibility import Reader
    from webapp.meetings.models import Decision

    tid = current_tenant_id()
    tz = forum_zone()
    lo = datetime(year, 1, 1, tzinfo=tz)
    hi = datetime(year + 1, 1, 1, tzinfo=tz)
    counts = (select(Invitation.meeting_id, func.count().filter(Invitation.attended).label("present"))
              .where(Invitation.tenant_id == tid).group_by(Invitation.meeting_id).subquery())
    decisions = (select(Decision.meeting_id, func.count().label("n")).where(
        Decision.tenant_id == tid, Decision.visibility == "public").group_by(Decision.meeting_id).subquery())
    rows = db.session.execute(
        select(Meeting.start_at, Meeting.title, func.coalesce(counts.c.present, 0), func.coalesce(decisions.c.n, 0))
        .outerjoin(counts, counts.c.meeting_id == Meeting.id).outerjoin(decisions, decisions.c.meeting_id == Meeting.id)
        .where(Meeting.tenant_id == tid, Meeting.visibility == "public", Meeting.start_at >= lo, Meeting.start_at < hi,
               Meeting.status.in_(("held", "outcomes_published"))).order_by(Meeting.start_at)).all()
    women, others = db.session.execute(
        select(func.count().filter(Member.gender == "woman"),
               func.count().filter(Member.gender.in_(("man", "another"))))
        .select_from(Invitation)
        .join(Member, and_(Member.tenant_id == Invitation.tenant_id, Member.id == Invitation.member_id))
        .join(Meeting, and_(Meeting.tenant_id == Invitation.tenant_id, Meeting.id == Invitation.meeting_id))
        .where(Invitation.tenant_id == tid, Invitation.attended, Meeting.visibility == "public",
               Meeting.start_at >= lo, Meeting.start_at < hi)).one()
    totals = [_("Meetings held: %(n)d", n=len(rows)),
              _("Public decisions: %(n)d", n=sum(r[3] for r in rows))]
    if women + others >= 5:
        totals.append(_("Women among those present: %(share)s%%", share=round(women / (women + others) * 100)))
    today = datetime.now(tz).date()
    for plan, r in actions.plans(Reader.anyone(), today):  # public items of public plans (actions/visibility.py)
        totals.append(f"{plan.title}: {r.percent if r.percent is not None else '—'}%")
    return Table(title=_("Annual report %(year)d", year=year), subtitle=current_tenant().name,
                 header=[_("Date"), _("Meeting"), _("Present"), _("Decisions")],
                 rows=[[format_date(s.astimezone(tz).date(), "medium", locale=locale), t, str(p), str(d)]
                       for s, t, p, d in rows], totals=totals)
