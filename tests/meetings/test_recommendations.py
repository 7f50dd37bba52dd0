"""Recommendations to an institution and their uptake (issue 41): recorded from a decision, answered over time,
shown on the forum's public page "What became of our recommendations" — only what an anonymous reader may see."""
from __future__ import annotations

from datetime import date

import pytest

from tenants.rls import tenant_context
from tests.conftest import count_queries
from webapp.extensions import db
from webapp.meetings.models import Meeting
from webapp.meetings.outcomes import services as outcomes
from webapp.meetings.recommendations import services as recommendations

PUBLIC = "/t/forum-a/public/recommendations/"


def post(client, auth, url, **data):
    return client.post(url, data={"csrf_token": auth.csrf("/t/forum-a/meetings/"), **data})


def decision(app, tenant, meeting_id, text, visibility="public", addressee=None, answers=()):
    """A decision of the meeting; a recommendation to ``addressee`` with ``answers`` (status, day, summary)."""
    with app.app_context(), tenant_context(tenant):
        m = db.session.get(Meeting, (tenant.id, meeting_id))
        d = outcomes.save_decision(m, None, text=text, agenda_item_id=None, visibility=visibility,
                                   policy_outcome=None, review_on=None, positions={})
        if addressee:
            rec = recommendations.save_recommendation(d, addressee=addressee, addressee_kind="ministry",
                                                      transmitted_on=date(2026, 3, 2), letter_url=None,
                                                      follow_up_on=None)
            for status, day, summary in answers:
                recommendations.add_answer(rec, status=status, answered_on=day, summary=summary, document_url=None)
        db.session.commit()
        return d.id


@pytest.fixture
def public_meeting(factory, two_forums):
    return factory.meeting(two_forums["a"], title="Mining plenary", visibility="public", notify=True,
                           days_ahead=-5)


def test_a_recommendation_to_a_ministry_gets_two_answers_and_the_public_page_shows_its_history(
        app, client, auth, two_forums, public_meeting):
    did = decision(app, two_forums["a"], public_meeting["id"], "Publish every mining licence online")
    auth.login(two_forums["a_sec"]["email"])
    show = client.get(f"/t/forum-a/meetings/{public_meeting['id']}").get_data(as_text=True)
    url = f"/t/forum-a/meetings/{public_meeting['id']}/decisions/{did}/recommendation"
    assert url in show  # the link on the decision
    assert client.get(url).status_code == 200
    r = post(client, auth, url, addressee="", addressee_kind="ministry", transmitted_on="2026-03-02")
    assert r.status_code == 422 and "Please say to whom the recommendation is addressed." in r.get_data(as_text=True)
    r = post(client, auth, url, addressee="Ministry of Lands and Natural Resources", addressee_kind="ministry",
             transmitted_on="2026-03-02", letter_url="https://example.org/letter.pdf", follow_up_on="2026-06-01")
    assert r.status_code == 303
    answers = f"{url}/answers"
    r = post(client, auth, answers, status="accepted", answered_on="2026-01-01", summary="Too early")
    assert r.status_code == 422 and "before the date the recommendation was transmitted" in r.get_data(as_text=True)
    r = post(client, auth, answers, status="under_consideration", answered_on="2026-04-10", summary="")
    assert r.status_code == 422 and "Please summarise the answer." in r.get_data(as_text=True)
    assert post(client, auth, answers, status="under_consideration", answered_on="2026-04-10",
                summary="The minister will consult the Minerals Commission").status_code == 303
    assert post(client, auth, answers, status="partly_accepted", answered_on="2026-09-15",
                summary="Licences of large mines published; small-scale ones next year").status_code == 303
    page = client.get(url).get_data(as_text=True)
    assert "The minister will consult the Minerals Commission" in page and "Partly accepted" in page
    auth.logout()

    home = client.get("/t/forum-a/public/").get_data(as_text=True)
    assert PUBLIC in home
    r = client.get(PUBLIC)
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "Publish every mining licence online" in html and "Ministry of Lands and Natural Resources" in html
    assert "https://example.org/letter.pdf" in html
    first = html.index("The minister will consult the Minerals Commission")
    second = html.index("Licences of large mines published; small-scale ones next year")
    assert first < second  # the history in date order
    assert "Under consideration" in html and "Partly accepted" in html
    assert "1 recommendation: 1 answered, 1 accepted in whole or in part." in html
    assert "<strong>2026</strong>: Recommendations 1 · Answered 1 · Accepted 1" in html
    assert "<strong>Ministry of Lands and Natural Resources</strong>: Recommendations 1 · Answered 1 · Accepted 1" in html


def test_restricted_members_only_and_other_forums_recommendations_never_appear(
        app, client, factory, two_forums, public_meeting):
    a = two_forums["a"]
    decision(app, a, public_meeting["id"], "Public recommendation on royalties", addressee="Ministry of Finance")
    decision(app, a, public_meeting["id"], "Members-only recommendation", "members", addressee="Agency M")
    decision(app, a, public_meeting["id"], "Restricted recommendation", "restricted", addressee="Agency R")
    members_meeting = factory.meeting(a, title="Closed session", visibility="members", notify=True, days_ahead=-3)
    decision(app, a, members_meeting["id"], "Public decision of a members meeting", addressee="Agency X")
    draft = factory.meeting(a, title="Draft session", visibility="public", days_ahead=3)
    decision(app, a, draft["id"], "Recommendation of a draft meeting", addressee="Agency D")
    other = factory.meeting(two_forums["b"], title="B plenary", visibility="public", notify=True, days_ahead=-3)
    decision(app, two_forums["b"], other["id"], "Forum B's recommendation", addressee="Agency B")
    html = client.get(PUBLIC).get_data(as_text=True)
    assert "Public recommendation on royalties" in html and "Ministry of Finance" in html
    for secret in ("Members-only recommendation", "Agency M", "Restricted recommendation", "Agency R",
                   "Public decision of a members meeting", "Agency X", "Recommendation of a draft meeting",
                   "Agency D", "Forum B's recommendation", "Agency B"):
        assert secret not in html, secret


def test_another_forums_decision_is_404_on_every_route(app, client, auth, two_forums, public_meeting):
    did = decision(app, two_forums["a"], public_meeting["id"], "A's recommendation", addressee="Ministry A")
    url = f"/t/forum-a/meetings/{public_meeting['id']}/decisions/{did}/recommendation"
    auth.login(two_forums["b_sec"]["email"])
    b_url = url.replace("forum-a", "forum-b")
    token = auth.csrf("/t/forum-b/meetings/")
    assert client.get(b_url).status_code == 404
    assert client.post(b_url, data={"csrf_token": token, "addressee": "X", "addressee_kind": "ministry",
                                    "transmitted_on": "2026-03-02"}).status_code == 404
    assert client.post(f"{b_url}/answers", data={"csrf_token": token, "status": "accepted",
                                                 "answered_on": "2026-04-01", "summary": "Y"}).status_code == 404
    auth.logout()
    auth.login(two_forums["a_sec"]["email"])
    other = f"/t/forum-a/meetings/{public_meeting['id']}/decisions/{did + 1000}/recommendation"
    assert client.get(other).status_code == 404
    # no recommendation yet: no answer to record
    plain = decision(app, two_forums["a"], public_meeting["id"], "Not a recommendation")
    assert post(client, auth, url.replace(f"/{did}/", f"/{plain}/") + "/answers", status="accepted",
                answered_on="2026-04-01", summary="Y").status_code == 404


def test_members_cannot_record_recommendations(app, client, auth, two_forums, public_meeting):
    did = decision(app, two_forums["a"], public_meeting["id"], "A recommendation", addressee="Ministry A")
    auth.login(two_forums["a_member"]["email"])
    url = f"/t/forum-a/meetings/{public_meeting['id']}/decisions/{did}/recommendation"
    assert client.get(url).status_code in (403, 404)


def test_the_public_page_runs_as_many_statements_for_2_and_20_recommendations(
        app, client, two_forums, public_meeting):
    def add(n, start):
        for i in range(start, start + n):
            decision(app, two_forums["a"], public_meeting["id"], f"Recommendation {i}", addressee=f"Ministry {i % 3}",
                     answers=[("under_consideration", date(2026, 4, 1), "Looking"),
                              ("accepted", date(2026, 5, 1), "Done")])

    add(2, 0)
    with count_queries(app) as few:
        assert client.get(PUBLIC).status_code == 200
    add(18, 2)
    with count_queries(app) as many:
        html = client.get(PUBLIC).get_data(as_text=True)
    assert "20 recommendations: 20 answered, 20 accepted in whole or in part." in html
    assert many["n"] == few["n"] > 0


def test_the_demo_ghana_forum_shows_two_recommendations_one_answered_twice(app, client, databases):
    from sqlalchemy import select

    from tenants.models import Tenant
    from webapp import demo

    with app.app_context():
        demo.load()
        assert db.session.scalar(select(Tenant.id).where(Tenant.slug == "ghana-nsccl"))
    html = client.get("/t/ghana-nsccl/public/recommendations/").get_data(as_text=True)
    assert "Ministry of Employment and Labour Relations" in html and "Minerals Commission" in html
    assert "2 recommendations: 1 answered, 1 accepted in whole or in part." in html
    assert html.index("The Minister has asked the Child Labour Unit") < html.index("Accepted for the regions")


def test_the_secretariat_is_reminded_once_when_the_addressee_has_not_answered_by_the_follow_up_date(
        app, smtp, run_worker, queue_redis, two_forums, public_meeting):
    a = two_forums["a"]
    today = date(2026, 7, 1)
    with app.app_context(), tenant_context(a):
        m = db.session.get(Meeting, (a.id, public_meeting["id"]))
        recs = []
        for text, follow_up in (("Fund the school feeding programme near mines", date(2026, 6, 1)),
                                ("Answered in time", date(2026, 6, 1)), ("Not due yet", date(2026, 8, 1))):
            d = outcomes.save_decision(m, None, text=text, agenda_item_id=None, visibility="members",
                                       policy_outcome=None, review_on=None, positions={})
            recs.append(recommendations.save_recommendation(
                d, addressee="Ministry of Education", addressee_kind="ministry", transmitted_on=date(2026, 3, 1),
                letter_url=None, follow_up_on=follow_up))
        recommendations.add_answer(recs[0], status="under_consideration", answered_on=date(2026, 4, 1),
                                   summary="Studying it", document_url=None)  # not an answer on the substance
        recommendations.add_answer(recs[1], status="rejected", answered_on=date(2026, 5, 1), summary="No budget",
                                   document_url=None)
        db.session.commit()
        assert recommendations.remind_overdue(today) == 1
        db.session.commit()
        assert recommendations.remind_overdue(today) == 0
        db.session.commit()
    run_worker()
    sent = [m for m in smtp.messages if m["Subject"] == "A recommendation has not been answered"]
    assert len(sent) == 1
    body = sent[0].get_body(("plain",)).get_content()
    assert "Ministry of Education has not answered this recommendation by 2026-06-01" in body
    assert "Fund the school feeding programme near mines" in body


def test_the_public_page_is_cached_and_a_new_answer_shows_at_once(app, client, two_forums, public_meeting):
    a = two_forums["a"]
    did = decision(app, a, public_meeting["id"], "Ban mercury at sites near schools", addressee="EPA")
    first = client.get(PUBLIC)
    assert first.status_code == 200 and first.headers["ETag"]
    with count_queries(app) as n:
        again = client.get(PUBLIC, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and n["n"] <= 1  # answered from the page cache's key, nothing rendered
    with app.app_context(), tenant_context(a):
        from webapp.meetings.models import Decision

        rec = recommendations.recommendation_of(db.session.get(Decision, (a.id, did)))
        recommendations.add_answer(rec, status="rejected", answered_on=date(2026, 5, 1),
                                   summary="Not before the new mining law", document_url=None)
        db.session.commit()
    html = client.get(PUBLIC, headers={"If-None-Match": first.headers["ETag"]}).get_data(as_text=True)
    assert "Not before the new mining law" in html and "Rejected" in html


def test_the_scorecards_relevant_figure_is_computed_from_the_uptake_beside_the_self_assessment(
        app, client, auth, two_forums, public_meeting):
    from webapp.core.visibility import Reader
    from webapp.inclusion import services as inclusion

    a = two_forums["a"]
    auth.login(two_forums["a_sec"]["email"])
    html = client.get("/t/forum-a/inclusion/").get_data(as_text=True)
    assert "No recommendation addressed to an institution yet." in html
    decision(app, a, public_meeting["id"], "Publish the licences", addressee="Ministry of Lands",
             answers=[("under_consideration", date(2026, 4, 1), "Consulting")])
    decision(app, a, public_meeting["id"], "Fund the extension officers", addressee="Ministry of Finance",
             answers=[("rejected", date(2026, 4, 2), "No budget")])
    decision(app, a, public_meeting["id"], "A restricted recommendation", "restricted", addressee="Agency R",
             answers=[("accepted", date(2026, 4, 3), "Agreed")])
    html = client.get("/t/forum-a/inclusion/").get_data(as_text=True)
    computed = html[html.index('id="relevant-computed"'):]
    computed = computed[:computed.index("</li>")]
    assert "2 of 3 recommendations answered (67%), 1 accepted in whole or in part (33%)." in computed
    assert "Warning" in computed and "Self-assessment: Not answered." in computed
    # the chair's answer stands beside the figure, it does not replace it
    assert post(client, auth, "/t/forum-a/inclusion/self-assessment/relevant", answer="yes").status_code == 303
    did = decision(app, a, public_meeting["id"], "Map the mining sites", addressee="Minerals Commission",
                   answers=[("accepted", date(2026, 5, 1), "Mapping begins")])
    html = client.get("/t/forum-a/inclusion/").get_data(as_text=True)
    computed = html[html.index('id="relevant-computed"'):]
    computed = computed[:computed.index("</li>")]
    assert "3 of 4 recommendations answered (75%), 2 accepted in whole or in part (50%)." in computed
    assert "OK" in computed and "Self-assessment: Yes." in computed
    assert did
    # the public scorecard counts the public recommendations only
    with app.app_context(), tenant_context(a):
        public = inclusion.scorecard(reader=Reader.anyone()).relevance.figures
        assert (public["count"], public["answered"], public["accepted"]) == (3, 2, 1)


def test_the_annual_report_shows_the_uptake_of_the_public_recommendations_at_the_years_end(
        app, two_forums, public_meeting):
    from webapp.reports import builders

    a = two_forums["a"]
    decision(app, a, public_meeting["id"], "Publish every mining licence online", addressee="Ministry of Lands",
             answers=[("under_consideration", date(2026, 4, 10), "Consulting"),
                      ("accepted", date(2027, 2, 1), "Done")])
    decision(app, a, public_meeting["id"], "Fund the extension officers", addressee="Ministry of Finance",
             answers=[("partly_accepted", date(2026, 9, 1), "Half the officers")])
    decision(app, a, public_meeting["id"], "A restricted recommendation", "restricted", addressee="Agency R",
             answers=[("accepted", date(2026, 5, 1), "Agreed")])
    with app.app_context(), tenant_context(a):
        report = builders.annual(2026, "en")
    section = next(s for s in report.sections if s.heading == "What became of our recommendations")
    assert "Transmitted this year: 2" in section.lines
    assert "Recommendations: 1 of 2 answered, 1 accepted in whole or in part" in section.lines
    assert "Recommendations: 1 of 2 answered, 1 accepted in whole or in part" in report.totals
    # the status at the end of 2026: the 2027 answer does not count yet; the restricted one is not in it
    assert sorted((r[1], r[3]) for r in section.rows) == [("Ministry of Finance", "Partly accepted"),
                                                          ("Ministry of Lands", "Under consideration")]
    assert "Agency R" not in str(report)
