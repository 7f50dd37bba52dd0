"""Issue 42, the public suggests a matter for the agenda: a visitor verified through the consultations' codes sends a
suggestion from the forum's public home; it is absent from the public home until the secretariat publishes it; the
secretariat takes it onto a draft meeting's agenda in one tap (from the agenda builder's link) and answers it in
public; the cached home stays the same bytes for every visitor; the queue does not bump the content version,
publishing does; limits, links flagged, retention and erasure."""
from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from tenants.models import Tenant
from tenants.rls import tenant_context
from tests.conftest import Factory
from webapp import tenant_data
from webapp.consultations.models import Contact
from webapp.core import content_version
from webapp.extensions import db
from webapp.meetings.models import AgendaItem
from webapp.suggestions import services
from webapp.suggestions.models import Suggestion

HOME, FORM = "/t/forum-a/public/", "/t/forum-a/public/suggest/"


def _csrf(html: str, form_id: str) -> str:
    part = html.split(f'id="{form_id}"', 1)[1]
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', part).group(1)


def _verify(client, smtp, run_worker, email: str) -> None:
    page = client.get(FORM).get_data(as_text=True)
    r = client.post(f"{FORM}code-request", data={"csrf_token": _csrf(page, "verify"), "channel": "email",
                                                 "address": email})
    assert r.status_code == 200, r.get_data(as_text=True)
    run_worker()
    [mail] = smtp.to(email)
    text = mail.get_body(("plain",)).get_content()
    assert "Your code to suggest a matter for the agenda of" in text
    code = re.search(r"\b(\d{6})\b", text).group(1)
    r = client.post(f"{FORM}code", data={"csrf_token": _csrf(r.get_data(as_text=True), "code-form"), "code": code})
    assert r.status_code == 303, r.get_data(as_text=True)


def _suggest(client, title: str, body: str, **fields):  # noqa: ANN202
    page = client.get(FORM).get_data(as_text=True)
    return client.post(f"{FORM}send", data={"csrf_token": _csrf(page, "suggestion"), "title": title, "body": body,
                                            "language": "en", **fields})


def _row(app, forum, title: str) -> Suggestion:
    with app.app_context(), tenant_context(forum):
        s = db.session.scalar(select(Suggestion).where(Suggestion.title == title))
        db.session.expunge(s)
        return s


def test_a_verified_visitor_suggests_absent_until_published_answered_and_the_home_stays_the_same_bytes(
        app, smtp, run_worker, auth, client, two_forums):
    first = app.test_client().get(HOME)
    assert first.status_code == 200 and "Set-Cookie" not in first.headers
    assert FORM in first.get_data(as_text=True)  # the public home links to the form
    visitor = app.test_client()
    assert visitor.get(FORM).headers["Cache-Control"] == "no-store"
    _verify(visitor, smtp, run_worker, "amina@example.org")
    r = _suggest(visitor, "Child labour on cocoa farms", "Harvest season starts in October.", name="Amina B.",
                 speaks_for="Kumasi parents' association")
    assert r.status_code == 200 and "your suggestion is sent" in r.get_data(as_text=True)
    seen_by_visitor, anonymous = visitor.get(HOME), app.test_client().get(HOME)
    assert seen_by_visitor.get_data() == anonymous.get_data() == first.get_data()
    assert "Set-Cookie" not in anonymous.headers and "Set-Cookie" not in seen_by_visitor.headers
    assert b"cocoa farms" not in anonymous.get_data()
    with app.app_context():
        version = content_version.version(two_forums["a"].id)
    s = _row(app, two_forums["a"], "Child labour on cocoa farms")
    assert s.moderation == "held" and s.public_name == "Amina B."
    auth.login(two_forums["a_sec"]["email"])
    queue = client.get("/t/forum-a/suggestions/").get_data(as_text=True)
    assert "cocoa farms" in queue and "amina@example.org" in queue and "Waiting" in queue
    with app.app_context():
        assert content_version.version(two_forums["a"].id) == version  # the queue row bumped nothing
    r = client.post(f"/t/forum-a/suggestions/{s.id}/publish", data={"csrf_token": auth.csrf("/t/forum-a/suggestions/")})
    assert r.status_code == 303
    with app.app_context():
        assert content_version.version(two_forums["a"].id) > version
    r = client.post(f"/t/forum-a/suggestions/{s.id}/answer", data={
        "csrf_token": auth.csrf("/t/forum-a/suggestions/"), "answer": "On the agenda of the March plenary."})
    assert r.status_code == 303
    auth.logout()
    home = app.test_client().get(HOME)
    text = home.get_data(as_text=True)
    assert "Child labour on cocoa farms" in text and "On the agenda of the March plenary." in text
    assert "Amina B." in text and "amina@example.org" not in text and "Set-Cookie" not in home.headers
    assert visitor.get(HOME).get_data() == app.test_client().get(HOME).get_data()
    assert "cocoa farms" not in app.test_client().get("/t/forum-b/public/").get_data(as_text=True)


def test_the_secretariat_takes_a_suggestion_onto_a_draft_meetings_agenda_in_one_tap(app, auth, client, two_forums):
    m = Factory(app).meeting(two_forums["a"], title="Draft plenary", member_ids=(two_forums["a_sec"]["id"],))
    with app.app_context(), tenant_context(two_forums["a"]):
        contact = Contact(channel="email", address="kofi@example.org", attempts=0, verified_at=datetime.now(UTC))
        db.session.add(contact)
        db.session.flush()
        s = services.add(contact, title="Road safety for school children", body="Many accidents.", name=None,
                         speaks_for=None, language="en", network=None)
        db.session.commit()
        sid = s.id
    auth.login(two_forums["a_sec"]["email"])
    meeting = client.get(f"/t/forum-a/meetings/{m['id']}").get_data(as_text=True)
    link = f"/t/forum-a/suggestions/?meeting={m['id']}"
    assert link in meeting  # the agenda builder of the draft meeting links to the suggestions
    page = client.get(link).get_data(as_text=True)
    assert "Road safety for school children" in page and "Take onto the agenda" in page
    r = client.post(f"/t/forum-a/suggestions/{sid}/take", data={"csrf_token": auth.csrf(link), "meeting_id": m["id"]})
    assert r.status_code == 303 and f"/meetings/{m['id']}" in r.headers["Location"]
    with app.app_context(), tenant_context(two_forums["a"]):
        titles = db.session.scalars(select(AgendaItem.title).where(AgendaItem.meeting_id == m["id"])).all()
        assert "Road safety for school children" in titles
        assert db.session.get(Suggestion, (two_forums["a"].id, sid)).agenda_item_id is not None
    assert "Road safety for school children" in client.get(f"/t/forum-a/meetings/{m['id']}").get_data(as_text=True)
    # another forum's meeting: 404, nothing added
    other = Factory(app).meeting(two_forums["b"], title="B draft", member_ids=(two_forums["b_sec"]["id"],))
    r = client.post(f"/t/forum-a/suggestions/{sid}/take", data={"csrf_token": auth.csrf(link),
                                                                "meeting_id": other["id"]})
    assert r.status_code == 404


def test_limits_links_flagged_oversize_refused_and_nothing_without_a_verified_contact(
        app, smtp, run_worker, auth, client, two_forums):
    stranger = app.test_client()
    page = stranger.get(FORM).get_data(as_text=True)
    assert 'id="suggestion"' not in page and 'id="verify"' in page
    assert stranger.post(f"{FORM}send", data={"title": "x", "body": "y"}).status_code in (400, 403)
    visitor = app.test_client()
    _verify(visitor, smtp, run_worker, "flood@example.org")
    r = _suggest(visitor, "Too long", "x" * (services.MAX_LENGTH + 1))
    assert r.status_code == 422
    r = _suggest(visitor, "Cheap pills", "Buy at https://spam.example.com now")
    assert r.status_code == 200  # taken into the queue, never published without a look
    for i in range(services.PER_CONTACT_PER_DAY - 1):
        assert _suggest(visitor, f"Matter {i}", "Lines.").status_code == 200
    r = _suggest(visitor, "One too many", "Lines.")
    assert r.status_code == 422 and "Too many attempts" in r.get_data(as_text=True)
    assert b"Cheap pills" not in app.test_client().get(HOME).get_data()
    auth.login(two_forums["a_sec"]["email"])
    queue = client.get("/t/forum-a/suggestions/").get_data(as_text=True)
    block = queue.split("Cheap pills", 1)[1].split("</article>", 1)[0]
    assert "Has links or is long: read closely" in block


def test_the_queue_buttons_flash_what_they_did_and_go_back_to_the_queue(app, auth, client, two_forums):
    """Publish, decline and answer: 303 back to the queue (the agenda builder's ``?meeting=`` kept), what was done
    flashed there; a form refused (no reason, an empty answer) changes nothing and flashes nothing."""
    with app.app_context(), tenant_context(two_forums["a"]):
        contact = Contact(channel="email", address="kofi@example.org", attempts=0, verified_at=datetime.now(UTC))
        db.session.add(contact)
        db.session.flush()
        sid = services.add(contact, title="Market tolls", body="Tolls went up again.", name=None, speaks_for=None,
                           language="en", network=None).id
        db.session.commit()
    auth.login(two_forums["a_sec"]["email"])
    token = auth.csrf("/t/forum-a/suggestions/")
    done = {"publish": "The suggestion is published.", "decline": "The suggestion is declined.",
            "answer": "The answer is saved; the public sees it with the published suggestion."}
    for action, data, flashed in (("decline", {"reason": "no_such_reason"}, None), ("answer", {"answer": "  "}, None),
                                  ("publish", {}, done["publish"]), ("answer", {"answer": "Next month."}, done["answer"]),
                                  ("decline", {"reason": "off_topic"}, done["decline"])):
        r = client.post(f"/t/forum-a/suggestions/{sid}/{action}?meeting=7", data={"csrf_token": token, **data})
        assert r.status_code == 303 and r.headers["Location"].endswith("/t/forum-a/suggestions/?meeting=7#queue")
        queue = client.get("/t/forum-a/suggestions/").get_data(as_text=True)
        assert [t for t in done.values() if t in queue] == ([flashed] if flashed else []), (action, data)
        if flashed is None:
            s = _row(app, two_forums["a"], "Market tolls")
            assert s.moderation == "held" and s.answer is None
    s = _row(app, two_forums["a"], "Market tolls")
    assert (s.moderation, s.decline_reason, s.answer) == ("hidden", "off_topic", "Next month.")


def test_decline_with_a_reason_erasure_and_retention(app, auth, client, two_forums):
    with app.app_context(), tenant_context(two_forums["a"]):
        contact = Contact(channel="email", address="esi@example.org", attempts=0, verified_at=datetime.now(UTC))
        former = Contact(channel="email", address="ama@example.org", attempts=0, verified_at=datetime.now(UTC))
        db.session.add_all([contact, former])
        db.session.flush()
        s = services.add(contact, title="Names a child", body="The boy at no. 4 works.", name="Esi",
                         speaks_for="Group", language="en", network=None)
        old = services.add(former, title="Old matter", body="Old lines.", name="Ama", speaks_for=None,
                           language="en", network=None)
        services.publish(old)
        old.created_at = datetime.now(UTC) - timedelta(days=800)
        db.session.commit()
        sid, cid, old_id = s.id, contact.id, old.id
    auth.login(two_forums["a_sec"]["email"])
    token = auth.csrf("/t/forum-a/suggestions/")
    assert client.post(f"/t/forum-a/suggestions/{sid}/decline", data={"csrf_token": token,
                                                                       "reason": "child_or_case"}).status_code == 303
    assert "Identifies a child or a case" in client.get("/t/forum-a/suggestions/").get_data(as_text=True)
    with app.app_context(), tenant_context(two_forums["a"]):
        assert services.purge_expired() == 1  # Ama's newest suggestion is past the retention period; Esi's is not
        db.session.commit()
        kept = db.session.get(Suggestion, (two_forums["a"].id, old_id))
        assert kept.body == "Old lines." and kept.public_name is None  # the published text stays, unsigned
        assert db.session.get(Contact, (two_forums["a"].id, kept.contact_id)).address.startswith("erased-")
        assert db.session.get(Contact, (two_forums["a"].id, cid)).address == "esi@example.org"
    with app.app_context():
        data = json.loads(zipfile.ZipFile(io.BytesIO(tenant_data.export(
            db.session.get(Tenant, two_forums["a"].id)))).read("data.json"))
    assert {r["title"]: r["public_name"] for r in data["agenda_suggestions"]} == {"Names a child": "Esi",
                                                                                  "Old matter": None}
    r = client.post(f"/t/forum-a/suggestions/{sid}/erase", data={"csrf_token": token})
    assert r.status_code == 303
    with app.app_context(), tenant_context(two_forums["a"]):
        row = db.session.get(Suggestion, (two_forums["a"].id, sid))
        assert row.body == "—" and row.public_name is None and row.speaks_for is None
        assert db.session.get(Contact, (two_forums["a"].id, cid)).address.startswith("erased-")


def _closed_consultation_comment(contact: Contact, closed_days_ago: int, written_days_ago: int) -> None:
    """A comment by ``contact`` on a consultation that closed ``closed_days_ago`` days ago."""
    from webapp.comments import queries as comment_queries
    from webapp.consultations import services as consultations
    from webapp.core.visibility import Reader
    from webapp.core.zones import forum_today
    from webapp.proposals import services as proposals

    p = proposals.open_proposal({"title": f"Draft {contact.address}", "text": "A paragraph.", "rule": "no_objection",
                                 "audience": "roll", "deadline": datetime.now(UTC) + timedelta(days=7)}, None)
    c = consultations.open_consultation(comment_queries.draft("proposal", p.id, Reader.staff()), "Anything missing?",
                                        None, forum_today() + timedelta(days=5))
    cm = consultations.add_public_comment(c, contact, body="My comment.", name="Kofi", speaks_for=None, language="en",
                                          position=None, network=None)
    c.opens_on = c.closes_on = forum_today() - timedelta(days=closed_days_ago)
    cm.created_at = datetime.now(UTC) - timedelta(days=written_days_ago)
    db.session.flush()


def test_the_retention_sweeps_keep_an_address_the_other_form_still_uses(app, two_forums):
    """One rule for both sweeps: an address goes only when neither a consultation (closed within the year) nor a
    suggestion (sent within the year) still uses it; each sweep still blanks its own old names."""
    from webapp.comments.models import Comment
    from webapp.consultations import services as consultations

    tid = two_forums["a"].id
    with app.app_context(), tenant_context(two_forums["a"]):
        now = datetime.now(UTC)
        suggests_now, commented_lately, unused = (
            Contact(channel="email", address=a, attempts=0, verified_at=now)
            for a in ("kofi@example.org", "efua@example.org", "yaw@example.org"))
        db.session.add_all([suggests_now, commented_lately, unused])
        db.session.flush()
        _closed_consultation_comment(suggests_now, closed_days_ago=800, written_days_ago=810)
        services.add(suggests_now, title="Recent matter", body="Lines.", name="Kofi", speaks_for=None,
                     language="en", network=None)
        # commented 400 days ago on a consultation that closed 100 days ago: the consultations still keep it
        _closed_consultation_comment(commented_lately, closed_days_ago=100, written_days_ago=400)
        for contact in (commented_lately, unused):
            old = services.add(contact, title=f"Old matter {contact.id}", body="Old lines.", name="Efua",
                               speaks_for=None, language="en", network=None)
            old.created_at = now - timedelta(days=800)
        db.session.commit()
        ids = suggests_now.id, commented_lately.id, unused.id
        consultations.purge_expired()
        services.purge_expired()
        db.session.commit()
        address = {cid: db.session.get(Contact, (tid, cid)).address for cid in ids}
        assert address[ids[0]] == "kofi@example.org"  # a suggestion sent today keeps it from the consultations' sweep
        assert address[ids[1]] == "efua@example.org"  # a consultation closed 100 days ago keeps it from this sweep
        assert address[ids[2]].startswith("erased-")  # used by nothing within the year: erased
        assert db.session.scalar(select(Comment.public_name).where(Comment.author_contact_id == ids[0])) is None
        assert {s.public_name for s in db.session.scalars(select(Suggestion).where(
            Suggestion.contact_id.in_(ids[1:])))} == {None}


def test_a_too_long_suggestion_is_refused_in_its_own_words_in_every_language(app, two_forums):
    """The service's refusal (the form's length check words the same limit first): a suggestion, not a comment."""
    from flask_babel import force_locale

    from webapp.suggestions.refusals import refusal

    with app.test_request_context("/"), tenant_context(two_forums["a"]):
        contact = Contact(channel="email", address="long@example.org", attempts=0, verified_at=datetime.now(UTC))
        db.session.add(contact)
        db.session.flush()
        refused = []
        for title, body in (("A matter", "x" * (services.MAX_LENGTH + 1)), ("x" * (services.MAX_TITLE + 1), "y")):
            try:
                services.add(contact, title=title, body=body, name=None, speaks_for=None, language="en",
                             network=None)
            except services.SuggestionError as e:
                refused.append(e)
        assert [refusal(e) for e in refused] == ["This suggestion is too long."] * 2
        words = {}
        for locale in ("fr", "es", "sw", "ha"):
            with force_locale(locale):
                words[locale] = refusal(refused[0])
        assert len(set(words.values())) == 4 and "This suggestion" not in "".join(words.values()), words
        db.session.rollback()


def test_erasing_a_person_from_the_consultations_queue_erases_their_suggestions_too(app, auth, client, two_forums):
    from webapp.comments.models import Comment

    with app.app_context(), tenant_context(two_forums["a"]):
        contact = Contact(channel="email", address="abena@example.org", attempts=0, verified_at=datetime.now(UTC))
        db.session.add(contact)
        db.session.flush()
        _closed_consultation_comment(contact, closed_days_ago=0, written_days_ago=1)
        s = services.add(contact, title="Water at the pits", body="Children fetch water at the pits.", name="Abena",
                         speaks_for="Dunkwa women", language="en", network=None)
        db.session.commit()
        sid = s.id
        cm = db.session.scalar(select(Comment).where(Comment.author_contact_id == contact.id))
        cid, cmid = cm.consultation_id, cm.id
    auth.login(two_forums["a_sec"]["email"])
    page = f"/t/forum-a/consultations/{cid}"
    assert client.post(f"{page}/comments/{cmid}/erase", data={"csrf_token": auth.csrf(page)}).status_code == 303
    queue = client.get("/t/forum-a/suggestions/").get_data(as_text=True)
    assert "Abena" not in queue and "Children fetch water" not in queue and "Dunkwa women" not in queue
    with app.app_context(), tenant_context(two_forums["a"]):
        row = db.session.get(Suggestion, (two_forums["a"].id, sid))
        assert (row.body, row.public_name, row.speaks_for) == ("—", None, None)
