"""Why an organisation cannot be deleted, in the reader's language (webapp/core/deletion.py holds the mechanism)."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from webapp.core import deletion
from webapp.core.service_errors import ServiceError


def refusal(e: ServiceError) -> str:
    return deletion.refusal(e, {
        ("organisation", "has_members"): lambda n: ngettext(
            "This organisation has %(num)d member: move or erase them first.",
            "This organisation has %(num)d members: move or erase them first.", n),
        ("organisation", "erased_members"): lambda n: _("Erased members of this organisation are kept in the "
                                                        "records without their data: the organisation stays."),
        ("organisation", "action_items"): lambda n: ngettext(
            "This organisation owns %(num)d action item: give it another owner or delete it first.",
            "This organisation owns %(num)d action items: give them another owner or delete them first.", n),
        ("organisation", "webinar_series"): lambda n: ngettext(
            "This organisation takes part in %(num)d webinar series: remove it from the series first.",
            "This organisation takes part in %(num)d webinar series: remove it from the series first.", n),
    })
