"""Reads for webinar series: the series a reader may see (the one rule by reader, webapp/core/visibility.py) and
one series' sessions."""
from __future__ import annotations

from sqlalchemy import select

from tenants.context import current_tenant_id
from webapp.core.visibility import Reader, level_sql
from webapp.extensions import db
from webapp.webinars.models import Session, WebinarSeries


def every_series(reader: Reader) -> list[WebinarSeries]:
    """The forum's series the reader may see, newest first."""
    return list(db.session.scalars(select(WebinarSeries).where(
        WebinarSeries.tenant_id == current_tenant_id(), level_sql(reader, WebinarSeries.visibility))
        .order_by(WebinarSeries.created_at.desc())))


def series(series_id: int, reader: Reader) -> WebinarSeries | None:
    """One series of the forum, if the reader may see it."""
    return db.session.scalar(select(WebinarSeries).where(
        WebinarSeries.tenant_id == current_tenant_id(), WebinarSeries.id == series_id,
        level_sql(reader, WebinarSeries.visibility)))


def series_of(session: Session) -> WebinarSeries | None:
    """The series a session belongs to."""
    return db.session.get(WebinarSeries, (session.tenant_id, session.series_id))


def session(series_id: int, meeting_id: int | None) -> Session | None:
    """One session of a series, by its meeting."""
    return db.session.scalar(select(Session).where(Session.tenant_id == current_tenant_id(),
                                                   Session.series_id == series_id, Session.meeting_id == meeting_id))
