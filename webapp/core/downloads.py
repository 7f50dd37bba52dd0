"""File downloads: the one place that writes Content-Disposition. The name goes out twice (RFC 6266 with
RFC 5987 encoding): ``filename="..."`` in plain ASCII for old clients and ``filename*=UTF-8''...`` with the real
name ("Taron Ƙungiya — rahoto.pdf"), which every current browser prefers. Every download also says nosniff."""
from __future__ import annotations

import unicodedata
from urllib.parse import quote

from flask import Response, make_response

# the headers a download carries, which a cache of whole responses must keep (webapp/public/cache.py)
HEADERS = ("Content-Disposition", "X-Content-Type-Options")


def ascii_filename(filename: str) -> str:
    """The name for clients that read only ``filename=``: accents dropped (é → e, ɗ → _), quotes, backslashes,
    control characters and path separators replaced, never empty."""
    plain = "".join("_" if not c.isascii() or c in '"\\/' or ord(c) < 32 or ord(c) == 127 else c
                    for c in unicodedata.normalize("NFKD", filename) if not unicodedata.combining(c)).strip()
    return plain or "download"


def content_disposition(filename: str, inline: bool = False) -> str:
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_filename(filename)}\"; filename*=UTF-8''{quote(filename, safe='')}"


def download_response(body: bytes | str, filename: str, mimetype: str, inline: bool = False,
                      cache: str | None = None) -> Response:
    """A file to save (or, ``inline``, to open: a calendar feed). ``mimetype`` is the full Content-Type (with its
    charset for text); ``cache`` the Cache-Control the caller wants (none set otherwise)."""
    response = make_response(body)
    response.headers["Content-Type"] = mimetype
    response.headers["Content-Disposition"] = content_disposition(filename, inline)
    response.headers["X-Content-Type-Options"] = "nosniff"
    if cache is not None:
        response.headers["Cache-Control"] = cache
    return response
