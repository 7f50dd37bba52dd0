"""Every write to the member roll, organisations and committees. Services flush, never commit."""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask import current_app, g, has_request_context, session, url_for
from sqlalchemy import bindparam, case, delete, select, update
from sqlalchemy.orm import undefer

from tenants.context import current_tenant, current_tenant_id
from tenants.models import Tenant
from tenants.rls import prebuilt
from webapp.auth import services as accounts
from webapp.auth.models import User
from webapp.core import audit, content, deletion, languages, phones, signals, signing
from webapp.core.permissions import ROLES
from webapp.core.service_errors import ServiceError, tenant_id_or
from webapp.core.text import is_one_line, normalise_email
from webapp.core.zones import forum_today, is_zone
from webapp.extensions import db
from webapp.members import import_plan, membership
from webapp.members.models import (
    CHANNELS,
    COMMITTEE_KINDS,
    COMMITTEE_ROLES,
    CONSTITUENCIES,
    GENDERS,
    LEVELS,
    Committee,
    CommitteeMember,
    Member,
    Organisation,
    RollImport,
)
from webapp.notices.sms import services as sms

TERM_REMINDER_DAYS = 30

# fields the secretariat edits; the member edits PROFILE_FIELDS on their own profile
MEMBER_FIELDS = ("name", "email", "phone", "role", "organisation_id", "constituency", "alternate_of_id", "gender",
                 "youth", "languages", "locale", "region", "term_start", "term_end", "active",
                 "consent_public_name", "notify_reminders", "notify_digests", "time_zone", "channels", "sms_consent",
                 "may_translate")
PROFILE_FIELDS = ("phone", "gender", "youth", "languages", "locale", "region", "consent_public_name",
                  "notify_reminders", "notify_digests", "channels", "sms_consent")


class MemberError(ServiceError):
    pass


def _tid() -> int:
    return tenant_id_or(MemberError)


ONE_LINE_FIELDS = ("name", "email", "phone", "region")


def _refuse_control_characters(values: dict[str, Any], fields: Iterable[str]) -> None:
    """One-line text holds no control character: the forms refuse them, and so do the paths that bypass
    forms (roll import, CLI, other features)."""
    for key in fields:
        if isinstance(values.get(key), str) and not is_one_line(values[key]):
            raise MemberError(key, "control_characters")


def _validate(values: dict[str, Any]) -> None:
    _refuse_control_characters(values, ONE_LINE_FIELDS)
    if "role" in values and values["role"] not in ROLES:
        raise MemberError("role", "invalid")
    if "gender" in values and values["gender"] not in GENDERS:
        raise MemberError("gender", "invalid")
    if values.get("constituency") and values["constituency"] not in CONSTITUENCIES:
        raise MemberError("constituency", "invalid")
    if values.get("locale") and values["locale"] not in dict(languages.member_choices()):
        raise MemberError("locale", "invalid")
    if values.get("time_zone") and not is_zone(values["time_zone"]):
        raise MemberError("time_zone", "invalid")
    start, end = values.get("term_start"), values.get("term_end")
    if start and end and end < start:
        raise MemberError("term_end", "before_start")
    if "name" in values and not (values["name"] or "").strip():
        raise MemberError("name", "required")
    tid = current_tenant_id()
    if values.get("organisation_id") and db.session.get(Organisation, (tid, values["organisation_id"])) is None:
        raise MemberError("organisation_id", "invalid")
    if values.get("alternate_of_id") and db.session.get(Member, (tid, values["alternate_of_id"])) is None:
        raise MemberError("alternate_of_id", "invalid")


def _contact(values: dict[str, Any], member: Member | None = None) -> None:
    """The phone in E.164 (the forum's country the default region), the channels, and the SMS consent as the moment
    it was given (``sms_consent``: a yes/no from a form becomes ``sms_consent_at``). SMS needs a phone."""
    if "phone" in values:
        tenant = current_tenant()
        try:
            values["phone"] = phones.normalise(values["phone"], tenant.country if tenant else None)
        except phones.InvalidPhone:
            raise MemberError("phone", "invalid") from None
    if "channels" in values and values["channels"] not in CHANNELS:
        raise MemberError("channels", "invalid")
    if "sms_consent" in values:
        consent = bool(values.pop("sms_consent"))
        had = member is not None and member.sms_consent_at is not None
        if consent != had:
            values["sms_consent_at"] = datetime.now(UTC) if consent else None
    channels = values.get("channels", member.channels if member is not None else "email")
    phone = values.get("phone", member.phone if member is not None else None)
    if channels in ("sms", "both") and not phone:
        raise MemberError("phone", "required_for_sms")


def _email_taken(email: str, except_id: int | None = None) -> bool:
    stmt = select(Member.id).where(Member.tenant_id == _tid(), Member.email == email, Member.erased_at.is_(None))
    if except_id is not None:
        stmt = stmt.where(Member.id != except_id)
    return db.session.scalar(stmt.limit(1)) is not None


def add_member(name: str, email: str | None = None, role: str = "member", user: User | None = None,
               **fields: Any) -> Member:
    values = {"name": name.strip(), "email": normalise_email(email) or None, "role": role, **fields}
    _validate(values)
    _contact(values)
    if values["email"] and _email_taken(values["email"]):
        raise MemberError("email", "taken")
    member = Member(user_id=user.id if user else None, **values)
    db.session.add(member)
    db.session.flush()
    if user is not None:
        accounts.link_forum(user.id, member.tenant_id)
    audit.record("created", "member", member.id, [k for k, v in values.items() if v not in (None, "", [], ())])
    membership.roll_changed()
    return member


def update_member(member: Member, changes: dict[str, Any], allowed: Iterable[str] = MEMBER_FIELDS) -> list[str]:
    """Applies the allowed changes; returns the names of the fields that really changed."""
    allowed = set(allowed)
    values = {k: v for k, v in changes.items() if k in allowed}
    if "email" in values:
        values["email"] = normalise_email(values["email"]) or None
        if values["email"] and values["email"] != member.email and _email_taken(values["email"], member.id):
            raise MemberError("email", "taken")
    _validate({"term_start": member.term_start, "term_end": member.term_end, **values})
    _contact(values, member)
    if values.get("alternate_of_id") == member.id:
        raise MemberError("alternate_of_id", "self")
    changed = []
    for key, value in values.items():
        if getattr(member, key) != value:
            setattr(member, key, value)
            changed.append(key)
    if changed:
        db.session.flush()
        audit.record("updated", "member", member.id, changed)
        if {"role", "active", "term_end"} & set(changed):
            membership.roll_changed()
    return changed


def update_profile(member: Member, changes: dict[str, Any]) -> list[str]:
    return update_member(member, changes, allowed=PROFILE_FIELDS)


def withdraw_consent(member: Member) -> None:
    update_member(member, {"consent_public_name": False}, allowed=("consent_public_name",))


def erase_member(member: Member) -> None:
    """Removes every piece of personal data; the row stays so that history (attendance, votes)
    keeps its shape, and the audit log keeps only that an erasure happened."""
    tid = _tid()
    old_name, old_user_id, old_phone = member.name, member.user_id, member.phone
    if member.user_id is not None:
        accounts.unlink_forum(member.user_id, tid)
    # staged roll imports (previews awaiting confirmation) that list the person, or that they uploaded
    staged_with_them = RollImport.created_by_id == member.id
    if member.email:
        staged_with_them = staged_with_them | RollImport.parsed_rows.contains([{"email": member.email}])
    db.session.execute(delete(RollImport).where(RollImport.tenant_id == tid, staged_with_them))
    _erase_traces(tid, member.id, old_name, old_user_id)
    for key, value in {"name": "—", "email": None, "phone": None, "user_id": None, "gender": "undisclosed",
                       "youth": None, "languages": [], "locale": None, "region": None, "alternate_of_id": None,
                       "consent_public_name": False, "active": False, "email_bouncing": False,
                       "channels": "email", "sms_consent_at": None}.items():
        setattr(member, key, value)
    member.erased_at = datetime.now(UTC)
    membership.roll_changed()
    db.session.execute(update(Member).where(Member.tenant_id == tid, Member.alternate_of_id == member.id)
                       .values(alternate_of_id=None))
    db.session.execute(delete(CommitteeMember).where(CommitteeMember.tenant_id == tid,
                                                     CommitteeMember.member_id == member.id))
    from webapp.notices.models import Notice

    db.session.execute(update(Notice).where(Notice.tenant_id == tid, Notice.member_id == member.id)
                       .values(recipient_email="erased@invalid", recipient_name="—", payload={}))
    from webapp.notices.sms.models import SmsMessage, SmsReplyCode

    # the platform's routing of reply codes keeps the phone: the codes sent to this member lead nowhere any more
    db.session.execute(delete(SmsReplyCode).where(SmsReplyCode.tenant_id == tid, SmsReplyCode.member_id == member.id))
    db.session.execute(update(SmsMessage).where(SmsMessage.tenant_id == tid, SmsMessage.member_id == member.id)
                       .values(recipient_phone="erased", recipient_name="—", body="—",
                               status=case((SmsMessage.status == "pending", "failed"), else_=SmsMessage.status)))
    if old_phone:  # what the phone texted this forum (its STOP stays in the platform's opt-outs)
        from webapp.notices.sms import inbound

        inbound.erase_phone(tid, old_phone)
    db.session.flush()
    audit.record("erased", "member", member.id)


def _erase_traces(tid: int, member_id: int, name: str, user_id: int | None) -> None:
    """The name and free text the member left elsewhere in the forum: the actor in the change log here; support
    notes on invitations, stored reports that list people, the author of action updates, who uploaded a document
    or approved minutes, through the listeners of signals.member_erased (webapp/core/signals.py)."""
    from webapp.core.audit import AuditEvent

    if user_id is not None:
        db.session.execute(update(AuditEvent).where(AuditEvent.tenant_id == tid, AuditEvent.actor_user_id == user_id)
                           .values(actor="—", actor_user_id=None))
    # records that keep a name, not an id, are cleared only if no one else in the forum has that name
    namesake = db.session.scalar(select(Member.id).where(Member.tenant_id == tid, Member.id != member_id,
                                                         Member.name == name, Member.erased_at.is_(None)).limit(1))
    signals.member_erased.send("members", erasure=signals.Erasure(tid, member_id, name, user_id,
                                                                   has_namesake=namesake is not None))
    if namesake is not None:
        return
    db.session.execute(update(AuditEvent).where(AuditEvent.tenant_id == tid, AuditEvent.actor == name)
                       .values(actor="—", actor_user_id=None))


def export_own_data(member: Member) -> dict[str, Any]:
    tid = _tid()
    org = db.session.get(Organisation, (tid, member.organisation_id)) if member.organisation_id else None
    seats = db.session.execute(
        select(Committee.name, CommitteeMember.role).join(
            CommitteeMember, (CommitteeMember.tenant_id == Committee.tenant_id)
            & (CommitteeMember.committee_id == Committee.id))
        .where(CommitteeMember.tenant_id == tid, CommitteeMember.member_id == member.id)).all()
    data = {k: getattr(member, k) for k in ("name", "email", "phone", "role", "constituency", "gender", "youth",
                                            "languages", "locale", "region", "term_start", "term_end", "active",
                                            "consent_public_name", "notify_reminders", "notify_digests")}
    data = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in data.items()}
    data["organisation"] = org.name if org else None
    data["committees"] = [{"committee": name, "role": role} for name, role in seats]
    data["forum"] = current_tenant().name if current_tenant() else None
    return data


# --- organisations --------------------------------------------------------------------------

def save_organisation(org: Organisation | None, *, name: str, acronym: str | None, constituency: str,
                      country: str | None) -> Organisation:
    name = name.strip()
    if not name:
        raise MemberError("name", "required")
    _refuse_control_characters({"name": name, "acronym": acronym, "country": country}, ("name", "acronym", "country"))
    if constituency not in CONSTITUENCIES:
        raise MemberError("constituency", "invalid")
    _refuse_taken_name(Organisation, org, name)
    values = {"name": name, "acronym": (acronym or "").strip() or None, "constituency": constituency,
              "country": (country or "").strip().upper() or None}
    return _create_or_update(Organisation, org, "organisation", values)


def delete_organisation(org: Organisation) -> None:
    """An organisation nobody belongs to and nothing else names (webapp/core/signals.py asks the features above),
    with its content translations; else refused with what stands in the way."""
    from sqlalchemy import func

    tid = _tid()
    live, erased = db.session.execute(select(
        func.count().filter(Member.erased_at.is_(None)), func.count().filter(Member.erased_at.is_not(None)))
        .where(Member.tenant_id == tid, Member.organisation_id == org.id)).one()
    if live:
        raise MemberError("organisation", "has_members", count=live)
    deletion.refuse_if_used("organisation", org.id, MemberError)
    if erased:  # their rows keep the organisation so the roll's history stays whole
        raise MemberError("organisation", "erased_members", count=erased)
    deletion.delete_with_translations(org, "organisation")


def _refuse_taken_name(model: type[Organisation] | type[Committee], obj: Organisation | Committee | None,
                       name: str) -> None:
    """Names are unique within a forum (the database says so too; this gives the form a clear message)."""
    clash = select(model.id).where(model.tenant_id == _tid(), model.name == name)
    if obj is not None:
        clash = clash.where(model.id != obj.id)
    if db.session.scalar(clash) is not None:
        raise MemberError("name", "taken")


def _create_or_update(model: type[Any], obj: Any, kind: str, values: dict[str, Any]) -> Any:  # noqa: ANN401
    """Creates ``model(**values)`` or changes what differs on ``obj``; the audit log records which fields."""
    if obj is None:
        obj = model(**values)
        db.session.add(obj)
        db.session.flush()
        audit.record("created", kind, obj.id, values)
        return obj
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    for k in changed:
        setattr(obj, k, values[k])
    db.session.flush()
    if changed:
        audit.record("updated", kind, obj.id, changed)
    return obj


# --- committees -----------------------------------------------------------------------------

def save_committee(committee: Committee | None, *, name: str, kind: str, level: str, active: bool = True
                   ) -> Committee:
    name = name.strip()
    if not name:
        raise MemberError("name", "required")
    _refuse_control_characters({"name": name}, ("name",))
    if kind not in COMMITTEE_KINDS:
        raise MemberError("kind", "invalid")
    if level not in LEVELS:
        raise MemberError("level", "invalid")
    _refuse_taken_name(Committee, committee, name)
    values = {"name": name, "kind": kind, "level": level, "active": active}
    return _create_or_update(Committee, committee, "committee", values)


def set_seat(committee: Committee, member: Member, role: str | None) -> None:
    """Seats a member on a committee with a role, changes the role, or (role None) removes the seat."""
    tid = _tid()
    if role is not None and role not in COMMITTEE_ROLES:
        raise MemberError("role", "invalid")
    seat = db.session.get(CommitteeMember, (tid, committee.id, member.id))
    if role is None:
        if seat is not None:
            db.session.delete(seat)
            audit.record("left_committee", "member", member.id, ["committee"])
        return
    if seat is None:
        db.session.add(CommitteeMember(committee_id=committee.id, member_id=member.id, role=role))
        audit.record("joined_committee", "member", member.id, ["committee"])
    elif seat.role != role:
        seat.role = role
        audit.record("updated", "member", member.id, ["committee_role"])
    db.session.flush()


# --- invitations to create an account -------------------------------------------------------

def invitation_token(member: Member) -> str:
    return signing.sign("member_invitation", {"m": member.id, "e": member.email}, member.tenant_id)


def member_for_invitation(token: str) -> Member | None:
    """The member the link was made for, while it is still unused; None otherwise."""
    link = signing.verify("member_invitation", token, current_tenant_id())
    if link is None:
        return None
    member = db.session.scalar(select(Member).where(Member.tenant_id == _tid(), Member.id == link.data.get("m")))
    if member is None or member.user_id is not None or member.erased_at is not None or not member.active \
            or member.email != link.data.get("e"):
        return None
    return member


def masked_email(email: str) -> str:
    """Enough for its owner to recognise it, not enough for whoever else reads a forwarded link:
    a***@example.org."""
    local, _at, domain = email.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


def invite_member(member: Member) -> int | None:
    """Emails the member (forum outbox, in their language) a one-time link to create an account."""
    from webapp.notices.services import notify_member

    if not member.email:
        raise MemberError("email", "required")
    if member.user_id is not None:
        raise MemberError("user", "already_linked")
    link = current_app.config["BASE_URL"] + url_for("tenant.members.join", token=invitation_token(member))
    notice_id = notify_member("member_invitation", member, {"link": link, "forum": current_tenant().name},
                              f"member-invite:{member.id}:{datetime.now(UTC).date().isoformat()}")
    audit.record("invited", "member", member.id)
    return notice_id


def accept_invitation(member: Member, user: User) -> None:
    if db.session.scalar(select(Member.id).where(Member.tenant_id == _tid(), Member.user_id == user.id)):
        raise MemberError("user", "already_member")
    member.user_id = user.id
    accounts.link_forum(user.id, member.tenant_id)
    db.session.flush()
    audit.record("linked_account", "member", member.id, ["user"])


# --- import ---------------------------------------------------------------------------------

def import_rows(rows: Iterable[Any], columns: Iterable[str] | None = None) -> tuple[int, int]:
    """Creates or updates members by email (by phone for members without one) from validated CSV rows
    (csv_io.RowData); returns (created, updated). Only the file's ``columns`` change anything (None: every column);
    the rules are import_plan's. Organisations are matched by name and created when new. ImportRefused (nothing
    written) when the import would leave the forum without a current secretariat member."""
    plan = import_plan.plan_import(list(rows), tuple(columns) if columns is not None else None)
    if plan.refusal is not None:
        raise plan.refusal
    orgs = {o.name.lower(): o for o in db.session.scalars(select(Organisation).where(Organisation.tenant_id == _tid()))}
    created = updated = 0
    added: dict[str, Member] = {}
    for line in plan.lines:
        row, values = line.row, dict(line.values)
        org = _import_organisation(line, orgs) if "organisation" in plan.columns else None
        if "organisation" in plan.columns:
            values["organisation_id"] = org.id if org else None
        elif line.member is not None and line.member.organisation_id:
            org = next((o for o in orgs.values() if o.id == line.member.organisation_id), None)
        if "constituency" in plan.columns or line.member is None:
            values["constituency"] = row.constituency if (row.constituency and (
                org is None or org.constituency != row.constituency)) else None
        if not row.email:
            values["channels"] = "sms"  # no e-mail: the roll's notices go by SMS once the member consents
        member = line.member or added.get(line.key)
        if member is None:
            added[line.key] = add_member(row.name, row.email, **{k: v for k, v in values.items() if k != "name"})
            created += 1
        elif update_member(member, values):
            updated += 1
    return created, updated


def _import_organisation(line: Any, orgs: dict[str, Organisation]) -> Organisation | None:
    """The organisation a line names, created when new (with the line's acronym and constituency)."""
    if not line.organisation:
        return None
    org = orgs.get(line.organisation.lower())
    if org is None:
        org = save_organisation(None, name=line.organisation, acronym=line.row.acronym,
                                constituency=line.row.constituency or "other", country=None)
        orgs[org.name.lower()] = org
    return org


# --- staged roll imports (preview, then confirmation) ---------------------------------------

def _row_json(row: Any) -> dict[str, Any]:
    """A csv_io.RowData as plain JSON (dates as ISO strings, languages as a list)."""
    values = dataclasses.asdict(row)
    for key in ("term_start", "term_end"):
        values[key] = values[key].isoformat() if values[key] else None
    values["languages"] = list(values["languages"])
    return values


def _row_from_json(values: dict[str, Any]) -> Any:
    from webapp.members.csv_io import RowData

    return RowData(**{**values, "languages": tuple(values.get("languages") or ()),
                      "blank": tuple(values.get("blank") or ()),
                      **{k: date.fromisoformat(values[k]) if values.get(k) else None
                         for k in ("term_start", "term_end")}})


def purge_expired_imports(now: datetime | None = None) -> int:
    """Deletes the forum's staged imports whose preview has expired; returns how many."""
    result = db.session.execute(delete(RollImport).where(RollImport.tenant_id == _tid(),
                                                         RollImport.expires_at <= (now or datetime.now(UTC))))
    return result.rowcount or 0


def stage_import(rows: Iterable[Any], filename: str, created_by: Member | None,
                 ignored_columns: Iterable[str] = (), columns: Iterable[str] | None = None) -> RollImport:
    """Keeps a validated roll (csv_io.RowData rows) on the server until the secretariat confirms it or it
    expires (ROLL_IMPORT_TTL seconds). Expired previews of the forum are deleted first."""
    purge_expired_imports()
    rows = [_row_json(r) for r in rows]
    if not rows:
        raise MemberError("import", "empty")
    staged = RollImport(created_by_id=created_by.id if created_by else None, filename=(filename or "")[:200],
                        parsed_rows=rows, summary={"rows": len(rows), "ignored_columns": list(ignored_columns),
                                                     **({"columns": list(columns)} if columns is not None else {})},
                        expires_at=datetime.now(UTC) + timedelta(seconds=current_app.config["ROLL_IMPORT_TTL"]))
    db.session.add(staged)
    db.session.flush()
    return staged


def confirm_import(import_id: int, now: datetime | None = None) -> tuple[int, int]:
    """Applies a staged import once and deletes it; returns (created, updated). The row is locked, so two
    confirmations at once apply it once. MemberError code "gone" (not this forum's, or already applied or
    swept) or "expired" (then deleted, nothing imported)."""
    tid = _tid()
    staged = db.session.scalar(select(RollImport).where(RollImport.tenant_id == tid, RollImport.id == import_id)
                               .with_for_update())
    if staged is None:
        raise MemberError("import", "gone")
    if staged.expires_at <= (now or datetime.now(UTC)):
        raise MemberError("import", "expired")  # left for the next upload or the sweep to delete
    columns = (staged.summary or {}).get("columns")  # None: staged before the file's columns were kept
    created, updated = import_rows((_row_from_json(r) for r in staged.parsed_rows), columns)
    db.session.delete(staged)
    db.session.flush()
    return created, updated


# --- access and terms -----------------------------------------------------------------------

_PRELOADED_MEMBER = "_baraza_preloaded_member"


def member_for_user(user_id: int) -> Member | None:
    """The signed-in user's row in the current forum; none once their term has ended."""
    tid = current_tenant_id()
    if tid is None:
        return None
    preloaded = g.get(_PRELOADED_MEMBER)
    if preloaded is not None and preloaded[:2] == (tid, user_id):
        member = preloaded[2]
    else:
        member = db.session.scalar(select(Member).where(Member.tenant_id == tid, Member.user_id == user_id))
    if member is not None and member.term_end is not None and member.term_end < forum_today():
        return None
    return member


def seat_role(member_id: int, committee_id: int) -> str | None:
    """The member's role on the committee (chair, co_chair, member), or None without a seat."""
    return db.session.scalar(select(CommitteeMember.role).where(
        CommitteeMember.tenant_id == current_tenant_id(), CommitteeMember.member_id == member_id,
        CommitteeMember.committee_id == committee_id))


SIGNED_IN = prebuilt(select(User, Member)
                     .outerjoin(Member, (Member.tenant_id == bindparam("tid")) & (Member.user_id == User.id))
                     .where(User.session_token == bindparam("token"), User.active))  # every forum page's, built once


def preload_signed_in(tenant: Tenant) -> None:
    """On a forum's page with a session: the user and their member row in this forum in one statement (issue 23:
    the tenant, the user and the member were three statements, plus two set_config, before any content)."""
    token = session.get("_user_id") if has_request_context() else None
    if not isinstance(token, str):
        return
    row = db.session.execute(SIGNED_IN, {"tid": tenant.id, "token": token}).first()
    user, member = row if row is not None else (None, None)
    accounts.preloaded_user(token, user)
    if user is not None:
        g.setdefault(_PRELOADED_MEMBER, (tenant.id, user.id, member))


# --- the roll as notices see it (webapp/notices/recipients.py, bound in webapp/wiring.py) ----------------------

def everyone_with_email() -> list[Member]:
    """The current forum's active members with an email, by id: an announcement's recipients."""
    return list(db.session.scalars(
        select(Member).where(Member.tenant_id == current_tenant_id(), Member.active, Member.email.is_not(None))
        .order_by(Member.id)).all())


def member_of_forum(tenant_id: int, member_id: int) -> Member | None:
    return db.session.scalar(select(Member).options(undefer(Member.account_time_zone))
                             .where(Member.tenant_id == tenant_id, Member.id == member_id))


def members_of_forum(tenant_id: int, member_ids: Iterable[int]) -> list[Member]:
    """Several members at once (one query): a batch of e-mails reads its recipients' zones together."""
    ids = sorted(set(member_ids))
    if not ids:
        return []
    return list(db.session.scalars(select(Member).options(undefer(Member.account_time_zone))
                                   .where(Member.tenant_id == tenant_id, Member.id.in_(ids))))


def secretariat_email(tenant_id: int) -> str | None:
    return db.session.scalar(
        select(Member.email).where(Member.tenant_id == tenant_id, Member.role == "secretariat", Member.active,
                                   Member.email.is_not(None)).order_by(Member.id).limit(1))



def contacts(member_ids: Iterable[int]) -> dict[int, sms.Contact]:
    """How these members of the current forum are reached (one query), for the SMS channel (webapp/notices/sms): the
    language of their SMS is their notice language, else their account's interface language (else the forum's); their
    zone is their account's, else the roll's (else the forum's)."""
    rows = db.session.execute(select(Member.id, Member.name, Member.phone, Member.channels, Member.sms_consent_at,
                                     Member.locale, Member.active, Member.erased_at, Member.time_zone,
                                     User.locale.label("user_locale"), User.time_zone.label("user_zone"))
                              .outerjoin(User, User.id == Member.user_id)
                              .where(Member.tenant_id == current_tenant_id(), Member.id.in_(list(member_ids)))).all()
    return {r.id: sms.Contact(r.id, r.name, r.phone if r.active and r.erased_at is None else None, r.channels,
                              r.sms_consent_at is not None, r.locale or r.user_locale,
                              next((z for z in (r.user_zone, r.time_zone) if z and is_zone(z)), None)) for r in rows}



def remind_term_ends() -> int:
    """Tells the secretariat about each term that ends within 30 days (once per member and term)."""
    from webapp.notices.services import notify_member

    tid = _tid()
    now = forum_today()
    membership.roll_changed()  # daily: terms that ended since yesterday leave the forum's count
    ending = db.session.scalars(select(Member).where(
        Member.tenant_id == tid, Member.active, Member.term_end.is_not(None),
        Member.term_end >= now, Member.term_end <= now + timedelta(days=TERM_REMINDER_DAYS))
        .order_by(Member.term_end, Member.name)).all()
    if not ending:
        return 0
    secretariat = db.session.scalars(select(Member).where(
        Member.tenant_id == tid, Member.role == "secretariat", Member.active, Member.email.is_not(None))).all()
    sent = 0
    for person in ending:
        for sec in secretariat:
            payload = {"member": person.name, "term_end": person.term_end.isoformat(), "member_id": person.id}
            if notify_member("term_ending", sec, payload, f"term-end:{person.id}:{person.term_end}:{sec.id}"):
                sent += 1
    return sent


# issue 27: committee and organisation names, translated as a list by the forum's translators (core/content.py)
def content_kinds() -> tuple[content.Kind, ...]:
    """The texts a translator translates as lists (bound in webapp/wiring.py)."""
    from flask_babel import lazy_gettext as _l

    return (content.Kind("committee", _l("Committee names"), Committee, ("name",)),
            content.Kind("organisation", _l("Organisation names"), Organisation, ("name",)))
