"""WSGI entry point: gunicorn wsgi:app"""
from webapp import create_app
from webapp.core import error_tracking, warmup

app = create_app()
error_tracking.init(app)  # only when SENTRY_DSN is set
if app.config["WARM_UP"]:
    warmup.warm(app)  # compiled templates and read catalogues before the first request (webapp/core/warmup.py)
