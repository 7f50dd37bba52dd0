"""Action plans, items, updates from a phone, My actions."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WzResponse

from webapp.actions import evidence, forms, periods, queries, reporting, services
from webapp.actions.interfaces import PLAN_OWNERS_BALANCE, SHARED_PROGRESS
from webapp.actions.models import ActionPlan, Objective
from webapp.actions.progress import is_overdue
from webapp.actions.queries import facts
from webapp.actions.refusals import refusal
from webapp.core import handlers
from webapp.core import parts as shared
from webapp.core.csv import to_csv
from webapp.core.downloads import download_response
from webapp.core.forms import EmptyForm
from webapp.core.numbers import plain_number
from webapp.core.permissions import current_member, may_manage, may_see_restricted, require
from webapp.core.rendering import render, wants_fragment
from webapp.core.urls import safe_next
from webapp.core.visibility import Reader, current_reader
from webapp.core.zones import forum_today
from webapp.meetings.outcomes import queries as outcome_queries
from webapp.members import queries as member_queries

bp = Blueprint("actions", __name__, url_prefix="/actions", template_folder="templates")


@bp.app_context_processor
def action_labels() -> dict[str, object]:
    return {"item_status_labels": forms.status_labels(), "frequency_labels": forms.frequency_labels(),
            "sex_labels": forms.sex_labels(), "cell_layout": services.cell_layout,
            "refusal_labels": forms.refusal_labels()}


def _reader() -> Reader:
    """The signed-in member as a reader (the one rule by reader: webapp/core/visibility.py)."""
    return current_reader()


def _cell_label(item: object, index: int) -> str:
    layout = services.cell_layout(item)
    cell = layout[index] if 0 <= index < len(layout) else None
    if cell is None or cell.sex is None:
        return cell.band if cell else ""
    return _("%(band)s, %(sex)s", band=cell.band, sex=forms.sex_labels()[cell.sex])


def _under(form: forms.PlanForm | forms.ItemForm, e: services.ActionError) -> None:
    """A service's refusal under the field it concerns (the title's when it names no field of the form)."""
    getattr(form, e.field, form.title).errors = [_error(e)]


def _error(e: services.ActionError, item: object | None = None) -> str:
    if e.field == "cells" and item is not None:
        return _("%(cell)s: %(problem)s", cell=_cell_label(item, e.count), problem=_error(e))
    return {"number": _("Please enter a number, e.g. 12.5"),
            "negative": _("A count cannot be below zero."),
            "missing_cell": _("Please fill in every cell (0 if there is none), or leave them all empty."),
            "disaggregated": _("The total is the sum of its cells: withdraw this update and send a new one with "
                               "the right cells."),
            "no_sites": _("Please list the sites, one a line, to report figures by site."),
            "too_many_sites": _("At most 20 sites of at most 120 characters each."),
            "one_reporter": _("Choose an organisation or one member."),
            "already_reporting": _("It already reports on this indicator."),
            "has_reports": _("It has sent reports, which are kept: it stays a reporting body."),
            "no_frequency": _("Set how often this action is reported on first."),
            "invalid_period": _("Choose a period that has ended."),
            "already_reported": _("This period's report was already sent: a report is kept as it was sent."),
            "report_empty": _("Please give the figure for the period."),
            "type": _("This file type is not accepted: send a photo (JPEG or PNG) or a PDF."),
            "size": _("This file is too large: at most 5 MB."),
            "not_verifier": _("Only the secretariat or the action's verifier verifies its figures."),
            "not_pending": _("This figure is not awaiting verification."),
            "reason_required": _("Please say what to correct, so that the reporter can fix it."),
            "too_large": _("This number is too large: at most ten digits before the decimal point."),
            "before_start": _("The period cannot end before it starts."),
            "empty": _("Write a note, or change the status or the value."),
            "not_owner": _("Only the owner of this action can update it."),
            "unchecked": _("Confirm every point of the checklist, or refuse to publish it."),
            "not_public": _("Only evidence of a verified figure of a public action can be published."),
            "no_reason": _("Please choose why it stays members-only."),
            "not_author": _("Only the author of the latest update can correct or withdraw it."),
            "wider_than_plan": _("An action cannot be seen by more people than its action plan: choose the plan's "
                                 "setting or a stricter one, or change the plan's setting first."),
            "wider_than_decision": _("An action made from a decision cannot be seen by more people than the decision: "
                                     "choose the decision's setting or a stricter one.")}.get(
        e.code, _("Please check this value."))


@bp.get("/")
@require()
def index() -> Response:
    return render("actions/index.html", plans=queries.plans(_reader(), forum_today()), page_title=_("Action plans"))


@bp.route("/plans/new", methods=["GET", "POST"], defaults={"plan_id": None})
@bp.route("/plans/<int:plan_id>/edit", methods=["GET", "POST"])
@require(may_manage)
def plan_form(plan_id: int | None) -> Response | WzResponse:
    plan = handlers.load(queries.plan, plan_id) if plan_id else None
    form = forms.PlanForm(obj=plan) if plan and request.method == "GET" else forms.PlanForm()
    form.fill_choices()
    done = handlers.submit(form, lambda: services.save_plan(
        plan, title=form.title.data, description=form.description.data, period_start=form.period_start.data,
        period_end=form.period_end.data, visibility=form.visibility.data), services.ActionError,
        lambda e: _under(form, e))
    if done:
        return redirect(url_for(".plan", plan_id=done.result.id), 303)
    return render("actions/plan_form.html", form=form, plan=plan, status=handlers.status(form),
                  page_title=plan.title if plan else _("New action plan"))


@bp.get("/plans/<int:plan_id>")
@require()
def plan(plan_id: int) -> Response:
    p = handlers.load(queries.plan, plan_id)
    filters = {"status": request.args.get("status", ""), "owner": request.args.get("owner", type=int),
               "owner_org": request.args.get("owner_org", type=int),
               "constituency": request.args.get("constituency", ""),
               "objective": request.args.get("objective", type=int)}
    overdue = request.args.get("overdue") == "1"
    board = queries.plan_board(p.id, _reader(), forum_today(), overdue=overdue, **filters)
    owners, owner_orgs = queries.filter_choices()
    return render("actions/plan.html", plan=p, rows=board.rows, objectives=board.objectives,
                  by_objective=board.by_objective, groups=board.groups, total=board.total, filters=filters,
                  overdue=overdue, owners=owners, owner_orgs=owner_orgs,
                  objective_form=forms.ObjectiveForm(), page_title=p.title,
                  shared=SHARED_PROGRESS()([o.id for o in board.objectives]),
                  late=board.late, pending=board.pending,
                  balance=PLAN_OWNERS_BALANCE()(p.id) if may_see_restricted() else [])


@bp.post("/plans/<int:plan_id>/objectives")
@require(may_manage)
def add_objective(plan_id: int) -> WzResponse:
    p = handlers.load(queries.plan, plan_id)
    form = forms.ObjectiveForm()
    if form.validate_on_submit():
        services.add_objective(p, form.title.data)
    else:
        flash(_("Please write the objective."), "error")
    return redirect(url_for(".plan", plan_id=p.id), 303)


@bp.post("/plans/<int:plan_id>/objectives/<int:objective_id>/move")
@require(may_manage)
def move_objective(plan_id: int, objective_id: int) -> WzResponse:
    p = handlers.load(queries.plan, plan_id)
    objective = next((o for o in queries.objectives(p.id) if o.id == objective_id), None) or abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.move_objective(p, objective, "up" if request.form.get("direction") == "up" else "down")
    return redirect(url_for(".plan", plan_id=p.id) + "#objectives", 303)


def _objective_or_404(plan_id: int, objective_id: int) -> tuple[ActionPlan, Objective]:
    p = handlers.load(queries.plan, plan_id)
    return p, next((o for o in queries.objectives(p.id) if o.id == objective_id), None) or abort(404)


@bp.route("/plans/<int:plan_id>/objectives/<int:objective_id>/rename", methods=["GET", "POST"])
@require(may_manage)
def rename_objective(plan_id: int, objective_id: int) -> Response | WzResponse:
    p, objective = _objective_or_404(plan_id, objective_id)
    form = forms.ObjectiveForm(obj=objective) if request.method == "GET" else forms.ObjectiveForm()
    if form.validate_on_submit():
        services.rename_objective(objective, form.title.data)
        flash(_("The objective is renamed."))
        return redirect(url_for(".plan", plan_id=p.id) + "#objectives", 303)
    return render("actions/objective_form.html", plan=p, objective=objective, form=form,
                  status=handlers.status(form), page_title=_("Rename the objective"))


@bp.route("/plans/<int:plan_id>/objectives/<int:objective_id>/delete", methods=["GET", "POST"])
@require(may_manage)
def delete_objective(plan_id: int, objective_id: int) -> Response | WzResponse:
    p, objective = _objective_or_404(plan_id, objective_id)
    back = url_for(".plan", plan_id=p.id) + "#objectives"
    return handlers.delete_confirmed(
        "objective", _("Delete the objective “%(title)s”?", title=objective.title), back, None,
        lambda: services.delete_objective(p, objective), back, _("The objective is deleted."), services.ActionError,
        refusal)


@bp.route("/plans/<int:plan_id>/delete", methods=["GET", "POST"])
@require(may_manage)
def delete_plan(plan_id: int) -> Response | WzResponse:
    p = handlers.load(queries.plan, plan_id)
    back = url_for(".plan", plan_id=p.id)
    return handlers.delete_confirmed(
        "plan", _("Delete the action plan “%(title)s”?", title=p.title), back,
        _("Its objectives go with it. This cannot be undone."), lambda: services.delete_plan(p), url_for(".index"),
        _("The action plan is deleted."), services.ActionError, refusal)


@bp.get("/plans/<int:plan_id>/export.csv")
@require()
def export(plan_id: int) -> Response:
    p = handlers.load(queries.plan, plan_id)
    header = ["title", "objective", "owner", "organisation", "due_on", "status", "indicator", "unit", "baseline",
              "target", "current_value", "progress"]
    objectives = {o.id: o.title for o in queries.objectives(p.id)}
    body = to_csv(header, ([r.item.title, objectives.get(r.item.objective_id, ""), r.owner, r.organisation,
                            r.item.due_on, r.item.status, r.item.indicator, r.item.unit, r.item.baseline, r.item.target,
                            r.item.current_value, f"{r.percent}%"] for r in queries.export_rows(p.id, _reader())))
    return download_response(body, f"action-plan-{p.id}.csv", "text/csv; charset=utf-8")


def _item_form(form: forms.ItemForm, plan_id: int | None) -> forms.ItemForm:
    plans = [p for p, _r in queries.plans(_reader(), forum_today())]
    form.fill_choices(plans, queries.objectives(plan_id) if plan_id else [], queries.owner_choices(),
                      member_queries.organisations())
    return form


def _origin_decision() -> object | None:
    """The decision an action is being made from (``?decision=``), if the reader may see it; else 404."""
    decision_id = request.args.get("decision", type=int)
    if not decision_id:
        return None
    return next(iter(outcome_queries.decisions_by_id([decision_id], _reader())), None) or abort(404)


def _prefill(form: forms.ItemForm, item: object | None, plan_id: int | None, decision: object | None) -> None:
    """A new action's first view: its plan, the decision's text, and the visibility services.proposed_visibility
    gives (with no plan chosen yet, for the one the form shows first)."""
    if not item:
        form.plan_id.data = plan_id
    if decision:
        form.title.data = decision.text[:300]
    shown = plan_id or next((value for value, _label in form.plan_id.choices), None)
    p = queries.plan(shown, _reader()) if shown else None
    form.visibility.data = services.proposed_visibility(p, item, decision) or form.visibility.data


@bp.route("/items/new", methods=["GET", "POST"], defaults={"item_id": None})
@bp.route("/items/<int:item_id>/edit", methods=["GET", "POST"])
@require(may_manage)
def item_form(item_id: int | None) -> Response | WzResponse:
    item = handlers.load(queries.item, item_id) if item_id else None
    decision = _origin_decision()
    plan_id = item.plan_id if item else request.values.get("plan_id", type=int) or request.args.get("plan", type=int)
    form = _item_form(forms.ItemForm(obj=item) if item and request.method == "GET" else forms.ItemForm(), plan_id)
    if request.method == "GET":
        _prefill(form, item, plan_id, decision)
    done = handlers.submit(form, lambda: services.save_item(
        handlers.load(queries.plan, form.plan_id.data or plan_id or 0), item,
        form.values() | ({"origin_decision_id": decision.id} if decision else {})), services.ActionError,
        lambda e: _under(form, e))
    if done:
        return redirect(url_for(".item", item_id=done.result.id), 303)
    return render("actions/item_form.html", form=form, item=item, decision=decision, status=handlers.status(form),
                  page_title=item.title if item else _("New action"))


@bp.get("/items/<int:item_id>")
@require()
def item(item_id: int) -> Response:
    row = handlers.load(queries.item_row, item_id)
    me = current_member._get_current_object()
    updates = queries.updates(item_id, who=_reader())
    bodies = queries.bodies(item_id)
    return render("actions/item.html", row=row, updates=updates, cells=queries.cells_of([u.id for u in updates]),
                  evidence=queries.evidence_of([u.id for u in updates]), evidence_form=forms.EvidenceForm(),
                  attachable={u.id for u in updates if evidence.may_attach(row.item, u, me)},
                  bodies=bodies, reportable={b.body.id for b in bodies if reporting.may_report(b.body, me)},
                  report_periods=periods.recent(forum_today(), row.item.reporting_frequency)
                  if row.item.reporting_frequency else [], today=forum_today(), body_form=_body_form(),
                  may_update=services.may_update(row.item, me), may_verify=services.may_verify(row.item, me),
                  amendable=bool(updates) and services.may_amend(row.item, updates[0], me),
                  page_title=row.item.title)


@bp.route("/items/<int:item_id>/delete", methods=["GET", "POST"])
@require(may_manage)
def delete_item(item_id: int) -> Response | WzResponse:
    item = handlers.load(queries.item, item_id)
    back = url_for(".item", item_id=item.id)
    return handlers.delete_confirmed(
        "item", _("Delete the action “%(title)s”?", title=item.title), back,
        _("Its updates go with it. This cannot be undone."), lambda: services.delete_item(item),
        url_for(".plan", plan_id=item.plan_id), _("The action is deleted."), services.ActionError, refusal)


def _percent_if(item: object, value: object) -> int:
    from webapp.actions.progress import ItemFacts, item_progress

    return round(item_progress(ItemFacts(item.status, item.baseline, item.target, value)) * 100)


def _record(form: forms.UpdateForm, item: object, me: object) -> tuple[str | None, dict | None]:
    """Saves the update; else the error to show, or the question to ask before progress goes down."""
    if not form.validate_on_submit():
        first = next((str(m) for messages in form.errors.values() for m in messages), None)
        return first or _("Please check this value."), None
    try:
        services.record_update(item, me, status=form.status.data, value=form.value.data, note=form.note.data,
                               confirm_lower=request.form.get("confirm_lower") == "1",
                               cells=request.form.getlist("cell"))
    except services.LowersProgress as e:
        return None, {"before": e.before, "after": e.after, "percent": _percent_if(item, e.after)}
    except services.ActionError as e:
        return _error(e, item), None
    return None, None


def _card_again(row: object, error: str | None, confirm: dict | None, on_item_page: bool) -> Response:
    """Nothing saved: the card again, with what was typed, and the question or the error."""
    context = {"r": row, "error": error, "confirm": confirm, "on_item_page": on_item_page, "status": 422,
               "typed": {k: request.form.get(k, "") for k in ("status", "value", "note")}
               | {"cells": request.form.getlist("cell")}}
    if wants_fragment():
        return render("actions/mine.html", block="card", **context)
    return render("actions/update_confirm.html", page_title=_("Check this update"), **context)


@bp.post("/items/<int:item_id>/update")
@require()  # services.may_update decides: the secretariat, or whoever owns the item
def update(item_id: int) -> Response | WzResponse:
    row = handlers.load(queries.item_row, item_id)
    me = current_member._get_current_object()
    if not services.may_update(row.item, me):
        abort(404)
    form = forms.UpdateForm()
    form.fill_choices()
    error, confirm = _record(form, row.item, me)
    next_url = safe_next(request.form.get("next"), url_for(".item", item_id=row.item.id))
    on_item_page = next_url == url_for(".item", item_id=row.item.id)
    if error or confirm:
        return _card_again(row, error, confirm, on_item_page)
    message = _("Update saved.")
    if wants_fragment():
        return render("actions/mine.html", block="card", r=row, message=message, on_item_page=on_item_page)
    flash(message, "success")
    return redirect(next_url, 303)


def _own_latest(item_id: int, update_id: int) -> tuple[object, object]:
    """The item and the update, if the signed-in member wrote it and it is still the item's latest; else 404."""
    item = handlers.load(queries.item, item_id)
    upd = queries.update(item_id, update_id) or abort(404)
    if not services.may_amend(item, upd, current_member._get_current_object()):
        abort(404)
    return item, upd


@bp.route("/items/<int:item_id>/updates/<int:update_id>/correct", methods=["GET", "POST"])
@require()
def correct_update(item_id: int, update_id: int) -> Response | WzResponse:
    item, upd = _own_latest(item_id, update_id)
    typed = {"value": request.form.get("value", "") if request.method == "POST" else plain_number(upd.value),
             "note": request.form.get("note", "") if request.method == "POST" else (upd.note or "")}
    error, confirm = None, None
    if request.method == "POST":
        if not EmptyForm().validate_on_submit():
            abort(400)
        try:
            services.correct_update(item, upd, current_member._get_current_object(), value=typed["value"],
                                    note=typed["note"], confirm_lower=request.form.get("confirm_lower") == "1")
        except services.LowersProgress as e:
            confirm = {"before": e.before, "after": e.after, "percent": _percent_if(item, e.after),
                       "percent_before": _percent_if(item, e.before)}
        except services.ActionError as e:
            error = _error(e, item)
        else:
            flash(_("Update corrected."), "success")
            return redirect(url_for(".item", item_id=item.id), 303)
    return render("actions/update_correct.html", item=item, typed=typed, error=error, confirm=confirm,
                  status=422 if error or confirm else 200, page_title=_("Correct your update"))


@bp.post("/items/<int:item_id>/updates/<int:update_id>/withdraw")
@require()
def withdraw_update(item_id: int, update_id: int) -> WzResponse:
    item, upd = _own_latest(item_id, update_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.withdraw_update(item, upd, current_member._get_current_object())
    flash(_("Update withdrawn: the action is back as it was before it."), "success")
    return redirect(url_for(".item", item_id=item.id), 303)


@bp.get("/mine")
@require()
def mine() -> Response:
    """Each card's head (the item, its progress and figures) reads alike for every owner of the item: a shared part
    per item (webapp/core/parts.py); the update forms and the reports due are the reader's own."""
    me, today = current_member._get_current_object(), forum_today()
    rows, dues = queries.my_items(me), reporting.due_for(me, today)
    kept = shared.for_each("owned-action", [r.item.id for r in rows], current_reader())
    # the "late" counter (issue 40): from the rows the page reads anyway, no statement of its own
    response = render("actions/mine.html", rows=rows, dues=dues, parts=kept, late_reports=sum(d.late for d in dues),
                      overdue=sum(is_overdue(facts(r.item), today) for r in rows), page_title=_("My actions"))
    kept.store()
    return response


# --- reporting bodies and their reports (issue 40) ------------------------------------------------------------------

def _body_form() -> forms.BodyForm:
    form = forms.BodyForm()
    form.fill_choices(member_queries.organisations(), queries.owner_choices())
    return form


@bp.post("/items/<int:item_id>/bodies")
@require(may_manage)
def add_body(item_id: int) -> WzResponse:
    item = handlers.load(queries.item, item_id)
    form = _body_form()
    if not form.validate_on_submit():
        abort(400)
    try:
        reporting.add_body(item, organisation_id=form.organisation_id.data, member_id=form.member_id.data)
    except services.ActionError as e:
        flash(_error(e), "error")
    return redirect(url_for(".item", item_id=item.id) + "#reports", 303)


@bp.post("/items/<int:item_id>/bodies/<int:body_id>/remove")
@require(may_manage)
def remove_body(item_id: int, body_id: int) -> WzResponse:
    item = handlers.load(queries.item, item_id)
    body = queries.body(item.id, body_id) or abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        reporting.remove_body(item, body)
    except services.ActionError as e:
        flash(_error(e), "error")
    return redirect(url_for(".item", item_id=item.id) + "#reports", 303)


def _send_report(form: forms.ReportForm, item: object, body: object) -> str | None:
    """Sends the report; else the error to show (None on a first view)."""
    if not form.validate_on_submit():
        return next((str(m) for messages in form.errors.values() for m in messages), None)
    try:
        reporting.submit_report(item, body, current_member._get_current_object(), period=form.period.data,
                                value=form.value.data, cells=request.form.getlist("cell"), note=form.note.data,
                                today=forum_today())
    except services.ActionError as e:
        return _error(e, item)
    return None


@bp.route("/items/<int:item_id>/bodies/<int:body_id>/report", methods=["GET", "POST"])
@require()  # reporting.may_report decides: the body's member or seated members, or the secretariat
def report(item_id: int, body_id: int) -> Response | WzResponse:
    item = handlers.load(queries.item, item_id)
    body = queries.body(item.id, body_id) or abort(404)
    if not reporting.may_report(body, current_member._get_current_object()):
        abort(404)
    form = forms.ReportForm()
    form.period.choices = [(p.key, p.key) for p in reporting.open_periods(item, body, forum_today())]
    error = _send_report(form, item, body) if request.method == "POST" else None
    if request.method == "POST" and error is None:
        flash(_("Report sent: thank you."), "success")
        return redirect(url_for(".item", item_id=item.id) + "#reports", 303)
    return render("actions/report.html", item=item, body=body, form=form, error=error,
                  name=next(b.name for b in queries.bodies(item.id) if b.body.id == body.id),
                  typed={"cells": request.form.getlist("cell")}, status=422 if error else 200,
                  page_title=_("Report for a period"))


# --- verification (issue 40) ----------------------------------------------------------------------------------------

def _figure(item_id: int, update_id: int) -> tuple[object, object]:
    """The item and its update or report awaiting a verifier's word, if the signed-in member verifies it; else 404."""
    item = handlers.load(queries.item, item_id)
    upd = queries.update(item_id, update_id) or abort(404)
    if not services.may_verify(item, current_member._get_current_object()) or not EmptyForm().validate_on_submit():
        abort(404)
    return item, upd


@bp.post("/items/<int:item_id>/updates/<int:update_id>/verify")
@require()  # services.may_verify decides: the secretariat, or the item's verifier
def verify_figure(item_id: int, update_id: int) -> WzResponse:
    item, upd = _figure(item_id, update_id)
    try:
        services.verify_figure(item, upd, current_member._get_current_object())
        flash(_("Figure verified: it counts from now on."), "success")
    except services.ActionError as e:
        flash(_error(e), "error")
    return redirect(url_for(".item", item_id=item.id) + "#updates", 303)


@bp.post("/items/<int:item_id>/updates/<int:update_id>/send-back")
@require()
def send_back_figure(item_id: int, update_id: int) -> WzResponse:
    item, upd = _figure(item_id, update_id)
    try:
        services.send_back_figure(item, upd, current_member._get_current_object(), request.form.get("verifier_note"))
        flash(_("Sent back to the reporter to correct."), "success")
    except services.ActionError as e:
        flash(_error(e), "error")
    return redirect(url_for(".item", item_id=item.id) + "#updates", 303)


# --- evidence (issue 40) -----------------------------------------------------------------------------------------

@bp.post("/items/<int:item_id>/updates/<int:update_id>/evidence")
@require()  # evidence.may_attach decides: the update's author
def attach_evidence(item_id: int, update_id: int) -> WzResponse:
    item = handlers.load(queries.item, item_id)
    upd = queries.update(item_id, update_id) or abort(404)
    me = current_member._get_current_object()
    if not evidence.may_attach(item, upd, me):
        abort(404)
    form = forms.EvidenceForm()
    if not form.validate_on_submit():
        flash(_("Please choose a file."), "error")
    else:
        try:
            evidence.attach(item, upd, me, form.file.data.filename or "",
                            form.file.data.read(evidence.MAX_EVIDENCE_BYTES + 1))
            flash(_("The file is attached: members see it, the public does not."), "success")
        except services.ActionError as e:
            flash(_error(e), "error")
    return redirect(url_for(".item", item_id=item.id) + "#updates", 303)


@bp.get("/items/<int:item_id>/evidence/<int:evidence_id>")
@require()  # members-only: the item must be readable by the signed-in member
def evidence_file(item_id: int, evidence_id: int) -> Response:
    item = handlers.load(queries.item, item_id)
    ev = queries.evidence(item.id, evidence_id) or abort(404)
    return download_response(ev.data, ev.filename, ev.content_type, cache="private, no-store")


@bp.route("/items/<int:item_id>/evidence/<int:evidence_id>/publish", methods=["GET", "POST"])
@require(may_manage)  # evidence.may_publish decides too: the secretariat
def publish_evidence(item_id: int, evidence_id: int) -> Response | WzResponse:
    """The check before a file goes public: every point of the checklist confirmed, or nothing is published."""
    item, ev, upd = _evidence_of(item_id, evidence_id)
    form, me = forms.PublishForm().fill(), current_member._get_current_object()
    if handlers.submit(form, lambda: evidence.publish(item, upd, ev, me, form.checks.data or []),
                       services.ActionError, lambda e: handlers.under(form, "checks", _error(e))):
        flash(_("Published: the public sees this file."), "success")
        return redirect(url_for(".item", item_id=item.id) + "#updates", 303)
    return _publication_page(item, ev, upd, form, forms.RefuseForm().fill(), handlers.status(form))


@bp.post("/items/<int:item_id>/evidence/<int:evidence_id>/refuse")
@require(may_manage)
def refuse_evidence(item_id: int, evidence_id: int) -> Response | WzResponse:
    """Kept members-only with the reason (a published file is taken down the same way)."""
    item, ev, upd = _evidence_of(item_id, evidence_id)
    form, me = forms.RefuseForm().fill(), current_member._get_current_object()
    if handlers.submit(form, lambda: evidence.refuse(item, upd, ev, me, form.reason.data or ""),
                       services.ActionError, lambda e: handlers.under(form, "reason", _error(e))):
        flash(_("Kept members-only; the reason is recorded."), "success")
        return redirect(url_for(".item", item_id=item.id) + "#updates", 303)
    return _publication_page(item, ev, upd, forms.PublishForm().fill(), form, 422)


def _publication_page(item: object, ev: object, upd: object, publish: forms.PublishForm, refuse: forms.RefuseForm,
                      status: int) -> Response:
    return render("actions/evidence_publish.html", status=status, it=item, ev=ev, upd=upd, publish_form=publish,
                  refuse_form=refuse, publishable=evidence.publishable(item, upd), page_title=_("Publish evidence"))


def _evidence_of(item_id: int, evidence_id: int) -> tuple:
    item = handlers.load(queries.item, item_id)
    ev = queries.evidence(item.id, evidence_id) or abort(404)
    return item, ev, queries.update(item.id, ev.update_id) or abort(404)
