"""Where the checks show: meeting planner, members, committees, action owners, dashboard, report."""
from __future__ import annotations

import re
import subprocess
from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from tenants.rls import tenant_context
from tests.conftest import count_queries
from webapp.extensions import db
from webapp.meetings.models import Invitation, Meeting
from webapp.members import services as roll


def people(app, factory, tenant, spec):
    """spec: list of (gender, constituency); returns member ids, each with an organisation of that constituency."""
    ids = []
    with app.app_context(), tenant_context(tenant):
        orgs = {}
        for i, (gender, constituency) in enumerate(spec):
            if constituency not in orgs:
                orgs[constituency] = roll.save_organisation(None, name=f"Org {constituency}", acronym=None,
                                                            constituency=constituency, country=None).id
            m = roll.add_member(f"Person {chr(65 + i // 26)}{chr(65 + i % 26)}", f"p{i}@{tenant.slug}.example.org",
                                "member", gender=gender, organisation_id=orgs[constituency], languages=["en"])
            ids.append(m.id)
        db.session.commit()
    return ids


UNBALANCED = [("man", "government")] * 6
BALANCED = [("woman", "government"), ("man", "government"), ("woman", "employers"), ("man", "employers"),
            ("woman", "workers"), ("man", "workers"), ("woman", "asm_miners"), ("man", "asm_miners")]


def test_planner_warns_for_an_unbalanced_meeting_and_not_for_a_balanced_one(app, client, auth, factory, two_forums):
    bad = factory.meeting(two_forums["a"], title="Unbalanced", member_ids=tuple(people(app, factory, two_forums["a"], UNBALANCED)))
    auth.login(two_forums["a_sec"]["email"])
    page = client.get(f"/t/forum-a/meetings/{bad['id']}").get_data(as_text=True)
    checks = page.split('id="meeting-checks"')[1].split("</ul>")[0]
    assert "Women are 0% of those who said their gender" in checks and 'class="check fail"' in checks
    assert "No one from a core constituency: Employers, Workers." in checks
    assert "Checked before notice goes out" in page
    good_ids = people(app, factory, two_forums["b"], BALANCED)
    good = factory.meeting(two_forums["b"], title="Balanced", member_ids=tuple(good_ids))
    auth.logout()
    auth.login(two_forums["b_sec"]["email"])
    checks = client.get(f"/t/forum-b/meetings/{good['id']}").get_data(as_text=True).split('id="meeting-checks"')[1]
    checks = checks.split("</ul>")[0]
    assert 'class="check fail"' not in checks and 'class="check warn"' not in checks
    assert "Women are 50%" in checks and "2 artisanal miners" in checks


def test_attendance_balance_after_the_meeting(app, client, auth, factory, two_forums):
    ids = people(app, factory, two_forums["a"], BALANCED)
    m = factory.meeting(two_forums["a"], title="Held", member_ids=tuple(ids), notify=True)
    with app.app_context(), tenant_context(two_forums["a"]):
        db.session.execute(update(Invitation).where(Invitation.member_id.in_(ids[1::2])).values(attended=True))
        meeting = db.session.get(Meeting, (two_forums["a"].id, m["id"]))
        meeting.status = "held"
        db.session.commit()
    auth.login(two_forums["a_sec"]["email"])
    page = client.get(f"/t/forum-a/meetings/{m['id']}").get_data(as_text=True)
    assert "Gender balance of those present" in page


def test_members_committee_and_owner_checks_for_staff_only(app, client, auth, factory, two_forums):
    people(app, factory, two_forums["a"], UNBALANCED)
    auth.login(two_forums["a_sec"]["email"])
    assert 'id="roll-checks"' in client.get("/t/forum-a/members/").get_data(as_text=True)
    auth.logout()
    auth.login(two_forums["a_member"]["email"])
    assert 'id="roll-checks"' not in client.get("/t/forum-a/members/").get_data(as_text=True)
    assert client.get("/t/forum-a/inclusion/").status_code == 404


def test_targets_change_the_verdict(app, client, auth, factory, two_forums):
    ids = people(app, factory, two_forums["a"], [("woman", "government")] * 3 + [("man", "employers")] * 4
                 + [("man", "workers")] * 3)
    m = factory.meeting(two_forums["a"], title="Thirty percent", member_ids=tuple(ids))
    auth.login(two_forums["a_sec"]["email"])
    before = client.get(f"/t/forum-a/meetings/{m['id']}").get_data(as_text=True)
    assert "Women are 30%" in before and "target 40% to 60%" in before
    form = client.get("/t/forum-a/inclusion/settings").get_data(as_text=True)
    assert 'value="40"' in form
    r = client.post("/t/forum-a/inclusion/settings", data={
        "csrf_token": auth.csrf("/t/forum-a/inclusion/settings"), "women_min": "50", "women_max": "40",
        "max_constituency_share": "50", "notice_days": "14", "publication_days": "14", "regularity_months": "3"})
    assert r.status_code == 422 and "The upper bound cannot be below the lower bound." in r.get_data(as_text=True)
    r = client.post("/t/forum-a/inclusion/settings", data={
        "csrf_token": auth.csrf("/t/forum-a/inclusion/settings"), "women_min": "40", "women_max": "60",
        "workforce_share": "30", "max_constituency_share": "50", "notice_days": "14", "publication_days": "14",
        "regularity_months": "3"})
    assert r.status_code == 303
    after = client.get(f"/t/forum-a/meetings/{m['id']}").get_data(as_text=True)
    checks = after.split('id="meeting-checks"')[1].split("</ul>")[0]
    assert "target 20% to 40%" in checks


def test_dashboard_queries_do_not_grow_with_meetings(app, client, auth, factory, two_forums):
    ids = people(app, factory, two_forums["a"], BALANCED)

    def held(n, offset):
        for i in range(n):
            m = factory.meeting(two_forums["a"], title=f"Held {offset + i}", member_ids=tuple(ids),
                                days_ahead=-(20 + 25 * (offset + i) % 330))
            with app.app_context(), tenant_context(two_forums["a"]):
                meeting = db.session.get(Meeting, (two_forums["a"].id, m["id"]))
                meeting.status, meeting.notified_at = "held", meeting.start_at - timedelta(days=15)
                db.session.execute(update(Invitation).where(Invitation.meeting_id == m["id"]).values(attended=True))
                db.session.commit()

    auth.login(two_forums["a_sec"]["email"])
    held(2, 0)
    with count_queries(app) as few:
        r = client.get("/t/forum-a/inclusion/")
    assert r.status_code == 200 and "IGF scorecard" in r.get_data(as_text=True)
    held(12, 2)
    with count_queries(app) as many:
        r = client.get("/t/forum-a/inclusion/")
    assert r.status_code == 200
    assert many["n"] <= few["n"] + 0, (few, many)
    table = r.get_data(as_text=True).split('id="trend-table"')[1]
    assert "50%" in table  # women present, month by month


def test_self_assessment(app, client, auth, two_forums):
    auth.login(two_forums["a_sec"]["email"])
    r = client.post("/t/forum-a/inclusion/self-assessment/conflict_sensitive",
                    data={"csrf_token": auth.csrf("/t/forum-a/inclusion/"), "answer": "partly",
                          "evidence": "https://example.org/conflict-analysis", "note": "Mediation in Obuasi"})
    assert r.status_code == 303
    page = client.get("/t/forum-a/inclusion/").get_data(as_text=True)
    assert "https://example.org/conflict-analysis" in page and "Mediation in Obuasi" in page
    assert client.post("/t/forum-a/inclusion/self-assessment/nonsense",
                       data={"csrf_token": auth.csrf("/t/forum-a/inclusion/"), "answer": "yes"}).status_code == 404
    auth.logout()
    auth.login(two_forums["b_sec"]["email"])
    assert client.post("/t/forum-a/inclusion/self-assessment/relevant",
                       data={"csrf_token": auth.csrf("/t/forum-b/inclusion/"), "answer": "no"}).status_code == 404
    assert "Mediation in Obuasi" not in client.get("/t/forum-b/inclusion/").get_data(as_text=True)


def test_inclusion_report_pdf_and_csv_match_the_dashboard(app, client, auth, factory, run_worker, queue_redis,
                                                          two_forums, tmp_path):
    ids = people(app, factory, two_forums["a"], BALANCED)
    m = factory.meeting(two_forums["a"], title="Held", member_ids=tuple(ids), days_ahead=-20)
    with app.app_context(), tenant_context(two_forums["a"]):
        meeting = db.session.get(Meeting, (two_forums["a"].id, m["id"]))
        meeting.status, meeting.notified_at = "held", meeting.start_at - timedelta(days=15)
        db.session.execute(update(Invitation).where(Invitation.meeting_id == m["id"]).values(attended=True))
        db.session.commit()
    auth.login(two_forums["a_sec"]["email"])
    dashboard = client.get("/t/forum-a/inclusion/").get_data(as_text=True)
    rows = re.findall(r"<tr><td>([^<]+)</td><td[^>]*>(\d+)</td>\s*<td[^>]*>([^<]+)</td>", dashboard.split('id="trend-table"')[1])
    links = {}
    for fmt in ("pdf", "csv"):
        r = client.post("/t/forum-a/reports/", data={"csrf_token": auth.csrf("/t/forum-a/reports/"),
                                                     "kind": "inclusion", "format": fmt})
        assert r.status_code == 303
        links[fmt] = r.headers["Location"]
    run_worker()
    for fmt, status_url in links.items():
        link = re.search(r'id="download" href="([^"]+)"', client.get(status_url).get_data(as_text=True)).group(1)
        body = client.get(link).data
        if fmt == "csv":
            text = body.decode("utf-8")
            for month, meetings, women in rows:
                assert f"{month},{meetings},{women}" in text, (month, meetings, women)
        else:
            path = tmp_path / "inclusion.pdf"
            path.write_bytes(body)
            text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
            assert "Inclusion report" in text and "Gender balance" in text
    assert any(int(meetings) >= 1 for _m, meetings, _w in rows)
    assert datetime.now(UTC)


def test_inclusion_report_for_a_chosen_period(app, client, auth, run_worker, queue_redis, two_forums):
    auth.login(two_forums["a_sec"]["email"])
    url = "/t/forum-a/reports/"
    bad = client.post(url, data={"csrf_token": auth.csrf(url), "kind": "inclusion", "format": "csv",
                                 "start": "2026-06-01"})
    assert bad.status_code == 422 and "Please give both dates." in bad.get_data(as_text=True)
    r = client.post(url, data={"csrf_token": auth.csrf(url), "kind": "inclusion", "format": "csv",
                               "start": "2025-03-10", "end": "2025-08-20"})
    assert r.status_code == 303
    run_worker()
    link = re.search(r'id="download" href="([^"]+)"', client.get(r.headers["Location"]).get_data(as_text=True)).group(1)
    text = client.get(link).data.decode("utf-8")
    months = re.findall(r"^([A-Z][a-z]{2} \d{4}),", text, flags=re.MULTILINE)
    assert months == ["Mar 2025", "Apr 2025", "May 2025", "Jun 2025", "Jul 2025", "Aug 2025"], months


def test_who_chairs_and_speaks_is_checked_for_an_all_male_panel(app, client, auth, factory, two_forums):
    ids = people(app, factory, two_forums["a"], [("man", "government"), ("man", "employers"), ("woman", "workers")])
    m = factory.meeting(two_forums["a"], member_ids=(*ids, two_forums["a_member"]["id"]), notify=True)
    with app.app_context(), tenant_context(two_forums["a"]):
        inv = {i.member_id: i.id for i in db.session.query(Invitation).filter(Invitation.meeting_id == m["id"])}
    auth.login(two_forums["a_sec"]["email"])
    url = f"/t/forum-a/meetings/{m['id']}"

    def part(member_id, value):
        return client.post(f"{url}/invitations/{inv[member_id]}/part",
                           data={"csrf_token": auth.csrf(url), "part": value})

    page = client.get(url).get_data(as_text=True)
    assert "Mark who chairs and who speaks" in page
    assert part(ids[0], "chair").status_code == 303 and part(ids[1], "speaker").status_code == 303
    page = client.get(url).get_data(as_text=True)
    checks = page.split('id="meeting-checks"')[1].split("</ul>")[0] if 'id="meeting-checks"' in page else page
    assert "Speakers and chairs" in checks and "0 women among the 2 speakers and chairs" in checks
    assert part(ids[2], "speaker").status_code == 303
    assert "1 women among the 3 speakers and chairs" in client.get(url).get_data(as_text=True)
    assert part(ids[2], "juggler").status_code == 303  # refused with a message, nothing changed
    assert "Please check this value." in client.get(url).get_data(as_text=True)
    with app.app_context(), tenant_context(two_forums["a"]):
        assert db.session.get(Invitation, (two_forums["a"].id, inv[ids[2]])).part == "speaker"
    auth.logout()
    auth.login(two_forums["a_member"]["email"])
    page = client.get(url).get_data(as_text=True)
    table = page.split('id="invitee-table"')[1].split("</table>")[0]
    assert 'data-label="Part">Chair</td>' in table and 'data-label="Part">Speaker</td>' in table and 'name="part"' not in page
    assert client.post(f"{url}/invitations/{inv[ids[0]]}/part",
                       data={"csrf_token": auth.csrf(url), "part": ""}).status_code == 404


def test_action_owner_checks_count_organisations_that_own_actions(app, client, auth, factory, two_forums):
    from webapp.actions import services as actions

    ids = people(app, factory, two_forums["a"], [("man", "government")] * 4)
    with app.app_context(), tenant_context(two_forums["a"]):
        plan = actions.save_plan(None, title="Plan", description=None, period_start=None, period_end=None,
                                 visibility="members")
        for member_id in ids:
            actions.save_item(plan, None, {"title": f"Item of {member_id}", "owner_member_id": member_id})
        union = roll.save_organisation(None, name="GMWU", acronym="GMWU", constituency="workers", country="GH")
        actions.save_item(plan, None, {"title": "Union outreach", "owner_organisation_id": union.id})
        db.session.commit()
        from webapp.inclusion import services as inclusion

        [_gender, constituencies] = inclusion.owners_checks(plan.id)
    # five owners: four from government and the workers' union, which owns an action on its own
    assert constituencies.figures["counts"] == {"government": 4, "workers": 1}


def test_dashboard_checks_each_plenary_for_youth_and_the_miners_voice(app, client, auth, factory, two_forums):
    ids = people(app, factory, two_forums["a"], BALANCED)
    with app.app_context(), tenant_context(two_forums["a"]):
        from webapp.members.models import Member

        plenary = roll.save_committee(None, name="Plenary", kind="plenary", level="national")
        working = roll.save_committee(None, name="Working group on mercury", kind="working_group", level="national")
        for member_id in ids:
            roll.set_seat(plenary, db.session.get(Member, (two_forums["a"].id, member_id)), "member")
            roll.set_seat(working, db.session.get(Member, (two_forums["a"].id, member_id)), "member")
        db.session.commit()
        from webapp.inclusion import services as inclusion

        overview = {committee.name: [r.key for r in results]
                    for committee, results in inclusion.committee_overview(datetime.now(UTC))[0]}
    assert overview["Plenary"] == ["gender", "constituencies", "miners_voice", "youth", "regularity"]
    # regularity is about plenaries: a working group is not told "No plenary held yet"
    assert overview["Working group on mercury"] == ["gender", "constituencies", "youth"]
    auth.login(two_forums["a_sec"]["email"])
    page = client.get("/t/forum-a/inclusion/").get_data(as_text=True)
    assert "Voice of miners" in page
    assert page.count("No plenary held yet.") == 1  # the plenary's, and only its


def test_self_assessment_nothing_preselected_labelled_one_open_explained(app, client, auth, two_forums):
    from sqlalchemy import select

    from webapp.inclusion.models import SelfAssessment

    auth.login(two_forums["a_sec"]["email"])
    page = client.get("/t/forum-a/inclusion/").get_data(as_text=True)
    section = page.split('id="self-assessment"')[1]
    # nothing pre-selected: the first option of every answer is an empty "choose" one, and none is selected
    assert " selected" not in section.split("</section>")[0]
    assert section.count('<option value="">') == 10
    # every field has a label
    for m in re.finditer(r'<(select|input|textarea)\b([^>]*)>', section.split("</section>")[0]):
        attrs = m.group(2)
        if 'type="hidden"' in attrs:
            continue
        field_id = re.search(r'id="([^"]+)"', attrs)
        assert field_id and f'for="{field_id.group(1)}"' in section, attrs
    # one question open at a time (an exclusive accordion, no script), the scorecard said in plain words
    assert section.count('<details name="self-assessment"') == 10
    assert "igfmining.org" in page and "Intergovernmental Forum on Mining" in page
    # a stray save records nothing and asks to choose
    r = client.post("/t/forum-a/inclusion/self-assessment/relevant",
                    data={"csrf_token": auth.csrf("/t/forum-a/inclusion/"), "answer": "", "note": "Kept"})
    assert r.status_code == 422 and "Please choose an answer" in r.get_data(as_text=True)
    assert 'value="Kept"' in r.get_data(as_text=True)
    with app.app_context(), tenant_context(two_forums["a"]):
        assert db.session.scalar(select(SelfAssessment).where(SelfAssessment.item == "relevant")) is None
    # the answer given shows who gave it and when
    client.post("/t/forum-a/inclusion/self-assessment/relevant",
                data={"csrf_token": auth.csrf("/t/forum-a/inclusion/"), "answer": "yes"})
    client.post("/t/forum-a/inclusion/self-assessment/relevant",
                data={"csrf_token": auth.csrf("/t/forum-a/inclusion/"), "answer": "partly", "note": "Second look"})
    page = client.get("/t/forum-a/inclusion/").get_data(as_text=True)
    assert "Answered by" in page
    # the history keeps both answers, the earlier one too
    history = page.split('id="sa-history"')[1].split("</table>")[0]
    assert history.count("<tr><td>") == 2 and "Yes" in history and "Partly" in history and "Second look" in history


def test_dashboard_charts_are_labelled_svg_and_the_summary_counts_committees(app, client, auth, factory, two_forums):
    everyone = people(app, factory, two_forums["a"], BALANCED + [("man", "government")] * 6)
    ids, men = everyone[:8], everyone[8:]
    with app.app_context(), tenant_context(two_forums["a"]):
        from webapp.members.models import Member

        plenary = roll.save_committee(None, name="Plenary", kind="plenary", level="national")
        working = roll.save_committee(None, name="Working group on mercury", kind="working_group", level="national")
        lopsided = roll.save_committee(None, name="Finance committee", kind="working_group", level="national")
        for committee, seats in ((plenary, ids), (working, ids), (lopsided, men)):
            for member_id in seats:
                roll.set_seat(committee, db.session.get(Member, (two_forums["a"].id, member_id)), "member")
        db.session.commit()
    m = factory.meeting(two_forums["a"], title="Held", member_ids=tuple(ids), days_ahead=-40)
    with app.app_context(), tenant_context(two_forums["a"]):
        meeting = db.session.get(Meeting, (two_forums["a"].id, m["id"]))
        meeting.status, meeting.notified_at = "held", meeting.start_at - timedelta(days=15)
        db.session.execute(update(Invitation).where(Invitation.meeting_id == m["id"]).values(attended=True))
        db.session.commit()
        from babel.dates import format_date

        from webapp.core.zones import forum_zone
        month = format_date(meeting.start_at.astimezone(forum_zone()).date(), "MMM", locale="en")
        this_month = format_date(datetime.now(forum_zone()).date(), "MMM", locale="en")
    auth.login(two_forums["a_sec"]["email"])
    page = client.get("/t/forum-a/inclusion/").get_data(as_text=True)
    summary = re.search(r'<p id="summary"[^>]*>(.*?)</p>', page, re.S).group(1)
    # the factory's meeting has its own plenary, balanced and held 40 days ago: 4 committees, the finance one
    # unbalanced; two plenaries, the one that never met overdue
    assert "3 of 4 committees within the gender range" in summary and "1 plenary overdue" in summary
    women = page.split('id="chart-1"')[1].split("</svg>")[0]
    assert "<title id=\"chart-1-title\">Women&#39;s share among those present</title>" in women
    assert 'class="band"' in women and "40% to 60%" in women
    labels = re.findall(r'class="label">([^<]+)</text>', women)
    assert len(labels) == 12 and labels[-1] == this_month and month in labels
    assert ">50%</text>" in women and women.count('class="gap"') == 11  # months without data are not zeros
    meetings = page.split('id="chart-2"')[1].split("</svg>")[0]
    assert re.findall(r'class="value">([^<]+)</text>', meetings).count("1") == 1
    assert 'style="' not in page.split('id="trends"')[1].split("</section>")[0]


def test_check_titles_are_in_the_readers_language(app, client, auth, factory, two_forums):
    """Issue 43: the checks' titles are built once (lazy strings) and still read in each request's language."""
    factory.meeting(two_forums["a"], member_ids=(two_forums["a_member"]["id"],), days_ahead=-2)
    auth.login(two_forums["a_sec"]["email"])
    english = client.get("/t/forum-a/inclusion/").get_data(as_text=True)
    french = client.get("/t/forum-a/inclusion/?lang=fr").get_data(as_text=True)
    assert "Gender balance" in english and "Équilibre entre femmes et hommes" not in english
    assert "Équilibre entre femmes et hommes" in french and ">Gender balance<" not in french


def test_the_trend_puts_a_meeting_in_the_forums_month_not_utcs(app, factory, two_forums):
    """The trend's months are the forum's own (issue 43: found by bisecting the forum's month starts instead of
    converting every meeting's start): in Nairobi (UTC+3) a plenary at 01:30 on 1 March, 22:30 UTC on 28 February,
    counts in March; one at 23:30 on 28 February, 20:30 UTC, in February; the plenary's days count for its
    regularity."""
    from tenants.models import Tenant
    from webapp.inclusion import services as inclusion

    ids = people(app, factory, two_forums["a"], BALANCED)
    made = [factory.meeting(two_forums["a"], title=f"Night {i}", member_ids=tuple(ids)) for i in range(2)]
    with app.app_context(), tenant_context(two_forums["a"]):
        db.session.get(Tenant, two_forums["a"].id).timezone = "Africa/Nairobi"
        for m, start in zip(made, (datetime(2026, 2, 28, 22, 30, tzinfo=UTC),
                                   datetime(2026, 2, 28, 20, 30, tzinfo=UTC)), strict=True):
            meeting = db.session.get(Meeting, (two_forums["a"].id, m["id"]))
            meeting.status, meeting.start_at, meeting.end_at = "held", start, start + timedelta(hours=1)
            meeting.notified_at = start - timedelta(days=20)
        db.session.commit()
    two_forums["a"].timezone = "Africa/Nairobi"  # the forum object the context carries, as a request loads it
    with app.app_context(), tenant_context(two_forums["a"]):
        card = inclusion.scorecard(datetime(2026, 3, 20, 12, tzinfo=UTC), 3)
        assert [(m.start.month, m.meetings) for m in card.trend] == [(1, 0), (2, 1), (3, 1)]
        assert [round(m.notice_days) for m in card.trend if m.meetings] == [20, 20]
        regularity = [r for committee, results in card.overview if committee.name == "Committee of Night 0"
                      for r in results if r.key == "regularity"]
        assert regularity[0].figures["held"] == 1 and regularity[0].figures["since_last_days"] == 20
