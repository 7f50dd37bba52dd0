"""Why a meeting cannot be deleted, in the reader's language (webapp/core/deletion.py holds the mechanism)."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from webapp.core import deletion
from webapp.core.service_errors import ServiceError


def refusal(e: ServiceError) -> str:
    return deletion.refusal(e, {
        ("meeting", "noticed"): lambda n: _("Notice of this meeting has gone out: it can no longer be deleted. "
                                            "Cancel the meeting instead."),
        ("meeting", "held"): lambda n: _("This meeting has been held: it stays in the forum's records."),
        ("meeting", "has_action_items"): lambda n: ngettext(
            "A decision of this meeting has %(num)d action item: move or delete it first.",
            "Decisions of this meeting have %(num)d action items: move or delete them first.", n),
        ("meeting", "webinar_sessions"): lambda n: _("This meeting is a session of a webinar series: cancel the "
                                                     "session from its series instead."),
    })
