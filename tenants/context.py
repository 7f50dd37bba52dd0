"""The current tenant, kept in a ContextVar (one per request, per job, per CLI command)."""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tenants.models import Tenant

# (tenant, its id): the id is read once, so the hooks never touch an expired ORM attribute
_current_tenant: ContextVar[tuple[Tenant, int] | None] = ContextVar("current_tenant", default=None)
_bypass: ContextVar[bool] = ContextVar("tenant_bypass", default=False)


class TenantRequired(RuntimeError):
    """A query or write touched a tenant table with no tenant set (the fail-closed rule)."""


def current_tenant() -> Tenant | None:
    current = _current_tenant.get()
    return current[0] if current is not None else None


def current_tenant_id() -> int | None:
    current = _current_tenant.get()
    return current[1] if current is not None else None


def set_current_tenant(tenant: Tenant | None) -> None:
    """Sets the tenant and re-applies ``app.tenant_id`` on a transaction that is already open.

    Looking the tenant up by slug opened the transaction before the tenant was known, so the
    ``after_begin`` hook saw none: without this the rest of the request would see no rows.
    """
    _current_tenant.set((tenant, tenant.id) if tenant is not None else None)
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
        _current_tenant.set(previous)
        from tenants.rls import apply_tenant_setting

        apply_tenant_setting()


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
