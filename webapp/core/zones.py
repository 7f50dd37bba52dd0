"""Time zones: the one place that reads them. Meetings are stored in UTC, entered and counted by month in the zone
of their forum (Tenant.timezone, an Area/City name; with no forum, UTC), and shown to each person in their own
zone: the one of their account (users.time_zone, across forums), else the one the forum's roll gives them
(members.time_zone, set by the secretariat for members without an account), else the forum's."""
from __future__ import annotations

from datetime import UTC, date, datetime, time
from functools import cache
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, available_timezones

from tenants.context import current_tenant

if TYPE_CHECKING:
    from tenants.models import Tenant

NO_FORUM = "UTC"
# the IANA areas people live in (no "Etc/GMT+5", whose sign is inverted, nor legacy "US/Eastern")
AREAS = ("Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific")


def forum_zone_name(tenant: Tenant | None = None) -> str:
    """The zone's name ("Africa/Accra"): of ``tenant`` if given, else of the current forum; UTC without one."""
    tenant = tenant if tenant is not None else current_tenant()
    return tenant.timezone if tenant is not None and tenant.timezone else NO_FORUM


def forum_zone(tenant: Tenant | None = None) -> ZoneInfo:
    return ZoneInfo(forum_zone_name(tenant))


def utc_zone() -> ZoneInfo:
    """For what belongs to no forum (platform mail)."""
    return ZoneInfo(NO_FORUM)


def forum_today(tenant: Tenant | None = None) -> date:
    return datetime.now(forum_zone(tenant)).date()


def forum_to_utc(day: date, at: time, tenant: Tenant | None = None) -> datetime:
    """A wall-clock time in the forum on that day, in UTC (the same local time across daylight saving changes)."""
    return datetime.combine(day, at, tzinfo=forum_zone(tenant)).astimezone(UTC)


@cache
def zone_names() -> tuple[str, ...]:
    """The zones a person can choose, sorted: Area/City names, and UTC."""
    return (NO_FORUM, *sorted(z for z in available_timezones() if z.split("/")[0] in AREAS and "/" in z))


def is_zone(name: str | None) -> bool:
    """A zone name people can choose (and the forum's settings accept)."""
    return bool(name) and name in _zone_set()


@cache
def _zone_set() -> frozenset[str]:
    return frozenset(zone_names())


def zone_named(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def person_zone_name(*choices: str | None, tenant: Tenant | None = None) -> str:
    """The first of a person's settings that is a zone (most personal first), else the forum's."""
    return next((c for c in choices if c and is_zone(c)), None) or forum_zone_name(tenant)


def recipient_zone_name(member: Any, tenant: Tenant | None = None) -> str:
    """For e-mails: the zone of the member's account, else the roll's, else the forum's (a Member row;
    ``account_time_zone`` is its account's setting, read with the row)."""
    if member is None:
        return forum_zone_name(tenant)
    return person_zone_name(getattr(member, "account_time_zone", None), getattr(member, "time_zone", None),
                            tenant=tenant)


def recipient_zone(member: Any, tenant: Tenant | None = None) -> ZoneInfo:
    return ZoneInfo(recipient_zone_name(member, tenant))


def reader_zone_name() -> str:
    """For pages: the signed-in person's zone (their account's, else what this forum's roll gives them), or the one
    of the person a page is for (prefer_zone: the page an RSVP link opens), else the forum's."""
    from flask import g, has_request_context
    from flask_login import current_user

    from webapp.core.permissions import current_member

    if not has_request_context():
        return forum_zone_name()
    choices: list[str | None] = []
    if current_user and current_user.is_authenticated:
        choices.append(getattr(current_user, "time_zone", None))
        if current_tenant() is not None:
            choices.append(getattr(current_member._get_current_object(), "time_zone", None))
    choices.append(g.get("zone_hint"))
    return person_zone_name(*choices)


def reader_zone() -> ZoneInfo:
    return ZoneInfo(reader_zone_name())


def prefer_zone(member: Any) -> None:
    """This page is for one person (the page an RSVP link opens): it shows times in their zone, as their notice did,
    unless someone signed in reads it. Call before rendering."""
    from flask import g
    from flask_babel import refresh

    g.zone_hint = recipient_zone_name(member) if member is not None else None
    refresh()
