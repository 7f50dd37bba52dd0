"""Hostile input: stored XSS stays inert everywhere, htmx attributes in content never become markup, forms
fuzzed with hypothesis never answer 500, security headers on every route."""
from __future__ import annotations

import os
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tenants.rls import tenant_context
from webapp import create_app
from webapp.extensions import db
from webapp.members import services as roll
from webapp.members.models import Member

XSS = '<script>alert(1)</script><img src=x onerror=alert(2)><a hx-get="/logout" hx-trigger="load">x</a>"\''
RAW = ("<script>alert(1)", "<img src=x", '<a hx-get="/logout"')  # escaped text is inert; raw tags are not


def assert_inert(body: str, where: str) -> None:
    for raw in RAW:
        assert raw not in body, (where, raw)


def test_stored_xss_is_inert_on_pages_fragments_feeds_and_emails(app, client, auth, factory, smtp, run_worker,
                                                                 queue_redis, two_forums):
    from webapp.actions import services as actions
    from webapp.meetings.models import Meeting
    from webapp.meetings.outcomes import services as outcomes

    m = factory.meeting(two_forums["a"], title=f"Plenary {XSS}", visibility="public",
                        member_ids=(two_forums["a_member"]["id"],), notify=True, days_ahead=-2)
    with app.app_context(), tenant_context(two_forums["a"]):
        member = db.session.get(Member, (two_forums["a"].id, two_forums["a_member"]["id"]))
        roll.update_member(member, {"name": f"Amadou {XSS}", "region": XSS, "consent_public_name": True})
        meeting = db.session.get(Meeting, (two_forums["a"].id, m["id"]))
        outcomes.save_decision(meeting, None, text=f"Decision {XSS}", agenda_item_id=None, visibility="public",
                               policy_outcome=XSS, review_on=None, positions={})
        outcomes.save_minutes(meeting, f"Minutes {XSS}", False, "public")
        plan = actions.save_plan(None, title=f"Plan {XSS}", description=XSS, period_start=None, period_end=None,
                                 visibility="public")
        actions.save_item(plan, None, {"title": f"Item {XSS}", "owner_member_id": member.id, "visibility": "public"})
        outcomes.publish_outcomes(meeting, f"Summary {XSS}")
        db.session.commit()
        plan_id = plan.id
    run_worker()
    for msg in smtp.messages:
        assert_inert(msg.get_body(("html",)).get_content(), "email")
    for url in ("/t/forum-a/public/", "/t/forum-a/public/feed.atom", "/"):
        body = client.get(url).get_data(as_text=True)
        assert_inert(body, url)
    assert "&lt;script&gt;" in client.get("/t/forum-a/public/").get_data(as_text=True)
    auth.login(two_forums["a_sec"]["email"])
    for url in (f"/t/forum-a/meetings/{m['id']}", "/t/forum-a/meetings/", "/t/forum-a/members/",
                f"/t/forum-a/members/{two_forums['a_member']['id']}", "/t/forum-a/actions/", "/t/forum-a/actions/mine",
                "/t/forum-a/members/audit", "/t/forum-a/meetings/search?q=Decision", "/t/forum-a/notices/"):
        assert_inert(client.get(url).get_data(as_text=True), url)
        assert_inert(client.get(url, headers={"HX-Request": "true"}).get_data(as_text=True), url + " (fragment)")
    # reports: downloads as attachments, never HTML; the payload is plain text in the PDF and the CSV
    for fmt, mimetype in (("csv", "text/csv"), ("pdf", "application/pdf")):
        r = client.post("/t/forum-a/reports/", data={"csrf_token": auth.csrf("/t/forum-a/reports/"),
                                                      "kind": "action_progress", "plan_id": plan_id, "format": fmt})
        assert r.status_code == 303, r.get_data(as_text=True)[-500:]
        run_worker()
        ready = client.get(r.headers["Location"]).get_data(as_text=True)
        assert_inert(ready, "report status")
        download = client.get(re.search(r'id="download" href="([^"]+)"', ready).group(1))
        assert download.mimetype == mimetype and download.headers["Content-Disposition"].startswith("attachment;")
        assert download.headers["X-Content-Type-Options"] == "nosniff"
        if fmt == "csv":
            assert "<script>alert(1)</script>" in download.get_data(as_text=True)  # as text, in a cell


@pytest.fixture
def signed_in(auth, two_forums):
    auth.login(two_forums["a_sec"]["email"])
    return auth


# every code point but lone surrogates, which no browser can send (they have no UTF-8 form)
# FUZZ_DEPTH=30 ./scripts/test tests/security runs thirty times as many examples (a deep run before a release)
DEPTH = int(os.environ.get("FUZZ_DEPTH", "1"))
junk = st.one_of(st.text(max_size=300), st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=50),
                 st.integers().map(str), st.just("9" * 5000), st.just("\x00\x01\x1b[31m"), st.just("'; DROP TABLE x;--"),
                 # edges of the types behind the fields: dates, times, decimals, 32-bit integers
                 st.sampled_from(["9999-12-31", "0001-01-01", "1900-02-29", "23:59", "24:00", "NaN", "-Infinity",
                                  "1e400", "1e1000000000", "-0", "2147483648", "-2147483649", "99999999999.5", "0"]))


@settings(deadline=None, max_examples=40 * DEPTH, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_forms_never_answer_500(client, signed_in, two_forums, data):
    token = signed_in.csrf("/t/forum-a/members/new")
    forms = {
        "/t/forum-a/members/new": ["name", "email", "phone", "role", "organisation_id", "constituency",
                                   "alternate_of_id", "gender", "youth", "languages", "locale", "term_start", "term_end"],
        "/t/forum-a/members/me": ["phone", "gender", "youth", "languages", "locale", "region"],
        "/t/forum-a/meetings/new": ["title", "committee_id", "kind", "day", "start_time", "end_time", "online_link",
                                    "language", "visibility", "expected_outputs"],
        "/t/forum-a/notices/announce": ["subject", "body"],
        "/t/forum-a/organisations/new": ["name", "acronym", "constituency", "country"],
        "/t/forum-a/actions/plans/new": ["title", "period_start", "period_end", "visibility"],
        "/t/forum-a/inclusion/settings": ["women_min", "women_max", "notice_days", "regularity_months"],
        "/login": ["email", "password"],
    }
    url = data.draw(st.sampled_from(sorted(forms)))
    # other tenants' ids (forum B's member id and tenant id) in any field, ids included
    theirs = st.sampled_from([str(two_forums["b_sec"]["id"]), str(two_forums["b"].id)])
    fields = {f: data.draw(st.one_of(junk, theirs)) for f in forms[url]}
    r = signed_in.client.post(url, data={"csrf_token": token, **fields})
    assert r.status_code < 500, (url, fields, r.status_code)
    if r.status_code >= 400:
        assert "<!doctype html>" in r.get_data(as_text=True)  # a page in the site's layout, not a stack trace


@settings(deadline=None, max_examples=30 * DEPTH, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ids=st.lists(st.one_of(st.integers(10**6, 2**70), st.integers(-2**70, -1),
                              st.text(max_size=20).map(lambda s: "x" + s)),
                    min_size=1, max_size=3))
def test_other_tenants_and_absurd_ids_are_404_not_500(client, signed_in, ids):
    for value in ids:
        for path in ("/t/forum-a/members/{}", "/t/forum-a/meetings/{}", "/t/forum-a/actions/items/{}",
                     "/t/forum-a/reports/{}/download"):
            r = client.get(path.format(str(value).replace("/", "")))
            assert r.status_code in (400, 404, 405, 308), (path, value, r.status_code)


def test_security_headers_on_every_route(app, client, two_forums):
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.arguments - {"tenant_slug", "filename"}:
            continue
        url = rule.rule.replace("<tenant_slug>", "forum-a").replace("<path:filename>", "css/app.css")
        r = client.get(url)
        assert r.headers.get("X-Content-Type-Options") == "nosniff", url
        if r.mimetype == "text/html":
            csp = r.headers["Content-Security-Policy"]
            assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp, url
            assert r.headers["Referrer-Policy"] == "same-origin", url  # CSRF's referrer check keeps working


def test_hsts_outside_development(databases, redis_url, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "production-secret")
    monkeypatch.setenv("BARAZA_ENV", "production")
    monkeypatch.setenv("DATABASE_URL", databases.app_url)
    prod = create_app({"SQLALCHEMY_DATABASE_URI": databases.app_url, "REDIS_URL": redis_url})
    r = prod.test_client().get("/healthz")
    assert r.headers["Strict-Transport-Security"].startswith("max-age=")
    assert re.search(r"max-age=\d{7,}", r.headers["Strict-Transport-Security"])
    assert date.today() - timedelta(days=1) < date.today()


def test_nul_in_a_query_or_form_is_a_clear_400(client, signed_in):
    r = client.get("/t/forum-a/meetings/search?q=%00mercury")
    assert r.status_code == 400 and "Bad request" in r.get_data(as_text=True)
    r = client.get("/?q=%00")
    assert r.status_code == 400


@pytest.mark.parametrize("locale", ["fr", "es", "sw", "ha"])
def test_bad_input_is_answered_in_the_users_language(app, client, signed_in, two_forums, locale):
    from pathlib import Path

    from babel.support import Translations

    catalogue = Translations.load(str(Path(app.root_path).parent / "translations"), [locale])
    expected = catalogue.gettext("Please give the meeting a title.")
    assert expected != "Please give the meeting a title."
    token = signed_in.csrf("/t/forum-a/meetings/new")
    r = client.post(f"/t/forum-a/meetings/new?lang={locale}",
                    data={"csrf_token": token, "title": "", "day": "\x1b[31m", "start_time": "99:99"})
    body = r.get_data(as_text=True)
    assert 400 <= r.status_code < 500 and expected in body, (r.status_code, locale)


def _every_field_name() -> tuple[str, ...]:
    """Every form field in webapp/: the FlaskForm attributes and the keys read from request.form."""
    from flask_wtf import FlaskForm
    from wtforms.fields.core import UnboundField

    import webapp

    root = Path(webapp.__file__).parent
    for module in root.rglob("*forms.py"):  # import every form class
        __import__(".".join(module.relative_to(root.parent).with_suffix("").parts))
    names, todo = set(), [FlaskForm]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        names |= {k for k, v in vars(cls).items() if isinstance(v, UnboundField)}
    for source in root.rglob("*.py"):
        names |= set(re.findall(r"request\.form\.(?:get|getlist)\(\"(\w+)\"", source.read_text(encoding="utf-8")))
    return tuple(sorted(names))


FIELDS = _every_field_name()
SKIP = {"auth.logout", "auth.change_password", "auth.two_factor", "auth.two_factor_off", "tenant.members.erase",
        "auth.login_code"}  # these end the session or lock the account: covered by their own tests


@pytest.fixture
def every_id(app, factory, two_forums):
    from tests.actions.test_actions import make_plan

    m = factory.meeting(two_forums["a"], member_ids=(two_forums["a_member"]["id"],), notify=True)
    plan = make_plan(app, two_forums["a"], [{"title": "Fuzzed", "owner_member_id": two_forums["a_member"]["id"]}])
    mb = factory.meeting(two_forums["b"], member_ids=(two_forums["b_sec"]["id"],))
    return {"meeting_id": [m["id"], mb["id"]], "item_id": [m["item_id"], plan["item_ids"][0], mb["item_id"]],
            "plan_id": [plan["plan_id"]], "committee_id": [m["committee_id"], mb["committee_id"]],
            "member_id": [two_forums["a_member"]["id"], two_forums["b_sec"]["id"]]}


@settings(deadline=None, max_examples=150 * DEPTH, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_every_post_route_never_answers_500(app, client, signed_in, two_forums, every_id, queue_redis, data):
    rules = sorted((r for r in app.url_map.iter_rules() if "POST" in r.methods and r.endpoint not in SKIP),
                   key=lambda r: r.rule)
    rule = data.draw(st.sampled_from(rules))
    any_id = st.one_of(st.integers(1, 50), st.integers(2**31, 2**63 - 1), st.sampled_from(sum(every_id.values(), [])))
    values = {}
    for arg in rule.arguments:
        if arg == "tenant_slug":
            values[arg] = "forum-a"
        elif arg in ("token", "item"):
            values[arg] = data.draw(st.text(alphabet="abcdefghijklmnop-_.0123456789", min_size=1, max_size=40))
        else:
            values[arg] = data.draw(st.one_of(st.sampled_from(every_id.get(arg, [1])), any_id))
    url = rule.rule
    for arg, value in values.items():
        url = re.sub(rf"<(?:[a-z]+:)?{arg}>", str(value), url)
    fields = {f: data.draw(st.one_of(junk, any_id.map(str))) for f in data.draw(
        st.lists(st.sampled_from(FIELDS), max_size=12, unique=True))}
    token = signed_in.csrf("/t/forum-a/members/new")
    htmx = data.draw(st.booleans())
    r = client.post(url, data={"csrf_token": token, **fields}, headers={"HX-Request": "true"} if htmx else {})
    assert r.status_code < 500, (url, fields, r.status_code)


def test_stored_xss_in_webinar_series_and_organisations_is_inert(app, client, auth, factory, smtp, run_worker,
                                                                 queue_redis, two_forums):
    from datetime import date, time

    from webapp.members import services as roll
    from webapp.webinars import services as webinars

    contact = factory.member(two_forums["a"], "Contact Person", "member")
    with app.app_context(), tenant_context(two_forums["a"]):
        committee = roll.save_committee(None, name=f"Group {XSS}", kind="working_group", level="national")
        orgs = [roll.save_organisation(None, name=f"Org {XSS} {c}", acronym=XSS[:20], constituency=c, country=None)
                for c in ("employers", "workers")]
        series = webinars.create_series(
            {"title": f"Series {XSS}", "committee_id": committee.id, "cadence": "weeks", "every_weeks": 4, "nth": 1,
             "weekday": 2, "start_on": date.today() + timedelta(days=10), "at": time(15, 0), "minutes": 90,
             "language": "en", "visibility": "public"},
            [(o.id, contact["id"]) for o in orgs])
        webinars.generate(series, 2)
        db.session.commit()
        series_id = series.id
    run_worker()
    assert smtp.messages, "the chair notice was sent"
    for msg in smtp.messages:
        assert_inert(msg.get_body(("html",)).get_content(), "email")
    assert_inert(client.get("/t/forum-a/public/").get_data(as_text=True), "public")
    auth.login(two_forums["a_sec"]["email"])
    for url in ("/t/forum-a/webinars/", f"/t/forum-a/webinars/{series_id}", "/t/forum-a/organisations/",
                "/t/forum-a/committees/", "/t/forum-a/meetings/", "/t/forum-a/inclusion/"):
        page = client.get(url)
        assert page.status_code == 200, url
        assert_inert(page.get_data(as_text=True), url)
        assert_inert(client.get(url, headers={"HX-Request": "true"}).get_data(as_text=True), url + " (fragment)")
    assert "Series &lt;script&gt;" in client.get(f"/t/forum-a/webinars/{series_id}").get_data(as_text=True)


def test_stored_xss_in_agenda_items_support_requests_and_announcements_is_inert(
        app, client, auth, factory, smtp, run_worker, queue_redis, two_forums):
    from webapp.meetings import services as meetings
    from webapp.meetings.models import Invitation, Meeting
    from webapp.notices import services as notices

    m = factory.meeting(two_forums["a"], title="Plenary", visibility="public",
                        member_ids=(two_forums["a_member"]["id"],), days_ahead=20)
    with app.app_context(), tenant_context(two_forums["a"]):
        meeting = db.session.get(Meeting, (two_forums["a"].id, m["id"]))
        meetings.save_agenda_item(meeting, None, title=f"Item {XSS}", presenter=XSS, minutes=20, kind="decision")
        invitation = db.session.scalar(db.select(Invitation).where(Invitation.meeting_id == m["id"]))
        meetings.request_support(invitation, "travel", f"Bus {XSS}")
        meetings.send_notice(meeting)
        sender = db.session.get(Member, (two_forums["a"].id, two_forums["a_sec"]["id"]))
        notices.announce(f"Subject {XSS}", f"Body {XSS}", sender)
        db.session.commit()
    run_worker()
    subjects = [msg["Subject"] for msg in smtp.messages]
    assert sum("Subject <script>" in s for s in subjects) >= 2 and len(subjects) >= 3, subjects  # invitation too
    for msg in smtp.messages:
        assert_inert(msg.get_body(("html",)).get_content(), f"email {msg['Subject']}")
    auth.login(two_forums["a_sec"]["email"])
    for url in (f"/t/forum-a/meetings/{m['id']}", f"/t/forum-a/meetings/{m['id']}/print", "/t/forum-a/notices/",
                "/t/forum-a/public/"):
        page = client.get(url)
        assert page.status_code == 200, url
        assert_inert(page.get_data(as_text=True), url)
        assert_inert(client.get(url, headers={"HX-Request": "true"}).get_data(as_text=True), url + " (fragment)")
    staff_page = client.get(f"/t/forum-a/meetings/{m['id']}").get_data(as_text=True)
    assert "Item &lt;script&gt;" in staff_page and "Bus &lt;script&gt;" in staff_page


def _every_query_key() -> tuple[str, ...]:
    import webapp

    root = Path(webapp.__file__).parent
    names = set()
    for source in root.rglob("*.py"):
        names |= set(re.findall(r"args\.get\(\"(\w+)\"", source.read_text(encoding="utf-8")))
    return tuple(sorted(names))


QUERY_KEYS = _every_query_key()


@settings(deadline=None, max_examples=120 * DEPTH, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_every_get_route_with_hostile_query_strings_never_answers_500(app, client, signed_in, two_forums, every_id,
                                                                     data):
    """Every GET page of a forum (object ids from both forums) with random values in every query key the code
    reads: page numbers beyond bigint, negative ids, dates, NUL-free junk."""
    rules = sorted((r for r in app.url_map.iter_rules() if "GET" in r.methods and r.rule.startswith("/t/")
                    and not (r.arguments - {"tenant_slug"} - set(every_id) - {"token", "item", "filename"})),
                   key=lambda r: r.rule)
    rule = data.draw(st.sampled_from(rules))
    url = rule.rule.replace("<tenant_slug>", "forum-a")
    for arg in rule.arguments - {"tenant_slug"}:
        value = data.draw(st.sampled_from(every_id.get(arg, [1])) if arg in every_id else
                          st.text(alphabet="abcdefghijklmnop-_.0123456789", min_size=1, max_size=30))
        url = re.sub(rf"<(?:[a-z]+:)?{arg}>", str(value), url)
    edge = st.sampled_from(["0", "-1", "99999999999999999999999", "2147483648", "9999-12-31", "NaN", "1e400",
                            "abc", "", "'; DROP TABLE x;--", "%", "_", "\\", "<script>"])
    query = {k: data.draw(st.one_of(edge, st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")),
                                                   max_size=40)))
             for k in data.draw(st.lists(st.sampled_from(QUERY_KEYS), min_size=1, max_size=6, unique=True))}
    htmx = data.draw(st.booleans())
    r = client.get(url, query_string=query, headers={"HX-Request": "true"} if htmx else {})
    assert r.status_code < 500, (url, query, r.status_code)


def test_out_of_range_values_and_fragments_of_whole_documents_are_not_errors(client, signed_in):
    r = client.get("/t/forum-a/actions/items/new?plan=99999999999999999999999")
    assert r.status_code in (400, 404) and "<!doctype html>" in r.get_data(as_text=True)
    feed = client.get("/t/forum-a/public/feed.atom", headers={"HX-Request": "true"})
    assert feed.status_code == 200 and feed.get_data(as_text=True).lstrip().startswith("<?xml")
