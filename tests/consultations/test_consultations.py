"""Issue 42, public consultation: the secretariat puts a proposal's text out for comment with a question and a
period; open consultations are on the forum's public home and counted on ``tenants`` for the directory; a visitor
verifies an e-mail address or a phone (a code by the outbox, or by SMS through Kannel), comments, and the comment is
absent from every public page, feed and API until the secretariat publishes it; limits on codes and SMS; the cached
public page stays the same bytes for every visitor; the queue does not bump the content version, publishing does."""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from tenants.models import Tenant
from tenants.rls import tenant_context
from webapp.comments import queries as comment_queries
from webapp.comments.models import Comment
from webapp.consultations import services, verification
from webapp.consultations.models import Consultation, Contact
from webapp.core import content_version
from webapp.core.visibility import Reader
from webapp.core.zones import forum_today
from webapp.extensions import db
from webapp.proposals import services as proposals

TEXT = "The forum adopts the hazardous work list.\n\nMining pits are hazardous work for anyone under 18."


def _proposal(app, forum) -> int:
    from datetime import UTC, datetime

    with app.app_context(), tenant_context(forum):
        p = proposals.open_proposal({"title": "Hazardous work list", "text": TEXT, "rule": "no_objection",
                                     "audience": "roll", "deadline": datetime.now(UTC) + timedelta(days=7)}, None)
        db.session.commit()
        return p.id


def _consultation(app, forum) -> int:
    pid = _proposal(app, forum)
    with app.app_context(), tenant_context(forum):
        d = comment_queries.draft("proposal", pid, Reader.staff())
        c = services.open_consultation(d, "Is anything missing from the list?", None, forum_today() + timedelta(days=20))
        db.session.commit()
        return c.id


def _csrf(html: str, form_id: str) -> str:
    part = html.split(f'id="{form_id}"', 1)[1]
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', part).group(1)


def _verify_by_email(client, smtp, run_worker, base: str, email: str) -> None:
    page = client.get(f"{base}/take-part").get_data(as_text=True)
    r = client.post(f"{base}/code-request", data={"csrf_token": _csrf(page, "verify"), "channel": "email",
                                                  "address": email})
    assert r.status_code == 200, r.get_data(as_text=True)
    run_worker()
    [mail] = smtp.to(email)
    code = re.search(r"\b(\d{6})\b", mail.get_body(("plain",)).get_content()).group(1)
    html = r.get_data(as_text=True)
    r = client.post(f"{base}/code", data={"csrf_token": _csrf(html, "code-form"), "code": code})
    assert r.status_code == 303, r.get_data(as_text=True)


def _comment(client, base: str, body: str, **fields) -> None:
    page = client.get(f"{base}/take-part").get_data(as_text=True)
    r = client.post(f"{base}/comment", data={"csrf_token": _csrf(page, "comment"), "body": body, "language": "en",
                                             **fields})
    assert r.status_code == 200 and "your comment is sent" in r.get_data(as_text=True), r.get_data(as_text=True)


def test_the_secretariat_puts_a_draft_out_listed_on_the_public_home_and_counted_for_the_directory(
        app, client, auth, two_forums):
    pid = _proposal(app, two_forums["a"])
    auth.login(two_forums["a_sec"]["email"])
    page = client.get(f"/t/forum-a/comments/proposal/{pid}").get_data(as_text=True)
    new = f"/t/forum-a/consultations/new/proposal/{pid}"
    assert new in page
    closes = (forum_today() + timedelta(days=14)).isoformat()
    r = client.post(new, data={"csrf_token": auth.csrf(new), "question_1": "Is anything missing?",
                               "closes_on": closes})
    assert r.status_code == 303, r.get_data(as_text=True)
    auth.logout()
    home = app.test_client().get("/t/forum-a/public/").get_data(as_text=True)
    assert "Open for public comment" in home and "Hazardous work list" in home
    with app.app_context():
        assert db.session.get(Tenant, two_forums["a"].id).open_consultations == 1
    directory = app.test_client().get("/").get_data(as_text=True)
    assert "1 open consultation" in directory
    assert "Open for public comment" not in app.test_client().get("/t/forum-b/public/").get_data(as_text=True)


def test_a_verified_visitor_comments_absent_everywhere_until_published_and_the_page_stays_the_same_bytes(
        app, smtp, run_worker, auth, client, two_forums):
    cid = _consultation(app, two_forums["a"])
    public, base = f"/t/forum-a/public/consultations/{cid}", f"/t/forum-a/public/consultations/{cid}"
    first = app.test_client().get(public)
    assert first.status_code == 200 and "Set-Cookie" not in first.headers
    assert "Mining pits are hazardous work" in first.get_data(as_text=True)
    visitor = app.test_client()
    _verify_by_email(visitor, smtp, run_worker, base, "kwame@example.org")
    _comment(visitor, base, "Add carrying heavy loads at the pits.", name="Kwame A.", speaks_for="Tarkwa CSO")
    # the verified visitor's fetch of the cached page, then an anonymous one: the same bytes, no cookie
    seen_by_visitor = visitor.get(public)
    anonymous = app.test_client().get(public)
    assert seen_by_visitor.get_data() == anonymous.get_data() == first.get_data()
    assert "Set-Cookie" not in anonymous.headers and "Set-Cookie" not in seen_by_visitor.headers
    for path in (public, "/t/forum-a/public/", "/t/forum-a/public/feed.atom", "/t/forum-a/api/v1/",
                 "/t/forum-a/api/v1/bulk.zip"):
        assert b"heavy loads" not in app.test_client().get(path).get_data(), path
    with app.app_context(), tenant_context(two_forums["a"]):
        [held] = db.session.scalars(select(Comment).where(Comment.consultation_id == cid)).all()
        assert held.moderation == "held" and held.author_contact_id is not None and held.author_member_id is None
    # the queue shows it, with the contact the secretariat can reach; the queue does not bump the content version
    auth.login(two_forums["a_sec"]["email"])
    queue = client.get(f"/t/forum-a/consultations/{cid}").get_data(as_text=True)
    assert "heavy loads" in queue and "kwame@example.org" in queue and "Waiting" in queue
    with app.app_context():
        version = content_version.version(two_forums["a"].id)
    r = client.post(f"/t/forum-a/consultations/{cid}/comments/{held.id}/publish",
                    data={"csrf_token": auth.csrf(f"/t/forum-a/consultations/{cid}")})
    assert r.status_code == 303
    with app.app_context():
        assert content_version.version(two_forums["a"].id) > version
    after = app.test_client().get(public).get_data(as_text=True)
    assert "heavy loads" in after and "Kwame A." in after and "Tarkwa CSO" in after


def test_held_comments_do_not_bump_the_content_version(app, two_forums):
    cid = _consultation(app, two_forums["a"])
    with app.app_context(), tenant_context(two_forums["a"]):
        before = content_version.version(two_forums["a"].id)
        c = db.session.get(Consultation, (two_forums["a"].id, cid))
        contact = Contact(channel="email", address="x@example.org", attempts=0)
        db.session.add(contact)
        db.session.flush()
        services.add_public_comment(c, contact, body="Held.", name=None, speaks_for=None, language="en",
                                    position=None, network=None)
        db.session.commit()
        assert content_version.version(two_forums["a"].id) == before


def test_anonymous_to_the_public_never_to_the_secretariat_and_a_decline_with_a_reason(
        app, smtp, run_worker, auth, client, two_forums):
    cid = _consultation(app, two_forums["a"])
    base = f"/t/forum-a/public/consultations/{cid}"
    visitor = app.test_client()
    _verify_by_email(visitor, smtp, run_worker, base, "anon@example.org")
    _comment(visitor, base, "The list should name the pits at https://example.com/pits for the children there.")
    _comment(visitor, base, "Good list.")
    auth.login(two_forums["a_sec"]["email"])
    queue = client.get(f"/t/forum-a/consultations/{cid}").get_data(as_text=True)
    assert "anon@example.org" in queue and "Has links or is long" in queue
    with app.app_context(), tenant_context(two_forums["a"]):
        link, good = db.session.scalars(select(Comment).where(Comment.consultation_id == cid)
                                        .order_by(Comment.id)).all()
    token = auth.csrf(f"/t/forum-a/consultations/{cid}")
    client.post(f"/t/forum-a/consultations/{cid}/comments/{link.id}/decline",
                data={"csrf_token": token, "reason": "child_or_case"})
    client.post(f"/t/forum-a/consultations/{cid}/comments/{good.id}/publish", data={"csrf_token": token})
    assert "Identifies a child or a case" in client.get(f"/t/forum-a/consultations/{cid}").get_data(as_text=True)
    page = app.test_client().get(base).get_data(as_text=True)
    assert "Good list." in page and "Anonymous" in page and "anon@example.org" not in page
    assert "example.com/pits" not in page
    # the report button: a page of its own whose POST counts the report for the queue
    reader = app.test_client()
    form = reader.get(f"{base}/comments/{good.id}/report")
    assert form.headers["Cache-Control"] == "no-store"
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.get_data(as_text=True)).group(1)
    assert reader.post(f"{base}/comments/{good.id}/report", data={"csrf_token": token}).status_code == 200
    assert "Reported once" in client.get(f"/t/forum-a/consultations/{cid}").get_data(as_text=True)
    assert reader.get(f"{base}/comments/{link.id}/report").status_code == 404  # declined: nothing to report


def test_codes_are_limited_per_contact_and_sms_per_forum_and_wrong_codes_void_it(app, two_forums):
    cid = _consultation(app, two_forums["a"])
    with app.app_context(), tenant_context(two_forums["a"]):
        c = db.session.get(Consultation, (two_forums["a"].id, cid))
        for _ in range(verification.CODES_PER_CONTACT_PER_HOUR):
            sent = services.send_code(c, "email", "many@example.org", "en", None)
        try:
            services.send_code(c, "email", "many@example.org", "en", None)
            raise AssertionError("a fourth code in the hour was sent")
        except verification.VerificationError as e:
            assert e.code == "too_many"
        for _ in range(verification.MAX_ATTEMPTS):
            try:
                verification.verify(sent.contact.id, "000000x")
            except verification.VerificationError as e:
                assert e.code in ("wrong", "expired")
        try:
            verification.verify(sent.contact.id, "123456")
            raise AssertionError("a voided code was checked")
        except verification.VerificationError as e:
            assert e.code == "expired"
        app.config["CONSULTATION_SMS_PER_DAY"] = 1
        try:
            services.send_code(c, "phone", "+233201234611", "sw", None)
            try:
                services.send_code(c, "phone", "+233201234612", "sw", None)
                raise AssertionError("the forum's daily SMS cap was passed")
            except verification.VerificationError as e:
                assert e.code == "sms_cap"
        finally:
            app.config.pop("CONSULTATION_SMS_PER_DAY")
        db.session.rollback()


def test_a_phone_verified_by_an_sms_code_through_kannel(app, kannel, run_worker, two_forums):
    cid = _consultation(app, two_forums["a"])
    base = f"/t/forum-a/public/consultations/{cid}"
    visitor = app.test_client()
    page = visitor.get(f"{base}/take-part?lang=sw").get_data(as_text=True)
    r = visitor.post(f"{base}/code-request?lang=sw", data={"csrf_token": _csrf(page, "verify"), "channel": "phone",
                                                          "address": "+233201234621"})
    assert r.status_code == 200, r.get_data(as_text=True)
    run_worker()
    [sms] = kannel.wait_received(1)
    assert sms.to.endswith("233201234621") and "nambari yako ni" in sms.text
    code = re.search(r"\b(\d{6})\b", sms.text).group(1)
    r = visitor.post(f"{base}/code?lang=sw", data={"csrf_token": _csrf(r.get_data(as_text=True), "code-form"),
                                                   "code": code})
    assert r.status_code == 303
    assert 'id="comment"' in visitor.get(f"{base}/take-part?lang=sw").get_data(as_text=True)


def test_the_close_publishes_what_we_heard_beside_the_final_text(app, auth, client, two_forums):
    cid = _consultation(app, two_forums["a"])
    auth.login(two_forums["a_sec"]["email"])
    path = f"/t/forum-a/consultations/{cid}/close"
    r = client.post(path, data={"csrf_token": auth.csrf(path), "heard": "## Loads\n\nTwelve comments asked for "
                                "heavy loads: added.", "final_text": TEXT + "\n\nCarrying heavy loads."})
    assert r.status_code == 303, r.get_data(as_text=True)
    page = app.test_client().get(f"/t/forum-a/public/consultations/{cid}").get_data(as_text=True)
    assert "What we heard" in page and "Twelve comments asked" in page and "Carrying heavy loads." in page
    assert "Comment on this draft" not in page
    with app.app_context():
        assert db.session.get(Tenant, two_forums["a"].id).open_consultations == 0


def test_another_forums_consultation_is_404_on_every_public_form(app, smtp, run_worker, two_forums):
    cid = _consultation(app, two_forums["a"])
    with app.app_context(), tenant_context(two_forums["a"]):
        c = db.session.get(Consultation, (two_forums["a"].id, cid))
        contact = Contact(channel="email", address="v@example.org", attempts=0)
        db.session.add(contact)
        db.session.flush()
        cm = services.publish(c, services.add_public_comment(c, contact, body="Fine.", name=None, speaks_for=None,
                                                             language="en", position=None, network=None))
        cm_id = cm.id
        db.session.commit()
    visitor = app.test_client()
    own = visitor.get(f"/t/forum-a/public/consultations/{cid}/take-part").get_data(as_text=True)
    token = _csrf(own, "verify")
    assert visitor.get(f"/t/forum-a/public/consultations/{cid}/comments/{cm_id}/report").status_code == 200
    for path in ("", "/take-part", f"/comments/{cm_id}/report"):
        assert visitor.get(f"/t/forum-b/public/consultations/{cid}{path}").status_code == 404, path
    for path in ("/code-request", "/code", "/comment", f"/comments/{cm_id}/report"):
        r = visitor.post(f"/t/forum-b/public/consultations/{cid}{path}",
                         data={"csrf_token": token, "channel": "email", "address": "v@example.org", "code": "1",
                               "body": "x", "language": "en"})
        assert r.status_code == 404, path


def test_erasure_on_request_retention_and_the_forums_export(app, smtp, run_worker, auth, client, two_forums):
    import io
    import json
    import zipfile

    from webapp import tenant_data

    cid = _consultation(app, two_forums["a"])
    base = f"/t/forum-a/public/consultations/{cid}"
    visitor = app.test_client()
    _verify_by_email(visitor, smtp, run_worker, base, "erase.me@example.org")
    _comment(visitor, base, "Please add the washing of ore.", name="Ama Erased", speaks_for="Obuasi group")
    with app.app_context():
        data = json.loads(zipfile.ZipFile(io.BytesIO(tenant_data.export(
            db.session.get(Tenant, two_forums["a"].id)))).read("data.json"))
    assert [r["address"] for r in data["consultation_contacts"]] == ["erase.me@example.org"]
    assert [r["title"] for r in data["consultations"]] == ["Hazardous work list"]
    assert [r["public_name"] for r in data["comments"] if r["consultation_id"] == cid] == ["Ama Erased"]
    with app.app_context(), tenant_context(two_forums["a"]):
        [cm] = db.session.scalars(select(Comment).where(Comment.consultation_id == cid)).all()
    auth.login(two_forums["a_sec"]["email"])
    page = f"/t/forum-a/consultations/{cid}"
    r = client.post(f"{page}/comments/{cm.id}/erase", data={"csrf_token": auth.csrf(page)})
    assert r.status_code == 303
    queue = client.get(page).get_data(as_text=True)
    assert "erase.me@example.org" not in queue and "Ama Erased" not in queue and "washing of ore" not in queue
    with app.app_context(), tenant_context(two_forums["a"]):
        assert db.session.scalar(select(Contact.address).where(Contact.id == cm.author_contact_id)).startswith(
            "erased-")
        from webapp.notices.models import Notice
        assert "erase.me@example.org" not in {n.recipient_email for n in db.session.scalars(select(Notice))}


def test_the_retention_period_erases_contacts_a_year_after_the_close(app, two_forums):
    cid = _consultation(app, two_forums["a"])
    with app.app_context(), tenant_context(two_forums["a"]):
        c = db.session.get(Consultation, (two_forums["a"].id, cid))
        from datetime import UTC, datetime

        kept = Contact(channel="phone", address="+233201234699", attempts=0, verified_at=datetime.now(UTC))
        db.session.add(kept)
        db.session.flush()
        services.publish(c, services.add_public_comment(c, kept, body="Published text.", name="Yaw", speaks_for=None,
                                                        language="en", position=None, network=None))
        db.session.commit()
        assert services.purge_expired(c.closes_on + timedelta(days=300)) == 0
        assert services.purge_expired(c.closes_on + timedelta(days=366)) == 1
        db.session.commit()
        [cm] = db.session.scalars(select(Comment).where(Comment.consultation_id == cid)).all()
        assert (cm.body, cm.public_name) == ("Published text.", None)
        assert db.session.get(Contact, (two_forums["a"].id, kept.id)).address.startswith("erased-")


def test_what_we_heard_in_the_readers_language_where_translated(app, two_forums):
    from webapp.core import content

    cid = _consultation(app, two_forums["a"])
    with app.app_context(), tenant_context(two_forums["a"]):
        c = db.session.get(Consultation, (two_forums["a"].id, cid))
        services.close(c, "Many comments asked for heavy loads: added.", TEXT)
        content.set_translation("consultation", cid, "heard", "sw", "Maoni mengi yaliomba mizigo mizito: imeongezwa.")
        content.set_translation("consultation", cid, "title", "sw", "Orodha ya kazi hatari")
        db.session.commit()
    reader = app.test_client()
    sw = reader.get(f"/t/forum-a/public/consultations/{cid}?lang=sw").get_data(as_text=True)
    assert "Orodha ya kazi hatari" in sw and "Maoni mengi yaliomba mizigo mizito" in sw
    en = reader.get(f"/t/forum-a/public/consultations/{cid}?lang=en").get_data(as_text=True)
    assert "Many comments asked for heavy loads" in en and "mizigo" not in en


def test_the_directorys_count_drops_when_a_period_ends(app, two_forums):
    cid = _consultation(app, two_forums["a"])
    with app.app_context(), tenant_context(two_forums["a"]):
        assert db.session.get(Tenant, two_forums["a"].id).open_consultations == 1
        c = db.session.get(Consultation, (two_forums["a"].id, cid))
        c.opens_on, c.closes_on = forum_today() - timedelta(days=30), forum_today() - timedelta(days=1)
        services.purge_expired()
        db.session.commit()
        assert db.session.get(Tenant, two_forums["a"].id).open_consultations == 0
