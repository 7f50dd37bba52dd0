"""What every feature's handlers share (issue 35, "Handlers written once"): a form submitted to a service, whose
refusal shows under its field with 422; the confirm-then-delete step; and loading an object the reader may see, or
404.

A form handler reads::

    done = handlers.submit(form, lambda: services.save_x(...), services.XError,
                           lambda e: handlers.under(form, e.field, _refusal(e)))
    if done:
        flash(...)
        return redirect(url_for(".show", x_id=done.result.id), 303)
    return render("x/form.html", form=form, status=handlers.status(form))
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from flask import Response, abort, flash, redirect
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response as WzResponse

from webapp.core import confirm
from webapp.core.visibility import Reader, current_reader

T = TypeVar("T")
K = TypeVar("K")
E = TypeVar("E", bound=Exception)


@dataclass(frozen=True)
class Done(Generic[T]):
    """The service ran: what it returned (true even when that is None)."""

    result: T


def submit(form: FlaskForm, action: Callable[[], T], error: type[E],
           show: Callable[[E], None]) -> Done[T] | None:
    """Validates ``form`` and, when valid, runs ``action`` (the service call). Its ``error`` goes to ``show`` (which
    puts the message under the field it concerns) and gives None, as an invalid or unsubmitted form does."""
    if not form.validate_on_submit():
        return None
    try:
        return Done(action())
    except error as e:
        show(e)
        return None


def under(form: FlaskForm, field: str, message: str) -> None:
    """Shows ``message`` (a service's refusal, worded by the feature) under ``form``'s field named ``field``, after
    the errors the form's own validation gave it."""
    target = getattr(form, field)
    target.errors = [*target.errors, message]


def status(form: FlaskForm) -> int:
    """422 for a submitted form that is shown again (it was refused), 200 for a first display."""
    return 422 if form.is_submitted() else 200


def delete_confirmed(key: str, question: str, back: str, detail: str | None, delete: Callable[[], object],
                     done: str, message: str, error: type[E], refusal: Callable[[E], str],
                     refused: str | None = None) -> Response | WzResponse:
    """A confirm-then-delete view's body (webapp/core/confirm.py asks first): on confirm=1 runs ``delete``; on
    success flashes ``message`` and goes to ``done``; on the feature's ``error`` flashes its ``refusal`` (the
    feature's own wording) and goes back to ``refused`` (``back`` unless given)."""
    asked = confirm.ask(key, question, _("Yes, delete it"), back, detail)
    if asked is not None:
        return asked
    try:
        delete()
    except error as e:
        flash(refusal(e), "error")
        return redirect(refused or back, 303)
    flash(message)
    return redirect(done, 303)


def load(query: Callable[[K, Reader], T | None], key: K) -> T:
    """An object of the current forum that the reader may see, or 404: ``query(key, reader)`` is a feature's query
    (scoped to the forum, filtered by the one rule by reader of webapp/core/visibility.py); the reader is the
    signed-in member (``current_reader()``). Another forum's object, a missing one and a hidden one answer alike."""
    return query(key, current_reader()) or abort(404)
