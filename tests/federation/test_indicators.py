"""Monitoring from the field up to the national forum (issue 40).

End to end through Kannel and fakesmsc: a community child-protection committee's member reports a quarter's
disaggregated figures by SMS ("RIPOTI <code> 3 12 ..."); unverified, the figure shows in neither the district's plan
nor the national forum's Affiliates roll-up, nor on any public page; verified by the district's secretariat it shows
in both. Disaggregated figures travel up only under their own share ("indicators", consented to by the affiliate;
the write step refuses them otherwise), small cells withheld with complementary suppression so that no withheld cell
can be worked out from the others and the total."""
from __future__ import annotations

import itertools
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from tenants.rls import tenant_context
from webapp.extensions import db
from webapp.federation.figures import SMALL, withhold_cells

from ..notices.sms.test_kannel import phone_member
from ..notices.sms.test_replies import wait_for
from .test_federation import _affiliation_id, _invite_and_accept, _plan, _snapshots, fed  # noqa: F401  (fed)

PHONE = "+233201234581"
CELLS = "3 12 7 9 6 5 0 8"  # girls then boys per band: 5-11, 12-14, 15-17, 18+; total 50


# --- complementary suppression ------------------------------------------------------------------------------------

def _recoverable(shown: list[int | None], total: int) -> bool:
    """True if some withheld cell has one value only among all non-negative fillings consistent with the shown cells
    and the total (the attacker's view: the others, the total, and that a withheld cell is a count)."""
    hidden = [n for n, v in enumerate(shown) if v is None]
    if not hidden:
        return False
    rest = total - sum(v for v in shown if v is not None)
    possible: dict[int, set[int]] = {n: set() for n in hidden}
    for filling in itertools.product(range(rest + 1), repeat=len(hidden)):
        if sum(filling) == rest:
            for n, v in zip(hidden, filling, strict=True):
                possible[n].add(v)
    return any(len(values) < 2 for values in possible.values())


def test_one_small_cell_takes_the_smallest_other_with_it():
    assert withhold_cells([3, 12, 20, 9], 44) == ([None, 12, 20, None], 44)  # 3 = 44 - 12 - 20 - 9 otherwise
    assert withhold_cells([6, 7], 13) == ([6, 7], 13)
    assert withhold_cells([2, 1, 30], 33) == ([None, None, None], 33)  # 2 + 1 < 5: the sum would narrow them
    assert withhold_cells([0, 0, 10, 12], 22) == ([None, None, None, 12], 22)  # withheld zeros would show as zeros
    assert withhold_cells([1, 2], 3) == ([None, None], None)  # a total under five goes with its cells
    assert withhold_cells([3, 12, 20, 9], 44)[0].count(None) >= 2


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 14), min_size=2, max_size=5))
def test_no_withheld_cell_can_be_worked_out_from_the_others_and_the_total(cells):
    total = sum(cells)
    shown, shown_total = withhold_cells(cells, total)
    assert all(v is None or (v >= SMALL and v == c) for v, c in zip(shown, cells, strict=True))
    if shown_total is None:
        assert shown == [None] * len(cells)
    else:
        assert shown_total == total and not _recoverable(shown, total), (cells, shown)


# --- the share -----------------------------------------------------------------------------------------------------

def test_indicators_travel_only_under_their_own_share(app, client, auth, queue_redis, fed):  # noqa: F811
    from webapp.federation import snapshots
    from webapp.federation.models import Affiliation
    from worker.federation import take_snapshot

    aid = _invite_and_accept(client, auth, fed, shares=("progress",))
    with app.app_context():
        assert db.session.get(Affiliation, aid).shares_indicators is False  # "progress" does not imply it
    take_snapshot(aid, date.today().isoformat())
    [(_p, figures)] = _snapshots(app, fed["coord"])
    assert "indicators" not in figures
    with app.app_context():  # a read step that put them in anyway: the write step refuses the snapshot
        assert snapshots.write_step(aid, date.today() + timedelta(days=1), {**figures, "indicators": {}}) is False
    assert len(_snapshots(app, fed["coord"])) == 1


# --- end to end ------------------------------------------------------------------------------------------------------

def _district(app, fed, coord_objective: int, aid: int) -> dict:  # noqa: F811
    """The district's plan: a public, quarterly, sex-and-age item reported by the Fomena community child-protection
    committee, under an objective linked to the national forum's shared objective."""
    from webapp.actions import reporting
    from webapp.actions import services as actions
    from webapp.actions.models import ActionPlan, Objective
    from webapp.federation import services as federation
    from webapp.federation.models import ObjectiveLink, ReceivedObjective
    from webapp.members import services as roll
    from webapp.members.models import Member

    district = fed["district"]
    with app.app_context(), tenant_context(fed["coord"]):  # shared by the national forum (copied down by a job)
        federation.set_shared(db.session.get(Objective, (fed["coord"].id, coord_objective)), True)
        db.session.commit()
    plan = _plan(app, district, ("Children out of the pits",))
    member = phone_member(app, district, "Akosua Committee", PHONE, "sw")
    with app.app_context(), tenant_context(district):
        org = roll.save_organisation(None, name="Fomena Community Child Protection Committee", acronym="FCCPC",
                                     constituency="civil_society", country=None)
        db.session.get(Member, (district.id, member)).organisation_id = org.id
        item = actions.save_item(db.session.get(ActionPlan, (district.id, plan["plan"])), None, {"title": "Children withdrawn from mining", "objective_id": plan["objectives"][0],
                                        "status": "in_progress", "visibility": "public", "unit": "children",
                                        "baseline": 0, "target": 100, "reporting_frequency": "quarterly",
                                        "disaggregation": "sex_age"})
        body = reporting.add_body(item, organisation_id=org.id)
        received = ReceivedObjective(affiliation_id=aid, coordinator_tenant_id=fed["coord"].id,
                                     source_objective_id=coord_objective, title="Withdraw", plan_title="P")
        db.session.add(received)
        db.session.flush()
        db.session.add(ObjectiveLink(objective_id=plan["objectives"][0], received_id=received.id))
        db.session.commit()
        return {"plan": plan["plan"], "item": item.id, "body": body.id, "member": member}


def test_a_committees_report_by_sms_counts_in_the_plan_and_up_the_federation_once_verified(
        app, client, auth, kannel, run_worker, queue_redis, fed):  # noqa: F811
    from webapp.actions import periods, reporting
    from webapp.actions.models import ActionUpdate
    from webapp.core.zones import forum_today
    from worker.federation import take_snapshot

    coord_plan = _plan(app, fed["coord"])
    oid = coord_plan["objectives"][0]
    aid = _invite_and_accept(client, auth, fed, shares=("progress", "indicators"))
    d = _district(app, fed, oid, aid)
    district = fed["district"]

    # the quarter's reminder reaches the committee's member by SMS with the code; the report comes back through Kannel
    with app.app_context(), tenant_context(district):
        quarter = periods.last_ended(forum_today(district), "quarterly")
        assert reporting.send_report_reminders(quarter.end + timedelta(days=2)) == 1
        db.session.commit()
    run_worker()
    [reminder] = kannel.wait_received(1)
    code = re.search(r"Jibu RIPOTI ([A-Z0-9]{5})", reminder.text).group(1)
    kannel.clear()
    kannel.send_from(PHONE, f"ripoti {code} {CELLS}")

    def report():
        with app.app_context(), tenant_context(district):
            return db.session.scalar(select(ActionUpdate).where(ActionUpdate.item_id == d["item"]))

    assert wait_for(report)
    r = report()
    assert (r.value, r.via, r.verification, r.period) == (Decimal(50), "sms", "pending", quarter.key)
    run_worker()
    [confirmation] = kannel.wait_received(1)
    assert f"{quarter.key} {CELLS} = 50" in confirmation.text

    # unverified: not in the district's plan's progress, not on any public page, not in the roll-up
    auth.login(fed["district_sec"]["email"])
    plan_page = client.get(f"/t/district/actions/plans/{d['plan']}").get_data(as_text=True)
    assert "1 figure to verify" in plan_page and "50%" not in plan_page
    auth.logout()
    public = client.get("/t/district/public/").get_data(as_text=True)  # the public plan page: its progress section
    assert "Children withdrawn from mining — In progress, 0%" in public and "50%" not in public
    assert client.get(f"/t/district/actions/items/{d['item']}").status_code in (302, 404)  # members' pages
    csv = client.get("/t/district/api/v1/plan-items.csv")
    assert csv.status_code == 200 and "Children withdrawn from mining" in csv.get_data(as_text=True)
    assert ",50" not in csv.get_data(as_text=True)
    take_snapshot(aid, date.today().isoformat())
    [(_p, figures)] = _snapshots(app, fed["coord"])
    [entry] = figures["indicators"][str(oid)]
    assert entry["title"] == "Children withdrawn from mining" and entry["total"] is None and entry["cells"] == []
    auth.login(fed["coord_sec"]["email"])
    affiliates = client.get("/t/coord/federation/").get_data(as_text=True)
    assert "Children withdrawn from mining" in affiliates and "withheld or unknown" in affiliates
    assert ">50<" not in affiliates
    auth.logout()

    # verified by the district's secretariat: it counts in the plan and travels up, small cells withheld
    auth.login(fed["district_sec"]["email"])
    r = client.post(f"/t/district/actions/items/{d['item']}/updates/{report().id}/verify",
                    data={"csrf_token": auth.csrf(f"/t/district/actions/items/{d['item']}")})
    assert r.status_code == 303
    auth.logout()
    assert "Children withdrawn from mining — In progress, 50%" in client.get("/t/district/public/").get_data(as_text=True)
    auth.login(fed["district_member"]["email"])
    plan_page = client.get(f"/t/district/actions/plans/{d['plan']}").get_data(as_text=True)
    assert "50%" in plan_page and "figure to verify" not in plan_page
    item_page = client.get(f"/t/district/actions/items/{d['item']}").get_data(as_text=True)
    assert "12-14, Female: 7" in item_page, item_page
    auth.logout()
    take_snapshot(aid, (date.today() + timedelta(days=1)).isoformat())
    figures = _snapshots(app, fed["coord"])[-1][1]
    [entry] = figures["indicators"][str(oid)]
    assert entry["total"] == 50
    # 3, 0 (and then 5, the smallest other, since 3 + 0 < 5) withheld
    assert [c["value"] for c in entry["cells"]] == [None, 12, 7, 9, 6, None, None, 8]
    assert [(c["sex"], c["band"]) for c in entry["cells"]][:2] == [("f", "5-11"), ("m", "5-11")]
    auth.login(fed["coord_sec"]["email"])
    affiliates = client.get("/t/coord/federation/").get_data(as_text=True)
    section = affiliates[affiliates.index('id="indicators"'):]
    assert "District Committee" in section and '<span class="figure">50</span>' in section
    assert '12-14, Female: <span class="figure">7</span>' in section
    assert '18+, Male: <span class="figure">8</span>' in section
    auth.logout()
    # and the national forum's public pages never show it
    assert "Children withdrawn from mining" not in client.get("/t/coord/public/").get_data(as_text=True)


@pytest.mark.parametrize("shares", [("progress", "inclusion", "outcomes", "indicators")])
def test_the_accept_form_offers_the_new_share(app, client, auth, queue_redis, fed, shares):  # noqa: F811
    auth.login(fed["coord_sec"]["email"])
    client.post("/t/coord/federation/invite", data={"csrf_token": auth.csrf("/t/coord/federation/"),
                                                    "slug": "district"})
    auth.logout()
    auth.login(fed["district_chair"]["email"])
    page = client.get("/t/district/federation/").get_data(as_text=True)
    assert 'value="indicators"' in page and "cells under five withheld" in page
    auth.logout()
    _affiliation_id(app)
