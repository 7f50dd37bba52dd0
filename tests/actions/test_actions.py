"""Action plans: permissions, updates from My actions, reminders, matters arising, reports, public progress."""
from __future__ import annotations

import gzip
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tenants.rls import tenant_context
from tests.conftest import count_queries
from webapp.actions import services as actions
from webapp.actions.models import ActionItem, ActionPlan, ActionUpdate
from webapp.extensions import db
from webapp.meetings.models import Meeting
from webapp.meetings.outcomes import services as outcome_services
from webapp.members import services as roll
from webapp.members.models import Member


def make_plan(app, tenant, items: list[dict], title="Mining component") -> dict:
    with app.app_context(), tenant_context(tenant):
        plan = actions.save_plan(None, title=title, description=None, period_start=date(2026, 1, 1),
                                 period_end=date(2027, 12, 31), visibility="public")
        objective = actions.add_objective(plan, "Remove children from hazardous work")
        ids = [actions.save_item(plan, None, {"objective_id": objective.id, "status": "in_progress", **spec}).id
               for spec in items]
        db.session.commit()
        return {"plan_id": plan.id, "objective_id": objective.id, "item_ids": ids}


def post(client, auth, url, headers=None, **data):
    return client.post(url, data={"csrf_token": auth.csrf("/t/forum-a/actions/"), **data}, headers=headers or {})


@pytest.fixture
def owned(app, two_forums):
    return make_plan(app, two_forums["a"], [
        {"title": "Survey children at Obuasi sites", "owner_member_id": two_forums["a_member"]["id"],
         "baseline": 0, "target": 100, "current_value": 10, "visibility": "public",
         "due_on": date.today() + timedelta(days=5)},
        {"title": "Secretariat's own action", "owner_member_id": two_forums["a_sec"]["id"], "visibility": "members"},
    ])


def test_member_updates_own_item_from_my_actions_with_htmx(app, client, auth, two_forums, owned):
    auth.login(two_forums["a_member"]["email"])
    page = client.get("/t/forum-a/actions/mine").get_data(as_text=True)
    assert "Survey children at Obuasi sites" in page and "Secretariat&#39;s own action" not in page
    item_id = owned["item_ids"][0]
    r = post(client, auth, f"/t/forum-a/actions/items/{item_id}/update", headers={"HX-Request": "true"},
             status="in_progress", value="60", note="Two more sites visited")
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and html.strip().startswith(f'<li id="item-{item_id}"') and "60%" in html
    plan = client.get(f"/t/forum-a/actions/plans/{owned['plan_id']}").get_data(as_text=True)
    assert "60%" in plan
    with app.app_context(), tenant_context(two_forums["a"]):
        [u] = db.session.scalars(select(ActionUpdate)).all()
        assert (u.note, float(u.value), u.author) == ("Two more sites visited", 60.0, "Amadou Member")
    bad = post(client, auth, f"/t/forum-a/actions/items/{item_id}/update", headers={"HX-Request": "true"},
               status="in_progress", value="sixty", note="")
    assert bad.status_code == 422 and "Please enter a number" in bad.get_data(as_text=True)
    # without JavaScript: a plain form and a redirect back
    r = post(client, auth, f"/t/forum-a/actions/items/{item_id}/update", status="done", value="", note="",
             next="/t/forum-a/actions/mine")
    assert r.status_code == 303 and r.headers["Location"] == "/t/forum-a/actions/mine"


def test_numbers_too_large_or_not_finite_get_a_clear_message_and_change_nothing(app, client, auth, two_forums, owned):
    item_id = owned["item_ids"][0]
    auth.login(two_forums["a_sec"]["email"])
    for field, value, message in (("baseline", "9" * 40, "This number is too large"),
                                  ("target", "NaN", "Please enter a number"),
                                  ("budget", "-Infinity", "Please enter a number"),
                                  ("current_value", "10000000000", "This number is too large"),
                                  ("target", "1e1000000000", "This number is too large")):
        r = post(client, auth, f"/t/forum-a/actions/items/{item_id}/edit", title="Survey children at Obuasi sites",
                 status="planned", visibility="public", **{field: value})
        assert r.status_code == 422 and message in r.get_data(as_text=True), (field, value, r.status_code)
        r = post(client, auth, f"/t/forum-a/actions/items/{item_id}/update", headers={"HX-Request": "true"},
                 status="in_progress", value=value, note="")
        assert r.status_code == 422 and message in r.get_data(as_text=True), (value, r.status_code)
    with app.app_context(), tenant_context(two_forums["a"]):
        item = db.session.get(ActionItem, (two_forums["a"].id, item_id))
        assert (float(item.baseline), float(item.target), float(item.current_value), item.budget) == (0, 100, 10, None)
        assert db.session.scalars(select(ActionUpdate)).all() == []
    ok = post(client, auth, f"/t/forum-a/actions/items/{item_id}/update", headers={"HX-Request": "true"},
              status="in_progress", value="9999999999.5", note="")
    assert ok.status_code == 200


def test_members_update_only_what_they_or_their_organisation_own(app, client, auth, factory, two_forums, owned):
    other = factory.member(two_forums["a"], "Other Member", "member")
    observer = factory.member(two_forums["a"], "Olu Observer", "observer")
    with app.app_context(), tenant_context(two_forums["a"]):
        org = roll.save_organisation(None, name="GNASSM", acronym="GNASSM", constituency="asm_miners", country="GH")
        roll.update_member(db.session.get(Member, (two_forums["a"].id, other["id"])), {"organisation_id": org.id})
        plan = db.session.get(ActionPlan, (two_forums["a"].id, owned["plan_id"]))
        org_item = actions.save_item(plan, None, {"title": "Miners' association action", "owner_organisation_id": org.id})
        db.session.commit()
        org_item_id = org_item.id
    auth.login(other["email"])
    assert post(client, auth, f"/t/forum-a/actions/items/{owned['item_ids'][0]}/update", status="done").status_code == 404
    assert post(client, auth, f"/t/forum-a/actions/items/{org_item_id}/update", status="done").status_code == 303
    auth.logout()
    auth.login(observer["email"])
    assert post(client, auth, f"/t/forum-a/actions/items/{org_item_id}/update", status="blocked").status_code == 404
    assert "Save the update" not in client.get(f"/t/forum-a/actions/items/{org_item_id}").get_data(as_text=True)
    with app.app_context(), tenant_context(two_forums["a"]):
        assert db.session.get(ActionItem, (two_forums["a"].id, owned["item_ids"][0])).status == "in_progress"
        assert db.session.get(ActionItem, (two_forums["a"].id, org_item_id)).status == "done"


def test_reminders_once_per_period_in_the_owners_language(app, smtp, run_worker, queue_redis, factory, two_forums):
    opted_out = factory.member(two_forums["a"], "Quiet Member", "member")
    with app.app_context(), tenant_context(two_forums["a"]):
        roll.update_member(db.session.get(Member, (two_forums["a"].id, two_forums["a_member"]["id"])), {"locale": "fr"})
        roll.update_member(db.session.get(Member, (two_forums["a"].id, opted_out["id"])), {"notify_reminders": False})
        db.session.commit()
    today = date(2026, 11, 23)
    make_plan(app, two_forums["a"], [
        {"title": "Due soon", "owner_member_id": two_forums["a_member"]["id"], "due_on": today + timedelta(days=5)},
        {"title": "Overdue", "owner_member_id": two_forums["a_member"]["id"], "due_on": today - timedelta(days=3)},
        {"title": "Done already", "owner_member_id": two_forums["a_member"]["id"], "due_on": today, "status": "done"},
        {"title": "Dropped", "owner_member_id": two_forums["a_member"]["id"], "due_on": today, "status": "dropped"},
        {"title": "Far away", "owner_member_id": two_forums["a_member"]["id"], "due_on": today + timedelta(days=30)},
        {"title": "Opted out", "owner_member_id": opted_out["id"], "due_on": today - timedelta(days=1)},
    ])
    with app.app_context(), tenant_context(two_forums["a"]):
        assert actions.send_reminders(today) == 2
        db.session.commit()
        assert actions.send_reminders(today + timedelta(days=1)) == 0  # same week, same due date
        db.session.commit()
        assert actions.send_reminders(today + timedelta(days=7)) == 2  # a week later both are overdue: once more each
        db.session.commit()
    run_worker()
    mails = smtp.to(two_forums["a_member"]["email"])
    assert len(mails) == 4 and all(m["Content-Language"] == "fr" for m in mails)
    assert smtp.to(opted_out["email"]) == []


def test_monthly_digest_to_chairs(app, smtp, run_worker, queue_redis, factory, two_forums):
    chair = factory.member(two_forums["a"], "Kwame Chair", "chair")
    today = date(2026, 12, 1)
    make_plan(app, two_forums["a"], [{"title": "Late survey", "due_on": today - timedelta(days=10)}])
    with app.app_context(), tenant_context(two_forums["a"]):
        assert actions.send_monthly_digest(today) == 1
        db.session.commit()
        assert actions.send_monthly_digest(today + timedelta(days=1)) == 0
        db.session.commit()
        # a month whose 1st was missed (the scheduler was down) still gets its digest, once
        assert actions.send_monthly_digest(date(2027, 1, 3)) == 1
        db.session.commit()
        assert actions.send_monthly_digest(date(2027, 1, 4)) == 0
        db.session.commit()
    run_worker()
    msg = smtp.to(chair["email"])[0]
    assert "Late survey" in msg.get_body(("plain",)).get_content()


def test_item_from_a_decision_and_matters_arising_at_the_next_meeting(app, client, auth, factory, two_forums):
    m = factory.meeting(two_forums["a"], title="First plenary", member_ids=(two_forums["a_member"]["id"],), notify=True)
    plan = make_plan(app, two_forums["a"], [])
    with app.app_context(), tenant_context(two_forums["a"]):
        meeting = db.session.get(Meeting, (two_forums["a"].id, m["id"]))
        d = outcome_services.save_decision(meeting, None, text="Map hazardous tasks in Adansi North",
                                           agenda_item_id=None, visibility="public", policy_outcome=None,
                                           review_on=None, positions={})
        db.session.commit()
        decision_id = d.id
    auth.login(two_forums["a_sec"]["email"])
    form = client.get(f"/t/forum-a/actions/items/new?decision={decision_id}").get_data(as_text=True)
    assert "Map hazardous tasks in Adansi North" in form
    r = post(client, auth, f"/t/forum-a/actions/items/new?decision={decision_id}", plan_id=plan["plan_id"],
             title="Map hazardous tasks in Adansi North", status="planned", visibility="public",
             owner_member_id=two_forums["a_member"]["id"])
    assert r.status_code == 303
    with app.app_context(), tenant_context(two_forums["a"]):
        item = db.session.scalar(select(ActionItem))
        assert item.origin_decision_id == decision_id
    # the committee's next meeting carries the open item forward
    day = (date.today() + timedelta(days=40)).isoformat()
    r = post(client, auth, "/t/forum-a/meetings/new", title="Second plenary", committee_id=m["committee_id"],
             kind="plenary", day=day, start_time="09:00", end_time="12:00", language="en", visibility="members")
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "Matters arising: 1 open action items" in page
    arising = page.split('id="matters-arising"')[1].split("</section>")[0]
    assert "Map hazardous tasks in Adansi North" in arising  # the open items themselves, linked
    with app.app_context(), tenant_context(two_forums["a"]):
        actions.save_item(db.session.get(ActionPlan, (two_forums["a"].id, plan["plan_id"])), None,
                          {"title": "Confidential case follow-up", "visibility": "restricted",
                           "origin_decision_id": decision_id})
        db.session.commit()
    assert "Confidential case follow-up" in client.get(r.headers["Location"]).get_data(as_text=True)
    auth.logout()
    auth.login(two_forums["a_member"]["email"])
    with app.app_context(), tenant_context(two_forums["a"]):
        from webapp.meetings import services as meeting_services

        meeting_services.send_notice(db.session.get(Meeting, (two_forums["a"].id,
                                                              int(r.headers["Location"].rstrip("/").split("/")[-1]))))
        db.session.commit()
    member_page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "Map hazardous tasks in Adansi North" in member_page and "Confidential case follow-up" not in member_page


def test_minutes_annex_shows_only_visible_updates_made_before_the_meeting_ended(app, client, auth, factory,
                                                                             two_forums):
    from datetime import UTC, datetime

    first = factory.meeting(two_forums["a"], title="First plenary", member_ids=(two_forums["a_member"]["id"],),
                            days_ahead=-10)
    second = factory.meeting(two_forums["a"], title="Second plenary", days_ahead=0, committee_id=first["committee_id"],
                             member_ids=(two_forums["a_member"]["id"],), notify=True)
    with app.app_context(), tenant_context(two_forums["a"]):
        tid = two_forums["a"].id
        decision = outcome_services.save_decision(
            db.session.get(Meeting, (tid, first["id"])), None, text="Act on mercury", agenda_item_id=None,
            visibility="members", policy_outcome=None, review_on=None, positions={})
        plan = actions.save_plan(None, title="Plan", description=None, period_start=None, period_end=None,
                                 visibility="members")
        sec = db.session.get(Member, (tid, two_forums["a_sec"]["id"]))
        for title, visibility, note in (("Open item", "members", "Two districts visited"),
                                        ("Case file", "restricted", "Names of the children involved"),
                                        ("Later item", "members", "Written after the meeting")):
            item = actions.save_item(plan, None, {"title": title, "visibility": visibility,
                                                  "origin_decision_id": decision.id, "unit": "sites"})
            update = actions.record_update(item, sec, status=None, value="12.50" if title == "Open item" else None,
                                           note=note)
            if title == "Later item":
                update.at = second["start"] + timedelta(days=2)
        outcome_services.save_minutes(db.session.get(Meeting, (tid, second["id"])), "We met.", False, "members")
        outcome_services.circulate_minutes(db.session.get(Meeting, (tid, second["id"])))
        db.session.commit()
    assert second["start"] <= datetime.now(UTC)
    auth.login(two_forums["a_member"]["email"])
    page = client.get(f"/t/forum-a/meetings/{second['id']}").get_data(as_text=True)
    assert 'id="annex"' in page and "Two districts visited" in page
    assert "Value: 12.5 sites." in page and "12.5000" not in page  # numbers as people write them (issue 19)
    assert "Names of the children involved" not in page and "Written after the meeting" not in page
    auth.logout()
    auth.login(two_forums["a_sec"]["email"])
    page = client.get(f"/t/forum-a/meetings/{second['id']}").get_data(as_text=True)
    assert "Names of the children involved" in page and "Written after the meeting" not in page


def test_plan_page_groups_actions_under_their_objectives_in_order(app, client, auth, two_forums):
    made = make_plan(app, two_forums["a"], [{"title": "Withdraw children from pits"}])
    with app.app_context(), tenant_context(two_forums["a"]):
        plan = db.session.get(ActionPlan, (two_forums["a"].id, made["plan_id"]))
        second = actions.add_objective(plan, "Formalise mining sites")
        actions.save_item(plan, None, {"title": "Register cooperatives", "objective_id": second.id})
        actions.save_item(plan, None, {"title": "Publish the hazardous-work list"})
        db.session.commit()
    auth.login(two_forums["a_sec"]["email"])
    html = client.get(f"/t/forum-a/actions/plans/{made['plan_id']}").get_data(as_text=True)
    table = html.split('id="items"')[1].split("</table>")[0]
    order = re.findall(r'scope="colgroup">([^<]+)<|">([A-Z][^<]+)</a></td>', table)
    flat = [a or b for a, b in order]
    assert flat == ["Remove children from hazardous work", "Withdraw children from pits",
                    "Formalise mining sites", "Register cooperatives",
                    "Without an objective", "Publish the hazardous-work list"], flat


def test_my_actions_and_plan_page_queries_do_not_grow_and_page_is_small(app, client, auth, two_forums):
    few = make_plan(app, two_forums["a"], [{"title": f"Item {i}", "owner_member_id": two_forums["a_member"]["id"],
                                            "baseline": 0, "target": 10, "current_value": i} for i in range(3)])
    auth.login(two_forums["a_member"]["email"])
    with count_queries(app) as mine_few:
        assert client.get("/t/forum-a/actions/mine").status_code == 200
    with count_queries(app) as plan_few:
        assert client.get(f"/t/forum-a/actions/plans/{few['plan_id']}").status_code == 200
    many = make_plan(app, two_forums["a"], [{"title": f"Big item {i}", "owner_member_id": two_forums["a_member"]["id"],
                                             "due_on": date(2027, 1, 1) + timedelta(days=i)} for i in range(297)],
                     title="Big plan")
    with count_queries(app) as mine_many:
        r = client.get("/t/forum-a/actions/mine")
    assert r.status_code == 200 and "Big item 296" in r.get_data(as_text=True)
    assert mine_many["n"] == mine_few["n"]
    with count_queries(app) as plan_many:
        assert client.get(f"/t/forum-a/actions/plans/{many['plan_id']}").status_code == 200
    assert plan_many["n"] == plan_few["n"]


def test_my_actions_with_50_items_is_under_30_kb_compressed(app, client, auth, two_forums):
    make_plan(app, two_forums["a"], [{"title": f"Visit mine site number {i} with the district labour officer",
                                      "owner_member_id": two_forums["a_member"]["id"], "unit": "children",
                                      "due_on": date(2027, 1, 1) + timedelta(days=i)} for i in range(50)])
    auth.login(two_forums["a_member"]["email"])
    body = client.get("/t/forum-a/actions/mine").data
    assert body.count(b'class="card') == 50
    assert len(gzip.compress(body)) < 30 * 1024


def test_progress_report_and_public_progress(app, client, auth, run_worker, queue_redis, two_forums, owned):
    auth.login(two_forums["a_sec"]["email"])
    r = client.post("/t/forum-a/reports/", data={"csrf_token": auth.csrf("/t/forum-a/reports/"),
                                                 "kind": "action_progress", "plan_id": owned["plan_id"], "format": "csv"})
    assert r.status_code == 303
    run_worker()
    link = re.search(r'id="download" href="([^"]+)"', client.get(r.headers["Location"]).get_data(as_text=True)).group(1)
    body = client.get(link).get_data(as_text=True)
    assert "Survey children at Obuasi sites" in body and "10%" in body
    auth.logout()
    public = client.get("/t/forum-a/public/").get_data(as_text=True)
    assert "Mining component" in public and "Survey children at Obuasi sites" in public
    assert "Secretariat&#39;s own action" not in public


def test_secretariat_reorders_objectives_and_the_actions_follow(app, client, auth, two_forums):
    made = make_plan(app, two_forums["a"], [{"title": "Withdraw children from pits"}])
    with app.app_context(), tenant_context(two_forums["a"]):
        plan = db.session.get(ActionPlan, (two_forums["a"].id, made["plan_id"]))
        second = actions.add_objective(plan, "Formalise mining sites")
        actions.save_item(plan, None, {"title": "Register cooperatives", "objective_id": second.id})
        db.session.commit()
        second_id = second.id
    auth.login(two_forums["a_sec"]["email"])
    url = f"/t/forum-a/actions/plans/{made['plan_id']}"
    r = client.post(f"{url}/objectives/{second_id}/move", data={"csrf_token": auth.csrf(url), "direction": "up"})
    assert r.status_code == 303 and r.headers["Location"].endswith("#objectives")
    table = client.get(url).get_data(as_text=True).split('id="items"')[1]
    assert table.index("Formalise mining sites") < table.index("Remove children from hazardous work")
    auth.logout()
    auth.login(two_forums["a_member"]["email"])
    assert client.post(f"{url}/objectives/{second_id}/move",
                       data={"csrf_token": auth.csrf(url), "direction": "down"}).status_code == 404


def test_plan_filter_by_owning_organisation_includes_its_members_actions(app, client, auth, two_forums):
    with app.app_context(), tenant_context(two_forums["a"]):
        union = roll.save_organisation(None, name="Ghana Mineworkers' Union", acronym="GMWU", constituency="workers",
                                       country="GH")
        roll.update_member(db.session.get(Member, (two_forums["a"].id, two_forums["a_member"]["id"])),
                           {"organisation_id": union.id})
        db.session.commit()
        union_id = union.id
    made = make_plan(app, two_forums["a"], [
        {"title": "Union outreach", "owner_organisation_id": union_id},
        {"title": "Member's own survey", "owner_member_id": two_forums["a_member"]["id"]},
        {"title": "Secretariat's report", "owner_member_id": two_forums["a_sec"]["id"]}])
    auth.login(two_forums["a_sec"]["email"])
    html = client.get(f"/t/forum-a/actions/plans/{made['plan_id']}?owner_org={union_id}").get_data(as_text=True)
    table = html.split('id="items"')[1].split("</table>")[0]
    assert "Union outreach" in table and "Member&#39;s own survey" in table and "Secretariat" not in table
