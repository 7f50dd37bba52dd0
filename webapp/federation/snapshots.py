"""Snapshots: how shared figures cross from an affiliate to its coordinating forum without any statement reading
two forums.

A platform job (worker/federation.py) runs three short steps, each its own transaction inside one forum:

1. (no forum) look up which two forums the affiliation joins;
2. inside the affiliate's tenant: re-read the affiliation, check it is active, read the shared figures at an
   explicit level with small counts withheld (figures.py), audit that they were shared;
3. inside the coordinating forum's tenant: re-read the affiliation, check it is still active and still shares
   every figure in the dict, insert the snapshot (a unique (forum, affiliation, period) key: a retried job
   inserts nothing), audit that it was received.

``step`` asserts that no transaction is open before each step, commits at its end and clears the session, so
nothing loaded in one forum survives into the next: only the plain dict passes between steps 2 and 3.
"""
from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from datetime import date
from typing import Any

from sqlalchemy.dialects.postgresql import insert

from tenants.models import Tenant
from tenants.rls import tenant_context
from webapp.core import audit
from webapp.extensions import db
from webapp.federation import figures as shared_figures
from webapp.federation import queries
from webapp.federation.models import Snapshot


class StepError(RuntimeError):
    """A step began while a transaction was open: it would have read or written in another forum's context."""


@contextlib.contextmanager
def step(tenant_id: int | None = None) -> Iterator[Tenant | None]:
    """One transaction, inside one forum (``tenant_id``) or none: refused if a transaction is open, committed at the
    end, the session cleared after. Yields the forum (None if it is gone, or for the platform step)."""
    if db.session().in_transaction():
        raise StepError("a transaction is open: each step of a snapshot starts on its own")
    try:
        tenant = db.session.get(Tenant, tenant_id) if tenant_id is not None else None
        if tenant is None:
            yield None
        else:
            with tenant_context(tenant):
                yield tenant
                db.session.commit()
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    finally:
        db.session.close()


def sides(affiliation_id: int) -> tuple[int, int] | None:
    """(affiliate, coordinator) of an active affiliation, read by the platform (no forum current)."""
    with step():
        found = queries.affiliations(affiliation_id=affiliation_id, status=("active",), everyone=True)
        return (found[0].affiliate_id, found[0].coordinator_id) if found else None


def read_step(affiliation_id: int, affiliate_id: int, day: date) -> dict[str, Any] | None:
    with step(affiliate_id) as forum:
        affiliation = queries.affiliation(affiliation_id, side="affiliate")
        if forum is None or affiliation is None or affiliation.status != "active":
            return None
        figures = shared_figures.read(affiliation, forum, day)
        audit.record("snapshot_shared", "affiliation", affiliation_id, fields=sorted(figures))
        return json.loads(json.dumps(figures))  # plain JSON values only


def write_step(affiliation_id: int, period: date, figures: dict[str, Any], coordinator_id: int | None = None) -> bool:
    """Stores the snapshot in the coordinating forum; False if the affiliation has ended, no longer shares a figure
    of the dict, or the snapshot of that period exists already."""
    if coordinator_id is None:
        found = sides(affiliation_id)
        if found is None:
            return False
        coordinator_id = found[1]
    with step(coordinator_id) as forum:
        affiliation = queries.affiliation(affiliation_id, side="coordinator", for_update=True)
        if forum is None or affiliation is None or affiliation.status != "active" or \
                not set(figures) <= shared_figures.allowed_keys(affiliation.shares):
            return False
        new_id = db.session.execute(
            insert(Snapshot).values(tenant_id=forum.id, affiliation_id=affiliation_id,
                                    affiliate_tenant_id=affiliation.affiliate_id, period=period, figures=figures)
            .on_conflict_do_nothing(index_elements=["tenant_id", "affiliation_id", "period"])
            .returning(Snapshot.id)).scalar()
        if new_id is not None:
            audit.record("snapshot_received", "affiliation", affiliation_id, fields=sorted(figures))
        return new_id is not None


def take(affiliation_id: int, day: date) -> bool:
    """The whole flow for one affiliation and day; True if a new snapshot was stored."""
    found = sides(affiliation_id)
    if found is None:
        return False
    affiliate_id, coordinator_id = found
    figures = read_step(affiliation_id, affiliate_id, day)
    if figures is None:
        return False
    return write_step(affiliation_id, day, figures, coordinator_id)


def copy_down(coordinator_id: int) -> int:
    """Copies the coordinating forum's shared objectives into each active affiliate: read them inside the
    coordinator's tenant, then write inside each affiliate's own tenant. Returns the number of affiliates updated."""
    from webapp.federation import services

    with step(coordinator_id) as forum:
        if forum is None:
            return 0
        shared = queries.shared_for_copy()
        targets = [(a.id, a.affiliate_id) for a in queries.affiliations(side="coordinator", status=("active",))]
        name = forum.name
    done = 0
    for affiliation_id, affiliate_id in targets:
        with step(affiliate_id) as affiliate:
            affiliation = queries.affiliation(affiliation_id, side="affiliate")
            if affiliate is not None and affiliation is not None and affiliation.status == "active":
                services.receive_objectives(affiliation, name, shared)
                done += 1
    return done
