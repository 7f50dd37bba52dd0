"""Ask before acting on many people or on what cannot be undone (issue 21): the one confirm step of every feature.

The action's own URL answers an unconfirmed POST (or a GET) with the question and a button that posts again with
``confirm=1``: a page of its own without JavaScript; with htmx only the block, swapped where the button was. The
unconfirmed request changes nothing."""
from __future__ import annotations

from flask import Response, abort, request

from webapp.core.forms import EmptyForm
from webapp.core.rendering import render, wants_fragment


def ask(key: str, question: str, button: str, back: str, detail: str | None = None, hx_target: str | None = None,
        button_class: str = "contrast") -> Response | None:
    """None when the POST carries confirm=1 (act now); else the question to render."""
    if request.method == "POST":
        if not EmptyForm().validate_on_submit():
            abort(400)
        if request.form.get("confirm") == "1":
            return None
    # on a page of its own (no JavaScript, a new tab) the button is a plain form: the htmx target is on the page the
    # question was swapped into, not on this one (issue 31)
    return render("confirm.html", block="confirm", key=key, question=question, detail=detail, action=request.path,
                  button=button, button_class=button_class, back=back,
                  hx_target=hx_target if wants_fragment() else None, page_title=question)
