"""Sign-in, sign-out and the forum chooser."""
from __future__ import annotations

from flask import Blueprint, Response, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select
from werkzeug.wrappers import Response as WzResponse

from webapp.auth import services
from webapp.auth.forms import LoginForm
from webapp.auth.models import User
from webapp.core.rendering import render
from webapp.core.urls import safe_next
from webapp.extensions import db, login_manager

bp = Blueprint("auth", __name__, template_folder="templates")


@login_manager.user_loader
def load_user(token: str) -> User | None:
    return db.session.scalar(select(User).where(User.session_token == token))


login_manager.login_view = "auth.login"
login_manager.login_message = None


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | WzResponse:
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            next_url = request.args.get("next")
            lang = session.get("lang")
            session.clear()  # a new session on sign-in
            if lang:
                session["lang"] = lang
            login_user(user)
            return redirect(_after_login(user, next_url), 303)
        error = _("The email or password is not correct.")
    status = 422 if request.method == "POST" else 200
    return render("auth/login.html", form=form, error=error, status=status, page_title=_("Sign in"))


def _after_login(user: User, next_url: str | None) -> str:
    if next_url:
        return safe_next(next_url)
    forums = services.forums_of(user)
    if len(forums) == 1:
        return url_for("tenant.home.index", tenant_slug=forums[0].slug)
    return url_for("auth.forums")


@bp.post("/logout")
def logout() -> WzResponse:
    if current_user.is_authenticated:
        services.revoke_sessions(current_user._get_current_object())
        logout_user()
    session.clear()
    return redirect(url_for("core.directory"), 303)


@bp.get("/forums")
@login_required
def forums() -> Response:
    return render("auth/forums.html", forums=services.forums_of(current_user), page_title=_("My forums"))
