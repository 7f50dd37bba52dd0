"""Who counts as a member of the forum: one definition for every page and report (issue 31).

A **member** is on the roll today: active, not erased, their term not ended (no end date, or an end date today or
later in the forum's time zone), and seated in one of the forum's seats (chair, vice-chair, member, alternate).
Observers and the secretariat are on the roll too but are not members in the figures: they are counted apart, and
every figure says so under it (``Membership`` carries the three counts).

Typical use::

    figures = membership()                 # one statement (or Membership.of_roles over rows read with current_clause)
    figures.members, figures.observers, figures.secretariat
    note(figures)                          # the line shown under every member figure
    roll_changed()                         # a write to the roll: tenants.member_count is refreshed at the commit
    select(...).where(member_clause())     # the same rule inside another query
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import ngettext
from sqlalchemy import and_, event, func, or_, select, update
from sqlalchemy.orm import Session

from tenants.context import current_tenant_id
from tenants.models import Tenant
from webapp.core.zones import forum_today
from webapp.extensions import db
from webapp.members.models import Member

SEATED = ("chair", "vice_chair", "member", "alternate")  # the roles that make a member
OBSERVERS = ("observer",)
SECRETARIAT = ("secretariat",)


def current_clause(today: date | None = None) -> Any:  # noqa: ANN401  (a SQL expression)
    """On the roll today, whatever the role: active, not erased, term not ended."""
    day = today or forum_today()
    return and_(Member.active, Member.erased_at.is_(None), or_(Member.term_end.is_(None), Member.term_end >= day))


def member_clause(today: date | None = None) -> Any:  # noqa: ANN401  (a SQL expression)
    """A member in the figures: on the roll today and seated (observers and the secretariat apart)."""
    return and_(current_clause(today), Member.role.in_(SEATED))


@dataclass(frozen=True)
class Membership:
    members: int
    observers: int
    secretariat: int

    @classmethod
    def of_roles(cls, roles: Iterable[str]) -> Membership:
        """The figures from the roles of the people on the roll today (rows read with current_clause())."""
        counts = Counter(roles)
        return cls(sum(counts[r] for r in SEATED), sum(counts[r] for r in OBSERVERS),
                   sum(counts[r] for r in SECRETARIAT))


def membership(today: date | None = None) -> Membership:
    """The forum's members today, and the observers and secretariat on the roll counted apart (one statement)."""
    members, observers, secretariat = db.session.execute(
        select(func.count().filter(Member.role.in_(SEATED)), func.count().filter(Member.role.in_(OBSERVERS)),
               func.count().filter(Member.role.in_(SECRETARIAT)))
        .where(Member.tenant_id == current_tenant_id(), current_clause(today))).one()
    return Membership(members, observers, secretariat)


def note(figures: Membership) -> str:
    """What a member figure counts, in the reader's language: the line under every figure of members."""
    return ngettext("Members: active, term not ended. Not counted: %(num)d observer, %(secretariat)d secretariat.",
                    "Members: active, term not ended. Not counted: %(num)d observers, %(secretariat)d secretariat.",
                    figures.observers, secretariat=figures.secretariat)


# --- the count kept on tenants (the directory of forums reads no tenant table) ----------------------------------

_PENDING = "baraza_member_count_pending"


def roll_changed() -> None:
    """The current forum's roll changed: its ``tenants.member_count`` is refreshed once, just before the commit
    (an import of 5,000 rows counts once)."""
    tid = current_tenant_id()
    if tid is not None:
        db.session.info.setdefault(_PENDING, set()).add(tid)


def refresh_count() -> int:
    """Counts the current forum's members and keeps the figure on its tenants row; returns it."""
    count = membership().members
    db.session.execute(update(Tenant).where(Tenant.id == current_tenant_id()).values(member_count=count))
    return count


@event.listens_for(Session, "before_commit")
def _refresh_pending(session: Session) -> None:
    pending = session.info.get(_PENDING)
    tid = current_tenant_id()
    if pending and tid in pending:  # counted inside its own forum only (row-level security)
        pending.discard(tid)
        refresh_count()
