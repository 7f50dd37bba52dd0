"""What action notices add to an email: a link to My actions."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from tenants.context import current_tenant
from webapp.core.urls import external_url
from webapp.notices.emails import EmailKind
from webapp.notices.models import Notice


def _context(outbox: Notice) -> dict[str, Any]:
    slug = current_tenant().slug
    p = outbox.payload or {}
    report = {"report_url": external_url("tenant.actions.report", tenant_slug=slug, item_id=p["item_id"],
                                         body_id=p["body_id"])} if p.get("body_id") else {}
    return {"mine_url": external_url("tenant.actions.mine", tenant_slug=slug)} | report


def email_kinds() -> tuple[EmailKind, ...]:
    """Bound in webapp/wiring.py."""
    return (
        EmailKind("action_reminder", subject=lambda c: _("Action overdue: %(title)s", title=c["p"].get("title", ""))
                  if c["p"].get("overdue") else _("Action due soon: %(title)s", title=c["p"].get("title", "")),
                  templates="actions/email", context=_context),
        EmailKind("report_reminder", subject=lambda c: _("Report late: %(title)s, %(period)s",
                                                          title=c["p"].get("title", ""), period=c["p"].get("period"))
                  if c["p"].get("late") else _("Report due: %(title)s, %(period)s", title=c["p"].get("title", ""),
                                               period=c["p"].get("period")),
                  templates="actions/email", context=_context),
        EmailKind("action_digest", subject=lambda c: _("Overdue actions in %(forum)s", forum=current_tenant().name),
                  templates="actions/email", context=_context),
    )
