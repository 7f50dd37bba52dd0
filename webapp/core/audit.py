"""Audit events: who did what to which object, when. Every service write records one.

Only the names of changed fields are kept, never their values, so erasing a member leaves no
personal data behind in the audit log."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from flask import has_request_context
from flask_login import current_user
from sqlalchemy import BigInteger, DateTime, Index, String, func
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from tenants.context import current_tenant_id
from tenants.models import TenantScoped
from webapp.extensions import db


class AuditEvent(TenantScoped, db.Model):
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_object", "tenant_id", "object_type", "object_id"),
                      Index("ix_audit_events_at", "tenant_id", "at"))

    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    actor_user_id: Mapped[int | None] = mapped_column(BigInteger)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None] = mapped_column(BigInteger)
    fields: Mapped[list[str]] = mapped_column(ARRAY(String(60)), default=list, server_default="{}")


def record(action: str, object_type: str, object_id: int | None, fields: Iterable[str] = ()) -> None:
    actor_id, actor = None, "system"
    if has_request_context() and current_user and current_user.is_authenticated:
        actor_id, actor = current_user.id, current_user.name
    # tenant stamped now, not at a later flush that may run outside the tenant's context
    db.session.add(AuditEvent(tenant_id=current_tenant_id(), actor_user_id=actor_id, actor=actor[:200],
                              action=action, object_type=object_type, object_id=object_id,
                              fields=sorted(set(fields))))
