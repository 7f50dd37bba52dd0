"""What the notice of a proposal adds to an e-mail: the proposal, its deadline in the recipient's zone, and the
recipient's own answer links (one per answer: the page they open only preselects it; its POST acts)."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from tenants.context import current_tenant
from webapp.core.dates import format_datetime
from webapp.core.urls import external_url
from webapp.core.visibility import Reader, shown_by_link
from webapp.extensions import db
from webapp.meetings import rules
from webapp.notices.emails import EmailKind, recipient_time_zone
from webapp.notices.models import Notice
from webapp.proposals.models import Proposal


def _context(outbox: Notice) -> dict[str, Any]:
    p = outbox.payload or {}
    tenant = current_tenant()
    proposal = db.session.scalar(select(Proposal).where(Proposal.tenant_id == tenant.id,
                                                        Proposal.id == p.get("proposal_id")))
    if proposal is None:
        return {"proposal": None, "title": ""}
    tz = recipient_time_zone(outbox, tenant)
    context: dict[str, Any] = {
        "proposal": proposal, "title": proposal.title,
        "deadline": format_datetime(proposal.deadline, "full", tz=tz, locale=outbox.locale),
        "proposal_url": external_url("tenant.proposals.show", tenant_slug=tenant.slug, proposal_id=proposal.id),
        # a restricted proposal's text stays behind sign-in: the link may be forwarded
        "text_shown": shown_by_link(Reader.anyone(), proposal.visibility),
    }
    if "answer" in p:
        context["answer_links"] = {a: external_url("tenant.proposals.answer_by_link", tenant_slug=tenant.slug,
                                                   token=p["answer"], answer=a) for a in rules.ANSWERS}
    return context


def email_kinds() -> tuple[EmailKind, ...]:
    """Bound in webapp/wiring.py."""
    return (
        EmailKind("proposal_reminder", subject=lambda c: _("Reminder, for your answer: %(title)s",
                                                           title=c.get("title", "")),
                  templates="proposals/email", context=_context),
        EmailKind("proposal_opened", subject=lambda c: _("For your answer: %(title)s", title=c.get("title", "")),
                  templates="proposals/email", context=_context),
    )
