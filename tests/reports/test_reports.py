"""Reports: requested in the app, built by a real RQ worker, downloaded; PDF text checked with pdftotext."""
from __future__ import annotations

import re
import subprocess
from datetime import date, timedelta

import pytest
from sqlalchemy import update

from tenants.rls import tenant_context
from webapp.extensions import db
from webapp.meetings.models import Invitation


@pytest.fixture
def attended(app, factory, two_forums):
    people = [factory.member(two_forums["a"], f"Voter {c}", "member", account=False) for c in "ABCD"]
    m = factory.meeting(two_forums["a"], title="Quarterly plenary", notify=True, days_ahead=-10,
                        member_ids=(two_forums["a_member"]["id"], *[p["id"] for p in people]))
    with app.app_context(), tenant_context(two_forums["a"]):
        db.session.execute(update(Invitation).where(Invitation.member_id.in_([people[0]["id"], people[1]["id"],
                                                                              people[2]["id"]])).values(attended=True))
        db.session.commit()
    return m


def _request(client, auth, **data):
    return client.post("/t/forum-a/reports/", data={"csrf_token": auth.csrf("/t/forum-a/reports/"), **data})


def test_attendance_pdf_is_built_by_the_worker_and_downloadable(app, client, auth, run_worker, queue_redis,
                                                                two_forums, attended, tmp_path):
    auth.login(two_forums["a_sec"]["email"])
    r = _request(client, auth, kind="attendance_meeting", meeting_id=attended["id"], format="pdf")
    assert r.status_code == 303
    status_url = r.headers["Location"]
    waiting = client.get(status_url, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert 'hx-trigger="every 2s"' in waiting and "<html" not in waiting
    run_worker()
    ready = client.get(status_url).get_data(as_text=True)
    link = re.search(r'id="download" href="([^"]+)"', ready).group(1)
    pdf = client.get(link)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.headers["Content-Disposition"].startswith("attachment;")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf.data)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Attendees: 3 of 5 invited" in text and "Voter A" in text and "Quarterly plenary" in text


def test_period_report_as_csv_in_french(app, client, auth, run_worker, queue_redis, two_forums, attended):
    auth.login(two_forums["a_sec"]["email"])
    client.post("/language", data={"lang": "fr", "next": "/", "csrf_token": auth.csrf("/t/forum-a/")})
    start, end = date.today() - timedelta(days=60), date.today()
    r = _request(client, auth, kind="attendance_period", start=start.isoformat(), end=end.isoformat(), format="csv")
    assert r.status_code == 303
    run_worker()
    link = re.search(r'id="download" href="([^"]+)"', client.get(r.headers["Location"]).get_data(as_text=True)).group(1)
    body = client.get(link).get_data(as_text=True)
    assert body.startswith("\ufeff") and "Quarterly plenary" in body and "60%" in body
    from flask_babel import force_locale, gettext

    with app.test_request_context(), force_locale("fr"):
        assert gettext("Meeting") in body


def test_attendance_report_names_roles_answers_and_constituencies_in_words(app, client, auth, run_worker,
                                                                           queue_redis, two_forums, attended):
    auth.login(two_forums["a_sec"]["email"])
    client.post("/language", data={"lang": "fr", "next": "/", "csrf_token": auth.csrf("/t/forum-a/")})
    r = _request(client, auth, kind="attendance_meeting", meeting_id=attended["id"], format="csv")
    run_worker()
    link = re.search(r'id="download" href="([^"]+)"', client.get(r.headers["Location"]).get_data(as_text=True)).group(1)
    body = client.get(link).get_data(as_text=True)
    from flask_babel import force_locale

    from webapp.core.templating import role_label
    from webapp.meetings.forms import rsvp_label

    with app.test_request_context(), force_locale("fr"):
        member, no_answer = str(role_label("member")), rsvp_label("none")
    lines = [line for line in body.splitlines() if "Voter A" in line]
    assert lines and f",{member}," in lines[0] and ",member," not in body, lines
    assert member != "member"
    assert no_answer not in ("none", "No answer yet")


def test_bad_requests_are_explained(client, auth, two_forums):
    auth.login(two_forums["a_sec"]["email"])
    r = _request(client, auth, kind="attendance_period", start="2026-05-01", end="2026-01-01", format="pdf")
    assert r.status_code == 422 and "The period cannot end before it starts." in r.get_data(as_text=True)
    r = _request(client, auth, kind="attendance_meeting", format="pdf")
    assert r.status_code == 422 and "Please choose a meeting." in r.get_data(as_text=True)


def test_reports_are_for_staff_and_never_cross_forums(app, client, auth, run_worker, queue_redis, two_forums,
                                                      attended):
    auth.login(two_forums["a_sec"]["email"])
    r = _request(client, auth, kind="attendance_meeting", meeting_id=attended["id"], format="csv")
    run_worker()
    status_url = r.headers["Location"]
    report_id = status_url.rstrip("/").split("/")[-1]
    auth.logout()
    auth.login(two_forums["a_member"]["email"])
    assert client.get(status_url).status_code == 404
    assert client.get(f"{status_url}/download").status_code == 404
    auth.logout()
    auth.login(two_forums["b_sec"]["email"])
    for url in (status_url, f"{status_url}/download", f"/t/forum-b/reports/{report_id}",
                f"/t/forum-b/reports/{report_id}/download"):
        assert client.get(url).status_code == 404, url


def test_every_report_csv_escapes_formulas(app, factory, two_forums):
    """Titles and names are written by people: no CSV cell may start like a spreadsheet formula."""
    import csv
    import io

    from webapp.actions import services as actions
    from webapp.meetings.models import Meeting
    from webapp.reports import builders

    evil = '=HYPERLINK("http://evil.example","click")'
    tenant = two_forums["a"]
    person = factory.member(tenant, "@SUM(A1) Mensah", "member", account=False)
    m = factory.meeting(tenant, title=evil, days_ahead=-10, visibility="public", notify=True,
                        member_ids=(two_forums["a_member"]["id"], person["id"]))
    with app.app_context(), tenant_context(tenant):
        db.session.execute(update(Invitation).values(attended=True))
        db.session.execute(update(Meeting).values(status="held"))
        plan = actions.save_plan(None, title="+cmd plan", description=None, period_start=None, period_end=None,
                                 visibility="public")
        objective = actions.add_objective(plan, "-objective")
        actions.save_item(plan, None, {"title": "=1+1", "objective_id": objective.id, "status": "in_progress"})
        db.session.commit()
        plan_id = plan.id
    year = m["start"].year
    with app.test_request_context(), tenant_context(tenant):
        tables = {
            "attendance_meeting": builders.attendance_meeting(m["id"], "en"),
            "attendance_period": builders.attendance_period(date.today() - timedelta(days=60), date.today(), "en"),
            "action_progress": builders.action_progress(plan_id, "en"),
            "inclusion": builders.inclusion("en"),
            "annual": builders.annual(year, "en"),
        }
        bodies = {kind: builders.to_csv_bytes(table).decode("utf-8-sig") for kind, table in tables.items()}
    for kind in ("attendance_period", "annual"):
        assert "'" + evil.replace('"', '""') in bodies[kind], kind
    assert "'@SUM(A1) Mensah" in bodies["attendance_meeting"]
    assert "'=1+1" in bodies["action_progress"] and "'-objective" in bodies["action_progress"]
    for kind, body in bodies.items():
        cells = [c for row in csv.reader(io.StringIO(body, newline="")) for c in row]
        assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))], kind
