"""The public's consultation forms fuzzed like the others (tests/security/test_hostile_input.py): any junk in any
field of the code request, the code, the comment (as a verified visitor) and the report never answers 500, and a
refused form is a page in the site's layout; a published comment carrying markup stays inert on the public page and
in the secretariat's queue."""
from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tenants.rls import tenant_context
from tests.consultations.test_consultations import _consultation
from tests.security.test_hostile_input import DEPTH, XSS, assert_inert, junk
from webapp.consultations import services
from webapp.consultations.models import Consultation, Contact
from webapp.extensions import db

FORMS = {"code-request": ["channel", "address"], "code": ["code"], "comment": ["body", "name", "speaks_for",
                                                                                "language"]}


@pytest.fixture
def open_consultation(app, two_forums, queue_redis):
    cid = _consultation(app, two_forums["a"])
    with app.app_context(), tenant_context(two_forums["a"]):
        c = db.session.get(Consultation, (two_forums["a"].id, cid))
        contact = Contact(channel="email", address="fuzz@example.org", attempts=0)
        db.session.add(contact)
        db.session.flush()
        comment = services.publish(c, services.add_public_comment(
            c, contact, body="Published.", name=None, speaks_for=None, language="en", position=None, network=None))
        contact.verified_at = datetime.now(UTC)
        ids = {"consultation": cid, "contact": contact.id, "comment": comment.id, "tenant": two_forums["a"].id}
        db.session.commit()
    return ids


@settings(deadline=None, max_examples=40 * DEPTH, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_public_forms_never_answer_500(app, open_consultation, data):
    visitor = app.test_client()
    base = f"/t/forum-a/public/consultations/{open_consultation['consultation']}"
    if data.draw(st.booleans()):
        with visitor.session_transaction() as s:
            s["consultation_contact"] = (open_consultation["tenant"], open_consultation["contact"])
            s["consultation_pending"] = (open_consultation["tenant"], open_consultation["contact"])
    page = visitor.get(f"{base}/take-part").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    name = data.draw(st.sampled_from(sorted(FORMS) + ["report"]))
    path = f"{base}/comments/{open_consultation['comment']}/report" if name == "report" else f"{base}/{name}"
    fields = {f: data.draw(junk) for f in FORMS.get(name, ["confirm"])}
    query = data.draw(st.sampled_from(["", "?p=1", "?p=99999999999999999999", "?p=-1", "?lang=sw", "?p=x"]))
    r = visitor.post(path + query, data={"csrf_token": token, **fields})
    assert r.status_code < 500, (path, fields, r.status_code)
    if r.status_code >= 400 and r.status_code != 403:
        assert "<!doctype html>" in r.get_data(as_text=True)


def test_markup_in_a_published_comment_is_inert(app, auth, client, two_forums, queue_redis):
    cid = _consultation(app, two_forums["a"])
    with app.app_context(), tenant_context(two_forums["a"]):
        c = db.session.get(Consultation, (two_forums["a"].id, cid))
        contact = Contact(channel="email", address="xss@example.org", attempts=0)
        db.session.add(contact)
        db.session.flush()
        services.publish(c, services.add_public_comment(c, contact, body=XSS, name=XSS, speaks_for=XSS,
                                                        language="en", position=None, network=None))
        db.session.commit()
    page = app.test_client().get(f"/t/forum-a/public/consultations/{cid}").get_data(as_text=True)
    assert "alert(1)" in page
    assert_inert(page, "public consultation page")
    auth.login(two_forums["a_sec"]["email"])
    assert_inert(client.get(f"/t/forum-a/consultations/{cid}").get_data(as_text=True), "queue")
