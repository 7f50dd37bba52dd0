"""The SMS of actions: reminders (due within a week, overdue) and, for reporting bodies (issue 40), the period's
report reminder with a reply code, and the report sent back by SMS from a feature phone ("REP 4KX7Q 12 5 3": the
figures in the order the reminder's error explains — for a disaggregated item its cells, girls then boys in each
age band, or the sites in order). The builder's fields (webapp/notices/sms/builder.py); the routing by reply-code
kind (webapp/notices/sms/inbound.py), bound in webapp/wiring.py."""
from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select

from tenants.context import current_tenant
from webapp.actions import periods, reporting, services
from webapp.actions.models import ActionItem, ReportingBody
from webapp.core.zones import forum_today
from webapp.extensions import db
from webapp.members.models import Member
from webapp.notices.sms import codes, inbound, sentences
from webapp.notices.sms import services as sms
from webapp.notices.sms.builder import Draft, Fields
from webapp.notices.sms.models import SmsInbound, SmsReplyCode
from webapp.notices.sms.services import Contact

REPORT = "report"  # the kind of a reporting body's reply code in the routing table (object: the body)
REPORT_WORDS = frozenset(sentences.REPORT_WORDS.values())
CODE_LIFE = timedelta(days=60)  # a report code leads here this long after the reminder that carried it
UPDATE = "update"  # the kind of an item owner's update code (object: the item), sent with the item's reminder
UPDATE_WORDS = frozenset(sentences.UPDATE_WORDS.values())
YES_WORDS = frozenset(inbound.normalise(lang.yes)[0] for lang in sentences.LANGUAGES.values())
ASKED_WITHIN = timedelta(days=1)  # a YES confirms the lowering asked about this recently, from this phone


def reminder(payload: dict[str, Any], contact: Contact, cache: dict[str, Any]) -> Draft | None:
    """Due soon or overdue; with the code the owner updates the item with ("UPD 4KX7Q 45") when the SMS goes to a
    phone."""
    if not payload.get("due_on"):
        return None
    code = ""
    if payload.get("item_id") and contact.phone:
        code = "X" * codes.CODE_LENGTH if cache.get("preview") else update_code(payload["item_id"], contact.id,
                                                                                   contact.phone)
    fields = Fields(who=sms.sms_name(current_tenant()), title=payload.get("title", ""),
                    day=date.fromisoformat(payload["due_on"]), code=code)
    return Draft("action_overdue" if payload.get("overdue") else "action_reminder", fields)


def update_code(item_id: int, member_id: int, phone: str) -> str:
    """The code leading to the item from this owner's phone: the one they had (kept, its route refreshed), or new."""
    tenant = current_tenant()
    expires = datetime.combine(forum_today() + CODE_LIFE, time(0), tzinfo=UTC)
    return codes.issue(tenant.id, UPDATE, item_id, member_id=member_id, phone=phone, expires_at=expires,
                       keep=codes.held(tenant.id, UPDATE, item_id, member_id))


def report_code(body_id: int, member_id: int, phone: str) -> str:
    """A code leading to the body's report from this phone (issued by notices, unique among every live code)."""
    expires = datetime.combine(forum_today() + CODE_LIFE, time(0), tzinfo=UTC)
    return codes.issue(current_tenant().id, REPORT, body_id, member_id=member_id, phone=phone, expires_at=expires)


def report_reminder(payload: dict[str, Any], contact: Contact, cache: dict[str, Any]) -> Draft | None:
    """The period's report is due (or late): the item, the due date and the code to reply with."""
    if not payload.get("body_id") or not contact.phone:
        return None
    code = "X" * codes.CODE_LENGTH if cache.get("preview") else report_code(payload["body_id"], contact.id,
                                                                             contact.phone)
    return Draft("report_reminder", Fields(who=sms.sms_name(current_tenant()), code=code,
                                           title=f"{payload.get('period', '')} {payload.get('title', '')}".strip(),
                                           day=date.fromisoformat(payload["due_on"])))


def _order(item: ActionItem) -> str:
    """The figures a report by SMS gives, in order: F5-11 M5-11 ... for cells by sex and age, the sites, or one."""
    layout = services.cell_layout(item)
    if not layout:
        return "1"
    return " ".join(f"{c.sex.upper()}{c.band}" if c.sex else c.band.replace(" ", "") for c in layout)


def report_by_sms(route: SmsReplyCode, reply: inbound.Reply) -> inbound.Handled | None:
    """A reply to a report code, in the forum's context: the latest ended period's report of the code's body, sent by
    the member the code went to (reporting.submit_report, via "sms": it waits for verification like any report).
    Confirmed with what was recorded; a wrong count or a word that is no number is answered with the figures
    expected in order; a period already reported, with that. None when the keyword is not a report's."""
    if reply.keyword not in REPORT_WORDS:
        return None
    tenant = current_tenant()
    body = db.session.get(ReportingBody, (tenant.id, route.object_id))
    item = db.session.get(ActionItem, (tenant.id, body.item_id)) if body else None
    member = db.session.get(Member, (tenant.id, route.member_id)) if route.member_id is not None else None
    if body is None or item is None or member is None or member.erased_at is not None or not item.reporting_frequency:
        return inbound.Handled(None)
    who, today = sms.sms_name(tenant), forum_today()
    period = periods.last_ended(today, item.reporting_frequency)
    figures = list(reply.words)
    layout = services.cell_layout(item)

    def answer(kind: str, title: str, said: str) -> inbound.Handled:
        # what was understood, in at most 16 characters (the auto-reply log): the same figures again are a repeat
        digest = kind[7] + hashlib.sha1(said.encode(), usedforsecurity=False).hexdigest()[:15]
        return inbound.Handled(Draft(kind, Fields(who=who, code=route.reply_code, title=title)), said=digest)

    if len(figures) != (len(layout) or 1):
        return answer("report_error", _order(item), " ".join(figures))
    try:
        report = reporting.submit_report(item, body, member, period=period.key, value=figures[0],
                                         cells=figures if layout else None, today=today, via="sms")
    except services.ActionError as e:
        if e.code == "already_reported":
            return answer("report_refused", period.key, period.key)
        return answer("report_error", _order(item), " ".join(figures))
    total = sms_number(report.value)
    shown = f"{period.key} {' '.join(figures)} = {total}" if layout else f"{period.key} = {total}"
    return answer("report_recorded", shown, " ".join(figures))


def update_by_sms(route: SmsReplyCode, reply: inbound.Reply) -> inbound.Handled | None:
    """A reply to an item's update code, in the forum's context: "UPD <code> 45" (the cells in order for a
    disaggregated item) records the owner's update through services.record_update, as the web form does — waiting for
    verification when the item asks for it. A figure that lowers progress records nothing and asks first ("reply YES
    <code> to lower 52 -> 45"); "YES <code>" then records the figure of that question (the latest update by SMS to
    this code from this phone, within a day, that was asked about and not answered since). None for another keyword
    (the number gets help)."""
    if reply.keyword not in UPDATE_WORDS and reply.keyword not in YES_WORDS:
        return None
    tenant = current_tenant()
    item = db.session.get(ActionItem, (tenant.id, route.object_id))
    member = db.session.get(Member, (tenant.id, route.member_id)) if route.member_id is not None else None
    if item is None or member is None or member.erased_at is not None:
        return inbound.Handled(None)
    figures, confirmed = list(reply.words), False
    if reply.keyword in YES_WORDS:
        figures = _asked(route, reply.phone)
        if figures is None:
            return None
        confirmed = True
    layout = services.cell_layout(item)

    def answer(kind: str, title: str, said: str, refused: bool = False) -> inbound.Handled:
        digest = kind[7] + hashlib.sha1(said.encode(), usedforsecurity=False).hexdigest()[:15]
        return inbound.Handled(Draft(kind, Fields(who=sms.sms_name(tenant), code=route.reply_code, title=title)),
                               said=digest, refused=refused)

    wrong = "update_cells_error" if layout else "update_error"
    if len(figures) != (len(layout) or 1):
        return answer(wrong, _order(item), " ".join(figures), refused=True)
    before = item.current_value
    try:
        update = services.record_update(item, member, status=None, value=figures[0], note=None,
                                        confirm_lower=confirmed, cells=figures if layout else None)
    except services.LowersProgress as e:
        asked = f"{sms_number(e.before)} -> {sms_number(e.after)}"
        return answer("update_lower", asked, "?" + " ".join(figures), refused=True)
    except services.ActionError as e:
        if e.code == "not_owner":
            return answer("update_refused", "", "!", refused=True)
        if e.code == "empty":  # the same figure again: nothing to change, say what stands
            return answer("update_recorded", sms_number(before), " ".join(figures))
        return answer(wrong, _order(item), " ".join(figures), refused=True)
    update.via = "sms"
    total = sms_number(update.value)
    shown = f"{' '.join(figures)} = {total}" if layout else total
    if before is not None and update.value is not None and update.value != before and not layout:
        shown = f"{sms_number(before)} -> {total}"
    return answer("update_recorded", shown, " ".join(figures))


def _asked(route: SmsReplyCode, phone: str) -> list[str] | None:
    """The figures of the lowering asked about: the latest message to this code from this phone (within
    ASKED_WITHIN) if it was an update that was asked about ("refused", nothing recorded), else None."""
    since = datetime.now(UTC) - ASKED_WITHIN
    rows = db.session.execute(select(SmsInbound.body, SmsInbound.outcome).where(
        SmsInbound.phone == phone, SmsInbound.tenant_id == route.tenant_id, SmsInbound.received_at >= since,
        SmsInbound.outcome.in_(("answered", "refused"))).order_by(SmsInbound.id.desc()).limit(20))
    for body, outcome in rows:
        parsed = inbound.parse(body)
        if route.reply_code not in parsed.words:
            continue
        earlier = parsed.reply(parsed.words.index(route.reply_code))
        if earlier.keyword not in UPDATE_WORDS or outcome != "refused":
            return None  # answered since (a YES, or another message to this code)
        return list(earlier.words)
    return None


def sms_number(value: Any) -> str:  # noqa: ANN401  (a Decimal)
    """12.0000 -> 12, 12.5000 -> 12.5."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def sms_texts() -> dict[str, sms.TextHook]:
    """Bound in webapp/wiring.py."""
    return {"action_reminder": reminder, "report_reminder": report_reminder}
