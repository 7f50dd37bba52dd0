from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import Field, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from webapp.core.forms import Form


class DevReplyForm(Form):
    """Development only: a member's reply, typed here, goes in through fakesmsc and Kannel."""

    phone = StringField(_l("From the phone"), validators=[DataRequired(_l("Please give a phone number.")),
                                                          Length(max=30, message=_l("At most 30 characters."))])
    text = StringField(_l("Reply"), validators=[DataRequired(_l("Please write the reply.")),
                                                Length(max=160, message=_l("At most 160 characters."))])


def kind_labels() -> dict[str, str]:
    """The kinds of SMS a forum may write in a language of its own (webapp/notices/sms/languages.py OFFERED)."""
    return {"meeting_invitation": _l("Invitation to a meeting"), "meeting_update": _l("A meeting changed"),
            "meeting_cancelled": _l("A meeting cancelled"), "meeting_reminder": _l("Reminder of a meeting"),
            "reply": _l("Answer recorded"), "action_reminder": _l("Action due"),
            "action_overdue": _l("Action overdue"), "checked_in": _l("Checked in at a meeting"),
            "test": _l("Test SMS"),
            "proposal_opened": _l("A proposal to answer"), "proposal_reminder": _l("Reminder of a proposal"),
            "proposal_reply": _l("Answer to a proposal recorded"),
            "proposal_unclear": _l("Answer to a proposal not understood"),
            "proposal_closed": _l("Answers to a proposal closed"),
            "proposal_titular": _l("The member stood in for has answered"),
            "report_reminder": _l("Report due"), "report_recorded": _l("Report recorded"),
            "report_error": _l("Report not recorded"), "report_refused": _l("Report already sent")}


class SmsLanguageForm(Form):
    """A forum's SMS sentences in a language of its own; the service checks them (placeholders, length, words)."""

    code = StringField(_l("Language tag (BCP 47, e.g. tw for Twi)"),
                       validators=[DataRequired(_l("Please give the language's tag.")), Length(max=20)])
    name = StringField(_l("Name of the language"), validators=[Length(max=60)])
    yes = StringField(_l("YES: the word a member sends to accept"), validators=[Length(max=15)])
    no = StringField(_l("NO: the word a member sends to decline"), validators=[Length(max=15)])
    maybe = StringField(_l("MAYBE: the word a member sends when unsure"), validators=[Length(max=15)])
    agree = StringField(_l("AGREE: the word a member sends to agree to a proposal"), validators=[Length(max=15)])
    reserve = StringField(_l("RESERVE: to agree with reservations"), validators=[Length(max=15)])
    abstain = StringField(_l("ABSTAIN: to abstain"), validators=[Length(max=15)])
    object = StringField(_l("OBJECT: to object (the member adds a reason)"), validators=[Length(max=15)])
    reply_line = StringField(_l("How to answer, after an invitation (the three words and {code})"),
                        validators=[Length(max=160)])
    proposal_reply_line = StringField(_l("How to answer, after a proposal (the four words and {code})"),
                                      validators=[Length(max=160)])
    online = StringField(_l("The place of a meeting held online"), validators=[Length(max=30)])
    meeting_invitation = TextAreaField(validators=[Length(max=300)])
    meeting_update = TextAreaField(validators=[Length(max=300)])
    meeting_cancelled = TextAreaField(validators=[Length(max=300)])
    meeting_reminder = TextAreaField(validators=[Length(max=300)])
    reply = TextAreaField(validators=[Length(max=300)])
    action_reminder = TextAreaField(validators=[Length(max=300)])
    action_overdue = TextAreaField(validators=[Length(max=300)])
    checked_in = TextAreaField(validators=[Length(max=300)])
    test = TextAreaField(validators=[Length(max=300)])
    proposal_opened = TextAreaField(validators=[Length(max=300)])
    proposal_reminder = TextAreaField(validators=[Length(max=300)])
    proposal_reply = TextAreaField(validators=[Length(max=300)])
    proposal_unclear = TextAreaField(validators=[Length(max=300)])
    proposal_closed = TextAreaField(validators=[Length(max=300)])
    proposal_titular = TextAreaField(validators=[Length(max=300)])
    report_reminder = TextAreaField(validators=[Length(max=300)])
    report_recorded = TextAreaField(validators=[Length(max=300)])
    report_error = TextAreaField(validators=[Length(max=300)])
    report_refused = TextAreaField(validators=[Length(max=300)])

    def sentence(self, kind: str) -> Field:
        """The field of a kind's sentence (``reply`` is the confirmation of an answer; ``reply_line`` tells how to
        answer)."""
        return getattr(self, kind)

    def values(self) -> dict[str, str]:
        return {k: getattr(self, k).data or "" for k in ("name", "yes", "no", "maybe", "agree", "reserve", "abstain",
                                                          "object", "reply_line", "proposal_reply_line", "online",
                                                          *kind_labels())}

    @classmethod
    def initial(cls, lang: Any) -> dict[str, str]:
        return {"code": lang.code, "name": lang.name, **lang.words, "reply_line": lang.reply, "online": lang.online,
                "proposal_reply_line": lang.proposal_reply, **lang.sentences}
