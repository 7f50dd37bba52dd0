"""Who may do what on meetings, by name: views and view models ask these, templates never name a role.
The role sets are core's predicates (webapp/core/permissions.py); this module only names them for meetings."""
from __future__ import annotations

from typing import Any

from webapp.core.permissions import chairs_committee, may_manage, may_see_restricted


def may_manage_meetings() -> bool:
    """Plan meetings, keep the agenda, invitees, documents, minutes and decisions: the secretariat."""
    return may_manage()


def sees_restricted() -> bool:
    """Restricted meetings, minutes and decisions, drafts, support requests and review dates (DESIGN: Visibility)."""
    return may_see_restricted()


def may_take_attendance(meeting: Any = None) -> bool:  # noqa: ANN401 - a Meeting
    """The forum's secretariat and chairs, and — for a meeting of their committee — its chair and co-chairs."""
    return may_see_restricted() or (meeting is not None and chairs_committee(meeting.committee_id))
