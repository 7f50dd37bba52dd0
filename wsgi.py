"""WSGI entry point: gunicorn wsgi:app"""
from webapp import create_app
from webapp.core import error_tracking

app = create_app()
error_tracking.init(app)  # only when SENTRY_DSN is set
