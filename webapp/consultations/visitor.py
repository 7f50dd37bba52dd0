"""The visitor's side of the shared verification (webapp/consultations/verification.py), for every public form that
verifies a contact (a consultation's, a suggestion's): which contact this browser asked a code for and which one it
verified, kept in the session of the form's own pages, so that a visitor verified on one form is verified on the
others. Those pages are never cached (``no_store``); the cached public pages set no cookie."""
from __future__ import annotations

from flask import Response, session

from tenants.context import current_tenant_id
from webapp.consultations import verification
from webapp.consultations.models import Contact

VERIFIED, PENDING = "consultation_contact", "consultation_pending"


def no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


def _contact_id(key: str) -> int | None:
    tid, cid = (session.get(key) or (None, None))
    return cid if tid == current_tenant_id() else None


def pending_id() -> int | None:
    """The contact this visitor asked a code for, in this forum."""
    return _contact_id(PENDING)


def verified() -> Contact | None:
    """The contact this visitor verified in this forum, if any."""
    return verification.verified_contact(_contact_id(VERIFIED))


def code_sent(sent: verification.CodeSent) -> None:
    session[PENDING] = (current_tenant_id(), sent.contact.id)


def code_checked(contact: Contact) -> None:
    session.pop(PENDING, None)
    session[VERIFIED] = (current_tenant_id(), contact.id)
