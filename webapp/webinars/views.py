"""Webinar series with a rotating chair."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WzResponse

from webapp.core import handlers, languages
from webapp.core.forms import EmptyForm
from webapp.core.permissions import may_manage, require
from webapp.core.rendering import render
from webapp.core.visibility import current_reader
from webapp.members import queries as member_queries
from webapp.webinars import queries, services
from webapp.webinars.forms import POOL_ROWS, GenerateForm, SeriesForm
from webapp.webinars.models import Session, WebinarSeries

bp = Blueprint("webinars", __name__, url_prefix="/webinars", template_folder="templates")


def _series(series_id: int) -> WebinarSeries:
    return queries.series(series_id, current_reader()) or abort(404)


def _session(series: WebinarSeries, meeting_id: int | None) -> Session:
    return queries.session(series.id, meeting_id) or abort(404)


@bp.get("/")
@require()
def index() -> Response:
    series = queries.every_series(current_reader())
    return render("webinars/index.html", series=series, page_title=_("Webinar series"))


def _locales() -> list[str]:
    """The languages a series may be held in: the forum's working languages (Twi, Dagbani ... too), its main first."""
    return languages.working()


def _refusal(e: services.WebinarError) -> str:
    """A series' refusal in the reader's words, shown under its field (the title for the rotation's pool)."""
    if e.field == "pool":
        return _("Choose at least one organisation for the rotation.")
    if e.code == "locked":
        return _("Sessions are already planned: the rhythm of the series can no longer change.")
    return _("Please check this value.")


def _edited(form: SeriesForm, series: WebinarSeries) -> dict[str, object]:
    """The series' editable values from the form; a rhythm missing from the POST (disabled once sessions exist)
    keeps the series' value."""
    values = {k: getattr(form, k).data for k in services.EDITABLE}
    values["every_weeks"] = form.every_weeks.data or series.every_weeks
    return values


@bp.route("/new", methods=["GET", "POST"])
@require(may_manage)
def new() -> Response | WzResponse:
    form = SeriesForm()
    organisations = member_queries.organisations()
    form.fill_choices(member_queries.committees(), organisations, _locales())
    pool = [(request.form.get(f"org_{i}", type=int), request.form.get(f"contact_{i}", type=int))
            for i in range(POOL_ROWS)]
    pool = [(o, c) for o, c in pool if o]
    done = handlers.submit(form, lambda: services.create_series(form.new_values(), list(dict.fromkeys(pool))),
                           services.WebinarError, lambda e: handlers.under(form, "title", _refusal(e)))
    if done:
        return redirect(url_for(".show", series_id=done.result.id), 303)
    return render("webinars/new.html", form=form, organisations=organisations, rows=POOL_ROWS, pool=pool,
                  members=member_queries.member_choices(), status=handlers.status(form),
                  page_title=_("New webinar series"))


@bp.route("/<int:series_id>/edit", methods=["GET", "POST"])
@require(may_manage)
def edit(series_id: int) -> Response | WzResponse:
    series = _series(series_id)
    # a field missing from the POST (the rhythm, disabled once sessions exist) keeps the series' value
    form = SeriesForm(obj=series)
    form.fill_choices(member_queries.committees(), member_queries.organisations(), _locales())
    locked = services.has_sessions(series)
    done = handlers.submit(form, lambda: services.update_series(series, _edited(form, series)),
                           services.WebinarError,
                           lambda e: handlers.under(form, e.field if hasattr(form, e.field) else "title", _refusal(e)))
    if done:
        flash(_("The series is saved; its future sessions follow it.") if done.result else _("Nothing was changed."))
        return redirect(url_for(".show", series_id=series.id), 303)
    return render("webinars/edit.html", form=form, series=series, locked=locked, status=handlers.status(form),
                  page_title=series.title)


@bp.get("/<int:series_id>")
@require()
def show(series_id: int) -> Response:
    series = _series(series_id)
    orgs = {o.id: o for o in member_queries.organisations()}
    sessions = services.sessions_of(series)
    return render("webinars/show.html", series=series, sessions=sessions, orgs=orgs,
                  swappable=[(s, m) for s, m in sessions if services.swappable(m)],
                  pool=services.pool_of(series, active_only=False), fair=services.fairness(series),
                  generate_form=GenerateForm(), action_form=EmptyForm(),
                  members=member_queries.member_choices(), page_title=series.title)


@bp.post("/<int:series_id>/generate")
@require(may_manage)
def generate(series_id: int) -> WzResponse:
    series = _series(series_id)
    form = GenerateForm()
    if form.validate_on_submit():
        services.generate(series, form.count.data)
        flash(_("%(n)d sessions are planned and their chairs told.", n=form.count.data))
    else:
        flash(_("Between 1 and 52 sessions at a time."), "error")
    return redirect(url_for(".show", series_id=series.id), 303)


@bp.post("/<int:series_id>/swap")
@require(may_manage)
def swap(series_id: int) -> WzResponse:
    series = _series(series_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    a = _session(series, request.form.get("a", type=int))
    b = _session(series, request.form.get("b", type=int))
    if a.meeting_id != b.meeting_id:
        try:
            services.swap(series, a, b)
        except services.WebinarError:
            flash(_("Only two future sessions that are not cancelled can swap chairs."), "error")
        else:
            flash(_("The two sessions have swapped chairs."))
    return redirect(url_for(".show", series_id=series.id), 303)


@bp.post("/<int:series_id>/pool")
@require(may_manage)
def add_org(series_id: int) -> WzResponse:
    series = _series(series_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:  # one organisation, or several at once (the fairness remedy: each with its new contact)
        for org, contact in zip(request.form.getlist("organisation_id", type=int) or [0],
                                request.form.getlist("contact_id", type=int) or [None], strict=False):
            services.add_to_pool(series, org or 0, contact)
    except services.WebinarError:
        flash(_("Please choose an organisation."), "error")
    return redirect(url_for(".show", series_id=series.id), 303)


@bp.post("/<int:series_id>/pool/<int:org_id>/remove")
@require(may_manage)
def remove_org(series_id: int, org_id: int) -> WzResponse:
    series = _series(series_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.remove_from_pool(series, org_id)
    return redirect(url_for(".show", series_id=series.id), 303)


@bp.post("/<int:series_id>/sessions/<int:meeting_id>/cancel")
@require(may_manage)
def cancel(series_id: int, meeting_id: int) -> WzResponse:
    series = _series(series_id)
    session = _session(series, meeting_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.cancel_session(series, session)
    flash(_("The session is cancelled; its chair keeps the turn for the next one."))
    return redirect(url_for(".show", series_id=series.id), 303)


@bp.route("/chair/<token>", methods=["GET", "POST"])
def chair_response(token: str) -> Response | WzResponse:
    """The page a chair's notice links to (no sign-in): it only shows; its POST accepts or declines."""
    found = services.session_for_token(token)
    if found is None:
        return render("webinars/chair_invalid.html", status=404, page_title=_("Link no longer valid"))
    session, meeting = found
    series = queries.series_of(session)
    org = member_queries.organisation(session.chair_org_id)
    if request.method == "POST":
        if not EmptyForm().validate_on_submit():
            abort(400)
        if request.form.get("answer") == "decline":
            services.decline(series, session)
            return render("webinars/chair_done.html", accepted=False, page_title=_("Thank you"))
        services.accept(session)
        return render("webinars/chair_done.html", accepted=True, page_title=_("Thank you"))
    return render("webinars/chair.html", series=series, meeting=meeting, org=org, session=session,
                  form=EmptyForm(), token=token, page_title=series.title)
