"""Why a decision cannot be deleted, in the reader's language (webapp/core/deletion.py holds the mechanism)."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from webapp.core import deletion
from webapp.core.service_errors import ServiceError


def refusal(e: ServiceError) -> str:
    return deletion.refusal(e, {
        ("decision", "published"): lambda n: _("This decision is published with the meeting's outcomes: it can no "
                                               "longer be deleted."),
        ("decision", "has_action_items"): lambda n: ngettext(
            "This decision has %(num)d action item: move or delete it first.",
            "This decision has %(num)d action items: move or delete them first.", n),
    })
