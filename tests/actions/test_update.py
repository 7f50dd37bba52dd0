"""Updating an action from a phone cannot destroy progress by accident (issue 19): the card shows the figures, the
field is the new total pre-filled, a lowering asks first, a saved update says so, the author corrects or withdraws
their latest update."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest
from sqlalchemy import select

from tenants.rls import tenant_context
from tests.actions.test_actions import make_plan, post
from webapp.actions.models import ActionItem, ActionUpdate
from webapp.core.audit import AuditEvent
from webapp.extensions import db

HX = {"HX-Request": "true"}


@pytest.fixture
def children(app, two_forums):
    plan = make_plan(app, two_forums["a"], [
        {"title": "Withdraw children from pits", "owner_member_id": two_forums["a_member"]["id"],
         "indicator": "Children withdrawn from mining sites", "unit": "children", "baseline": 0, "target": 200,
         "current_value": 44, "visibility": "public"}])
    return plan["item_ids"][0]


def _item(app, tenant, item_id):
    with app.app_context(), tenant_context(tenant):
        item = db.session.get(ActionItem, (tenant.id, item_id))
        updates = db.session.scalars(select(ActionUpdate).where(ActionUpdate.item_id == item_id)
                                     .order_by(ActionUpdate.id)).all()
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.object_type == "action_item",
                                                             AuditEvent.object_id == item_id)
                                    .order_by(AuditEvent.id)).all()
        return item.current_value, item.status, [(u.value, u.note) for u in updates], [e.action for e in events]


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_card_shows_indicator_baseline_current_target_and_progress(client, auth, two_forums, children):
    auth.login(two_forums["a_member"]["email"])
    for url in ("/t/forum-a/actions/mine", f"/t/forum-a/actions/items/{children}"):
        html = client.get(url).get_data(as_text=True)
        card = html[html.index(f'id="item-{children}"'):]
        card = card[:card.index("</li>")]
        text = _text(card)
        assert "Children withdrawn from mining sites" in text, url
        assert "Baseline 0 " in text and "Now 44 " in text and "Target 200 children" in text, text
        assert '<progress max="100" value="22"' in card and "22%" in text
        assert "0.0000" not in html and "44.0000" not in html
        # the field is the new total, named with its unit, pre-filled with the current value
        assert "New total (children)" in text and 'name="value" inputmode="decimal" autocomplete="off" value="44"' in card
        assert "not only what was done since the last update" in text


def test_a_lowering_update_changes_nothing_until_confirmed(app, client, auth, two_forums, children):
    auth.login(two_forums["a_member"]["email"])
    url = f"/t/forum-a/actions/items/{children}/update"
    # the slip the issue describes: this month's figure (6) typed as the total
    for headers in (HX, {}):
        r = post(client, auth, url, headers=headers, status="in_progress", value="6", note="June visits",
                 next="/t/forum-a/actions/mine")
        text = _text(r.get_data(as_text=True))
        assert r.status_code == 422, headers
        assert "This lowers the progress: 44 children → 6 children (22% → 3%)" in text
        assert 'name="confirm_lower" value="1"' in r.get_data(as_text=True)
        assert 'value="June visits"' in r.get_data(as_text=True)  # what was typed is kept
        assert _item(app, two_forums["a"], children)[:3] == (Decimal("44"), "in_progress", [])
    r = post(client, auth, url, headers=HX, status="in_progress", value="6", note="June visits", confirm_lower="1")
    assert r.status_code == 200 and "Update saved." in r.get_data(as_text=True)
    value, _status, updates, events = _item(app, two_forums["a"], children)
    assert value == Decimal("6") and updates == [(Decimal("6"), "June visits")] and events == ["saved", "updated"]
    # without JavaScript the question's button is a plain form: 303, then the message
    r = post(client, auth, url, status="in_progress", value="2", note="", next="/t/forum-a/actions/mine")
    assert r.status_code == 422 and "Check this update" in r.get_data(as_text=True)
    r = post(client, auth, url, status="in_progress", value="2", note="", confirm_lower="1",
             next="/t/forum-a/actions/mine")
    assert r.status_code == 303 and "Update saved." in client.get(r.headers["Location"]).get_data(as_text=True)
    assert _item(app, two_forums["a"], children)[0] == Decimal("2")


def test_a_saved_update_is_confirmed_on_screen_with_and_without_javascript(client, auth, two_forums, children):
    auth.login(two_forums["a_member"]["email"])
    url = f"/t/forum-a/actions/items/{children}/update"
    r = post(client, auth, url, headers=HX, status="in_progress", value="50", note="")
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and html.strip().startswith(f'<li id="item-{children}"')
    assert 'role="status">Update saved.' in html and "Now 50 " in _text(html) and "25%" in html
    r = post(client, auth, url, status="in_progress", value="60", note="", next="/t/forum-a/actions/mine")
    assert r.status_code == 303 and r.headers["Location"] == "/t/forum-a/actions/mine"
    page = client.get("/t/forum-a/actions/mine").get_data(as_text=True)
    assert "Update saved." in page and "Now 60 " in _text(page)


def test_the_author_corrects_then_withdraws_their_latest_update(app, client, auth, two_forums, children):
    auth.login(two_forums["a_member"]["email"])
    post(client, auth, f"/t/forum-a/actions/items/{children}/update", status="in_progress", value="50", note="May")
    [uid] = [u for u in _update_ids(app, two_forums["a"], children)]
    page = client.get(f"/t/forum-a/actions/items/{children}").get_data(as_text=True)
    assert f"/updates/{uid}/correct" in page and f"/updates/{uid}/withdraw" in page
    form = client.get(f"/t/forum-a/actions/items/{children}/updates/{uid}/correct").get_data(as_text=True)
    assert 'value="50"' in form and 'value="May"' in form
    r = post(client, auth, f"/t/forum-a/actions/items/{children}/updates/{uid}/correct", value="56", note="May, all")
    assert r.status_code == 303
    assert "Update corrected." in client.get(r.headers["Location"]).get_data(as_text=True)
    assert _item(app, two_forums["a"], children) == (Decimal("56"), "in_progress", [(Decimal("56"), "May, all")],
                                                     ["saved", "updated", "update_corrected"])
    # a correction below the value before the update asks first, too
    r = post(client, auth, f"/t/forum-a/actions/items/{children}/updates/{uid}/correct", value="6", note="May")
    assert r.status_code == 422 and "This lowers the progress" in r.get_data(as_text=True)
    assert _item(app, two_forums["a"], children)[0] == Decimal("56")
    r = post(client, auth, f"/t/forum-a/actions/items/{children}/updates/{uid}/withdraw")
    assert r.status_code == 303 and "Update withdrawn" in client.get(r.headers["Location"]).get_data(as_text=True)
    value, _status, updates, events = _item(app, two_forums["a"], children)
    assert (value, updates) == (Decimal("44"), []) and events[-1] == "update_withdrawn"


def _update_ids(app, tenant, item_id):
    with app.app_context(), tenant_context(tenant):
        return list(db.session.scalars(select(ActionUpdate.id).where(ActionUpdate.item_id == item_id)
                                       .order_by(ActionUpdate.id)))


def test_only_the_author_of_the_latest_update_may_correct_or_withdraw_it(app, client, auth, factory, two_forums,
                                                                         children):
    auth.login(two_forums["a_member"]["email"])
    post(client, auth, f"/t/forum-a/actions/items/{children}/update", status="in_progress", value="50", note="")
    [uid] = _update_ids(app, two_forums["a"], children)
    auth.logout()
    # the secretariat may update the item, but not rewrite the member's update
    auth.login(two_forums["a_sec"]["email"])
    assert f"/updates/{uid}/" not in client.get(f"/t/forum-a/actions/items/{children}").get_data(as_text=True)
    assert client.get(f"/t/forum-a/actions/items/{children}/updates/{uid}/correct").status_code == 404
    assert post(client, auth, f"/t/forum-a/actions/items/{children}/updates/{uid}/withdraw").status_code == 404
    # once someone else has updated the item, the member's update is no longer the latest
    post(client, auth, f"/t/forum-a/actions/items/{children}/update", status="in_progress", value="", note="Checked")
    auth.logout()
    auth.login(two_forums["a_member"]["email"])
    assert client.get(f"/t/forum-a/actions/items/{children}/updates/{uid}/correct").status_code == 404
    assert post(client, auth, f"/t/forum-a/actions/items/{children}/updates/{uid}/withdraw").status_code == 404
    assert _item(app, two_forums["a"], children)[0] == Decimal("50")
    # another forum's secretariat asking for this forum's update: 404
    auth.logout()
    auth.login(two_forums["b_sec"]["email"])
    assert client.get(f"/t/forum-b/actions/items/{children}/updates/{uid}/correct").status_code == 404
    r = client.post(f"/t/forum-b/actions/items/{children}/updates/{uid}/withdraw",
                    data={"csrf_token": auth.csrf("/t/forum-b/actions/")})
    assert r.status_code == 404
    assert len(_update_ids(app, two_forums["a"], children)) == 2
