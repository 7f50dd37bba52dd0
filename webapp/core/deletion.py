"""Deleting what others may still use (issue 35, "Handlers written once"): the mechanism, not the wording.

A service refuses with ``SomeError(object, reason, count=n)`` (webapp/core/service_errors.py); each feature words
its refusals in its own ``refusals.py`` and hands them to ``refusal``. ``refuse_if_used`` asks the higher features
through the counting-uses signal (webapp/core/signals.py); ``delete_with_translations`` drops the object's content
translations, deletes it and records it in the audit log."""
from __future__ import annotations

from collections.abc import Callable, Mapping

from flask_babel import gettext as _

from webapp.core import audit, content, signals
from webapp.core.service_errors import ServiceError
from webapp.extensions import db

# (object, reason) -> the sentence for ``count`` things standing in the way
Refusals = Mapping[tuple[str, str], Callable[[int], str]]


def refusal(e: ServiceError, messages: Refusals) -> str:
    """The feature's sentence for this refusal, in the reader's language; a general one when it has none."""
    message = messages.get((e.field, e.code))
    return message(e.count) if message else _("This cannot be deleted.")


def refuse_if_used(object_type: str, object_id: int, error: type[ServiceError],
                   reasons: Mapping[str, str] | None = None) -> None:
    """Raises ``error(object_type, reason, count=n)`` for the first use the higher features report; the reason is
    what they report (``"action_items"``), or its name in ``reasons`` (``{"action_items": "has_action_items"}``)."""
    for what, n in signals.uses(object_type, [object_id]).items():
        raise error(object_type, (reasons or {}).get(what, what), count=n)


def delete_with_translations(obj: object, object_type: str) -> None:
    """Deletes ``obj`` with its content translations, then audits it as ``("deleted", object_type, id)``."""
    object_id = obj.id  # type: ignore[attr-defined]
    content.delete_translations(object_type, [object_id])
    db.session.delete(obj)
    db.session.flush()
    audit.record("deleted", object_type, object_id)
