"""What action notices add to an email: a link to My actions."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from tenants.context import current_tenant
from webapp.core.urls import external_url
from webapp.notices.emails import EmailKind
from webapp.notices.models import Notice


def _context(_outbox: Notice) -> dict[str, Any]:
    return {"mine_url": external_url("tenant.actions.mine", tenant_slug=current_tenant().slug)}


def email_kinds() -> tuple[EmailKind, ...]:
    """Bound in webapp/wiring.py."""
    return (
        EmailKind("action_reminder", subject=lambda c: _("Action overdue: %(title)s", title=c["p"].get("title", ""))
                  if c["p"].get("overdue") else _("Action due soon: %(title)s", title=c["p"].get("title", "")),
                  templates="actions/email", context=_context),
        EmailKind("action_digest", subject=lambda c: _("Overdue actions in %(forum)s", forum=current_tenant().name),
                  templates="actions/email", context=_context),
    )
