"""The three isolation layers' hooks (ORM filter, flush stamping, per-transaction RLS setting)."""
from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Executable, String, bindparam, cast, event, func, inspect, literal_column, select, text, true
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria
from sqlalchemy.orm.util import LoaderCriteriaOption

from tenants import context
from tenants.context import TenantRequired, bypass_active, current_tenant_id
from tenants.models import Tenant, TenantOwned
from webapp.extensions import db

SET_TENANT = text("SELECT set_config('app.tenant_id', :tid, true)")
PREBUILT = "baraza_prebuilt"  # the execution option marking a statement built once, at import (see ``prebuilt``)


def prebuilt(stmt: Executable) -> Executable:
    """Marks a statement built once at module level, its values all ``bindparam``s given at execution (issue 43).

    SQLAlchemy memoizes a statement's cache key on the statement object; the ORM filter's ``.options(...)`` makes a
    new object on every execution, so the key (a walk of the whole statement) was computed again each time. For a
    marked statement the filtered copy is kept per (statement, forum) (``_filtered``), its key computed once. Safe
    because the statement holds no value of any request (only ``bindparam``s without values) and the copy holds only
    the forum's id, for that forum: nothing one reader could be served from another's request."""
    return stmt.execution_options(**{PREBUILT: True})


BY_SLUG = prebuilt(select(Tenant, func.set_config(literal_column("'app.tenant_id'"), cast(Tenant.id, String), true()))
                   .where(Tenant.slug == bindparam("slug")))


def enter_by_slug(slug: str) -> Tenant | None:
    """Routing's one statement: finds the forum by slug *and* applies it to the transaction that statement opens.

    ``set_config`` in the select list runs once per row returned, and the slug is unique: with a forum it sets
    ``app.tenant_id`` to that forum's id before any tenant row is read; with none, nothing is set, so the
    transaction sees no tenant rows (fail closed). Then the forum is made current (state only: the setting is
    already applied). Before issue 23 this was two statements (the lookup, then ``set_config``) on every page.
    """
    row = db.session.execute(BY_SLUG, {"slug": slug}).first()
    if row is None:
        return None
    context.set_current_tenant(row[0])
    return row[0]


def policy_sql(table: str) -> list[str]:
    """Statements a migration runs for every new tenant table (ENABLE + FORCE + one policy)."""
    cond = "tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::bigint"
    return [
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
        f"CREATE POLICY tenant_isolation ON {table} USING ({cond}) WITH CHECK ({cond})",
    ]


def _tid_setting() -> str:
    tid = current_tenant_id()
    return "" if tid is None else str(tid)


def apply_tenant_setting() -> None:
    """Sets app.tenant_id on the session's open transaction, if one is open (see the slug trap)."""
    try:
        session = db.session()
    except RuntimeError:  # no app context: nothing is open
        return
    if session.in_transaction():
        session.connection().execute(SET_TENANT, {"tid": _tid_setting()})


def use_tenant(tenant: Tenant | None) -> context.Current:
    """Makes ``tenant`` current and applies it to the transaction already open, if any.

    Routing's case: looking the tenant up by slug began the transaction before the tenant was
    known, so ``after_begin`` applied nothing; this applies it, once. Returns the previous tenant.
    """
    previous = context.set_current_tenant(tenant)
    apply_tenant_setting()
    return previous


@contextlib.contextmanager
def tenant_context(tenant: Tenant) -> Iterator[Tenant]:
    """Runs a block (a seed, a job, a sweep) as one tenant; restores the previous one afterwards.

    On a transaction still open at the end, the previous tenant's setting (``''`` for none) is
    applied again, so the rest of that transaction sees no more of this tenant's rows.
    """
    previous = use_tenant(tenant)
    try:
        yield tenant
    finally:
        context.restore(previous)
        apply_tenant_setting()


def _touches_tenant_tables(state: ORMExecuteState) -> bool:
    stmt = state.statement
    if stmt.get_execution_options().get(PREBUILT):  # the same answer on every execution: asked once (issue 43)
        known = _PREBUILT_TOUCHES.get(stmt)
        if known is None:
            known = _PREBUILT_TOUCHES[stmt] = any(issubclass(m.class_, TenantOwned) for m in state.all_mappers)
        return known
    return any(issubclass(m.class_, TenantOwned) for m in state.all_mappers)


# prebuilt statement -> whether it reads a tenant table; the statements live as long as the process (module level,
# or kept by their builders' bounded caches), so this holds at most a few hundred entries
_PREBUILT_TOUCHES: dict[Executable, bool] = {}


@functools.lru_cache(maxsize=4096)
def tenant_criteria(tid: int) -> LoaderCriteriaOption:
    """The ORM filter for one forum, built once per forum and process (issue 43), not once per statement.

    The option is immutable and names nothing but the forum's id: the one for forum A is only ever added while A
    is current (``_do_orm_execute`` asks ``current_tenant_id()`` on every statement, as before). SQLAlchemy treats
    ``tid`` in the lambda's closure as a bound parameter (``track_closure_variables``), so every forum's statements
    share one compiled form and the id travels as a value. Building the option (the lambda's analysis, a
    ``DeferredLambdaElement``) was about 60% of the hook's own time."""
    return with_loader_criteria(TenantOwned, lambda cls: cls.tenant_id == tid, include_aliases=True)


@functools.lru_cache(maxsize=1024)
def _filtered(stmt: Executable, tid: int) -> Executable:
    """A prebuilt statement with one forum's filter, made once per (statement, forum) in this process, so its
    memoized cache key is reused: a few prebuilt statements times the forums a worker serves (least recently used
    dropped past 1,024)."""
    return stmt.options(tenant_criteria(tid))  # type: ignore[attr-defined]


def _do_orm_execute(state: ORMExecuteState) -> None:
    if not (state.is_select or state.is_update or state.is_delete):
        return
    if state.is_select and (state.is_column_load or state.is_relationship_load):
        return
    tid = current_tenant_id()
    if tid is None:
        if bypass_active() or not _touches_tenant_tables(state):
            return
        raise TenantRequired("query on a tenant table with no tenant set")
    stmt = state.statement
    if stmt.get_execution_options().get(PREBUILT):
        state.statement = _filtered(stmt, tid)
    else:
        state.statement = stmt.options(tenant_criteria(tid))


def _before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    tid = current_tenant_id()
    for obj in session.new:
        if not isinstance(obj, TenantOwned):
            continue
        if obj.tenant_id is None:
            if tid is None:
                raise TenantRequired(f"new {type(obj).__name__} with no tenant set")
            obj.tenant_id = tid
        elif tid is not None and obj.tenant_id != tid:
            raise TenantRequired(f"new {type(obj).__name__} for another tenant")
    for obj in session.dirty:
        if isinstance(obj, TenantOwned) and inspect(obj).attrs.tenant_id.history.has_changes():
            raise TenantRequired(f"tenant_id of {type(obj).__name__} cannot change")


def _after_begin(_session: Session, _tx: Any, connection: Any) -> None:
    """Applies the tenant to a transaction begun inside a tenant; none otherwise.

    ``set_config(..., true)`` is local to its transaction, so a transaction begun without a tenant
    has no setting and sees no tenant rows (fail closed); an explicit ``''`` would only be a second
    statement in every request, since the slug lookup begins the transaction before the tenant is
    known and routing then applies the tenant on it.
    """
    tid = current_tenant_id()
    if tid is not None:
        connection.execute(SET_TENANT, {"tid": str(tid)})


def install() -> None:
    """Registers the hooks once, on the Session class Flask-SQLAlchemy uses (web, worker, CLI)."""
    session_cls = db.session.session_factory.class_
    if not event.contains(session_cls, "after_begin", _after_begin):
        event.listen(session_cls, "do_orm_execute", _do_orm_execute)
        event.listen(session_cls, "before_flush", _before_flush)
        event.listen(session_cls, "after_begin", _after_begin)
