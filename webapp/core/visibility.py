"""What a reader may see: one rule by reader (DESIGN.md, "Visibility: one rule by reader"; issue 31).

Every reader asks this module — the pages and fragments, the translator's views, search, cached parts, federation
and reports — so that the same member is never shown by one page what another answers 404 for.

**The reader** (``Reader``, a frozen value): their widest level (``public`` for anyone without a seat in the forum:
anonymous, not a member, a term that ended; ``members`` for the roll; ``restricted`` for the secretariat and
chairs), their forum role, their member id and the organisation they hold a seat for (an item they or their
organisation own is theirs to read whatever its level), the committees they chair or co-chair, and the translate
capability. ``current_reader()`` builds it for the request from the signed-in member.

**The rule**, as Python for one object and as SQL for lists built from the same levels:

- a level is seen by a reader whose level is at least as wide (public < members < restricted); an unknown level
  counts as restricted (fail closed); an object is seen no wider than its parents (``strictest``);
- meetings: their visibility; drafts only by the secretariat and chairs (``sees_meeting``);
- minutes: their meeting's and their own visibility; drafts (not yet circulated) only by the secretariat and
  chairs (``sees_minutes``);
- decisions: their meeting's and their own visibility (``sees_decision``);
- plans and their objectives: the plan's visibility (``sees_plan``); action items: the strictest of their own,
  their plan's and their origin decision's, or owned by the reader (``sees_item``; webapp/actions/visibility.py
  works out the item's effective level);
- proposals between meetings: their visibility (``sees_proposal``); their text in the e-mail and on the page a
  signed link opens, what a member reads (the link may be forwarded: ``shown_by_link``);
- the public (``Reader.anyone()``: the public pages, the feed, the published annual report) sees public objects of
  public parents only (``is_public``, ``public_sql``);
- translating grants one thing only (``translates_meeting``): the title, agenda and expected outputs of a *draft*
  meeting whose visibility the reader may see, so that an agenda is translated before the notice goes out.
  Everything else a translator is shown goes through the rules above, as for any reader of their role;
- indicator figures (issue 40): a figure counts (progress, roll-ups, snapshots, public pages, reports) once it is
  verified; members who may read the item also see figures awaiting verification or sent back, marked as such;
  the public never does (``sees_unverified``, ``figures_sql``);
- initiatives of the register of actors ("who does what where"): their visibility (``sees_initiative``);
- a committee's chair and co-chairs see that committee's figures (attendance sheets, inclusion checks:
  ``sees_committee_figures``), whatever their role in the forum;
- a cache shared between readers is keyed by ``Reader.visibility_class`` (what the rule depends on for the
  objects shown), never by the role alone and never shared across owners: a part that shows an owned item is
  keyed by that item and shown only on a list of the reader's own items (My actions' card heads:
  ``webapp/core/parts.for_each``), so it reaches that item's owners only.

Core imports no feature: the SQL helpers take the columns (``Meeting.visibility``, ``Minutes.status`` …).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, true
from sqlalchemy.sql.elements import ColumnElement

from webapp.core.labels import VISIBILITIES
from webapp.core.zones import forum_today

LEVELS = VISIBILITIES  # widest first
RANK = {level: n for n, level in enumerate(LEVELS)}
STAFF_ROLES = ("chair", "vice_chair", "secretariat")  # read restricted data (webapp/core/permissions.py STAFF)
MEMBER_ROLES = ("chair", "vice_chair", "secretariat", "member", "alternate", "observer")
SEATED_ROLES = ("chair", "vice_chair", "member", "alternate")  # voting roles: an organisation's seat
DRAFT = "draft"


def rank(level: str | None) -> int:
    """0 public, 1 members, 2 restricted; unknown or missing counts as restricted: fail closed."""
    return RANK.get(level or "", RANK["restricted"])


def strictest(*levels: str | None) -> str:
    """The narrowest of ``levels``: an object is seen no wider than its parents."""
    return LEVELS[max((rank(level) for level in levels), default=0)]


def wider(level: str, than: str) -> bool:
    return rank(level) < rank(than)


@dataclass(frozen=True)
class Reader:
    """Who reads. ``level`` is the widest visibility they may see; the rest is what widens it for one object
    (ownership, a committee seat) or what translating grants."""

    level: str = "public"
    member_id: int | None = None
    organisation_id: int | None = None  # set only when the member holds a seat for their organisation
    role: str | None = None  # their role in the forum; None: anonymous, not a member, or a term that ended
    may_translate: bool = False
    chaired: frozenset[int] | None = frozenset()  # committees they chair or co-chair; None: ask the seat loader
    term_ended: bool = False

    # --- kinds of reader -----------------------------------------------------------------------------------

    @classmethod
    def anyone(cls) -> Reader:
        """The public: no account (or none in this forum), public objects only."""
        return cls("public")

    @classmethod
    def staff(cls) -> Reader:
        """The secretariat and chairs, or a job building a report for them."""
        return cls("restricted", role="secretariat")

    @classmethod
    def audience(cls, level: str) -> Reader:
        """Everyone who may read something of ``level`` (a meeting's audience, a snapshot's level), owning
        nothing."""
        return cls(level if level in RANK else "restricted")

    @classmethod
    def by_link(cls) -> Reader:
        """Whoever holds a member's signed e-mail link (a proposal's answer link): the link may be forwarded, so
        what the roll reads and nothing restricted, whoever it was sent to."""
        return cls("members")

    @classmethod
    def of(cls, member: Any, *, chaired: frozenset[int] | None = frozenset(),  # noqa: ANN401  (a Member or None)
           today: date | None = None) -> Reader:
        """The reader a member is. An inactive or erased member, one whose term ended (before ``today``, the
        forum's day by default), or no member at all, reads as the public (their forum pages answer 404 before any
        rule is asked)."""
        end = getattr(member, "term_end", None)
        term_ended = end is not None and end < (today or forum_today())
        if member is None or not getattr(member, "active", False) or getattr(member, "erased_at", None) \
                or term_ended or getattr(member, "role", None) not in MEMBER_ROLES:
            return cls("public", term_ended=term_ended)
        role = member.role
        level = "restricted" if role in STAFF_ROLES else "members"
        seated = getattr(member, "organisation_id", None) if role in SEATED_ROLES else None
        return cls(level, member.id, seated, role, bool(getattr(member, "may_translate", False)) or role in STAFF_ROLES,
                   chaired)

    # --- what the value says ---------------------------------------------------------------------------------

    @property
    def anonymous(self) -> bool:
        return self.member_id is None

    @property
    def sees_restricted(self) -> bool:
        return rank(self.level) >= RANK["restricted"]

    @property
    def levels(self) -> tuple[str, ...]:
        """Every visibility this reader sees, widest first."""
        return LEVELS[:min(rank(self.level), RANK["restricted"]) + 1]

    @property
    def visibility_class(self) -> str:
        """What a cache of rendered parts shared between readers is keyed by: the level the rule reads for objects
        nobody owns. Never the role alone (two roles of one level read the same); a part showing an owned item is
        keyed by the item and shown on its owners' own list only."""
        return self.level

    def sees(self, level: str | None) -> bool:
        return rank(level) <= rank(self.level)

    def chairs(self, committee_id: int | None) -> bool:
        """The reader is the chair or a co-chair of that committee."""
        if committee_id is None or self.member_id is None:
            return False
        if self.chaired is not None:
            return committee_id in self.chaired
        from webapp.core.permissions import chairs_committee, current_member

        return getattr(current_member, "id", None) == self.member_id and chairs_committee(committee_id)


def current_reader() -> Reader:
    """The signed-in member of the current forum as a reader (once per request), or the public."""
    from flask import g, has_request_context

    from webapp.core.permissions import current_member

    if not has_request_context():
        return Reader.anyone()
    if "_reader" not in g:
        member = current_member._get_current_object()
        g._reader = Reader.of(member, chaired=None)
    reader: Reader = g._reader
    return reader


# --- the rule, one object at a time ----------------------------------------------------------------------------

def sees_meeting(reader: Reader, visibility: str | None, status: str | None) -> bool:
    """A meeting's page: its visibility; a draft only for the secretariat and chairs."""
    return reader.sees(visibility) and (status != DRAFT or reader.sees_restricted)


def translates_meeting(reader: Reader, visibility: str | None, status: str | None) -> bool:
    """The translator's view of a meeting: what ``sees_meeting`` allows, and for a reader who may translate also a
    draft whose visibility they may see (its title, agenda and expected outputs only: ``draft_fields_only``)."""
    return sees_meeting(reader, visibility, status) or (reader.may_translate and reader.sees(visibility))


def draft_fields_only(reader: Reader, status: str | None) -> bool:
    """A translator who is shown a draft meeting only because they translate: its title, agenda and expected
    outputs, nothing else of it."""
    return status == DRAFT and not reader.sees_restricted


def sees_recording(reader: Reader, purpose: str, meeting_visibility: str | None, meeting_status: str | None) -> bool:
    """A recording (webapp/recordings, issue 46): a notice's is read by whoever sees its meeting; an outcome's once
    the meeting is held, and by the public only once its outcomes are published; an announcement's (it has no
    meeting) by whoever reads the announcement: the forum's members."""
    if purpose == "message":  # an announcement read aloud
        return reader.sees("members")
    if not sees_meeting(reader, meeting_visibility, meeting_status):
        return False
    if purpose == "notice":
        return True
    if reader.level == "public":
        return meeting_status == "outcomes_published"
    return meeting_status in ("held", "outcomes_published")


def sees_minutes(reader: Reader, visibility: str | None, status: str | None, meeting_visibility: str | None) -> bool:
    """Minutes: no wider than their meeting; drafts (not yet circulated) only for the secretariat and chairs."""
    return reader.sees(strictest(visibility, meeting_visibility)) and (status != DRAFT or reader.sees_restricted)


def sees_decision(reader: Reader, visibility: str | None, meeting_visibility: str | None) -> bool:
    """A decision: no wider than its meeting."""
    return reader.sees(strictest(visibility, meeting_visibility))


def sees_plan(reader: Reader, visibility: str | None) -> bool:
    """An action plan, and its objectives (an objective has the visibility of its plan)."""
    return reader.sees(visibility)


sees_objective = sees_plan


def sees_initiative(reader: Reader, visibility: str | None) -> bool:
    """An initiative of the register of actors: its own visibility (public where the forum chooses)."""
    return reader.sees(visibility)


def sees_item(reader: Reader, effective: str | None, owned: bool) -> bool:
    """An action item: its effective level (the strictest of its own, its plan's and its decision's:
    webapp/actions/visibility.py), or owned by the reader (themselves or the organisation they sit for)."""
    return owned or reader.sees(effective)


def sees_proposal(reader: Reader, visibility: str | None) -> bool:
    """A proposal between meetings (and the decision it leads to): its visibility."""
    return reader.sees(visibility)


def shown_by_link(reader: Reader, visibility: str | None) -> bool:
    """A proposal's text in its e-mail and on the page its signed link opens: what the link's holder may read
    (``Reader.by_link``), or more for a signed-in ``reader`` who sees it."""
    return sees_proposal(Reader.by_link(), visibility) or sees_proposal(reader, visibility)


def is_public(level: str | None) -> bool:
    """Anyone may read it (the public pages, the feed, the published annual report)."""
    return Reader.anyone().sees(level)


def sees_unverified(reader: Reader) -> bool:
    """Figures not verified yet (or sent back): shown, marked, to members; never to the public."""
    return reader.member_id is not None and rank(reader.level) >= RANK["members"]


def figures_sql(reader: Reader, verification: Any) -> ColumnElement[bool]:  # noqa: ANN401  (the update's column)
    """The updates and reports whose figures the reader may see: verified ones, and the others for members."""
    return true() if sees_unverified(reader) else verification == "verified"


def sees_committee_figures(reader: Reader, committee_id: int | None) -> bool:
    """A committee's attendance sheets and inclusion checks: the secretariat and chairs, and its chair and
    co-chairs."""
    return reader.sees_restricted or reader.chairs(committee_id)


# --- the same rule as SQL, for lists ---------------------------------------------------------------------------

def level_sql(reader: Reader, *columns: Any) -> ColumnElement[bool]:  # noqa: ANN401  (visibility columns)
    """Every one of ``columns`` (an object's visibility and its parents') is a level the reader sees."""
    if reader.sees_restricted:
        return true()
    return and_(true(), *(column.in_(reader.levels) for column in columns))


def meeting_sql(reader: Reader, visibility: Any, status: Any, *,  # noqa: ANN401  (Meeting's columns)
                translating: bool = False) -> ColumnElement[bool]:
    """``sees_meeting`` (``translating``: ``translates_meeting``) as a WHERE clause."""
    if reader.sees_restricted:
        return true()
    if translating and reader.may_translate:
        return level_sql(reader, visibility)
    return and_(level_sql(reader, visibility), status != DRAFT)


def minutes_sql(reader: Reader, visibility: Any, status: Any,  # noqa: ANN401  (Minutes' and Meeting's columns)
                meeting_visibility: Any) -> ColumnElement[bool]:  # noqa: ANN401
    """``sees_minutes`` as a WHERE clause."""
    if reader.sees_restricted:
        return true()
    return and_(level_sql(reader, visibility, meeting_visibility), status != DRAFT)


def decision_sql(reader: Reader, visibility: Any, meeting_visibility: Any) -> ColumnElement[bool]:  # noqa: ANN401
    """``sees_decision`` as a WHERE clause."""
    return level_sql(reader, visibility, meeting_visibility)


def proposal_sql(reader: Reader, visibility: Any) -> ColumnElement[bool]:  # noqa: ANN401
    """``sees_proposal`` as a WHERE clause."""
    return level_sql(reader, visibility)


def public_sql(*columns: Any) -> ColumnElement[bool]:  # noqa: ANN401  (visibility columns)
    """``is_public`` for every one of ``columns`` (an object's and its parents'), as a WHERE clause: what the public
    pages, the feed and the published annual report list."""
    return level_sql(Reader.anyone(), *columns)


def plan_sql(reader: Reader, visibility: Any) -> ColumnElement[bool]:  # noqa: ANN401
    """``sees_plan`` as a WHERE clause (objectives: their plan's column)."""
    return level_sql(reader, visibility)


def initiative_sql(reader: Reader, visibility: Any) -> ColumnElement[bool]:  # noqa: ANN401
    """``sees_initiative`` as a WHERE clause."""
    return level_sql(reader, visibility)




PUBLISHED_COMMENT = "visible"  # comments' moderation value a reader may see (members' comments, published ones)


def sees_public_comment(reader: Reader, moderation: str | None) -> bool:
    """A public comment (issue 42): the public and members see it only once the secretariat published it; staff
    see the queue too."""
    return moderation == PUBLISHED_COMMENT or reader.sees_restricted


def public_comment_sql(reader: Reader, moderation: Any) -> ColumnElement[bool]:  # noqa: ANN401  (comments.moderation)
    """``sees_public_comment`` as a WHERE clause: the public pages, the feed, search and the open-data API."""
    return true() if reader.sees_restricted else moderation == PUBLISHED_COMMENT
