"""A forum's own SMS languages (issue 46): sentences its translators write for a language the built-in tables of
webapp/notices/sms/sentences.py lack (Twi, Dagbani, Zarma ...), kept in the forum's settings (``sms_languages``).

A language is a BCP-47 tag, the reply words a member may send in it (YES, NO, MAYBE of an invitation: the ``rsvp``
reply kind; webapp/meetings/sms.py reads them beside its own; and, if the forum gives them, AGREE, RESERVE, ABSTAIN,
OBJECT of a proposal, which webapp/proposals/sms.py reads beside its own), how to answer (the line after an
invitation, naming the words and the code), how an online meeting's place is said, and a sentence per kind of SMS the
forum chose to write (OFFERED; a kind left empty goes out in the forum's default language). Sentences use the
builder's placeholders ({who}, {title} ..., webapp/notices/sms/builder.py ``SLOT``), filled by the builder itself. On
save each sentence must hold exactly the placeholders its kind needs (those of the English sentence) and keep the SMS
rules of DESIGN.md: one GSM-7 segment once the forum's name, a long title, a long place, the date, the time and the
code are in (their fields shortened to the builder's floors), two segments at most for a text whose letters GSM-7
lacks. Beside a meeting's kinds, a proposal's SMS (PROPOSAL_KINDS: the opening and reminder end with the forum's line
telling how to answer, which names its four answer words) and a reporting body's report SMS (REPORT_KINDS: a sentence
telling how to report names a report keyword the reader of reports knows) may be written the same way."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from babel import Locale, UnknownLocaleError
from flask_babel import gettext as _

from tenants.models import Tenant
from webapp.core import audit
from webapp.core import languages as core_languages
from webapp.extensions import db
from webapp.notices.sms import builder, inbound, sentences

SETTING = "sms_languages"
# the kinds a forum may write: those whose reply words it can give (an invitation's) or that need none
MEETING_KINDS = ("meeting_invitation", "meeting_update", "meeting_cancelled", "meeting_reminder", "reply",
                 "action_reminder", "action_overdue", "checked_in", "test")
# a proposal's SMS (issue 36): the opening and the reminder carry its reply code and end with the forum's own line
# telling how to answer (``proposal_reply``, naming its four answer words); the others answer a member's reply.
# (proposal_reason and proposal_help name the five languages' keywords: they stay the forum language's.)
PROPOSAL_KINDS = ("proposal_opened", "proposal_reminder", "proposal_reply", "proposal_unclear", "proposal_closed",
                  "proposal_titular")
# a reporting body's report by SMS (issue 40): the reminder and the confirmations; a sentence telling how to report
# names a keyword the reader of reports knows (sentences.REPORT_WORDS: REP, RAP ...)
REPORT_KINDS = ("report_reminder", "report_recorded", "report_error", "report_refused")
OFFERED = MEETING_KINDS + PROPOSAL_KINDS + REPORT_KINDS
WORDS = ("yes", "no", "maybe")  # the reply words of an invitation (rsvp) in the language
# the reply words of a proposal in the language (webapp/proposals/sms.py reads them beside its own): optional
PROPOSAL_WORDS = ("agree", "reserve", "abstain", "object")
_WORD = re.compile(r"^[A-Za-z][A-Za-z']{0,14}$")
_SAMPLE = builder.Fields(who="X" * 12, title="T" * 60, when=datetime(2026, 12, 9, 9, 0, tzinfo=UTC),
                         zone="Africa/Accra", where="P" * 40, code="XXXXX", answer="maybe")


@dataclass(frozen=True)
class SmsLanguage:
    """A forum's own SMS language, as saved."""

    code: str
    name: str = ""
    words: dict[str, str] = field(default_factory=dict)
    reply: str = ""
    online: str = ""
    sentences: dict[str, str] = field(default_factory=dict)
    proposal_reply: str = ""  # how to answer a proposal, after its opening and reminder (its four words, {code})

    def table(self) -> sentences.Language:
        """The builder's table of this language (its date in the language where Babel knows it, else numeric; a
        proposal's words and answer line the forum's where it gave them, else English)."""
        en = sentences.EN.proposal
        proposal = sentences.Proposal(self.words.get("agree") or en.agree, self.words.get("reserve") or en.reserve,
                                      self.words.get("abstain") or en.abstain, self.words.get("object") or en.object,
                                      self.proposal_reply or en.reply)
        return sentences.Language(self.words.get("yes", ""), self.words.get("no", ""), self.words.get("maybe", ""),
                                  self.online or sentences.EN.online, "yMMMd" if knows_dates(self.code) else "yMd",
                                  self.reply, dict(self.sentences), proposal)

    def stored(self) -> dict[str, Any]:
        return {"name": self.name, "words": self.words, "reply": self.reply, "online": self.online,
                "sentences": {k: v for k, v in self.sentences.items() if v},
                **({"proposal_reply": self.proposal_reply} if self.proposal_reply else {})}


class SmsLanguageError(ValueError):
    """A value refused on save: the field it concerns and the message, in the reader's language."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(field)
        self.field = field
        self.message = message


def knows_dates(code: str) -> bool:
    try:
        Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return False
    return True


def normal_tag(code: str) -> str:
    """A tag written as BCP-47 recommends (tw, qu-PE, sr-Latn); "" when it is no tag, or one of the five."""
    tag = core_languages.normal_tag(code)
    return "" if tag.split("-")[0] in sentences.LANGUAGES else tag


# --- reading ---------------------------------------------------------------------------------------------------

def forum_languages(tenant: Tenant) -> dict[str, SmsLanguage]:
    """The forum's own SMS languages, by tag."""
    stored = tenant.setting(SETTING) or {}
    return {code: SmsLanguage(code, v.get("name", ""), dict(v.get("words") or {}), v.get("reply", ""),
                              v.get("online", ""), dict(v.get("sentences") or {}), v.get("proposal_reply", ""))
            for code, v in sorted(stored.items())}


def table_for(tenant: Tenant, locale: str | None, kind: str) -> sentences.Language | None:
    """The forum's table of ``locale`` when it wrote the sentence of ``kind`` in it; None otherwise."""
    own = forum_languages(tenant).get(locale or "") if locale else None
    return own.table() if own is not None and own.sentences.get(kind) else None


def answers(tenant: Tenant, kinds: tuple[str, ...] = WORDS) -> dict[str, str]:
    """The reply words of every own language of the forum (normalised as inbound.py reads them) -> yes, no or maybe
    (an invitation's); with ``kinds=PROPOSAL_WORDS``, -> agree, reserve, abstain or object (a proposal's)."""
    return {"".join(inbound.normalise(word)): answer for lang in forum_languages(tenant).values()
            for answer, word in lang.words.items() if word and answer in kinds}


# --- writing ---------------------------------------------------------------------------------------------------

# the answers of a proposal as sentences.Language.answer names them
_PROPOSAL_ANSWER = {"agree": "agree", "reserve": "agree_with_reservations", "abstain": "abstain", "object": "object"}


def _check_words(words: dict[str, Any], kinds: tuple[str, ...] = WORDS, optional: bool = False) -> dict[str, str]:
    """The answer words of an invitation (``kinds`` WORDS, all three needed) or of a proposal (PROPOSAL_WORDS,
    optional): one word each, told apart from each other, from STOP, START and HELP and from the five languages'
    words of another answer of the same kind. An invitation's word may also be a proposal's (their codes differ)."""
    named = {k: _PROPOSAL_ANSWER.get(k, k) for k in kinds}
    taken = {"".join(inbound.normalise(lang.answer(a))) for lang in sentences.LANGUAGES.values()
             for a in named.values()}
    reserved = inbound.STOP | inbound.START | inbound.HELP
    seen: set[str] = set()
    out = {}
    for answer in kinds:
        word = (words.get(answer) or "").strip().upper()
        if optional and not word:
            continue
        key = "".join(inbound.normalise(word))
        clash = key in taken and key not in _same(named[answer])
        if not _WORD.match(word) or key in reserved or key in seen or clash:
            raise SmsLanguageError(answer, _("One word of letters, different from the other answers, from STOP, "
                                             "START and HELP, and from the answer words of the five SMS languages."))
        seen.add(key)
        out[answer] = word
    return out


def _same(answer: str) -> set[str]:
    """The built-in words of the same answer (a language may share one: EE is yes in Hausa and Ewe)."""
    return {"".join(inbound.normalise(lang.answer(answer))) for lang in sentences.LANGUAGES.values()}


def _check_slots(name: str, sentence: str, needed: set[str]) -> None:
    found = builder.slots(sentence)
    stray = builder.SLOT.sub("", sentence)
    if set(found) != needed or "{" in stray or "}" in stray:
        raise SmsLanguageError(name, _("Use exactly these placeholders, each at least once, and no other braces: "
                                       "%(slots)s.", slots=" ".join("{" + s + "}" for s in sorted(needed)) or "—"))


def _names(line: str, word: str) -> bool:
    return re.search(rf"(^|\W){re.escape(word)}(\W|$)", line) is not None


def _names_all(line: str, words: Iterable[str], any_of: Iterable[str] = ()) -> bool:
    """``line`` names each of ``words`` (as words), and one of ``any_of`` when given."""
    any_of = list(any_of)
    return all(_names(line, w) for w in words) and (not any_of or any(_names(line, w) for w in any_of))


def _check_proposal(written: dict[str, str], words: dict[str, str], line: str) -> str:
    """A proposal's line telling how to answer: needed (with the four answer words) once its opening, reminder or
    "not understood" is written; it holds {code} and names the four words. Returns it ("" for none)."""
    if not line and not any(kind in written for kind in sentences.PROPOSAL_ANSWERED):
        return ""
    if any(not words.get(w) for w in PROPOSAL_WORDS):
        raise SmsLanguageError("agree", _("Give the four answer words to a proposal: its sentences tell a member "
                                          "how to answer."))
    _check_slots("proposal_reply_line", line, {"code"})
    if not _names_all(line, [words[w] for w in PROPOSAL_WORDS]):
        raise SmsLanguageError("proposal_reply_line", _("Name the four answer words and the code, as in: "
                                                        "%(example)s", example=sentences.EN.proposal.reply))
    return line


def _check_keyword(kind: str, text: str) -> None:
    """A sentence telling how to report names a keyword the reader of reports by SMS knows (REP, RAP ...)."""
    if kind in sentences.REPORTED and not _names_all(text, [], any_of=sentences.REPORT_WORDS.values()):
        raise SmsLanguageError(kind, _("Name the keyword a report is sent with (%(words)s), as in: %(example)s",
                                       words=", ".join(sentences.REPORT_WORDS.values()),
                                       example=sentences.EN.sentences[kind]))


def _check_length(name: str, kind: str, lang: SmsLanguage) -> None:
    try:
        sample = replace(_SAMPLE, answer="agree_with_reservations") if kind in PROPOSAL_KINDS else _SAMPLE
        sms = builder.build(builder.Draft(kind, sample), lang.code, own=lang.table())
    except ValueError:
        sms = None
    if sms is None or (sms.encoding == "gsm7" and sms.segments > 1):
        raise SmsLanguageError(name, _("Too long: with the forum's name, a long title and place, the date, the time "
                                       "and the code, it must fit one SMS (160 plain letters; letters such as ɛ or ɔ "
                                       "halve the room). Shorten it."))


def save(tenant: Tenant, code: str, values: dict[str, Any]) -> SmsLanguage:
    """Checks and saves the forum's sentences of ``code`` (values: name, yes, no, maybe, reply_line — how to answer —,
    agree, reserve, abstain, object — a proposal's answers, optional —, online, and a sentence per kind of OFFERED,
    empty for none). Raises SmsLanguageError naming the field refused."""
    tag = normal_tag(code)
    if not tag:
        raise SmsLanguageError("code", _("A language tag such as tw, dag or qu-PE (BCP 47), other than the five "
                                         "languages the SMS already speak."))
    name = " ".join((values.get("name") or "").split())[:60]
    if not name:
        raise SmsLanguageError("name", _("Please name the language."))
    invitation = _check_words(values)
    words = {**invitation, **_check_words(values, PROPOSAL_WORDS, optional=True)}
    reply = " ".join((values.get("reply_line") or "").split())
    _check_slots("reply_line", reply, {"code"})
    if not _names_all(reply, invitation.values()):
        raise SmsLanguageError("reply_line", _("Name the three answer words and the code, as in: %(example)s",
                                               example=sentences.EN.reply))
    written = {kind: " ".join((values.get(kind) or "").split()) for kind in OFFERED}
    written = {kind: text for kind, text in written.items() if text}
    if not written:
        raise SmsLanguageError("meeting_invitation", _("Write at least the invitation."))
    proposal_reply = _check_proposal(written, words, " ".join((values.get("proposal_reply_line") or "").split()))
    lang = SmsLanguage(tag, name, words, reply, " ".join((values.get("online") or "").split())[:30], written,
                       proposal_reply)
    for kind, text in written.items():
        _check_slots(kind, text, set(builder.slots(sentences.EN.sentences[kind])))
        _check_keyword(kind, text)
        _check_length(kind, kind, lang)
    stored = dict(tenant.setting(SETTING) or {})
    stored[tag] = lang.stored()
    tenant.settings = {**(tenant.settings or {}), SETTING: stored}
    db.session.flush()
    audit.record("updated", "forum_settings", None, [f"{SETTING}:{tag}"])
    return lang


def remove(tenant: Tenant, code: str) -> bool:
    stored = dict(tenant.setting(SETTING) or {})
    if stored.pop(code, None) is None:
        return False
    tenant.settings = {**(tenant.settings or {}), SETTING: stored}
    db.session.flush()
    audit.record("updated", "forum_settings", None, [f"{SETTING}:{code}"])
    return True
