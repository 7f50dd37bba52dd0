"""One ``render()`` for every view: the full page, or only its block for an htmx request."""
from __future__ import annotations

from typing import Any

from flask import Response, current_app, make_response, render_template, request
from jinja2_fragments.flask import render_block

from webapp.extensions import htmx


def wants_fragment() -> bool:
    """htmx asked, and it is neither a boosted navigation nor a history restore."""
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render(template: str, block: str = "content", status: int = 200, **context: Any) -> Response:
    """A template without that block (a printable page, a whole document) is always rendered whole."""
    if wants_fragment() and request.headers.get("HX-Target") != "body" and \
            block in current_app.jinja_env.get_template(template).blocks:
        body = render_block(template, block, **context)
    else:
        body = render_template(template, **context)
    response = make_response(body, status)
    response.vary.add("HX-Request")
    return response
