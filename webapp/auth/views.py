"""Sign-in (with throttling and optional TOTP), sign-out, password reset, account, forum chooser."""
from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, flash, redirect, request, session, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response as WzResponse
from wtforms import Field

from webapp.auth import forms, security, services, session_limits
from webapp.auth.models import User
from webapp.core import handlers
from webapp.core.i18n import LANGUAGES
from webapp.core.rendering import render
from webapp.core.text import normalise_email
from webapp.core.urls import safe_next
from webapp.extensions import db, login_manager
from webapp.notices import emails

bp = Blueprint("auth", __name__, template_folder="templates")


@login_manager.user_loader
def load_user(token: str) -> User | None:
    # a deactivated account's sessions end at once (deactivating also rotates the token)
    return services.user_for_session(token)


@bp.before_app_request
def session_lifetime() -> None:
    session_limits.check()



def email_kinds() -> tuple[emails.EmailKind, ...]:
    """Bound in webapp/wiring.py."""
    return (emails.EmailKind("email_changed", subject=lambda c: _("Your sign-in email for Baraza was changed"),
                             templates="auth/email"),)


login_manager.login_view = "auth.login"
login_manager.login_message = None



def _wrong() -> str:
    return _("The email or password is not correct.")


def _client_ip() -> str:
    return request.remote_addr or "unknown"


def _device(email: str) -> str | None:
    return security.device_of(request.cookies.get(security.DEVICE_COOKIE), email)


def _too_many(template: str, form: forms.Form) -> Response:
    db.session.rollback()
    return render(template, form=form, status=429, page_title=_("Sign in"),
                  error=_("Too many attempts. Please wait 15 minutes and try again."))


def _start_session(user: User, next_url: str | None) -> WzResponse:
    lang = session.get("lang")
    session.clear()  # a new session on sign-in
    if lang:
        session["lang"] = lang
    login_user(user)
    return _known_device(redirect(_after_login(user, next_url), 303), user)


def _known_device(response: WzResponse, user: User) -> WzResponse:
    """This browser is now known for this account (it signed in, or followed a link sent to the account's
    mailbox): an attack on the account does not hold it back."""
    response.set_cookie(security.DEVICE_COOKIE, security.new_device_cookie(user.email),
                        max_age=current_app.config["LOGIN_DEVICE_DAYS"] * 86400, httponly=True, samesite="Lax",
                        secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


def _ask_for_code(user: User) -> WzResponse:
    """The password was right and the account has two-step sign-in: the code page next."""
    session["2fa_user"] = user.session_token
    session["2fa_next"] = request.args.get("next")
    return redirect(url_for("auth.login_code"), 303)


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | WzResponse:
    form = forms.LoginForm()
    error, status = None, 200
    if request.method == "POST":
        status = 422
        if form.validate_on_submit():
            email = normalise_email(form.email.data)
            device = _device(email)
            if security.is_throttled(email, _client_ip(), device):
                return _too_many("auth/login.html", form)
            user = services.authenticate(email, form.password.data)
            if user is None:
                security.record_failure(email, _client_ip(), device)
                db.session.commit()  # the failure counts even though the answer is an error
                error = _wrong()
            else:
                return _ask_for_code(user) if user.totp_secret else _start_session(user, request.args.get("next"))
    return render("auth/login.html", form=form, error=error, status=status, page_title=_("Sign in"))


def _signed_in_with_code(user: User, passed: int | bool) -> WzResponse:
    """``passed`` is True for an authenticator code, or the number of recovery codes left after one was used."""
    response = _start_session(user, session.get("2fa_next"))
    if passed is not True:
        flash(ngettext("You signed in with a recovery code. %(num)d code is left.",
                       "You signed in with a recovery code. %(num)d codes are left.", passed), "warning")
    return response


@bp.route("/login/code", methods=["GET", "POST"])
def login_code() -> Response | WzResponse:
    token = session.get("2fa_user")
    user = load_user(token) if token else None
    if user is None or not user.totp_secret:
        return redirect(url_for("auth.login"), 303)
    form = forms.CodeForm()
    error, status = None, 200
    if request.method == "POST":
        status = 422
        device = _device(user.email)
        if security.is_throttled(user.email, _client_ip(), device):
            return _too_many("auth/code.html", form)
        if form.validate_on_submit():
            passed = services.second_factor(user, form.code.data)
            if passed is not False:
                return _signed_in_with_code(user, passed)
            security.record_failure(user.email, _client_ip(), device)
            db.session.commit()
            error = _("This code is not right. Codes change every 30 seconds; please try the current one.")
    return render("auth/code.html", form=form, error=error, status=status, page_title=_("Sign in"))


def _after_login(user: User, next_url: str | None) -> str:
    if next_url:
        return safe_next(next_url)
    forums = services.forums_of(user)
    if len(forums) == 1:
        return url_for("tenant.home.index", tenant_slug=forums[0].slug)
    if not forums and user.is_platform_admin:
        return url_for("admin.index")
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


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot_password() -> Response | WzResponse:
    form = forms.ForgotForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data, str(get_locale()), _client_ip())
        flash(_("If an account exists for this address, we have sent it a link to choose a new password. "
                "The link works for one hour."))
        return redirect(url_for("auth.login"), 303)
    status = 422 if request.method == "POST" else 200
    return render("auth/forgot.html", form=form, status=status, page_title=_("Forgotten password"))


def _set_password_page(token: str, purpose: str) -> Response | WzResponse:
    user = security.user_for_token(token, purpose)
    if user is None:
        return render("auth/token_invalid.html", status=404, page_title=_("Link no longer valid"))
    form = forms.SetPasswordForm()
    if handlers.submit(form, lambda: services.reset_password(user, form.password.data), services.AccountError,
                       lambda _e: handlers.under(form, "password",
                                                 _("Choose a password that is not your email address."))):
        flash(_("Your password is set. Please sign in."))
        return _known_device(redirect(url_for("auth.login"), 303), user)
    return render("auth/set_password.html", form=form, user=user, purpose=purpose, status=handlers.status(form),
                  page_title=_("Choose a password"))


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> Response | WzResponse:
    return _set_password_page(token, "reset")


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str) -> Response | WzResponse:
    return _set_password_page(token, "invitation")


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account() -> Response | WzResponse:
    user: User = current_user._get_current_object()
    form = forms.AccountForm(obj=user if request.method == "GET" else None)
    form.locale.choices = list(LANGUAGES.items())
    form.time_zone.fill(_("Each forum's own time zone"))
    if request.method == "GET" and not user.locale:
        form.locale.data = str(get_locale())
    if form.validate_on_submit():
        services.update_account(user, form.name.data, form.locale.data, form.time_zone.data or None)
        session["lang"] = form.locale.data
        flash(_("Your details are saved."))
        return redirect(url_for("auth.account"), 303)
    status = 422 if request.method == "POST" else 200
    return render("auth/account.html", form=form, status=status, page_title=_("My account"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password() -> Response | WzResponse:
    form = forms.ChangePasswordForm()
    user: User = current_user._get_current_object()
    if handlers.submit(form, lambda: services.change_password(user, form.current.data, form.password.data),
                       services.AccountError, lambda e: _error_under(form.current, _(
                           "Your current password is not correct, or the new one is your email address."))):
        return _signed_in_again(user, _("Your password is changed. You are signed out everywhere else."))
    return render("auth/change_password.html", form=form, status=handlers.status(form),
                  page_title=_("Change password"))


def _error_under(field: Field, message: str) -> None:
    field.errors = [message]


def _signed_in_again(user: User, message: str) -> WzResponse:
    """After a change of credentials: this session continues under the new token; every other one is revoked."""
    login_user(user)
    flash(message)
    return redirect(url_for("auth.account"), 303)


@bp.route("/account/email", methods=["GET", "POST"])
@login_required
def change_email() -> Response | WzResponse:
    form = forms.ChangeEmailForm()
    user: User = current_user._get_current_object()
    if handlers.submit(form, lambda: services.change_email(user, form.current.data, form.email.data),
                       services.AccountError, lambda e: _show_email_error(form, e)):
        return _signed_in_again(user, _("Your email is changed. You are signed out everywhere else."))
    return render("auth/change_email.html", form=form, status=handlers.status(form), page_title=_("Change email"))


def _show_email_error(form: forms.ChangeEmailForm, e: services.AccountError) -> None:
    if str(e) == "taken":
        _error_under(form.email, _("This address cannot be used."))
    else:
        _error_under(form.current, _("Your current password is not correct."))


@bp.route("/account/two-factor", methods=["GET", "POST"])
@login_required
def two_factor() -> Response | WzResponse:
    user: User = current_user._get_current_object()
    if user.totp_secret:
        return render("auth/two_factor.html", enabled=True, form=forms.DisableTwoFactorForm(),
                      codes_form=forms.DisableTwoFactorForm(prefix="codes"), page_title=_("Two-step sign-in"))
    secret = session.get("totp_pending") or security.new_totp_secret()
    session["totp_pending"] = secret
    form = forms.EnableTwoFactorForm()
    wrong = services.enable_two_factor(user, form.current.data, secret, form.code.data) \
        if form.validate_on_submit() else "form"
    if wrong is None:
        session.pop("totp_pending", None)
        flash(_("Two-step sign-in is on. You will need a code from your app each time you sign in."))
        return _recovery_codes_page(security.new_recovery_codes(user))
    if wrong in ("current", "code"):
        getattr(form, wrong).errors = [_("Your current password is not correct.") if wrong == "current" else
                                       _("This code is not right. Codes change every 30 seconds; please try the "
                                         "current one.")]
    status = 422 if request.method == "POST" else 200
    return render("auth/two_factor.html", enabled=False, form=form, secret=secret, status=status,
                  qr=security.totp_qr_svg(secret, user.email), page_title=_("Two-step sign-in"))


@bp.post("/account/two-factor/off")
@login_required
def two_factor_off() -> Response | WzResponse:
    user: User = current_user._get_current_object()
    form = forms.DisableTwoFactorForm()
    if not user.totp_secret:
        abort(404)
    if form.validate_on_submit() and services.verify_password(user.password_hash, form.current.data):
        user.totp_secret, user.totp_last_step, user.totp_recovery_hashes = None, None, []
        flash(_("Two-step sign-in is off."))
        return redirect(url_for("auth.account"), 303)
    form.current.errors = [_("Your current password is not correct.")]
    return render("auth/two_factor.html", enabled=True, form=form,
                  codes_form=forms.DisableTwoFactorForm(prefix="codes"), status=422, page_title=_("Two-step sign-in"))


@bp.post("/account/two-factor/recovery-codes")
@login_required
def new_recovery_codes() -> Response | WzResponse:
    """New codes replace the old ones; the password is asked again, as for turning two-step sign-in off."""
    user: User = current_user._get_current_object()
    if not user.totp_secret:
        abort(404)
    form = forms.DisableTwoFactorForm(prefix="codes")
    if form.validate_on_submit() and services.verify_password(user.password_hash, form.current.data):
        return _recovery_codes_page(security.new_recovery_codes(user))
    form.current.errors = [_("Your current password is not correct.")]
    return render("auth/two_factor.html", enabled=True, form=forms.DisableTwoFactorForm(), codes_form=form,
                  status=422, page_title=_("Two-step sign-in"))


def _recovery_codes_page(codes: list[str]) -> Response:
    response = render("auth/recovery_codes.html", codes=codes, page_title=_("Recovery codes"))
    response.headers["Cache-Control"] = "no-store"  # shown once: never from a cache or the back button
    return response
