"""Inbound SMS (issues 25 and 34): replies with a code ("NDIYO 4KX7Q"), STOP, START and HELP, routed under row-level
security.

An inbound SMS names no forum, and with no forum set RLS shows no member. So the platform table ``sms_reply_codes``
(written when a code goes out, ``codes.issue``) maps each live reply code to its forum, kind, object, member and
phone; the endpoint resolves the forum there and then acts inside that forum's tenant context. A personal code counts
only from the phone it was sent to: a phone shared by several members is told apart by the code, and another forum's
code (or another member's) from this phone is no answer; a shared code (no phone) counts from any phone.

A reply is split into its code, a keyword and the remaining words (numbers or free text) and handed to the handler
the owning feature bound for the code's kind (``REPLY_KINDS``, webapp/wiring.py): meetings' RSVP is one. STOP, START
and HELP stay here; HELP names the kinds of code live for the number.

Everything received is logged once (``sms_inbound``, unique on Kannel's message id: the same message twice changes
nothing). What is not understood is answered with help at most once a day per number; HELP at most once an hour.
Every automatic reply also passes ``auto_reply.may_auto_reply`` (an identical repeat is not confirmed again; a cap
per number per hour and per day). Replies go through the SMS outbox of a forum the number belongs to, never as
Kannel's HTTP reply body; a number no forum knows is logged and not answered (no forum's allowance pays for it)."""
from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Protocol

from sqlalchemy import delete, or_, select
from sqlalchemy.dialects.postgresql import insert

from tenants.models import Tenant
from tenants.rls import tenant_context
from webapp.binding import Interface
from webapp.core import phones
from webapp.extensions import db
from webapp.notices.sms import auto_reply, codes, encoding
from webapp.notices.sms import services as sms
from webapp.notices.sms.builder import Draft, Fields
from webapp.notices.sms.models import SmsAutoReply, SmsInbound, SmsOptOut, SmsReplyCode

log = logging.getLogger(__name__)

# Keywords after normalising (upper case, no accents, no apostrophes or hyphens, words joined): the words of
# translations/GLOSSARY.md in English, French, Spanish, Swahili and Hausa. A feature's own keywords (YES, NO ...)
# live with its handler.
STOP = {"STOP", "ARRET", "ALTO", "ACHA", "TSAYA", "UNSUBSCRIBE"}
START = {"START", "DEMARRER", "INICIAR", "ANZA", "FARA"}
HELP = {"HELP", "AIDE", "AYUDA", "MSAADA", "TAIMAKO", "INFO"}
HELP_EVERY = timedelta(hours=1)  # HELP, per number
UNKNOWN_HELP_EVERY = timedelta(days=1)  # what is not understood, per number
_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc\u02bb`\u00b4\-\u2010\u2011\u2013.,!?;:]")


def normalise(text: str) -> list[str]:
    """Words in upper case without accents (Hausa's hooked letters plain), apostrophes (straight or curly) or hyphens;
    spacing does not matter."""
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(encoding.PLAIN_HAUSA))  # ƙ is no k + accent
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _APOSTROPHES.sub("", plain).upper().split()


@dataclass(frozen=True)
class Reply:
    """A reply split at its code: the keyword (the first other word, or None), the remaining words after it
    (normalised: numbers, or free text in upper case) and the same words as written."""

    code: str
    keyword: str | None
    words: tuple[str, ...]
    text: str
    phone: str = ""  # who sent it (E.164): a shared code's handler finds the member by it

    @property
    def said(self) -> tuple[str, ...]:
        """The keyword and the remaining words (a keyword may be written in several words: PEUT ETRE)."""
        return ((self.keyword,) if self.keyword else ()) + self.words


@dataclass(frozen=True)
class Parsed:
    kind: str  # "reply", "stop", "start", "help", "unknown"
    words: tuple[str, ...] = ()  # normalised
    written: tuple[str, ...] = ()  # as written, one for each normalised word
    candidates: tuple[int, ...] = ()  # the words that may be a code, in order

    def reply(self, at: int) -> Reply:
        """The reply with its code at word ``at`` (the code before or after the keyword)."""
        rest = [i for i in range(len(self.words)) if i != at]
        keyword = self.words[rest[0]] if rest else None
        return Reply(self.words[at], keyword, tuple(self.words[i] for i in rest[1:]),
                     " ".join(self.written[i] for i in rest[1:]))


CODE = re.compile(r"^[A-Z0-9]{4,8}$")


def parse(text: str) -> Parsed:
    written = [w for w in (text or "").split() if normalise(w)]
    words = [normalise(w)[0] for w in written]
    joined = "".join(words)
    if joined in STOP or (words and words[0] in STOP):
        return Parsed("stop")
    if joined in START or (words and words[0] in START):
        return Parsed("start")
    if joined in HELP or (words and words[0] in HELP):
        return Parsed("help")
    candidates = tuple(i for i, word in enumerate(words) if CODE.match(word))
    if candidates:
        return Parsed("reply", tuple(words), tuple(written), candidates)
    return Parsed("unknown")


# --- the routing table ---------------------------------------------------------------------------------------

def live_route(code: str, phone: str, now: datetime | None = None) -> SmsReplyCode | None:
    """The live code sent to this phone, or a live shared code (no phone); None for an unknown or expired code, or one
    sent to another phone (another forum's code, or another member's)."""
    return db.session.scalar(select(SmsReplyCode).where(
        SmsReplyCode.reply_code == code, or_(SmsReplyCode.phone == phone, SmsReplyCode.phone.is_(None)),
        SmsReplyCode.expires_at > (now or datetime.now(UTC))).order_by(SmsReplyCode.id.desc()).limit(1))


def latest_route(phone: str) -> SmsReplyCode | None:
    """The forum that last sent this number a code (where its help and acknowledgements come from)."""
    return db.session.scalar(select(SmsReplyCode).where(SmsReplyCode.phone == phone)
                             .order_by(SmsReplyCode.id.desc()).limit(1))


def opted_out(phone: str) -> bool:
    return db.session.get(SmsOptOut, phone) is not None


# --- forgetting ---------------------------------------------------------------------------------------------------

def erase_phone(tenant_id: int, phone: str) -> None:
    """Member erasure: what this phone texted this forum, and the automatic replies this forum sent it, are deleted;
    other forums' rows stay (one phone can belong to members of several forums), and so does a STOP (forgetting it
    would text someone who opted out)."""
    db.session.execute(delete(SmsInbound).where(SmsInbound.tenant_id == tenant_id, SmsInbound.phone == phone))
    db.session.execute(delete(SmsAutoReply).where(SmsAutoReply.tenant_id == tenant_id, SmsAutoReply.phone == phone))


def purge_old(days: int) -> int:
    """Inbound SMS (and automatic replies) older than ``days`` are deleted; returns the inbound rows deleted."""
    since = datetime.now(UTC) - timedelta(days=days)
    db.session.execute(delete(SmsAutoReply).where(SmsAutoReply.sent_at < since))
    return db.session.execute(delete(SmsInbound).where(SmsInbound.received_at < since)).rowcount or 0


# --- what a feature answers ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Handled:
    """A reply its feature understood: the confirmation to send (the SMS builder's draft, built in the member's
    language), or None for none, and what it understood, in one word (``yes``): the same word to the same code again
    is a repeat (auto-reply limits). ``refused``: the words were understood but nothing was recorded (an objection
    without its reason, a closed proposal ...): the confirmation then says why, and the message is logged "refused"."""

    confirmation: Draft | None
    said: str = ""
    refused: bool = False
    member_id: int | None = None  # whom the confirmation is for, when the code names nobody (a shared code)


class ReplyHandler(Protocol):
    def __call__(self, route: SmsReplyCode, reply: Reply) -> Handled | None:
        """Acts on a reply to a code of its kind, inside the code's forum; None when the words mean nothing to it
        (the number gets help, as for any message not understood)."""


@dataclass(frozen=True)
class ReplyKind:
    """A kind of reply code: its handler and the builder's sentence (webapp/notices/sms/sentences.py) of HELP for a
    number its codes are live for."""

    handle: ReplyHandler
    help: str = "help"


REPLY_KINDS: Interface[Mapping[str, ReplyKind]] = Interface(
    "notices.sms.inbound.REPLY_KINDS", "What a reply to a code of each kind means, by kind (meetings: rsvp).")


# --- receiving ---------------------------------------------------------------------------------------------------

def receive(message_id: str, sender: str, text: str) -> str:
    """Records and acts on one inbound SMS (no forum set). Returns its outcome; "duplicate" when this message id was
    received before (nothing changes)."""
    try:
        phone = phones.normalise(sender, None) or sender.strip()
    except phones.InvalidPhone:
        phone = sender.strip()[:20]
    table = SmsInbound.__table__
    row_id = db.session.execute(insert(table).values(
        message_id=message_id[:64], phone=phone[:20], body=(text or "")[:2000], outcome="unknown", answered=False)
        .on_conflict_do_nothing(index_elements=["message_id"]).returning(table.c.id)).scalar()
    if row_id is None:
        return "duplicate"
    row = db.session.get(SmsInbound, row_id)
    parsed = parse(text)
    for at in parsed.candidates:
        route = live_route(parsed.words[at], phone)
        if route is not None and route.kind in REPLY_KINDS():
            if _answered(row, route, parsed.reply(at)):
                return row.outcome
            break
    if parsed.kind == "stop":
        db.session.execute(insert(SmsOptOut.__table__).values(phone=phone).on_conflict_do_nothing())
        row.outcome = "stop"
        _reply(row, "opt_out", _stop_text, auto_reply.OPT_CODE, "stop")
    elif parsed.kind == "start":
        db.session.execute(delete(SmsOptOut).where(SmsOptOut.phone == phone))
        row.outcome = "start"
        _reply(row, "opt_in", _start_text, auto_reply.OPT_CODE, "start")
    elif parsed.kind == "help":
        row.outcome = "help"
        if not _helped_since(phone, HELP_EVERY, row.id):
            _reply(row, "help", _help_text(phone))
    else:
        row.outcome = "unknown"
        log.info("inbound SMS not understood (message %s)", row.message_id)
        if not _helped_since(phone, UNKNOWN_HELP_EVERY, row.id):
            _reply(row, "help", _help_text(phone))
    if row.tenant_id is None:  # counted on the Messages page of the forum that knows the number, answered or not
        known = latest_route(phone)
        row.tenant_id = known.tenant_id if known is not None else None
    db.session.flush()
    return row.outcome


def _answered(row: SmsInbound, route: SmsReplyCode, reply: Reply) -> bool:
    """Hands the reply to its kind's handler inside the code's forum; False when the handler did not understand it."""
    tenant = db.session.get(Tenant, route.tenant_id)
    with tenant_context(tenant):
        handled = REPLY_KINDS()[route.kind].handle(route, replace(reply, phone=row.phone))
        if handled is None:
            return False
        row.tenant_id, row.outcome = route.tenant_id, "refused" if handled.refused else "answered"
        if handled.confirmation and auto_reply.may_auto_reply(row.phone, route.reply_code, handled.said):
            _queue(tenant, route, row, "reply", handled.confirmation, handled.member_id)
            row.answered = True
    db.session.flush()
    return True


def _helped_since(phone: str, period: timedelta, own_id: int) -> bool:
    since = datetime.now(UTC) - period
    return db.session.scalar(select(SmsInbound.id).where(
        SmsInbound.phone == phone, SmsInbound.answered.is_(True), SmsInbound.id != own_id,
        SmsInbound.outcome.in_(("help", "unknown")), SmsInbound.received_at >= since).limit(1)) is not None


def _reply(row: SmsInbound, kind: str, draft_of: Callable[[Tenant], Draft], code: str | None = None,
           answer: str | None = None) -> None:
    """Help and acknowledgements go through the outbox of the forum that last sent this number a code, within the
    limits of automatic replies."""
    route = latest_route(row.phone)
    if route is None:
        log.info("inbound SMS from a number no forum knows (message %s): logged, not answered", row.message_id)
        return
    tenant = db.session.get(Tenant, route.tenant_id)
    row.tenant_id = route.tenant_id
    with tenant_context(tenant):
        if not auto_reply.may_auto_reply(row.phone, code, answer):
            return
        _queue(tenant, route, row, kind, draft_of(tenant))
        row.answered = True


def _queue(tenant: Tenant, route: SmsReplyCode, row: SmsInbound, kind: str, draft: Draft,
           member_id: int | None = None) -> None:
    """The answer to an inbound SMS, built in the member's language (their notice language, else their interface
    language, else the forum's)."""
    member_id = member_id if member_id is not None else route.member_id
    contact = sms.contacts([member_id]).get(member_id) if member_id is not None else None
    sms.queue_sms([{"member_id": member_id, "phone": row.phone, "name": contact.name if contact else "",
                    "kind": kind, "sms": sms.build(draft, contact, tenant),
                    "dedupe_key": f"sms:in:{row.message_id}"}])


def _stop_text(tenant: Tenant) -> Draft:
    return Draft("opt_out", Fields())


def _start_text(tenant: Tenant) -> Draft:
    return Draft("opt_in", Fields())


def _help_text(phone: str) -> Callable[[Tenant], Draft]:
    """HELP in the sentence of the kind of code live for this number (the first kind when none is)."""
    kinds = REPLY_KINDS()
    live = [k for k in codes.live_kinds(phone) if k in kinds] or list(kinds)

    def draft(tenant: Tenant) -> Draft:
        return Draft(kinds[live[0]].help if live else "help", Fields(who=sms.sms_name(tenant)))
    return draft
