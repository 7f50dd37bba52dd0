"""Disaggregated indicators (issue 40): an update of a disaggregated item carries its cells (by sex and the forum's
age bands, or by site), the total is their sum, and bad input gets a clear message and loses nothing."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest
from sqlalchemy import select

from tenants.rls import tenant_context
from tests.actions.test_actions import make_plan, post
from webapp.actions.models import ActionItem, ActionUpdate, ActionUpdateCell
from webapp.extensions import db

HX = {"HX-Request": "true"}


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def by_sex(app, two_forums):
    plan = make_plan(app, two_forums["a"], [
        {"title": "Withdraw children from pits", "owner_member_id": two_forums["a_member"]["id"],
         "indicator": "Children withdrawn", "unit": "children", "baseline": 0, "target": 200, "current_value": 0,
         "disaggregation": "sex_age", "visibility": "public"}])
    return plan["item_ids"][0]


def _state(app, tenant, item_id):
    with app.app_context(), tenant_context(tenant):
        item = db.session.get(ActionItem, (tenant.id, item_id))
        updates = db.session.scalars(select(ActionUpdate).where(ActionUpdate.item_id == item_id)).all()
        cells = db.session.execute(select(ActionUpdateCell.sex, ActionUpdateCell.band, ActionUpdateCell.value)
                                   .order_by(ActionUpdateCell.update_id, ActionUpdateCell.position)).all()
        return item.current_value, [u.value for u in updates], [(s, b, int(v)) for s, b, v in cells]


# the forum's default bands: 5-11, 12-14, 15-17, 18+; the cells go girls then boys in each band
EIGHT = ["3", "4", "10", "12", "6", "5", "0", "0"]


def test_an_update_carries_its_cells_and_the_total_is_their_sum(app, client, auth, two_forums, by_sex):
    auth.login(two_forums["a_member"]["email"])
    page = client.get("/t/forum-a/actions/mine").get_data(as_text=True)
    card = page[page.index(f'id="item-{by_sex}"'):]
    assert card.count('name="cell"') == 8 and 'name="value"' not in card[:card.index("</li>")]
    assert "12-14" in card and "Female" in card and "Male" in card
    r = post(client, auth, f"/t/forum-a/actions/items/{by_sex}/update", headers=HX, status="in_progress",
             note="Term 1", cell=EIGHT)
    assert r.status_code == 200 and "Update saved." in r.get_data(as_text=True)
    value, updates, cells = _state(app, two_forums["a"], by_sex)
    assert value == Decimal(40) and updates == [Decimal(40)]
    assert cells[:4] == [("f", "5-11", 3), ("m", "5-11", 4), ("f", "12-14", 10), ("m", "12-14", 12)]
    item_page = _text(client.get(f"/t/forum-a/actions/items/{by_sex}").get_data(as_text=True))
    assert "Value: 40 children" in item_page and "12-14, Female: 10" in item_page and "15-17, Male: 5" in item_page
    assert "20%" in item_page  # 40 of 200


@pytest.mark.parametrize("cells, message", [
    (["3", "4", "ten", "12", "6", "5", "0", "0"], "12-14, Female: Please enter a number"),
    (["3", "4", "10", "", "6", "5", "0", "0"], "12-14, Male: Please fill in every cell (0 if there is none)"),
    (["3", "-4", "10", "12", "6", "5", "0", "0"], "5-11, Male: A count cannot be below zero."),
    (["3", "4", "10", "12", "6", "5", "0", "1e20"], "18+, Male: This number is too large"),
])
def test_bad_cells_get_a_clear_message_and_lose_nothing(app, client, auth, two_forums, by_sex, cells, message):
    auth.login(two_forums["a_member"]["email"])
    for headers in (HX, {}):
        r = post(client, auth, f"/t/forum-a/actions/items/{by_sex}/update", headers=headers, status="in_progress",
                 note="Term 1", cell=cells, next="/t/forum-a/actions/mine")
        html = r.get_data(as_text=True)
        assert r.status_code == 422 and message in _text(html), (headers, _text(html)[:3000])
        for typed in cells:  # what was typed is still in the form
            assert f'value="{typed}"' in html
        assert 'value="Term 1"' in html
    assert _state(app, two_forums["a"], by_sex) == (Decimal(0), [], [])


def test_bad_cells_are_explained_in_the_members_language(client, auth, two_forums, by_sex):
    auth.login(two_forums["a_member"]["email"])
    r = post(client, auth, f"/t/forum-a/actions/items/{by_sex}/update?lang=fr", status="in_progress",
             cell=["3", "-4", "10", "12", "6", "5", "0", "0"])
    assert r.status_code == 422 and "Un effectif ne peut pas être inférieur à zéro." in r.get_data(as_text=True)


def test_a_lowering_is_measured_on_the_sum(app, client, auth, two_forums, by_sex):
    auth.login(two_forums["a_member"]["email"])
    url = f"/t/forum-a/actions/items/{by_sex}/update"
    assert post(client, auth, url, headers=HX, status="in_progress", cell=EIGHT).status_code == 200
    r = post(client, auth, url, headers=HX, status="in_progress", cell=["1", "1", "1", "1", "1", "1", "0", "0"])
    html = r.get_data(as_text=True)
    assert r.status_code == 422 and "40 children → 6 children" in _text(html)
    assert html.count('type="hidden" name="cell"') == 8  # the question carries the cells
    r = post(client, auth, url, headers=HX, status="in_progress", confirm_lower="1",
             cell=["1", "1", "1", "1", "1", "1", "0", "0"])
    assert r.status_code == 200 and _state(app, two_forums["a"], by_sex)[0] == Decimal(6)


def test_by_site_the_item_lists_its_sites_and_the_forum_sets_the_bands(app, client, auth, two_forums, by_sex):
    auth.login(two_forums["a_sec"]["email"])
    r = post(client, auth, f"/t/forum-a/actions/items/{by_sex}/edit", title="Withdraw children from pits",
             status="in_progress", visibility="public", disaggregation="site", sites="")
    assert r.status_code == 422 and "Please list the sites, one a line" in r.get_data(as_text=True)
    r = post(client, auth, f"/t/forum-a/actions/items/{by_sex}/edit", title="Withdraw children from pits",
             status="in_progress", visibility="public", baseline="0", target="200", disaggregation="site",
             sites="Obuasi\n\nTarkwa\nObuasi\n  Prestea  ")
    assert r.status_code == 303
    html = client.get(f"/t/forum-a/actions/items/{by_sex}").get_data(as_text=True)
    assert html.count('name="cell"') == 3 and "Tarkwa" in html
    r = post(client, auth, f"/t/forum-a/actions/items/{by_sex}/update", status="in_progress", cell=["5", "7", "2"])
    assert r.status_code == 303
    assert _state(app, two_forums["a"], by_sex)[2] == [(None, "Obuasi", 5), (None, "Tarkwa", 7), (None, "Prestea", 2)]
    # the forum's own bands
    r = client.post("/t/forum-a/settings/", data={"csrf_token": auth.csrf("/t/forum-a/settings/"), **_settings(
        app, two_forums), "age_bands": "0-14, 15-17"})
    assert r.status_code == 303, re.findall(r"field-error\">([^<]+)", r.get_data(as_text=True))
    post(client, auth, f"/t/forum-a/actions/items/{by_sex}/edit", title="Withdraw children from pits",
         status="in_progress", visibility="public", disaggregation="sex_age")
    html = client.get(f"/t/forum-a/actions/items/{by_sex}").get_data(as_text=True)
    assert html.count('name="cell"') == 4 and "0-14" in html and "5-11" not in html


def _settings(app, two_forums) -> dict:
    from webapp.forum_settings.forms import SettingsForm

    with app.test_request_context():
        data = SettingsForm.initial(two_forums["a"])
    data["quorum_share"] = str(data["quorum_share"])
    return {k: v for k, v in data.items() if v not in (False, None)} | {
        "core_constituencies": data["core_constituencies"]}
