"""Publishing evidence (issue 40): a separate act of the secretariat after a checklist (no child recognisable, no
case identifiable, every adult shown agreed); refusing keeps the file members-only with its reason ("identifies a
child", "identifies a case" ...). Published evidence shows on the forum's public plan section and downloads for
anyone; unpublished, refused, unverified or non-public evidence is unreachable publicly, by URL."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from tenants.rls import tenant_context
from tests.actions.test_evidence import _photo_with_gps, _upload, updated  # noqa: F401  (updated: a fixture)
from webapp.actions.models import ActionEvidence, ActionItem, ActionUpdate
from webapp.extensions import db

CHECKS = ["no_child", "no_case", "consent"]


@pytest.fixture
def attached(app, client, auth, two_forums, updated):  # noqa: F811
    assert _upload(client, auth, updated, "pit.jpg", _photo_with_gps()).status_code == 303
    auth.logout()
    with app.app_context(), tenant_context(two_forums["a"]):
        evidence_id = db.session.scalar(select(ActionEvidence.id))
    base = f"/t/forum-a/actions/items/{updated['item']}/evidence/{evidence_id}"
    return {**updated, "evidence": evidence_id, "publish": f"{base}/publish", "refuse": f"{base}/refuse",
            "public": f"/t/forum-a/public/evidence/{evidence_id}"}


def _state(app, tenant, evidence_id):
    with app.app_context(), tenant_context(tenant):
        ev = db.session.get(ActionEvidence, (tenant.id, evidence_id))
        return ev.publication, ev.publication_reason, ev.reviewed_by


def _post(client, auth, url, **data):
    return client.post(url, data={"csrf_token": auth.csrf(url), **data})


def test_publishing_is_a_checked_act_of_the_secretariat_and_then_the_public_sees_it(app, client, auth, two_forums,
                                                                                     attached):
    # members-only until published: unreachable publicly by URL, not listed on the public page
    assert client.get(attached["public"]).status_code == 404
    assert "pit.jpg" not in client.get("/t/forum-a/public/").get_data(as_text=True)
    # a member (the author included) cannot publish
    auth.login(two_forums["a_member"]["email"])
    assert client.get(attached["publish"]).status_code in (403, 404)
    auth.logout()

    auth.login(two_forums["a_sec"]["email"])
    page = client.get(attached["publish"]).get_data(as_text=True)
    assert "No child can be recognised in it" in page and "It identifies a child" in page
    # every point confirmed, or nothing is published
    r = _post(client, auth, attached["publish"], checks=["no_child", "no_case"])
    assert r.status_code == 422 and "Confirm every point of the checklist" in r.get_data(as_text=True)
    assert _state(app, two_forums["a"], attached["evidence"])[0] == "none"
    assert client.get(attached["public"]).status_code == 404
    assert _post(client, auth, attached["publish"], checks=CHECKS).status_code == 303
    assert _state(app, two_forums["a"], attached["evidence"]) == ("published", None, "Ama Secretariat")
    assert "(published)" in client.get(f"/t/forum-a/actions/items/{attached['item']}").get_data(as_text=True)
    auth.logout()

    public = client.get("/t/forum-a/public/").get_data(as_text=True)
    assert f'href="/t/forum-a/public/evidence/{attached["evidence"]}"' in public and "pit.jpg" in public
    r = client.get(attached["public"])
    assert r.status_code == 200 and r.headers["Content-Type"] == "image/jpeg"
    assert b"GPS" not in r.data and b"PhoneMaker" not in r.data
    # another forum's address for it: 404
    assert client.get(attached["public"].replace("/forum-a/", "/forum-b/")).status_code == 404

    # taken down: refused with its reason, unreachable again
    auth.login(two_forums["a_sec"]["email"])
    assert _post(client, auth, attached["refuse"], reason="identifies_child").status_code == 303
    assert _state(app, two_forums["a"], attached["evidence"])[:2] == ("refused", "identifies_child")
    assert "members only: It identifies a child" in client.get(
        f"/t/forum-a/actions/items/{attached['item']}").get_data(as_text=True)
    r = _post(client, auth, attached["refuse"])
    assert r.status_code == 422 and "Please choose why it stays members-only." in r.get_data(as_text=True)
    auth.logout()
    assert client.get(attached["public"]).status_code == 404
    assert "pit.jpg" not in client.get("/t/forum-a/public/").get_data(as_text=True)


def test_only_evidence_of_a_verified_figure_of_a_public_action_goes_public(app, client, auth, two_forums, attached):
    auth.login(two_forums["a_sec"]["email"])
    with app.app_context(), tenant_context(two_forums["a"]):
        db.session.get(ActionUpdate, (two_forums["a"].id, attached["update"])).verification = "pending"
        db.session.commit()
    assert "Only evidence of a verified figure" in client.get(attached["publish"]).get_data(as_text=True)
    r = _post(client, auth, attached["publish"], checks=CHECKS)
    assert r.status_code == 422 and _state(app, two_forums["a"], attached["evidence"])[0] == "none"
    # published, then the figure goes back to pending or the action becomes members-only: unreachable publicly
    with app.app_context(), tenant_context(two_forums["a"]):
        db.session.get(ActionUpdate, (two_forums["a"].id, attached["update"])).verification = "verified"
        db.session.commit()
    assert _post(client, auth, attached["publish"], checks=CHECKS).status_code == 303
    auth.logout()
    assert client.get(attached["public"]).status_code == 200
    with app.app_context(), tenant_context(two_forums["a"]):
        db.session.get(ActionItem, (two_forums["a"].id, attached["item"])).visibility = "members"
        db.session.commit()
    assert client.get(attached["public"]).status_code == 404
    assert client.get("/t/forum-a/public/evidence/999999").status_code == 404
