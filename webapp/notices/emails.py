"""Renders an outbox row into an email, in the recipient's language and time zone (their own, else the forum's)."""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime as rfc2822_date
from email.utils import formataddr
from weakref import WeakKeyDictionary
from zoneinfo import ZoneInfo

from flask import current_app, g, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from tenants.context import current_tenant
from tenants.models import Tenant
from webapp.binding import Interface
from webapp.core.dates import format_datetime
from webapp.core.languages import interface_of
from webapp.core.text import one_line
from webapp.core.zones import recipient_zone, utc_zone
from webapp.notices import recipients
from webapp.notices.models import Notice, PlatformMail


def _subjects() -> dict[str, Callable[[dict], str]]:
    return {
        "test": lambda c: _("Test notice from Baraza"),
        "announcement": lambda c: c["p"].get("subject", ""),
        "password_reset": lambda c: _("Choose a new password for Baraza"),
        "recovery_code_used": lambda c: _("A recovery code was used to sign in to Baraza"),
        "member_invitation": lambda c: _("Create your account for %(forum)s", forum=c["p"].get("forum", "")),
        "term_ending": lambda c: _("A member's term ends soon: %(member)s", member=c["p"].get("member", "")),
        "invitation": lambda c: _("You are invited to %(forum)s on Baraza", forum=c["p"].get("forum", "")),
        "sms_allowance": lambda c: _("SMS: %(share)s%% of this month's allowance used", share=c["p"].get("level", 80)),
    }


# Features declare what their notice kinds add to an email (extra template context, a calendar
# part) and where their templates live (``<feature>/email/<kind>.txt`` and ``.html`` in the feature's own
# templates folder; they extend notices/email/base.html); webapp/wiring.py binds them, so that this module never
# imports a feature.
ContextHook = Callable[[Notice | PlatformMail], dict]
CalendarHook = Callable[[Notice | PlatformMail, dict], tuple[bytes, str] | None]


@dataclass(frozen=True)
class EmailKind:
    """A feature's notice kind: its subject (from the template context), templates folder, extra context and
    calendar part."""

    kind: str
    subject: Callable[[dict], str]
    templates: str = "notices/email"
    context: ContextHook | None = None
    calendar: CalendarHook | None = None


EMAIL_KINDS: Interface[Mapping[str, EmailKind]] = Interface(
    "notices.emails.EMAIL_KINDS", "The features' notice kinds, by kind (auth, meetings, actions, webinars, "
    "federation).")


def secretariat_address(tenant: Tenant) -> str | None:
    """The forum's reply-to: asked once per job or request (a batch of fifty notices shares it)."""
    configured = tenant.setting("reply_to")
    if configured:
        return configured
    known = g.setdefault("secretariat_addresses", {})
    if tenant.id not in known:
        known[tenant.id] = recipients.secretariat_email(tenant.id)
    return known[tenant.id]


_zones: WeakKeyDictionary[Notice | PlatformMail, ZoneInfo] = WeakKeyDictionary()


def recipient_time_zone(outbox: Notice | PlatformMail, tenant: Tenant | None = None) -> ZoneInfo:
    """The zone the e-mail shows times in: the recipient member's (webapp/core/zones.py), else the forum's; UTC for
    platform mail. Read once per row (the features' context hooks ask again)."""
    if outbox not in _zones:
        member_id = getattr(outbox, "member_id", None)
        if tenant is None and member_id is None:
            _zones[outbox] = utc_zone()
        else:
            tenant = tenant if tenant is not None else current_tenant()
            member = recipients.one(tenant.id, member_id) if member_id is not None and tenant is not None else None
            _zones[outbox] = recipient_zone(member, tenant) if tenant is not None else utc_zone()
    return _zones[outbox]


def prepare(rows: Sequence[Notice | PlatformMail], tenant: Tenant | None) -> None:
    """Before a batch is rendered: its recipients' zones in one query (else one per e-mail)."""
    if tenant is None:
        return
    wanted = {row: row.member_id for row in rows
              if row not in _zones and getattr(row, "member_id", None) is not None}
    if not wanted:
        return
    found = {member.id: member for member in recipients.several(tenant.id, set(wanted.values()))}
    for row, member_id in wanted.items():
        _zones[row] = recipient_zone(found.get(member_id), tenant)


def _announcement(outbox: Notice | PlatformMail) -> dict:
    """An announcement in the recipient's language where it was translated before the e-mail left (issue 27)."""
    from webapp.core import content

    p = dict(outbox.payload or {})
    kept = p.get("announcement_id")
    if kept and outbox.locale:
        said = content.translations("announcement", [kept], outbox.locale)
        p["subject"], p["body"] = said.get((kept, "subject"), p.get("subject")), said.get((kept, "body"), p.get("body"))
    return {"p": p}



def _render(outbox: Notice | PlatformMail, tenant: Tenant | None) -> tuple[str, str, str, dict]:
    tz = recipient_time_zone(outbox, tenant)
    created = outbox.created_at or datetime.now(UTC)
    context = {
        "n": outbox,
        "p": outbox.payload or {},
        "tenant": tenant,
        "locale": outbox.locale,
        "when": format_datetime(created, "long", tz=tz, locale=outbox.locale),
        "base_url": current_app.config["BASE_URL"],
    }
    # the interface's words in one of its five languages; the content (agenda, announcement) in the recipient's
    # working language, which may be another (issue 46)
    with force_locale(interface_of(outbox.locale, tenant)):
        kind = EMAIL_KINDS().get(outbox.kind)
        if kind is not None and kind.context is not None:
            context.update(kind.context(outbox))
        elif outbox.kind == "announcement":
            context.update(_announcement(outbox))
        subject_of = kind.subject if kind is not None else _subjects().get(outbox.kind,
                                                                            lambda p: _("Notice from Baraza"))
        subject = str(subject_of(context))
        context["unsubscribe"] = _unsubscribe_url(outbox, tenant)
        folder = kind.templates if kind is not None else "notices/email"
        text = render_template(f"{folder}/{outbox.kind}.txt", **context)
        if context["unsubscribe"]:
            text += "\n" + _("Stop these emails: %(link)s", link=context["unsubscribe"]) + "\n"
        html = render_template(f"{folder}/{outbox.kind}.html", subject=subject, **context)
    return subject, text, html, context


def _unsubscribe_url(outbox: Notice | PlatformMail, tenant: Tenant | None) -> str | None:
    from webapp.core.urls import external_url
    from webapp.notices import unsubscribe

    what = unsubscribe.NON_ESSENTIAL.get(outbox.kind)
    if tenant is None or what is None or getattr(outbox, "member_id", None) is None:
        return None
    return external_url("tenant.notices.unsubscribe", tenant_slug=tenant.slug,
                        token=unsubscribe.token(tenant.id, outbox.member_id, what))


def build_message(outbox: Notice | PlatformMail, tenant: Tenant | None) -> EmailMessage:
    subject, text, html, context = _render(outbox, tenant)
    msg = EmailMessage()
    # Header values are one line whatever is stored (names written before the forms refused line breaks):
    # a line break would fail the whole message or inject a header.
    sender_name = f"{one_line(tenant.name)} via Baraza" if tenant else "Baraza"
    msg["From"] = formataddr((sender_name, current_app.config["MAIL_FROM_ADDRESS"]))
    msg["To"] = formataddr((one_line(outbox.recipient_name), one_line(outbox.recipient_email)))
    if tenant is not None:
        reply_to = one_line(secretariat_address(tenant))
        if reply_to:
            msg["Reply-To"] = reply_to
    msg["Subject"] = one_line(subject)
    msg["Message-ID"] = outbox.message_id
    msg["Date"] = rfc2822_date(datetime.now(UTC))
    msg["Auto-Submitted"] = "auto-generated"
    if context.get("unsubscribe"):  # RFC 2369 and RFC 8058: the mail client's own "unsubscribe" button
        msg["List-Unsubscribe"] = f"<{context['unsubscribe']}>"
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    kind = EMAIL_KINDS().get(outbox.kind)
    calendar = kind.calendar(outbox, context) if kind is not None and kind.calendar is not None else None
    if calendar is not None:  # RFC 6047: the invitation as a text/calendar alternative
        # Text with its charset (without one, strict clients read "—" as "���"); quoted-printable keeps
        # the CRLF line ends RFC 5545 asks for (base64 of str would carry bare LFs).
        ics, method = calendar
        msg.add_alternative(ics.decode("utf-8"), subtype="calendar", charset="utf-8", cte="quoted-printable",
                            params={"method": method})
    msg["Content-Language"] = outbox.locale  # after set_content, which drops Content-* headers
    return msg
