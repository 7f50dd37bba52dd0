"""The open-data API (issue 41): every endpoint answers what an anonymous reader may see and nothing else, validates
against the OpenAPI description it serves (whose objects forbid undeclared properties), states the forum's licence,
is cached by the content version, rate-limited, and offers the same sets as CSV."""
from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

from tenants.rls import tenant_context
from tests.actions.test_actions import make_plan
from tests.actions.test_initiatives import add
from tests.meetings.test_recommendations import decision
from tests.public.test_public import publish
from webapp.extensions import db

API = "/t/forum-a/api/v1"
PUBLIC_ROWS = ("Open plenary", "Public summary", "Publish every licence", "Ministry of Mines", "Consulting the board",
               "Public plan", "Count the children at the pits", "Remove children from hazardous work",
               "Gold without children", "Pact Ghana")
SECRETS = ("Closed session", "Members summary", "Members-only decision", "Restricted decision", "Agency Secret",
           "Agency Members", "Draft session", "Members plan", "Members-only item", "Forum B meeting",
           "Forum B decision", "Agency B", "Owner Secret Name", "Members initiative", "Restricted initiative",
           "Forum B initiative")


@pytest.fixture
def seeded(app, factory, two_forums):
    a, b = two_forums["a"], two_forums["b"]
    member = (two_forums["a_member"]["id"],)
    open_m = factory.meeting(a, title="Open plenary", visibility="public", notify=True, days_ahead=-10,
                             member_ids=member)
    publish(app, a, open_m["id"], "Public summary", [("Members-only decision", "members"),
                                                    ("Restricted decision", "restricted")])
    decision(app, a, open_m["id"], "Publish every licence", addressee="Ministry of Mines",
             answers=[("under_consideration", date(2026, 4, 1), "Consulting the board")])
    decision(app, a, open_m["id"], "A restricted recommendation", "restricted", addressee="Agency Secret")
    decision(app, a, open_m["id"], "A members recommendation", "members", addressee="Agency Members")
    closed = factory.meeting(a, title="Closed session", visibility="members", notify=True, days_ahead=-8)
    publish(app, a, closed["id"], "Members summary", [("Closed session public decision", "public")])
    factory.meeting(a, title="Draft session", visibility="public", days_ahead=5)
    plan = make_plan(app, a, [{"title": "Count the children at the pits", "visibility": "public", "baseline": 0,
                               "target": 100, "current_value": 40},
                              {"title": "Members-only item", "visibility": "members"}], title="Public plan")
    hidden = make_plan(app, a, [{"title": "Item of the members plan", "visibility": "public"}], title="Members plan")
    with app.app_context(), tenant_context(a):
        from sqlalchemy import select

        from webapp.actions.models import ActionPlan

        db.session.scalar(select(ActionPlan).where(ActionPlan.id == hidden["plan_id"])).visibility = "members"
        db.session.commit()
    other = factory.meeting(b, title="Forum B meeting", visibility="public", notify=True, days_ahead=-3)
    publish(app, b, other["id"], "Forum B summary", [("Forum B decision", "public")])
    decision(app, b, other["id"], "Forum B recommendation", addressee="Agency B")
    add(app, a, "Gold without children", implementer="Pact Ghana", objective_ids=[plan["objective_id"]])
    add(app, a, "Members initiative", "members")
    add(app, a, "Restricted initiative", "restricted")
    add(app, b, "Forum B initiative")
    return {"meeting": open_m, "plan": plan}


def _path(url: str) -> str:
    assert url.startswith("http://baraza.test/"), url  # absolute links from BASE_URL
    return url.removeprefix("http://baraza.test")


def _walk(client) -> dict[str, tuple[int, str, str]]:
    """Every endpoint: path -> (status, content type, body as text)."""
    index = client.get(f"{API}/").get_json()
    paths = [f"{API}/", f"{API}/openapi.json", *(_path(s["url"]) for s in index["sets"]),
             *(_path(s["csv"]) for s in index["sets"])]
    out = {}
    for path in paths:
        r = client.get(path)
        out[path] = (r.status_code, r.headers["Content-Type"], r.get_data(as_text=True))
    r = client.get(_path(index["bulk"]))
    with zipfile.ZipFile(io.BytesIO(r.data)) as z:
        out[f"{API}/bulk.zip"] = (r.status_code, r.headers["Content-Type"],
                                  "\n".join(z.read(n).decode("utf-8") for n in z.namelist()))
    return out


def test_every_seeded_public_row_appears_and_no_restricted_members_only_or_other_forum_row(client, seeded):
    bodies = _walk(client)
    assert len(bodies) == 13
    everything = "\n".join(body for _s, _t, body in bodies.values())
    for status, _t, _b in bodies.values():
        assert status == 200
    for row in PUBLIC_ROWS:
        assert row in everything, row
    for secret in SECRETS + ("Closed session public decision", "Item of the members plan"):
        assert secret not in everything, secret
    recs = client.get(f"{API}/recommendations").get_json()["data"]
    assert [(r["addressee"], r["status"], [a["summary"] for a in r["answers"]]) for r in recs] == [
        ("Ministry of Mines", "under_consideration", ["Consulting the board"])]
    rows = list(csv.reader(io.StringIO(bodies[f"{API}/recommendations.csv"][2].lstrip("\ufeff"))))
    assert rows[0][:4] == ["decision_id", "meeting_id", "text", "addressee"] and rows[1][3] == "Ministry of Mines"


def _validator(spec: dict, schema: dict) -> Draft202012Validator:
    registry = Registry().with_resource("urn:baraza:api", Resource.from_contents({**spec, "$schema": "https://json-schema.org/draft/2020-12/schema"}))
    return Draft202012Validator({"$ref": "urn:baraza:api" + schema["$ref"]} if "$ref" in schema
                                else schema, registry=registry, format_checker=FormatChecker())


def test_every_endpoint_validates_against_the_served_openapi_description(app, client, seeded):
    spec = client.get(f"{API}/openapi.json").get_json()
    assert spec["openapi"].startswith("3.1")
    for name, schema in spec["components"]["schemas"].items():  # undeclared properties are refused
        if schema.get("type") == "object":
            assert schema.get("additionalProperties") is False, name
    described = set(spec["paths"])
    routes = {rule.rule.removeprefix("/t/<tenant_slug>/api/v1").replace("<name>", "{name}") or "/"
              for rule in app.url_map.iter_rules() if rule.endpoint.startswith("tenant.api.")}
    assert routes == described, routes ^ described  # an endpoint missing from the description fails
    for path, (status, ctype, body) in _walk(client).items():
        template = path.removeprefix(API) or "/"
        if template.endswith(".csv"):
            template = "/{name}.csv"
        operation = spec["paths"][template]["get"]
        media = ctype.split(";")[0]
        assert media in operation["responses"][str(status)]["content"], (path, media)
        if media == "application/json":
            schema = operation["responses"][str(status)]["content"][media]["schema"]
            errors = list(_validator(spec, schema).iter_errors(json.loads(body)))
            assert not errors, (path, [e.message for e in errors])
    # a record with a property the description does not declare is refused
    page = client.get(f"{API}/recommendations").get_json()
    page["data"][0]["undeclared"] = 1
    schema = spec["paths"]["/recommendations"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert list(_validator(spec, schema).iter_errors(page))


def test_the_licence_is_stated_in_every_response_and_on_the_public_pages(app, client, auth, two_forums, seeded):
    assert client.get(f"{API}/meetings").get_json()["licence"]["id"] == "CC-BY-4.0"
    assert 'rel="license"' in client.get(f"{API}/recommendations.csv").headers["Link"]
    for page in ("/t/forum-a/public/", "/t/forum-a/public/recommendations/", "/t/forum-a/public/outcomes/"):
        html = client.get(page).get_data(as_text=True)
        assert "Creative Commons Attribution 4.0 International" in html and f"{API}/" in html, page
    from webapp.forum_settings import services

    with app.app_context(), tenant_context(two_forums["a"]):
        from tenants.models import Tenant

        tenant = db.session.get(Tenant, two_forums["a"].id)
        services.save_settings(tenant, {"data_licence": "CC0-1.0"})
        db.session.commit()
        with pytest.raises(services.SettingsError):
            services.save_settings(tenant, {"data_licence": "all rights reserved"})
    assert client.get(f"{API}/").get_json()["licence"]["id"] == "CC0-1.0"
    assert "Creative Commons Zero 1.0" in client.get("/t/forum-a/public/").get_data(as_text=True)
    auth.login(two_forums["a_sec"]["email"])
    html = client.get("/t/forum-a/settings/").get_data(as_text=True)
    form = html[html.index('name="data_licence"'):]
    assert '<option selected value="CC0-1.0">' in form[:form.index("</select>")], form[:600]


def test_cached_by_the_content_version_with_etag_cors_and_pagination(app, client, two_forums, seeded):
    r = client.get(f"{API}/recommendations")
    assert r.headers["Access-Control-Allow-Origin"] == "*" and r.headers.get("ETag") and r.headers["Last-Modified"]
    again = client.get(f"{API}/recommendations", headers={"If-None-Match": r.headers["ETag"]})
    assert again.status_code == 304 and again.headers["Access-Control-Allow-Origin"] == "*"
    decision(app, two_forums["a"], seeded["meeting"]["id"], "Fund extension officers", addressee="Ministry of Finance")
    fresh = client.get(f"{API}/recommendations", headers={"If-None-Match": r.headers["ETag"]})
    assert fresh.status_code == 200 and "Ministry of Finance" in fresh.get_data(as_text=True)
    body = client.get(f"{API}/meetings?page=1").get_json()
    assert body["page"] == 1 and body["next"] is None and [m["title"] for m in body["data"]] == ["Open plenary"]
    assert client.get(f"{API}/meetings?page=2").get_json()["data"] == []
    assert client.get(f"{API}/nothing.csv").status_code == 404
    assert client.get("/t/no-such-forum/api/v1/meetings").status_code == 404


def test_texts_in_the_language_asked_for(app, client, two_forums, seeded):
    from webapp.core.content import set_translation

    mid = seeded["meeting"]["id"]
    with app.app_context(), tenant_context(two_forums["a"]):
        set_translation("meeting", mid, "title", "fr", "Plénière ouverte", source="Open plenary")
        db.session.commit()
    body = client.get(f"{API}/meetings?lang=fr").get_json()
    assert body["language"] == "fr" and body["data"][0]["title"] == "Plénière ouverte"
    assert client.get(f"{API}/meetings").get_json()["data"][0]["title"] == "Open plenary"


def test_rate_limited_per_address(app, client, seeded, monkeypatch):
    from webapp.opendata import http

    monkeypatch.setattr(http.time, "time", lambda: 1_800_000_010.0)  # one minute's window, whatever the clock
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", 3)
    statuses = [client.get(f"{API}/meetings?page={n}") for n in range(1, 5)]
    assert [r.status_code for r in statuses] == [200, 200, 200, 429]
    assert statuses[-1].headers["Retry-After"] == "50" and statuses[-1].get_json()["error"] == "too_many_requests"
    assert client.get("/t/forum-b/api/v1/meetings").status_code == 200  # another forum counts apart
