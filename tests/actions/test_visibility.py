"""Who sees an action item: the strictest of the item's, its plan's and its decision's (and meeting's) visibility,
and its owners always (issue 16). The whole matrix, plan x item x decision x role, over every page that lists
items: item page, plan page, My actions, matters arising, minutes' annex, public page."""
from __future__ import annotations

import itertools
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tenants.rls import tenant_context
from webapp.actions import services as actions
from webapp.actions.models import ActionItem, ActionPlan
from webapp.extensions import db
from webapp.meetings.models import Decision, Meeting
from webapp.meetings.outcomes import services as outcome_services
from webapp.members import services as roll
from webapp.members.models import Member

LEVELS = ("public", "members", "restricted")
RANK = {v: n for n, v in enumerate(LEVELS)}
DECISIONS = (None, *LEVELS)
ROLES = ("anonymous", "observer", "member", "owner", "org_seated", "org_observer", "secretariat", "chair")
READER_LEVEL = {"anonymous": "public", "observer": "members", "member": "members", "owner": "members",
                "org_seated": "members", "org_observer": "members", "secretariat": "restricted", "chair": "restricted"}


def token(plan: str, item: str, decision: str | None, owned_by: str) -> str:
    return f"[act {plan[:3]} {item[:3]} {(decision or 'none')[:4]} {owned_by}]"


def expected_open(role: str, plan: str, item: str, decision: str | None, owned_by: str) -> bool:
    if (role == "owner" and owned_by == "member") or (role == "org_seated" and owned_by == "org"):
        return True
    effective = max(RANK[plan], RANK[item], RANK[decision or "public"])
    return effective <= RANK[READER_LEVEL[role]]


def post(client, auth, url, **data):
    return client.post(url, data={"csrf_token": auth.csrf("/t/forum-a/actions/"), **data})


@pytest.fixture
def matrix(app, factory, two_forums):
    """3 plans x 3 item levels x (no decision + 3 decision levels) x (owned by a member, by an organisation).

    Every combination is made the way it arises: the plan and the decision are public when the item is created,
    then narrowed (a plan or decision narrowed later must narrow what readers see of its items)."""
    a = two_forums["a"]
    people = {"secretariat": two_forums["a_sec"], "member": two_forums["a_member"]}
    for role, name, kind in (("observer", "Olu Observer", "observer"), ("owner", "Owen Owner", "member"),
                             ("org_seated", "Sena Seated", "member"), ("org_observer", "Obi Orgobserver", "observer"),
                             ("chair", "Kwame Chair", "chair")):
        people[role] = factory.member(a, name, kind)
    first = factory.meeting(a, title="Decision plenary", days_ahead=-10, visibility="public")
    second = factory.meeting(a, title="Next plenary", days_ahead=20, visibility="public", notify=True,
                             committee_id=first["committee_id"])
    tid = a.id
    tokens = {}
    with app.app_context(), tenant_context(a):
        org = roll.save_organisation(None, name="GNASSM", acronym="GNASSM", constituency="asm_miners", country="GH")
        for role in ("org_seated", "org_observer"):
            roll.update_member(db.session.get(Member, (tid, people[role]["id"])), {"organisation_id": org.id})
        meeting = db.session.get(Meeting, (tid, first["id"]))
        meeting.status = "held"
        decisions = {level: outcome_services.save_decision(
            meeting, None, text=f"Decision {level}", agenda_item_id=None, visibility="public", policy_outcome=None,
            review_on=None, positions={}) for level in LEVELS}
        outcome_services.save_minutes(meeting, "We met and decided.", False, "public")
        outcome_services.circulate_minutes(meeting)
        outcome_services.publish_outcomes(meeting, "Decisions taken.")
        plans = {level: actions.save_plan(None, title=f"Plan {level}", description=None, period_start=None,
                                          period_end=None, visibility="public") for level in LEVELS}
        sec = db.session.get(Member, (tid, people["secretariat"]["id"]))
        for p, i, d, owned_by in itertools.product(LEVELS, LEVELS, DECISIONS, ("member", "org")):
            t = token(p, i, d, owned_by)
            item = actions.save_item(plans[p], None, {
                "title": t, "visibility": i, "origin_decision_id": decisions[d].id if d else None,
                "owner_member_id": people["owner"]["id"] if owned_by == "member" else None,
                "owner_organisation_id": org.id if owned_by == "org" else None, "due_on": date(2027, 1, 1)})
            update = actions.record_update(item, sec, status=None, value=None, note=f"note {t}")
            update.at = first["start"] + timedelta(hours=1)
            tokens[t] = (item.id, p, i, d, owned_by)
        for level in LEVELS:  # narrowed after the items were made
            actions.save_plan(plans[level], title=plans[level].title, description=None, period_start=None,
                              period_end=None, visibility=level)
            outcome_services.save_decision(meeting, decisions[level], text=decisions[level].text, agenda_item_id=None,
                                           visibility=level, policy_outcome=None, review_on=None, positions={})
        db.session.commit()
        plan_ids = {level: plans[level].id for level in LEVELS}
        org_id = org.id
    return {"people": people, "tokens": tokens, "plans": plan_ids, "first": first["id"], "second": second["id"],
            "org_id": org_id}


def section(html: str, start: str, end: str) -> str:
    return html.split(start, 1)[1].split(end, 1)[0] if start in html else ""


def present(html: str) -> set[str]:
    return set(re.findall(r"\[act [a-z]{3} [a-z]{3} [a-z]{4} (?:member|org)\]", html))


def test_the_whole_matrix_of_plan_item_decision_visibility_and_role(app, client, auth, matrix):
    tokens, people = matrix["tokens"], matrix["people"]
    wrong: list[str] = []

    def check(role: str, where: str, seen: set[str], expected: set[str]) -> None:
        for t in sorted(seen - expected):
            wrong.append(f"{role}: {where} shows {t}")
        for t in sorted(expected - seen):
            wrong.append(f"{role}: {where} misses {t}")

    public = client.get("/t/forum-a/public/").get_data(as_text=True)
    check("anonymous", "public page", present(public),
          {t for t, (_id, p, i, d, o) in tokens.items() if expected_open("anonymous", p, i, d, o)})
    for role in ROLES[1:]:
        auth.login(people[role]["email"])
        may = {t for t, (_id, p, i, d, o) in tokens.items() if expected_open(role, p, i, d, o)}
        for t, (item_id, *_rest) in tokens.items():
            status = client.get(f"/t/forum-a/actions/items/{item_id}").status_code
            if status != (200 if t in may else 404):
                wrong.append(f"{role}: item page of {t} answers {status}")
        for level, plan_id in matrix["plans"].items():
            r = client.get(f"/t/forum-a/actions/plans/{plan_id}")
            if RANK[level] > RANK[READER_LEVEL[role]]:
                if r.status_code != 404:
                    wrong.append(f"{role}: plan page of a {level} plan answers {r.status_code}")
                continue
            check(role, f"{level} plan page", present(section(r.get_data(as_text=True), 'id="items"', "</table>")),
                  {t for t in may if tokens[t][1] == level})
        mine = present(client.get("/t/forum-a/actions/mine").get_data(as_text=True))
        owned = {t for t, (_id, _p, _i, _d, o) in tokens.items()
                 if (role, o) in (("owner", "member"), ("org_seated", "org"))}
        check(role, "My actions", mine, owned)
        assert owned <= may  # My actions lists exactly what the user owns, and they can open all of it
        born_of_decisions = {t for t in may if tokens[t][3] is not None}
        arising = section(client.get(f"/t/forum-a/meetings/{matrix['second']}").get_data(as_text=True),
                          'id="matters-arising"', "</section>")
        check(role, "matters arising", present(arising), born_of_decisions)
        annex = section(client.get(f"/t/forum-a/meetings/{matrix['first']}").get_data(as_text=True),
                        'id="annex"', "</details>")
        check(role, "minutes annex", present(annex), born_of_decisions)
        auth.logout()
    assert wrong == [], f"{len(wrong)} cells wrong:\n" + "\n".join(wrong[:60])


def test_sql_rule_and_python_rule_agree(app, matrix, two_forums):
    from webapp.actions import visibility

    with app.app_context(), tenant_context(two_forums["a"]):
        rows = db.session.execute(select(ActionItem, ActionPlan, visibility.effective_sql())
                                  .join(ActionPlan, ActionPlan.id == ActionItem.plan_id)).all()
        assert len(rows) == 72
        for item, plan, sql_level in rows:
            decision = db.session.get(Decision, (item.tenant_id, item.origin_decision_id)) \
                if item.origin_decision_id else None
            meeting = db.session.get(Meeting, (item.tenant_id, decision.meeting_id)) if decision else None
            assert visibility.effective(item.visibility, plan.visibility, decision, meeting) == sql_level
            _id, p, i, d, _o = matrix["tokens"][item.title]
            assert sql_level == LEVELS[max(RANK[p], RANK[i], RANK[d or "public"])]


def test_public_page_never_shows_an_item_whose_plan_or_source_meeting_is_not_public(app, client, factory,
                                                                                     two_forums):
    a = two_forums["a"]
    members_meeting = factory.meeting(a, title="Closed plenary", days_ahead=-5, visibility="members")
    unpublished = factory.meeting(a, title="Open plenary", days_ahead=-3, visibility="public")
    with app.app_context(), tenant_context(a):
        decisions = {}
        for key, mid in (("closed", members_meeting["id"]), ("unpublished", unpublished["id"])):
            m = db.session.get(Meeting, (a.id, mid))
            m.status = "held"
            decisions[key] = outcome_services.save_decision(m, None, text=f"Decision {key}", agenda_item_id=None,
                                                            visibility="public", policy_outcome=None, review_on=None,
                                                            positions={})
        db.session.get(Meeting, (a.id, members_meeting["id"])).status = "outcomes_published"
        public_plan = actions.save_plan(None, title="Public plan", description=None, period_start=None,
                                        period_end=None, visibility="public")
        members_plan = actions.save_plan(None, title="Members plan", description=None, period_start=None,
                                         period_end=None, visibility="public")
        actions.save_item(public_plan, None, {"title": "Shown: public all the way", "visibility": "public"})
        actions.save_item(public_plan, None, {"title": "Hidden: from a members-only meeting", "visibility": "public",
                                              "origin_decision_id": decisions["closed"].id})
        actions.save_item(public_plan, None, {"title": "Hidden: outcomes not yet published", "visibility": "public",
                                              "origin_decision_id": decisions["unpublished"].id})
        actions.save_item(members_plan, None, {"title": "Hidden: the plan went members-only", "visibility": "public"})
        actions.save_plan(members_plan, title="Members plan", description=None, period_start=None, period_end=None,
                          visibility="members")
        db.session.commit()
    html = client.get("/t/forum-a/public/").get_data(as_text=True)
    assert "Shown: public all the way" in html
    assert "Hidden" not in html and "Members plan" not in html


def test_owner_opens_and_updates_a_restricted_item_named_observer_included(app, client, auth, factory, two_forums):
    a = two_forums["a"]
    observer = factory.member(a, "Olu Observer", "observer")
    with app.app_context(), tenant_context(a):
        plan = actions.save_plan(None, title="Case plan", description=None, period_start=None, period_end=None,
                                 visibility="restricted")
        item = actions.save_item(plan, None, {"title": "Follow the case of the Obuasi pit",
                                              "owner_member_id": observer["id"]})
        assert item.visibility == "restricted"  # a new item takes its plan's visibility
        db.session.commit()
        item_id = item.id
    auth.login(observer["email"])
    assert "Follow the case of the Obuasi pit" in client.get("/t/forum-a/actions/mine").get_data(as_text=True)
    assert client.get(f"/t/forum-a/actions/items/{item_id}").status_code == 200
    r = post(client, auth, f"/t/forum-a/actions/items/{item_id}/update", status="in_progress", value="",
             note="Visited the site")
    assert r.status_code == 303
    assert "Visited the site" in client.get(f"/t/forum-a/actions/items/{item_id}").get_data(as_text=True)
    auth.logout()
    auth.login(two_forums["a_member"]["email"])
    assert client.get(f"/t/forum-a/actions/items/{item_id}").status_code == 404
    assert post(client, auth, f"/t/forum-a/actions/items/{item_id}/update", status="done").status_code == 404


def test_new_items_take_their_plans_visibility_and_are_never_wider(app, client, auth, two_forums):
    a = two_forums["a"]
    with app.app_context(), tenant_context(a):
        plan = actions.save_plan(None, title="Case plan", description=None, period_start=None, period_end=None,
                                 visibility="restricted")
        assert actions.save_item(plan, None, {"title": "Default"}).visibility == "restricted"
        with pytest.raises(actions.ActionError) as e:
            actions.save_item(plan, None, {"title": "Too wide", "visibility": "members"})
        assert e.value.code == "wider_than_plan"
        db.session.commit()
        plan_id = plan.id
    auth.login(two_forums["a_sec"]["email"])
    for url in (f"/t/forum-a/actions/items/new?plan={plan_id}", "/t/forum-a/actions/items/new"):
        form = client.get(url).get_data(as_text=True)  # without a plan: the one the form shows first
        assert re.search(r'<option selected value="restricted">|<option value="restricted" selected>', form), \
            re.findall(r"<option[^>]*>", form)
    r = post(client, auth, "/t/forum-a/actions/items/new", plan_id=plan_id, title="Members' action", status="planned",
             visibility="members")
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert "cannot be seen by more people than its action plan" in html and "Members&#39; action" in html


def test_changing_a_plans_visibility_later_never_widens_its_items(app, client, auth, two_forums):
    a = two_forums["a"]
    with app.app_context(), tenant_context(a):
        plan = actions.save_plan(None, title="Plan", description=None, period_start=None, period_end=None,
                                 visibility="restricted")
        item_id = actions.save_item(plan, None, {"title": "Quiet item"}).id
        actions.save_plan(plan, title="Plan", description=None, period_start=None, period_end=None,
                          visibility="public")
        db.session.commit()
    auth.login(two_forums["a_member"]["email"])
    assert client.get(f"/t/forum-a/actions/items/{item_id}").status_code == 404
    auth.logout()
    auth.login(two_forums["a_sec"]["email"])  # the secretariat sees who can see it, as things stand
    html = client.get(f"/t/forum-a/actions/items/{item_id}").get_data(as_text=True)
    assert '<dd id="visibility">Restricted (secretariat and chairs)</dd>' in html


def test_decisions_take_their_meetings_visibility_and_actions_are_no_wider(app, client, auth, factory, two_forums):
    a = two_forums["a"]
    m = factory.meeting(a, title="Closed plenary", days_ahead=-2, visibility="members")
    with app.app_context(), tenant_context(a):
        meeting = db.session.get(Meeting, (a.id, m["id"]))
        d = outcome_services.save_decision(meeting, None, text="Keep the case files closed", agenda_item_id=None,
                                           policy_outcome=None, review_on=None, positions={})
        assert d.visibility == "members"
        d.visibility = "restricted"
        plan = actions.save_plan(None, title="Public plan", description=None, period_start=None, period_end=None,
                                 visibility="public")
        with pytest.raises(actions.ActionError) as e:
            actions.save_item(plan, None, {"title": "Too wide", "visibility": "members", "origin_decision_id": d.id})
        assert e.value.code == "wider_than_decision"
        assert actions.item_from_decision(d, plan).visibility == "restricted"
        db.session.commit()
        decision_id, plan_id = d.id, plan.id
    auth.login(two_forums["a_sec"]["email"])
    new_decision = client.get(f"/t/forum-a/meetings/{m['id']}/decisions/new").get_data(as_text=True)
    assert re.search(r'<option selected value="members">|<option value="members" selected>', new_decision)
    form = client.get(f"/t/forum-a/actions/items/new?decision={decision_id}&plan={plan_id}").get_data(as_text=True)
    assert re.search(r'<option selected value="restricted">|<option value="restricted" selected>', form)
    r = post(client, auth, f"/t/forum-a/actions/items/new?decision={decision_id}", plan_id=plan_id,
             title="Keep the case files closed", status="planned", visibility="public")
    assert r.status_code == 422
    assert "cannot be seen by more people than the decision" in r.get_data(as_text=True)


def test_matters_arising_agenda_item_counts_only_what_the_meetings_audience_may_see(app, factory, two_forums):
    a = two_forums["a"]
    first = factory.meeting(a, title="First", days_ahead=-5, visibility="members")
    with app.app_context(), tenant_context(a):
        d = outcome_services.save_decision(db.session.get(Meeting, (a.id, first["id"])), None, text="Act",
                                           agenda_item_id=None, policy_outcome=None, review_on=None, positions={})
        plan = actions.save_plan(None, title="Plan", description=None, period_start=None, period_end=None,
                                 visibility="members")
        actions.save_item(plan, None, {"title": "Open to members", "origin_decision_id": d.id})
        actions.save_item(plan, None, {"title": "Case", "origin_decision_id": d.id, "visibility": "restricted"})
        db.session.commit()
    second = factory.meeting(a, title="Second", days_ahead=10, visibility="members", committee_id=first["committee_id"])
    with app.app_context(), tenant_context(a):
        from webapp.meetings.models import AgendaItem

        titles = db.session.scalars(select(AgendaItem.title).where(AgendaItem.meeting_id == second["id"])).all()
        assert "Matters arising: 1 open action items" in titles, titles


def test_reminders_for_an_organisations_item_go_to_its_seated_members_not_its_observers(app, factory, two_forums):
    from webapp.notices.models import Notice

    a = two_forums["a"]
    seated = factory.member(a, "Sena Seated", "member")
    observer = factory.member(a, "Obi Orgobserver", "observer")
    with app.app_context(), tenant_context(a):
        org = roll.save_organisation(None, name="GNASSM", acronym="GNASSM", constituency="asm_miners", country="GH")
        for mid in (seated["id"], observer["id"]):
            roll.update_member(db.session.get(Member, (a.id, mid)), {"organisation_id": org.id})
        plan = actions.save_plan(None, title="Plan", description=None, period_start=None, period_end=None,
                                 visibility="restricted")
        actions.save_item(plan, None, {"title": "Case follow-up", "owner_organisation_id": org.id,
                                       "due_on": date(2026, 12, 3)})
        assert actions.send_reminders(date(2026, 12, 1)) == 1
        db.session.commit()
        assert db.session.scalars(select(Notice.member_id)).all() == [seated["id"]]


def test_annual_report_counts_only_items_the_public_may_see(app, factory, two_forums):
    """The annual report is published: its plan progress follows the public page's rule."""
    from webapp.reports import builders

    a = two_forums["a"]
    closed = factory.meeting(a, title="Closed plenary", days_ahead=-5, visibility="members")
    with app.app_context(), tenant_context(a):
        d = outcome_services.save_decision(db.session.get(Meeting, (a.id, closed["id"])), None, text="Confidential",
                                           agenda_item_id=None, visibility="public", policy_outcome=None,
                                           review_on=None, positions={})
        plan = actions.save_plan(None, title="Public plan", description=None, period_start=None, period_end=None,
                                 visibility="public")
        actions.save_item(plan, None, {"title": "Done in public", "status": "done"})
        actions.save_item(plan, None, {"title": "From a closed meeting", "status": "planned",
                                       "origin_decision_id": d.id})
        db.session.commit()
        totals = builders.annual(date.today().year, "en").totals
    assert "Public plan: 100%" in totals, totals
