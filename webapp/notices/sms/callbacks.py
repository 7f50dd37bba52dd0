"""Kannel's callbacks (a machine API, its own blueprint, outside any forum; documented in docs/operations.md):

- ``POST /sms/inbound?key=<SMS_CALLBACK_SECRET>&id=%I&from=%p`` — an ``sms-service``'s ``post-url``: the text is the
  body (UTF-8, ``mo-recode = true``), ``id`` Kannel's message id (the same id twice changes nothing);
- ``GET /sms/dlr?m=<forum>-<sms>&sig=<HMAC>&type=%d&part=%F`` — the ``dlr-url`` given with each SMS: Kannel calls
  it with GET (it has no other way); the HMAC of the message id (core/signing.py, keyed by the shared secret)
  stands for the secret, so Kannel's DLR store never holds it; the same report twice changes nothing.

Both are exempt from CSRF (no browser, no session) and answer only the addresses of SMS_CALLBACK_ALLOW. The answer
body is always empty: Kannel never texts anything back on its own (``omit-empty``, ``max-messages = 0``); replies
go through the SMS outbox."""
from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, request

from webapp.core import addresses, metrics, signing
from webapp.extensions import csrf
from webapp.notices.sms import delivery_reports, inbound

bp = Blueprint("sms_callbacks", __name__, url_prefix="/sms")


def guard(with_key: bool) -> None:
    """403 unless the caller's address is allowed and (inbound) the shared secret is given."""
    secret = str(current_app.config.get("SMS_CALLBACK_SECRET") or "")
    if not secret or not addresses.allowed(request.remote_addr, "SMS_CALLBACK_ALLOW"):
        abort(403)
    if with_key and not signing.same(request.args.get("key", ""), secret):
        abort(403)


@bp.post("/inbound")
@csrf.exempt
def receive() -> Response:
    guard(with_key=True)
    message_id, sender = request.args.get("id", ""), request.args.get("from") or request.headers.get("X-Kannel-From")
    if not message_id or not sender:
        abort(400)
    outcome = inbound.receive(message_id, sender, request.get_data(as_text=True))
    metrics.SMS_INBOUND.labels(outcome).inc()
    return Response("", status=200, mimetype="text/plain")


@bp.route("/dlr", methods=["GET", "POST"])
@csrf.exempt
def delivery_report() -> Response:
    guard(with_key=False)
    ok = delivery_reports.record(request.args.get("m", ""), request.args.get("sig"), request.args.get("type", ""),
                        request.args.get("part", ""))
    return Response("", status=200 if ok else 403, mimetype="text/plain")
