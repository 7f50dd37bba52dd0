"""Renders an outbox row into an email, in the recipient's language and the forum's time zone."""
from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime as rfc2822_date
from email.utils import formataddr
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from tenants.models import Tenant
from webapp.extensions import db
from webapp.members.models import Member
from webapp.notices.models import Notice, PlatformMail


def _subjects() -> dict[str, Callable[[dict], str]]:
    return {
        "test": lambda p: _("Test notice from Baraza"),
        "announcement": lambda p: p.get("subject", ""),
        "password_reset": lambda p: _("Choose a new password for Baraza"),
        "member_invitation": lambda p: _("Create your account for %(forum)s", forum=p.get("forum", "")),
        "term_ending": lambda p: _("A member's term ends soon: %(member)s", member=p.get("member", "")),
        "invitation": lambda p: _("You are invited to %(forum)s on Baraza", forum=p.get("forum", "")),
    }


def secretariat_address(tenant: Tenant) -> str | None:
    configured = tenant.setting("reply_to")
    if configured:
        return configured
    return db.session.scalar(
        select(Member.email).where(Member.tenant_id == tenant.id, Member.role == "secretariat", Member.active,
                                   Member.email.is_not(None)).order_by(Member.id).limit(1))


def _render(outbox: Notice | PlatformMail, tenant: Tenant | None) -> tuple[str, str, str]:
    tz = ZoneInfo(tenant.timezone if tenant else "UTC")
    created = (outbox.created_at or datetime.now(UTC)).astimezone(tz)
    context = {
        "n": outbox,
        "p": outbox.payload or {},
        "tenant": tenant,
        "locale": outbox.locale,
        "when": format_datetime(created, "long", tzinfo=tz, locale=outbox.locale),
        "base_url": current_app.config["BASE_URL"],
    }
    with force_locale(outbox.locale):
        subject = str(_subjects().get(outbox.kind, lambda p: _("Notice from Baraza"))(outbox.payload or {}))
        text = render_template(f"notices/email/{outbox.kind}.txt", **context)
        html = render_template(f"notices/email/{outbox.kind}.html", subject=subject, **context)
    return subject, text, html


def build_message(outbox: Notice | PlatformMail, tenant: Tenant | None) -> EmailMessage:
    subject, text, html = _render(outbox, tenant)
    msg = EmailMessage()
    sender_name = f"{tenant.name} via Baraza" if tenant else "Baraza"
    msg["From"] = formataddr((sender_name, current_app.config["MAIL_FROM_ADDRESS"]))
    msg["To"] = formataddr((outbox.recipient_name or "", outbox.recipient_email))
    if tenant is not None:
        reply_to = secretariat_address(tenant)
        if reply_to:
            msg["Reply-To"] = reply_to
    msg["Subject"] = subject
    msg["Message-ID"] = outbox.message_id
    msg["Date"] = rfc2822_date(datetime.now(UTC))
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    msg["Content-Language"] = outbox.locale  # after set_content, which drops Content-* headers
    return msg
