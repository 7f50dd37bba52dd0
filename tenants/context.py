"""The current tenant, kept in a ContextVar (one per request, per job, per CLI command)."""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tenants.models import Tenant

_current_tenant: ContextVar[Tenant | None] = ContextVar("current_tenant", default=None)
_bypass: ContextVar[bool] = ContextVar("tenant_bypass", default=False)


class TenantRequired(RuntimeError):
    """A query or write touched a tenant table with no tenant set (the fail-closed rule)."""


def current_tenant() -> Tenant | None:
    return _current_tenant.get()


def current_tenant_id() -> int | None:
    t = _current_tenant.get()
    return t.id if t is not None else None


def set_current_tenant(tenant: Tenant | None) -> None:
    """Sets the tenant and re-applies ``app.tenant_id`` on a transaction that is already open.

    Looking the tenant up by slug opened the transaction before the tenant was known, so the
    ``after_begin`` hook saw none: without this the rest of the request would see no rows.
    """
    _current_tenant.set(tenant)
    from tenants.rls import apply_tenant_setting

    apply_tenant_setting()


def reset() -> None:
    _current_tenant.set(None)
    _bypass.set(False)


def bypass_active() -> bool:
    return _bypass.get()


@contextlib.contextmanager
def tenant_context(tenant: Tenant) -> Iterator[Tenant]:
    """Runs a block (a seed, a job, a sweep) as one tenant; restores the previous one afterwards."""
    previous = _current_tenant.get()
    set_current_tenant(tenant)
    try:
        yield tenant
    finally:
        set_current_tenant(previous)


@contextlib.contextmanager
def no_tenant_filter() -> Iterator[None]:
    """Explicit bypass of the ORM filter for platform code (catalogue checks, migrations).

    The database's row-level security still applies: with no tenant set, no tenant row is visible.
    """
    token = _bypass.set(True)
    try:
        yield
    finally:
        _bypass.reset(token)
