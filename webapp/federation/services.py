"""Every write of the federation feature. Flush, never commit; raise FederationError.

A request writes only in its own forum (and the platform's affiliation table); whatever must happen in the other
forum — the invitation's notice, an audit entry there, objectives copied down or withdrawn — is done by a job
inside that forum's own context (worker/federation.py), enqueued after the request's commit.
"""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, select

from webapp.actions.models import Objective
from webapp.core import audit
from webapp.core.permissions import SPEAKERS
from webapp.core.queue import enqueue_after_commit
from webapp.core.service_errors import ServiceError, tenant_id_or
from webapp.core.visibility import Reader, sees_plan
from webapp.extensions import db
from webapp.federation import queries
from webapp.federation.models import (
    SHARES,
    Affiliation,
    ObjectiveLink,
    ReceivedObjective,
    SharedObjective,
    Snapshot,
)
from webapp.members.models import Member
from webapp.notices import services as notices

OTHER_SIDE = "worker.federation.affiliation_event"
COPY_DOWN = "worker.federation.copy_down"
TAKE_SNAPSHOT = "worker.federation.take_snapshot"
ON_DEMAND_EVERY_DAYS = 7  # a snapshot on demand at most once a week per affiliation (the monthly ones besides)


class FederationError(ServiceError):
    pass


def _tid() -> int:
    return tenant_id_or(FederationError)


def invite(slug: str, by: str) -> Affiliation:
    """The current forum (the coordinator) invites the forum at ``slug``."""
    tid = _tid()
    target = queries.forum_by_slug(slug or "")
    if target is None:
        raise FederationError("slug", "unknown")
    if target.id == tid:
        raise FederationError("slug", "self")
    if any(a.affiliate_id == target.id for a in queries.affiliations(side="coordinator",
                                                                    status=("pending", "active"))):
        raise FederationError("slug", "already")
    affiliation = Affiliation(coordinator_id=tid, affiliate_id=target.id, status="pending", invited_by=by[:200])
    db.session.add(affiliation)
    db.session.flush()
    audit.record("affiliation_invite", "affiliation", affiliation.id)
    enqueue_after_commit(OTHER_SIDE, target.id, affiliation.id, "invited")
    return affiliation


def accept(affiliation: Affiliation, shares: list[str], by: str) -> None:
    """The invited forum accepts, choosing what it shares."""
    if affiliation.affiliate_id != _tid() or affiliation.status != "pending":
        raise FederationError("affiliation", "not_pending")
    chosen = {s for s in shares if s in SHARES}
    for share in SHARES:
        setattr(affiliation, f"shares_{share}", share in chosen)
    affiliation.status, affiliation.accepted_at, affiliation.accepted_by = "active", datetime.now(UTC), by[:200]
    audit.record("affiliation_accept", "affiliation", affiliation.id, fields=sorted(chosen))
    enqueue_after_commit(OTHER_SIDE, affiliation.coordinator_id, affiliation.id, "accepted")
    enqueue_after_commit(COPY_DOWN, affiliation.coordinator_id)


def end(affiliation: Affiliation, by: str) -> None:
    """Either side ends a pending or active affiliation; no snapshot is taken after this."""
    tid = _tid()
    if tid not in (affiliation.coordinator_id, affiliation.affiliate_id) or affiliation.status == "ended":
        raise FederationError("affiliation", "ended")
    affiliation.status, affiliation.ended_at, affiliation.ended_by = "ended", datetime.now(UTC), by[:200]
    audit.record("affiliation_end", "affiliation", affiliation.id)
    other = affiliation.affiliate_id if tid == affiliation.coordinator_id else affiliation.coordinator_id
    enqueue_after_commit(OTHER_SIDE, other, affiliation.id, "ended")


def withdraw_snapshots(affiliation: Affiliation) -> None:
    """The affiliate withdraws every snapshot it has sent under this affiliation: a job deletes them inside the
    coordinating forum's context (this request writes only the affiliate's audit entry)."""
    if affiliation.affiliate_id != _tid():
        raise FederationError("affiliation", "not_affiliate")
    audit.record("snapshots_withdraw", "affiliation", affiliation.id)
    enqueue_after_commit(OTHER_SIDE, affiliation.coordinator_id, affiliation.id, "withdrawn")


def set_shared(objective: Objective, shared: bool) -> None:
    """The coordinating forum marks one of its objectives as shared (or not); a job copies the list down. Only an
    objective of a public plan can be shared (``queries.SHARED_LEVEL``): affiliates' members read it and the plan's
    title. No affiliation chooses a wider level."""
    tid = _tid()
    row = db.session.get(SharedObjective, (tid, objective.id))
    plan = queries.plan_of(objective)
    if shared and (plan is None or not sees_plan(Reader.audience(queries.SHARED_LEVEL), plan.visibility)):
        raise FederationError("objective", "not_public")
    if shared and row is None:
        db.session.add(SharedObjective(objective_id=objective.id))
    elif not shared and row is not None:
        db.session.delete(row)
    else:
        return
    db.session.flush()
    audit.record("objective_share" if shared else "objective_unshare", "objective", objective.id)
    enqueue_after_commit(COPY_DOWN, tid)


def request_snapshots(day: date) -> tuple[int, list[tuple[Affiliation, date]]]:
    """On demand: a snapshot job for each active affiliate of the current forum whose newest snapshot is at least
    ``ON_DEMAND_EVERY_DAYS`` old (snapshots taken day after day would let a reader work out a small count from their
    differences). Returns how many are requested, and the affiliations too recent with the first day one may be
    asked again."""
    active = queries.affiliations(side="coordinator", status=("active",))
    last = queries.last_snapshot_days()
    due, recent = [], []
    for affiliation in active:
        newest = last.get(affiliation.id)
        if newest is not None and day < newest + timedelta(days=ON_DEMAND_EVERY_DAYS):
            recent.append((affiliation, newest + timedelta(days=ON_DEMAND_EVERY_DAYS)))
        else:
            due.append(affiliation)
    for affiliation in due:
        enqueue_after_commit(TAKE_SNAPSHOT, affiliation.id, day.isoformat(), queue="reports")
    if due:
        audit.record("snapshots_request", "forum", _tid())
    return len(due), recent


def link(received: ReceivedObjective, objective: Objective) -> None:
    """The affiliate's own objective contributes to a shared objective it received."""
    tid = _tid()
    if db.session.get(ObjectiveLink, (tid, objective.id, received.id)) is None:
        db.session.add(ObjectiveLink(objective_id=objective.id, received_id=received.id))
        db.session.flush()
        audit.record("objective_link", "received_objective", received.id)


def unlink(received: ReceivedObjective, objective_id: int) -> None:
    db.session.execute(delete(ObjectiveLink).where(ObjectiveLink.tenant_id == _tid(),
                                                   ObjectiveLink.received_id == received.id,
                                                   ObjectiveLink.objective_id == objective_id))
    audit.record("objective_unlink", "received_objective", received.id)


# --- run by jobs inside one forum's context --------------------------------------------------------------------

def receive_objectives(affiliation: Affiliation, coordinator_name: str, shared: list[dict[str, Any]]) -> None:
    """In the affiliate: the coordinator's shared objectives, copied down (plain values); those no longer shared
    are withdrawn (kept, with their links, in case they are shared again)."""
    tid = _tid()
    rows = {r.source_objective_id: r for r in db.session.scalars(select(ReceivedObjective).where(
        ReceivedObjective.tenant_id == tid, ReceivedObjective.coordinator_tenant_id == affiliation.coordinator_id))}
    now = datetime.now(UTC)
    for item in shared:
        row = rows.pop(item["id"], None)
        if row is None:
            row = ReceivedObjective(coordinator_tenant_id=affiliation.coordinator_id, source_objective_id=item["id"])
            db.session.add(row)
        row.affiliation_id, row.coordinator_name = affiliation.id, coordinator_name[:200]
        row.title, row.plan_title, row.withdrawn_at = item["title"][:300], item["plan_title"][:200], None
    for row in rows.values():
        row.withdrawn_at = row.withdrawn_at or now
    db.session.flush()
    audit.record("objectives_received", "affiliation", affiliation.id)


def other_side_event(affiliation: Affiliation, event: str) -> int:
    """In the forum on the other side of a change: audit it; an invitation is told to the chair and secretariat;
    when an affiliation ends, the affiliate's received objectives from that coordinator are withdrawn; when the
    affiliate withdraws its snapshots, the coordinator's copies of them are deleted."""
    tid = _tid()
    audit.record({"invited": "affiliation_invited", "accepted": "affiliation_accepted", "ended": "affiliation_ended",
                  "withdrawn": "affiliation_withdrawn"}[event], "affiliation", affiliation.id)  # literals: labelled
    if event == "ended" and tid == affiliation.affiliate_id:
        receive_objectives(affiliation, "", [])
    if event == "withdrawn" and tid == affiliation.coordinator_id:
        db.session.execute(delete(Snapshot).where(Snapshot.tenant_id == tid,
                                                  Snapshot.affiliation_id == affiliation.id))
    if event != "invited":
        return 0
    coordinator = queries.forums({affiliation.coordinator_id}).get(affiliation.coordinator_id)
    sent = 0
    for member in db.session.scalars(select(Member).where(Member.tenant_id == tid, Member.active,
                                                          Member.role.in_(SPEAKERS))):
        if notices.notify_member("affiliation_invitation", member,
                                 {"coordinator": coordinator.name if coordinator else ""},
                                 f"affiliation-invitation-{affiliation.id}-{member.id}"):
            sent += 1
    return sent
