from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WzResponse

from webapp.core import handlers
from webapp.core.downloads import download_response
from webapp.core.forms import EmptyForm
from webapp.core.permissions import current_member, may_manage, may_see_restricted, require
from webapp.core.rendering import render, wants_fragment
from webapp.core.zones import forum_today
from webapp.meetings import queries as meeting_queries
from webapp.reports import services
from webapp.reports.forms import ReportForm

bp = Blueprint("reports", __name__, url_prefix="/reports", template_folder="templates")


@bp.app_context_processor
def report_labels() -> dict[str, object]:
    return {"report_status": report_status}  # translated when a page shows a report's status, not on every page


def report_status(status: str) -> str:
    labels = {"queued": _("waiting"), "running": _("being prepared"), "ready": _("ready"), "failed": _("failed")}
    return labels.get(status, status)


def _form() -> ReportForm:
    form = ReportForm()
    rows = meeting_queries.meetings(staff=True, upcoming=True, limit=50) + \
        meeting_queries.meetings(staff=True, upcoming=False, limit=200)
    from webapp.actions import queries as actions
    from webapp.actions.visibility import Reader

    plans = [(p.id, p.title) for p, _r in actions.plans(Reader.staff(), forum_today())]
    form.fill_choices([(m.id, f"{m.start_at:%Y-%m-%d} · {m.title}") for m, _c, _i, _y in rows], plans)
    if form.year.data is None:
        form.year.data = forum_today().year
    return form


@bp.route("/", methods=["GET", "POST"])
@require(may_see_restricted)
def index() -> Response | WzResponse:
    form = _form()
    done = handlers.submit(form, lambda: services.request_report(form.kind.data, form.params(forum_today().year),
                                                                 form.format.data, str(get_locale()),
                                                                 current_member.id),
                           services.ReportRequestError,
                           lambda _e: handlers.under(form, "end", _("Please choose a period of at most three years.")))
    if done:
        return redirect(url_for(".show", report_id=done.result.id), 303)
    return render("reports/index.html", form=form, reports=services.recent(), status=handlers.status(form),
                  page_title=_("Reports"))


@bp.get("/<int:report_id>")
@require(may_see_restricted)
def show(report_id: int) -> Response:
    report = services.report(report_id) or abort(404)
    return render("reports/show.html", block="status" if wants_fragment() else "content", report=report,
                  page_title=_("Report"))


@bp.post("/<int:report_id>/publish")
@require(may_manage)
def publish(report_id: int) -> WzResponse:
    report = services.report(report_id) or abort(404)
    if not EmptyForm().validate_on_submit() or report.kind != "annual" or report.status != "ready":
        abort(400)
    services.set_public(report, request.form.get("public") == "1")
    flash(_("The report is on the public page.") if report.public else _("The report is no longer public."))
    return redirect(url_for(".show", report_id=report.id), 303)


@bp.get("/<int:report_id>/download")
@require(may_see_restricted)
def download(report_id: int) -> Response:
    report = services.report(report_id) or abort(404)
    if report.status != "ready" or report.file is None:
        abort(404)
    return download_response(report.file, report.filename,
                             "application/pdf" if report.format == "pdf" else "text/csv; charset=utf-8",
                             cache="private, no-store")
