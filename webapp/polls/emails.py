"""What the notices of a date poll add to an e-mail: the poll, its dates in the recipient's zone, the link to answer
(sign-in), and once a date is chosen, that date (issue 37)."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from tenants.context import current_tenant
from webapp.core.dates import format_datetime
from webapp.core.urls import external_url
from webapp.extensions import db
from webapp.notices.emails import EmailKind, recipient_time_zone
from webapp.notices.models import Notice
from webapp.polls.models import DatePoll, DatePollSlot


def _context(outbox: Notice) -> dict[str, Any]:
    p = outbox.payload or {}
    tenant = current_tenant()
    poll = db.session.scalar(select(DatePoll).where(DatePoll.tenant_id == tenant.id, DatePoll.id == p.get("poll_id")))
    if poll is None:
        return {"poll": None, "title": ""}
    tz = recipient_time_zone(outbox, tenant)
    slots = db.session.scalars(select(DatePollSlot).where(DatePollSlot.tenant_id == tenant.id,
                                                          DatePollSlot.poll_id == poll.id)
                               .order_by(DatePollSlot.number)).all()
    chosen = next((s for s in slots if s.id == p.get("slot_id")), None)
    return {"poll": poll, "title": poll.title,
            "deadline": format_datetime(poll.deadline, "full", tz=tz, locale=outbox.locale),
            "dates": [(s.number, format_datetime(s.start_at, "full", tz=tz, locale=outbox.locale)) for s in slots],
            "chosen": format_datetime(chosen.start_at, "full", tz=tz, locale=outbox.locale) if chosen else None,
            "poll_url": external_url("tenant.polls.show", tenant_slug=tenant.slug, poll_id=poll.id)}


def email_kinds() -> tuple[EmailKind, ...]:
    """Bound in webapp/wiring.py."""
    return (
        EmailKind("date_poll_opened", subject=lambda c: _("Which dates suit you? %(title)s", title=c.get("title", "")),
                  templates="polls/email", context=_context),
        EmailKind("date_poll_decided", subject=lambda c: _("Date chosen: %(title)s", title=c.get("title", "")),
                  templates="polls/email", context=_context),
    )
