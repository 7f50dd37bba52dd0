"""Unsubscribe links for non-essential notices (DESIGN.md: reminders and digests; invitations, changes and
cancellations always go out). The link is a signed capability: it names the forum, the member and the kind of
notice, needs no sign-in, and is also the RFC 8058 one-click target of the List-Unsubscribe header."""
from __future__ import annotations

from webapp.core import audit, signing
from webapp.extensions import db
from webapp.notices import recipients
from webapp.notices.recipients import Recipient

# notice kind → the member preference that switches it off
NON_ESSENTIAL = {"meeting_reminder": "reminders", "action_reminder": "reminders", "report_reminder": "reminders",
                 "action_digest": "digests"}
PREFERENCES = {"reminders": "notify_reminders", "digests": "notify_digests"}


def token(tenant_id: int, member_id: int, what: str) -> str:
    return signing.sign("unsubscribe", {"m": member_id, "w": what}, tenant_id)


def read(token_: str, tenant_id: int) -> tuple[Recipient, str] | None:
    """The member and preference a link is for, if it is genuine and for this forum."""
    link = signing.verify("unsubscribe", token_, tenant_id)
    if link is None or link.data.get("w") not in PREFERENCES:
        return None
    member = recipients.one(tenant_id, link.data.get("m"))
    return (member, link.data["w"]) if member is not None else None


def unsubscribe(member: Recipient, what: str) -> bool:
    """Switch the preference off; False if it already was."""
    field = PREFERENCES[what]
    if not getattr(member, field):
        return False
    setattr(member, field, False)
    db.session.flush()
    audit.record("unsubscribed", "member", member.id, [field])
    return True
