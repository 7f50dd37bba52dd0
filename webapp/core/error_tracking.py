"""Optional error tracking with Sentry (issue 44): on only when SENTRY_DSN is set and sentry-sdk is installed
(``pip install 'baraza[sentry]'``). Started by the process entry points (wsgi.py, worker/main.py), never by
create_app: the tests and CLI commands make apps without it.

No personal data leaves: ``send_default_pii`` is off, and every event passes ``scrub`` — no query string, cookie,
form or body, no header but a few harmless ones, the user only as the log's keyed hash, and e-mail addresses and
phone numbers masked in messages, exception texts and breadcrumbs. Events carry the request id (the
``X-Request-Id`` the user sees on the error page)."""
from __future__ import annotations

import re
from typing import Any

from flask import Flask

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(r"\+\d[\d ().-]{6,}\d|\b\d{9,15}\b")  # +254 712 345 678, or 254712345678
KEEP_HEADERS = {"User-Agent", "Accept-Language", "Content-Type", "Content-Length", "Host", "X-Request-Id"}


def _phone(m: re.Match[str]) -> str:
    """Nine digits or more (E.164 numbers have 8 to 15; dates and times have fewer): a phone number."""
    return "[phone]" if sum(c.isdigit() for c in m.group(0)) >= 9 else m.group(0)


def mask(text: str) -> str:
    return PHONE.sub(_phone, EMAIL.sub("[email]", text))


def _mask_all(value: Any) -> Any:
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, list):
        return [_mask_all(v) for v in value]
    if isinstance(value, dict):
        return {k: _mask_all(v) for k, v in value.items()}
    return value


def scrub(event: dict[str, Any], _hint: Any = None) -> dict[str, Any]:
    """Sentry's ``before_send``: what may leave, and nothing else."""
    request = event.get("request")
    if isinstance(request, dict):
        url = str(request.get("url") or "").split("?")[0]
        headers = {k: v for k, v in (request.get("headers") or {}).items() if k in KEEP_HEADERS}
        event["request"] = {"method": request.get("method"), "url": mask(url), "headers": headers}
    user = event.get("user")
    event["user"] = {"id": user["id"]} if isinstance(user, dict) and "id" in user else {}
    for key in ("message", "logentry", "exception", "breadcrumbs", "extra", "tags", "contexts"):
        if key in event:
            event[key] = _mask_all(event[key])
    for frame_holder in (event.get("exception") or {}).get("values", []) if isinstance(event.get("exception"),
                                                                                       dict) else []:
        for frame in (frame_holder.get("stacktrace") or {}).get("frames", []):
            frame.pop("vars", None)  # local variables hold forms, e-mails, phones
    return event


def init(app: Flask) -> bool:
    """Starts Sentry when SENTRY_DSN is set; True if it did."""
    dsn = app.config.get("SENTRY_DSN")
    if not dsn:
        return False
    try:
        import sentry_sdk
    except ImportError:
        app.logger.warning("SENTRY_DSN is set but sentry-sdk is not installed (pip install 'baraza[sentry]')")
        return False
    sentry_sdk.init(dsn=dsn, environment=app.config.get("BARAZA_ENV"), send_default_pii=False,
                    include_local_variables=False, max_request_body_size="never", before_send=scrub,
                    before_breadcrumb=lambda crumb, _hint: _mask_all(crumb), traces_sample_rate=0)

    @app.before_request
    def tag_request() -> None:
        from webapp.core import logs

        sentry_sdk.set_tag("request_id", logs.current_request_id())

    return True
