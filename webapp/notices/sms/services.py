"""Writing SMS outbox rows (in the transaction of the change that causes them), the monthly allowance, and the
choice between e-mail and SMS for each member. Flush, never commit.

Notices sit below the features: the SMS of the features' notice kinds (``SMS_TEXTS``: the builder's fields,
webapp/notices/sms/builder.py, never a text) and how members are reached (``CONTACTS``) are typed interfaces bound in
webapp/wiring.py, so this module never imports them. Every SMS written to the outbox is a ``builder.Sms``."""
from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from flask import current_app
from sqlalchemy import func, select, text
from sqlalchemy.dialects.postgresql import insert

from tenants.context import current_tenant
from tenants.models import Tenant
from webapp.binding import Interface
from webapp.core.text import suggest_short_name
from webapp.core.uow import after_commit
from webapp.extensions import db
from webapp.notices.sms import builder, languages, sentences
from webapp.notices.sms.models import SmsMessage

DELIVER_SMS = "worker.sms.deliver_sms"
WARN_SHARE = 0.8


class SmsError(ValueError):
    pass


@dataclass(frozen=True)
class Contact:
    """How one member is reached: their channels (email, sms, both), phone (E.164) and SMS consent."""

    id: int
    name: str
    phone: str | None
    channels: str
    sms_consent: bool
    locale: str | None  # the notice language, else the account's interface language (None: the forum's default)
    zone: str | None = None  # the member's time zone (their account's, else the roll's; None: the forum's)

    @property
    def sms(self) -> bool:
        return self.channels in ("sms", "both") and self.sms_consent and bool(self.phone)

    @property
    def email(self) -> bool:
        return self.channels in ("email", "both")


# kind -> draft(payload, contact, cache) -> what the member's SMS says (the builder's fields), or None for no SMS;
# cache["preview"] is set when the SMS is only counted (no reply code may be handed out)
TextHook = Callable[[dict[str, Any], Contact, dict[str, Any]], builder.Draft | None]


class Contacts(Protocol):
    def __call__(self, member_ids: Iterable[int]) -> dict[int, Contact]:
        """How these members of the current forum are reached, by id (one query)."""


SMS_TEXTS: Interface[Mapping[str, TextHook]] = Interface(
    "notices.sms.services.SMS_TEXTS", "The SMS text of the features' notice kinds, by kind (meetings, actions).")
CONTACTS: Interface[Contacts] = Interface("notices.sms.services.CONTACTS", "How members are reached (members).")


def sms_kinds() -> frozenset[str]:
    return frozenset(SMS_TEXTS())


def contacts(member_ids: Iterable[int]) -> dict[int, Contact]:
    ids = {i for i in member_ids if i is not None}
    return CONTACTS()(ids) if ids else {}


# --- composing ------------------------------------------------------------------------------

def sms_name(tenant: Tenant) -> str:
    """The forum's short name, who an SMS is from (suggested from its initials until the forum sets one)."""
    return tenant.short_name or suggest_short_name(tenant.name)


def rules(tenant: Tenant) -> builder.Rules:
    return builder.Rules(plain_accents=tenant.setting("sms_plain_accents") is not False,
                         plain_hausa=bool(tenant.setting("sms_plain_hausa")))


def locale_of(contact: Contact | None, tenant: Tenant) -> str:
    """The language of a member's SMS: their notice language, else their interface language, else the forum's."""
    return (contact.locale if contact is not None else None) or tenant.default_locale


def build(draft: builder.Draft, contact: Contact | None, tenant: Tenant) -> builder.Sms:
    """``draft`` for this member: in their language, after the forum's rules. A language of the forum's own
    (webapp/notices/sms/languages.py) serves the kinds the forum wrote in it; another kind, or a language with no
    sentences, goes out in the forum's default language."""
    locale = locale_of(contact, tenant)
    own = languages.table_for(tenant, locale, draft.kind)
    if own is None and (locale or "en").split("_")[0].split("-")[0] not in sentences.LANGUAGES:
        locale = tenant.default_locale
    return builder.build(draft, locale, rules(tenant), own=own)


def compose(kind: str, payload: dict[str, Any], contact: Contact, tenant: Tenant,
            cache: dict[str, Any] | None = None) -> builder.Sms | None:
    """The SMS of this kind for this member (webapp/notices/sms/builder.py). None when the kind has no SMS."""
    hook = SMS_TEXTS().get(kind)
    if hook is None:
        return None
    draft = hook(payload, contact, cache if cache is not None else {})
    return build(draft, contact, tenant) if draft is not None else None


# --- the split between channels -------------------------------------------------------------

def route(kind: str, recipients: list[dict[str, Any]], sms_ids: list[int] | None = None) -> list[dict[str, Any]]:
    """Queues the SMS of ``recipients`` (notice dicts with member_id, payload, dedupe_key) who are reached by SMS,
    and returns those who should get the e-mail: members whose channels include e-mail, and members who would get
    no SMS (no phone, no consent, or a kind without SMS) but have an e-mail address. The ids of the SMS queued are
    added to ``sms_ids`` when given (what a confirmation counts: "37 by e-mail, 3 by SMS")."""
    if not recipients:
        return []
    known = contacts(r.get("member_id") for r in recipients)
    tenant = current_tenant()
    sms_rows: list[dict[str, Any]] = []
    emails: list[dict[str, Any]] = []
    cache: dict[str, Any] = {}
    for r in recipients:
        contact = known.get(r.get("member_id"))
        texted = False
        if contact is not None and contact.sms and kind in SMS_TEXTS() and tenant is not None:
            built = compose(kind, r.get("payload") or {}, contact, tenant, cache)
            if built is not None:
                sms_rows.append({"member_id": contact.id, "phone": contact.phone, "name": contact.name,
                                 "kind": kind, "sms": built, "dedupe_key": "sms:" + r["dedupe_key"]})
                texted = True
        if r.get("email") and (contact is None or contact.email or not texted):
            emails.append(r)
    queued = queue_sms(sms_rows)
    if sms_ids is not None:
        sms_ids.extend(queued)
    return emails


def queue_sms(rows: list[dict[str, Any]]) -> list[int]:
    """Many SMS in one INSERT; a dedupe key already queued is skipped. Enqueued after commit. Each row's "sms" is a
    ``builder.Sms`` (anything else is refused: every SMS text comes from the builder)."""
    tenant = current_tenant()
    if tenant is None:
        raise SmsError("an SMS needs a forum")
    if not rows:
        return []
    for r in rows:
        if not isinstance(r.get("sms"), builder.Sms):
            raise TypeError("an SMS is written by webapp/notices/sms/builder.py (a builder.Sms), not as text")
    values = [{"tenant_id": tenant.id, "member_id": r.get("member_id"), "recipient_phone": r["phone"],
               "recipient_name": r.get("name") or "", "locale": r["sms"].locale,
               "kind": r["kind"], "body": r["sms"].text, "encoding": r["sms"].encoding,
               "segments": r["sms"].segments, "dedupe_key": r["dedupe_key"][:200], "status": "pending",
               "attempts": 0} for r in rows]
    table = SmsMessage.__table__
    stmt = insert(table).on_conflict_do_nothing(index_elements=["tenant_id", "dedupe_key"]).returning(table.c.id)
    ids = list(db.session.connection().execute(stmt, values).scalars())
    if ids:
        batch = max(current_app.config["NOTICE_BATCH_SIZE"], 1)
        leaders = sorted(ids)[::batch]
        tenant_id = tenant.id
        after_commit(lambda: enqueue_many(tenant_id, leaders))
    return ids


def sms_job_id(tenant_id: int, sms_id: int) -> str:
    return f"sms-{tenant_id}-{sms_id}"


def enqueue_many(tenant_id: int, ids: list[int]) -> None:
    from redis.exceptions import RedisError
    from rq import Queue, Retry

    from webapp.core import redis_client

    intervals = current_app.config["NOTICE_RETRY_INTERVALS"]
    retry = Retry(max=len(intervals), interval=list(intervals) or 0)
    try:
        queue = Queue("notices", connection=redis_client.get())
        with queue.connection.pipeline() as pipe:
            queue.enqueue_many([Queue.prepare_data(DELIVER_SMS, (tenant_id, i), job_id=sms_job_id(tenant_id, i),
                                                   retry=retry, timeout=current_app.config["NOTICE_JOB_TIMEOUT"],
                                                   result_ttl=3600) for i in ids], pipeline=pipe)
            pipe.execute()
    except (RedisError, OSError):
        pass  # the rows are pending: the sweep enqueues them


def send_test_sms(contact: Contact) -> int | None:
    """The secretariat checks the channel: a short test SMS to one member who is reached by SMS."""
    tenant = current_tenant()
    if tenant is None or not contact.phone:
        raise SmsError("no phone")
    built = build(builder.Draft("test", builder.Fields(who=sms_name(tenant))), contact, tenant)
    ids = queue_sms([{"member_id": contact.id, "phone": contact.phone, "name": contact.name, "kind": "test",
                      "sms": built, "dedupe_key": f"sms:test:{uuid.uuid4().hex}"}])
    return ids[0] if ids else None


@dataclass(frozen=True)
class Wave:
    """What a notice to many members will send by SMS: how many messages, how many segments, and the share of the
    forum's monthly allowance those segments are (before the wave is sent)."""

    messages: int
    segments: int
    allowance: Allowance

    @property
    def share(self) -> float:
        return self.segments / self.allowance.allowed if self.allowance.allowed else 1.0

    @property
    def exceeds(self) -> bool:
        return self.allowance.used + self.segments > self.allowance.allowed


def wave(kind: str, recipients: list[tuple[int, dict[str, Any]]]) -> Wave:
    """Counts the SMS of a notice before it goes: ``recipients`` are (member id, payload) pairs; nothing is written
    (the feature's hook sees cache["preview"] and hands out no reply code)."""
    tenant = current_tenant()
    known = contacts(member_id for member_id, _payload in recipients)
    cache: dict[str, Any] = {"preview": True}
    messages = segments = 0
    for member_id, payload in recipients:
        contact = known.get(member_id)
        if contact is None or not contact.sms or tenant is None:
            continue
        built = compose(kind, payload, contact, tenant, cache)
        if built is not None:
            messages, segments = messages + 1, segments + built.segments
    return Wave(messages, segments, allowance_state(tenant))


# --- the monthly allowance ------------------------------------------------------------------

def month_start(now: datetime | None = None) -> datetime:
    now = now or datetime.now(UTC)
    return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def allowance(tenant: Tenant) -> int:
    """Segments a forum may send per calendar month (UTC), set by the platform admin; else the platform default."""
    own = tenant.setting("sms_monthly_allowance")
    return int(own) if own is not None else int(current_app.config["SMS_DEFAULT_MONTHLY_ALLOWANCE"])


# segments handed to the gateway this month: being sent, or sent (then perhaps delivered, or failed by a delivery
# report: the operator charged them all the same)
USED_SQL = """
SELECT coalesce(sum(segments), 0) FROM sms_outbox
WHERE tenant_id = :tid AND (status = 'sending' OR sent_at IS NOT NULL) AND coalesce(sent_at, claimed_at) >= :since
"""


def used_this_month(tenant_id: int) -> int:
    return int(db.session.execute(text(USED_SQL), {"tid": tenant_id, "since": month_start()}).scalar() or 0)


@dataclass(frozen=True)
class Allowance:
    used: int
    allowed: int
    waiting: int

    @property
    def share(self) -> float:
        return self.used / self.allowed if self.allowed else 1.0

    @property
    def warn(self) -> bool:
        return self.share >= WARN_SHARE

    @property
    def exhausted(self) -> bool:
        return self.used >= self.allowed


def allowance_state(tenant: Tenant) -> Allowance:
    waiting = db.session.scalar(select(func.count()).select_from(SmsMessage).where(
        SmsMessage.tenant_id == tenant.id, SmsMessage.status == "pending")) or 0
    return Allowance(used_this_month(tenant.id), allowance(tenant), waiting)


def set_allowance(tenant: Tenant, segments: int | None) -> None:
    """The platform admin sets a forum's monthly allowance (None: the platform default)."""
    if segments is not None and segments < 0:
        raise SmsError("allowance")
    settings = dict(tenant.settings or {})
    if segments is None:
        settings.pop("sms_monthly_allowance", None)
    else:
        settings["sms_monthly_allowance"] = segments
    tenant.settings = settings
    db.session.flush()


# --- development: a member's phone answers -------------------------------------------------------------------------

def dev_phones() -> str:
    """The local Kannel's fake SMSC for members' phones (development only; empty elsewhere)."""
    if current_app.config.get("BARAZA_ENV") != "development":
        return ""
    return str(current_app.config.get("SMS_DEV_PHONES") or "")


def dev_reply(phone: str, text: str) -> str:
    """Development: ``text`` sent from ``phone`` through fakesmsc to Kannel, which posts it to /sms/inbound like any
    reply (nothing here touches the answer itself). Returns the number in E.164; raises SmsError on a bad number."""
    from devtools import kannel_local
    from webapp.core import phones

    address = dev_phones()
    tenant = current_tenant()
    if not address or tenant is None:
        raise SmsError("development only")
    try:
        number = phones.normalise(phone, tenant.country)
    except phones.InvalidPhone as e:
        raise SmsError("phone") from e
    if number is None:
        raise SmsError("phone")
    kannel_local.end_later(kannel_local.phone_sends(address, number, text))
    return number
