"""What federation notices add to an email: a link to the Affiliates page of the forum that receives it."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from tenants.context import current_tenant
from webapp.core.urls import external_url
from webapp.notices.emails import EmailKind
from webapp.notices.models import Notice


def _context(_outbox: Notice) -> dict[str, Any]:
    return {"affiliates_url": external_url("tenant.federation.index", tenant_slug=current_tenant().slug)}


def email_kinds() -> tuple[EmailKind, ...]:
    """Bound in webapp/wiring.py."""
    return (
        EmailKind("affiliation_invitation",
                  subject=lambda c: _("%(forum)s invites your forum to report up to it",
                                      forum=c["p"].get("coordinator", "")),
                  templates="federation/email", context=_context),
    )
