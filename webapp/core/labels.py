"""Words shared by several features, each in one place: the kinds of forum (tenants.models.TENANT_KINDS) and the
three visibilities of meetings, minutes, decisions, action plans, action items and webinar series."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

VISIBILITIES = ("public", "members", "restricted")  # widest first: each level sees itself and those before it


def visibility_check(column: str = "visibility") -> str:
    """The CHECK constraint's text: the column holds one of the visibilities."""
    return f"{column} IN ({', '.join(repr(v) for v in VISIBILITIES)})"


def visibility_labels() -> dict[str, str]:
    return {"public": _l("Public"), "members": _l("Members only"),
            "restricted": _l("Restricted (secretariat and chairs)")}


def forum_kind_labels() -> dict[str, str]:
    return {"steering_committee": _l("National steering committee"),
            "provincial_platform": _l("Provincial multi-stakeholder platform"),
            "round_table": _l("Round table"), "other": _l("Other forum")}


def forum_kind_label(kind: str) -> str:
    return str(forum_kind_labels().get(kind, kind))


def invitation_reason_label(reason: str, detail: str | None = None) -> str:
    """Why someone is invited, as the meeting page says it. ``detail`` is the committee's or organisation's name,
    or the constituency's name already translated (the roll's labels live with the members feature)."""
    from flask_babel import gettext

    if reason == "committee":
        return gettext("Invited as members of %(name)s", name=detail or "")
    if reason == "constituency":
        return gettext("Invited as the %(name)s constituency", name=detail or "")
    if reason == "organisation":
        return gettext("Invited as members of %(name)s", name=detail or "")
    return str({"roll": _l("Invited with the whole roll"), "individual": _l("Invited individually"),
                "guest": _l("Guest"), "affiliation": _l("Affiliation"), "forum": _l("Forum"),
            "received_objective": _l("Shared objective"),
            "recommendation": _l("Recommendation")}.get(reason, reason))


def audit_action_labels() -> dict[str, str]:
    """Every action code the services write to the audit log (webapp/core/audit.py), in the reader's language;
    tests/core/test_audit_labels.py fails on a code written without a label here."""
    return {"approved": _l("approved"), "attendance": _l("attendance recorded"), "cancelled": _l("cancelled"),
            "chair_accepted": _l("chair slot accepted"), "chair_declined": _l("chair slot declined"),
            "circulated": _l("circulated"), "created": _l("created"), "deactivated": _l("deactivated"),
            "reactivated": _l("reactivated"), "deleted": _l("deleted"), "duplicated": _l("duplicated"),
            "erased": _l("erased"), "generated": _l("sessions generated"), "invited": _l("invited"),
            "joined_committee": _l("joined a committee"), "left_committee": _l("left a committee"),
            "linked_account": _l("account linked"), "notified": _l("notice sent"), "published": _l("published"),
            "unpublished": _l("unpublished"), "removed": _l("removed"), "renamed": _l("renamed"),
            "requested": _l("requested"), "rsvp": _l("answered the invitation"), "saved": _l("saved"),
            "answer_recorded": _l("recorded an answer"), "reviewed": _l("reviewed for the year"),
            "enter": _l("entered from notes"), "correct": _l("corrected"),
            "checkins_confirmed": _l("self check-ins confirmed"), "vote_opened": _l("vote opened"),
            "vote_closed": _l("vote closed"), "tally_entered": _l("show of hands entered"),
            "tally_corrected": _l("tally corrected"), "voted": _l("voted"),
            "sent_back": _l("sent back with comments"), "started_from_agenda": _l("started from the agenda"),
            "answered": _l("answered"), "commented": _l("commented"),
            "consultation_opened": _l("put out for public comment"),
            "consultation_closed": _l("public comment closed, what we heard published"),
            "comment_published": _l("comment published"), "comment_declined": _l("comment declined"),
            "contact_erased": _l("a member of the public's details erased"),
            "suggestion_published": _l("suggestion published"), "suggestion_declined": _l("suggestion declined"),
            "suggestion_answered": _l("suggestion answered"), "suggestion_taken": _l("suggestion taken onto an agenda"),
            "voted_dates": _l("answered a date poll"), "chose_date": _l("chose a date"),
            "closed": _l("closed at its deadline"),
            "affiliation_invite": _l("affiliate invited"), "affiliation_accept": _l("affiliation accepted"),
            "affiliation_end": _l("affiliation ended"), "affiliation_invited": _l("invited to report to a forum"),
            "affiliation_accepted": _l("affiliation accepted by the affiliate"),
            "affiliation_ended": _l("affiliation ended by the other forum"),
            "affiliation_withdrawn": _l("snapshots withdrawn by the affiliate"),
            "objective_link": _l("objective linked to a shared objective"),
            "objective_unlink": _l("objective unlinked from a shared objective"),
            "objective_share": _l("objective shared with affiliates"),
            "objective_unshare": _l("objective no longer shared"),
            "objectives_received": _l("shared objectives received"), "snapshot_received": _l("snapshot received"),
            "snapshot_shared": _l("snapshot shared"), "snapshots_request": _l("snapshots requested"),
            "snapshots_withdraw": _l("snapshots withdrawn"),
            "translated": _l("translated"), "recorded": _l("recording uploaded"),
            "recording_removed": _l("recording removed"),
            "support_decided": _l("support decided"), "support_requested": _l("support requested"),
            "swapped": _l("sessions swapped"), "uninvited": _l("invitee removed"), "unsubscribed": _l("unsubscribed"),
            "reported": _l("report received"), "verified": _l("figure verified"),
            "reporter_added": _l("reporting body added"), "reporter_removed": _l("reporting body removed"),
            "update_corrected": _l("update corrected"), "update_withdrawn": _l("update withdrawn"),
            "updated": _l("updated"), "uploaded": _l("document uploaded"),
            "evidence_published": _l("evidence published"), "evidence_refused": _l("evidence kept members-only")}


def audit_object_labels() -> dict[str, str]:
    """Every kind of object the audit log names."""
    return {"meeting": _l("Meeting"), "agenda_item": _l("Agenda item"), "minutes": _l("Minutes"),
            "decision": _l("Decision"), "live_vote": _l("Vote"), "member": _l("Member"), "user": _l("Account"),
            "organisation": _l("Organisation"), "committee": _l("Committee"), "action_plan": _l("Action plan"),
            "objective": _l("Objective"), "action_item": _l("Action item"), "webinar_series": _l("Webinar series"),
            "report": _l("Report"), "forum_settings": _l("Forum settings"), "announcement": _l("Announcement"),
            "inclusion_targets": _l("Inclusion targets"), "self_assessment": _l("Self-assessment"),
            "guest": _l("Guest"), "affiliation": _l("Affiliation"), "forum": _l("Forum"),
            "received_objective": _l("Shared objective"),
            "recommendation": _l("Recommendation"), "proposal": _l("Proposal"),
            "intervention": _l("Intervention"), "comment": _l("Comment"), "consultation": _l("Public consultation"),
            "suggestion": _l("Suggestion from the public"),
            "consultation_contact": _l("Contact of a member of the public"),
            "date_poll": _l("Date poll"), "initiative": _l("Initiative")}


def audit_action_label(code: str) -> str:
    return str(audit_action_labels().get(code, code))


def audit_object_label(code: str) -> str:
    return str(audit_object_labels().get(code, code))
