"""Tenant isolation, layer by layer: URLs, the ORM filter, flush stamping, and RLS in the database."""
from __future__ import annotations

import psycopg
import pytest
from flask import request_started
from sqlalchemy import select, text

from tenants import context as tctx
from tenants import rls
from tenants.context import TenantRequired
from tenants.models import Tenant
from tenants.rls import tenant_context
from tests.conftest import app_role_connection
from webapp.extensions import db
from webapp.members.models import Member


# Routes that take an object id register here how to build a URL for one of tenant A's objects
# (later issues add theirs). The tests below fail for any forum route that is missing.
def _a_org(app, data) -> int:
    from webapp.members import services as members
    from webapp.members.models import Organisation

    with app.app_context(), tenant_context(data["a"]):
        found = db.session.scalar(select(Organisation.id).where(Organisation.name == "Minerals Commission"))
        if found:
            return found
        org = members.save_organisation(None, name="Minerals Commission", acronym="MinCom", constituency="government",
                                        country="GH")
        db.session.commit()
        return org.id


def _a_committee(app, data) -> int:
    from webapp.members import services as members
    from webapp.members.models import Committee, Member

    with app.app_context(), tenant_context(data["a"]):
        found = db.session.scalar(select(Committee.id).where(Committee.name == "Subcommittee on Mining"))
        if found:
            return found
        c = members.save_committee(None, name="Subcommittee on Mining", kind="subcommittee", level="national")
        members.set_seat(c, db.session.get(Member, (data["a"].id, data["a_member"]["id"])), "member")
        db.session.commit()
        return c.id


# GET routes: endpoint -> (app, data) -> path under /t/<slug>/ of one of tenant A's objects
OBJECT_URLS: dict[str, object] = {
    "tenant.members.show": lambda app, data: f"members/{data['a_member']['id']}",
    "tenant.members.edit": lambda app, data: f"members/{data['a_member']['id']}/edit",
    "tenant.members.erase": lambda app, data: f"members/{data['a_member']['id']}/erase",
    "tenant.organisations.organisation_form": lambda app, data: f"organisations/{_a_org(app, data)}/edit",
    "tenant.committees.committee": lambda app, data: f"committees/{_a_committee(app, data)}",
    "tenant.committees.committee_form": lambda app, data: f"committees/{_a_committee(app, data)}/edit",
}
def _a_meeting(app, data) -> dict:
    from tests.conftest import Factory

    if "a_meeting" not in data:
        data["a_meeting"] = Factory(app).meeting(data["a"], member_ids=(data["a_sec"]["id"], data["a_member"]["id"]))
    return data["a_meeting"]


def _a_invitation(app, data) -> int:
    from webapp.meetings.models import Invitation

    m = _a_meeting(app, data)
    with app.app_context(), tenant_context(data["a"]):
        inv = db.session.scalar(select(Invitation).where(Invitation.meeting_id == m["id"],
                                                         Invitation.member_id == data["a_member"]["id"]))
        inv.support, inv.support_status = "travel", "requested"
        db.session.commit()
        return inv.id


OBJECT_URLS.update({
    "tenant.meetings.show": lambda app, data: f"meetings/{_a_meeting(app, data)['id']}",
    "tenant.meetings.edit": lambda app, data: f"meetings/{_a_meeting(app, data)['id']}/edit",
    "tenant.meetings.print_notice": lambda app, data: f"meetings/{_a_meeting(app, data)['id']}/print",
    "tenant.meetings.document":
        lambda app, data: f"meetings/{_a_meeting(app, data)['id']}/documents/{_a_meeting(app, data)['doc_id']}",
    "tenant.meetings.edit_agenda_item":
        lambda app, data: f"meetings/{_a_meeting(app, data)['id']}/agenda/{_a_meeting(app, data)['item_id']}/edit",
    # issue 27: the translator's queue (a language, no id: still forum A's) and view
    "tenant.meetings.translation_queue": lambda app, data: "meetings/translations/ha",
    "tenant.meetings.translate_kind": lambda app, data: "meetings/translations/ha/committee",
    "tenant.meetings.translate": lambda app, data: f"meetings/{_a_meeting(app, data)['id']}/translate/ha",
})
def _a_decision(app, data) -> int:
    from webapp.meetings.models import Meeting
    from webapp.meetings.outcomes import services as outcome_services

    m = _a_meeting(app, data)
    if "a_decision" not in data:
        with app.app_context(), tenant_context(data["a"]):
            meeting = db.session.get(Meeting, (data["a"].id, m["id"]))
            d = outcome_services.save_decision(meeting, None, text="Adopt the list", agenda_item_id=None,
                                               visibility="members", policy_outcome=None, review_on=None, positions={})
            db.session.commit()
            data["a_decision"] = d.id
    return data["a_decision"]


def _meeting_path(suffix: str):
    return lambda app, data: f"meetings/{_a_meeting(app, data)['id']}/{suffix}"


OBJECT_URLS.update({
    "tenant.record.attendance": _meeting_path("attendance"),
    "tenant.record.minutes": _meeting_path("minutes"),
    "tenant.record.preview": _meeting_path("minutes/preview"),
    "tenant.record.publish": _meeting_path("outcomes"),
    "tenant.record.decision": lambda app, data: f"meetings/{_a_meeting(app, data)['id']}/decisions/{_a_decision(app, data)}/edit",
})
def _a_roll_import(app, data) -> int:
    from webapp.members import csv_io
    from webapp.members import services as members

    if "a_roll_import" not in data:
        with app.app_context(), tenant_context(data["a"]):
            staged = members.stage_import(csv_io.parse("name,email\nKofi Staged,kofi@roll.example.org\n").rows,
                                          "roll.csv", None)
            db.session.commit()
            data["a_roll_import"] = staged.id
    return data["a_roll_import"]


def _a_report(app, data) -> int:
    from webapp.reports.models import Report

    if "a_report" not in data:
        with app.app_context(), tenant_context(data["a"]):
            r = Report(kind="attendance_period", params={"start": "2026-01-01", "end": "2026-02-01"}, format="csv",
                       status="ready", file=b"x", filename="a.csv", size=1)
            db.session.add(r)
            db.session.commit()
            data["a_report"] = r.id
    return data["a_report"]


OBJECT_URLS.update({
    "tenant.reports.show": lambda app, data: f"reports/{_a_report(app, data)}",
    "tenant.reports.download": lambda app, data: f"reports/{_a_report(app, data)}/download",
})
def _a_plan(app, data) -> dict:
    from webapp.actions import services as actions

    if "a_plan" not in data:
        with app.app_context(), tenant_context(data["a"]):
            plan = actions.save_plan(None, title="Plan A", description=None, period_start=None, period_end=None,
                                     visibility="members")
            item = actions.save_item(plan, None, {"title": "Item A", "owner_member_id": data["a_sec"]["id"]})
            objective = actions.add_objective(plan, "Objective A")
            author = db.session.get(Member, (data["a"].id, data["a_sec"]["id"]))
            update = actions.record_update(item, author, status="in_progress", value=None, note="Started")
            db.session.commit()
            data["a_plan"] = {"plan": plan.id, "item": item.id, "objective": objective.id, "update": update.id}
    return data["a_plan"]


OBJECT_URLS.update({
    "tenant.actions.plan": lambda app, data: f"actions/plans/{_a_plan(app, data)['plan']}",
    "tenant.actions.plan_form": lambda app, data: f"actions/plans/{_a_plan(app, data)['plan']}/edit",
    "tenant.actions.export": lambda app, data: f"actions/plans/{_a_plan(app, data)['plan']}/export.csv",
    "tenant.actions.item": lambda app, data: f"actions/items/{_a_plan(app, data)['item']}",
    "tenant.actions.item_form": lambda app, data: f"actions/items/{_a_plan(app, data)['item']}/edit",
    "tenant.actions.correct_update":
        lambda app, data: f"actions/items/{_a_plan(app, data)['item']}/updates/{_a_plan(app, data)['update']}/correct",
})
def _a_series(app, data) -> dict:
    from datetime import date, time

    from webapp.webinars import services as webinars
    from webapp.webinars.models import Session

    if "a_series" not in data:
        from webapp.members import services as roll

        with app.app_context(), tenant_context(data["a"]):
            committee = roll.save_committee(None, name="Webinar group", kind="working_group", level="national")
            org = roll.save_organisation(None, name="Org W", acronym=None, constituency="workers", country=None)
            series = webinars.create_series(
                {"title": "Series A", "committee_id": committee.id, "cadence": "weeks", "every_weeks": 2, "nth": 1,
                 "weekday": 2, "start_on": date(2027, 1, 6), "at": time(15), "minutes": 60, "language": "en",
                 "visibility": "members"}, [(org.id, None)])
            webinars.generate(series, 1)
            db.session.commit()
            meeting_id = db.session.scalar(select(Session.meeting_id))
            data["a_series"] = {"series": series.id, "org": org.id, "meeting": meeting_id}
    return data["a_series"]


OBJECT_URLS.update({
    "tenant.webinars.show": lambda app, data: f"webinars/{_a_series(app, data)['series']}",
    "tenant.webinars.edit": lambda app, data: f"webinars/{_a_series(app, data)['series']}/edit",
})
def _a_federation(app, data) -> dict:
    """Forum A coordinates a third forum (B is no side of it) and has received an objective from it."""
    from webapp.federation.models import Affiliation, ReceivedObjective

    if "a_federation" not in data:
        with app.app_context():
            c = Tenant(slug="forum-c", name="Forum C")
            db.session.add(c)
            db.session.flush()
            affiliation = Affiliation(coordinator_id=data["a"].id, affiliate_id=c.id, status="active", invited_by="A")
            back = Affiliation(coordinator_id=c.id, affiliate_id=data["a"].id, status="active", invited_by="C")
            db.session.add_all([affiliation, back])
            db.session.flush()
            ids = {"affiliation": affiliation.id, "back": back.id}
            db.session.commit()
            with tenant_context(data["a"]):
                received = ReceivedObjective(affiliation_id=ids["back"], coordinator_tenant_id=c.id,
                                             coordinator_name="C", source_objective_id=1, title="Shared by C",
                                             plan_title="Plan C")
                db.session.add(received)
                db.session.flush()
                ids["received"] = received.id
                db.session.commit()
            data["a_federation"] = ids
    return data["a_federation"]


# capability links (a signed token, not an id) have their own cross-tenant tests
CAPABILITY_URLS = {"tenant.members.join", "tenant.meetings.rsvp", "tenant.meetings.personal_calendar",
                   "tenant.webinars.chair_response", "tenant.notices.unsubscribe",
                   # the RSVP link's papers and calendar: forum B's URL with forum A's link is a 404 in
                   # tests/meetings/test_rsvp_page.py
                   "tenant.meetings.rsvp_paper", "tenant.meetings.rsvp_calendar",
                   # check-in through the answer link (issue 39): tests/live/test_checkin.py
                   "tenant.live.here"}


def _a_failed_notice(app, data) -> int:
    from webapp.members.models import Member
    from webapp.notices import services
    from webapp.notices.models import Notice

    with app.app_context(), tenant_context(data["a"]):
        member = db.session.get(Member, (data["a"].id, data["a_sec"]["id"]))
        notice_id = services.send_test_notice(member)
        db.session.execute(Notice.__table__.update().where(Notice.id == notice_id).values(status="failed"))
        db.session.info.pop("baraza_after_commit", None)
        db.session.commit()
    return notice_id


# POST routes that act on an object: endpoint -> (app, data) -> path under /t/<slug>/
OBJECT_ACTIONS: dict[str, object] = {
    "tenant.notices.resend": lambda app, data: f"notices/{_a_failed_notice(app, data)}/resend",
    "tenant.members.edit": lambda app, data: f"members/{data['a_member']['id']}/edit",
    "tenant.members.invite": lambda app, data: f"members/{data['a_member']['id']}/invite",
    "tenant.members.erase": lambda app, data: f"members/{data['a_member']['id']}/erase",
    "tenant.members.import_confirm": lambda app, data: f"members/import/{_a_roll_import(app, data)}/confirm",
    "tenant.organisations.organisation_form": lambda app, data: f"organisations/{_a_org(app, data)}/edit",
    "tenant.committees.committee_form": lambda app, data: f"committees/{_a_committee(app, data)}/edit",
    "tenant.committees.add_seat": lambda app, data: f"committees/{_a_committee(app, data)}/seats",
    "tenant.committees.remove_seat":
        lambda app, data: f"committees/{_a_committee(app, data)}/seats/{data['a_member']['id']}/remove",
    "tenant.members.join": None,  # a capability link: tests/members/test_invitations.py
    "tenant.meetings.rsvp": None,  # a capability link: tests/meetings/test_meetings.py
    "tenant.meetings.rsvp_support": None,  # a capability link: tests/meetings/test_rsvp_page.py (forum B: 404)
    "tenant.inclusion.assess": None,  # keyed by checklist item, not an id: tests/inclusion/test_surfaces.py
    "tenant.webinars.chair_response": None,  # a capability link: tests/webinars/test_series.py
    "tenant.notices.unsubscribe": None,  # a capability link: tests/notices/test_unsubscribe.py
    "tenant.reports.publish": lambda app, data: f"reports/{_a_report(app, data)}/publish",
    "tenant.webinars.generate": lambda app, data: f"webinars/{_a_series(app, data)['series']}/generate",
    "tenant.webinars.edit": lambda app, data: f"webinars/{_a_series(app, data)['series']}/edit",
    "tenant.webinars.swap": lambda app, data: f"webinars/{_a_series(app, data)['series']}/swap",
    "tenant.webinars.add_org": lambda app, data: f"webinars/{_a_series(app, data)['series']}/pool",
    "tenant.webinars.remove_org":
        lambda app, data: f"webinars/{_a_series(app, data)['series']}/pool/{_a_series(app, data)['org']}/remove",
    "tenant.webinars.cancel":
        lambda app, data: f"webinars/{_a_series(app, data)['series']}/sessions/{_a_series(app, data)['meeting']}/cancel",
    "tenant.federation.accept": lambda app, data: f"federation/affiliations/{_a_federation(app, data)['back']}/accept",
    "tenant.federation.withdraw":
        lambda app, data: f"federation/affiliations/{_a_federation(app, data)['back']}/withdraw",
    "tenant.federation.end": lambda app, data: f"federation/affiliations/{_a_federation(app, data)['affiliation']}/end",
    "tenant.federation.share": lambda app, data: f"federation/objectives/{_a_plan(app, data)['objective']}/share",
    "tenant.federation.link": lambda app, data: f"federation/received/{_a_federation(app, data)['received']}/link",
    "tenant.federation.unlink": lambda app, data:
        f"federation/received/{_a_federation(app, data)['received']}/unlink/{_a_plan(app, data)['objective']}",
    "tenant.actions.plan_form": lambda app, data: f"actions/plans/{_a_plan(app, data)['plan']}/edit",
    "tenant.actions.add_objective": lambda app, data: f"actions/plans/{_a_plan(app, data)['plan']}/objectives",
    "tenant.actions.move_objective":
        lambda app, data: f"actions/plans/{_a_plan(app, data)['plan']}/objectives/{_a_plan(app, data)['objective']}/move",
    "tenant.actions.item_form": lambda app, data: f"actions/items/{_a_plan(app, data)['item']}/edit",
    "tenant.actions.update": lambda app, data: f"actions/items/{_a_plan(app, data)['item']}/update",
    "tenant.actions.correct_update":
        lambda app, data: f"actions/items/{_a_plan(app, data)['item']}/updates/{_a_plan(app, data)['update']}/correct",
    "tenant.actions.withdraw_update":
        lambda app, data: f"actions/items/{_a_plan(app, data)['item']}/updates/{_a_plan(app, data)['update']}/withdraw",
    "tenant.record.mark": lambda app, data: f"meetings/{_a_meeting(app, data)['id']}/attendance/{_a_invitation(app, data)}",
    "tenant.record.minutes": _meeting_path("minutes"),
    "tenant.record.circulate": _meeting_path("minutes/circulate"),
    "tenant.record.approve": _meeting_path("minutes/approve"),
    "tenant.record.send_back": _meeting_path("minutes/send-back"),
    "tenant.record.from_agenda": _meeting_path("minutes/from-agenda"),
    "tenant.record.publish": _meeting_path("outcomes"),
    "tenant.record.decision": lambda app, data: f"meetings/{_a_meeting(app, data)['id']}/decisions/{_a_decision(app, data)}/edit",
    "tenant.meetings.edit": lambda app, data: f"meetings/{_a_meeting(app, data)['id']}/edit",
    "tenant.meetings.notice": lambda app, data: f"meetings/{_a_meeting(app, data)['id']}/notice",
    "tenant.meetings.cancel": lambda app, data: f"meetings/{_a_meeting(app, data)['id']}/cancel",
    "tenant.meetings.add_agenda_item": lambda app, data: f"meetings/{_a_meeting(app, data)['id']}/agenda",
    "tenant.meetings.move_agenda_item":
        lambda app, data: f"meetings/{_a_meeting(app, data)['id']}/agenda/{_a_meeting(app, data)['item_id']}/move",
    "tenant.meetings.delete_agenda_item":
        lambda app, data: f"meetings/{_a_meeting(app, data)['id']}/agenda/{_a_meeting(app, data)['item_id']}/delete",
    "tenant.meetings.edit_agenda_item":
        lambda app, data: f"meetings/{_a_meeting(app, data)['id']}/agenda/{_a_meeting(app, data)['item_id']}/edit",
    "tenant.meetings.delete_document":
        lambda app, data: f"meetings/{_a_meeting(app, data)['id']}/documents/{_a_meeting(app, data)['doc_id']}/delete",
    "tenant.meetings.translate": lambda app, data: f"meetings/{_a_meeting(app, data)['id']}/translate/ha",
    "tenant.meetings.translate_kind": None,  # no object id: a language and a kind of text, each forum its own
    "tenant.meetings.upload": lambda app, data: f"meetings/{_a_meeting(app, data)['id']}/documents",
    "tenant.meetings.add_invitee": lambda app, data: f"meetings/{_a_meeting(app, data)['id']}/invitees",
    "tenant.meetings.remove_invitee":
        lambda app, data: f"meetings/{_a_meeting(app, data)['id']}/invitees/{data['a_member']['id']}/remove",
    "tenant.meetings.rsvp_in_app": lambda app, data: f"meetings/{_a_meeting(app, data)['id']}/rsvp",
    "tenant.meetings.request_support": lambda app, data: f"meetings/{_a_meeting(app, data)['id']}/support",
    "tenant.meetings.decide_support":
        lambda app, data: f"meetings/{_a_meeting(app, data)['id']}/support/{_a_invitation(app, data)}",
    "tenant.meetings.set_part":
        lambda app, data: f"meetings/{_a_meeting(app, data)['id']}/invitations/{_a_invitation(app, data)}/part",
    "tenant.meetings.remove_stand_in":
        lambda app, data: f"meetings/{_a_meeting(app, data)['id']}/invitations/{_a_invitation(app, data)}/stand-in/remove",
}


def _a_guest(app, data) -> int:
    """A guest (not on the roll) invited to tenant A's meeting: an invitation without a member."""
    from webapp.meetings import services as meeting_services
    from webapp.meetings.models import Meeting

    m = _a_meeting(app, data)
    if "a_guest" not in m:
        with app.app_context(), tenant_context(data["a"]):
            meeting = db.session.get(Meeting, (data["a"].id, m["id"]))
            m["a_guest"] = meeting_services.add_guest(meeting, name="Akua Guest", email="akua@example.org").id
            db.session.commit()
    return m["a_guest"]


# invite in one step, guests, re-sync (issue 21)
OBJECT_ACTIONS.update({
    "tenant.meetings.invite_group": _meeting_path("invitees/group"),
    "tenant.meetings.add_guest": _meeting_path("guests"),
    "tenant.meetings.resync": _meeting_path("invitees/resync"),
    "tenant.meetings.erase_guest": lambda app, data: f"meetings/{_a_meeting(app, data)['id']}/guests/{_a_guest(app, data)}/erase",
})

# issue 21: duplicate a meeting; delete what is not yet public (each behind a confirm page)
OBJECT_ACTIONS.update({
    "tenant.meetings.duplicate": lambda app, data: f"meetings/{_a_meeting(app, data)['id']}/duplicate",
    "tenant.meetings.delete": lambda app, data: f"meetings/{_a_meeting(app, data)['id']}/delete",
    "tenant.record.delete_decision":
        lambda app, data: f"meetings/{_a_meeting(app, data)['id']}/decisions/{_a_decision(app, data)}/delete",
    "tenant.actions.delete_item": lambda app, data: f"actions/items/{_a_plan(app, data)['item']}/delete",
    "tenant.actions.delete_plan": lambda app, data: f"actions/plans/{_a_plan(app, data)['plan']}/delete",
    "tenant.actions.delete_objective":
        lambda app, data: f"actions/plans/{_a_plan(app, data)['plan']}/objectives/{_a_plan(app, data)['objective']}/delete",
    "tenant.actions.rename_objective":
        lambda app, data: f"actions/plans/{_a_plan(app, data)['plan']}/objectives/{_a_plan(app, data)['objective']}/rename",
    "tenant.organisations.delete_organisation": lambda app, data: f"organisations/{_a_org(app, data)}/delete",
})


def _a_proposal(app, data) -> int:
    """A proposal of forum A to its whole roll, with a paper (issue 36)."""
    from datetime import UTC, datetime, timedelta

    from webapp.proposals import services as proposals

    if "a_proposal" not in data:
        with app.app_context(), tenant_context(data["a"]):
            p = proposals.open_proposal({"title": "Adopt the plan", "text": "The forum adopts it.",
                                         "rule": "no_objection", "audience": "roll",
                                         "deadline": datetime.now(UTC) + timedelta(days=7),
                                         "paper": ("plan.pdf", "application/pdf", b"%PDF-1.4 plan")}, None)
            db.session.commit()
            data["a_proposal"] = p.id
    return data["a_proposal"]


# proposals between meetings (issue 36); their answer link is a capability link: tests/proposals/test_proposals.py
OBJECT_URLS.update({
    "tenant.proposals.show": lambda app, data: f"proposals/{_a_proposal(app, data)}",
    "tenant.proposals.paper": lambda app, data: f"proposals/{_a_proposal(app, data)}/paper",
})
OBJECT_ACTIONS.update({
    "tenant.proposals.answer": lambda app, data: f"proposals/{_a_proposal(app, data)}/answer",
    "tenant.proposals.answer_by_link": None,
    "tenant.proposals.remind": lambda app, data: f"proposals/{_a_proposal(app, data)}/remind",
    "tenant.proposals.cancel": lambda app, data: f"proposals/{_a_proposal(app, data)}/cancel",
})
CAPABILITY_URLS.add("tenant.proposals.answer_by_link")

def _a_recording(app, data) -> int:
    from webapp.recordings.models import Recording

    if "a_recording" not in data:
        m = _a_meeting(app, data)
        with app.app_context(), tenant_context(data["a"]):
            rec = Recording(meeting_id=m["id"], purpose="notice", language="en", transcript="", token="a-recording",
                            status="ready", audio=b"OggS", size=4, uploaded_by="Factory")
            db.session.add(rec)
            db.session.commit()
            data["a_recording"] = rec.id
    return data["a_recording"]


# recordings (issue 46); their short link is a capability link: tests/recordings/test_recordings.py
OBJECT_URLS.update({
    "tenant.recordings.meeting": lambda app, data: f"meetings/{_a_meeting(app, data)['id']}/recordings",
})
OBJECT_ACTIONS.update({
    "tenant.recordings.upload": lambda app, data: f"meetings/{_a_meeting(app, data)['id']}/recordings",
    "tenant.recordings.remove":
        lambda app, data: f"meetings/{_a_meeting(app, data)['id']}/recordings/{_a_recording(app, data)}/remove",
})
CAPABILITY_URLS.add("tenant.recordings.listen")

def _a_registration(app, data) -> int:
    from webapp.registrations.models import Registration

    if "a_registration" not in data:
        m = _a_meeting(app, data)
        with app.app_context(), tenant_context(data["a"]):
            reg = Registration(meeting_id=m["id"], name="Amina", email="amina@example.org", language="en",
                               status="confirmed", token="a-registration")
            db.session.add(reg)
            db.session.commit()
            data["a_registration"] = reg.id
    return data["a_registration"]


# registrations (issue 42): the secretariat's list; the public form and the registrant's cancel link answer everyone
# (their cross-forum 404s: tests/registrations/test_registrations.py)
OBJECT_URLS.update({
    "tenant.registrations.registrants": lambda app, data: f"meetings/{_a_meeting(app, data)['id']}/registrations",
})
OBJECT_ACTIONS.update({
    "tenant.registrations.capacity": lambda app, data: f"meetings/{_a_meeting(app, data)['id']}/registrations",
    "tenant.registrations.remove": lambda app, data:
        f"meetings/{_a_meeting(app, data)['id']}/registrations/{_a_registration(app, data)}/remove",
})
OBJECT_ACTIONS.update({
    # the form of a meeting not open to registration (members only, not announced): 404 through either forum
    "tenant.registrations.register": lambda app, data: f"public/meetings/{_a_meeting(app, data)['id']}/register",
    "tenant.registrations.cancel": None,  # a capability link: its cross-forum 404 is in the registrations tests
})
CAPABILITY_URLS.update({"tenant.registrations.form", "tenant.registrations.cancel"})


def _a_consultation(app, data) -> int:
    """Forum A's proposal out for public comment, with one published public comment (issue 42)."""
    from datetime import timedelta

    from webapp.comments import queries as comment_queries
    from webapp.consultations import services as consultations
    from webapp.core.visibility import Reader
    from webapp.core.zones import forum_today

    if "a_consultation" not in data:
        pid = _a_proposal(app, data)
        with app.app_context(), tenant_context(data["a"]):
            d = comment_queries.draft("proposal", pid, Reader.staff())
            c = consultations.open_consultation(d, "Is it clear?", None, forum_today() + timedelta(days=10))
            contact = consultations.Contact(channel="email", address="visitor@example.org", attempts=0)
            db.session.add(contact)
            db.session.flush()
            cm = consultations.add_public_comment(c, contact, body="Clear.", name=None, speaks_for=None,
                                                  language="en", position=None, network=None)
            consultations.publish(c, cm)
            db.session.commit()
            data["a_consultation"], data["a_public_comment"] = c.id, cm.id
    return data["a_consultation"]


def _consultation_path(app, data, tail: str) -> str:
    cid = _a_consultation(app, data)
    return tail.format(c=cid, cm=data["a_public_comment"])


# consultations (issue 42): the secretariat's pages and the public's forms (each a 404 through another forum)
OBJECT_URLS.update({
    "tenant.consultations.show": lambda app, data: _consultation_path(app, data, "consultations/{c}"),
    "tenant.consultations.close": lambda app, data: _consultation_path(app, data, "consultations/{c}/close"),
    "tenant.consultations.new": lambda app, data: f"consultations/new/proposal/{_a_proposal(app, data)}",
})
OBJECT_ACTIONS.update({
    "tenant.consultations.new": OBJECT_URLS["tenant.consultations.new"],
    "tenant.consultations.close": OBJECT_URLS["tenant.consultations.close"],
    "tenant.consultations.publish":
        lambda app, data: _consultation_path(app, data, "consultations/{c}/comments/{cm}/publish"),
    "tenant.consultations.decline":
        lambda app, data: _consultation_path(app, data, "consultations/{c}/comments/{cm}/decline"),
    "tenant.consultations.erase":
        lambda app, data: _consultation_path(app, data, "consultations/{c}/comments/{cm}/erase"),
    # the public's forms answer everyone in their own forum: their cross-forum 404s are in
    # tests/consultations/test_consultations.py::test_another_forums_consultation_is_404_on_every_public_form
    "tenant.consultation_forms.code_request": None, "tenant.consultation_forms.code": None,
    "tenant.consultation_forms.comment": None, "tenant.consultation_forms.report": None,
})
CAPABILITY_URLS.update({"tenant.consultation_forms.take_part", "tenant.consultation_forms.report"})

# the confirm pages of the actions that ask first (issue 21)
OBJECT_URLS.update({endpoint: OBJECT_ACTIONS[endpoint] for endpoint in (
    "tenant.meetings.notice", "tenant.meetings.cancel", "tenant.meetings.delete_agenda_item",
    "tenant.meetings.delete_document", "tenant.meetings.remove_invitee", "tenant.meetings.resync",
    "tenant.meetings.erase_guest", "tenant.meetings.duplicate",
    "tenant.meetings.delete", "tenant.record.delete_decision", "tenant.actions.delete_item",
    "tenant.actions.delete_plan", "tenant.actions.delete_objective", "tenant.actions.rename_objective",
    "tenant.organisations.delete_organisation", "tenant.proposals.remind",
    "tenant.proposals.cancel")})


def tenant_a_urls(app, data) -> list[str]:
    urls = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/t/<tenant_slug>") or "GET" not in rule.methods:
            continue
        if rule.endpoint.startswith(("tenant.public.", "tenant.api.")) or rule.endpoint in CAPABILITY_URLS:
            continue  # public pages and the open-data API answer everyone by design (they take no object id)
        extra = set(rule.arguments) - {"tenant_slug"} - set(rule.defaults or {})
        if extra:
            assert rule.endpoint in OBJECT_URLS, f"{rule.endpoint} needs a cross-tenant URL factory"
            urls.append(f"/t/{data['a'].slug}/" + OBJECT_URLS[rule.endpoint](app, data))
        else:
            urls.append(rule.rule.replace("<tenant_slug>", data["a"].slug))
    assert urls, "no forum URL found"
    return urls


def test_member_of_b_gets_404_on_every_tenant_a_url(app, client, auth, two_forums):
    urls = tenant_a_urls(app, two_forums)
    auth.login(two_forums["a_sec"]["email"])
    for url in urls:  # the same URLs answer tenant A's own member: the 404s below are not an accident
        assert client.get(url).status_code == 200, url
    auth.logout()
    auth.login(two_forums["b_sec"]["email"])
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.get(url, headers={"HX-Request": "true"}).status_code == 404, url
        # tenant A's id through tenant B's own URL
        if any(ch.isdigit() for ch in url):  # an object id: also through B's own URL
            own = url.replace("/t/forum-a/", "/t/forum-b/", 1)
            assert client.get(own).status_code == 404, own


def test_anonymous_is_sent_to_sign_in(app, client, two_forums):
    for url in tenant_a_urls(app, two_forums):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_unknown_forum_is_404(client, two_forums):
    assert client.get("/t/no-such-forum/").status_code == 404


def test_app_role_in_tenant_b_transaction_sees_no_tenant_a_rows(databases, two_forums):
    a, b = two_forums["a"], two_forums["b"]
    with app_role_connection(databases) as conn:
        conn.execute("SELECT set_config('app.tenant_id', %s, true)", (str(b.id),))
        tenants_seen = {r[0] for r in conn.execute("SELECT DISTINCT tenant_id FROM members")}
        assert tenants_seen == {b.id}
        assert conn.execute("SELECT count(*) FROM members WHERE tenant_id = %s", (a.id,)).fetchone()[0] == 0
        # updates and deletes cannot reach tenant A either
        assert conn.execute("UPDATE members SET name = 'x' WHERE tenant_id = %s", (a.id,)).rowcount == 0
        assert conn.execute("DELETE FROM members WHERE tenant_id = %s", (a.id,)).rowcount == 0


def test_app_role_cannot_insert_a_row_for_another_tenant(databases, two_forums):
    a, b = two_forums["a"], two_forums["b"]
    with app_role_connection(databases) as conn:
        conn.execute("SELECT set_config('app.tenant_id', %s, true)", (str(b.id),))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute("INSERT INTO members (tenant_id, name, role, active) VALUES (%s, 'intruder', 'member', true)",
                         (a.id,))
    with app_role_connection(databases) as conn:  # while its own tenant works
        conn.execute("SELECT set_config('app.tenant_id', %s, true)", (str(b.id),))
        conn.execute("INSERT INTO members (tenant_id, name, role, active) VALUES (%s, 'ok', 'member', true)", (b.id,))


def test_a_transaction_with_no_tenant_sees_no_tenant_rows(databases, two_forums):
    with app_role_connection(databases) as conn:
        assert conn.execute("SELECT count(*) FROM members").fetchone()[0] == 0
        conn.execute("SELECT set_config('app.tenant_id', '', true)")
        assert conn.execute("SELECT count(*) FROM members").fetchone()[0] == 0
    with app_role_connection(databases) as conn:  # the rows do exist: with the tenant set they show
        conn.execute("SELECT set_config('app.tenant_id', %s, true)", (str(two_forums["a"].id),))
        assert conn.execute("SELECT count(*) FROM members").fetchone()[0] == 2


def test_tenant_setting_is_transaction_local(databases, two_forums):
    with app_role_connection(databases) as conn:
        conn.execute("SELECT set_config('app.tenant_id', %s, true)", (str(two_forums["a"].id),))
        conn.commit()
        assert conn.execute("SELECT count(*) FROM members").fetchone()[0] == 0


def test_orm_fails_closed_without_a_tenant(app, two_forums):
    with app.app_context():
        with pytest.raises(TenantRequired):
            db.session.scalars(select(Member)).all()
        db.session.rollback()
        # an explicit bypass passes the ORM layer, and RLS still shows nothing
        with tctx.no_tenant_filter():
            assert db.session.scalars(select(Member)).all() == []


def test_orm_filters_by_tenant_even_without_a_where(app, two_forums):
    with app.app_context():
        b = db.session.get(Tenant, two_forums["b"].id)
        with tenant_context(b):
            names = db.session.scalars(select(Member.name)).all()
            assert names == ["Bea Secretariat"]
            # the ORM criteria add the filter in SQL, not only RLS
            stmt_sql = []
            from sqlalchemy import event

            def capture(conn, cursor, statement, *args):
                stmt_sql.append(statement)

            event.listen(db.engine, "before_cursor_execute", capture)
            try:
                db.session.scalars(select(Member)).all()
            finally:
                event.remove(db.engine, "before_cursor_execute", capture)
            assert any("members.tenant_id = " in s for s in stmt_sql)


def test_orm_criteria_follow_the_current_tenant_when_it_changes(app, two_forums):
    """The criteria option is built once per forum (rls.tenant_criteria): switching forums in one process must bind
    the new forum's id, in the same compiled statement, never the first forum's (issue 43)."""
    from sqlalchemy import event

    with app.app_context():
        a = db.session.get(Tenant, two_forums["a"].id)
        b = db.session.get(Tenant, two_forums["b"].id)
        sent: list[tuple[str, object]] = []

        def capture(conn, cursor, statement, parameters, *args):
            sent.append((statement, parameters))

        event.listen(db.engine, "before_cursor_execute", capture)
        try:
            for tenant in (a, b, a, b):
                with tenant_context(tenant):
                    names = db.session.scalars(select(Member.name).order_by(Member.id)).all()
                    assert ("Bea Secretariat" in names) == (tenant.id == b.id)
                db.session.rollback()
        finally:
            event.remove(db.engine, "before_cursor_execute", capture)
        reads = [(s, p) for s, p in sent if s.startswith("SELECT members.name")]
        assert [list(p.values()) for _, p in reads] == [[a.id], [b.id], [a.id], [b.id]]
        assert len({s for s, _ in reads}) == 1  # one compiled form for every forum: the id is a bound value


def test_a_prebuilt_statement_is_filtered_for_the_forum_current_at_each_execution(app, two_forums):
    """A statement built once (rls.prebuilt) keeps one filtered copy per forum with its cache key memoized: the
    copy made for forum A must never run while forum B is current (issue 43)."""
    from sqlalchemy import bindparam, event

    from tenants.rls import prebuilt

    stmt = prebuilt(select(Member.name).where(Member.role == bindparam("role")).order_by(Member.id))
    with app.app_context():
        a = db.session.get(Tenant, two_forums["a"].id)
        b = db.session.get(Tenant, two_forums["b"].id)
        sent: list[dict] = []

        def capture(conn, cursor, statement, parameters, *args):
            if statement.startswith("SELECT members.name"):
                sent.append(parameters)

        event.listen(db.engine, "before_cursor_execute", capture)
        try:
            for tenant in (a, b, a, b):
                with tenant_context(tenant):
                    names = db.session.scalars(stmt, {"role": "secretariat"}).all()
                    assert ("Bea Secretariat" in names) == (tenant.id == b.id), (tenant.slug, names)
                db.session.rollback()
        finally:
            event.remove(db.engine, "before_cursor_execute", capture)
        assert [sorted(p.values(), key=str) for p in sent] == [sorted([t.id, "secretariat"], key=str)
                                                              for t in (a, b, a, b)]


def test_flush_stamps_tenant_and_refuses_another(app, two_forums):
    with app.app_context():
        a = db.session.get(Tenant, two_forums["a"].id)
        b = db.session.get(Tenant, two_forums["b"].id)
        with tenant_context(b):
            m = Member(name="Stamped", role="member")
            db.session.add(m)
            db.session.flush()
            assert m.tenant_id == b.id
            db.session.add(Member(name="Wrong", role="member", tenant_id=a.id))
            with pytest.raises(TenantRequired):
                db.session.flush()
            db.session.rollback()
        with pytest.raises(TenantRequired):
            db.session.add(Member(name="Nobody", role="member"))
            db.session.flush()
        db.session.rollback()
        with tenant_context(b):
            m = db.session.scalars(select(Member)).first()
            m.tenant_id = a.id
            with pytest.raises(TenantRequired):
                db.session.flush()
            db.session.rollback()


def test_tenant_of_one_request_never_leaks_into_the_next(app, client, auth, two_forums):
    seen: list[object] = []

    def record(sender, **extra):
        seen.append(tctx.current_tenant())

    auth.login(two_forums["a_sec"]["email"])
    assert client.get("/t/forum-a/").status_code == 200
    assert tctx.current_tenant() is None  # reset at teardown, on this very thread
    request_started.connect(record, app)
    try:
        client.get("/")
        client.get("/healthz")
    finally:
        request_started.disconnect(record, app)
    assert seen == [None, None]


def test_session_transaction_after_tenant_lookup_has_the_tenant(app, two_forums):
    """The slug lookup opens the transaction before the tenant is known: the setting is re-applied."""
    with app.app_context():
        tenant = db.session.scalar(select(Tenant).where(Tenant.slug == "forum-a"))
        # no tenant yet: no setting on this transaction (NULL on a fresh connection), so no rows
        assert db.session.execute(text("SELECT current_setting('app.tenant_id', true)")).scalar() in ("", None)
        rls.use_tenant(tenant)  # what routing does after the lookup
        try:
            assert db.session.execute(text("SELECT current_setting('app.tenant_id', true)")).scalar() == str(tenant.id)
            assert db.session.execute(text("SELECT count(*) FROM members")).scalar() == 2
        finally:
            tctx.reset()
        db.session.rollback()


def test_every_object_action_is_404_for_another_tenant(app, client, auth, queue_redis, two_forums):
    rules = [r for r in app.url_map.iter_rules() if r.rule.startswith("/t/<tenant_slug>")
             and ("POST" in r.methods or "DELETE" in r.methods)
             and set(r.arguments) - {"tenant_slug"} - set(r.defaults or {})]
    for rule in rules:
        assert rule.endpoint in OBJECT_ACTIONS, f"{rule.endpoint} needs a cross-tenant action factory"
    auth.login(two_forums["b_sec"]["email"])
    token = auth.csrf("/t/forum-b/")
    for endpoint, make in OBJECT_ACTIONS.items():
        if make is None:
            continue
        path = make(app, two_forums)
        for slug in ("forum-a", "forum-b"):  # A's id through A's URL and through B's own URL
            for headers in ({}, {"HX-Request": "true"}):
                r = client.post(f"/t/{slug}/{path}", data={"csrf_token": token, "confirm": "y", "name": "X",
                                                           "member_id": "1", "role": "member", "group": "roll",
                                                           "guest_name": "X", "guest_email": "x@example.org"},
                                headers=headers)
                assert r.status_code == 404, (endpoint, slug, headers)


def test_messages_page_shows_only_the_forums_own_sms(app, client, auth, two_forums):
    """The SMS outbox is a tenant table: forum B's secretariat sees none of forum A's SMS, even by status."""
    from webapp.notices.sms import builder
    from webapp.notices.sms import services as sms

    with app.app_context(), tenant_context(two_forums["a"]):
        secret = builder.build(builder.Draft("test", builder.Fields(who="FASECRET")), "en")
        sms.queue_sms([{"phone": "+233201234567", "name": "Kojo of Forum A", "kind": "test", "sms": secret,
                        "dedupe_key": "iso:1"}])
        db.session.commit()
    auth.login(two_forums["a_sec"]["email"])
    assert "Kojo of Forum A" in client.get("/t/forum-a/messages/").get_data(as_text=True)
    auth.logout()
    auth.login(two_forums["b_sec"]["email"])
    for url in ("/t/forum-b/messages/", "/t/forum-b/messages/?status=pending"):
        page = client.get(url).get_data(as_text=True)
        assert "Kojo of Forum A" not in page and "+233201234567" not in page and "Pending (0)" in page
    assert client.get("/t/forum-a/messages/").status_code == 404


def test_a_delivery_report_signed_for_forum_b_changes_nothing_in_forum_a(app, client, two_forums):
    """/sms/dlr names a forum's SMS by id: the HMAC binds the forum and the SMS, so forum B's signed report cannot
    touch forum A's SMS (or a neighbouring id)."""
    from webapp.core import signing
    from webapp.notices.sms import builder
    from webapp.notices.sms import services as sms
    from webapp.notices.sms.delivery_reports import PURPOSE
    from webapp.notices.sms.models import SmsMessage

    ids = {}
    for key in ("a", "b"):
        with app.app_context(), tenant_context(two_forums[key]):
            [ids[key]] = sms.queue_sms([{"phone": "+233201234567", "kind": "test",
                                         "sms": builder.build(builder.Draft("test", builder.Fields(who="FB")), "en"),
                                         "dedupe_key": f"iso-dlr:{key}"}])
            db.session.get(SmsMessage, (two_forums[key].id, ids[key])).status = "sent"
            db.session.commit()
    saved = app.config.get("SMS_CALLBACK_SECRET")
    app.config["SMS_CALLBACK_SECRET"] = "s3cret"
    try:
        ref_b = f"{two_forums['b'].id}-{ids['b']}"
        sig_b = signing.mac(PURPOSE, ref_b, "s3cret")
        for ref in (f"{two_forums['a'].id}-{ids['a']}", f"{two_forums['a'].id}-{ids['b']}"):
            assert client.get(f"/sms/dlr?m={ref}&sig={sig_b}&type=1&part=x").status_code == 403
    finally:
        app.config["SMS_CALLBACK_SECRET"] = saved
    with app.app_context(), tenant_context(two_forums["a"]):
        assert db.session.get(SmsMessage, (two_forums["a"].id, ids["a"])).status == "sent"


# issue 41: recommendations recorded from a decision, and their answers
def _recommendation_path(suffix: str = ""):
    return lambda app, data: (f"meetings/{_a_meeting(app, data)['id']}/decisions/{_a_decision(app, data)}"
                              f"/recommendation{suffix}")


OBJECT_URLS["tenant.recommendations.recommendation"] = _recommendation_path()
OBJECT_ACTIONS.update({"tenant.recommendations.recommendation": _recommendation_path(),
                       "tenant.recommendations.answer": _recommendation_path("/answers")})


# issue 41: the register of initiatives
def _an_initiative(app, data) -> int:
    from webapp.actions.initiatives import services

    if "a_initiative" not in data:
        with app.app_context(), tenant_context(data["a"]):
            data["a_initiative"] = services.save_initiative(None, {
                "name": "A's initiative", "implementer": "Pact", "status": "ongoing", "visibility": "members"}, []).id
            db.session.commit()
    return data["a_initiative"]


OBJECT_URLS["tenant.initiatives.edit"] = lambda app, data: f"initiatives/{_an_initiative(app, data)}/edit"
OBJECT_ACTIONS.update({"tenant.initiatives.edit": lambda app, data: f"initiatives/{_an_initiative(app, data)}/edit",
                       "tenant.initiatives.reviewed":
                           lambda app, data: f"initiatives/{_an_initiative(app, data)}/reviewed"})


# issue 38: the meeting in the room (a live meeting of forum A, with an intervention entered from notes)
def _a_live(app, data) -> dict:
    from datetime import UTC, datetime

    from tests.conftest import Factory
    from webapp.live import services as live
    from webapp.meetings.models import Meeting

    if "a_live" not in data:  # today's meeting, its notice sent (a draft is in no room)
        m = Factory(app).meeting(data["a"], title="In the room", days_ahead=0, notify=True,
                                 member_ids=(data["a_sec"]["id"], data["a_member"]["id"]))
        with app.app_context(), tenant_context(data["a"]):
            meeting = db.session.get(Meeting, (data["a"].id, m["id"]))
            now = datetime.now(UTC)
            live.start(meeting, now)
            iv = live.enter_intervention(meeting, name="A speaker", constituency=None, gender=None, item_id=None,
                                         started_at=now, seconds=60)
            from webapp.live import votes

            vote = votes.open_vote(meeting, now, motion="A motion", rule="no_objection", method="hands",
                                   secret=False)
            db.session.commit()
            data["a_live"] = {"id": m["id"], "intervention_id": iv.id, "vote_id": vote.id}
    return data["a_live"]


def _live_path(suffix: str = ""):
    return lambda app, data: f"live/{_a_live(app, data)['id']}{suffix}"


def _intervention_path(app, data) -> str:
    live = _a_live(app, data)
    return f"live/{live['id']}/interventions/{live['intervention_id']}"


def _vote_path(suffix: str = ""):
    return lambda app, data: f"live/{_a_live(app, data)['id']}/votes/{_a_live(app, data)['vote_id']}{suffix}"


OBJECT_URLS.update({"tenant.live_votes.index": _live_path("/votes"), "tenant.live_votes.vote": _vote_path()})
OBJECT_URLS.update({"tenant.live.room": _live_path(), "tenant.live.projector": _live_path("/projector"),
                    "tenant.live.notes": _live_path("/interventions"), "tenant.live.correct": _intervention_path})
OBJECT_ACTIONS.update({
    **{f"tenant.live.{name}": _live_path(f"/{path}") for name, path in (
        ("start", "start"), ("next_item", "next-item"), ("end_intervention", "end-intervention"),
        ("floor", "floor"), ("add_speaker", "speakers"), ("ask", "ask"), ("withdraw", "withdraw"),
        ("notes", "interventions"), ("end", "end"), ("check_in", "checkin"), ("floor_statement", "floor-statement"))},
    "tenant.live.here": None,  # a capability link: tests/live/test_checkin.py (forum B: 404)
    "tenant.live_votes.index": _live_path("/votes"),
    **{f"tenant.live_votes.{name}": _vote_path(f"/{name}") for name in ("ballot", "hands", "close")},
    "tenant.record.confirm_checkins": _meeting_path("attendance/checkins"),
    "tenant.meetings.invite_remedy": _meeting_path("invitees/remedy"),
    "tenant.live.correct": _intervention_path})


def _a_comment(app, data) -> dict:
    """Circulated minutes of forum A with one comment on a paragraph (issue 37)."""
    from tests.conftest import Factory
    from webapp.comments.models import Comment
    from webapp.meetings.models import Meeting
    from webapp.meetings.outcomes import services as outcomes

    if "a_comment" not in data:
        m = Factory(app).meeting(data["a"], title="Commented", notify=True,
                                 member_ids=(data["a_sec"]["id"], data["a_member"]["id"]))
        with app.app_context(), tenant_context(data["a"]):
            meeting = db.session.get(Meeting, (data["a"].id, m["id"]))
            outcomes.save_minutes(meeting, "Opening.\n\nThe plan was adopted.", False, "members")
            outcomes.circulate_minutes(meeting)
            c = Comment(target_kind="minutes", target_id=meeting.id, version=1, anchor_position=1,
                        anchor_text="The plan was adopted.", author_member_id=data["a_member"]["id"], body="Which?")
            db.session.add(c)
            db.session.commit()
            data["a_comment"] = {"meeting_id": m["id"], "id": c.id}
    return data["a_comment"]


def _a_poll(app, data) -> dict:
    """A date poll of forum A to a committee, with its first slot (issue 37)."""
    from datetime import UTC, datetime, timedelta

    from webapp.polls import services as polls

    if "a_poll" not in data:
        committee_id = _a_committee(app, data)
        with app.app_context(), tenant_context(data["a"]):
            start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=20)
            p = polls.open_poll(title="Plenary", committee_id=committee_id, kind="plenary", duration_minutes=120,
                                deadline=start - timedelta(days=5), slots=[start, start + timedelta(days=1)],
                                language="en", visibility="members", by=None)
            from webapp.polls import queries as poll_queries

            slot_id = poll_queries.slots(p.id)[0].id
            db.session.commit()
            data["a_poll"] = {"id": p.id, "slot_id": slot_id}
    return data["a_poll"]


# comments on drafts and date polls (issue 37)
OBJECT_URLS.update({
    "tenant.comments.show": lambda app, data: f"comments/minutes/{_a_comment(app, data)['meeting_id']}",
    "tenant.comments.write": lambda app, data: f"comments/minutes/{_a_comment(app, data)['meeting_id']}/new?p=1",
    "tenant.comments.answer": lambda app, data: f"comments/{_a_comment(app, data)['id']}/answer",
    "tenant.polls.show": lambda app, data: f"polls/{_a_poll(app, data)['id']}",
})
OBJECT_ACTIONS.update({
    "tenant.comments.write": lambda app, data: f"comments/minutes/{_a_comment(app, data)['meeting_id']}/new?p=1",
    "tenant.comments.answer": lambda app, data: f"comments/{_a_comment(app, data)['id']}/answer",
    "tenant.polls.answer": lambda app, data: f"polls/{_a_poll(app, data)['id']}/answer",
    "tenant.polls.choose": lambda app, data: f"polls/{_a_poll(app, data)['id']}/slots/{_a_poll(app, data)['slot_id']}/choose",
})


def _a_body(app, data) -> dict:
    """A reporting body of forum A's item, reported quarterly (issue 40)."""
    from webapp.actions import reporting
    from webapp.actions.models import ActionItem

    ids = _a_plan(app, data)
    if "a_body" not in data:
        with app.app_context(), tenant_context(data["a"]):
            item = db.session.get(ActionItem, (data["a"].id, ids["item"]))
            item.reporting_frequency = "quarterly"
            data["a_body"] = reporting.add_body(item, member_id=data["a_sec"]["id"]).id
            db.session.commit()
    return {"item": ids["item"], "body": data["a_body"]}


def _body_path(suffix: str):
    return lambda app, data: f"actions/items/{_a_body(app, data)['item']}/bodies/{_a_body(app, data)['body']}{suffix}"


# reporting bodies and their reports (issue 40)
OBJECT_URLS.update({"tenant.actions.report": _body_path("/report")})
OBJECT_ACTIONS.update({
    "tenant.actions.report": _body_path("/report"),
    "tenant.actions.add_body": lambda app, data: f"actions/items/{_a_body(app, data)['item']}/bodies",
    "tenant.actions.remove_body": _body_path("/remove"),
})
# verifying figures (issue 40)
OBJECT_ACTIONS.update({
    "tenant.actions.verify_figure":
        lambda app, data: f"actions/items/{_a_plan(app, data)['item']}/updates/{_a_plan(app, data)['update']}/verify",
    "tenant.actions.send_back_figure":
        lambda app, data: f"actions/items/{_a_plan(app, data)['item']}/updates/{_a_plan(app, data)['update']}/send-back",
})


def _an_evidence(app, data) -> dict:
    """A PDF attached to forum A's update (issue 40)."""
    from webapp.actions import evidence
    from webapp.actions.models import ActionItem, ActionUpdate

    ids = _a_plan(app, data)
    if "a_evidence" not in data:
        with app.app_context(), tenant_context(data["a"]):
            item = db.session.get(ActionItem, (data["a"].id, ids["item"]))
            update = db.session.get(ActionUpdate, (data["a"].id, ids["update"]))
            author = db.session.get(Member, (data["a"].id, data["a_sec"]["id"]))
            data["a_evidence"] = evidence.attach(item, update, author, "a.pdf", b"%PDF-1.4 evidence").id
            db.session.commit()
    return {**ids, "evidence": data["a_evidence"]}


OBJECT_URLS.update({"tenant.actions.evidence_file": lambda app, data:
                    f"actions/items/{_an_evidence(app, data)['item']}/evidence/{_an_evidence(app, data)['evidence']}"})
OBJECT_ACTIONS.update({"tenant.actions.attach_evidence": lambda app, data:
                       f"actions/items/{_a_plan(app, data)['item']}/updates/{_a_plan(app, data)['update']}/evidence"})


def _evidence_path(app, data, suffix: str) -> str:
    ids = _an_evidence(app, data)
    return f"actions/items/{ids['item']}/evidence/{ids['evidence']}/{suffix}"


# publishing evidence (issue 40): the check page and its two answers; the public file's cross-forum 404 is in
# tests/actions/test_evidence_publication.py (public pages are left out above)
OBJECT_URLS.update({"tenant.actions.publish_evidence": lambda app, data: _evidence_path(app, data, "publish")})
OBJECT_ACTIONS.update({"tenant.actions.publish_evidence": lambda app, data: _evidence_path(app, data, "publish"),
                       "tenant.actions.refuse_evidence": lambda app, data: _evidence_path(app, data, "refuse")})


def _a_sms_language(app, data) -> str:
    """Forum A's Twi SMS sentences (issue 46): forum B has none, so its URL answers 404 through either forum."""
    from webapp.notices.sms import languages

    with app.app_context(), tenant_context(data["a"]):
        tenant = db.session.get(Tenant, data["a"].id)
        if "tw" not in languages.forum_languages(tenant):
            languages.save(tenant, "tw", {"name": "Twi", "yes": "AANE", "no": "DAABI", "maybe": "EBIA",
                                          "reply_line": "Bua AANE {code}, DAABI {code} anaa EBIA {code}",
                                          "meeting_invitation": "{who}: nsato {title}, {date} {time}, {where}."})
            db.session.commit()
    return "tw"


OBJECT_URLS.update({"tenant.sms_languages.edit": lambda app, data: f"settings/sms-languages/{_a_sms_language(app, data)}"})
OBJECT_ACTIONS.update({
    "tenant.sms_languages.edit": lambda app, data: f"settings/sms-languages/{_a_sms_language(app, data)}",
    "tenant.sms_languages.remove": lambda app, data: f"settings/sms-languages/{_a_sms_language(app, data)}/remove",
})


def _an_announcement(app, data) -> int:
    """Forum A's announcement, with a recording (issue 46)."""
    from webapp.notices.models import Announcement
    from webapp.recordings.models import Recording

    if "a_announcement" not in data:
        with app.app_context(), tenant_context(data["a"]):
            a = Announcement(subject="Sensitisation day", body="All members.", sender="Secretariat")
            db.session.add(a)
            db.session.flush()
            rec = Recording(announcement_id=a.id, purpose="message", language="en", transcript="",
                            token="isolation-announcement", status="ready", size=0, uploaded_by="test")
            db.session.add(rec)
            db.session.commit()
            data["a_announcement"] = (a.id, rec.id)
    return data["a_announcement"]


OBJECT_URLS.update({"tenant.recordings.announcement": lambda app, data:
                    f"notices/announcements/{_an_announcement(app, data)[0]}/recordings"})
OBJECT_ACTIONS.update({
    "tenant.recordings.upload_for_announcement": lambda app, data:
        f"notices/announcements/{_an_announcement(app, data)[0]}/recordings",
    "tenant.recordings.remove_from_announcement": lambda app, data:
        "notices/announcements/{}/recordings/{}/remove".format(*_an_announcement(app, data)),
})


def _a_suggestion(app, data) -> int:
    """Forum A's published suggestion for the agenda from a verified visitor (issue 42)."""
    from datetime import UTC, datetime

    from webapp.consultations.models import Contact
    from webapp.suggestions import services as suggestions

    if "a_suggestion" not in data:
        with app.app_context(), tenant_context(data["a"]):
            contact = Contact(channel="email", address="suggester@example.org", attempts=0,
                              verified_at=datetime.now(UTC))
            db.session.add(contact)
            db.session.flush()
            s = suggestions.add(contact, title="Road safety", body="Lines.", name=None, speaks_for=None,
                                language="en", network=None)
            suggestions.publish(s)
            db.session.commit()
            data["a_suggestion"] = s.id
    return data["a_suggestion"]


# suggestions for the agenda (issue 42): the secretariat's actions on one (the public form takes no id)
def _suggestion_path(action: str):  # noqa: ANN202
    return lambda app, data: f"suggestions/{_a_suggestion(app, data)}/{action}"


OBJECT_ACTIONS.update({f"tenant.suggestions.{action}": _suggestion_path(action)
                       for action in ("publish", "decline", "answer", "take", "erase")})
CAPABILITY_URLS.add("tenant.suggestion_forms.suggest")  # the public's form answers everyone in its forum (no id)
