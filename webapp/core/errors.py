"""Error pages in the site's own layout."""
from __future__ import annotations

from flask import Flask, Response
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError
from werkzeug.exceptions import HTTPException, SecurityError

from webapp.core.rendering import render
from webapp.extensions import db


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (_("Bad request"), _("The request could not be understood. Please check what you entered.")),
        403: (_("Not allowed"), _("You do not have permission to do this.")),
        404: (_("Page not found"), _("This page does not exist, or you do not have access to it.")),
        405: (_("Not allowed"), _("This action is not possible here.")),
        413: (_("File too large"), _("The file you sent is larger than the limit.")),
        429: (_("Too many attempts"), _("Please wait a moment and try again.")),
        500: (_("Something went wrong"), _("We could not complete your request. Nothing was saved; "
                                             "please try again.")),
    }


def render_error(code: int, detail: str | None = None) -> Response:
    title, text = _messages().get(code, _messages()[500])
    return render("error.html", status=code, code=code, title=title, text=detail or text)


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(_e: CSRFError) -> Response:
        return render_error(400, _("Your form expired or was sent from elsewhere. "
                                   "Please go back, reload the page and try again."))

    @app.errorhandler(SecurityError)
    def untrusted_host(_e: SecurityError) -> Response:
        """A Host that is not one of TRUSTED_HOSTS (config.trusted_hosts): no URL can be built for it, so not the
        site's layout, a short plain answer."""
        return Response(_("Bad request") + "\n", status=400, mimetype="text/plain")

    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException) -> Response:
        response = render_error(e.code or 500)
        if e.code == 405 and getattr(e, "valid_methods", None):
            response.headers["Allow"] = ", ".join(e.valid_methods)
        return response

    @app.errorhandler(DataError)
    def out_of_range(e: DataError) -> Response:
        """A value PostgreSQL cannot hold (a number beyond its column, an impossible date) that slipped past a
        form's checks: the user's input, so a 400 in their language, logged so that the form gets its check."""
        app.logger.warning("value out of range: %s", e.orig)
        db.session.rollback()
        return render_error(400, _("A value you entered is out of range. Please check the numbers and dates."))

    @app.errorhandler(Exception)
    def server_error(e: Exception) -> Response:
        app.logger.exception("unhandled error", exc_info=e)
        db.session.rollback()
        return render_error(500)
