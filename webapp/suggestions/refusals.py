"""Why a suggestion (or the forum's answer to one) was refused, in the reader's language: its own wording where a
suggestion differs from a comment, the shared verification's wording (webapp/consultations/views.py) for the rest."""
from __future__ import annotations

from flask_babel import gettext as _

from webapp.consultations.verification import VerificationError
from webapp.consultations.views import refusal as verification_refusal


def refusal(e: VerificationError) -> str:
    if e.code == "too_long":
        return _("This answer is too long.") if e.field == "answer" else _("This suggestion is too long.")
    return verification_refusal(e)
