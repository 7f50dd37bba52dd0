"""The one gate every automatic SMS reply goes through (issue 31): confirmations of STOP, START and answers, help,
and whatever kind of reply comes later. An automatic reply is paid from a forum's allowance, so a phone that texts
the same thing again and again must not spend it:

- per (number, code): a reply is sent when what it confirms changed — YES then NO to one code is confirmed twice,
  YES six times once; STOP and START share one code (``OPT_CODE``), the number's choice;
- per number, whatever the code: at most ``SMS_AUTO_REPLIES_PER_HOUR`` and ``SMS_AUTO_REPLIES_PER_DAY`` replies.

What the number texted is still logged and acted on (an answer recorded, a STOP honoured); only the reply is held
back. Each reply allowed is recorded (``sms_auto_replies``) in the transaction that queues it, under a lock per
number, so two texts at once cannot both pass."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import func, select, text

from tenants.context import current_tenant_id
from webapp.extensions import db
from webapp.notices.sms.models import SmsAutoReply

OPT_CODE = "STOP/START"


def may_auto_reply(phone: str, code: str | None = None, answer: str | None = None) -> bool:
    """True, and the reply counted, when an automatic reply to ``phone`` confirming ``answer`` to ``code`` may go out
    now; False for an identical repeat or a number over its hourly or daily cap. ``code`` None (help): the caps
    only. Call it where the reply is queued, in the forum's context (that forum's outbox pays)."""
    db.session.execute(text("SELECT pg_advisory_xact_lock(2403, hashtext(:phone))"), {"phone": phone})
    if code is not None:
        last = db.session.execute(select(SmsAutoReply.id, SmsAutoReply.answer).where(
            SmsAutoReply.phone == phone, SmsAutoReply.code == code).order_by(SmsAutoReply.id.desc()).limit(1)).first()
        if last is not None and last.answer == answer:
            return False
    now = datetime.now(UTC)
    hour_ago, day_ago = now - timedelta(hours=1), now - timedelta(days=1)
    in_hour, in_day = db.session.execute(select(
        func.count().filter(SmsAutoReply.sent_at >= hour_ago), func.count()).where(
        SmsAutoReply.phone == phone, SmsAutoReply.sent_at >= day_ago)).one()
    if in_hour >= current_app.config["SMS_AUTO_REPLIES_PER_HOUR"] or \
            in_day >= current_app.config["SMS_AUTO_REPLIES_PER_DAY"]:
        return False
    db.session.add(SmsAutoReply(phone=phone, code=code, answer=answer, tenant_id=current_tenant_id()))
    db.session.flush()
    return True
