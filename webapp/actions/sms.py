"""The SMS of action reminders (due within a week, overdue), in the owner's language."""
from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import get_locale
from flask_babel import gettext as _

from tenants.context import current_tenant
from webapp.core.dates import format_date
from webapp.notices.sms import encoding
from webapp.notices.sms import services as sms
from webapp.notices.sms.services import Contact


def reminder(payload: dict[str, Any], contact: Contact, cache: dict[str, Any]) -> tuple[str, str] | None:
    if not payload.get("due_on"):
        return None
    forum = encoding.clip(current_tenant().name, 40)
    due = format_date(date.fromisoformat(payload["due_on"]), "medium", locale=str(get_locale()))
    title = payload.get("title", "")
    if payload.get("overdue"):
        return _("%(forum)s: your action \"%(title)s\" was due on %(due)s.", forum=forum, title=title, due=due), ""
    return _("%(forum)s: your action \"%(title)s\" is due on %(due)s.", forum=forum, title=title, due=due), ""


def sms_texts() -> dict[str, sms.TextHook]:
    """Bound in webapp/wiring.py."""
    return {"action_reminder": reminder}
