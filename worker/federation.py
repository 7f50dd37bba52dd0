"""Federation jobs: snapshots (monthly and on demand), objectives copied down, and what a change does in the
forum on its other side. The two-step flow and its helper live in webapp/federation/snapshots.py."""
from __future__ import annotations

from datetime import date

from webapp.federation import queries, services, snapshots
from worker.runtime import platform_job, tenant_job


@platform_job
def take_snapshot(affiliation_id: int, day_iso: str) -> bool:
    """One affiliation's snapshot for one day (a platform job: read in the affiliate, write in the coordinator)."""
    return snapshots.take(affiliation_id, date.fromisoformat(day_iso))


@platform_job
def monthly_snapshots() -> int:
    """Monthly (worker/cron.py): a snapshot of every active affiliation, dated the first of the month."""
    with snapshots.step():
        ids = [a.id for a in queries.affiliations(status=("active",), everyone=True)]
    day = date.today().replace(day=1)
    return sum(snapshots.take(affiliation_id, day) for affiliation_id in ids)


@platform_job
def copy_down(coordinator_id: int) -> int:
    return snapshots.copy_down(coordinator_id)


@tenant_job
def affiliation_event(affiliation_id: int, event: str) -> int:
    """Inside the forum on the other side of an invitation, acceptance or ending."""
    affiliation = queries.affiliation(affiliation_id)
    return 0 if affiliation is None else services.other_side_event(affiliation, event)

