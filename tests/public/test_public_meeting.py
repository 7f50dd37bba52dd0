"""Each announced public meeting has a public page the public calendar links to; a chosen ?lang= sticks from page to
page; the Atom feed has its author and its labels in the reader's language; every public page has one h1."""
from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

import feedparser
from icalendar import Calendar

from tenants.rls import tenant_context
from tests.public.test_public import publish
from webapp.extensions import db
from webapp.meetings import services as meetings
from webapp.meetings.models import Meeting

LINK = "https://meet.example.org/j/98765?pwd=members-only"


def _url(path: str) -> str:
    parts = urlsplit(path)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_public_meeting_page_agenda_venue_papers_and_the_online_link_only_if_public(app, client, factory,
                                                                                   two_forums):
    m = factory.meeting(two_forums["a"], title="Open consultation", visibility="public", online_link=LINK,
                        notify=True, days_ahead=20, expected_outputs="A list of hazardous tasks")
    url = f"/t/forum-a/public/meetings/{m['id']}"
    r = client.get(url)
    html = r.get_data(as_text=True)
    assert r.status_code == 200, html
    assert "Open consultation" in html and "Accra" in html and "A list of hazardous tasks" in html
    assert "Opening" in html  # the agenda item
    assert f'href="/t/forum-a/public/meetings/{m["id"]}/documents/{m["doc_id"]}"' in html
    assert "meet.example.org" not in html
    assert "Set-Cookie" not in r.headers and "csrf_token" not in html
    assert "Accept-Language" in r.headers["Vary"] and r.headers.get("ETag") and r.headers.get("Last-Modified")
    assert client.get(url, headers={"If-None-Match": r.headers["ETag"]}).status_code == 304
    with app.app_context(), tenant_context(two_forums["a"]):
        db.session.get(Meeting, (two_forums["a"].id, m["id"])).online_link_public = True
        db.session.commit()
    assert f'href="{LINK}"' in client.get(url).get_data(as_text=True).replace("&amp;", "&")
    # the upcoming meeting on the public home links to its page
    assert f'href="{url}"' in client.get("/t/forum-a/public/").get_data(as_text=True)


def test_public_meeting_page_is_only_for_announced_public_meetings_of_this_forum(client, factory, two_forums):
    public = factory.meeting(two_forums["a"], title="Open plenary", visibility="public", notify=True)
    assert client.get(f"/t/forum-a/public/meetings/{public['id']}").status_code == 200
    assert client.get(f"/t/forum-b/public/meetings/{public['id']}").status_code == 404  # another forum's address
    for visibility, notify in (("members", True), ("restricted", True), ("public", False)):
        m = factory.meeting(two_forums["a"], title=f"Secret {visibility}", visibility=visibility, notify=notify)
        r = client.get(f"/t/forum-a/public/meetings/{m['id']}")
        assert r.status_code == 404 and "Secret" not in r.get_data(as_text=True), (visibility, notify)


def test_the_meeting_page_says_when_it_was_cancelled(app, client, factory, two_forums):
    m = factory.meeting(two_forums["a"], title="Called off", visibility="public", notify=True)
    with app.app_context(), tenant_context(two_forums["a"]):
        meetings.cancel_meeting(db.session.get(Meeting, (two_forums["a"].id, m["id"])))
        db.session.commit()
    html = client.get(f"/t/forum-a/public/meetings/{m['id']}").get_data(as_text=True)
    assert "This meeting was cancelled." in html
    home = client.get("/t/forum-a/public/").get_data(as_text=True)
    upcoming = home.split(f'id="meeting-{m["id"]}"')[1].split("</article>")[0]
    assert "Called off" in upcoming and "Cancelled" in upcoming  # not listed as if it would take place


def test_an_agenda_change_after_the_notice_is_a_modified_page(app, client, factory, two_forums):
    m = factory.meeting(two_forums["a"], title="Open plenary", visibility="public", notify=True)
    url = f"/t/forum-a/public/meetings/{m['id']}"
    first = client.get(url)
    time.sleep(1.1)  # Last-Modified counts whole seconds
    with app.app_context(), tenant_context(two_forums["a"]):
        meetings.save_agenda_item(db.session.get(Meeting, (two_forums["a"].id, m["id"])), None,
                                  title="Mercury in artisanal mining", presenter="Chair", minutes=30,
                                  kind="discussion")
        db.session.commit()
    again = client.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert again.status_code == 200 and "Mercury in artisanal mining" in again.get_data(as_text=True)


def test_public_calendar_links_to_the_public_page_in_the_chosen_language(client, factory, two_forums):
    m = factory.meeting(two_forums["a"], title="Open plenary", visibility="public", notify=True)
    [event] = Calendar.from_ical(client.get("/t/forum-a/public/calendar.ics").data).walk("VEVENT")
    assert urlsplit(str(event["URL"])).path == f"/t/forum-a/public/meetings/{m['id']}"
    assert client.get(_url(str(event["URL"]))).status_code == 200  # no sign-in page
    [event] = Calendar.from_ical(client.get("/t/forum-a/public/calendar.ics?lang=sw").data).walk("VEVENT")
    page = client.get(_url(str(event["URL"])))
    assert page.status_code == 200 and '<html lang="sw">' in page.get_data(as_text=True)


def test_a_chosen_language_sticks_from_public_page_to_public_page(app, client, factory, two_forums):
    m = factory.meeting(two_forums["a"], title="Open plenary", visibility="public", notify=True, days_ahead=-3)
    publish(app, two_forums["a"], m["id"], "Adopted.", [("Adopt the list", "public")])
    factory.meeting(two_forums["a"], title="Next plenary", visibility="public", notify=True)
    for path in ("/t/forum-a/public/", f"/t/forum-a/public/meetings/{m['id']}", f"/t/forum-a/public/outcomes/{m['id']}",
                 "/t/forum-a/public/outcomes/"):
        html = client.get(f"{path}?lang=sw").get_data(as_text=True)
        links = [h for h in re.findall(r'href="([^"]+)"', html) if h.startswith("/t/forum-a/public/")]
        assert links, path
        for link in links:
            assert "lang=sw" in link, (path, link)
        plain = client.get(path).get_data(as_text=True)
        assert "lang=" not in " ".join(re.findall(r'href="(/t/forum-a/public/[^"]*)"', plain)), path
    atom = client.get("/t/forum-a/public/feed.atom?lang=sw").get_data(as_text=True)
    assert f"/t/forum-a/public/outcomes/{m['id']}?lang=sw" in atom


def test_meeting_page_links_to_its_outcomes_once_published_and_back(app, client, factory, two_forums):
    m = factory.meeting(two_forums["a"], title="Open plenary", visibility="public", notify=True, days_ahead=-3)
    url, outcome = f"/t/forum-a/public/meetings/{m['id']}", f"/t/forum-a/public/outcomes/{m['id']}"
    assert f'href="{outcome}"' not in client.get(url).get_data(as_text=True)
    publish(app, two_forums["a"], m["id"], "Adopted.", [("Adopt the list", "public")])
    assert f'href="{outcome}"' in client.get(url).get_data(as_text=True)
    assert f'href="{url}"' in client.get(outcome).get_data(as_text=True)
    # the public home links to the archive of every published outcome, however few
    assert 'href="/t/forum-a/public/outcomes/"' in client.get("/t/forum-a/public/").get_data(as_text=True)


def test_atom_feed_has_an_author_and_its_labels_in_the_readers_language(app, client, factory, two_forums):
    from flask_babel import force_locale
    from flask_babel import gettext as _

    m = factory.meeting(two_forums["a"], title="Open plenary", visibility="public", notify=True, days_ahead=-3)
    publish(app, two_forums["a"], m["id"], "Adopted.")
    c = factory.meeting(two_forums["a"], title="Called off", visibility="public", notify=True)
    with app.app_context(), tenant_context(two_forums["a"]):
        meetings.cancel_meeting(db.session.get(Meeting, (two_forums["a"].id, c["id"])))
        db.session.commit()
    with app.test_request_context(), force_locale("sw"):
        outcomes, cancelled = _("Outcomes:"), _("Cancelled:")
    assert outcomes != "Outcomes:" and cancelled != "Cancelled:"
    feed = feedparser.parse(client.get("/t/forum-a/public/feed.atom?lang=sw").data)
    assert not feed.bozo and feed.feed.author == "Forum A"
    titles = {e.title for e in feed.entries}
    assert f"{outcomes} Open plenary" in titles and f"{cancelled} Called off" in titles
    entry = next(e for e in feed.entries if e.title.endswith("Called off"))
    assert urlsplit(entry.link).path == f"/t/forum-a/public/meetings/{c['id']}"


def test_every_public_page_has_exactly_one_h1(app, client, factory, two_forums):
    m = factory.meeting(two_forums["a"], title="Open plenary", visibility="public", notify=True, days_ahead=-3)
    publish(app, two_forums["a"], m["id"], "Adopted.", [("Adopt the list", "public")])
    upcoming = factory.meeting(two_forums["a"], title="Next plenary", visibility="public", notify=True)
    for path in ("/", "/t/forum-a/public/", "/t/forum-a/public/outcomes/", f"/t/forum-a/public/outcomes/{m['id']}",
                 f"/t/forum-a/public/meetings/{m['id']}", f"/t/forum-a/public/meetings/{upcoming['id']}",
                 "/t/forum-a/public/meetings/999999"):
        html = client.get(f"{path}").get_data(as_text=True)
        assert html.count("<h1") == 1, path


def test_every_page_of_the_role_matrix_has_exactly_one_h1(app, client, auth, factory, queue_redis, two_forums):
    from tests.test_roles import PAGES

    auth.login(two_forums["a_sec"]["email"])
    m = factory.meeting(two_forums["a"], title="Open plenary", visibility="public", notify=True)
    many, checked = [], 0
    for url in [u for (method, u) in PAGES if method == "GET"] + [f"/t/forum-a/meetings/{m['id']}"]:
        r = client.get(url)
        if r.status_code == 200 and r.mimetype == "text/html":
            checked += 1
            many += [] if r.get_data(as_text=True).count("<h1") == 1 else [url]
    assert many == [] and checked >= 20, (many, checked)


def test_a_public_draft_called_off_before_its_notice_was_never_announced(app, client, factory, two_forums):
    m = factory.meeting(two_forums["a"], title="Never announced", visibility="public")
    with app.app_context(), tenant_context(two_forums["a"]):
        meetings.cancel_meeting(db.session.get(Meeting, (two_forums["a"].id, m["id"])))
        db.session.commit()
    for path in ("/t/forum-a/public/feed.atom", "/t/forum-a/public/calendar.ics", "/t/forum-a/public/"):
        assert "Never announced" not in client.get(path).get_data(as_text=True), path
    assert client.get(f"/t/forum-a/public/meetings/{m['id']}").status_code == 404


def test_the_headers_forum_link_takes_a_visitor_to_the_public_page(client, auth, factory, two_forums):
    m = factory.meeting(two_forums["a"], title="Open plenary", visibility="public", notify=True)
    for path in ("/t/forum-a/public/", f"/t/forum-a/public/meetings/{m['id']}"):
        html = client.get(path).get_data(as_text=True)
        assert re.search(r'<a class="forum" href="/t/forum-a/public/[^"]*">', html), path
    html = client.get("/t/forum-a/public/?lang=sw").get_data(as_text=True)
    assert '<a class="forum" href="/t/forum-a/public/?lang=sw">' in html  # the chosen language sticks
    auth.login(two_forums["a_member"]["email"])
    assert '<a class="forum" href="/t/forum-a/">' in client.get("/t/forum-a/public/").get_data(as_text=True)
