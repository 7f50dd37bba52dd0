"""The register of actors and initiatives, "who does what where" (issue 41): kept by the secretariat, linked to plan
objectives, reviewed yearly, public where the forum chooses, exportable, in the open-data API."""
from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest

from tenants.rls import tenant_context
from tests.actions.test_actions import make_plan
from webapp.extensions import db

REGISTER = "/t/forum-a/initiatives/"


def post(client, auth, url, **data):
    return client.post(url, data={"csrf_token": auth.csrf("/t/forum-a/actions/"), **data})


def add(app, tenant, name, visibility="public", objective_ids=(), **values):
    from webapp.actions.initiatives import services

    with app.app_context(), tenant_context(tenant):
        it = services.save_initiative(None, {"name": name, "implementer": values.pop("implementer", "Pact"),
                                             "status": "ongoing", "visibility": visibility, **values},
                                      list(objective_ids))
        db.session.commit()
        return it.id


@pytest.fixture
def plan(app, two_forums):
    return make_plan(app, two_forums["a"], [{"title": "Survey the pits", "visibility": "public"}])


def test_the_secretariat_keeps_the_register_and_the_public_sees_what_it_made_public(
        app, client, auth, two_forums, plan):
    auth.login(two_forums["a_sec"]["email"])
    assert client.get(REGISTER).status_code == 200
    r = post(client, auth, f"{REGISTER}new", name="", implementer="", status="ongoing", visibility="public")
    assert r.status_code == 422 and "Please enter a name." in r.get_data(as_text=True)
    r = post(client, auth, f"{REGISTER}new", name="Child-labour-free gold", implementer="Pact Ghana",
             funder="European Union", minerals="gold", locations="Tarkwa, Prestea", themes="child labour",
             period_start="2025-01-01", period_end="2027-12-31", budget="250000", currency="eur",
             contact="info@pact.example.org", status="ongoing", visibility="public",
             objective_ids=str(plan["objective_id"]))
    assert r.status_code == 303
    r = post(client, auth, f"{REGISTER}new", name="Members' pilot", implementer="Union", status="planned",
             visibility="members")
    assert r.status_code == 303
    html = client.get(REGISTER).get_data(as_text=True)
    assert "Child-labour-free gold" in html and "Members&#39; pilot" in html
    assert "Remove children from hazardous work" in html and "250,000" in html and "EUR" in html
    auth.logout()

    page = client.get("/t/forum-a/public/initiatives/").get_data(as_text=True)
    assert "Child-labour-free gold" in page and "Pact Ghana" in page and "Tarkwa, Prestea" in page
    assert "Remove children from hazardous work" in page
    assert "Members&#39; pilot" not in page and "Members' pilot" not in page
    assert "/t/forum-a/public/initiatives/" in client.get("/t/forum-a/public/").get_data(as_text=True)
    api = client.get("/t/forum-a/api/v1/initiatives").get_json()["data"]
    assert [(i["name"], i["implementer"], [o["title"] for o in i["objectives"]]) for i in api] == [
        ("Child-labour-free gold", "Pact Ghana", ["Remove children from hazardous work"])]
    rows = list(csv.reader(io.StringIO(client.get("/t/forum-a/api/v1/initiatives.csv").get_data(as_text=True)
                                       .lstrip("\ufeff"))))
    assert rows[0][:3] == ["id", "name", "implementer"] and [r[1] for r in rows[1:]] == ["Child-labour-free gold"]


def test_members_read_and_export_the_register_but_cannot_change_it(app, client, auth, two_forums):
    add(app, two_forums["a"], "Public one")
    add(app, two_forums["a"], "Members one", "members")
    add(app, two_forums["a"], "Restricted one", "restricted")
    auth.login(two_forums["a_member"]["email"])
    html = client.get(REGISTER).get_data(as_text=True)
    assert "Public one" in html and "Members one" in html and "Restricted one" not in html
    exported = client.get(f"{REGISTER}export.csv").get_data(as_text=True)
    assert "Members one" in exported and "Restricted one" not in exported
    assert client.get(f"{REGISTER}new").status_code in (403, 404)


def test_the_yearly_update_flags_entries_not_reviewed_for_a_year(app, client, auth, two_forums):
    from webapp.actions.initiatives.models import Initiative

    iid = add(app, two_forums["a"], "Old entry")
    with app.app_context(), tenant_context(two_forums["a"]):
        db.session.get(Initiative, (two_forums["a"].id, iid)).reviewed_on = date.today() - timedelta(days=400)
        db.session.commit()
    auth.login(two_forums["a_sec"]["email"])
    assert "Due for its yearly update." in client.get(REGISTER).get_data(as_text=True)
    assert post(client, auth, f"{REGISTER}{iid}/reviewed").status_code == 303
    assert "Due for its yearly update." not in client.get(REGISTER).get_data(as_text=True)


def test_another_forums_initiative_is_404(app, client, auth, two_forums):
    iid = add(app, two_forums["a"], "A's initiative")
    auth.login(two_forums["b_sec"]["email"])
    token = auth.csrf("/t/forum-b/")
    for slug in ("forum-a", "forum-b"):
        assert client.get(f"/t/{slug}/initiatives/{iid}/edit").status_code == 404
        assert client.post(f"/t/{slug}/initiatives/{iid}/edit", data={
            "csrf_token": token, "name": "X", "implementer": "Y", "status": "ongoing",
            "visibility": "public"}).status_code == 404
        assert client.post(f"/t/{slug}/initiatives/{iid}/reviewed", data={"csrf_token": token}).status_code == 404
    assert "A&#39;s initiative" not in client.get("/t/forum-b/initiatives/").get_data(as_text=True)
    # another forum's objective id is ignored, never linked
    other = make_plan(app, two_forums["a"], [])
    bid = add(app, two_forums["b"], "B's initiative", objective_ids=[other["objective_id"]])
    auth.logout()
    assert client.get("/t/forum-b/api/v1/initiatives").get_json()["data"][0]["objectives"] == []
    assert bid


def test_the_demo_ghana_forum_shows_its_register_and_its_public_contact(app, client, auth, databases):
    from webapp import demo

    with app.app_context():
        demo.load()
        demo.load()  # loading twice adds nothing
    html = client.get("/t/ghana-nsccl/public/initiatives/").get_data(as_text=True)
    assert "Child-labour-free gold in the Western Region" in html and "Pact Ghana" in html
    assert "Safer pits" in html and "Community monitors" not in html
    assert "Remove children from hazardous work at mine sites" in html
    assert html.count('<li id="i-') == 2
    assert "+233 30 266 5421" in client.get("/t/ghana-nsccl/public/").get_data(as_text=True)
    api = client.get("/t/ghana-nsccl/api/v1/initiatives").get_json()
    assert len(api["data"]) == 2 and api["licence"]["id"] == "CC-BY-4.0"
    assert client.get("/t/ghana-nsccl/api/v1/recommendations").get_json()["data"][0]["addressee"]
