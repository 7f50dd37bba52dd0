"""Who may do what on meetings, by name: views and view models ask these, templates never name a role."""
from __future__ import annotations

from typing import Any

from webapp.core.permissions import STAFF, chairs_committee, has_role

MANAGERS = ("secretariat",)  # plan meetings, keep the agenda, invitees, documents, minutes and decisions
ATTENDANCE_TAKERS = ("secretariat", "chair", "vice_chair")  # record who is in the room


def may_manage_meetings() -> bool:
    return has_role(*MANAGERS)


def sees_restricted() -> bool:
    """Restricted meetings, minutes and decisions, drafts, support requests and review dates (DESIGN: Visibility)."""
    return has_role(*STAFF)


def may_take_attendance(meeting: Any = None) -> bool:  # noqa: ANN401 - a Meeting
    """The forum's secretariat and chairs, and — for a meeting of their committee — its chair and co-chairs."""
    return has_role(*ATTENDANCE_TAKERS) or (meeting is not None and chairs_committee(meeting.committee_id))
