"""The ``tenant`` blueprint: ``/t/<tenant_slug>/...``; every forum feature nests inside it."""
from __future__ import annotations

from typing import Any, Protocol

from flask import Blueprint, Flask, abort, current_app
from sqlalchemy import select

from tenants import context
from tenants.context import current_tenant
from tenants.models import Tenant
from tenants.rls import enter_by_slug
from webapp.binding import Interface
from webapp.extensions import db


def tenant_by_slug(slug: str) -> Tenant | None:
    return db.session.scalar(select(Tenant).where(Tenant.slug == slug))


class AfterTenant(Protocol):
    def __call__(self, tenant: Tenant) -> None:
        """Run once the request's forum is current."""


AFTER_TENANT: Interface[AfterTenant] = Interface(
    "tenants.routing.AFTER_TENANT", "Run once a forum page's tenant is current: the members feature loads the "
    "signed-in user and their member row there, in one statement (tenants imports no feature).")


def make_tenant_blueprint() -> Blueprint:
    bp = Blueprint("tenant", __name__, url_prefix="/t/<tenant_slug>")

    @bp.url_value_preprocessor
    def load_tenant(_endpoint: str | None, values: dict[str, Any] | None) -> None:
        slug = (values or {}).pop("tenant_slug", None)
        tenant = enter_by_slug(slug) if slug else None  # one statement: the lookup applies the RLS setting
        if tenant is None:
            abort(404)
        AFTER_TENANT()(tenant)

    @bp.url_defaults
    def add_slug(endpoint: str, values: dict[str, Any]) -> None:
        tenant = current_tenant()
        if tenant is not None and "tenant_slug" not in values and \
                current_app.url_map.is_endpoint_expecting(endpoint, "tenant_slug"):
            values["tenant_slug"] = tenant.slug

    return bp


def install_request_resets(app: Flask) -> None:
    """Starts and ends every request with no tenant and no bypass.

    A ContextVar set in one request survives into the next on the same thread (the DESIGN trap).
    The app-level url_value_preprocessor runs before the tenant blueprint's ``load_tenant``.
    """

    @app.url_value_preprocessor
    def fresh_tenant(_endpoint: str | None, _values: dict[str, Any] | None) -> None:
        context.reset()

    @app.teardown_request
    def clear_tenant(_exc: BaseException | None) -> None:
        context.reset()
