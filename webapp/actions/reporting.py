"""Reporting bodies and their periodic reports (issue 40): every write and rule. Flush, never commit.

A reporting body (an organisation, whose seated members report, or one member) reports on an item's indicator each
period its ``reporting_frequency`` cuts (webapp/actions/periods.py). A report is an update of the item carrying the
body and the period: its value is that period's figure (the sum of its cells for a disaggregated item), and the
item's figure is the sum of its verified reports (webapp/actions/services.py recount, verify_figure). One report
per body and period, kept, never overwritten; one sent after the period's due date is flagged late. Reminders go
before the due date and, once late, weekly.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, func, or_, select, update

from tenants.models import Tenant
from webapp.actions import cells as cell_rules
from webapp.actions import periods
from webapp.actions.models import ActionItem, ActionUpdate, ActionUpdateCell, ReportingBody
from webapp.actions.services import ActionError, _cells, _number, _tid, recount, verification_for
from webapp.actions.visibility import SEATED_ROLES, Reader
from webapp.core import audit
from webapp.core.zones import forum_today
from webapp.extensions import db
from webapp.members.models import Member, Organisation
from webapp.notices import services as notices


def add_body(item: ActionItem, *, organisation_id: int | None = None, member_id: int | None = None) -> ReportingBody:
    tid = _tid()
    if (organisation_id is None) == (member_id is None):
        raise ActionError("body", "one_reporter")
    if organisation_id is not None and db.session.get(Organisation, (tid, organisation_id)) is None:
        raise ActionError("body", "invalid")
    if member_id is not None and db.session.get(Member, (tid, member_id)) is None:
        raise ActionError("body", "invalid")
    if db.session.scalar(select(ReportingBody.id).where(
            ReportingBody.tenant_id == tid, ReportingBody.item_id == item.id,
            ReportingBody.organisation_id == organisation_id if organisation_id else
            ReportingBody.member_id == member_id)) is not None:
        raise ActionError("body", "already_reporting")
    body = ReportingBody(item_id=item.id, organisation_id=organisation_id, member_id=member_id)
    db.session.add(body)
    db.session.flush()
    audit.record("reporter_added", "action_item", item.id, ["reporting_bodies"])
    refresh_late()
    return body


def remove_body(item: ActionItem, body: ReportingBody) -> None:
    """Refused once it has reported: its reports are kept."""
    if n := db.session.scalar(select(func.count()).select_from(ActionUpdate).where(
            ActionUpdate.tenant_id == _tid(), ActionUpdate.body_id == body.id)):
        raise ActionError("body", "has_reports", count=n)
    db.session.delete(body)
    db.session.flush()
    audit.record("reporter_removed", "action_item", item.id, ["reporting_bodies"])
    refresh_late()


def may_report(body: ReportingBody, member: Member) -> bool:
    """The member named, or a seated member of the organisation named; the secretariat on their behalf."""
    if member.role == "secretariat":
        return True
    reader = Reader.of(member)
    return (body.member_id is not None and body.member_id == reader.member_id) or \
        (body.organisation_id is not None and body.organisation_id == reader.organisation_id)


def open_periods(item: ActionItem, body: ReportingBody, today: date) -> list[periods.Period]:
    """The recent ended periods the body has not reported on yet, latest first (what the report form offers)."""
    if not item.reporting_frequency:
        return []
    done = set(db.session.scalars(select(ActionUpdate.period).where(
        ActionUpdate.tenant_id == _tid(), ActionUpdate.body_id == body.id, ActionUpdate.verification != "sent_back")))
    return [p for p in periods.recent(today, item.reporting_frequency) if p.key not in done]


def submit_report(item: ActionItem, body: ReportingBody, author: Member, *, period: str, value: Any = None,
                  cells: Any = None, note: str | None = None, today: date, via: str = "web") -> ActionUpdate:
    """A body's report for an ended period: kept as sent (a second one for the period is refused unless the first was
    sent back), late if sent after the period's due date; it counts in the item's figure once verified."""
    if body.item_id != item.id or not may_report(body, author):
        raise ActionError("body", "not_reporter")
    if not item.reporting_frequency:
        raise ActionError("period", "no_frequency")
    chosen = periods.from_key(period, item.reporting_frequency)
    if chosen is None or chosen.end >= today:
        raise ActionError("period", "invalid_period")
    if db.session.scalar(select(ActionUpdate.id).where(ActionUpdate.tenant_id == _tid(),
                                                        ActionUpdate.body_id == body.id,
                                                        ActionUpdate.period == chosen.key,
                                                        ActionUpdate.verification != "sent_back")) is not None:
        raise ActionError("period", "already_reported")
    read = _cells(item, cells) if item.disaggregation else None
    number = cell_rules.total(read) if read is not None else None if item.disaggregation else _number(value, "value")
    if number is None:
        raise ActionError("cells" if item.disaggregation else "value", "report_empty")
    report = ActionUpdate(item_id=item.id, author=author.name, author_member_id=author.id,
                          note=(note or "").strip()[:1000] or None, value=number, previous_value=item.current_value,
                          body_id=body.id, period=chosen.key, late=chosen.is_late(today), via=via,
                          verification=verification_for(item, author, report=True))
    db.session.add(report)
    db.session.flush()
    if read is not None:
        db.session.add_all(ActionUpdateCell(update_id=report.id, position=n, sex=cell.sex, band=cell.band, value=v)
                           for n, (cell, v) in enumerate(read, start=1))
    recount(item)
    audit.record("reported", "action_item", item.id, ["value", "period"])
    refresh_late(today)
    return report


# --- status and reminders ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Due:
    """A body's report for a period not sent yet: due (before the due date) or late."""

    item: ActionItem
    body: ReportingBody
    period: periods.Period
    late: bool


def missing(today: date, item_ids: list[int] | None = None) -> list[Due]:
    """The reports not sent yet for the latest ended period of each item with a frequency and bodies (two
    queries), of the given items or all."""
    tid = _tid()
    stmt = (select(ActionItem, ReportingBody)
            .join(ReportingBody, and_(ReportingBody.tenant_id == ActionItem.tenant_id,
                                      ReportingBody.item_id == ActionItem.id))
            .where(ActionItem.tenant_id == tid, ActionItem.reporting_frequency.is_not(None),
                   ActionItem.status.not_in(("done", "dropped"))))
    if item_ids is not None:
        stmt = stmt.where(ActionItem.id.in_(item_ids or [0]))
    pairs = [(i, b, periods.last_ended(today, i.reporting_frequency)) for i, b in db.session.execute(stmt)]
    if not pairs:
        return []
    sent = set(db.session.execute(select(ActionUpdate.body_id, ActionUpdate.period).where(
        ActionUpdate.tenant_id == tid, ActionUpdate.body_id.in_([b.id for _i, b, _p in pairs]),
        ActionUpdate.verification != "sent_back")).tuples())
    return [Due(i, b, p, p.is_late(today)) for i, b, p in pairs if (b.id, p.key) not in sent]


def late_counts(today: date, item_ids: list[int]) -> dict[int, int]:
    """Item id -> how many of its bodies are late with the latest period's report."""
    out: dict[int, int] = {}
    for due in missing(today, item_ids):
        if due.late:
            out[due.item.id] = out.get(due.item.id, 0) + 1
    return out


def _reporters(bodies: list[ReportingBody]) -> dict[int, list[Member]]:
    """Body id -> the members to remind: the member named, or the organisation's seated members."""
    tid = _tid()
    member_ids = {b.member_id for b in bodies if b.member_id}
    org_ids = {b.organisation_id for b in bodies if b.organisation_id}
    people = db.session.scalars(select(Member).where(
        Member.tenant_id == tid, Member.active, Member.notify_reminders,
        or_(Member.id.in_(member_ids or [0]),
            and_(Member.organisation_id.in_(org_ids or [0]), Member.role.in_(SEATED_ROLES))))).all()
    return {b.id: [m for m in people if m.id == b.member_id or
                   (b.organisation_id and m.organisation_id == b.organisation_id and m.role in SEATED_ROLES)]
            for b in bodies}


def send_report_reminders(today: date) -> int:
    """For each report of the latest ended period not sent yet: a reminder once while it is due, then once an ISO
    week while it is late (web: My actions lists it; e-mail or SMS by the member's channels)."""
    dues = missing(today)
    _keep_late(sum(d.late for d in dues))  # days have passed: reports become late without any write
    reporters = _reporters([d.body for d in dues])
    week = today.isocalendar()
    recipients = []
    for d in dues:
        key = f"late:{d.body.id}:{d.period.key}:{week.year}-W{week.week:02d}" if d.late else \
            f"due:{d.body.id}:{d.period.key}"
        for m in reporters.get(d.body.id, []):
            recipients.append({"member_id": m.id, "email": m.email, "name": m.name, "locale": m.locale,
                               "payload": {"item_id": d.item.id, "body_id": d.body.id, "title": d.item.title,
                                           "period": d.period.key, "due_on": d.period.due_on.isoformat(),
                                           "late": d.late},
                               "dedupe_key": f"report-{key}:{m.id}"})
    queued = notices.queue_by_channel("report_reminder", recipients)
    return len(queued.emails) + len(queued.sms)


def refresh_late(today: date | None = None) -> int:
    """Counts the reporting bodies late with the latest period's report and keeps the figure on the forum's row
    (``tenants.late_reports``: the chair dashboard reads it with the forum, no statement of its own); returns it.
    Called by every write that changes it, and daily by the reminders (time alone makes a report late)."""
    count = sum(d.late for d in missing(today or forum_today()))
    _keep_late(count)
    return count


def _keep_late(count: int) -> None:
    db.session.execute(update(Tenant).where(Tenant.id == _tid()).values(late_reports=count))


def due_for(member: Member, today: date) -> list[Due]:
    """The reports the member's body (they, or the organisation they sit for) has not sent for the latest ended
    period: My actions lists them, late ones first."""
    reader = Reader.of(member)
    mine = [d for d in missing(today) if (d.body.member_id is not None and d.body.member_id == reader.member_id)
            or (d.body.organisation_id is not None and d.body.organisation_id == reader.organisation_id)]
    return sorted(mine, key=lambda d: (not d.late, d.period.due_on, d.item.id))
