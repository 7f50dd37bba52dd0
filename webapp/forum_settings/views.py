from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WzResponse

from tenants.context import current_tenant
from webapp.core import handlers
from webapp.core.i18n import LANGUAGES
from webapp.core.labels import forum_kind_labels
from webapp.core.permissions import may_change_settings, require
from webapp.core.rendering import render
from webapp.forum_settings import services
from webapp.forum_settings.forms import SettingsForm
from webapp.members.labels import constituencies
from webapp.proposals.forms import rule_labels

bp = Blueprint("forum_settings", __name__, url_prefix="/settings", template_folder="templates")


@bp.route("/", methods=["GET", "POST"])
@require(may_change_settings)
def edit() -> Response | WzResponse:
    tenant = current_tenant()
    form = SettingsForm(data=SettingsForm.initial(tenant)) if request.method == "GET" else SettingsForm()
    form.kind.choices = [(k, str(v)) for k, v in forum_kind_labels().items()]
    form.default_locale.choices = list(LANGUAGES.items())
    form.enabled_locales.choices = list(LANGUAGES.items())
    form.core_constituencies.choices = [(k, str(v)) for k, v in constituencies().items()]
    form.proposal_rules.choices = [(k, str(v)) for k, v in rule_labels().items()]
    done = handlers.submit(form, lambda: services.save_settings(tenant, form.values()), services.SettingsError,
                           lambda e: handlers.under(form, e.field if hasattr(form, e.field or "") else "reminder_hours",
                                                    _("Please check this value.")))
    if done:
        flash(_("The forum's settings are saved.") if done.result else _("Nothing was changed."))
        return redirect(url_for(".edit"), 303)
    return render("forum_settings/edit.html", form=form, status=handlers.status(form), page_title=_("Forum settings"))
