"""Events with many listeners, declared once (DESIGN.md, "Layout"; docs/architecture.md, "Signals and interfaces").

A lower feature sends; every feature that cares listens, in its own module, in one style (the model is Indico's
``indico/core/signals``)::

    @signals.member_erased.connect
    def _erase_member(sender: str, erasure: signals.Erasure) -> None: ...

    @signals.counting_uses.connect_via("decision")
    def _items_of_decisions(sender: str, ids: list[int]) -> dict[str, int]: ...

Listener modules are imported by ``webapp/wiring.py``; a signal sent before the wiring ran raises ``NotWired``
(a script that skipped it would otherwise erase a member and leave their name in the minutes).
Each signal's docstring says who sends it and what listeners may do. Nothing else in webapp keeps a registry.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from blinker import NamedSignal, Namespace

from webapp.binding import require_wiring


class _Signal(NamedSignal):
    def send(self, sender: Any = None, /, **kwargs: Any) -> list[tuple[Any, Any]]:  # type: ignore[override]
        require_wiring(f"signal {self.name}")
        return super().send(sender, **kwargs)


class _Signals(Namespace):
    def signal(self, name: str, doc: str | None = None) -> NamedSignal:
        if name not in self:
            self[name] = _Signal(name, doc)
        return self[name]


_signals = _Signals()


@dataclass(frozen=True)
class Erasure:
    """A member being erased: their id and the name and user they had before."""

    tenant_id: int
    member_id: int
    name: str
    user_id: int | None
    # someone else in the forum has the same name: records that keep a name, not an id, stay as they are
    has_namesake: bool


member_erased = _signals.signal("member-erased", """A member of the current forum is being erased.

Sent by ``members.services.erase_member`` (sender: ``"members"``, ``erasure``: an ``Erasure``), inside the forum's
tenant context, before the member row is blanked. Every feature that keeps a member's name or free text elsewhere
(meetings: support notes, uploaders, approvers of minutes; actions: update authors; reports: stored reports;
inclusion: self-assessments) removes or blanks it, in the same transaction (flush, never commit). Listeners
return nothing.""")

counting_uses = _signals.signal("counting-uses", """Before deleting objects: how many rows of higher features
still point at them.

Sent through ``uses(object_type, ids)`` by the lower feature about to delete (sender: the object type,
``"organisation"``, ``"meeting"``, ``"decision"``; ``ids``: their ids), inside the forum's tenant context. Listeners
connect for one object type (``connect_via("decision")``) and return ``{what: how many}`` (e.g.
``{"action_items": 3}``); they only read. The deleting service refuses with the sum
(``ServiceError(object, reason, count=n)``).""")


contact_in_use = _signals.signal("contact-in-use", """Before the retention sweeps erase a verified contact's
address: which of these contacts a higher feature's public form still uses.

Sent by ``consultations.verification.in_use`` (sender: ``"consultation_contact"``; ``ids``: the contacts' ids;
``since``: the first day that still counts, a year before today), inside the forum's tenant context. Listeners
(suggestions: a suggestion sent on or after ``since``) return the ids among ``ids`` they still use; they only read.
The consultations' own use (a comment on a consultation closing on or after ``since``) is counted by the sender, so
that one rule keeps an address while any form uses it.""")


contact_erased = _signals.signal("contact-erased", """A verified contact of the public is erased on request (from the
consultations' queue or the suggestions' queue): every public form blanks what that person wrote.

Sent by ``consultations.services.erase_contact`` (sender: ``"consultation_contact"``; ``contact``: the Contact)
inside the forum's tenant context, before the address itself is erased. Listeners (suggestions: the person's
suggestions lose their names, groups and texts) write in the caller's transaction.""")


def uses(object_type: str, ids: list[int]) -> dict[str, int]:
    """Every listener's answer, summed: e.g. ``{"action_items": 3}``; empty when nothing uses them."""
    found: dict[str, int] = {}
    if not ids:
        return found
    for _fn, answer in counting_uses.send(object_type, ids=ids):
        for what, n in (answer or {}).items():
            if n:
                found[what] = found.get(what, 0) + n
    return found


def declared() -> dict[str, NamedSignal]:
    """Every signal of this module, by name (docs/architecture.md lists them; tests/core/test_architecture.py)."""
    return dict(_signals)
