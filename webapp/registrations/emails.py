"""What registration e-mails say: the meeting in the registrant's language and time zone, the online link (only
here, never on a public page), their cancel link, and an .ics to add the session to a calendar."""
from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import gettext as _

from tenants.context import current_tenant
from webapp.core import content
from webapp.core.dates import format_span, zone_city
from webapp.core.urls import external_url
from webapp.extensions import db
from webapp.meetings import ics
from webapp.meetings.models import Meeting
from webapp.notices.emails import EmailKind, recipient_time_zone, secretariat_address
from webapp.notices.models import Notice

WITH_SEAT = ("registration_confirmed", "registration_moved_up", "registration_reminder")


def _context(outbox: Notice) -> dict[str, Any]:
    p = outbox.payload or {}
    tenant = current_tenant()
    m = db.session.get(Meeting, (tenant.id, p.get("meeting_id")))
    if m is None:
        return {"m": None, "title": ""}
    table = content.translations("meeting", [m.id], outbox.locale)
    title = content.localise(m.title, m.language, table, m.id, "title", outbox.locale)
    tz = recipient_time_zone(outbox, tenant)
    starts, ends = format_span(m.start_at, m.end_at, "full", tz=tz, locale=outbox.locale)
    return {"m": m, "title": title.text if title else m.title, "starts": starts, "ends": ends,
            "tz_city": zone_city(tz, outbox.locale), "seat": outbox.kind in WITH_SEAT,
            "cancel_url": external_url("tenant.registrations.cancel", tenant_slug=tenant.slug, token=p.get("token"))}


def _calendar(outbox: Notice, context: dict[str, Any]) -> tuple[bytes, str] | None:
    m: Meeting | None = context.get("m")
    if m is None or not context.get("seat") or outbox.kind == "registration_reminder":
        return None
    tenant = current_tenant()
    organizer = (tenant.name, secretariat_address(tenant) or current_app.config["MAIL_FROM_ADDRESS"])
    event = ics.IcsMeeting(
        uid=ics.meeting_uid(tenant.id, m.id, current_app.config["MAIL_MESSAGE_ID_DOMAIN"]), sequence=m.sequence,
        title=context["title"], description="", start_at=m.start_at, end_at=m.end_at,
        location=m.location(public=False), url=None)
    body = ics.invitation(event, organizer=organizer, attendee=(outbox.recipient_name, outbox.recipient_email),
                          locale=outbox.locale)
    return body, "REQUEST"


def email_kinds() -> tuple[EmailKind, ...]:
    """Bound in webapp/wiring.py."""
    return (
        EmailKind("registration_confirmed", subject=lambda c: _("You are registered: %(title)s", title=c["title"]),
                  templates="registrations/email", context=_context, calendar=_calendar),
        EmailKind("registration_waiting", subject=lambda c: _("Waiting list: %(title)s", title=c["title"]),
                  templates="registrations/email", context=_context),
        EmailKind("registration_moved_up", subject=lambda c: _("A seat is yours: %(title)s", title=c["title"]),
                  templates="registrations/email", context=_context, calendar=_calendar),
        EmailKind("registration_reminder", subject=lambda c: _("Reminder: %(title)s", title=c["title"]),
                  templates="registrations/email", context=_context),
    )
