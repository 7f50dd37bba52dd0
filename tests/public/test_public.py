"""The public face: only public things, anywhere; feeds that parse; caching; no cookie; fixed queries."""
from __future__ import annotations

import re
from datetime import timedelta

import feedparser
import pytest
from icalendar import Calendar

from tenants.rls import tenant_context
from tests.conftest import count_queries
from webapp.extensions import db
from webapp.meetings import services as meetings
from webapp.meetings.models import Meeting
from webapp.meetings.outcomes import services as outcomes
from webapp.members import services as roll
from webapp.members.models import Member


def publish(app, tenant, meeting_id, summary, decisions=(), summary_es=None):
    with app.app_context(), tenant_context(tenant):
        m = db.session.get(Meeting, (tenant.id, meeting_id))
        for text, visibility in decisions:
            outcomes.save_decision(m, None, text=text, agenda_item_id=None, visibility=visibility,
                                   policy_outcome=None, review_on=None, positions={"government": "agrees"})
        outcomes.publish_outcomes(m, summary, {"es": summary_es} if summary_es else None)
        db.session.commit()


@pytest.fixture
def everything(app, factory, two_forums):
    """One meeting of each visibility, notified and published, with one decision of each visibility."""
    made = {}
    for visibility in ("public", "members", "restricted"):
        m = factory.meeting(two_forums["a"], title=f"{visibility.title()} meeting", visibility=visibility,
                            member_ids=(two_forums["a_member"]["id"],), notify=True, days_ahead=-10)
        publish(app, two_forums["a"], m["id"], f"{visibility.title()} summary",
                [(f"{visibility.title()} meeting, {v} decision", v) for v in ("public", "members", "restricted")])
        made[visibility] = m
    upcoming = factory.meeting(two_forums["a"], title="Upcoming public consultation", visibility="public",
                               member_ids=(two_forums["a_member"]["id"],), notify=True, days_ahead=20)
    return {**made, "upcoming": upcoming}


SECRETS = ("Members meeting", "Restricted meeting", "members decision", "restricted decision", "Members summary",
           "Restricted summary")


def test_nothing_members_only_or_restricted_in_public_pages_and_feeds(client, everything, two_forums):
    page = client.get("/t/forum-a/public/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Public summary" in html and "Public meeting, public decision" in html
    assert "Upcoming public consultation" in html
    atom = client.get("/t/forum-a/public/feed.atom")
    ics = client.get("/t/forum-a/public/calendar.ics")
    for body in (html, atom.get_data(as_text=True), ics.get_data(as_text=True)):
        for secret in SECRETS:
            assert secret not in body, secret
    feed = feedparser.parse(atom.data)
    assert not feed.bozo and feed.feed.title.endswith("notices and outcomes")
    titles = [e.title for e in feed.entries]
    assert "Outcomes: Public meeting" in titles and "Upcoming public consultation" in titles
    events = Calendar.from_ical(ics.data).walk("VEVENT")
    assert {str(e["SUMMARY"]) for e in events} == {"Public meeting", "Upcoming public consultation"}


def test_conditional_get_and_no_cookie(client, everything):
    first = client.get("/t/forum-a/public/")
    assert "Set-Cookie" not in first.headers and 'name="csrf_token"' not in first.get_data(as_text=True)
    assert first.headers["Cache-Control"].startswith("public") and first.headers.get("ETag")
    again = client.get("/t/forum-a/public/", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    since = client.get("/t/forum-a/public/feed.atom", headers={"If-Modified-Since": "Thu, 01 Jan 2099 00:00:00 GMT"})
    assert since.status_code == 304
    other_language = client.get("/t/forum-a/public/?lang=fr")
    assert other_language.headers["ETag"] != first.headers["ETag"]


def test_composition_hides_small_counts_and_names_need_consent(app, client, factory, two_forums):
    with app.app_context(), tenant_context(two_forums["a"]):
        org = roll.save_organisation(None, name="GNASSM", acronym=None, constituency="asm_miners", country="GH")
        for i in range(6):
            roll.add_member(f"Miner {chr(65 + i)}", f"miner{i}@x.example.org", "member", organisation_id=org.id,
                            gender="man", consent_public_name=i == 0)
        roll.add_member("Woman Miner", "wm@x.example.org", "member", organisation_id=org.id, gender="woman")
        db.session.commit()
    html = client.get("/t/forum-a/public/").get_data(as_text=True)
    assert "GNASSM" in html and "Miner A" in html and "Miner B" not in html and "Woman Miner" not in html
    who = html.split('id="who-title"')[1].split("</section>")[0]
    # a woman and one who did not say, each under five: two hidden 1s beside a shown 6 would give both away (issue 31)
    assert "Woman: fewer than 5" in who and "Other or not stated: fewer than 5" in who
    assert "Man: not shown, to protect a small group" in who


def test_a_single_small_count_cannot_be_worked_out_from_the_total():
    from webapp.public.queries import HIDDEN_WITH_A_SMALL_GROUP, suppress

    assert suppress({"woman": 2, "man": 9, "undisclosed": 6}) == \
        {"woman": None, "man": 9, "undisclosed": HIDDEN_WITH_A_SMALL_GROUP}
    assert suppress({"woman": 2, "man": 9, "undisclosed": 1}) == {"woman": None, "man": 9, "undisclosed": None}
    assert suppress({"woman": 7, "man": 9}) == {"woman": 7, "man": 9}
    assert suppress({"woman": 3}) == {"woman": None}


def test_public_home_queries_do_not_grow(app, client, factory, two_forums):
    m = factory.meeting(two_forums["a"], title="Published 0", visibility="public", notify=True, days_ahead=-5)
    publish(app, two_forums["a"], m["id"], "Summary 0", [("Decision 0", "public")])
    with count_queries(app) as few:
        assert client.get("/t/forum-a/public/").status_code == 200
    for i in range(1, 12):
        m = factory.meeting(two_forums["a"], title=f"Published {i}", visibility="public", notify=True,
                            days_ahead=-5 - i)
        publish(app, two_forums["a"], m["id"], f"Summary {i}", [(f"Decision {i}", "public")])
    with count_queries(app) as many:
        r = client.get("/t/forum-a/public/")
    assert r.status_code == 200 and "Summary 11" in r.get_data(as_text=True)
    assert many["n"] == few["n"]


def test_directory_search_and_latest_activity(client, factory, two_forums, everything):
    html = client.get("/?q=forum a").get_data(as_text=True)
    assert "Forum A" in html and "Forum B" not in html and "outcomes published" in html


def test_public_page_is_small(client, everything):
    import gzip

    body = client.get("/t/forum-a/public/").data
    assert len(gzip.compress(body)) < 30 * 1024


def test_content_shown_in_the_readers_language_with_a_note(app, client, factory, two_forums):
    """Issue 33: the note names the language in the reader's language, once for the section, not per line."""
    m = factory.meeting(two_forums["a"], title="Consultation", visibility="public", notify=True, days_ahead=-3)
    publish(app, two_forums["a"], m["id"], "The list was adopted.", summary_es="Se adoptó la lista.")
    assert "Se adoptó la lista." in client.get("/t/forum-a/public/?lang=es").get_data(as_text=True)
    french = client.get("/t/forum-a/public/?lang=fr").get_data(as_text=True)
    outcomes = french.split('id="outcomes-title"')[1].split("</section>")[0]
    assert "The list was adopted." in outcomes
    assert outcomes.count("(affiché en anglais : pas encore traduit)") == 1 and "English" not in outcomes
    outcome = outcomes.split(f'id="meeting-{m["id"]}"')[1].split("</article>")[0]
    assert "pas encore traduit" not in outcome  # not beside the title or the summary
    # in Spanish the title is still English (one note, in Spanish), the summary is not
    spanish = client.get("/t/forum-a/public/?lang=es").get_data(as_text=True)
    outcomes = spanish.split('id="outcomes-title"')[1].split("</section>")[0]
    assert outcomes.count("(se muestra en inglés: aún sin traducir)") == 1
    assert meetings and timedelta and Member


def test_public_pages_speak_the_visitors_browser_language(client, two_forums):
    for header, lang in (("es-CO,es;q=0.9,en;q=0.5", "es"), ("sw", "sw"), ("ha-NG", "ha"), ("fr-CD, en;q=0.3", "fr")):
        r = client.get("/t/forum-a/public/", headers={"Accept-Language": header})
        assert f'<html lang="{lang}">' in r.get_data(as_text=True), header
        assert "Accept-Language" in r.headers["Vary"] and "Set-Cookie" not in r.headers
    # ?lang= wins over the browser; no header at all: the forum's own language
    r = client.get("/t/forum-a/public/?lang=fr", headers={"Accept-Language": "es"})
    assert '<html lang="fr">' in r.get_data(as_text=True)
    assert '<html lang="en">' in client.get("/t/forum-a/public/").get_data(as_text=True)


def test_annual_report_public_information_only_and_published(app, client, auth, run_worker, queue_redis, factory,
                                                            everything, two_forums, tmp_path):
    import re
    import subprocess
    from datetime import date

    auth.login(two_forums["a_sec"]["email"])
    year = date.today().year if (date.today() - timedelta(days=10)).year == date.today().year else date.today().year - 1
    links = {}
    for fmt in ("pdf", "csv"):
        r = client.post("/t/forum-a/reports/", data={"csrf_token": auth.csrf("/t/forum-a/reports/"), "kind": "annual",
                                                     "year": year, "format": fmt})
        assert r.status_code == 303
        links[fmt] = r.headers["Location"]
    run_worker()
    csv_status = client.get(links["csv"]).get_data(as_text=True)
    csv_body = client.get(re.search(r'id="download" href="([^"]+)"', csv_status).group(1)).get_data(as_text=True)
    assert "Public meeting" in csv_body and "Public decisions: 1" in csv_body
    for secret in SECRETS:
        assert secret not in csv_body, secret
    pdf_status = client.get(links["pdf"]).get_data(as_text=True)
    pdf = client.get(re.search(r'id="download" href="([^"]+)"', pdf_status).group(1)).data
    path = tmp_path / "annual.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Annual report" in text and "Members meeting" not in text
    r = client.post(links["pdf"] + "/publish", data={"csrf_token": auth.csrf(links["pdf"]), "public": "1"})
    assert r.status_code == 303
    auth.logout()
    page = client.get("/t/forum-a/public/").get_data(as_text=True)
    href = re.search(r'href="(/t/forum-a/public/reports/\d+)"', page).group(1)
    assert client.get(href).data == pdf
    assert client.get(href.replace("forum-a", "forum-b")).status_code == 404
    csv_id = links["csv"].rstrip("/").split("/")[-1]
    assert client.get(f"/t/forum-a/public/reports/{csv_id}").status_code == 404  # not published


def test_scorecard_only_when_the_forum_publishes_it(app, client, auth, everything, two_forums):
    assert 'id="scorecard-title"' not in client.get("/t/forum-a/public/").get_data(as_text=True)
    auth.login(two_forums["a_sec"]["email"])
    r = client.post("/t/forum-a/inclusion/settings", data={
        "csrf_token": auth.csrf("/t/forum-a/inclusion/settings"), "women_min": "40", "women_max": "60",
        "max_constituency_share": "50", "notice_days": "14", "publication_days": "14", "regularity_months": "3",
        "publish_scorecard": "y"})
    assert r.status_code == 303
    auth.logout()
    assert 'id="scorecard-title"' in client.get("/t/forum-a/public/").get_data(as_text=True)


def test_papers_of_announced_public_meetings_are_public_and_no_others(app, client, factory, two_forums):
    public = factory.meeting(two_forums["a"], title="Open plenary", visibility="public", notify=True)
    members = factory.meeting(two_forums["a"], title="Members meeting", visibility="members", notify=True)
    draft = factory.meeting(two_forums["a"], title="Draft plenary", visibility="public")
    html = client.get("/t/forum-a/public/").get_data(as_text=True)
    url = f"/t/forum-a/public/meetings/{public['id']}/documents/{public['doc_id']}"
    assert f'href="{url}"' in html
    r = client.get(url)
    assert r.status_code == 200 and r.data == b"%PDF-1.4 test" and r.mimetype == "application/pdf"
    assert r.headers["Content-Disposition"].startswith("attachment;") and "Set-Cookie" not in r.headers
    for m in (members, draft):
        assert client.get(f"/t/forum-a/public/meetings/{m['id']}/documents/{m['doc_id']}").status_code == 404
    assert client.get(url.replace("/t/forum-a/", "/t/forum-b/")).status_code == 404  # another forum's address
    wrong_pair = f"/t/forum-a/public/meetings/{public['id']}/documents/{members['doc_id']}"
    assert client.get(wrong_pair).status_code == 404


def test_directory_names_countries_in_the_readers_language_and_finds_them_by_name(client, factory, two_forums):
    factory.forum("katanga-platform", "Plateforme multipartite du Katanga", country="CD")
    factory.forum("ghana-nsccl", "National Steering Committee (Ghana)", country="GH")
    html = client.get("/?lang=es").get_data(as_text=True)
    assert "República Democrática del Congo" in html
    for q in ("Congo", "kongo", "Kinshasa"):  # English, Swahili and Hausa names; any case
        found = client.get(f"/?q={q}").get_data(as_text=True)
        assert "Plateforme multipartite du Katanga" in found and "National Steering Committee" not in found, q
    assert "Plateforme multipartite" not in client.get("/?q=Ghana").get_data(as_text=True)


def test_every_published_outcome_keeps_a_public_page_and_a_place_in_the_archive(app, client, factory, two_forums,
                                                                             monkeypatch):
    from webapp.public import views as public_views

    monkeypatch.setattr(public_views, "HOME_OUTCOMES", 2)
    monkeypatch.setattr(public_views, "ARCHIVE_PAGE", 2)
    ids = []
    for i in range(5):
        m = factory.meeting(two_forums["a"], title=f"Plenary {i}", visibility="public", notify=True, days_ahead=-30 + i)
        publish(app, two_forums["a"], m["id"], f"Summary {i}", [(f"Decision {i}", "public")])
        ids.append(m["id"])
    members_only = factory.meeting(two_forums["a"], title="Closed", visibility="members", notify=True, days_ahead=-2)
    home = client.get("/t/forum-a/public/").get_data(as_text=True)
    assert "Plenary 4" in home and "Plenary 2" not in home and 'href="/t/forum-a/public/outcomes/"' in home
    listed, url = [], "/t/forum-a/public/outcomes/"
    while url:
        page = client.get(url)
        assert page.status_code == 200 and "Set-Cookie" not in page.headers
        html = page.get_data(as_text=True)
        listed += [int(i) for i in re.findall(r'href="/t/forum-a/public/outcomes/(\d+)"', html)]
        nxt = re.search(r'href="([^"]+)" rel="next"', html)
        url = nxt.group(1) if nxt else None
    assert listed == ids[::-1]
    one = client.get(f"/t/forum-a/public/outcomes/{ids[0]}").get_data(as_text=True)
    assert "Summary 0" in one and "Decision 0" in one and "Summary 1" not in one
    assert client.get(f"/t/forum-a/public/outcomes/{members_only['id']}").status_code == 404
    assert client.get(f"/t/forum-b/public/outcomes/{ids[0]}").status_code == 404  # another forum's address
    feed = client.get("/t/forum-a/public/feed.atom").get_data(as_text=True)
    assert f"/t/forum-a/public/outcomes/{ids[0]}" in feed


def _unfolded(body: str) -> str:
    return body.replace("\r\n ", "").replace("\r\n\t", "")  # RFC 5545 folds long lines


def test_online_link_is_public_only_where_the_secretariat_marks_it(app, client, auth, factory, two_forums):
    link = "https://meet.example.org/j/98765?pwd=members-only"
    m = factory.meeting(two_forums["a"], title="Open consultation", visibility="public", online_link=link,
                        member_ids=(two_forums["a_member"]["id"],), notify=True, days_ahead=20)

    def public_view():
        ics = client.get("/t/forum-a/public/calendar.ics")
        [ev] = Calendar.from_ical(ics.data).walk("VEVENT")
        bodies = [_unfolded(ics.get_data(as_text=True)), client.get("/t/forum-a/public/").get_data(as_text=True),
                  client.get("/t/forum-a/public/feed.atom").get_data(as_text=True)]
        return ev, bodies

    ev, bodies = public_view()
    assert str(ev["LOCATION"]) == "Accra"
    for prop in ("LOCATION", "DESCRIPTION", "URL"):
        assert "meet.example.org" not in str(ev.get(prop, ""))
    for body in bodies:
        assert "meet.example.org" not in body
    auth.login(two_forums["a_sec"]["email"])
    assert "meet.example.org" not in client.get(f"/t/forum-a/meetings/{m['id']}/print").get_data(as_text=True)
    form = client.get(f"/t/forum-a/meetings/{m['id']}/edit").get_data(as_text=True)
    box = re.compile(r'<input[^>]*name="online_link_public"[^>]*>')
    assert "checked" not in box.search(form).group(0)  # by default, never
    assert "Show the online link on the public pages" in form
    day = m["start"].date().isoformat()
    r = client.post(f"/t/forum-a/meetings/{m['id']}/edit", data={
        "csrf_token": auth.csrf("/t/forum-a/meetings/"), "title": "Open consultation",
        "committee_id": m["committee_id"], "kind": "plenary", "day": day, "start_time": "09:00", "end_time": "12:00", "venue": "Accra", "online_link": link,
        "online_link_public": "y", "language": "en", "visibility": "public", "expected_outputs": "A work plan"})
    assert r.status_code == 303, r.get_data(as_text=True)
    assert "checked" in box.search(client.get(f"/t/forum-a/meetings/{m['id']}/edit").get_data(as_text=True)).group(0)
    assert link.replace("&", "&amp;") in client.get(f"/t/forum-a/meetings/{m['id']}/print").get_data(as_text=True)
    auth.logout()
    ev, (ics, page, atom) = public_view()
    assert str(ev["LOCATION"]) == f"Accra, {link}"
    assert link in ics
    assert f'href="{link}"' in page.replace("&amp;", "&")
