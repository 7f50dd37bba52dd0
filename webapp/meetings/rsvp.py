"""What the page an RSVP link opens shows beside the answer, so that the invitee can decide without signing in
(issue 19): the agenda, the papers they may see, the online link, the time in their zone, the meeting as a .ics,
and a request for participation support. The link itself is read by services.rsvp_link (core/signing.py).

Papers through a link: a link can be forwarded, so it carries only what its reader may see without signing in.
Papers have their meeting's visibility; those of a ``public`` or ``members`` meeting go with the invitation (as its
agenda and online link already do), those of a ``restricted`` meeting (secretariat and chairs: child-protection
cases, sensitive positions) never do: they stay on the meeting page, behind sign-in. The link page of a restricted
meeting shows when and where only (its .ics too); the agenda, expected outputs and online link appear once a
reader who may see the meeting has signed in (issue 31)."""
from __future__ import annotations

from flask import current_app

from tenants.context import current_tenant
from webapp.core.content import Localised
from webapp.core.i18n import prefer_locale
from webapp.core.urls import external_url
from webapp.core.visibility import Reader
from webapp.core.zones import prefer_zone
from webapp.meetings import ics, queries
from webapp.meetings.models import Meeting, MeetingDocument
from webapp.members.models import Member


def speak_to(member: Member) -> None:
    """The page is for the person the link was sent to: their language (unless the visitor picks another) and the
    times in their zone."""
    prefer_locale(member.locale)
    prefer_zone(member)


def papers_go_with_link(m: Meeting) -> bool:
    """What any member may see without the secretariat's or a chair's rights: public and members-only."""
    return Reader.audience("members").sees(m.visibility)


def details_go_with_link(m: Meeting, reader_sees_restricted: bool) -> bool:
    """The agenda, expected outputs and online link: with the link of a public or members-only meeting; with that of
    a restricted one only for a signed-in reader who may see it (anyone else holding the link sees when and where)."""
    return papers_go_with_link(m) or reader_sees_restricted


def papers(m: Meeting) -> list[MeetingDocument]:
    return queries.documents(m.id) if papers_go_with_link(m) else []


def paper(m: Meeting, doc_id: int) -> MeetingDocument | None:
    """One of the meeting's own papers, if the link may carry it."""
    return queries.document(m.id, doc_id) if papers_go_with_link(m) else None


def calendar(m: Meeting, title: Localised | None, outputs: Localised | None, token: str, details: bool) -> bytes:
    """The invitee's own copy of the meeting: the invitation's UID (a calendar that has the invitation keeps one
    event), the online link (it is their calendar) unless ``details`` are withheld (details_go_with_link), and their
    answer page as the event's address, which opens without an account."""
    tenant = current_tenant()
    event = ics.IcsMeeting(
        uid=ics.meeting_uid(tenant.id, m.id, current_app.config["MAIL_MESSAGE_ID_DOMAIN"]), sequence=m.sequence,
        title=title.text if title else m.title, description=outputs.text if outputs and details else "",
        start_at=m.start_at, end_at=m.end_at, location=m.location(public=False) if details else m.venue,
        url=external_url("tenant.meetings.rsvp", tenant_slug=tenant.slug, token=token))
    return ics.event_file(event)
