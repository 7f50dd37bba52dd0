from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response as WzResponse

from tenants.models import Tenant
from webapp.admin import services
from webapp.admin.forms import ForumForm, ShortNameForm, SmsAllowanceForm
from webapp.auth import services as accounts
from webapp.auth.models import User
from webapp.core import handlers
from webapp.core.forms import EmptyForm
from webapp.core.labels import forum_kind_labels
from webapp.core.permissions import require_platform_admin
from webapp.core.rendering import render
from webapp.extensions import db
from webapp.federation import queries as federation
from webapp.notices.sms import services as sms

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")


@bp.get("/")
@require_platform_admin
def index() -> Response:
    forums = db.session.scalars(select(Tenant).order_by(Tenant.created_at.desc())).all()
    return render("admin/index.html", forums=forums, kinds=forum_kind_labels(), page_title=_("Administration"),
                  allowances={f.id: sms.allowance(f) for f in forums}, allowance_form=SmsAllowanceForm(),
                  sms_names={f.id: sms.sms_name(f) for f in forums})


@bp.post("/forums/<int:tenant_id>/sms-name")
@require_platform_admin
def sms_name(tenant_id: int) -> WzResponse:
    """The platform admin sets who a forum's SMS are from (the forum's secretariat can, in its settings)."""
    tenant = db.session.get(Tenant, tenant_id) or abort(404)
    form = ShortNameForm()
    if not form.validate_on_submit():
        flash(" ".join(str(e) for e in form.short_name.errors) or _("Please check this value."), "error")
    else:
        services.set_short_name(tenant, form.short_name.data)
        flash(_("SMS of %(forum)s are from %(name)s.", forum=tenant.name, name=tenant.short_name))
    return redirect(url_for("admin.index"), 303)


@bp.post("/forums/<int:tenant_id>/sms-allowance")
@require_platform_admin
def sms_allowance(tenant_id: int) -> WzResponse:
    """The platform admin sets a forum's monthly SMS allowance (checked when SMS are claimed for sending)."""
    tenant = db.session.get(Tenant, tenant_id) or abort(404)
    form = SmsAllowanceForm()
    if not form.validate_on_submit():
        flash(" ".join(str(e) for e in form.allowance.errors) or _("Please check this value."), "error")
    else:
        sms.set_allowance(tenant, form.allowance.data)
        flash(_("%(forum)s may send %(n)s SMS a month.", forum=tenant.name, n=sms.allowance(tenant)))
    return redirect(url_for("admin.index"), 303)


def _forum_error(e: services.ForumError) -> str:
    return _("This short name is already taken.") if str(e) == "taken" else _("Please check this value.")


@bp.route("/forums/new", methods=["GET", "POST"])
@require_platform_admin
def new_forum() -> Response | WzResponse:
    form = ForumForm()
    form.fill_choices()
    done = handlers.submit(form, lambda: services.create_forum(
        slug=form.slug.data, name=form.name.data, kind=form.kind.data, country=form.country.data,
        default_locale=form.default_locale.data, enabled_locales=form.enabled_locales.data or [],
        timezone=form.timezone.data, secretariat_name=form.secretariat_name.data,
        secretariat_email=form.secretariat_email.data), services.ForumError,
        lambda e: handlers.under(form, e.field, _forum_error(e)))
    if done:
        flash(_("%(forum)s is created. Its secretariat has been invited by email.", forum=done.result.name))
        return redirect(url_for("admin.index"), 303)
    return render("admin/new_forum.html", form=form, status=handlers.status(form), page_title=_("New forum"))


@bp.get("/users")
@require_platform_admin
def users() -> Response:
    q = request.args.get("q", "")[:254]
    return render("admin/users.html", users=services.find_users(q), q=q, page_title=_("Accounts"))


@bp.get("/users/<int:user_id>")
@require_platform_admin
def user(user_id: int) -> Response:
    account = db.session.get(User, user_id) or abort(404)
    return render("admin/user.html", account=account, forums=accounts.forums_of(account), form=EmptyForm(),
                  page_title=account.email)


@bp.post("/users/<int:user_id>/<any(deactivate, reactivate):action>")
@require_platform_admin
def set_active(user_id: int, action: str) -> WzResponse:
    account = db.session.get(User, user_id) or abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if account.id == current_user.id:
        flash(_("You cannot deactivate your own account."), "error")
        return redirect(url_for("admin.user", user_id=account.id), 303)
    services.set_account_active(account, action == "reactivate")
    flash(_("The account is reactivated.") if action == "reactivate"
          else _("The account is deactivated; its sessions have ended."))
    return redirect(url_for("admin.user", user_id=account.id), 303)


@bp.get("/affiliations")
@require_platform_admin
def affiliations() -> Response:
    """Every affiliation between forums (federation answers: admin sits below it)."""
    states = {"pending": _("Invited"), "active": _("Active"), "ended": _("Ended")}
    shares = {"progress": _("Action progress"), "inclusion": _("Inclusion figures"),
              "outcomes": _("Published outcomes")}
    return render("admin/affiliations.html", affiliations=federation.every_affiliation(),
                  states=states, shares=shares, page_title=_("Affiliations"))
