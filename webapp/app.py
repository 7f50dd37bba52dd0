"""The application factory."""
from __future__ import annotations

from typing import Any

from flask import Flask

from webapp import config as config_module
from webapp.extensions import babel, csrf, db, htmx, login_manager, migrate


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, static_folder="static", template_folder="core/templates")
    app.config.from_mapping(config_module.from_environment())
    if overrides:
        app.config.from_mapping(overrides)

    if app.config["PROXY_COUNT"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = app.config["PROXY_COUNT"]
        # the client's address and scheme only: X-Forwarded-Host is not read (a proxy that does not set it passes a
        # client's on); the proxy passes the Host header on, which TRUSTED_HOSTS checks, and links use BASE_URL
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n)  # type: ignore[method-assign]

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
    # issue 20 "Light": compression's after_request is registered first so that it runs last (Flask runs them
    # in reverse), after the unit of work's commit; static files get hashed names and WhiteNoise
    from webapp.core import assets, compression

    compression.init_app(app)
    assets.init_app(app)
    from webapp.core import logs

    logs.init_app(app)  # issue 44: request id, one log line per request (its after_request runs after the commit)
    from webapp.core import metrics

    metrics.init_app(app)  # issue 44: request latency and statements for /metrics

    from tenants.routing import install_request_resets, make_tenant_blueprint
    from webapp.core import errors, i18n, ping, security, templating, uow

    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=i18n.select_timezone)
    with app.app_context():
        install_session_hooks()
    install_request_resets(app)
    i18n.init_app(app)
    uow.init_app(app)
    ping.init_app(app)  # issue 43: in a request, the pool's pre-ping is the transaction's BEGIN
    security.init_app(app)
    errors.init_app(app)
    templating.init_app(app)

    # Imported for their side effects only: each models module maps its tables on db.Model, so
    # that relationships named by string resolve before the first query, whichever page or job
    # comes first. What lower packages ask higher ones is bound by webapp/wiring.py, at the end.
    import webapp.actions.initiatives.models  # noqa: F401  (maps the register of initiatives)
    import webapp.actions.models  # noqa: F401  (maps action plans, objectives, items, updates)
    import webapp.auth.models  # noqa: F401  (maps users, forum links, login failures, mail requests)
    import webapp.consultations.models  # noqa: F401  (maps consultations and verified contacts)
    import webapp.core.audit  # noqa: F401  (maps audit_events)
    import webapp.core.content  # noqa: F401  (maps content_translations)
    import webapp.federation.models  # noqa: F401  (maps affiliations, shared and received objectives, snapshots)
    import webapp.inclusion.models  # noqa: F401  (maps self_assessments)
    import webapp.live.models  # noqa: F401  (maps live sessions, speakers' queues, interventions)
    import webapp.meetings.models  # noqa: F401  (maps meetings, agenda, invitations, minutes, decisions)
    import webapp.meetings.recommendations.models  # noqa: F401  (maps recommendations and their answers)
    import webapp.members.models  # noqa: F401  (maps organisations, committees, members)
    import webapp.notices.models  # noqa: F401  (maps notices and platform_mail, the outboxes)
    import webapp.notices.sms.models  # noqa: F401  (maps sms_outbox, the SMS outbox)
    import webapp.proposals.models  # noqa: F401  (maps proposals and their answers)
    import webapp.recordings.models  # noqa: F401  (maps recordings)
    import webapp.reports.models  # noqa: F401  (maps reports)
    import webapp.suggestions.models  # noqa: F401  (maps the public's suggestions for the agenda)
    import webapp.webinars.models  # noqa: F401  (maps webinar series, their organisations, sessions, declines)
    from webapp.actions import views as actions_views
    from webapp.actions.initiatives import views as initiative_views
    from webapp.admin import views as admin_views
    from webapp.auth import views as auth_views
    from webapp.comments import views as comments_views
    from webapp.consultations import public_views as consultation_public_views
    from webapp.consultations import views as consultations_views
    from webapp.core import views as core_views
    from webapp.federation import views as federation_views
    from webapp.forum_settings import views as forum_settings_views
    from webapp.home import views as home_views
    from webapp.inclusion import views as inclusion_views
    from webapp.live import views as live_views
    from webapp.live import vote_views as live_vote_views
    from webapp.meetings import views as meetings_views
    from webapp.meetings.invitations import views as invitation_views  # noqa: F401  (routes on the meetings bp)
    from webapp.meetings.outcomes import views as meeting_outcome_views
    from webapp.meetings.recommendations import views as recommendation_views
    from webapp.members import committee_views
    from webapp.members import views as members_views
    from webapp.notices import views as notices_views
    from webapp.notices.sms import callbacks as sms_callbacks
    from webapp.notices.sms import language_views as sms_language_views
    from webapp.notices.sms import views as sms_views
    from webapp.opendata import views as opendata_views
    from webapp.polls import views as polls_views
    from webapp.proposals import views as proposals_views
    from webapp.public import views as public_views
    from webapp.recordings import views as recordings_views
    from webapp.registrations import views as registrations_views
    from webapp.reports import views as reports_views
    from webapp.suggestions import public_views as suggestion_public_views
    from webapp.suggestions import views as suggestions_views
    from webapp.webinars import views as webinars_views

    # Forum features nest under /t/<tenant_slug>; the order is the registration order.
    tenant_bp = make_tenant_blueprint()
    for feature_bp in (
        home_views.bp,
        notices_views.bp,
        sms_views.bp,
        sms_language_views.bp,
        members_views.bp,
        committee_views.organisations_bp,
        committee_views.committees_bp,
        meetings_views.bp,
        meeting_outcome_views.bp,
        recommendation_views.bp,
        proposals_views.bp,
        recordings_views.bp,
        comments_views.bp,
        polls_views.bp,
        public_views.bp,
        opendata_views.bp,
        registrations_views.bp,
        consultations_views.bp,
        consultation_public_views.bp,
        suggestions_views.bp,
        suggestion_public_views.bp,
        reports_views.bp,
        actions_views.bp,
        initiative_views.bp,
        inclusion_views.bp,
        live_views.bp,
        live_vote_views.bp,
        webinars_views.bp,
        federation_views.bp,
        forum_settings_views.bp,
    ):
        tenant_bp.register_blueprint(feature_bp)
    app.register_blueprint(tenant_bp)
    for app_bp in (core_views.bp, auth_views.bp, admin_views.bp, sms_callbacks.bp):
        app.register_blueprint(app_bp)

    from webapp import cli, wiring

    wiring.wire()  # signals' listeners and typed interfaces (webapp/wiring.py)
    cli.init_app(app)
    return app


def install_session_hooks() -> None:
    """The one place that installs the ORM session's hooks (issue 35), once per Session class, in this order — the
    order SQLAlchemy calls each event's listeners in:

    1. tenancy (tenants/rls.py): every ORM statement filtered to the current forum, rows stamped with it at flush,
       the RLS setting at the start of each transaction; first, so that the hooks after it see tenant-scoped
       statements only;
    2. the forum's content version (webapp/core/content_version.py): a change to public content, flushed or bulk,
       bumps the version that keys the public page cache, after the commit;
    3. the meetings' counters (webapp/meetings/counters.py): the invitation counts kept on the meeting row as
       invitations change, bulk updates and deletes included; last, as it runs such a statement itself
       (``invoke_statement``) to recompute the meetings it touched, with the tenant's criteria already applied.
    """
    from tenants import rls
    from webapp.core import content_version
    from webapp.meetings import counters

    rls.install()
    content_version.install()
    counters.install()
