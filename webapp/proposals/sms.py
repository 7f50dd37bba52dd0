"""Proposals by SMS (issue 36): the SMS of the opening and reminder notices (the builder's fields: the forum's short
name, the title in the member's language, the deadline in the member's zone and a reply code of kind ``proposal``,
webapp/notices/sms/codes.py), and what a reply to that code means (``answer_by_sms``, bound in webapp/wiring.py):
"AGREE K4UNV", "OBJECT K4UNV because ..." in any of the five languages or in the words a forum gave for a language of
its own (webapp/notices/sms/languages.py), recorded by the same service as the web form
(``services.record_answer``, channel "sms"), confirmed by SMS; a reply that cannot be recorded is told why, in the
member's language."""
from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from tenants.context import current_tenant
from webapp.core import content
from webapp.core.zones import forum_zone_name
from webapp.extensions import db
from webapp.meetings import rules
from webapp.members.models import Member
from webapp.notices.sms import codes, inbound
from webapp.notices.sms import languages as sms_languages
from webapp.notices.sms import services as sms
from webapp.notices.sms.builder import Draft, Fields
from webapp.notices.sms.models import SmsReplyCode
from webapp.notices.sms.services import Contact
from webapp.proposals import services
from webapp.proposals.models import Proposal

PROPOSAL = "proposal"  # the kind of a proposal's reply code in the routing table
CODE_OUTLIVES_DEADLINE = timedelta(days=7)  # a late reply is told the proposal is closed, not given help

# Keywords after normalising (webapp/notices/sms/inbound.py: upper case, no accents, no apostrophes or hyphens),
# a keyword of two words joined (DE ACUERDO -> DEACUERDO): the reply words of webapp/notices/sms/sentences.py
# (``Proposal``) first, then the other ways of writing them in English, French, Spanish, Swahili and Hausa.
KEYWORDS = {
    rules.AGREE: {"AGREE", "ACCORD", "ACUERDO", "KUBALI", "AMINCE", "DACCORD", "DEACUERDO", "NAKUBALI", "NAAMINCE"},
    rules.RESERVATIONS: {"RESERVE", "RESERVA", "MASHARTI", "SHARUDDA", "RESERVES", "RESERVATIONS", "RESERVAS",
                         "KWAMASHARTI", "SHARADI"},
    rules.ABSTAIN: {"ABSTAIN", "ABSTENTION", "ABSTENCION", "JIZUIA", "KAURACE", "NAJIZUIA"},
    rules.OBJECT: {"OBJECT", "OBJECTION", "OBJECION", "PINGA", "KI", "NAKI", "NAPINGA", "ADAWA"},
}


# a forum's own words (webapp/notices/sms/languages.py PROPOSAL_WORDS) -> the answer
OWN_WORDS = {"agree": rules.AGREE, "reserve": rules.RESERVATIONS, "abstain": rules.ABSTAIN, "object": rules.OBJECT}


def answer_of(reply: inbound.Reply) -> tuple[str, str] | None:
    """(answer, the words after the keyword as written) for a reply; None when its first words are no keyword: one
    of the five languages' (KEYWORDS), or one of the words the forum gave for a language of its own (issue 46)."""
    said = reply.said
    tenant = current_tenant()
    own = sms_languages.answers(tenant, sms_languages.PROPOSAL_WORDS) if tenant is not None else {}
    for size in (2, 1):
        joined = "".join(said[:size])
        if len(said) >= size:
            answer = next((a for a, words in KEYWORDS.items() if joined in words), None) or \
                OWN_WORDS.get(own.get(joined, ""))
            if answer is not None:
                return answer, " ".join(reply.text.split()[size - 1:]).strip()
    return None


def reply_code(p: Proposal, member_id: int, phone: str) -> str:
    """This member's code for the proposal, leading here from this phone until a week after the deadline; the code
    given before (the opening's, for the reminder) is kept."""
    tid = current_tenant().id
    return codes.issue(tid, PROPOSAL, p.id, member_id=member_id, phone=phone,
                       expires_at=p.deadline + CODE_OUTLIVES_DEADLINE, keep=codes.held(tid, PROPOSAL, p.id, member_id))


def _proposal(proposal_id: object, cache: dict[str, Any]) -> Proposal | None:
    key = f"proposal:{proposal_id}"
    if key not in cache:
        cache[key] = db.session.scalar(select(Proposal).where(Proposal.tenant_id == current_tenant().id,
                                                              Proposal.id == proposal_id))
    return cache[key]


def _title(p: Proposal, locale: str, cache: dict[str, Any]) -> str:
    """The proposal's title in the member's language (a translation the forum made, else the original)."""
    key = f"title:{p.id}:{locale}"
    if key not in cache:
        table = content.translations(PROPOSAL, [p.id], locale)
        title = content.localise(p.title, p.language, table, p.id, "title", locale)
        cache[key] = title.text if title else p.title
    return cache[key]


def _fields(p: Proposal, contact: Contact | None, cache: dict[str, Any], **more: Any) -> Fields:
    """Who, what and the deadline (in the member's zone): the builder's fields of a proposal's SMS."""
    tenant = current_tenant()
    return Fields(who=sms.sms_name(tenant), title=_title(p, sms.locale_of(contact, tenant), cache), when=p.deadline,
                  zone=(contact.zone if contact is not None else None) or forum_zone_name(tenant), **more)


def _asking(kind: str, payload: dict[str, Any], contact: Contact, cache: dict[str, Any]) -> Draft | None:
    """The opening or the reminder, with the member's reply code (when only counted, cache["preview"], a code of the
    same length stands in and nothing is written)."""
    p = _proposal(payload.get("proposal_id"), cache)
    if p is None or p.status != "open" or not contact.phone:
        return None
    code = "X" * codes.CODE_LENGTH if cache.get("preview") else reply_code(p, contact.id, contact.phone)
    return Draft(kind, _fields(p, contact, cache, code=code))


def opened(payload: dict[str, Any], contact: Contact, cache: dict[str, Any]) -> Draft | None:
    return _asking("proposal_opened", payload, contact, cache)


def reminder(payload: dict[str, Any], contact: Contact, cache: dict[str, Any]) -> Draft | None:
    return _asking("proposal_reminder", payload, contact, cache)


def _said(answer: str, comment: str) -> str:
    """What a confirmation confirms, within 16 characters: the answer and a digest of its comment (the same answer
    with another reason is confirmed again; the same text twice is not)."""
    digest = hashlib.sha256(comment.encode()).hexdigest()[:8] if comment else ""
    short = {rules.RESERVATIONS: "reserve"}.get(answer, answer)
    return f"{short}:{digest}" if digest else short


REFUSED = {"closed": "proposal_closed", "no_seat": "proposal_closed", "titular_answered": "proposal_titular",
           "reason_required": "proposal_reason"}


def answer_by_sms(route: SmsReplyCode, reply: inbound.Reply) -> inbound.Handled | None:
    """A reply to a proposal's code, in the forum's context: recorded for the member the code was sent to (a
    titular, or an alternate answering for their titular's seat) through the web form's service. The confirmation
    names the answer and the deadline; a reply that cannot be recorded (not understood, an objection without its
    reason, closed, the titular has answered) is told why, the reply words repeated where they help."""
    tenant = current_tenant()
    p = db.session.scalar(select(Proposal).where(Proposal.tenant_id == tenant.id, Proposal.id == route.object_id))
    member = db.session.get(Member, (tenant.id, route.member_id)) if route.member_id is not None else None
    if p is None or member is None or member.erased_at is not None:
        return inbound.Handled(None)
    contact = sms.contacts([member.id]).get(member.id)
    parsed = answer_of(reply)
    if parsed is None:
        kind = "proposal_closed" if p.status != "open" else "proposal_unclear"
        return inbound.Handled(Draft(kind, _fields(p, contact, {}, code=route.reply_code)), said="?", refused=True)
    answer, comment = parsed
    try:
        services.record_answer(p, member, answer, comment, channel="sms")
    except services.ProposalError as e:
        kind = REFUSED.get(e.code, "proposal_closed")
        return inbound.Handled(Draft(kind, _fields(p, contact, {}, code=route.reply_code)), said=f"?{e.code}"[:16],
                               refused=True)
    return inbound.Handled(Draft("proposal_reply", _fields(p, contact, {}, answer=answer)), said=_said(answer, comment))


def sms_texts() -> dict[str, sms.TextHook]:
    """Bound in webapp/wiring.py, with ``answer_by_sms`` for replies."""
    return {"proposal_opened": opened, "proposal_reminder": reminder}
