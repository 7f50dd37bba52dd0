"""The meeting page as one view model: what the page shows, with every permission already worked out.

``meeting_page`` runs the page's queries (a fixed number, whatever the number of invitees, agenda items or
decisions); the agenda, invitees and attendance fragments have small contexts of their own, built from the
same rules, so an htmx swap never rebuilds the whole page. Templates read the booleans (``may_edit``,
``may_notify`` ...) and never name a role.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import tzinfo
from typing import Any

from flask import request, url_for
from flask_babel import get_locale
from flask_wtf import FlaskForm

from tenants.context import current_tenant
from webapp.core import content, languages
from webapp.core import parts as shared
from webapp.core import visibility as vis
from webapp.core.forms import EmptyForm
from webapp.core.labels import invitation_reason_label
from webapp.core.permissions import committee_seat_read
from webapp.core.visibility import current_reader
from webapp.core.zones import forum_zone, reader_zone_name
from webapp.meetings import forms, queries
from webapp.meetings.interfaces import DECIDED_BETWEEN, MEETING_ACTIONS, MEETING_BALANCE, MEETING_VOICE
from webapp.meetings.models import AgendaItem, Decision, Invitation, Meeting, Minutes, SelfCheckin
from webapp.meetings.outcomes import queries as outcome_queries
from webapp.meetings.outcomes.forms import SendBackForm
from webapp.meetings.outcomes.markdown import render_markdown
from webapp.meetings.permissions import may_manage_meetings, may_take_attendance, sees_restricted
from webapp.meetings.quorum import QuorumResult
from webapp.members import labels as roll_labels
from webapp.members.models import Committee

InviteeRow = tuple[Invitation, Any, Any, str | None]  # invitation, member (None: a guest), organisation, stand-in


class _Context:
    def context(self) -> dict[str, Any]:
        """The names a template (or one of its blocks) sees: exactly this object's fields."""
        return {f.name: getattr(self, f.name) for f in fields(self)}  # type: ignore[arg-type]


@dataclass(frozen=True)
class AgendaFragment(_Context):
    m: Meeting
    agenda: list[AgendaItem] | list[queries.AgendaRow]
    agenda_form: FlaskForm
    may_manage: bool  # move, edit and remove items
    may_edit: bool  # add items (not on a cancelled meeting)
    focus: bool = False  # after an item is added: the empty form takes the focus for the next one


@dataclass(frozen=True)
class InviteesFragment(_Context):
    m: Meeting
    invitees: list[InviteeRow]
    counts: dict[str, int]
    invitee_form: FlaskForm
    action_form: FlaskForm
    staff: bool  # sees support requests
    may_edit: bool  # invite, remove, set parts, name stand-ins
    may_decide_support: bool
    invite_form: FlaskForm  # invite in one step (meetings/_invite.html)
    guest_form: FlaskForm
    reasons: dict[int, str]  # invitation id -> why they are invited, in the reader's language
    reason_counts: list[tuple[str, int]]  # the same, summed: "Invited as members of ... (12)"
    invite_result: str | None = None  # after an htmx invite: "12 invited, 3 already invited"
    oob: bool = False  # after an invite: the section's count in its summary is sent again, out of band


@dataclass(frozen=True)
class AttendanceFragment(_Context):
    m: Meeting
    rows: list[InviteeRow]
    q: QuorumResult
    action_form: FlaskForm
    page_title: str
    checkins: dict[int, SelfCheckin]  # self check-ins by member (issue 39)


@dataclass(frozen=True)
class MinutesPreview(_Context):
    """The minutes exactly as invitees will get them, before the secretariat circulates them."""

    m: Meeting
    minutes: Minutes | None  # None when there is nothing to circulate yet
    circulated: bool  # already circulated (or approved): nothing to preview
    recipients: int
    subject: str
    intro: str
    page_title: str


@dataclass(frozen=True)
class MeetingPage(_Context):
    m: Meeting
    committee: Committee | None
    page_title: str
    title: content.Localised | None
    outputs: content.Localised | None
    summary: content.Localised | None
    committee_name: content.Localised | None  # in the reader's language where translated (issue 27)
    minutes_translated: str | None  # the minutes' translation into the reader's language, as sanitised HTML
    tz: tzinfo
    # the parts
    agenda: list[queries.AgendaRow]
    documents: list[queries.DocumentRow]
    decisions: list[Decision]
    decision_text: dict[tuple[int, str], str]
    positions: dict[int, dict[str, str]]
    minutes: Minutes | None
    versions: list  # the minutes' circulations, newest first, with who circulated and who sent back
    annex: list
    arising: list
    between: list  # decisions taken between meetings since the committee's previous one (webapp/proposals)
    invitees: list[InviteeRow]
    counts: dict[str, int]
    reasons: dict[int, str]
    reason_counts: list[tuple[str, int]]
    mine: Invitation | None
    balance: list
    short_notice: bool
    notice_days: int
    # forms
    agenda_form: FlaskForm
    doc_form: FlaskForm
    invitee_form: FlaskForm
    invite_form: FlaskForm
    guest_form: FlaskForm
    support_form: FlaskForm
    rsvp_form: FlaskForm
    action_form: FlaskForm
    send_back_form: FlaskForm
    # permissions, worked out once
    staff: bool  # sees restricted things: review dates, draft minutes, support requests
    may_manage: bool  # the secretariat's tools
    may_edit: bool  # change the meeting (not once cancelled)
    may_record: bool  # attendance, minutes, decisions, outcomes (notice sent, not cancelled)
    may_notify: bool  # send notice or cancel (draft or notified)
    may_take_attendance: bool
    may_answer: bool  # the viewer's own RSVP and support request
    may_circulate: bool
    may_approve: bool
    may_decide_support: bool
    may_translate: bool  # the link to the translator's view (the reader may translate: webapp/core/visibility.py)
    # the sections shown open (<details open>): the one asked for (?open=, after a form's redirect) and by default
    # the agenda for members, and for the secretariat while the meeting is a draft
    open_sections: frozenset[str] = frozenset()
    voice: Sequence[object] = ()  # voice in the room: floor time by gender and constituency (webapp/live, issue 38)
    present: int = 0  # invitees marked present
    # the parts shared by readers of one visibility class (webapp/core/parts.py): found in the cache, or rendered
    # by this page and kept after it (``keep_parts``)
    parts: shared.Parts = field(default_factory=shared.Parts.none)

    def agenda_fragment(self) -> AgendaFragment:
        return AgendaFragment(self.m, self.agenda, self.agenda_form, self.may_manage, self.may_edit)

    def invitees_fragment(self) -> InviteesFragment:
        return InviteesFragment(self.m, self.invitees, self.counts, self.invitee_form, self.action_form, self.staff,
                                self.may_edit, self.may_decide_support, self.invite_form, self.guest_form,
                                self.reasons, self.reason_counts)

    def with_form(self, **form: FlaskForm) -> MeetingPage:
        """The page with a form as it was posted (with its errors), its section open."""
        sections = {FORM_SECTIONS[name] for name in form if name in FORM_SECTIONS}
        return replace(self, open_sections=self.open_sections | sections, **form)

    def opening(self, section: str) -> MeetingPage:
        return replace(self, open_sections=self.open_sections | {section})

    def keep_parts(self) -> None:
        """After the page is rendered: the shared parts it rendered go to the cache, with what a page assembled
        from them needs besides."""
        self.parts.store({"present": self.present})


SECTIONS = ("details", "agenda", "invitees", "papers", "minutes", "attendance", "answer")
FORM_SECTIONS = {"agenda_form": "agenda", "invitee_form": "invitees", "doc_form": "papers",
                 "send_back_form": "minutes"}
ANCHORS = {"papers": "documents", "answer": "my-answer"}  # where in a section the browser scrolls to


def section_url(meeting_id: int, section: str, anchor: str | None = None) -> str:
    """The meeting page with ``section`` open, scrolled to it: where a form's redirect goes (no JavaScript needed)."""
    return url_for("tenant.meetings.show", meeting_id=meeting_id, open=section) + \
        "#" + (anchor or ANCHORS.get(section, section))


def _open_sections(m: Meeting, manage: bool, minutes: Minutes | None, approver: bool) -> frozenset[str]:
    """Open by default: the agenda for members, and for the secretariat while the meeting is a draft; the minutes
    for whoever has them to approve, and for members once they are circulated; plus the section asked for."""
    asked = request.args.get("open", "")
    default = {"agenda"} if not manage or m.status == "draft" else set()
    if approver or (not manage and minutes is not None and minutes.status != "draft"):
        default.add("minutes")
    return frozenset(default | ({asked} if asked in SECTIONS else set()))


def _agenda_form() -> forms.AgendaItemForm:
    """An empty form: never rebuilt from the request, or the item just added would come back (and a second tap
    would add it again)."""
    form = forms.AgendaItemForm(formdata=None)
    form.fill_choices()
    return form


def agenda_fragment(m: Meeting, agenda_form: FlaskForm | None = None, focus: bool = False) -> AgendaFragment:
    manage = may_manage_meetings()
    return AgendaFragment(m, queries.agenda_rows(m, languages.content_locale()), agenda_form or _agenda_form(), manage,
                          manage and m.status != "cancelled", focus)


def minutes_preview(m: Meeting) -> MinutesPreview:
    from flask_babel import gettext as _

    minutes = outcome_queries.minutes(m.id)
    circulated = minutes is not None and minutes.status != "draft"
    if minutes is not None and (circulated or not minutes.body_md.strip()):
        minutes = None
    return MinutesPreview(m, minutes, circulated, len(queries.invitees(m.id)), _("Minutes: %(title)s", title=m.title),
                          _("The minutes of this meeting are ready. Please read them in Baraza."),
                          _("Preview of the minutes"))


def attendance_fragment(m: Meeting) -> AttendanceFragment:
    from flask_babel import gettext as _

    return AttendanceFragment(m, queries.invitees(m.id), outcome_queries.quorum_for(m), EmptyForm(), _("Attendance"),
                              queries.checkins(m.id))


def _reasons(invitees: list[InviteeRow]) -> tuple[dict[int, str], list[tuple[str, int]]]:
    """Why each invitee is invited (translated: core/labels.py), and the same summed, in order of size."""
    constituencies = roll_labels.constituencies()
    reasons = {inv.id: invitation_reason_label(inv.reason, str(constituencies.get(inv.reason_detail or "",
                                                                                  inv.reason_detail or ""))
                                               if inv.reason == "constituency" else inv.reason_detail)
               for inv, *_ in invitees}
    return reasons, Counter(reasons.values()).most_common()


def invite_forms(choices: queries.InviteChoices, invite_form: FlaskForm | None = None,
                 guest_form: FlaskForm | None = None, invitee_form: FlaskForm | None = None
                 ) -> tuple[FlaskForm, FlaskForm, FlaskForm]:
    """The secretariat's three invite forms with their lists: one by one, in one step, a guest."""
    if invitee_form is None:
        invitee_form = forms.InviteeForm()
        invitee_form.member_id.choices = invitee_form.represented_by_id.choices = [("", "—")] + choices.people
    if invite_form is None:
        invite_form = forms.InviteGroupForm(formdata=None)
    invite_form.fill_choices(choices.committees, choices.organisations)
    if guest_form is None:
        guest_form = forms.GuestForm(formdata=None)
    guest_form.fill_choices()
    return invite_form, guest_form, invitee_form


def invitees_fragment(m: Meeting, invite_form: FlaskForm | None = None, guest_form: FlaskForm | None = None,
                      invite_result: str | None = None) -> InviteesFragment:
    """The invitees section alone (after an htmx invite, with the summary's count out of band): three statements."""
    manage = may_manage_meetings()
    invitees = queries.invitees(m.id)
    invite_form, guest_form, invitee_form = invite_forms(queries.invite_choices(), invite_form, guest_form)
    reasons, reason_counts = _reasons(invitees)
    return InviteesFragment(m, invitees, _counts(invitees), invitee_form, EmptyForm(), sees_restricted(),
                            manage and m.status != "cancelled", manage, invite_form, guest_form, reasons,
                            reason_counts, invite_result, oob=invite_result is not None)


def _counts(invitees: list[InviteeRow]) -> dict[str, int]:
    return {"yes": 0, "no": 0, "maybe": 0, "none": 0} | dict(Counter(inv.rsvp for inv, *_ in invitees))


def _committee_name(committee: Committee | None, translated: str | None, locale: str) -> content.Localised | None:
    """Committee names are written in the forum's language."""
    if committee is None:
        return None
    table = {(committee.id, "name"): translated} if translated else {}
    return content.localise(committee.name, current_tenant().default_locale, table, committee.id, "name", locale)


def meeting_page(meeting_id: int, viewer: Any) -> MeetingPage | None:  # noqa: ANN401 - the signed-in Member
    """The whole meeting page for ``viewer``, or None when they may not see the meeting.

    A reader who does not manage meetings reads the parts every reader of their visibility class reads alike from
    the parts cache (webapp/core/parts.py) when they are there: then only the meeting's frame and the reader's own
    parts are read (``_assembled``). The secretariat's page carries its forms in every part: rendered whole."""
    reader = current_reader()  # the one rule by reader (webapp/core/visibility.py)
    manage = may_manage_meetings()
    # the content in the reader's language: a Twi-reading member reads the agenda in Twi, the interface in theirs
    locale, interface = languages.content_locale(viewer), str(get_locale())
    tz = forum_zone()
    # keyed by the zone the page shows times in: the reader's own (their account's, else the roll's, else the forum's)
    kept = shared.Parts.none() if manage else shared.load(shared.key(
        "meeting", meeting_id, locale=locale if locale == interface else f"{interface}+{locale}",
        zone=reader_zone_name(), visibility_class=reader.visibility_class))
    if kept.hit:
        return _assembled(meeting_id, viewer, reader, kept, tz)
    staff = reader.sees_restricted
    head = queries.meeting_head(meeting_id, staff, locale, member_choices=manage)
    if head is None:
        return None
    m, committee, minutes, previous_start, table, documents, agenda = head[:7]
    if minutes is not None and not vis.sees_minutes(reader, minutes.visibility, minutes.status, m.visibility):
        minutes = None  # restricted, or not yet circulated, for this reader
    decisions, decision_text, positions = outcome_queries.decisions_for_page(m.id, reader, locale)
    invitees = queries.invitees(m.id)
    invite_form, guest_form, invitee_form = invite_forms(
        queries.InviteChoices(head.member_choices, head.committee_choices, head.organisation_choices))
    reasons, reason_counts = _reasons(invitees)
    own = _reader_parts(m, minutes, previous_start, viewer, reader, manage,
                        next((inv for inv, *_ in invitees if inv.member_id == viewer.id), None))
    if staff:  # staff read the history with the page's first statement (and share it in a part)
        own["versions"] = head.versions
    return MeetingPage(
        m=m, committee=committee, page_title=m.title,
        title=content.localise(m.title, m.language, table, m.id, "title", locale),
        outputs=content.localise(m.expected_outputs, m.language, table, m.id, "expected_outputs", locale),
        summary=content.localise(m.summary, m.language, table, m.id, "summary", locale), tz=tz,
        committee_name=_committee_name(committee, head.committee_name, locale),
        minutes_translated=render_markdown(head.minutes_text) if minutes and head.minutes_text else None,
        agenda=agenda, documents=documents, decisions=decisions,
        decision_text=decision_text, positions=positions,
        invitees=invitees, counts=_counts(invitees), reasons=reasons, reason_counts=reason_counts,
        present=sum(1 for inv, *_ in invitees if inv.attended),
        short_notice=queries.short_notice(m), notice_days=queries.minimum_notice_days(),
        agenda_form=_agenda_form(), doc_form=forms.DocumentForm(), invitee_form=invitee_form,
        invite_form=invite_form, guest_form=guest_form, parts=kept, **own)


def _reader_parts(m: Meeting, minutes: Minutes | None, previous_start: Any, viewer: Any,  # noqa: ANN401
                  reader: vis.Reader, manage: bool, mine: Invitation | None, *,
                  between_kept: bool = False) -> dict[str, Any]:
    """What the page shows this reader alone, and what they may do: worked out on every request, never shared
    (``between_kept``: the decisions taken between meetings are in the page's shared parts, not read again)."""
    # matters arising: the committee's open action items, live, while the meeting is still ahead; like the annex,
    # only the items this reader may open (webapp/actions/visibility.py), asked of the actions feature through one
    # narrow query (webapp/meetings/interfaces.py)
    arising, annex = MEETING_ACTIONS()(m, viewer, arising=m.status in ("draft", "notified"),
                                       since=previous_start if minutes is not None else None,
                                       annex=minutes is not None)
    # decided between meetings (webapp/proposals): since the committee's previous meeting began, while this one is
    # ahead (matters arising) and in its minutes' annex; only the decisions this reader sees
    between = DECIDED_BETWEEN()(m.committee_id, previous_start, m.start_at, reader) \
        if not between_kept and (m.status in ("draft", "notified") or minutes is not None) else []
    support_form, rsvp_form = forms.SupportForm(), forms.RsvpForm()
    support_form.fill_choices()
    rsvp_form.fill_choices()
    live = m.status != "cancelled"
    approver = minutes is not None and minutes.status == "circulated" and outcome_queries.may_approve(viewer, m)
    return dict(
        minutes=minutes, annex=annex, arising=arising, between=between, mine=mine,
        versions=outcome_queries.versions(minutes.id) if approver and minutes and not reader.sees_restricted else [],
        balance=MEETING_BALANCE()(m) if vis.sees_committee_figures(reader, m.committee_id) else [],
        support_form=support_form, rsvp_form=rsvp_form, action_form=EmptyForm(),
        send_back_form=SendBackForm(formdata=None),
        staff=reader.sees_restricted, may_manage=manage, may_edit=manage and live,
        may_record=manage and m.status not in ("draft", "cancelled"),
        may_notify=manage and m.status in ("draft", "notified"),
        may_take_attendance=may_take_attendance(m) and m.status not in ("draft", "cancelled"),
        may_answer=m.status == "notified",
        may_circulate=manage and minutes is not None and minutes.status == "draft",
        may_approve=approver,
        may_decide_support=manage, may_translate=reader.may_translate,
        open_sections=_open_sections(m, manage, minutes, approver),
        voice=MEETING_VOICE()(m))


BETWEEN_PARTS = {"between-arising", "between-annex"}  # parts kept before these existed carry no such parts


def _assembled(meeting_id: int, viewer: Any, reader: vis.Reader, kept: shared.Parts,  # noqa: ANN401
               tz: tzinfo) -> MeetingPage | None:
    """The page from its shared parts: one statement for the meeting's frame (asking the rule again) and the
    reader's invitation, then the reader's own parts. The shared data stays empty: the template writes the parts
    as they were stored."""
    frame = queries.meeting_frame(meeting_id, reader.sees_restricted, viewer.id)
    if frame is None:
        return None
    m, minutes = frame.meeting, frame.minutes
    committee_seat_read(viewer.id, m.committee_id, frame.seat)
    if minutes is not None and not vis.sees_minutes(reader, minutes.visibility, minutes.status, m.visibility):
        minutes = None
    empty = EmptyForm(formdata=None)
    return MeetingPage(
        m=m, committee=None, page_title=m.title, title=None, outputs=None, summary=None, committee_name=None,
        minutes_translated=None, tz=tz, agenda=[], documents=[], decisions=[], decision_text={}, positions={},
        invitees=[], counts=_counts([]), reasons={}, reason_counts=[], present=int(kept.meta.get("present", 0)),
        short_notice=False, notice_days=0, agenda_form=empty, doc_form=empty, invitee_form=empty,
        invite_form=empty, guest_form=empty, parts=kept,
        **_reader_parts(m, minutes, frame.previous_start, viewer, reader, False, frame.mine,
                        between_kept=kept.found.keys() >= BETWEEN_PARTS))
