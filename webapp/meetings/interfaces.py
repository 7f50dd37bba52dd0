"""What the meetings feature asks features above it (bound in webapp/wiring.py)."""
from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from webapp.binding import Interface

if TYPE_CHECKING:
    from sqlalchemy import Select

    from webapp.meetings.models import Meeting
    from webapp.members.models import Member


class MeetingBalance(Protocol):
    def __call__(self, meeting: Meeting) -> Sequence[object]:
        """The balance checks of a meeting's invitees (and, once held, of those present)."""


class OpenActions(Protocol):
    def __call__(self, meeting: Meeting) -> Sequence[object]:
        """The committee's open action items that the meeting's audience may read (its matters arising)."""


class MeetingActions(Protocol):
    def __call__(self, meeting: Meeting, member: Member | None, *, arising: bool, since: datetime | None,
                 annex: bool) -> tuple[Sequence[Any], Sequence[tuple[Any, Any]]]:
        """For a meeting's page, read by ``member``: the committee's open action items (when ``arising``) and the
        minutes' annex of updates from ``since`` to the meeting's end (when ``annex``)."""


class DecidedBetween(Protocol):
    def __call__(self, committee_id: int | None, since: datetime | None, until: datetime,
                 reader: Any) -> Sequence[Any]:  # noqa: ANN401  (a core.visibility.Reader)
        """The decisions taken between meetings (adopted proposals addressed to or reporting to this committee) that
        closed from ``since`` to ``until`` and that ``reader`` sees: a meeting's matters arising and its minutes'
        annex."""


class SearchActions(Protocol):
    def __call__(self, member: Member | None) -> tuple[Hashable, Callable[[Any], Select]]:
        """For the meetings search: who reads (a key) and how to select the action items they may read that match a
        tsquery, as one SELECT of the search's UNION."""


MEETING_BALANCE: Interface[MeetingBalance] = Interface(
    "meetings.interfaces.MEETING_BALANCE", "The balance panel of a meeting's page (answered by inclusion).")
OPEN_ACTIONS: Interface[OpenActions] = Interface(
    "meetings.interfaces.OPEN_ACTIONS", "Which action items are open, for a new meeting's matters arising "
    "(answered by actions).")
MEETING_ACTIONS: Interface[MeetingActions] = Interface(
    "meetings.interfaces.MEETING_ACTIONS", "A meeting page's action items: matters arising and the minutes' annex "
    "(answered by actions).")
DECIDED_BETWEEN: Interface[DecidedBetween] = Interface(
    "meetings.interfaces.DECIDED_BETWEEN", "Decisions taken between meetings, for a meeting's matters arising and "
    "minutes' annex (answered by proposals).")
SEARCH_ACTIONS: Interface[SearchActions] = Interface(
    "meetings.interfaces.SEARCH_ACTIONS", "The action items the meetings search lists (answered by actions).")


class MeetingVoice(Protocol):
    def __call__(self, meeting: Meeting) -> Sequence[object]:
        """Voice in the room: the floor-time checks of a held meeting, read from its row (no statement)."""


MEETING_VOICE: Interface[MeetingVoice] = Interface(
    "meetings.interfaces.MEETING_VOICE", "The meeting page's voice in the room: shares of floor time by gender and "
    "constituency against shares present (answered by live).")


class RecordingLink(Protocol):
    def __call__(self, meeting_id: int, purpose: str, language: str) -> str:
        """The short link of a meeting's newest recording for a purpose ("notice", "outcome") in a language, or ""."""


RECORDING_LINK: Interface[RecordingLink] = Interface(
    "meetings.interfaces.RECORDING_LINK", "A meeting's recording in a member's language, linked in their SMS "
    "(answered by recordings).")
