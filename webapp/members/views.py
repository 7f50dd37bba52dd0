"""The member roll: directory, member pages, profile, import/export, invitations, erasure, audit."""
from __future__ import annotations

import json

from flask import Blueprint, Response, abort, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user
from werkzeug.wrappers import Response as WzResponse

from webapp.auth import services as accounts
from webapp.auth.forms import SetPasswordForm
from webapp.core import handlers
from webapp.core.downloads import download_response
from webapp.core.forms import ONE_LINE_MESSAGE
from webapp.core.labels import audit_action_labels, audit_object_labels
from webapp.core.paging import page_number
from webapp.core.permissions import current_member, may_manage, may_see_restricted, require
from webapp.core.rendering import render, wants_fragment
from webapp.core.templating import role_labels
from webapp.core.text import normalise_email
from webapp.members import csv_io, forms, import_plan, labels, membership, queries, services
from webapp.members.interfaces import ROLL_BALANCE
from webapp.members.models import Member

bp = Blueprint("members", __name__, url_prefix="/members", template_folder="templates")


@bp.app_context_processor
def member_labels() -> dict[str, object]:
    # membership_note(figures): the line under every figure of members (members/membership.py)
    return {**labels.all_labels(), "membership_note": membership.note}


@bp.app_template_filter("constituency_name")
def constituency_name(code: str) -> str:
    return str(labels.constituencies().get(code, code))


def _error_text(e: services.MemberError) -> str:
    return {"taken": _("Another member already uses this email address."),
            "self": _("A member cannot be their own alternate."),
            "before_start": _("The term cannot end before it starts."),
            "control_characters": str(ONE_LINE_MESSAGE),
            "invalid": _("Please check this value."),
            "required_for_sms": _("SMS needs a phone number: enter one, or choose email.")}.get(
        e.code, _("Please check this value."))


@bp.get("/")
@require()
def index() -> Response:
    staff = may_see_restricted()
    f = queries.Filters.from_args(request.args, may_filter_gender=staff)
    rows, total = queries.directory(f)
    fragment = wants_fragment()  # the results block alone needs no filter options
    context = {"rows": rows, "total": total, "f": f, "staff": staff, "page_size": queries.PAGE_SIZE,
               "composition": queries.composition(f if staff else None),
               "organisations": [] if fragment else queries.organisations(),
               "committees": [] if fragment else queries.committees(), "page_title": _("Members"),
               "balance": [] if fragment or not staff else ROLL_BALANCE()(None)}
    return render("members/index.html", block="results" if fragment else "content", **context)


@bp.get("/export.csv")
@require(may_see_restricted)
def export() -> Response:
    body = csv_io.to_csv(csv_io.EXPORT_HEADER, (
        [m.name, m.email, m.phone, o.name if o else None, o.acronym if o else None, m.constituency, m.role,
         m.gender, {True: "yes", False: "no"}.get(m.youth, ""), " ".join(m.languages or []), m.locale, m.region,
         m.term_start, m.term_end] for m, o in queries.export_rows()))
    return download_response(body, "members.csv", "text/csv; charset=utf-8", cache="no-store")


def _member_form(form: forms.MemberForm) -> forms.MemberForm:
    form.fill_choices(queries.organisations(), queries.member_choices(), {k: str(v) for k, v in role_labels().items()})
    return form


def _add_member(form: forms.MemberForm) -> Member:
    values = form.values()
    return services.add_member(values.pop("name"), values.pop("email"), values.pop("role"), **values)


@bp.route("/new", methods=["GET", "POST"])
@require(may_manage)
def new() -> Response | WzResponse:
    form = _member_form(forms.MemberForm())
    done = handlers.submit(form, lambda: _add_member(form), services.MemberError,
                           lambda e: handlers.under(form, e.field, _error_text(e)))
    if done:
        flash(_("%(name)s is on the roll.", name=done.result.name))
        return redirect(url_for(".show", member_id=done.result.id), 303)
    return render("members/form.html", form=form, member=None, status=handlers.status(form),
                  page_title=_("New member"))


@bp.get("/<int:member_id>")
@require()
def show(member_id: int) -> Response:
    detail = queries.member_detail(member_id)
    if detail is None:
        abort(404)
    m, org, alternate_of = detail
    private = may_see_restricted() or m.id == current_member.id
    return render("members/show.html", m=m, org=org, alternate_of=alternate_of, private=private,
                  seats=queries.seats_of(m.id), action_form=forms.EmptyForm(), page_title=m.name)


@bp.route("/<int:member_id>/edit", methods=["GET", "POST"])
@require(may_manage)
def edit(member_id: int) -> Response | WzResponse:
    m = queries.member(member_id) or abort(404)
    form = _member_form(forms.MemberForm(obj=m) if request.method == "GET" else forms.MemberForm())
    if request.method == "GET":
        form.youth.data = {True: "yes", False: "no"}.get(m.youth, "")
        form.locale.data = m.locale or ""
        form.constituency.data = m.constituency or ""
    if handlers.submit(form, lambda: services.update_member(m, form.values()), services.MemberError,
                       lambda e: handlers.under(form, e.field, _error_text(e))):
        flash(_("Saved."))
        return redirect(url_for(".show", member_id=m.id), 303)
    return render("members/form.html", form=form, member=m, status=handlers.status(form), page_title=m.name)


@bp.post("/<int:member_id>/invite")
@require(may_manage)
def invite(member_id: int) -> WzResponse:
    m = queries.member(member_id) or abort(404)
    if not forms.EmptyForm().validate_on_submit():
        abort(400)
    try:
        services.invite_member(m)
        flash(_("An invitation to create an account is on its way to %(email)s.", email=m.email))
    except services.MemberError:
        flash(_("This member has no email address, or already has an account."), "error")
    return redirect(url_for(".show", member_id=m.id), 303)


@bp.route("/<int:member_id>/erase", methods=["GET", "POST"])
@require(may_manage)
def erase(member_id: int) -> Response | WzResponse:
    m = queries.member(member_id) or abort(404)
    form = forms.EraseForm()
    if form.validate_on_submit():
        services.erase_member(m)
        flash(_("The member's personal data has been erased."))
        return redirect(url_for(".index"), 303)
    status = handlers.status(form)
    return render("members/erase.html", m=m, form=form, status=status, page_title=_("Erase a member"))


@bp.route("/me", methods=["GET", "POST"])
@require()
def profile() -> Response | WzResponse:
    me = current_member._get_current_object()
    form = forms.ProfileForm(obj=me) if request.method == "GET" else forms.ProfileForm()
    form.fill_choices()
    if request.method == "GET":
        form.youth.data = {True: "yes", False: "no"}.get(me.youth, "")
        form.locale.data = me.locale or ""
    if form.validate_on_submit():
        services.update_profile(me, form.values())
        flash(_("Your profile is saved."))
        return redirect(url_for(".profile"), 303)
    status = handlers.status(form)
    return render("members/profile.html", form=form, m=me, action_form=forms.EmptyForm(), status=status,
                  page_title=_("My profile"))


@bp.get("/me/data.json")
@require()
def my_data() -> Response:
    body = json.dumps(services.export_own_data(current_member._get_current_object()), ensure_ascii=False, indent=2)
    return download_response(body, "my-data.json", "application/json; charset=utf-8", cache="no-store")


@bp.post("/me/withdraw-consent")
@require()
def withdraw_consent() -> WzResponse:
    if not forms.EmptyForm().validate_on_submit():
        abort(400)
    services.withdraw_consent(current_member._get_current_object())
    flash(_("Your name will no longer be shown on public pages."))
    return redirect(url_for(".profile"), 303)


def _import_page(form: forms.ImportForm, status: int, error: str | None = None) -> Response:
    return render("members/import.html", form=form, status=status, error=error,
                  max_bytes=current_app.config["ROLL_IMPORT_MAX_BYTES"], max_rows=csv_io.MAX_ROWS,
                  page_title=_("Import members"))


@bp.route("/import", methods=["GET", "POST"])
@require(may_manage)
def import_csv() -> Response:
    """Upload and preview: a valid roll waits on the server (services.stage_import) for its confirmation."""
    form = forms.ImportForm()
    if not form.validate_on_submit():
        return _import_page(form, handlers.status(form))
    max_bytes = current_app.config["ROLL_IMPORT_MAX_BYTES"]
    try:
        result = csv_io.parse(csv_io.decode(form.file.data.read(max_bytes + 1), max_bytes))
    except csv_io.CsvError as e:
        form.file.errors = [str(e)]
        return _import_page(form, 422)
    plan = import_plan.plan_import(result.rows, result.columns) if result.ok else None
    refusal = _refusal_message(plan.refusal) if plan is not None and plan.refusal is not None else None
    staged = services.stage_import(result.rows, form.file.data.filename or "", current_member._get_current_object(),
                                   result.ignored_columns, result.columns) if result.ok and not refusal else None
    return render("members/import_preview.html", result=result, plan=plan, staged=staged, refusal=refusal,
                  confirm=forms.EmptyForm(), status=200 if staged else 422, page_title=_("Check the import"))


def _refusal_message(refusal: import_plan.ImportRefused) -> str:
    return _("Nothing has been imported: this file would take the secretariat role from %(names)s, the last "
             "secretariat member of the forum, and nobody would be left to keep the roll. Keep “secretariat” in "
             "their role cell, or give another member the secretariat role first.", names=refusal.names)


@bp.post("/import/<int:import_id>/confirm")
@require(may_manage)
def import_confirm(import_id: int) -> Response | WzResponse:
    """Applies the staged roll once; another forum's id, or one already applied, is a 404."""
    if not forms.EmptyForm().validate_on_submit():
        abort(400)
    try:
        created, updated = services.confirm_import(import_id)
    except import_plan.ImportRefused as e:
        return _import_page(forms.ImportForm(formdata=None), 422, _refusal_message(e))
    except services.MemberError as e:
        error = _("This preview expired: nothing was imported. Upload the file again.") if e.code == "expired" \
            else _("This preview is no longer available: it was already imported or has expired. Nothing more "
                   "was imported. Check the member list, or upload the file again.")
        return _import_page(forms.ImportForm(formdata=None), 404, error)
    flash(_("Import done: %(created)d new members, %(updated)d updated.", created=created, updated=updated))
    return redirect(url_for(".index"), 303)


@bp.get("/audit")
@require(may_manage)
def audit_log() -> Response:
    """The change log, a page at a time, filtered by who / what / object (GET parameters, no JavaScript needed)."""
    filters = {k: request.args.get(k) or None for k in ("actor", "action", "object_type")}
    page = queries.audit_events(page_number(), **filters)
    names = queries.member_names([e.object_id for e in page.rows if e.object_type == "member" and e.object_id])
    return render("members/audit.html", page=page, names=names, filters=filters, actors=queries.audit_actors(),
                  actions=audit_action_labels(), objects=audit_object_labels(),
                  page_title=_("Change log"))


def _join_signed_in(m: Member) -> WzResponse:
    """The invited member's own account is signed in: link it."""
    if not forms.EmptyForm().validate_on_submit():
        abort(400)
    try:
        services.accept_invitation(m, current_user._get_current_object())
    except services.MemberError:
        flash(_("Your account is already linked to another member of this forum."), "error")
    return redirect(url_for("tenant.home.index"), 303)


def _join_with_new_account(m: Member, password: str) -> WzResponse:
    """No account for the address yet: create it, link it and sign it in (a new session, as on sign-in)."""
    user = accounts.create_user(m.email, m.name, password, locale=m.locale)
    services.accept_invitation(m, user)
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    login_user(user)
    flash(_("Welcome, %(name)s.", name=m.name))
    return redirect(url_for("tenant.home.index"), 303)


@bp.route("/join/<token>", methods=["GET", "POST"])
def join(token: str) -> Response | WzResponse:
    """The page an invitation link opens: it only shows; its POST links the account. The invitation belongs to
    its address: someone signed in with another address is told so (the address masked) and offered to sign out."""
    m = services.member_for_invitation(token)
    if m is None:
        return render("members/join_invalid.html", status=404, page_title=_("Link no longer valid"))
    form = SetPasswordForm()
    signed_in = current_user.is_authenticated
    other_account = signed_in and normalise_email(current_user.email) != normalise_email(m.email)
    existing_user = None if signed_in else accounts.find_user_by_email(m.email)
    if request.method == "POST" and not other_account:
        if signed_in:
            return _join_signed_in(m)
        if existing_user is None and form.validate_on_submit():
            return _join_with_new_account(m, form.password.data)
    status = 403 if other_account else 422 if request.method == "POST" else 200
    return render("members/join.html", m=m, form=form, action_form=forms.EmptyForm(), existing_user=existing_user,
                  other_account=other_account, masked_email=services.masked_email(m.email or ""), token=token,
                  status=status, page_title=_("Join the forum"))
