"""What meeting notices add to an email: the meeting in the recipient's language and time zone,
RSVP links, and the RFC 5545 invitation (REQUEST, or CANCEL once the meeting is cancelled)."""
from __future__ import annotations

from typing import Any

from flask import current_app, g
from flask_babel import gettext as _
from sqlalchemy import select

from tenants.context import current_tenant
from webapp.core import content
from webapp.core.dates import format_span, zone_city
from webapp.core.urls import external_url
from webapp.extensions import db
from webapp.meetings import ics, queries
from webapp.meetings.models import Meeting
from webapp.members.models import Committee
from webapp.notices.emails import EmailKind, recipient_time_zone, secretariat_address
from webapp.notices.models import Notice

MEETING_KINDS = ("meeting_invitation", "meeting_update", "meeting_cancelled", "meeting_reminder")


def _external(endpoint: str, **values: Any) -> str:
    return external_url(endpoint, tenant_slug=current_tenant().slug, **values)


def _batch_memo() -> dict[Any, Any]:
    """What one delivery job's batch of e-mails shares (the job's application context): read once per batch, as the
    SMS builders share theirs."""
    return g.setdefault("meeting_email_parts", {})


def _meeting_and_committee(tenant_id: int, meeting_id: Any) -> tuple[Meeting | None, Committee | None]:  # noqa: ANN401
    """The meeting and its committee, once per batch. Taken out of the session: the delivery job commits after every
    message, which would expire them and read them again for the next one."""
    memo = _batch_memo()
    key = ("meeting", tenant_id, meeting_id)
    if key not in memo:
        row = db.session.execute(
            select(Meeting, Committee)
            .outerjoin(Committee, (Committee.tenant_id == Meeting.tenant_id) & (Committee.id == Meeting.committee_id))
            .where(Meeting.tenant_id == tenant_id, Meeting.id == meeting_id)).first()
        m, committee = (row[0], row[1]) if row is not None else (None, None)
        for obj in (m, committee):
            if obj is not None:
                db.session.expunge(obj)
        memo[key] = (m, committee)
    return memo[key]


def _in_language(m: Meeting, committee: Committee | None, locale: str) -> dict[str, Any]:
    """The meeting's texts and agenda in one language: once per batch and language, shared by its recipients."""
    memo = _batch_memo()
    key = ("texts", m.tenant_id, m.id, locale)
    if key not in memo:
        tenant = current_tenant()
        table = content.translations("meeting", [m.id], locale)
        title = content.localise(m.title, m.language, table, m.id, "title", locale)
        memo[key] = {
            "title": title.text if title else "",
            "outputs": content.localise(m.expected_outputs, m.language, table, m.id, "expected_outputs", locale),
            "committee_name": content.localise_one("committee", committee.id, "name", committee.name,
                                                   tenant.default_locale, locale) if committee else None,
            "agenda": queries.agenda_rows(m, locale)}
    return memo[key]


def _meeting_context(outbox: Notice) -> dict[str, Any]:
    p = outbox.payload or {}
    tenant = current_tenant()
    m, committee = _meeting_and_committee(tenant.id, p.get("meeting_id"))
    if m is None:
        return {"m": None}
    tz = recipient_time_zone(outbox, tenant)
    starts, ends = format_span(m.start_at, m.end_at, "full", tz=tz, locale=outbox.locale)
    context: dict[str, Any] = {
        "m": m, "committee": committee, **_in_language(m, committee, outbox.locale),
        # "Tuesday, 15 December 2026, 10:00" – "13:00 GMT" (Time in Accra): the recipient's zone, named once, by
        # its city in their language (issue 33: not "Africa/Accra")
        "starts": starts, "ends": ends, "tz_city": zone_city(tz, outbox.locale),
    }
    if "rsvp" in p:
        context["rsvp_links"] = {a: _external("tenant.meetings.rsvp", token=p["rsvp"], answer=a)
                                 for a in ("yes", "no", "maybe")}
    context["meeting_url"] = _external("tenant.meetings.show", meeting_id=m.id)
    return context


def _calendar(outbox: Notice, context: dict[str, Any]) -> tuple[bytes, str] | None:
    m: Meeting | None = context.get("m")
    if m is None or outbox.kind == "meeting_reminder":
        return None
    tenant = current_tenant()
    cancelled = outbox.kind == "meeting_cancelled"
    organizer = (f"{tenant.name}", secretariat_address(tenant) or current_app.config["MAIL_FROM_ADDRESS"])
    event = ics.IcsMeeting(
        uid=ics.meeting_uid(tenant.id, m.id, current_app.config["MAIL_MESSAGE_ID_DOMAIN"]),
        sequence=int((outbox.payload or {}).get("sequence", m.sequence)), title=context["title"],
        description=context["outputs"].text if context.get("outputs") else "", start_at=m.start_at, end_at=m.end_at,
        location=m.location(public=False), url=context.get("meeting_url"),
        cancelled=cancelled)
    method = "CANCEL" if cancelled else "REQUEST"
    body = ics.invitation(event, organizer=organizer, attendee=(outbox.recipient_name, outbox.recipient_email),
                          locale=outbox.locale, method=method)
    return body, method


def _support_context(outbox: Notice) -> dict[str, Any]:
    return _meeting_context(outbox)


def email_kinds() -> tuple[EmailKind, ...]:
    """Bound in webapp/wiring.py."""
    return (
        EmailKind("meeting_invitation", subject=lambda c: _("Invitation: %(title)s", title=c.get("title", "")),
                  templates="meetings/email", context=_meeting_context, calendar=_calendar),
        EmailKind("meeting_update", subject=lambda c: _("Changed: %(title)s", title=c.get("title", "")),
                  templates="meetings/email", context=_meeting_context, calendar=_calendar),
        EmailKind("meeting_cancelled", subject=lambda c: _("Cancelled: %(title)s", title=c.get("title", "")),
                  templates="meetings/email", context=_meeting_context, calendar=_calendar),
        EmailKind("meeting_reminder", subject=lambda c: _("Reminder: %(title)s", title=c.get("title", "")),
                  templates="meetings/email", context=_meeting_context),
        EmailKind("minutes_circulated", subject=lambda c: _("Minutes: %(title)s", title=c.get("title", "")),
                  templates="meetings/email", context=_meeting_context),
        EmailKind("minutes_sent_back", subject=lambda c: _("Minutes sent back: %(title)s", title=c.get("title", "")),
                  templates="meetings/email", context=_meeting_context),
        EmailKind("outcomes_published", subject=lambda c: _("Outcomes: %(title)s", title=c.get("title", "")),
                  templates="meetings/email", context=_meeting_context),
        EmailKind("decision_review", subject=lambda c: _("A decision is due for review"), templates="meetings/email",
                  context=_meeting_context),
        EmailKind("recommendation_follow_up", subject=lambda c: _("A recommendation has not been answered"),
                  templates="meetings/email", context=_meeting_context),
        EmailKind("support_decision", subject=lambda c: _("Your request for support: %(title)s",
                                                          title=c.get("title", "")),
                  templates="meetings/email", context=_support_context),
    )
