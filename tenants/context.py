"""The current tenant, kept in a ContextVar (one per request, per job, per CLI command).

State only: this module touches no database. Making a tenant current *and* applying it to the
database transaction (the RLS setting) is ``tenants.rls.use_tenant`` / ``tenants.rls.tenant_context``.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tenants.models import Tenant

# (tenant, its id): the id is read once, so the hooks never touch an expired ORM attribute
Current = tuple["Tenant", int] | None
_current_tenant: ContextVar[Current] = ContextVar("current_tenant", default=None)
_bypass: ContextVar[bool] = ContextVar("tenant_bypass", default=False)


class TenantRequired(RuntimeError):
    """A query or write touched a tenant table with no tenant set (the fail-closed rule)."""


def current_tenant() -> Tenant | None:
    current = _current_tenant.get()
    return current[0] if current is not None else None


def current_tenant_id() -> int | None:
    current = _current_tenant.get()
    return current[1] if current is not None else None


def set_current_tenant(tenant: Tenant | None) -> Current:
    """Sets the tenant (state only) and returns the previous one, for ``restore``."""
    previous = _current_tenant.get()
    _current_tenant.set((tenant, tenant.id) if tenant is not None else None)
    return previous


def restore(previous: Current) -> None:
    _current_tenant.set(previous)


def reset() -> None:
    _current_tenant.set(None)
    _bypass.set(False)


def bypass_active() -> bool:
    return _bypass.get()


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
