"""Why an objective or an action plan cannot be deleted, in the reader's language (webapp/core/deletion.py holds
the mechanism)."""
from __future__ import annotations

from flask_babel import ngettext

from webapp.core import deletion
from webapp.core.service_errors import ServiceError


def refusal(e: ServiceError) -> str:
    return deletion.refusal(e, {
        ("objective", "has_action_items"): lambda n: ngettext(
            "This objective has %(num)d action item: move or delete it first.",
            "This objective has %(num)d action items: move or delete them first.", n),
        ("plan", "has_action_items"): lambda n: ngettext(
            "This action plan has %(num)d action item: move or delete it first.",
            "This action plan has %(num)d action items: move or delete them first.", n),
    })
