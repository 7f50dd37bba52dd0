"""Every upward dependency, in one place (DESIGN.md, "Layout"; docs/architecture.md, "Signals and interfaces").

A lower package asks a higher one only through the two joints declared here:

- **signals** (``webapp/core/signals.py``): the modules listed in ``LISTENERS`` connect their listeners when
  imported; ``wire()`` imports them;
- **typed interfaces** (``webapp.binding.Interface``, declared in the asking package): ``wire()`` binds each one,
  exactly once, to the higher feature that answers.

``create_app`` calls ``wire()``, and so does the worker's entry point; a script or job that skips it gets
``NotWired`` the first time it asks a question or sends a signal. A top-level module: it may import every
feature (tests/core/test_architecture.py).
"""
from __future__ import annotations

import importlib

from webapp.binding import is_wired, mark_wired

# modules whose listeners connect to webapp.core.signals when imported
LISTENERS = (
    "webapp.meetings.services",  # member_erased; counting_uses is sent from here
    "webapp.actions.services",  # member_erased; counting_uses for decisions and organisations
    "webapp.inclusion.services",  # member_erased
    "webapp.reports.services",  # member_erased
    "webapp.webinars.services",  # counting_uses for meetings and organisations
)


def wire() -> None:
    """Connects every listener and binds every interface; a second call changes nothing."""
    if is_wired():
        return
    for name in LISTENERS:
        importlib.import_module(name)
    mark_wired()
