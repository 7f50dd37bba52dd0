"""The SMS of action reminders (due within a week, overdue): the builder's fields (webapp/notices/sms/builder.py)."""
from __future__ import annotations

from datetime import date
from typing import Any

from tenants.context import current_tenant
from webapp.notices.sms import services as sms
from webapp.notices.sms.builder import Draft, Fields
from webapp.notices.sms.services import Contact


def reminder(payload: dict[str, Any], contact: Contact, cache: dict[str, Any]) -> Draft | None:
    if not payload.get("due_on"):
        return None
    fields = Fields(who=sms.sms_name(current_tenant()), title=payload.get("title", ""),
                    day=date.fromisoformat(payload["due_on"]))
    return Draft("action_overdue" if payload.get("overdue") else "action_reminder", fields)


def sms_texts() -> dict[str, sms.TextHook]:
    """Bound in webapp/wiring.py."""
    return {"action_reminder": reminder}
