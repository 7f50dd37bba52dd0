"""Every write about meetings: plan, agenda, documents, invitees, notices, RSVP, support, reminders.
Services flush, never commit; notices are outbox rows written in the same transaction."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import delete, func, select, update

from tenants.context import current_tenant
from webapp.core import audit, content, languages, signals, signing
from webapp.core.i18n import LANGUAGES
from webapp.core.service_errors import ServiceError, tenant_id_or
from webapp.core.text import is_one_line, normalise_email
from webapp.core.visibility import Reader
from webapp.core.zones import forum_to_utc
from webapp.extensions import db
from webapp.meetings.interfaces import OPEN_ACTIONS
from webapp.meetings.models import (
    AGENDA_KINDS,
    MEETING_KINDS,
    SUPPORT_KINDS,
    VISIBILITIES,
    AgendaItem,
    Invitation,
    Meeting,
    MeetingDocument,
    Minutes,
)
from webapp.meetings.queries import minimum_notice_days, short_notice  # noqa: F401  (callers ask services)
from webapp.members.models import CONSTITUENCIES, GENDERS, Committee, CommitteeMember, Member, Organisation
from webapp.notices import services as notices
from webapp.notices.sms import services as sms

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
# extension -> (content type, magic prefixes); an upload must match both its name and its bytes
DOCUMENT_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", (b"PK\x03\x04",)),
    "odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "txt": ("text/plain", ()),
    "csv": ("text/csv", ()),
}
TIME_OR_PLACE = ("start_at", "end_at", "venue", "online_link")


class MeetingError(ServiceError):
    pass


def _tid() -> int:
    return tenant_id_or(MeetingError)


def local_to_utc(day: date, at: time) -> datetime:
    return forum_to_utc(day, at)


# --- content translations -------------------------------------------------------------------

def set_translation(object_type: str, object_id: int, field: str, locale: str, text: str | None,
                    source: str | None = None, confirm: bool = False) -> None:
    content.set_translation(object_type, object_id, field, locale, text, error=MeetingError, source=source,
                            confirm=confirm)


def _save_units(units: list, locale: str, texts: dict[str, str], confirmed: set[str]) -> int:
    changed = 0
    for unit in units:
        if unit.key not in texts:
            continue
        text = (texts[unit.key] or "").strip()
        if unit.draft is not None and unit.draft.text == text and unit.key not in confirmed:
            continue
        if unit.draft is None and not text:
            continue
        set_translation(unit.kind, unit.object_id, unit.field, locale, text, source=unit.original,
                        confirm=unit.key in confirmed)
        changed += 1
    return changed


def save_kind_translations(kind: content.Kind, locale: str, texts: dict[str, str], confirmed: set[str],
                           reader: Reader) -> int:
    """The list view of one kind saved (committee names, action items ...): as ``save_translations``, only the
    texts the reader may read (a key for any other is ignored)."""
    from webapp.meetings import translation

    if not languages.is_content(locale) or locale == (current_tenant().default_locale or "en"):
        raise MeetingError("locale", "invalid")
    changed = _save_units(translation.kind_units(kind, locale, reader), locale, texts, confirmed)
    db.session.flush()
    if changed:
        audit.record("translated", kind.name, None, [locale])
    return changed


def save_translations(meeting: Meeting, locale: str, texts: dict[str, str], confirmed: set[str] = frozenset(),
                      reader: Reader | None = None) -> int:
    """The translator's view saved (issue 27): each of the meeting's texts (keyed as ``translation.Unit.key``)
    in ``locale``, made from the original as it is now. A translation left as it was stays marked out of date
    unless the translator confirms it still fits the changed original (``confirmed``). Only the texts ``reader``
    may read are saved (webapp/core/visibility.py; None: a job or the staff). Returns how many changed."""
    from webapp.meetings import translation

    if not languages.is_content(locale) or locale == meeting.language:
        raise MeetingError("locale", "invalid")
    changed = _save_units(translation.units(meeting, locale, reader or Reader.staff()), locale, texts, confirmed)
    db.session.flush()
    if changed:
        audit.record("translated", "meeting", meeting.id, [locale])
    return changed


# --- meetings -------------------------------------------------------------------------------

def _check(values: dict[str, Any]) -> None:
    if not (values.get("title") or "").strip():
        raise MeetingError("title", "required")
    if values["kind"] not in MEETING_KINDS:
        raise MeetingError("kind", "invalid")
    if values["visibility"] not in VISIBILITIES:
        raise MeetingError("visibility", "invalid")
    if values["end_at"] <= values["start_at"]:
        raise MeetingError("end", "before_start")
    # held in any working language of the forum (issue 46: Twi, Dagbani ...); the interface's five are always
    # valid for the meetings features make (webinars, polls)
    if not languages.may_hold_meeting_in(values["language"]):
        raise MeetingError("language", "not_working")
    if any(lc not in LANGUAGES for lc in values["interpretation_languages"]):
        raise MeetingError("language", "invalid")
    if db.session.get(Committee, (_tid(), values["committee_id"])) is None:
        raise MeetingError("committee_id", "invalid")


def interpretation_pairs(pairs: list[str] | None) -> list[str] | None:
    """Interpretation between any languages (issue 46): "from>to" pairs of BCP-47 tags, written as BCP 47 recommends,
    each once, in the order given; None for none. A pair that is no pair of two different tags is refused."""
    out: list[str] = []
    for pair in pairs or []:
        source, _sep, target = pair.partition(">")
        source, target = languages.normal_tag(source), languages.normal_tag(target)
        if not (source and target) or source == target:
            raise MeetingError("interpretation_pairs", "pair")
        if f"{source}>{target}" not in out:
            out.append(f"{source}>{target}")
    return out or None


def save_meeting(meeting: Meeting | None, values: dict[str, Any],
                 translations: dict[tuple[str, str], str] | None = None) -> Meeting:
    """Creates (inviting the committee's members) or updates a meeting. Once notice has gone out, a
    change of time or place raises SEQUENCE and sends the update to every invitee."""
    values = {**values, "title": (values.get("title") or "").strip(),
              "interpretation_languages": [lc for lc in values.get("interpretation_languages") or []
                                           if lc != values.get("language")]}
    if "interpretation_pairs" in values:
        values["interpretation_pairs"] = interpretation_pairs(values["interpretation_pairs"])
    _check(values)
    if meeting is None:
        meeting = Meeting(**values, status="draft", sequence=0)
        db.session.add(meeting)
        db.session.flush()
        invite_committee(meeting)
        matters_arising(meeting)
        audit.record("created", "meeting", meeting.id, values)
    else:
        if meeting.status == "cancelled":
            raise MeetingError("status", "cancelled")
        changed = [k for k, v in values.items() if getattr(meeting, k) != v]
        for k in changed:
            setattr(meeting, k, values[k])
        moved = any(k in TIME_OR_PLACE for k in changed)
        if moved and meeting.status == "notified":
            meeting.sequence += 1
            _notify_invitees(meeting, "meeting_update")
        db.session.flush()
        if changed:
            audit.record("updated", "meeting", meeting.id, changed)
    for (field, locale), text in (translations or {}).items():
        set_translation("meeting", meeting.id, field, locale, text, source=getattr(meeting, field, None))
    db.session.flush()
    return meeting


def duplicate_meeting(source: Meeting, values: dict[str, Any],
                      translations: dict[tuple[str, str], str] | None = None) -> Meeting:
    """The next meeting from this one: a new draft (no notice goes out) with ``values`` (the form, prefilled from the
    source), then the source's agenda and invitees copied: members only, without their answers or attendance."""
    tid = _tid()
    meeting = save_meeting(None, values, translations)
    # items the new meeting was given on creation (matters arising, counted afresh) replace the source's own
    made = list(db.session.scalars(select(AgendaItem).where(AgendaItem.tenant_id == tid,
                                                            AgendaItem.meeting_id == meeting.id)))
    fresh = {_heading(i.title) for i in made}
    copied = [i for i in db.session.scalars(select(AgendaItem).where(
        AgendaItem.tenant_id == tid, AgendaItem.meeting_id == source.id).order_by(AgendaItem.position))
        if not (_heading(i.title) in fresh and i.presenter is None and i.minutes is None)]
    for n, item in enumerate(copied, start=len(made) + 1):
        db.session.add(AgendaItem(meeting_id=meeting.id, position=n, title=item.title,
                                  presenter=item.presenter, minutes=item.minutes, kind=item.kind))
    invited = set(db.session.scalars(select(Invitation.member_id).where(
        Invitation.tenant_id == tid, Invitation.meeting_id == meeting.id)))
    seated = set(db.session.scalars(select(CommitteeMember.member_id).where(
        CommitteeMember.tenant_id == tid, CommitteeMember.committee_id == meeting.committee_id)))
    # members only (guests are invited afresh), each with the reason they were invited for
    for member_id, represented_by_id, reason, ref, detail in db.session.execute(
            select(Invitation.member_id, Invitation.represented_by_id, Invitation.reason, Invitation.reason_ref,
                   Invitation.reason_detail)
            .join(Member, (Member.tenant_id == Invitation.tenant_id) & (Member.id == Invitation.member_id))
            .where(Invitation.tenant_id == tid, Invitation.meeting_id == source.id, Member.erased_at.is_(None))):
        if member_id not in invited:
            db.session.add(Invitation(meeting_id=meeting.id, member_id=member_id, seated=member_id in seated,
                                      represented_by_id=represented_by_id, reason=reason, reason_ref=ref,
                                      reason_detail=detail))
    db.session.flush()
    audit.record("duplicated", "meeting", source.id, ["agenda", "invitees"])
    return meeting


def _heading(title: str) -> str:
    """What an automatic item's title says before its count ("Matters arising: 3 open action items")."""
    return title.split(":", 1)[0].strip()


def delete_meeting(meeting: Meeting) -> None:
    """Deletes a draft that never went out (or was cancelled before it did), with its agenda, invitees, documents,
    decisions and every content translation of them. A meeting whose notice has gone out is cancelled instead, never
    deleted; a held one stays in the records."""
    from webapp.meetings.models import Decision

    tid = _tid()
    if meeting.notified_at is not None or meeting.status == "notified":
        raise MeetingError("meeting", "noticed")
    if meeting.status not in ("draft", "cancelled"):  # cancelled before any notice: it never went out either
        raise MeetingError("meeting", "held")
    if signals.uses("meeting", [meeting.id]).get("webinar_sessions"):
        raise MeetingError("meeting", "webinar_sessions")
    decision_ids = list(db.session.scalars(select(Decision.id).where(Decision.tenant_id == tid,
                                                                     Decision.meeting_id == meeting.id)))
    if n := signals.uses("decision", decision_ids).get("action_items", 0):
        raise MeetingError("meeting", "has_action_items", count=n)
    item_ids = list(db.session.scalars(select(AgendaItem.id).where(AgendaItem.tenant_id == tid,
                                                                   AgendaItem.meeting_id == meeting.id)))
    for object_type, ids in (("meeting", [meeting.id]), ("agenda_item", item_ids), ("decision", decision_ids)):
        content.delete_translations(object_type, ids)
    meeting_id = meeting.id
    db.session.execute(delete(Meeting).where(Meeting.tenant_id == tid, Meeting.id == meeting_id))
    db.session.expunge(meeting)
    audit.record("deleted", "meeting", meeting_id)


def cancel_meeting(meeting: Meeting) -> None:
    if meeting.status == "cancelled":
        return
    notified = meeting.status == "notified"
    meeting.status = "cancelled"
    meeting.sequence += 1
    if notified:
        _notify_invitees(meeting, "meeting_cancelled")
    db.session.flush()
    audit.record("cancelled", "meeting", meeting.id)


def send_notice(meeting: Meeting) -> notices.Queued:
    """Notice to every invitee, in their language, with a calendar invitation; returns the e-mails and SMS queued."""
    if meeting.status not in ("draft", "notified"):
        raise MeetingError("status", "invalid")
    first = meeting.status == "draft"
    meeting.status = "notified"
    if first:
        meeting.notified_at = datetime.now(UTC)
    db.session.flush()
    audit.record("notified", "meeting", meeting.id)
    return _notify_invitees_by_channel(meeting, "meeting_invitation")


GUEST_KINDS = ("meeting_invitation", "meeting_update", "meeting_cancelled")  # what a guest is sent


def notice_sms_wave(meeting: Meeting, kind: str = "meeting_invitation") -> sms.Wave:
    """What the notice will send by SMS, counted before it goes (the confirmation shows the segments and the share of
    the month's allowance): one SMS per invitee reached by SMS, built as it will be. Nothing is written."""
    rows = db.session.execute(
        select(Invitation.id, Invitation.member_id)
        .join(Member, (Member.tenant_id == Invitation.tenant_id) & (Member.id == Invitation.member_id))
        .where(Invitation.tenant_id == _tid(), Invitation.meeting_id == meeting.id, Member.erased_at.is_(None))).all()
    return sms.wave(kind, [(member_id, {"meeting_id": meeting.id, "invitation_id": invitation_id})
                           for invitation_id, member_id in rows])


def _notify_invitees(meeting: Meeting, kind: str, member_ids: list[int] | None = None,
                     stand_ins_only: bool = False, guest_ids: list[int] | None = None,
                     round_: int | None = None) -> int:
    """The e-mails _notify_invitees_by_channel queued: how many."""
    return len(_notify_invitees_by_channel(meeting, kind, member_ids, stand_ins_only, guest_ids, round_).emails)


def _notify_invitees_by_channel(meeting: Meeting, kind: str, member_ids: list[int] | None = None,
                                stand_ins_only: bool = False, guest_ids: list[int] | None = None,
                                round_: int | None = None) -> notices.Queued:
    """Every invitee, in their language, by e-mail and/or SMS (their channels); an alternate named to stand in for an
    invitee gets the same notice, saying whom they stand in for, with answer links of their own. Guests (not on the
    roll) get the meeting's notices in the meeting's language, with an answer link of their own: all of them when no
    one is named, else those of ``guest_ids``. Three queries."""
    tid = _tid()
    recipients = []
    everyone = member_ids is None and guest_ids is None
    rows = []
    if everyone or member_ids:
        stmt = (select(Invitation.id, Member.id, Member.name, Member.email, Member.locale,
                       Invitation.represented_by_id)
                .join(Member, (Member.tenant_id == Invitation.tenant_id) & (Member.id == Invitation.member_id))
                .where(Invitation.tenant_id == tid, Invitation.meeting_id == meeting.id, Member.erased_at.is_(None)))
        if member_ids is not None:
            stmt = stmt.where(Member.id.in_(member_ids))
        rows = db.session.execute(stmt).all()
    stand_in_ids = {r[5] for r in rows if r[5] is not None}
    stand_ins = {m.id: m for m in db.session.scalars(select(Member).where(
        Member.tenant_id == tid, Member.id.in_(stand_in_ids), Member.email.is_not(None),
        Member.erased_at.is_(None)))} if stand_in_ids else {}
    key = f"{kind}.{round_}" if round_ else kind  # a later round of the same news (minutes' version 2 ...)
    for invitation_id, member_id, name, email, locale, represented_by in rows:
        payload = {"meeting_id": meeting.id, "sequence": meeting.sequence}
        if not stand_ins_only:  # without an e-mail address: an SMS if the member is reached by SMS (notices.sms)
            recipients.append({"member_id": member_id, "email": email, "name": name, "locale": locale,
                               "payload": {**payload, "rsvp": rsvp_token(tid, invitation_id, member_id),
                                           "invitation_id": invitation_id},
                               "dedupe_key": f"{key}:{meeting.id}:{meeting.sequence}:{member_id}"})
        stand_in = stand_ins.get(represented_by)
        if stand_in is not None:
            recipients.append({"member_id": stand_in.id, "email": stand_in.email, "name": stand_in.name,
                               "locale": stand_in.locale,
                               "payload": {**payload, "rsvp": rsvp_token(tid, invitation_id, stand_in.id),
                                           "standing_in_for": name},
                               "dedupe_key": f"{key}:{meeting.id}:{meeting.sequence}:{stand_in.id}:for:{member_id}"})
    if kind in GUEST_KINDS and not stand_ins_only and (everyone or guest_ids):
        guests = select(Invitation.id, Invitation.guest_name, Invitation.guest_email).where(
            Invitation.tenant_id == tid, Invitation.meeting_id == meeting.id, Invitation.member_id.is_(None),
            Invitation.guest_email.is_not(None), Invitation.guest_erased_at.is_(None))
        if guest_ids is not None:
            guests = guests.where(Invitation.id.in_(guest_ids))
        for invitation_id, name, email in db.session.execute(guests):
            recipients.append({"member_id": None, "email": email, "name": name, "locale": meeting.language,
                               "payload": {"meeting_id": meeting.id, "sequence": meeting.sequence,
                                           "rsvp": guest_rsvp_token(tid, invitation_id)},
                               "dedupe_key": f"{key}:{meeting.id}:{meeting.sequence}:guest:{invitation_id}"})
    return notices.queue_by_channel(kind, recipients)


# --- invitees -------------------------------------------------------------------------------

INVITE_BY = ("committee", "constituency", "organisation", "roll")


@dataclass(frozen=True)
class Invited:
    """What one invitation in one step did: how many were added, how many were invited already."""

    added: int
    already: int


def _group(by: str, ref: int | str | None) -> tuple[list[int], int | None, str | None]:
    """The active members of a committee, a constituency, an organisation or the whole roll (ids, in name order),
    with the reason's reference and detail as the invitation keeps them. The id must be this forum's."""
    tid = _tid()
    people = select(Member.id).where(Member.tenant_id == tid, Member.active, Member.erased_at.is_(None))
    if by == "committee":
        committee = db.session.get(Committee, (tid, ref)) if isinstance(ref, int) else None
        if committee is None:
            raise MeetingError("committee_id", "invalid")
        people = people.join(CommitteeMember, (CommitteeMember.tenant_id == Member.tenant_id)
                             & (CommitteeMember.member_id == Member.id)).where(
            CommitteeMember.committee_id == committee.id)
        return list(db.session.scalars(people.order_by(Member.name))), committee.id, committee.name
    if by == "organisation":
        organisation = db.session.get(Organisation, (tid, ref)) if isinstance(ref, int) else None
        if organisation is None:
            raise MeetingError("organisation_id", "invalid")
        people = people.where(Member.organisation_id == organisation.id)
        return list(db.session.scalars(people.order_by(Member.name))), organisation.id, organisation.name
    if by == "constituency":
        if ref not in CONSTITUENCIES:
            raise MeetingError("constituency", "invalid")
        people = people.outerjoin(Organisation, (Organisation.tenant_id == Member.tenant_id)
                                  & (Organisation.id == Member.organisation_id)).where(
            func.coalesce(Member.constituency, Organisation.constituency) == ref)
        return list(db.session.scalars(people.order_by(Member.name))), None, str(ref)
    if by == "roll":
        return list(db.session.scalars(people.order_by(Member.name))), None, None
    raise MeetingError("by", "invalid")


def _seated(meeting: Meeting) -> set[int]:
    return set(db.session.scalars(select(CommitteeMember.member_id).where(
        CommitteeMember.tenant_id == _tid(), CommitteeMember.committee_id == meeting.committee_id)))


def invite_group(meeting: Meeting, by: str, ref: int | str | None = None) -> Invited:
    """Invites in one step a committee, a constituency, an organisation or the whole roll (its active members),
    each invitation saying why; members invited already are left as they are (not duplicated, reason kept). Once
    notice is out, those added are sent it."""
    if meeting.status == "cancelled":
        raise MeetingError("status", "cancelled")
    if by not in INVITE_BY:
        raise MeetingError("by", "invalid")
    ids, reason_ref, detail = _group(by, ref)
    tid = _tid()
    existing = set(db.session.scalars(select(Invitation.member_id).where(
        Invitation.tenant_id == tid, Invitation.meeting_id == meeting.id, Invitation.member_id.is_not(None))))
    new = [i for i in ids if i not in existing]
    seated = _seated(meeting) if new else set()
    for member_id in new:
        db.session.add(Invitation(meeting_id=meeting.id, member_id=member_id, seated=member_id in seated,
                                  reason=by, reason_ref=reason_ref, reason_detail=detail))
    db.session.flush()
    if new and meeting.status == "notified":
        _notify_invitees(meeting, "meeting_invitation", new)
    if new:
        audit.record("invited", "meeting", meeting.id, ["invitees"])
    return Invited(added=len(new), already=len(ids) - len(new))


def invite_committee(meeting: Meeting) -> int:
    """The meeting's committee, invited when the meeting is created (the page says so: "Invited as members of
    ..."); those invited already are marked as holding a seat."""
    tid = _tid()
    result = invite_group(meeting, "committee", meeting.committee_id)
    members = _seated(meeting)
    if members:
        db.session.execute(update(Invitation).where(
            Invitation.tenant_id == tid, Invitation.meeting_id == meeting.id,
            Invitation.member_id.in_(members)).values(seated=True))
        db.session.flush()
    return result.added


@dataclass(frozen=True)
class Resync:
    """A meeting's invitees against its committee as it is now: who would be added, who removed (invited with the
    committee, no longer on it, no answer yet), and who stays although no longer on it because they answered."""

    add: list[str] = dc_field(default_factory=list)
    remove: list[tuple[int, str]] = dc_field(default_factory=list)  # (invitation id, name)
    keep: list[str] = dc_field(default_factory=list)

    @property
    def changes(self) -> bool:
        return bool(self.add or self.remove)


def committee_resync(meeting: Meeting) -> Resync:
    """What ``resync_committee`` would do, for its confirm step (nothing changes)."""
    tid = _tid()
    current, _ref, _detail = _group("committee", meeting.committee_id)
    invited = db.session.execute(
        select(Invitation.id, Invitation.member_id, Invitation.reason, Invitation.reason_ref, Invitation.rsvp,
               Member.name)
        .join(Member, (Member.tenant_id == Invitation.tenant_id) & (Member.id == Invitation.member_id))
        .where(Invitation.tenant_id == tid, Invitation.meeting_id == meeting.id)).all()
    invited_ids = {r.member_id for r in invited}
    names = dict(db.session.execute(select(Member.id, Member.name).where(
        Member.tenant_id == tid, Member.id.in_([i for i in current if i not in invited_ids]))).all()) \
        if set(current) - invited_ids else {}
    gone = [r for r in invited if r.member_id not in set(current) and r.reason == "committee"
            and r.reason_ref == meeting.committee_id]
    return Resync(add=[names[i] for i in current if i in names],
                  remove=[(r.id, r.name) for r in gone if r.rsvp == "none"],
                  keep=[r.name for r in gone if r.rsvp != "none"])


def resync_committee(meeting: Meeting) -> Resync:
    """Brings the invitees in line with the committee after it changed: invites its new members; removes those
    invited because of the committee who are no longer on it and have not answered (once notice is out they are
    told); never removes someone who answered."""
    if meeting.status == "cancelled":
        raise MeetingError("status", "cancelled")
    plan = committee_resync(meeting)
    invite_group(meeting, "committee", meeting.committee_id)
    if plan.remove:
        tid = _tid()
        ids = [i for i, _name in plan.remove]
        if meeting.status == "notified":
            _notify_invitees(meeting, "meeting_cancelled", list(db.session.scalars(select(Invitation.member_id).where(
                Invitation.tenant_id == tid, Invitation.id.in_(ids)))))
        db.session.execute(delete(Invitation).where(Invitation.tenant_id == tid, Invitation.id.in_(ids),
                                                    Invitation.rsvp == "none"))
        db.session.flush()
        audit.record("uninvited", "meeting", meeting.id, ["invitees"])
    return plan


# --- guests (not on the roll) ---------------------------------------------------------------

def add_guest(meeting: Meeting, *, name: str, email: str, constituency: str | None = None,
              organisation: str | None = None, gender: str | None = None) -> Invitation:
    """Invites a guest who is not on the roll: stored on the invitation, never as a member (never counted in
    quorum or in the roll's checks). Once notice is out, the guest is sent it."""
    if meeting.status == "cancelled":
        raise MeetingError("status", "cancelled")
    name, organisation = (name or "").strip(), (organisation or "").strip() or None
    if not name:
        raise MeetingError("guest_name", "required")
    for field_name, value in (("guest_name", name), ("guest_email", email), ("guest_organisation", organisation)):
        if not is_one_line(value):
            raise MeetingError(field_name, "control_characters")
    address = normalise_email(email)
    if constituency not in (None, "", *CONSTITUENCIES):
        raise MeetingError("guest_constituency", "invalid")
    if (gender or "undisclosed") not in GENDERS:
        raise MeetingError("guest_gender", "invalid")
    tid = _tid()
    if db.session.scalar(select(Invitation.id).where(Invitation.tenant_id == tid, Invitation.meeting_id == meeting.id,
                                                     Invitation.guest_email == address)) is not None:
        raise MeetingError("guest_email", "guest_taken")
    if db.session.scalar(select(Member.id).where(Member.tenant_id == tid, Member.email == address,
                                                 Member.erased_at.is_(None)).limit(1)) is not None:
        raise MeetingError("guest_email", "on_roll")
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        raise MeetingError("guest_email", "email") from None
    inv = Invitation(meeting_id=meeting.id, member_id=None, reason="guest", guest_name=name[:200],
                     guest_email=address, guest_constituency=constituency or None,
                     guest_organisation=organisation[:200] if organisation else None,
                     guest_gender=gender or "undisclosed")
    db.session.add(inv)
    db.session.flush()
    if meeting.status == "notified":
        _notify_invitees(meeting, "meeting_invitation", guest_ids=[inv.id])
    audit.record("invited", "meeting", meeting.id, ["guests"])
    return inv


def erase_guest(meeting: Meeting, invitation: Invitation) -> None:
    """Removes a guest's personal data: their name, address, constituency, organisation, gender and support note
    on the invitation, and the address and name on the notices sent to them. The invitation stays (the meeting's
    history keeps its shape) as "—"; its answer link stops working. The audit log keeps only that it happened."""
    from webapp.notices.models import Notice

    if not invitation.is_guest or invitation.meeting_id != meeting.id:
        raise MeetingError("guest", "invalid")
    invitation.guest_name, invitation.guest_email, invitation.guest_constituency = "—", None, None
    invitation.guest_organisation, invitation.guest_gender, invitation.support_note = None, None, None
    invitation.guest_erased_at = datetime.now(UTC)
    db.session.execute(update(Notice).where(Notice.tenant_id == _tid(), Notice.member_id.is_(None),
                                            Notice.dedupe_key.like(f"%:guest:{invitation.id}"))
                       .values(recipient_email="erased@invalid", recipient_name="—", payload={}))
    db.session.flush()
    audit.record("erased", "guest", invitation.id)


def add_invitee(meeting: Meeting, member: Member, represented_by: Member | None = None) -> Invitation:
    """Invites a member (once notice is out, they are sent it). Naming an alternate to stand in for them
    replaces the one named before: that one's answer links stop working, the new one is sent the notice."""
    tid = _tid()
    inv = db.session.scalar(select(Invitation).where(Invitation.tenant_id == tid, Invitation.meeting_id == meeting.id,
                                                     Invitation.member_id == member.id))
    if inv is None:
        seated = db.session.scalar(select(CommitteeMember.member_id).where(
            CommitteeMember.tenant_id == tid, CommitteeMember.committee_id == meeting.committee_id,
            CommitteeMember.member_id == member.id)) is not None
        inv = Invitation(meeting_id=meeting.id, member_id=member.id, seated=seated,
                         represented_by_id=represented_by.id if represented_by is not None else None)
        db.session.add(inv)
        db.session.flush()
        if meeting.status == "notified":
            _notify_invitees(meeting, "meeting_invitation", [member.id])
    elif represented_by is not None and inv.represented_by_id != represented_by.id:
        inv.represented_by_id = represented_by.id
        db.session.flush()
        if meeting.status == "notified":
            _notify_invitees(meeting, "meeting_invitation", [member.id], stand_ins_only=True)
    audit.record("invited", "meeting", meeting.id, ["invitees"])
    return inv


def remove_stand_in(meeting: Meeting, invitation: Invitation) -> None:
    """The invitee comes in person after all: the alternate's answer links stop working."""
    if invitation.represented_by_id is None:
        return
    invitation.represented_by_id = None
    db.session.flush()
    audit.record("updated", "meeting", meeting.id, ["represented_by"])


def remove_invitee(meeting: Meeting, member: Member) -> None:
    tid = _tid()
    if meeting.status == "notified":
        _notify_invitees(meeting, "meeting_cancelled", [member.id])
    db.session.execute(delete(Invitation).where(Invitation.tenant_id == tid, Invitation.meeting_id == meeting.id,
                                                Invitation.member_id == member.id))
    audit.record("uninvited", "meeting", meeting.id, ["invitees"])


# --- agenda ---------------------------------------------------------------------------------

def matters_arising(meeting: Meeting) -> None:
    """On planning a committee's meeting: an agenda item for the committee's open action items, counted for the
    meeting's audience (the agenda must not tell them how many items they may not see); which items are open is
    asked of the actions feature (meetings/interfaces.py)."""
    from flask_babel import force_locale
    from flask_babel import gettext as _

    items = OPEN_ACTIONS()(meeting)
    if not items:
        return
    with force_locale(languages.interface_of(meeting.language)):
        title = _("Matters arising: %(n)d open action items", n=len(items))
    save_agenda_item(meeting, None, title=title[:300], presenter=None, minutes=None, kind="information")


def save_agenda_item(meeting: Meeting, item: AgendaItem | None, *, title: str, presenter: str | None,
                     minutes: int | None, kind: str) -> AgendaItem:
    if not title.strip():
        raise MeetingError("title", "required")
    if kind not in AGENDA_KINDS:
        raise MeetingError("kind", "invalid")
    if minutes is not None and not 0 < minutes <= 600:
        raise MeetingError("minutes", "invalid")
    if item is None:
        last = db.session.scalar(select(func.max(AgendaItem.position)).where(
            AgendaItem.tenant_id == _tid(), AgendaItem.meeting_id == meeting.id)) or 0
        item = AgendaItem(meeting_id=meeting.id, position=last + 1)
        db.session.add(item)
    item.title, item.presenter = title.strip(), (presenter or "").strip() or None
    item.minutes, item.kind = minutes, kind
    db.session.flush()
    audit.record("updated", "meeting", meeting.id, ["agenda"])
    return item


def move_agenda_item(meeting: Meeting, item: AgendaItem, direction: str) -> None:
    from webapp.core.ordering import move

    items = list(db.session.scalars(select(AgendaItem).where(
        AgendaItem.tenant_id == _tid(), AgendaItem.meeting_id == meeting.id).order_by(AgendaItem.position)))
    if move(items, item, direction):
        db.session.flush()


def delete_agenda_item(meeting: Meeting, item: AgendaItem) -> None:
    from webapp.meetings.models import Decision

    db.session.execute(update(Decision).where(Decision.tenant_id == _tid(), Decision.agenda_item_id == item.id)
                       .values(agenda_item_id=None))
    content.delete_translations("agenda_item", [item.id])
    item_id = item.id
    db.session.delete(item)
    db.session.flush()
    move_agenda_item_positions(meeting)
    audit.record("updated", "meeting", meeting.id, ["agenda"])
    audit.record("deleted", "agenda_item", item_id)


def move_agenda_item_positions(meeting: Meeting) -> None:
    items = db.session.scalars(select(AgendaItem).where(
        AgendaItem.tenant_id == _tid(), AgendaItem.meeting_id == meeting.id).order_by(AgendaItem.position))
    for n, it in enumerate(items, start=1):
        it.position = n
    db.session.flush()


# --- documents ------------------------------------------------------------------------------

def add_document(meeting: Meeting, filename: str, data: bytes, uploaded_by: str,
                 agenda_item_id: int | None = None, language: str | None = None,
                 original_id: int | None = None) -> MeetingDocument:
    """Attaches a paper, written in ``language`` (the meeting's by default); ``original_id`` makes it a version
    in another language of another paper of the meeting (issue 27)."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].strip()[:200] or "document"
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in DOCUMENT_TYPES:
        raise MeetingError("file", "type")
    if len(data) > MAX_DOCUMENT_BYTES:
        raise MeetingError("file", "size")
    if not data:
        raise MeetingError("file", "empty")
    content_type, magic = DOCUMENT_TYPES[ext]
    if magic and not any(data.startswith(m) for m in magic):
        raise MeetingError("file", "type")
    if not magic and b"\x00" in data[:4096]:
        raise MeetingError("file", "type")
    if agenda_item_id is not None and db.session.scalar(select(AgendaItem.id).where(
            AgendaItem.tenant_id == _tid(), AgendaItem.meeting_id == meeting.id,
            AgendaItem.id == agenda_item_id)) is None:
        raise MeetingError("agenda_item_id", "invalid")
    language = language or meeting.language
    if not languages.is_content(language):
        raise MeetingError("language", "invalid")
    if original_id is not None:
        original = db.session.scalar(select(MeetingDocument).where(
            MeetingDocument.tenant_id == _tid(), MeetingDocument.meeting_id == meeting.id,
            MeetingDocument.id == original_id, MeetingDocument.original_id.is_(None)))
        if original is None:
            raise MeetingError("original_id", "invalid")
        if (original.language or meeting.language) == language:
            raise MeetingError("original_id", "same_language")
        agenda_item_id = original.agenda_item_id
    doc = MeetingDocument(meeting_id=meeting.id, agenda_item_id=agenda_item_id, filename=name,
                          content_type=content_type, size=len(data), data=data, uploaded_by=uploaded_by[:200],
                          language=language, original_id=original_id)
    db.session.add(doc)
    db.session.flush()
    audit.record("uploaded", "meeting", meeting.id, ["documents"])
    return doc


def delete_document(meeting: Meeting, doc: MeetingDocument) -> None:
    db.session.delete(doc)
    db.session.flush()
    audit.record("removed", "meeting", meeting.id, ["documents"])


# --- RSVP and support -----------------------------------------------------------------------

def rsvp_token(tenant_id: int, invitation_id: int, member_id: int) -> str:
    """The answer link of one person: the invitee, or the alternate standing in for them (each their own)."""
    return signing.sign("rsvp", {"i": invitation_id, "m": member_id}, tenant_id)


def guest_rsvp_token(tenant_id: int, invitation_id: int) -> str:
    """A guest's answer link (a guest is no member: the link names the invitation alone)."""
    return signing.sign("rsvp", {"i": invitation_id, "g": 1}, tenant_id)


@dataclass(frozen=True)
class GuestReader:
    """Who answers through a guest's link: the page speaks the meeting's language, in the forum's time zone."""

    name: str
    locale: str | None
    id: None = None
    time_zone: None = None
    account_time_zone: None = None


def rsvp_link(token: str, now: datetime | None = None) -> tuple[Invitation, Meeting, Member | GuestReader]:
    """The invitation an answer link is for, its meeting, and who answers through it. Raises MeetingError
    ("link", why): "invalid" (forged, another forum's, gone), "over" (weeks after the meeting), "cancelled",
    "replaced" (the alternate it was sent to no longer stands in)."""
    tid = _tid()
    link = signing.verify("rsvp", token, tid)
    inv = db.session.scalar(select(Invitation).where(Invitation.tenant_id == tid, Invitation.id == link.data.get("i"))
                            ) if link else None
    meeting = db.session.get(Meeting, (tid, inv.meeting_id)) if inv else None
    if link is None or inv is None or meeting is None:
        raise MeetingError("link", "invalid")
    if signing.meeting_link_expired(meeting.end_at, now):
        raise MeetingError("link", "over")
    if meeting.status == "cancelled":
        raise MeetingError("link", "cancelled")
    if inv.member_id is None or link.data.get("g"):  # a guest's link, for a guest who is not erased
        if inv.member_id is not None or not link.data.get("g") or inv.guest_erased_at is not None:
            raise MeetingError("link", "invalid")
        return inv, meeting, GuestReader(inv.guest_name or "", meeting.language)
    member_id = link.data.get("m", inv.member_id)  # links mailed before per-person links: the invitee's
    if member_id not in (inv.member_id, inv.represented_by_id):
        raise MeetingError("link", "replaced")
    member = db.session.get(Member, (tid, member_id))
    if member is None or member.erased_at is not None:
        raise MeetingError("link", "invalid")
    return inv, meeting, member


def record_rsvp(invitation: Invitation, answer: str, by: Member | None = None) -> None:
    """Records the answer and who gave it (the invitee, or the alternate standing in for them)."""
    if answer not in ("yes", "no", "maybe"):
        raise MeetingError("rsvp", "invalid")
    invitation.rsvp = answer
    invitation.rsvp_at = datetime.now(UTC)
    invitation.rsvp_by_id = by.id if by is not None else invitation.member_id
    db.session.flush()
    audit.record("rsvp", "meeting", invitation.meeting_id, ["rsvp"])


def set_part(invitation: Invitation, part: str | None) -> None:
    """Who chairs, speaks or reports (None: takes part as an invitee)."""
    from webapp.meetings.models import PARTS

    if part is not None and part not in PARTS:
        raise MeetingError("part", "invalid")
    invitation.part = part
    db.session.flush()
    audit.record("updated", "meeting", invitation.meeting_id, ["part"])


def request_support(invitation: Invitation, kind: str, note: str | None, language: str | None = None) -> None:
    """A member's request for support to attend; one for interpretation names the language (issue 46: any tag)."""
    if kind not in SUPPORT_KINDS:
        raise MeetingError("support", "invalid")
    tag = languages.normal_tag(language) if "interpretation" in kind else ""
    if "interpretation" in kind and not tag:
        raise MeetingError("support_language", "required" if not (language or "").strip() else "tag")
    invitation.support, invitation.support_note = kind, (note or "").strip()[:500] or None
    invitation.support_language = tag or None
    invitation.support_status = "requested"
    db.session.flush()
    audit.record("support_requested", "meeting", invitation.meeting_id, ["support"])


def decide_support(invitation: Invitation, granted: bool) -> None:
    if invitation.support_status is None:
        raise MeetingError("support", "none")
    invitation.support_status = "granted" if granted else "refused"
    db.session.flush()
    member = db.session.get(Member, (invitation.tenant_id, invitation.member_id)) if invitation.member_id else None
    if member is not None:
        notices.notify_member("support_decision", member,
                              {"meeting_id": invitation.meeting_id, "granted": granted, "support": invitation.support},
                              f"support:{invitation.id}:{invitation.support_status}:{invitation.support}")
    audit.record("support_decided", "meeting", invitation.meeting_id, ["support"])


# --- personal calendar feed -----------------------------------------------------------------

def calendar_token(member: Member, renew: bool = False) -> str:
    if member.calendar_token is None or renew:
        member.calendar_token = secrets.token_urlsafe(24)
        db.session.flush()
    return member.calendar_token


def member_for_calendar(token: str) -> Member | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(Member).where(Member.tenant_id == _tid(), Member.calendar_token == token,
                                                  Member.active, Member.erased_at.is_(None)))


# --- reminders ------------------------------------------------------------------------------

def reminder_offsets() -> list[int]:
    """Minutes before the start, from the forum's settings (default 3 days and 2 hours)."""
    tenant = current_tenant()
    return list(tenant.setting("reminder_offsets_minutes") or [3 * 24 * 60, 120]) if tenant else [4320, 120]


def send_reminders(now: datetime | None = None) -> int:
    """For each offset, reminds those who said yes or maybe, once the meeting is that close."""
    tid = _tid()
    now = now or datetime.now(UTC)
    sent = 0
    for offset in reminder_offsets():
        horizon = now + timedelta(minutes=offset)
        rows = db.session.execute(
            select(Meeting.id, Meeting.sequence, Invitation.id, Member.id, Member.name, Member.email, Member.locale)
            .join(Invitation, (Invitation.tenant_id == Meeting.tenant_id) & (Invitation.meeting_id == Meeting.id))
            .join(Member, (Member.tenant_id == Invitation.tenant_id) & (Member.id == Invitation.member_id))
            .where(Meeting.tenant_id == tid, Meeting.status == "notified", Meeting.start_at > now,
                   Meeting.start_at <= horizon, Invitation.rsvp.in_(("yes", "maybe")), Member.notify_reminders,
                   Member.erased_at.is_(None))).all()
        recipients = [{"member_id": mid, "email": email, "name": name, "locale": locale,
                       "payload": {"meeting_id": meeting_id, "sequence": seq, "rsvp": rsvp_token(tid, inv_id, mid),
                                   "offset": offset},
                       "dedupe_key": f"reminder:{meeting_id}:{offset}:{mid}"}
                      for meeting_id, seq, inv_id, mid, name, email, locale in rows]
        sent += len(notices.queue_notices("meeting_reminder", recipients))
    return sent


@signals.member_erased.connect
def _erase_member(_sender: str, erasure: signals.Erasure) -> None:
    """Member erasure (webapp/members/services.py): their support notes; the name on documents they uploaded and
    minutes they approved, unless someone else in the forum has that name."""
    e = erasure
    db.session.execute(update(Invitation).where(Invitation.tenant_id == e.tenant_id,
                                                Invitation.member_id == e.member_id).values(support_note=None))
    if e.has_namesake:
        return
    db.session.execute(update(MeetingDocument).where(MeetingDocument.tenant_id == e.tenant_id,
                                                     MeetingDocument.uploaded_by == e.name).values(uploaded_by="—"))
    db.session.execute(update(Minutes).where(Minutes.tenant_id == e.tenant_id, Minutes.approved_by == e.name)
                       .values(approved_by="—"))
