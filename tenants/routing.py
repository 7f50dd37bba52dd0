"""The ``tenant`` blueprint: ``/t/<tenant_slug>/...``; every forum feature nests inside it."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app
from sqlalchemy import select

from tenants.context import current_tenant, set_current_tenant
from tenants.models import Tenant
from webapp.extensions import db


def tenant_by_slug(slug: str) -> Tenant | None:
    return db.session.scalar(select(Tenant).where(Tenant.slug == slug))


def make_tenant_blueprint() -> Blueprint:
    bp = Blueprint("tenant", __name__, url_prefix="/t/<tenant_slug>")

    @bp.url_value_preprocessor
    def load_tenant(_endpoint: str | None, values: dict[str, Any] | None) -> None:
        slug = (values or {}).pop("tenant_slug", None)
        tenant = tenant_by_slug(slug) if slug else None
        if tenant is None:
            abort(404)
        set_current_tenant(tenant)

    @bp.url_defaults
    def add_slug(endpoint: str, values: dict[str, Any]) -> None:
        tenant = current_tenant()
        if tenant is not None and "tenant_slug" not in values and \
                current_app.url_map.is_endpoint_expecting(endpoint, "tenant_slug"):
            values["tenant_slug"] = tenant.slug

    return bp
