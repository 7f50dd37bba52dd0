"""Global (platform) tables: users and the list of forums each user belongs to. No RLS."""
from __future__ import annotations

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import BigInteger, Boolean, DateTime, ForeignKey, Identity, Index, String, func
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


class User(UserMixin, db.Model):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-case
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    locale: Mapped[str | None] = mapped_column(String(10))
    # the person's time zone across forums (an Area/City name); None: each forum's (webapp/core/zones.py)
    time_zone: Mapped[str | None] = mapped_column(String(64))
    is_platform_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Flask-Login's alternative id: rotating it revokes every session of this user server-side.
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)
    totp_secret: Mapped[str | None] = mapped_column(String(64))  # set once two-factor sign-in is on
    # the last 30-second step whose code was accepted: a code works once, never twice
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    # SHA-256 of the unused single-use recovery codes (80 random bits each, so a plain hash is enough)
    totp_recovery_hashes: Mapped[list[str]] = mapped_column(ARRAY(String(64)), default=list, server_default="{}")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    def get_id(self) -> str:
        return self.session_token

    @property
    def is_active(self) -> bool:
        return self.active


class UserForum(db.Model):
    """Which forums a user belongs to, kept by the members services so that the forum chooser
    never reads tenant tables across tenants."""

    __tablename__ = "user_forums"

    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    tenant_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("tenants.id", ondelete="CASCADE"),
                                           primary_key=True)


class LoginFailure(db.Model):
    """Failed sign-ins, for throttling per account and address, per address, per account and per known
    device (kept in PostgreSQL, not Redis: see webapp/auth/security.py)."""

    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_email_at", "email", "at"), Index("ix_login_failures_ip_at", "ip", "at"),
                      Index("ix_login_failures_device_at", "device", "at"))

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    ip: Mapped[str] = mapped_column(String(64))
    # the nonce of the signed known-device cookie the attempt came with, if any
    device: Mapped[str | None] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class MailRequest(db.Model):
    """Mail that an anonymous visitor asked for (e.g. a password reset), known account or not: the ledger
    of the per-account and per-address limits."""

    __tablename__ = "mail_requests"
    __table_args__ = (Index("ix_mail_requests_email_at", "email", "at"), Index("ix_mail_requests_ip_at", "ip", "at"))

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    email: Mapped[str] = mapped_column(String(254))
    ip: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
