"""What webinar notices are: the chair organisation's contact is asked to chair a session."""
from __future__ import annotations

from flask_babel import gettext as _

from webapp.notices.emails import EmailKind


def email_kinds() -> tuple[EmailKind, ...]:
    """Bound in webapp/wiring.py."""
    return (
        EmailKind("chair_assigned", subject=lambda c: _("Will you chair a session of %(series)s?",
                                                        series=c["p"].get("series", "")),
                  templates="webinars/email"),
    )
