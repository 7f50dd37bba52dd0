"""Inbound SMS (issue 25): answers by reply ("NDIYO 4KX7Q"), STOP, START and HELP, routed under row-level security.

An inbound SMS names no forum, and with no forum set RLS shows no member. So the platform table ``sms_reply_codes``
(written when a code goes out, ``remember_code``) maps each live reply code to its forum, invitation, member and
phone; the endpoint resolves the forum there and then acts inside that forum's tenant context. A code counts only from
the phone it was sent to: a phone shared by several members is told apart by the code, and another forum's code (or
another member's) from this phone is no answer.

Everything received is logged once (``sms_inbound``, unique on Kannel's message id: the same message twice changes
nothing). What is not understood is answered with help at most once a day per number; HELP at most once an hour.
Every automatic reply also passes ``auto_reply.may_auto_reply`` (an identical repeat is not confirmed again; a cap
per number per hour and per day). Replies go through the SMS outbox of a forum the number belongs to, never as
Kannel's HTTP reply body; a number no forum knows is logged and not answered (no forum's allowance pays for it).

Answers are recorded by the feature that owns invitations, through ``register_answer`` (notices sit below it)."""
from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert

from tenants.models import Tenant
from tenants.rls import tenant_context
from webapp.core import phones
from webapp.extensions import db
from webapp.notices.sms import auto_reply, encoding
from webapp.notices.sms import services as sms
from webapp.notices.sms.builder import Draft, Fields
from webapp.notices.sms.models import SmsAutoReply, SmsInbound, SmsOptOut, SmsReplyCode

log = logging.getLogger(__name__)

# Keywords after normalising (upper case, no accents, no apostrophes or hyphens, words joined): the words of
# translations/GLOSSARY.md in English, French, Spanish, Swahili and Hausa.
ANSWERS = {
    "yes": {"YES", "Y", "OUI", "SI", "NDIYO", "NDIO", "EE", "I"},
    "no": {"NO", "N", "NON", "HAPANA", "AA"},
    "maybe": {"MAYBE", "PEUTETRE", "QUIZAS", "QUIZA", "TALVEZ", "LABDA", "HUENDA", "WATAKILA"},
}
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
class Parsed:
    kind: str  # "answer", "stop", "start", "help", "unknown"
    answer: str | None = None
    code: str | None = None


CODE = re.compile(r"^[A-Z0-9]{4,8}$")


def parse(text: str) -> Parsed:
    words = normalise(text)
    joined = "".join(words)
    if joined in STOP or (words and words[0] in STOP):
        return Parsed("stop")
    if joined in START or (words and words[0] in START):
        return Parsed("start")
    if joined in HELP or (words and words[0] in HELP):
        return Parsed("help")
    for i, word in enumerate(words):  # the code before or after the keyword, the keyword in one or more words
        rest = "".join(words[:i] + words[i + 1:])
        for answer, keywords in ANSWERS.items():
            if CODE.match(word) and rest in keywords:
                return Parsed("answer", answer, word)
    return Parsed("unknown")


# --- the routing table ---------------------------------------------------------------------------------------

def remember_code(tenant_id: int, code: str, invitation_id: int, member_id: int, phone: str,
                  expires_at: datetime) -> None:
    """Called when a reply code goes out by SMS: the code now leads to this forum from this phone."""
    table = SmsReplyCode.__table__
    values = {"tenant_id": tenant_id, "reply_code": code, "invitation_id": invitation_id, "member_id": member_id,
              "phone": phone, "expires_at": expires_at}
    stmt = insert(table).values(**values).on_conflict_do_update(
        index_elements=["tenant_id", "reply_code"],
        set_={k: values[k] for k in ("invitation_id", "member_id", "phone", "expires_at")})
    db.session.execute(stmt)


def live_route(code: str, phone: str, now: datetime | None = None) -> SmsReplyCode | None:
    """The live code sent to this phone; None for an unknown or expired code, or one sent to another phone (another
    forum's code, or another member's)."""
    return db.session.scalar(select(SmsReplyCode).where(
        SmsReplyCode.reply_code == code, SmsReplyCode.phone == phone,
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


# --- what a feature registers ------------------------------------------------------------------------------------

# (route, answer) -> the confirmation (the SMS builder's fields; the forum's context is set), or None
AnswerHook = Callable[[SmsReplyCode, str], Draft | None]
_answer_hook: AnswerHook | None = None


def register_answer(hook: AnswerHook) -> None:
    global _answer_hook
    _answer_hook = hook


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
    if parsed.kind == "answer":
        route = live_route(parsed.code or "", phone)
        if route is not None and _answer_hook is not None:
            return _answered(row, route, parsed.answer or "")
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
            _reply(row, "help", _help_text)
    else:
        row.outcome = "unknown"
        log.info("inbound SMS not understood (message %s)", row.message_id)
        if not _helped_since(phone, UNKNOWN_HELP_EVERY, row.id):
            _reply(row, "help", _help_text)
    if row.tenant_id is None:  # counted on the Messages page of the forum that knows the number, answered or not
        known = latest_route(phone)
        row.tenant_id = known.tenant_id if known is not None else None
    db.session.flush()
    return row.outcome


def _answered(row: SmsInbound, route: SmsReplyCode, answer: str) -> str:
    tenant = db.session.get(Tenant, route.tenant_id)
    row.tenant_id, row.outcome = route.tenant_id, "answered"
    with tenant_context(tenant):
        confirmation = _answer_hook(route, answer) if _answer_hook else None
        if confirmation and auto_reply.may_auto_reply(row.phone, route.reply_code, answer):
            _queue(tenant, route, row, "reply", confirmation)
            row.answered = True
    db.session.flush()
    return "answered"


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


def _queue(tenant: Tenant, route: SmsReplyCode, row: SmsInbound, kind: str, draft: Draft) -> None:
    """The answer to an inbound SMS, built in the member's language (their notice language, else their interface
    language, else the forum's)."""
    contact = sms.contacts([route.member_id]).get(route.member_id)
    sms.queue_sms([{"member_id": route.member_id, "phone": row.phone, "name": contact.name if contact else "",
                    "kind": kind, "sms": sms.build(draft, contact, tenant),
                    "dedupe_key": f"sms:in:{row.message_id}"}])


def _stop_text(tenant: Tenant) -> Draft:
    return Draft("opt_out", Fields())


def _start_text(tenant: Tenant) -> Draft:
    return Draft("opt_in", Fields())


def _help_text(tenant: Tenant) -> Draft:
    return Draft("help", Fields(who=sms.sms_name(tenant)))
