"""Delivery reports (issue 25): Kannel calls each SMS's ``dlr-url`` once per report and per part. An SMS is
``delivered`` when every part is reported delivered, ``failed`` as soon as a part is reported failed or refused;
``sent`` otherwise. Reports may come in any order (a late "sent by the SMSC" never undoes "delivered"), and the same
report twice is one row, so a replayed call changes nothing. A forged call (wrong HMAC) changes nothing either.

The HMAC covers the message id only: Kannel fills in the type (%d) and the part (%F) after the URL is signed, so a
dlr-url read in a log could be replayed with another type or part. Hence the first final report (delivered, failed,
refused) of a part wins, and an SMS has no more reported parts than segments: a report that contradicts them is
logged, not applied (a delivered SMS is never made failed by a replayed URL).

In development only, the run command's ``SMS_DEV_ONE_REPORT`` settles a multi-part SMS on one report: Kannel's fake
SMSC reports once per message, so the demo shows "Delivered" as a working deployment does."""
from __future__ import annotations

import logging
import urllib.parse
from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert

from tenants.models import Tenant
from tenants.rls import tenant_context
from webapp.core import metrics, signing
from webapp.extensions import db
from webapp.notices.sms.models import SmsDeliveryReport, SmsMessage

log = logging.getLogger(__name__)
PURPOSE = "sms-dlr"
DELIVERED, FAILED, REFUSED = 1, 2, 16
MASK = 1 | 2 | 16  # delivered, failed, refused by the SMSC
FINAL = (DELIVERED, FAILED, REFUSED)


def message_ref(tenant_id: int, sms_id: int) -> str:
    return f"{tenant_id}-{sms_id}"


def dlr_url(tenant_id: int, sms_id: int) -> str | None:
    """The dlr-url given to Kannel with this SMS (Kannel fills in %d, the report's type, and %F, the part's id)."""
    base, key = current_app.config.get("SMS_CALLBACK_URL"), current_app.config.get("SMS_CALLBACK_SECRET")
    if not base or not key:
        return None
    ref = message_ref(tenant_id, sms_id)
    query = urllib.parse.urlencode({"m": ref, "sig": signing.mac(PURPOSE, ref, key)})
    return f"{base.rstrip('/')}/sms/dlr?{query}&type=%d&part=%F"


def record(ref: str, sig: str | None, dlr_type: str, part: str) -> bool:
    """Records one report; False (nothing changes) for a forged or malformed call."""
    key = str(current_app.config.get("SMS_CALLBACK_SECRET") or "")
    if not signing.mac_ok(PURPOSE, ref, key, sig):
        return False
    try:
        tenant_id, sms_id = (int(x) for x in ref.split("-", 1))
        kind = int(dlr_type)
    except ValueError:
        return False
    tenant = db.session.get(Tenant, tenant_id)
    if tenant is None:
        return False
    part = (part or "-")[:100]
    with tenant_context(tenant):
        # locked: two reports of one SMS are applied one after the other, so "the first of a part" is well defined
        row = db.session.scalar(select(SmsMessage).where(SmsMessage.tenant_id == tenant_id, SmsMessage.id == sms_id)
                                .with_for_update())
        if row is None:
            return False
        if kind in FINAL and _contradicts(row, part, kind):
            return True  # answered as received: Kannel would only retry
        table = SmsDeliveryReport.__table__
        new = db.session.execute(insert(table).values(tenant_id=tenant_id, sms_id=sms_id, part=part,
                                                      dlr_type=kind).on_conflict_do_nothing()
                                 .returning(table.c.id)).scalar()
        if new is not None:
            _observe(row, kind)
            _settle(row)
        db.session.flush()
    return True


def _observe(row: SmsMessage, kind: int) -> None:
    """The delivery-report latency metric: each part's first final report, counted once (a replay adds no row)."""
    if kind in FINAL and row.sent_at is not None:
        outcome = "delivered" if kind == DELIVERED else "failed"
        metrics.SMS_REPORT_SECONDS.labels(outcome).observe(max((datetime.now(UTC) - row.sent_at).total_seconds(), 0))


def _contradicts(row: SmsMessage, part: str, kind: int) -> bool:
    """Whether a final report contradicts those already applied: another final type for a part that has one, or one
    part more than the SMS has segments. Such a report is logged, not applied."""
    finals = dict(db.session.execute(select(SmsDeliveryReport.part, SmsDeliveryReport.dlr_type).where(
        SmsDeliveryReport.tenant_id == row.tenant_id, SmsDeliveryReport.sms_id == row.id,
        SmsDeliveryReport.dlr_type.in_(FINAL)).order_by(SmsDeliveryReport.id.desc())).all())  # the first wins
    if (part in finals and finals[part] != kind) or (part not in finals and len(finals) >= row.segments):
        log.warning("delivery report of type %d for SMS %s-%s, part %r, contradicts the reports applied (%r): "
                    "logged, not applied", kind, row.tenant_id, row.id, part, finals)
        return True
    return False


def _settle(row: SmsMessage) -> None:
    reports = db.session.execute(select(SmsDeliveryReport.dlr_type, func.count(func.distinct(SmsDeliveryReport.part)))
                                 .where(SmsDeliveryReport.tenant_id == row.tenant_id,
                                        SmsDeliveryReport.sms_id == row.id)
                                 .group_by(SmsDeliveryReport.dlr_type)).all()
    counts = dict(reports)
    parts = 1 if current_app.config.get("SMS_DEV_ONE_REPORT") else row.segments  # fakesmsc reports once (development)
    if counts.get(FAILED) or counts.get(REFUSED):
        row.status, row.last_error = "failed", "delivery report: not delivered"
    elif counts.get(DELIVERED, 0) >= parts and row.status in ("sent", "sending"):
        row.status, row.delivered_at = "delivered", datetime.now(UTC)
