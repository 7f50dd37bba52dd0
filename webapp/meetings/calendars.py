"""Calendar feeds (.ics) built from meetings: a member's personal feed and a forum's public feed."""
from __future__ import annotations

from collections.abc import Iterable

from flask import current_app, url_for

from tenants.context import current_tenant
from webapp.meetings import ics, queries
from webapp.meetings.models import Meeting


def ics_meeting(m: Meeting, *, public: bool = False) -> ics.IcsMeeting:
    """``public``: the forum's public calendar, where the online link appears only if marked public and the URL is
    the meeting's public page (which keeps the calendar's ?lang=, if it was fetched with one)."""
    tenant = current_tenant()
    return ics.IcsMeeting(uid=ics.meeting_uid(tenant.id, m.id, current_app.config["MAIL_MESSAGE_ID_DOMAIN"]),
                          sequence=m.sequence, title=m.title, description=m.expected_outputs or "",
                          start_at=m.start_at, end_at=m.end_at,
                          location=m.location(public=public),
                          url=current_app.config["BASE_URL"] + url_for(
                              "tenant.public.meeting" if public else "tenant.meetings.show", meeting_id=m.id),
                          cancelled=m.status == "cancelled")


def feed(meetings: Iterable[Meeting], name: str, *, public: bool = False) -> bytes:
    return ics.feed([ics_meeting(m, public=public) for m in meetings], name)


def public_feed() -> bytes:
    # a public meeting cancelled before its notice was never announced: it has no public page to link to
    return feed([m for m in queries.public_meetings() if m.status != "cancelled" or m.notified_at is not None],
                current_tenant().name, public=True)
