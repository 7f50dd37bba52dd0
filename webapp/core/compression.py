"""HTML (and JSON, feeds) compressed with Brotli or gzip when the client accepts it (issue 20, "Light").

Flask-Compress does the work; static files are not its business (WhiteNoise serves them precompressed).
It leaves alone: streamed responses (downloads), answers outside 2xx, anything already encoded, and
every type not listed below (PDF, images, CSV and .ics downloads), and a body that fits in one TCP segment
(``MIN_SIZE``: an htmx fragment, a small JSON answer): compressing it costs about 0.1 ms of Brotli's set-up and
saves no round trip (issue 43).

BREACH: a compressed HTML page that reflects attacker-chosen text next to a secret lets someone who
sees the traffic's sizes guess the secret over thousands of requests made from the victim's browser.
Defences here: (1) the session and remember cookies are SameSite=Lax, so requests another site makes
the browser send in the background (images, fetch, forms posted cross-site) carry no session: their
pages hold no secret of the victim; (2) a request sent from another site (`Sec-Fetch-Site: cross-site`
or `same-site`) that carries cookies is answered uncompressed, which also covers top-level navigations
(the only cross-site requests Lax lets cookies through on); (3) Flask-WTF's CSRF token is signed with a
timestamp, so its signature changes every second and cannot be guessed across many responses.
"""
from __future__ import annotations

from flask import Flask, Response, request
from flask_compress import Compress

MIN_SIZE = 1400  # bytes: below one segment's payload (1,460 on Ethernet), compression saves no packet
MIMETYPES = ["text/html", "application/json", "application/atom+xml", "application/rss+xml", "application/xml"]


def init_app(app: Flask) -> None:
    app.config.setdefault("COMPRESS_MIMETYPES", MIMETYPES)
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_BR_LEVEL", 5)
    app.config.setdefault("COMPRESS_MIN_SIZE", MIN_SIZE)
    app.config.setdefault("COMPRESS_STREAMS", False)  # downloads stream as they are
    app.config.setdefault("COMPRESS_REGISTER", False)  # registered below, with the BREACH rule
    compress = Compress(app)

    @app.after_request
    def compressed(response: Response) -> Response:
        if request.headers.get("Sec-Fetch-Site") in ("cross-site", "same-site") and request.headers.get("Cookie"):
            response.vary.add("Accept-Encoding")
            response.vary.add("Sec-Fetch-Site")
            return response
        response.vary.add("Sec-Fetch-Site")
        return compress.after_request(response)
