"""Report requests: a row now, a job after commit, the file in the same row when the job is done."""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import delete, select

from tenants.context import current_tenant_id
from webapp.core import audit, signals
from webapp.core.queue import enqueue_after_commit
from webapp.extensions import db
from webapp.reports.models import FORMATS, KINDS, Report

BUILD_JOB = "worker.reports.build_report"
MAX_BYTES = 20 * 1024 * 1024


class ReportRequestError(ValueError):
    pass


def request_report(kind: str, params: dict[str, Any], fmt: str, locale: str, member_id: int | None) -> Report:
    if kind not in KINDS or fmt not in FORMATS:
        raise ReportRequestError("kind")
    if kind == "attendance_period" or (kind == "inclusion" and params):
        start, end = date.fromisoformat(params["start"]), date.fromisoformat(params["end"])
        if end < start or (end - start).days > 3 * 366:
            raise ReportRequestError("period")
    report = Report(kind=kind, params=params, format=fmt, locale=locale, status="queued", requested_by=member_id)
    db.session.add(report)
    db.session.flush()
    enqueue_after_commit(BUILD_JOB, report.tenant_id, report.id, queue="reports",
                         job_id=f"report-{report.tenant_id}-{report.id}", timeout=600)
    audit.record("requested", "report", report.id, [kind])
    return report


def report(report_id: int) -> Report | None:
    return db.session.scalar(select(Report).where(Report.tenant_id == current_tenant_id(), Report.id == report_id))


def recent(limit: int = 30) -> list[Report]:
    return list(db.session.scalars(select(Report).where(Report.tenant_id == current_tenant_id())
                                   .order_by(Report.created_at.desc(), Report.id.desc()).limit(limit)))


def set_public(report: Report, public: bool) -> None:
    """Only annual reports, which are built from public information, can go on the public page."""
    if report.kind != "annual":
        raise ReportRequestError("kind")
    report.public = public
    db.session.flush()
    audit.record("published" if public else "unpublished", "report", report.id)


def public_reports() -> list[Report]:
    return list(db.session.scalars(select(Report).where(
        Report.tenant_id == current_tenant_id(), Report.public, Report.status == "ready", Report.kind == "annual")
        .order_by(Report.created_at.desc())))


@signals.member_erased.connect
def _erase_member(_sender: str, erasure: signals.Erasure) -> None:
    """Member erasure (webapp/members/services.py): stored reports that list people by name are dropped; the
    secretariat requests them again, without the name."""
    e = erasure
    db.session.execute(delete(Report).where(Report.tenant_id == e.tenant_id,
                                            Report.kind.in_(("attendance_meeting", "action_progress"))))
