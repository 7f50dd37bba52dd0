"""Security headers: CSP without inline script or style and without eval."""
from __future__ import annotations

from flask import Flask, Response, abort, request

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def init_app(app: Flask) -> None:
    hsts = app.config.get("BARAZA_ENV") == "production"

    @app.before_request
    def refuse_nul() -> None:
        """NUL characters cannot be stored by PostgreSQL: in a path or a query, a clear 400, never a 500.
        Posted forms are left to their fields' character rule (webapp.core.forms.text_rule), which answers
        422 with the form, what was typed and a message, and to the services for fields read by hand."""
        if "\x00" in request.path or any("\x00" in value for values in request.args.listvalues()
                                         for value in values):
            abort(400)

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        if hsts:  # HTTPS only outside development and tests
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response
