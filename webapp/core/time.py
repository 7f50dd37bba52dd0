"""The forum's time zone: the one place that reads it. Meetings are stored in UTC and shown, entered and
counted by month in the zone of their forum (Tenant.timezone, an Area/City name); with no forum, UTC."""
from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from tenants.context import current_tenant

if TYPE_CHECKING:
    from tenants.models import Tenant

NO_FORUM = "UTC"


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
