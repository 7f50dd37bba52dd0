"""Issue 21: organisations without members are deleted (confirm step, translations, audit), others refused with the
reason; the change log a page at a time, filtered by who / what / object, in the reader's language."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tenants.rls import tenant_context
from tests.conftest import count_queries
from webapp.core.audit import AuditEvent
from webapp.core.content import ContentTranslation
from webapp.extensions import db
from webapp.members import services as roll
from webapp.members.models import Member, Organisation


def post(client, auth, url, **data):
    return client.post(url, data={"csrf_token": auth.csrf("/t/forum-a/organisations/"), **data})


def count(app, tenant, model, *where):
    with app.app_context(), tenant_context(tenant):
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def orgs(app, two_forums):
    a = two_forums["a"]
    with app.app_context(), tenant_context(a):
        empty = roll.save_organisation(None, name="Empty Org", acronym=None, constituency="workers", country=None)
        busy = roll.save_organisation(None, name="Busy Org", acronym=None, constituency="employers", country=None)
        for n in range(2):
            roll.update_member(roll.add_member(f"Busy {n}", f"busy{n}@x.org"), {"organisation_id": busy.id})
        db.session.add(ContentTranslation(object_type="organisation", object_id=empty.id, field="name", locale="fr",
                                          text="Organisation vide"))
        db.session.commit()
        return {"empty": empty.id, "busy": busy.id}


def test_an_organisation_without_members_is_deleted(app, client, auth, two_forums, orgs):
    a = two_forums["a"]
    auth.login(two_forums["a_sec"]["email"])
    url = f"/t/forum-a/organisations/{orgs['empty']}/delete"
    assert url.removeprefix("/t/forum-a") in client.get(
        f"/t/forum-a/organisations/{orgs['empty']}/edit").get_data(as_text=True)
    assert 'name="confirm" value="1"' in post(client, auth, url).get_data(as_text=True)
    r = post(client, auth, url, confirm="1")
    assert r.status_code == 303
    assert count(app, a, Organisation, Organisation.id == orgs["empty"]) == 0
    assert count(app, a, ContentTranslation) == 0
    assert count(app, a, AuditEvent, AuditEvent.action == "deleted", AuditEvent.object_type == "organisation",
                 AuditEvent.object_id == orgs["empty"]) == 1


def test_an_organisation_with_members_is_refused_with_the_count(app, client, auth, two_forums, orgs):
    a = two_forums["a"]
    auth.login(two_forums["a_sec"]["email"])
    r = post(client, auth, f"/t/forum-a/organisations/{orgs['busy']}/delete", confirm="1")
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "This organisation has 2 members: move or erase them first." in page
    assert count(app, a, Organisation, Organisation.id == orgs["busy"]) == 1


def test_an_organisation_owning_actions_is_refused(app, client, auth, two_forums, orgs):
    from webapp.actions import services as actions

    a = two_forums["a"]
    with app.app_context(), tenant_context(a):
        plan = actions.save_plan(None, title="Plan", description=None, period_start=None, period_end=None,
                                 visibility="members")
        actions.save_item(plan, None, {"title": "Do it", "owner_organisation_id": orgs["empty"]})
        db.session.commit()
    auth.login(two_forums["a_sec"]["email"])
    r = post(client, auth, f"/t/forum-a/organisations/{orgs['empty']}/delete", confirm="1")
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "This organisation owns 1 action item: give it another owner or delete it first." in page
    assert count(app, a, Organisation, Organisation.id == orgs["empty"]) == 1


# --- the change log ------------------------------------------------------------------------------

def _events(app, tenant, n, action="updated", object_type="meeting", actor="Somebody"):
    with app.app_context(), tenant_context(tenant):
        start = datetime(2025, 1, 1, tzinfo=UTC)
        for i in range(n):
            db.session.add(AuditEvent(at=start + timedelta(minutes=i), actor=actor, action=action,
                                      object_type=object_type, object_id=i + 1000, fields=["title"]))
        db.session.commit()


def test_the_change_log_is_paged_and_filtered(app, client, auth, two_forums):
    a = two_forums["a"]
    _events(app, a, 70, "updated", "meeting", "Kofi")
    _events(app, a, 3, "deleted", "objective", "Abena")
    auth.login(two_forums["a_sec"]["email"])
    first = client.get("/t/forum-a/members/audit").get_data(as_text=True)
    assert 'rel="next"' in first and 'rel="prev"' not in first
    assert first.count("<tr><td><small>") <= 50
    second = client.get("/t/forum-a/members/audit?page=2").get_data(as_text=True)
    assert 'rel="prev"' in second
    only = client.get("/t/forum-a/members/audit?actor=Abena").get_data(as_text=True)
    assert only.count(">Abena</td>") == 3 and ">Kofi</td>" not in only and 'rel="next"' not in only
    deleted = client.get("/t/forum-a/members/audit?action=deleted&object_type=objective").get_data(as_text=True)
    assert deleted.count("<tr><td><small>") == 3 and "Objective #1000" in deleted
    # the next link keeps the filters
    kofi = client.get("/t/forum-a/members/audit?actor=Kofi").get_data(as_text=True)
    assert "page=2" in kofi and "actor=Kofi" in kofi.split('rel="next"')[0].rsplit("<a", 1)[1]
    nothing = client.get("/t/forum-a/members/audit?object_type=report").get_data(as_text=True)
    assert "No change matches these filters." in nothing


def test_the_change_log_speaks_the_readers_language(app, client, auth, two_forums):
    _events(app, two_forums["a"], 1, "deleted", "objective", "Abena")
    auth.login(two_forums["a_sec"]["email"])
    page = client.get("/t/forum-a/members/audit?lang=fr&action=deleted").get_data(as_text=True)
    assert "supprimé" in page and "Objectif" in page


def test_the_change_log_runs_the_same_queries_for_a_few_or_many_events(app, client, auth, two_forums):
    a = two_forums["a"]
    auth.login(two_forums["a_sec"]["email"])
    client.get("/t/forum-a/members/audit")
    with count_queries(app) as few:
        assert client.get("/t/forum-a/members/audit").status_code == 200
    _events(app, a, 400, "updated", "member", "Kofi")
    with app.app_context(), tenant_context(a):
        for n in range(30):
            roll.add_member(f"Named {n}", f"named{n}@x.org")
        db.session.commit()
    with count_queries(app) as many:
        assert client.get("/t/forum-a/members/audit?page=3").status_code == 200
    assert many["n"] == few["n"] <= 8


def test_member_names_still_show(app, client, auth, two_forums):
    a = two_forums["a"]
    with app.app_context(), tenant_context(a):
        m = db.session.get(Member, (a.id, two_forums["a_member"]["id"]))
        roll.update_member(m, {"phone": "+233200000000"})
        db.session.commit()
    auth.login(two_forums["a_sec"]["email"])
    assert "Amadou Member" in client.get("/t/forum-a/members/audit?object_type=member").get_data(as_text=True)
