"""The e-mail that carries a verification code (the forum's outbox, in the visitor's language)."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from webapp.notices.emails import EmailKind
from webapp.notices.models import Notice


def _context(outbox: Notice) -> dict[str, Any]:
    payload = outbox.payload or {}
    return {"code": payload.get("code", ""), "for_consultation": "consultation_id" in payload}


def email_kinds() -> tuple[EmailKind, ...]:
    """Bound in webapp/wiring.py."""
    return (EmailKind("consultation_code", subject=lambda c: _("Your code: %(code)s", code=c["code"]),
                      templates="consultations/email", context=_context),)
