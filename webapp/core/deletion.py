"""Why a deletion is refused, in the reader's language: one sentence per (object, reason) that a service raises as
``SomeError(object, reason, count=n)`` (webapp/core/service_errors.py)."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from webapp.core.service_errors import ServiceError


def refusal(e: ServiceError) -> str:
    n = e.count
    messages = {
        ("meeting", "noticed"): lambda: _("Notice of this meeting has gone out: it can no longer be deleted. "
                                          "Cancel the meeting instead."),
        ("meeting", "held"): lambda: _("This meeting has been held: it stays in the forum's records."),
        ("meeting", "has_action_items"): lambda: ngettext(
            "A decision of this meeting has %(num)d action item: move or delete it first.",
            "Decisions of this meeting have %(num)d action items: move or delete them first.", n),
        ("meeting", "webinar_sessions"): lambda: _("This meeting is a session of a webinar series: cancel the "
                                                   "session from its series instead."),
        ("decision", "published"): lambda: _("This decision is published with the meeting's outcomes: it can no "
                                             "longer be deleted."),
        ("decision", "has_action_items"): lambda: ngettext(
            "This decision has %(num)d action item: move or delete it first.",
            "This decision has %(num)d action items: move or delete them first.", n),
        ("objective", "has_action_items"): lambda: ngettext(
            "This objective has %(num)d action item: move or delete it first.",
            "This objective has %(num)d action items: move or delete them first.", n),
        ("plan", "has_action_items"): lambda: ngettext(
            "This action plan has %(num)d action item: move or delete it first.",
            "This action plan has %(num)d action items: move or delete them first.", n),
        ("organisation", "has_members"): lambda: ngettext(
            "This organisation has %(num)d member: move or erase them first.",
            "This organisation has %(num)d members: move or erase them first.", n),
        ("organisation", "erased_members"): lambda: _("Erased members of this organisation are kept in the "
                                                      "records without their data: the organisation stays."),
        ("organisation", "action_items"): lambda: ngettext(
            "This organisation owns %(num)d action item: give it another owner or delete it first.",
            "This organisation owns %(num)d action items: give them another owner or delete them first.", n),
        ("organisation", "webinar_series"): lambda: ngettext(
            "This organisation takes part in %(num)d webinar series: remove it from the series first.",
            "This organisation takes part in %(num)d webinar series: remove it from the series first.", n),
    }
    message = messages.get((e.field, e.code))
    return message() if message else _("This cannot be deleted.")
