"""Every write to action plans and items, and the reminder sweeps. Flush, never commit."""
from __future__ import annotations

import functools
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Select, and_, bindparam, delete, func, or_, select, update
from sqlalchemy.sql.elements import ColumnElement

from tenants.rls import prebuilt
from webapp.actions import cells as cell_rules
from webapp.actions.models import (
    DISAGGREGATIONS,
    FREQUENCIES,
    ITEM_STATUSES,
    ActionItem,
    ActionPlan,
    ActionUpdate,
    ActionUpdateCell,
    Objective,
)
from webapp.actions.visibility import (
    SEATED_ROLES,
    Reader,
    as_reader,
    owns,
    readable_shape_sql,
    readable_sql,
    strictest,
    wider,
)
from webapp.core import audit, content, deletion, signals
from webapp.core.labels import VISIBILITIES
from webapp.core.service_errors import ServiceError, tenant_id_or
from webapp.core.visibility import plan_sql
from webapp.extensions import db
from webapp.meetings.models import Decision, Meeting
from webapp.members.models import Member
from webapp.notices import services as notices
from webapp.proposals.models import Proposal

ITEM_FIELDS = ("title", "objective_id", "owner_member_id", "owner_organisation_id", "due_on", "status", "issue_area",
               "mineral", "place", "budget", "funding_source", "indicator", "unit", "baseline", "target",
               "current_value", "reporting_frequency", "disaggregation", "sites", "verify_figures",
               "verifier_member_id", "milestones", "evidence_link", "origin_decision_id", "visibility")


class ActionError(ServiceError):
    pass


def _tid() -> int:
    return tenant_id_or(ActionError)


def save_plan(plan: ActionPlan | None, *, title: str, description: str | None, period_start: date | None,
              period_end: date | None, visibility: str) -> ActionPlan:
    if not title.strip():
        raise ActionError("title", "required")
    if visibility not in VISIBILITIES:
        raise ActionError("visibility", "invalid")
    if period_start and period_end and period_end < period_start:
        raise ActionError("period_end", "before_start")
    if plan is None:
        plan = ActionPlan()
        db.session.add(plan)
    plan.title, plan.description = title.strip(), (description or "").strip() or None
    plan.period_start, plan.period_end, plan.visibility = period_start, period_end, visibility
    db.session.flush()
    audit.record("saved", "action_plan", plan.id, ["title"])
    return plan


def add_objective(plan: ActionPlan, title: str) -> Objective:
    if not title.strip():
        raise ActionError("title", "required")
    last = db.session.scalar(select(func.max(Objective.position)).where(
        Objective.tenant_id == _tid(), Objective.plan_id == plan.id)) or 0
    objective = Objective(plan_id=plan.id, title=title.strip(), position=last + 1)
    db.session.add(objective)
    db.session.flush()
    audit.record("saved", "action_plan", plan.id, ["objectives"])
    return objective


# The columns are NUMERIC(14, 4) and NUMERIC(14, 2): ten digits before the point fit both.
def move_objective(plan: ActionPlan, objective: Objective, direction: str) -> None:
    """One place up or down; the plan page groups its actions in this order."""
    from webapp.core.ordering import move

    objectives = list(db.session.scalars(select(Objective).where(
        Objective.tenant_id == _tid(), Objective.plan_id == plan.id).order_by(Objective.position, Objective.id)))
    if move(objectives, objective, direction):
        db.session.flush()
        audit.record("saved", "action_plan", plan.id, ["objectives"])


def _number(value: Any, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise ActionError(field, "number") from None
    if not number.is_finite():
        raise ActionError(field, "number")
    if number.adjusted() >= 10:  # |number| >= 10^10, read from the exponent: abs() of 1e1000000000 overflows
        raise ActionError(field, "too_large")
    return number


def save_item(plan: ActionPlan, item: ActionItem | None, values: dict[str, Any]) -> ActionItem:
    tid = _tid()
    values = {k: v for k, v in values.items() if k in ITEM_FIELDS}
    if not (values.get("title") or "").strip():
        raise ActionError("title", "required")
    if values.get("status", "planned") not in ITEM_STATUSES:
        raise ActionError("status", "invalid")
    if item is None:  # a new item takes its plan's visibility (and no wider than its decision's)
        values.setdefault("visibility", None)
    if "visibility" in values and values["visibility"] is None:
        values["visibility"] = widest_allowed(plan, _decision(tid, values.get("origin_decision_id")))
    if values.get("visibility", "members") not in VISIBILITIES:
        raise ActionError("visibility", "invalid")
    if values.get("reporting_frequency") and values["reporting_frequency"] not in FREQUENCIES:
        raise ActionError("reporting_frequency", "invalid")
    for field in ("budget", "baseline", "target", "current_value"):
        if field in values:
            values[field] = _number(values[field], field)
    _check_disaggregation(values)
    if values.get("objective_id") and db.session.scalar(select(Objective.id).where(
            Objective.tenant_id == tid, Objective.plan_id == plan.id, Objective.id == values["objective_id"])) is None:
        raise ActionError("objective_id", "invalid")
    if values.get("owner_member_id") and db.session.get(Member, (tid, values["owner_member_id"])) is None:
        raise ActionError("owner_member_id", "invalid")
    if values.get("verifier_member_id") and db.session.get(Member, (tid, values["verifier_member_id"])) is None:
        raise ActionError("verifier_member_id", "invalid")
    if "verify_figures" in values:
        values["verify_figures"] = bool(values["verify_figures"])
    decision = _decision(tid, values.get("origin_decision_id", item.origin_decision_id if item else None))
    if values.get("origin_decision_id") and decision is None:
        raise ActionError("origin_decision_id", "invalid")
    if item is None or values.get("visibility", item.visibility) != item.visibility or \
            values.get("origin_decision_id", item.origin_decision_id) != item.origin_decision_id:
        _check_not_wider(values.get("visibility", item.visibility if item else plan.visibility), plan, decision)
    if item is None:
        item = ActionItem(plan_id=plan.id)
        db.session.add(item)
    changed = [k for k, v in values.items() if getattr(item, k, None) != v]
    for k, v in values.items():
        setattr(item, k, v)
    item.title = item.title.strip()
    item.updated_at = datetime.now(UTC)
    db.session.flush()
    audit.record("saved", "action_item", item.id, changed)
    if {"reporting_frequency", "status"} & set(changed):  # who is late may change (webapp/actions/reporting.py)
        from webapp.actions.reporting import refresh_late

        refresh_late()
    return item


def _check_disaggregation(values: dict[str, Any]) -> None:
    """A disaggregation the product knows; by site, the sites one a line (at least one, at most 20)."""
    if "disaggregation" in values:
        values["disaggregation"] = values["disaggregation"] or None
    if values.get("disaggregation") not in (None, *DISAGGREGATIONS):
        raise ActionError("disaggregation", "invalid")
    if "sites" in values:
        sites = cell_rules.site_list(values["sites"])
        if any(len(s) > 120 for s in sites) or len(sites) > cell_rules.MAX_SITES:
            raise ActionError("sites", "too_many_sites")
        values["sites"] = "\n".join(sites) or None
    if values.get("disaggregation") == "site" and not values.get("sites"):
        raise ActionError("sites", "no_sites")


def cell_layout(item: ActionItem) -> list[cell_rules.Cell]:
    """The cells an update of this item is reported in (none if it is not disaggregated)."""
    from tenants.context import current_tenant

    return cell_rules.layout(item.disaggregation, current_tenant().setting("age_bands") or [], item.sites)


def _cells(item: ActionItem, typed: Any) -> list[tuple[cell_rules.Cell, Decimal]] | None:  # noqa: ANN401
    """The cells typed for a disaggregated item, read; an ActionError("cells", code, count=index) names the bad one."""
    try:
        return cell_rules.read(cell_layout(item), typed or [], lambda raw: _number(raw, "value"))
    except cell_rules.CellError as e:
        raise ActionError("cells", e.code, count=e.index or 0) from None


def _decision(tid: int, decision_id: int | None) -> Decision | None:
    return db.session.get(Decision, (tid, decision_id)) if decision_id else None


def widest_allowed(plan: ActionPlan, decision: Decision | None = None) -> str:
    """The widest an item of this plan (born of this decision) may be; also what a new item takes."""
    return strictest(plan.visibility, *([decision.visibility] if decision is not None else []))


def proposed_visibility(plan: ActionPlan | None, item: ActionItem | None, decision: Decision | None) -> str | None:
    """What the item form proposes: the widest the plan and the decision allow, or the item's own setting when that
    is stricter (so saving an item whose plan was narrowed since narrows it too, in plain sight)."""
    if item is not None and decision is None and item.origin_decision_id:
        decision = _decision(_tid(), item.origin_decision_id)
    levels = [plan.visibility if plan is not None else None, decision.visibility if decision is not None else None,
              item.visibility if item is not None else None]
    given = [level for level in levels if level]
    return strictest(*given) if given else None


def _check_not_wider(visibility: str, plan: ActionPlan, decision: Decision | None) -> None:
    """Refused rather than narrowed in silence: who can see an item is a deliberate choice, the form already proposes
    the widest allowed, and the message says what to change (the item's setting, or the plan's or decision's)."""
    if wider(visibility, plan.visibility):
        raise ActionError("visibility", "wider_than_plan")
    if decision is not None and wider(visibility, decision.visibility):
        raise ActionError("visibility", "wider_than_decision")


def may_update(item: ActionItem, member: Member) -> bool:
    """The secretariat, and whoever owns the item: the member named, or for an organisation's item that
    organisation's seated members (observers hold no seat). Owners may always read their items, too."""
    if member.role == "secretariat":
        return True
    return owns(item, Reader.of(member))


def may_verify(item: ActionItem, member: Member) -> bool:
    """Who verifies an item's figures (issue 40): the secretariat, or the member the item names as its verifier."""
    return member.role == "secretariat" or (item.verifier_member_id is not None and item.verifier_member_id == member.id
                                            and member.active)


def verification_for(item: ActionItem, author: Member, *, report: bool) -> str:
    """What a new figure starts as: verified when its author may verify it or the item does not ask (a report always
    does), else pending."""
    return "verified" if may_verify(item, author) or not (report or item.verify_figures) else "pending"


class LowersProgress(ActionError):
    """The new value moves the item away from its target: the view asks the member to confirm first."""

    def __init__(self, before: Decimal | None, after: Decimal) -> None:
        super().__init__("value", "lowers")
        self.before = before
        self.after = after


def lowers_progress(item: ActionItem, number: Decimal | None, before: Decimal | None = None) -> bool:
    """True if ``number`` moves the item's indicator away from its target (lower, or higher for a falling
    target such as child-labour incidence): the typical slip is typing this month's figure (6) instead of the
    new total (28)."""
    before = item.current_value if before is None else before
    if number is None or before is None:
        return False
    falling = item.target is not None and item.baseline is not None and item.target < item.baseline
    return number > before if falling else number < before


def record_update(item: ActionItem, author: Member, *, status: str | None, value: Any,
                  note: str | None, confirm_lower: bool = False, cells: Any = None) -> ActionUpdate:  # noqa: ANN401
    """A dated update: a note, a status change and/or a new indicator value (the new total); the item follows it.
    For a disaggregated item the value is the sum of ``cells`` (the typed cells, in the order of cell_layout).
    A value that lowers progress raises LowersProgress unless ``confirm_lower``, and changes nothing."""
    if not may_update(item, author):
        raise ActionError("item", "not_owner")
    if status is not None and status not in ITEM_STATUSES:
        raise ActionError("status", "invalid")
    read = _cells(item, cells) if item.disaggregation else None
    number = cell_rules.total(read) if read is not None else None if item.disaggregation else _number(value, "value")
    note = (note or "").strip()[:1000] or None
    if status == item.status:
        status = None
    if number is not None and item.current_value is not None and number == item.current_value and read is None:
        number = None  # the same total again; cells always count (the breakdown may have changed)
    if status is None and number is None and note is None:
        raise ActionError("update", "empty")
    if number is not None and not confirm_lower and lowers_progress(item, number):
        raise LowersProgress(item.current_value, number)
    verification = verification_for(item, author, report=False) if number is not None else "verified"
    update = ActionUpdate(item_id=item.id, author=author.name, author_member_id=author.id, note=note, status=status,
                          value=number, previous_status=item.status if status is not None else None,
                          previous_value=item.current_value if number is not None else None,
                          verification=verification)
    db.session.add(update)
    if read is not None:
        db.session.flush()
        db.session.add_all(ActionUpdateCell(update_id=update.id, position=n, sex=cell.sex, band=cell.band, value=v)
                           for n, (cell, v) in enumerate(read, start=1))
    if status is not None:
        item.status = status
    if number is not None and verification == "verified":  # a figure awaiting verification does not count yet
        item.current_value = number
    item.updated_at = datetime.now(UTC)
    db.session.flush()
    audit.record("updated", "action_item", item.id, [k for k, v in (("status", status), ("value", number),
                                                                      ("note", note)) if v is not None])
    return update


def latest_update(item: ActionItem) -> ActionUpdate | None:
    return db.session.scalar(select(ActionUpdate).where(ActionUpdate.tenant_id == _tid(),
                                                        ActionUpdate.item_id == item.id)
                             .order_by(ActionUpdate.at.desc(), ActionUpdate.id.desc()).limit(1))


def may_amend(item: ActionItem, update: ActionUpdate | None, member: Member) -> bool:
    """Only the author of the item's latest update, while they may still update the item, corrects or
    withdraws it: an older update has been built on by someone since."""
    return (update is not None and update.item_id == item.id and update.author_member_id == member.id
            and may_update(item, member) and (latest := latest_update(item)) is not None and latest.id == update.id)


def correct_update(item: ActionItem, update: ActionUpdate, author: Member, *, value: Any, note: str | None,
                   confirm_lower: bool = False) -> ActionUpdate:
    """The author fixes the value and/or note of their latest update; the item's value follows. Audited."""
    if not may_amend(item, update, author):
        raise ActionError("update", "not_author")
    number = _number(value, "value")
    note = (note or "").strip()[:1000] or None
    if item.disaggregation and number != update.value:  # the total is its cells' sum: a new update says them
        raise ActionError("value", "disaggregated")
    if number is None and note is None and update.status is None:
        raise ActionError("update", "empty")
    # a correction replaces the update: it is measured against the value before it
    before = update.previous_value if update.value is not None else item.current_value
    if number is not None and not confirm_lower and lowers_progress(item, number, before):
        raise LowersProgress(before, number)
    changed = [k for k, old, new in (("value", update.value, number), ("note", update.note, note)) if old != new]
    if update.verification != "verified":  # not counted yet: corrected, it waits for verification again
        update.value, update.note, update.verification, update.verifier_note = number, note, "pending", None
        item.updated_at = datetime.now(UTC)
        db.session.flush()
        audit.record("update_corrected", "action_item", item.id, changed)
        return update
    if number is not None:
        if update.value is None:
            update.previous_value = item.current_value
        item.current_value = number
    elif update.value is not None:  # the value removed: the item goes back to what it was
        item.current_value = update.previous_value
    update.value, update.note = number, note
    item.updated_at = datetime.now(UTC)
    db.session.flush()
    audit.record("update_corrected", "action_item", item.id, changed)
    return update


def withdraw_update(item: ActionItem, update: ActionUpdate, author: Member) -> None:
    """The author takes back their latest update: the item's status and value return to what they were. The
    update row goes; the audit log keeps that it was withdrawn (field names only, as always)."""
    if not may_amend(item, update, author):
        raise ActionError("update", "not_author")
    if update.status is not None and update.previous_status is not None:
        item.status = update.previous_status
    if update.value is not None and update.verification == "verified":
        item.current_value = update.previous_value
    fields = [k for k, v in (("status", update.status), ("value", update.value), ("note", update.note))
              if v is not None]
    db.session.delete(update)
    item.updated_at = datetime.now(UTC)
    db.session.flush()
    audit.record("update_withdrawn", "action_item", item.id, fields)


def recount(item: ActionItem) -> None:
    """An item with reports: its figure is the sum of its verified reports (unchanged while it has none)."""
    total = db.session.scalar(select(func.sum(ActionUpdate.value)).where(
        ActionUpdate.tenant_id == _tid(), ActionUpdate.item_id == item.id, ActionUpdate.body_id.is_not(None),
        ActionUpdate.verification == "verified"))
    if total is not None and total != item.current_value:
        item.current_value = total
    item.updated_at = datetime.now(UTC)
    db.session.flush()


def _pending(item: ActionItem, update: ActionUpdate, member: Member) -> None:
    if update.item_id != item.id or not may_verify(item, member):
        raise ActionError("update", "not_verifier")
    if update.verification != "pending":
        raise ActionError("update", "not_pending")


def verify_figure(item: ActionItem, update: ActionUpdate, member: Member) -> None:
    """The figure counts from now on: a report adds to the item's sum; an update's value becomes the item's (when no
    later verified value stands)."""
    _pending(item, update, member)
    update.verification, update.verified_by, update.verified_at = "verified", member.name, datetime.now(UTC)
    update.verifier_note = None
    db.session.flush()
    if update.body_id is not None:
        recount(item)
    else:
        latest = db.session.scalar(select(ActionUpdate.value).where(
            ActionUpdate.tenant_id == _tid(), ActionUpdate.item_id == item.id, ActionUpdate.body_id.is_(None),
            ActionUpdate.value.is_not(None), ActionUpdate.verification == "verified")
            .order_by(ActionUpdate.at.desc(), ActionUpdate.id.desc()).limit(1))
        item.current_value = latest
        item.updated_at = datetime.now(UTC)
        db.session.flush()
    audit.record("verified", "action_item", item.id, ["value"])


def send_back_figure(item: ActionItem, update: ActionUpdate, member: Member, note: str | None) -> None:
    """Sent back to its author with a reason: it does not count; they correct it (a report: they send the period's
    report again)."""
    _pending(item, update, member)
    note = (note or "").strip()[:500]
    if not note:
        raise ActionError("verifier_note", "reason_required")
    update.verification, update.verified_by, update.verified_at = "sent_back", member.name, datetime.now(UTC)
    update.verifier_note = note
    db.session.flush()
    audit.record("sent_back", "action_item", item.id, ["value"])
    if update.body_id is not None:  # the period's report is missing again: late, perhaps
        from webapp.actions.reporting import refresh_late

        refresh_late()


def item_from_decision(decision: Decision, plan: ActionPlan) -> ActionItem:
    return save_item(plan, None, {"title": decision.text[:300], "origin_decision_id": decision.id,
                                  "visibility": widest_allowed(plan, decision), "status": "planned"})


def _decision_committee() -> ColumnElement[int]:
    """The committee a decision belongs to: its meeting's, or its proposal's (a decision has one parent)."""
    return func.coalesce(Meeting.committee_id, Proposal.committee_id)


def open_items_of_committee(committee_id: int, who: Reader | tuple[str, ...]) -> list[ActionItem]:
    """Items born of decisions of this committee's meetings that are not done or dropped, that ``who`` may read."""
    tid = _tid()
    return list(db.session.scalars(
        select(ActionItem)
        .join(Decision, and_(Decision.tenant_id == ActionItem.tenant_id, Decision.id == ActionItem.origin_decision_id))
        .outerjoin(Meeting, and_(Meeting.tenant_id == Decision.tenant_id, Meeting.id == Decision.meeting_id))
        .outerjoin(Proposal, and_(Proposal.tenant_id == Decision.tenant_id, Proposal.id == Decision.proposal_id))
        .where(ActionItem.tenant_id == tid, _decision_committee() == committee_id,
               ActionItem.status.not_in(("done", "dropped")), readable_sql(as_reader(who)))
        .order_by(ActionItem.due_on.nulls_last(), ActionItem.id)))


def open_for_agenda(meeting: Meeting) -> list[ActionItem]:
    """Matters arising of a committee's meeting: its open action items that the meeting's audience may read."""
    return open_items_of_committee(meeting.committee_id, Reader.audience(meeting.visibility))


def updates_since(committee_id: int, since: datetime | None, until: datetime | None,
                  who: Reader | tuple[str, ...]) -> list[tuple[ActionItem, ActionUpdate]]:
    """For the minutes' annex: updates on the committee's action items between the previous meeting and the end
    of this one, on items the reader may see (the statement built once per shape: ``_updates_statement``)."""
    reader = as_reader(who)
    stmt = _updates_statement(reader.level, reader.member_id is not None, reader.organisation_id is not None,
                              since is not None, until is not None)
    params = {"upd_tid": _tid(), "upd_committee": committee_id, "upd_since": since, "upd_until": until,
              "upd_member": reader.member_id, "upd_org": reader.organisation_id}
    return [(i, u) for i, u in db.session.execute(stmt, params)]


@functools.lru_cache(maxsize=64)
def _updates_statement(level: str, member: bool, organisation: bool, since: bool, until: bool) -> Select:
    """``updates_since``'s statement for one shape (the reader's level, whether they have a member and a seated
    organisation, whether the window has each end); every value a ``bindparam`` given at execution, so it holds
    nothing of the reader it was first built for (tenants.rls.prebuilt: its cache key memoized)."""
    tid = bindparam("upd_tid")
    stmt = (select(ActionItem, ActionUpdate)
            .join(ActionUpdate, and_(ActionUpdate.tenant_id == ActionItem.tenant_id,
                                     ActionUpdate.item_id == ActionItem.id))
            .join(Decision, and_(Decision.tenant_id == ActionItem.tenant_id,
                                 Decision.id == ActionItem.origin_decision_id))
            .outerjoin(Meeting, and_(Meeting.tenant_id == Decision.tenant_id, Meeting.id == Decision.meeting_id))
            .outerjoin(Proposal, and_(Proposal.tenant_id == Decision.tenant_id,
                                      Proposal.id == Decision.proposal_id))
            .where(ActionItem.tenant_id == tid, _decision_committee() == bindparam("upd_committee"),
                   readable_shape_sql(level, bindparam("upd_member") if member else None,
                                      bindparam("upd_org") if organisation else None)))
    if since:
        stmt = stmt.where(ActionUpdate.at >= bindparam("upd_since"))
    if until:
        stmt = stmt.where(ActionUpdate.at <= bindparam("upd_until"))
    return prebuilt(stmt.order_by(ActionUpdate.at))


def for_meeting_page(meeting: Meeting, member: Member | None, *, arising: bool, since: datetime | None, annex: bool
                     ) -> tuple[list[ActionItem], list[tuple[ActionItem, ActionUpdate]]]:
    """What a meeting's page shows of action items, for the member reading it: matters arising (the committee's
    open items, when ``arising``) and the minutes' annex (updates from ``since`` to the meeting's end, when
    ``annex``)."""
    reader = Reader.of(member)
    return (open_items_of_committee(meeting.committee_id, reader) if arising else [],
            updates_since(meeting.committee_id, since, meeting.end_at, reader) if annex else [])


# --- reminders --------------------------------------------------------------------------------

def _owners(items: list[ActionItem]) -> dict[int, list[Member]]:
    """Item id -> the members to remind: the owner, else the owning organisation's seated members (not observers,
    who do not own the organisation's items and may not be able to read them)."""
    tid = _tid()
    member_ids = {i.owner_member_id for i in items if i.owner_member_id}
    org_ids = {i.owner_organisation_id for i in items if i.owner_organisation_id and not i.owner_member_id}
    people = db.session.scalars(select(Member).where(
        Member.tenant_id == tid, Member.active, Member.notify_reminders,  # by e-mail or SMS (notices route them)
        or_(Member.id.in_(member_ids or [0]),
            and_(Member.organisation_id.in_(org_ids or [0]), Member.role.in_(SEATED_ROLES))))).all()
    by_id = {m.id: m for m in people}
    by_org: dict[int, list[Member]] = {}
    for m in people:
        if m.organisation_id and m.role in SEATED_ROLES:
            by_org.setdefault(m.organisation_id, []).append(m)
    out: dict[int, list[Member]] = {}
    for i in items:
        if i.owner_member_id:
            out[i.id] = [by_id[i.owner_member_id]] if i.owner_member_id in by_id else []
        else:
            out[i.id] = by_org.get(i.owner_organisation_id or 0, [])
    return out


def send_reminders(today: date) -> int:
    """Due in 7 days (once per due date) and overdue (once per ISO week), to the owners in their language."""
    tid = _tid()
    items = list(db.session.scalars(select(ActionItem).where(
        ActionItem.tenant_id == tid, ActionItem.status.not_in(("done", "dropped")), ActionItem.due_on.is_not(None),
        ActionItem.due_on <= today + timedelta(days=7))))
    owners = _owners(items)
    week = today.isocalendar()
    recipients = []
    for item in items:
        overdue = item.due_on < today
        key = f"overdue:{item.id}:{week.year}-W{week.week:02d}" if overdue else f"due-soon:{item.id}:{item.due_on}"
        for m in owners.get(item.id, []):
            recipients.append({"member_id": m.id, "email": m.email, "name": m.name, "locale": m.locale,
                               "payload": {"item_id": item.id, "title": item.title, "due_on": item.due_on.isoformat(),
                                           "overdue": overdue},
                               "dedupe_key": f"action-{key}:{m.id}"})
    return len(notices.queue_notices("action_reminder", recipients))


def send_monthly_digest(today: date) -> int:
    """Overdue items, once a month, to the chairs (who opted in to digests)."""
    tid = _tid()
    overdue = db.session.execute(select(ActionItem.title, ActionItem.due_on).where(
        ActionItem.tenant_id == tid, ActionItem.status.not_in(("done", "dropped")), ActionItem.due_on < today)
        .order_by(ActionItem.due_on).limit(100)).all()
    if not overdue:
        return 0
    chairs = db.session.scalars(select(Member).where(
        Member.tenant_id == tid, Member.role.in_(("chair", "vice_chair")), Member.active, Member.email.is_not(None),
        Member.notify_digests)).all()
    items = [{"title": t, "due_on": d.isoformat()} for t, d in overdue]
    return len(notices.queue_notices("action_digest", [
        {"member_id": c.id, "email": c.email, "name": c.name, "locale": c.locale,
         "payload": {"items": items, "count": len(overdue)}, "dedupe_key": f"action-digest:{today:%Y-%m}:{c.id}"}
        for c in chairs]))


@signals.member_erased.connect
def _erase_member(_sender: str, erasure: signals.Erasure) -> None:
    """Member erasure (webapp/members/services.py): the author's name on action updates, unless someone else in the
    forum has that name."""
    e = erasure
    if e.has_namesake:
        return
    db.session.execute(update(ActionUpdate).where(ActionUpdate.tenant_id == e.tenant_id, ActionUpdate.author == e.name)
                       .values(author="—"))


# --- deletion: what is not yet public goes, with its translations; what others use stays --------------

def delete_item(item: ActionItem) -> None:
    """An action and its updates."""
    had_bodies = item.reporting_frequency is not None
    deletion.delete_with_translations(item, "action_item")
    if had_bodies:
        from webapp.actions.reporting import refresh_late

        refresh_late()


def _items_count(*where: Any) -> int:  # noqa: ANN401
    return db.session.scalar(select(func.count()).select_from(ActionItem).where(ActionItem.tenant_id == _tid(),
                                                                                 *where)) or 0


def delete_objective(plan: ActionPlan, objective: Objective) -> None:
    """Refused while actions sit under it: they are moved or deleted first."""
    if n := _items_count(ActionItem.objective_id == objective.id):
        raise ActionError("objective", "has_action_items", count=n)
    content.delete_translations("objective", [objective.id])
    objective_id = objective.id
    db.session.delete(objective)
    db.session.flush()
    for n, o in enumerate(db.session.scalars(select(Objective).where(
            Objective.tenant_id == _tid(), Objective.plan_id == plan.id).order_by(Objective.position, Objective.id)),
            start=1):
        o.position = n
    db.session.flush()
    audit.record("deleted", "objective", objective_id)


def rename_objective(objective: Objective, title: str) -> Objective:
    if not title.strip():
        raise ActionError("title", "required")
    if objective.title != title.strip():
        objective.title = title.strip()
        db.session.flush()
        audit.record("renamed", "objective", objective.id, ["title"])
    return objective


def delete_plan(plan: ActionPlan) -> None:
    """A plan without actions, with its objectives; refused while it has actions."""
    tid = _tid()
    if n := _items_count(ActionItem.plan_id == plan.id):
        raise ActionError("plan", "has_action_items", count=n)
    objective_ids = list(db.session.scalars(select(Objective.id).where(Objective.tenant_id == tid,
                                                                       Objective.plan_id == plan.id)))
    content.delete_translations("objective", objective_ids)
    content.delete_translations("action_plan", [plan.id])
    plan_id = plan.id
    db.session.execute(delete(ActionPlan).where(ActionPlan.tenant_id == tid, ActionPlan.id == plan_id))
    db.session.expunge(plan)
    audit.record("deleted", "action_plan", plan_id)


@signals.counting_uses.connect_via("decision")
def _items_of_decisions(_sender: str, ids: list[int]) -> dict[str, int]:
    decision_ids = ids
    return {"action_items": _items_count(ActionItem.origin_decision_id.in_(decision_ids))}


@signals.counting_uses.connect_via("organisation")
def _items_of_organisations(_sender: str, ids: list[int]) -> dict[str, int]:
    org_ids = ids
    return {"action_items": _items_count(ActionItem.owner_organisation_id.in_(org_ids))}


# issue 27: plans, objectives and action items, translated as lists by the forum's translators (core/content.py)
def content_kinds() -> tuple[content.Kind, ...]:
    """The texts a translator translates as lists (bound in webapp/wiring.py)."""
    from flask_babel import lazy_gettext as _l

    # an objective is seen no wider than its plan, an item as the rule for items says (issue 31: a translator
    # reads only what their role reads)
    return (content.Kind("action_plan", _l("Action plans"), ActionPlan, ("title", "description")),
            content.Kind("objective", _l("Objectives"), Objective, ("title",), readable=_objective_readable),
            content.Kind("action_item", _l("Action items"), ActionItem, ("title",), readable=readable_sql))


def _objective_readable(reader: Reader) -> Any:  # noqa: ANN401  (a WHERE clause)
    return (select(ActionPlan.id).where(ActionPlan.tenant_id == Objective.tenant_id, ActionPlan.id == Objective.plan_id,
                                        plan_sql(reader, ActionPlan.visibility))
            .correlate(Objective).exists())
