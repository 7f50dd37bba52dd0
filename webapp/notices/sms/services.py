"""Writing SMS outbox rows (in the transaction of the change that causes them), the monthly allowance, and the
choice between e-mail and SMS for each member. Flush, never commit.

Notices sit below the features: a feature registers the SMS text of its notice kinds (``register_text``) and the
member roll registers how members are reached (``register_contacts``), so this module never imports them."""
from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import func, select, text
from sqlalchemy.dialects.postgresql import insert

from tenants.context import current_tenant
from tenants.models import Tenant
from webapp.core.uow import after_commit
from webapp.extensions import db
from webapp.notices.sms import encoding
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
    locale: str | None

    @property
    def sms(self) -> bool:
        return self.channels in ("sms", "both") and self.sms_consent and bool(self.phone)

    @property
    def email(self) -> bool:
        return self.channels in ("email", "both")


# kind -> text(payload, contact, cache) -> (text, end kept whole) in the current (the member's) language, or None
TextHook = Callable[[dict[str, Any], Contact, dict[str, Any]], tuple[str, str] | None]
_texts: dict[str, TextHook] = {}
_contacts: Callable[[Iterable[int]], dict[int, Contact]] | None = None


def register_text(kind: str, hook: TextHook) -> None:
    _texts[kind] = hook


def register_contacts(hook: Callable[[Iterable[int]], dict[int, Contact]]) -> None:
    global _contacts
    _contacts = hook


def sms_kinds() -> frozenset[str]:
    return frozenset(_texts)


def contacts(member_ids: Iterable[int]) -> dict[int, Contact]:
    ids = {i for i in member_ids if i is not None}
    return _contacts(ids) if (_contacts is not None and ids) else {}


# --- composing ------------------------------------------------------------------------------

def compose(kind: str, payload: dict[str, Any], contact: Contact, tenant: Tenant,
            cache: dict[str, Any] | None = None) -> encoding.Fitted | None:
    """The SMS of this kind for this member, in their language, within two segments (shortened if need be); Hausa in
    plain letters when the forum chose it. None when the kind has no SMS."""
    hook = _texts.get(kind)
    if hook is None:
        return None
    locale = contact.locale or tenant.default_locale
    with force_locale(locale):
        parts = hook(payload, contact, cache if cache is not None else {})
    if parts is None:
        return None
    body, end = parts
    if locale == "ha" and tenant.setting("sms_plain_hausa"):
        body, end = body.translate(encoding.PLAIN_HAUSA), end.translate(encoding.PLAIN_HAUSA)
    return encoding.fit(" ".join(body.split()), keep_end=end)


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
        if contact is not None and contact.sms and kind in _texts and tenant is not None:
            fitted = compose(kind, r.get("payload") or {}, contact, tenant, cache)
            if fitted is not None:
                sms_rows.append({"member_id": contact.id, "phone": contact.phone, "name": contact.name,
                                 "locale": contact.locale or tenant.default_locale, "kind": kind,
                                 "fitted": fitted, "dedupe_key": "sms:" + r["dedupe_key"]})
                texted = True
        if r.get("email") and (contact is None or contact.email or not texted):
            emails.append(r)
    queued = queue_sms(sms_rows)
    if sms_ids is not None:
        sms_ids.extend(queued)
    return emails


def queue_sms(rows: list[dict[str, Any]]) -> list[int]:
    """Many SMS in one INSERT; a dedupe key already queued is skipped. Enqueued after commit."""
    tenant = current_tenant()
    if tenant is None:
        raise SmsError("an SMS needs a forum")
    if not rows:
        return []
    values = [{"tenant_id": tenant.id, "member_id": r.get("member_id"), "recipient_phone": r["phone"],
               "recipient_name": r.get("name") or "", "locale": r.get("locale") or tenant.default_locale,
               "kind": r["kind"], "body": r["fitted"].text, "encoding": r["fitted"].encoding,
               "segments": r["fitted"].segments, "dedupe_key": r["dedupe_key"][:200], "status": "pending",
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
    with force_locale(contact.locale or tenant.default_locale):
        from flask_babel import gettext as _

        fitted = encoding.fit(_("Test SMS from %(forum)s on Baraza.", forum=tenant.name[:60]))
    ids = queue_sms([{"member_id": contact.id, "phone": contact.phone, "name": contact.name,
                      "locale": contact.locale, "kind": "test", "fitted": fitted,
                      "dedupe_key": f"sms:test:{uuid.uuid4().hex}"}])
    return ids[0] if ids else None


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
    from webapp.core import phones
    from webapp.notices.sms import kannel_local

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
