"""RFC 5545/5546 calendar objects: invitations (METHOD:REQUEST / CANCEL) and feeds (no METHOD)."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from icalendar import Calendar, Event, vCalAddress, vText

from webapp.core.text import one_line


@dataclass(frozen=True)
class IcsMeeting:
    uid: str
    sequence: int
    title: str
    description: str
    start_at: datetime
    end_at: datetime
    location: str | None
    url: str | None
    cancelled: bool = False


def meeting_uid(tenant_id: int, meeting_id: int, domain: str) -> str:
    """Stable for the meeting's whole life: updates and cancellations refer to the same event."""
    return f"meeting-{tenant_id}-{meeting_id}@{domain}"


def _event(m: IcsMeeting) -> Event:
    ev = Event()
    ev.add("uid", m.uid)
    ev.add("sequence", m.sequence)
    ev.add("dtstamp", datetime.now(UTC))
    ev.add("dtstart", m.start_at.astimezone(UTC))
    ev.add("dtend", m.end_at.astimezone(UTC))
    ev.add("summary", m.title)
    if m.description:
        ev.add("description", m.description)
    if m.location:
        ev.add("location", m.location)
    if m.url:
        ev.add("url", m.url)
    ev.add("status", "CANCELLED" if m.cancelled else "CONFIRMED")
    return ev


def _calendar(method: str | None, name: str | None = None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//Baraza//Forum meetings//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    return cal


def invitation(m: IcsMeeting, *, organizer: tuple[str, str], attendee: tuple[str, str], locale: str,
               method: str = "REQUEST") -> bytes:
    """One attendee's copy of the invitation: METHOD:REQUEST, or METHOD:CANCEL on cancellation."""
    cal = _calendar(method)
    ev = _event(m)
    org = vCalAddress(f"mailto:{organizer[1]}")
    org.params["cn"] = vText(one_line(organizer[0]))  # a parameter value cannot hold a line break
    ev.add("organizer", org, encode=0)
    att = vCalAddress(f"mailto:{attendee[1]}")
    att.params["cn"] = vText(one_line(attendee[0]))
    att.params["role"] = vText("REQ-PARTICIPANT")
    att.params["partstat"] = vText("NEEDS-ACTION")
    att.params["rsvp"] = vText("TRUE")
    att.params["language"] = vText(locale)
    ev.add("attendee", att, encode=0)
    cal.add_component(ev)
    return cal.to_ical()


def event_file(m: IcsMeeting) -> bytes:
    """One meeting to add to a calendar (a download, not an invitation): METHOD:PUBLISH."""
    cal = _calendar("PUBLISH")
    cal.add_component(_event(m))
    return cal.to_ical()


def feed(meetings: Iterable[IcsMeeting], name: str) -> bytes:
    cal = _calendar(None, name)
    for m in meetings:
        cal.add_component(_event(m))
    return cal.to_ical()
