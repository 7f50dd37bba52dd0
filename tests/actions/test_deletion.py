"""Issue 21: actions, objectives and plans are deleted behind a confirm step with their content translations and
audited; an objective or plan that still has actions is refused with the count; objectives can be renamed."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tenants.rls import tenant_context
from webapp.actions import services as actions
from webapp.actions.models import ActionItem, ActionPlan, ActionUpdate, Objective
from webapp.core.audit import AuditEvent
from webapp.core.content import ContentTranslation
from webapp.extensions import db
from webapp.members.models import Member


@pytest.fixture
def plan(app, two_forums):
    a = two_forums["a"]
    with app.app_context(), tenant_context(a):
        p = actions.save_plan(None, title="National plan", description=None, period_start=None, period_end=None,
                              visibility="members")
        busy = actions.add_objective(p, "Remove children from pits")
        empty = actions.add_objective(p, "Train inspectors")
        items = [actions.save_item(p, None, {"title": f"Action {n}", "objective_id": busy.id}) for n in range(3)]
        author = db.session.get(Member, (a.id, two_forums["a_sec"]["id"]))
        actions.record_update(items[0], author, status="in_progress", value=None, note="Started")
        for object_type, object_id in (("action_plan", p.id), ("objective", busy.id), ("objective", empty.id),
                                       ("action_item", items[0].id)):
            db.session.add(ContentTranslation(object_type=object_type, object_id=object_id, field="title",
                                              locale="fr", text="Texte"))
        db.session.commit()
        return {"plan": p.id, "busy": busy.id, "empty": empty.id, "items": [i.id for i in items]}


def post(client, auth, url, **data):
    return client.post(url, data={"csrf_token": auth.csrf("/t/forum-a/actions/"), **data})


def count(app, tenant, model, *where):
    with app.app_context(), tenant_context(tenant):
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def translations_of(app, tenant, object_type, object_id):
    return count(app, tenant, ContentTranslation, ContentTranslation.object_type == object_type,
                 ContentTranslation.object_id == object_id)


def audited(app, tenant, object_type, object_id, action="deleted"):
    return count(app, tenant, AuditEvent, AuditEvent.action == action, AuditEvent.object_type == object_type,
                 AuditEvent.object_id == object_id)


def test_an_action_is_deleted_with_its_updates_and_translations(app, client, auth, two_forums, plan):
    a, item = two_forums["a"], plan["items"][0]
    auth.login(two_forums["a_sec"]["email"])
    assert f"/actions/items/{item}/delete" in client.get(f"/t/forum-a/actions/items/{item}").get_data(as_text=True)
    asked = post(client, auth, f"/t/forum-a/actions/items/{item}/delete")
    assert asked.status_code == 200 and 'name="confirm" value="1"' in asked.get_data(as_text=True)
    assert count(app, a, ActionItem, ActionItem.id == item) == 1
    r = post(client, auth, f"/t/forum-a/actions/items/{item}/delete", confirm="1")
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/actions/plans/{plan['plan']}")
    assert count(app, a, ActionItem, ActionItem.id == item) == 0 and count(app, a, ActionUpdate) == 0
    assert translations_of(app, a, "action_item", item) == 0
    assert audited(app, a, "action_item", item) == 1


def test_an_objective_with_actions_is_refused_with_the_count(app, client, auth, two_forums, plan):
    a = two_forums["a"]
    auth.login(two_forums["a_sec"]["email"])
    r = post(client, auth, f"/t/forum-a/actions/plans/{plan['plan']}/objectives/{plan['busy']}/delete", confirm="1")
    assert r.status_code == 303
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "This objective has 3 action items: move or delete them first." in page
    assert count(app, a, Objective, Objective.id == plan["busy"]) == 1
    assert translations_of(app, a, "objective", plan["busy"]) == 1 and audited(app, a, "objective", plan["busy"]) == 0


def test_an_objective_without_actions_is_deleted_with_its_translations(app, client, auth, two_forums, plan):
    a = two_forums["a"]
    auth.login(two_forums["a_sec"]["email"])
    r = post(client, auth, f"/t/forum-a/actions/plans/{plan['plan']}/objectives/{plan['empty']}/delete", confirm="1")
    assert r.status_code == 303
    assert count(app, a, Objective, Objective.id == plan["empty"]) == 0
    assert translations_of(app, a, "objective", plan["empty"]) == 0
    assert audited(app, a, "objective", plan["empty"]) == 1


def test_an_objective_is_renamed(app, client, auth, two_forums, plan):
    a = two_forums["a"]
    auth.login(two_forums["a_sec"]["email"])
    url = f"/t/forum-a/actions/plans/{plan['plan']}/objectives/{plan['busy']}/rename"
    assert url.removeprefix("/t/forum-a") in client.get(f"/t/forum-a/actions/plans/{plan['plan']}").get_data(
        as_text=True)
    assert 'value="Remove children from pits"' in client.get(url).get_data(as_text=True)
    assert post(client, auth, url, title="").status_code == 422
    assert post(client, auth, url, title="End child labour in pits").status_code == 303
    with app.app_context(), tenant_context(a):
        assert db.session.get(Objective, (a.id, plan["busy"])).title == "End child labour in pits"
    assert audited(app, a, "objective", plan["busy"], "renamed") == 1


def test_a_plan_with_actions_is_refused_then_deleted_once_empty(app, client, auth, two_forums, plan):
    a = two_forums["a"]
    auth.login(two_forums["a_sec"]["email"])
    url = f"/t/forum-a/actions/plans/{plan['plan']}/delete"
    r = post(client, auth, url, confirm="1")
    assert "This action plan has 3 action items: move or delete them first." in client.get(
        r.headers["Location"]).get_data(as_text=True)
    assert count(app, a, ActionPlan) == 1
    with app.app_context(), tenant_context(a):
        for item_id in plan["items"]:
            actions.delete_item(db.session.get(ActionItem, (a.id, item_id)))
        db.session.commit()
    r = post(client, auth, url, confirm="1")
    assert r.status_code == 303 and r.headers["Location"].endswith("/actions/")
    assert count(app, a, ActionPlan) == 0 and count(app, a, Objective) == 0
    assert count(app, a, ContentTranslation) == 0
    assert audited(app, a, "action_plan", plan["plan"]) == 1


def test_a_member_cannot_delete(app, client, auth, two_forums, plan):
    auth.login(two_forums["a_member"]["email"])
    r = post(client, auth, f"/t/forum-a/actions/items/{plan['items'][0]}/delete", confirm="1")
    assert r.status_code == 404
    assert count(app, two_forums["a"], ActionItem) == 3


def test_with_htmx_the_question_takes_the_buttons_place_and_nothing_is_deleted(app, client, auth, two_forums, plan):
    auth.login(two_forums["a_sec"]["email"])
    url = f"/t/forum-a/actions/plans/{plan['plan']}/objectives/{plan['empty']}/delete"
    r = client.post(url, data={"csrf_token": auth.csrf("/t/forum-a/actions/")},
                    headers={"HX-Request": "true", "HX-Target": "this"})
    body = r.get_data(as_text=True)
    assert r.status_code == 200 and "<html" not in body and 'role="alertdialog"' in body
    assert "Delete the objective “Train inspectors”?" in body and 'name="confirm" value="1"' in body
    assert count(app, two_forums["a"], Objective, Objective.id == plan["empty"]) == 1
