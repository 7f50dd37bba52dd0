"""Builds a requested report and stores the file in its row (PostgreSQL, so RLS and backups cover it)."""
from __future__ import annotations

from datetime import UTC, date, datetime

from flask_babel import force_locale
from sqlalchemy import select

from tenants.context import current_tenant, current_tenant_id
from webapp.extensions import db
from webapp.reports import builders
from webapp.reports.models import Report
from webapp.reports.services import MAX_BYTES
from worker.runtime import tenant_job


@tenant_job
def build_report(report_id: int) -> str:
    report = db.session.scalar(select(Report).where(Report.tenant_id == current_tenant_id(), Report.id == report_id)
                               .with_for_update(skip_locked=True))
    if report is None or report.status not in ("queued", "running"):
        return "nothing to do"
    report.status = "running"
    db.session.commit()
    try:
        with force_locale(report.locale):
            if report.kind == "annual":
                table = builders.annual(int(report.params["year"]), report.locale)
                stem = f"annual-report-{report.params['year']}"
            elif report.kind == "inclusion":
                period = [date.fromisoformat(report.params[k]) if report.params.get(k) else None
                          for k in ("start", "end")]
                table = builders.inclusion(report.locale, *period)
                stem = "inclusion"
            elif report.kind == "action_progress":
                table = builders.action_progress(int(report.params["plan_id"]), report.locale)
                stem = f"action-plan-{report.params['plan_id']}"
            elif report.kind == "attendance_meeting":
                table = builders.attendance_meeting(int(report.params["meeting_id"]), report.locale)
                stem = f"attendance-meeting-{report.params['meeting_id']}"
            else:
                table = builders.attendance_period(date.fromisoformat(report.params["start"]),
                                                   date.fromisoformat(report.params["end"]), report.locale)
                stem = f"attendance-{report.params['start']}-{report.params['end']}"
            body = builders.to_pdf_bytes(table, current_tenant().name) if report.format == "pdf" \
                else builders.to_csv_bytes(table)
        if len(body) > MAX_BYTES:
            raise builders.ReportError("report larger than 20 MB")
        report.file, report.size, report.filename = body, len(body), f"{stem}.{report.format}"
        report.status, report.error = "ready", None
    except builders.ReportError as e:
        report.status, report.error = "failed", str(e)
    except Exception as e:  # record it: a report never stays "running" for ever
        report.status, report.error = "failed", f"{type(e).__name__}: {e}"[:1000]
    report.finished_at = datetime.now(UTC)
    return report.status
