"""Every upward dependency, in one place (DESIGN.md, "Layout"; docs/architecture.md, "Signals and interfaces").

A lower package asks a higher one only through the two joints declared here:

- **signals** (``webapp/core/signals.py``): the modules listed in ``LISTENERS`` connect their listeners when
  imported; ``wire()`` imports them;
- **typed interfaces** (``webapp.binding.Interface``, declared in the asking package): ``wire()`` binds each one,
  exactly once, to the higher feature that answers.

``create_app`` calls ``wire()``, and so does the worker's entry point; a script or job that skips it gets
``NotWired`` the first time it asks a question or sends a signal. A top-level module: it may import every
feature (tests/core/test_architecture.py).
"""
from __future__ import annotations

import importlib

from webapp.binding import is_wired, mark_wired

# modules whose listeners connect to webapp.core.signals when imported
LISTENERS = (
    "webapp.meetings.services",  # member_erased; counting_uses is sent from here
    "webapp.actions.services",  # member_erased; counting_uses for decisions and organisations
    "webapp.inclusion.services",  # member_erased
    "webapp.reports.services",  # member_erased
    "webapp.webinars.services",  # counting_uses for meetings and organisations
    "webapp.proposals.services",  # member_erased
    "webapp.comments.services",  # member_erased
    "webapp.suggestions.services",  # contact_in_use, contact_erased
)


def wire() -> None:
    """Connects every listener and binds every interface; a second call changes nothing."""
    if is_wired():
        return
    for name in LISTENERS:
        importlib.import_module(name)
    _bind()
    mark_wired()


def _bind() -> None:
    # the higher features that answer (imported here, never by the packages that ask)
    from tenants import routing
    from webapp.actions import emails as action_emails
    from webapp.actions import interfaces as actions_asks
    from webapp.actions import queries as action_queries
    from webapp.actions import services as actions
    from webapp.actions import sms as action_sms
    from webapp.auth import views as auth_views
    from webapp.consultations import emails as consultation_emails
    from webapp.consultations import services as consultations
    from webapp.core import content, permissions
    from webapp.federation import emails as federation_emails
    from webapp.federation import queries as federation
    from webapp.inclusion import services as inclusion
    from webapp.live import checkin as live_checkin
    from webapp.live import parity as live_parity
    from webapp.meetings import emails as meeting_emails
    from webapp.meetings import interfaces as meetings_asks
    from webapp.meetings import sms as meeting_sms
    from webapp.members import interfaces as members_asks
    from webapp.members import services as members
    from webapp.notices import emails, recipients
    from webapp.notices import queries as notice_queries
    from webapp.notices import services as notices
    from webapp.notices.sms import inbound
    from webapp.notices.sms import services as sms
    from webapp.polls import emails as poll_emails
    from webapp.polls import sms as poll_sms
    from webapp.proposals import emails as proposal_emails
    from webapp.proposals import queries as proposal_queries
    from webapp.proposals import services as proposals
    from webapp.proposals import sms as proposal_sms
    from webapp.recordings import queries as recording_queries
    from webapp.registrations import emails as registration_emails
    from webapp.webinars import emails as webinar_emails
    from webapp.webinars import services as webinars

    # tenants and webapp.core ask the member roll
    routing.AFTER_TENANT.bind(members.preload_signed_in)
    permissions.MEMBER_LOADER.bind(members.member_for_user)
    permissions.COMMITTEE_SEAT.bind(members.seat_role)
    content.CONTENT_KINDS.bind({kind.name: kind for kind in (
        *members.content_kinds(), *notices.content_kinds(), *actions.content_kinds(), *webinars.content_kinds(),
        *proposals.content_kinds(), *consultations.content_kinds())})

    # notices ask the roll and the features whose notices they carry
    recipients.DIRECTORY.bind(recipients.Directory(everyone=members.everyone_with_email, one=members.member_of_forum,
                                                   secretariat_email=members.secretariat_email,
                                                   several=members.members_of_forum))
    emails.EMAIL_KINDS.bind({kind.kind: kind for kind in (
        *auth_views.email_kinds(), *meeting_emails.email_kinds(), *action_emails.email_kinds(),
        *federation_emails.email_kinds(), *webinar_emails.email_kinds(), *registration_emails.email_kinds(),
        *proposal_emails.email_kinds(), *poll_emails.email_kinds(), *consultation_emails.email_kinds())})
    sms.CONTACTS.bind(members.contacts)
    sms.SMS_TEXTS.bind({**meeting_sms.sms_texts(), **action_sms.sms_texts(), **proposal_sms.sms_texts()})
    inbound.REPLY_KINDS.bind({
        meeting_sms.RSVP: inbound.ReplyKind(handle=meeting_sms.answer_by_sms, help="help"),
        proposal_sms.PROPOSAL: inbound.ReplyKind(handle=proposal_sms.answer_by_sms, help="proposal_help"),
        poll_sms.POLL: inbound.ReplyKind(handle=poll_sms.answer_by_sms, help="help"),
        action_sms.REPORT: inbound.ReplyKind(handle=action_sms.report_by_sms, help="report_help"),
        action_sms.UPDATE: inbound.ReplyKind(handle=action_sms.update_by_sms, help="update_help"),
        live_checkin.ROOM: inbound.ReplyKind(handle=live_checkin.answer_by_sms, help="help")})

    # members, meetings and actions ask inclusion, actions and federation
    members_asks.ROLL_BALANCE.bind(inclusion.roll_checks)
    meetings_asks.MEETING_BALANCE.bind(inclusion.meeting_checks)
    meetings_asks.OPEN_ACTIONS.bind(actions.open_for_agenda)
    meetings_asks.MEETING_ACTIONS.bind(actions.for_meeting_page)
    meetings_asks.SEARCH_ACTIONS.bind(action_queries.search_source)
    meetings_asks.MEETING_VOICE.bind(live_parity.meeting_voice)
    meetings_asks.RECORDING_LINK.bind(recording_queries.sms_link)
    notice_queries.ANNOUNCEMENT_RECORDINGS.bind(recording_queries.for_announcements)
    meetings_asks.DECIDED_BETWEEN.bind(proposal_queries.between_meetings)
    actions_asks.PLAN_OWNERS_BALANCE.bind(inclusion.owners_checks)
    actions_asks.SHARED_PROGRESS.bind(federation.shared_progress)
