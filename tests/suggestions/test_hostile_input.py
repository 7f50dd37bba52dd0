"""The public's suggestion form fuzzed like the others (tests/security/test_hostile_input.py): any junk in any field
of the code request, the code and the suggestion (as a verified visitor or not) never answers 500, and a refused form
is a page in the site's layout; a published suggestion and its answer carrying markup stay inert on the public home
and in the secretariat's queue."""
from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tenants.rls import tenant_context
from tests.security.test_hostile_input import DEPTH, XSS, assert_inert, junk
from webapp.consultations.models import Contact
from webapp.extensions import db
from webapp.suggestions import services

FORMS = {"code-request": ["channel", "address"], "code": ["code"],
         "send": ["title", "body", "name", "speaks_for", "language"]}


@pytest.fixture
def verified(app, two_forums, queue_redis):
    with app.app_context(), tenant_context(two_forums["a"]):
        contact = Contact(channel="email", address="fuzz@example.org", attempts=0, verified_at=datetime.now(UTC))
        db.session.add(contact)
        db.session.commit()
        return {"contact": contact.id, "tenant": two_forums["a"].id}


@settings(deadline=None, max_examples=40 * DEPTH, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_suggestion_form_never_answers_500(app, verified, data):
    visitor = app.test_client()
    if data.draw(st.booleans()):
        with visitor.session_transaction() as s:
            s["consultation_contact"] = (verified["tenant"], verified["contact"])
            s["consultation_pending"] = (verified["tenant"], verified["contact"])
    page = visitor.get("/t/forum-a/public/suggest/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    name = data.draw(st.sampled_from(sorted(FORMS)))
    fields = {f: data.draw(junk) for f in FORMS[name]}
    query = data.draw(st.sampled_from(["", "?lang=sw", "?lang=xx", "?meeting=1"]))
    headers = data.draw(st.sampled_from([{}, {"HX-Request": "true"}]))  # a fragment renders the block alone
    r = visitor.post(f"/t/forum-a/public/suggest/{name}{query}", data={"csrf_token": token, **fields},
                     headers=headers)
    assert r.status_code < 500, (name, fields, r.status_code)
    if r.status_code >= 400 and r.status_code != 403 and not headers:
        assert "<!doctype html>" in r.get_data(as_text=True)


def test_markup_in_a_published_suggestion_is_inert(app, auth, client, two_forums, queue_redis):
    with app.app_context(), tenant_context(two_forums["a"]):
        contact = Contact(channel="email", address="xss@example.org", attempts=0, verified_at=datetime.now(UTC))
        db.session.add(contact)
        db.session.flush()
        s = services.add(contact, title=XSS[:200], body=XSS, name=XSS, speaks_for=XSS, language="en", network=None)
        services.publish(s)
        services.answer(s, XSS)
        db.session.commit()
    page = app.test_client().get("/t/forum-a/public/").get_data(as_text=True)
    assert "alert(1)" in page
    assert_inert(page, "public home")
    auth.login(two_forums["a_sec"]["email"])
    assert_inert(client.get("/t/forum-a/suggestions/").get_data(as_text=True), "queue")
