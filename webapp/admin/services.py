from __future__ import annotations

import re

from flask import current_app, url_for
from sqlalchemy import select

from tenants.models import DEFAULT_SETTINGS, TENANT_KINDS, Tenant
from tenants.rls import tenant_context
from webapp.auth import security
from webapp.auth import services as accounts
from webapp.auth.models import User
from webapp.core import audit
from webapp.core.i18n import LANGUAGES
from webapp.core.text import SHORT_NAME, is_one_line, suggest_short_name
from webapp.core.zones import is_zone
from webapp.extensions import db
from webapp.members import services as members
from webapp.notices.services import queue_platform_mail

SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")


class ForumError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def create_forum(*, slug: str, name: str, kind: str, country: str | None, default_locale: str,
                 enabled_locales: list[str], timezone: str, secretariat_name: str,
                 secretariat_email: str) -> Tenant:
    """A new forum with its first secretariat member, who gets an invitation by email."""
    slug = slug.strip().lower()
    if not SLUG.match(slug):
        raise ForumError("slug", "invalid")
    if db.session.scalar(select(Tenant.id).where(Tenant.slug == slug)) is not None:
        raise ForumError("slug", "taken")
    if kind not in TENANT_KINDS:
        raise ForumError("kind", "invalid")
    if default_locale not in LANGUAGES or any(lc not in LANGUAGES for lc in enabled_locales):
        raise ForumError("default_locale", "invalid")
    if not is_zone(timezone):
        raise ForumError("timezone", "invalid")
    for field, value in (("name", name), ("secretariat_name", secretariat_name), ("country", country)):
        if not is_one_line(value):
            raise ForumError(field, "control characters (line breaks, tabs, NUL …) are not allowed")
    locales = [default_locale] + [lc for lc in enabled_locales if lc != default_locale]
    tenant = Tenant(slug=slug, name=name.strip(), short_name=suggest_short_name(name), kind=kind,
                    country=(country or "").strip().upper() or None,
                    default_locale=default_locale, enabled_locales=locales, timezone=timezone,
                    settings=dict(DEFAULT_SETTINGS))
    db.session.add(tenant)
    db.session.flush()
    with tenant_context(tenant):
        user = accounts.find_user_by_email(secretariat_email)
        if user is None:
            user = accounts.create_user(secretariat_email, secretariat_name.strip(), None, locale=default_locale)
        members.add_member(secretariat_name.strip(), user.email, "secretariat", user=user)
        invite(user, tenant, "secretariat")
    return tenant


def set_short_name(tenant: Tenant, short_name: str) -> None:
    """The platform admin sets who a forum's SMS are from (NSCCL, IDAK, ASM-RT); the forum's change log records it."""
    value = (short_name or "").strip().upper()
    if not SHORT_NAME.match(value):
        raise ForumError("short_name", "invalid")
    if value != tenant.short_name:
        tenant.short_name = value
        with tenant_context(tenant):
            audit.record("updated", "forum_settings", None, ["short_name"])
            db.session.flush()


def invite(user: User, tenant: Tenant, role: str) -> None:
    base = current_app.config["BASE_URL"]
    payload = {"forum": tenant.name, "role": role, "login": base + url_for("auth.login")}
    if not user.password_hash:
        payload["link"] = base + url_for("auth.accept_invitation", token=security.make_token(user, "invitation"))
    queue_platform_mail("invitation", email=user.email, name=user.name, locale=user.locale or tenant.default_locale,
                        payload=payload, dedupe_key=f"invite:{tenant.id}:{user.id}")


def find_users(q: str, limit: int = 50) -> list[User]:
    stmt = select(User).order_by(User.email).limit(limit)
    if q.strip():
        like = "%" + q.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(User.email.ilike(like) | User.name.ilike(like))
    return list(db.session.scalars(stmt))


def set_account_active(user: User, active: bool) -> None:
    """Deactivates (or reactivates) an account; each of its forums' change logs records it."""
    accounts.set_active(user, active)
    for tenant in accounts.forums_of(user):
        with tenant_context(tenant):
            audit.record("deactivated" if not active else "reactivated", "user", user.id, ["active"])
            db.session.flush()  # inside the forum's context: row-level security checks the forum
