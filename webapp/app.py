"""The application factory."""
from __future__ import annotations

from typing import Any

from flask import Flask

from webapp import config as config_module
from webapp.extensions import babel, csrf, db, htmx, login_manager, migrate

# Forum features nest under /t/<tenant_slug>; the order is the registration order.
TENANT_BLUEPRINTS = (
    "webapp.home.views:bp",
    "webapp.notices.views:bp",
    "webapp.members.views:bp",
    "webapp.members.committee_views:organisations_bp",
    "webapp.members.committee_views:committees_bp",
    "webapp.meetings.views:bp",
    "webapp.meetings.outcome_views:bp",
    "webapp.public.views:bp",
    "webapp.reports.views:bp",
    "webapp.actions.views:bp",
    "webapp.inclusion.views:bp",
    "webapp.webinars.views:bp",
    "webapp.forum_settings.views:bp",
)
APP_BLUEPRINTS = (
    "webapp.core.views:bp",
    "webapp.auth.views:bp",
    "webapp.admin.views:bp",
)


def _load(dotted: str) -> Any:
    module, _, attr = dotted.partition(":")
    mod = __import__(module, fromlist=[attr])
    return getattr(mod, attr)


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, static_folder="static", template_folder="core/templates")
    app.config.from_mapping(config_module.from_environment())
    if overrides:
        app.config.from_mapping(overrides)

    if app.config["PROXY_COUNT"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore[method-assign]

    from werkzeug.routing import IntegerConverter

    class BigIntConverter(IntegerConverter):
        """Ids are PostgreSQL bigints: a larger number in a URL is a 404, never a database error."""

        def __init__(self, url_map: Any, fixed_digits: int = 0, min: int | None = None,  # noqa: A002
                     max: int | None = 2**63 - 1, signed: bool = False) -> None:  # noqa: A002
            super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)

    app.url_map.converters["int"] = BigIntConverter
    db.init_app(app)
    migrate.init_app(app, db, directory=str(app.root_path + "/../migrations"))
    login_manager.init_app(app)
    csrf.init_app(app)
    htmx.init_app(app)

    from tenants import rls
    from tenants.routing import install_request_resets, make_tenant_blueprint
    from webapp.core import errors, i18n, security, templating, uow

    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=i18n.select_timezone)
    with app.app_context():
        rls.install()
    install_request_resets(app)
    i18n.init_app(app)
    uow.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    templating.init_app(app)

    # models are imported before any query so that relationships resolve
    import webapp.actions.models  # noqa: F401
    import webapp.auth.models  # noqa: F401
    import webapp.core.audit  # noqa: F401
    import webapp.inclusion.models  # noqa: F401
    import webapp.meetings.models  # noqa: F401
    import webapp.members.models  # noqa: F401
    import webapp.members.services  # noqa: F401  (registers the member loader)
    import webapp.notices.models  # noqa: F401
    import webapp.reports.models  # noqa: F401
    import webapp.webinars.models  # noqa: F401
    from webapp.meetings import emails as meeting_emails

    meeting_emails.register()
    from webapp.actions import emails as action_emails

    action_emails.register()

    tenant_bp = make_tenant_blueprint()
    for dotted in TENANT_BLUEPRINTS:
        tenant_bp.register_blueprint(_load(dotted))
    app.register_blueprint(tenant_bp)
    for dotted in APP_BLUEPRINTS:
        app.register_blueprint(_load(dotted))

    from webapp import cli

    cli.init_app(app)
    return app
