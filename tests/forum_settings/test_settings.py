"""A forum's chair or secretariat edits its settings; the rest of the product follows them."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tenants.models import Tenant
from tenants.rls import tenant_context
from webapp.core.audit import AuditEvent
from webapp.extensions import db

GOOD = {"name": "Ghana NSCCL — Mining", "short_name": "nsccl-m", "kind": "steering_committee", "country": "gh",
        "about": "The national steering committee's mining task force, Accra.", "timezone": "Africa/Accra",
        "default_locale": "fr", "enabled_locales": ["en", "ha"],
        "core_constituencies": ["government", "workers", "asm_miners"], "quorum_share": "60",
        "quorum_requires_each_core": "y", "reminder_hours": "48, 3", "age_bands": "0-4, 5-11, 12-17", "reply_to": "Secretariat@NSCCL.org.gh",
        "sms_plain_accents": "y"}


def _post(client, auth, data, slug="forum-a"):
    return client.post(f"/t/{slug}/settings/", data={"csrf_token": auth.csrf(f"/t/{slug}/settings/"), **data})


def _tenant(app, slug="forum-a") -> Tenant:
    with app.app_context():
        tenant = db.session.scalar(select(Tenant).where(Tenant.slug == slug))
        db.session.expunge(tenant)
        return tenant


def test_secretariat_edits_the_forum_and_the_product_follows(app, client, auth, factory, two_forums):
    auth.login(two_forums["a_sec"]["email"])
    page = client.get("/t/forum-a/settings/").get_data(as_text=True)
    assert 'value="forum-a"' not in page and "Forum settings" in page and 'value="72, 2"' in page
    assert 'name="short_name"' in page and 'value="FA"' in page  # suggested from the forum's initials
    assert re.search(r'<input[^>]*checked[^>]*name="sms_plain_accents"', page)  # on by default
    r = _post(client, auth, GOOD)
    assert r.status_code == 303 and r.headers["Location"] == "/t/forum-a/settings/", \
        re.findall(r"field-error\">([^<]+)", r.get_data(as_text=True))
    t = _tenant(app)
    assert (t.name, t.country, t.timezone, t.default_locale, t.enabled_locales) == \
        ("Ghana NSCCL — Mining", "GH", "Africa/Accra", "fr", ["fr", "en", "ha"])
    assert t.settings["core_constituencies"] == ["government", "workers", "asm_miners"]
    assert (t.settings["quorum_share"], t.settings["quorum_requires_each_core"]) == (0.6, True)
    assert (t.settings["reminder_offsets_minutes"], t.settings["reply_to"]) == ([2880, 180], "secretariat@nsccl.org.gh")
    assert t.settings["age_bands"] == ["0-4", "5-11", "12-17"]
    assert t.short_name == "NSCCL-M" and t.setting("sms_plain_accents") is True
    with app.app_context(), tenant_context(two_forums["a"]):
        [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.object_type == "forum_settings")).all()
        assert "core_constituencies" in event.fields and "name" in event.fields and "Ama" in event.actor
    # the form shows what is saved; saving it again changes nothing
    again = client.get("/t/forum-a/settings/?lang=en").get_data(as_text=True)
    assert 'value="48, 3"' in again and 'value="60"' in again
    assert _post(client, auth, GOOD).status_code == 303
    with app.app_context(), tenant_context(two_forums["a"]):
        assert len(db.session.scalars(select(AuditEvent).where(AuditEvent.object_type == "forum_settings")).all()) == 1
    # the decision form asks for the new core constituencies' positions; the public page says what the forum is
    m = factory.meeting(two_forums["a"], member_ids=(two_forums["a_member"]["id"],))
    form = client.get(f"/t/forum-a/meetings/{m['id']}/decisions/new").get_data(as_text=True)
    assert 'name="position_asm_miners"' in form and 'name="position_employers"' not in form
    auth.logout()
    public = client.get("/t/forum-a/public/?lang=en").get_data(as_text=True)
    assert "mining task force, Accra." in public and "Ghana NSCCL — Mining" in public
    assert "Ghana NSCCL — Mining" in client.get("/").get_data(as_text=True)  # the directory


@pytest.mark.parametrize("field, value, message", [
    ("timezone", "Mars/Olympus", "Unknown time zone"),
    ("core_constituencies", [], "Choose at least one core constituency"),
    ("core_constituencies", ["government", "pirates"], "is not a valid choice"),
    ("reminder_hours", "soon", "Up to four whole numbers of hours"),
    ("reminder_hours", "1, 2, 3, 4, 5", "Up to four whole numbers of hours"),
    ("reminder_hours", "9999", "Up to four whole numbers of hours"),
    ("age_bands", "5-11, 5-11", "Up to eight different bands"),
    ("age_bands", "1, 2, 3, 4, 5, 6, 7, 8, 9", "Up to eight different bands"),
    ("quorum_share", "0", "Between 1 and 100"),
    ("quorum_share", "250", "Between 1 and 100"),
    ("name", "", "Please enter a name"),
    ("short_name", "", "Please enter a short name"),
    ("short_name", "National committee", "2 to 12 capital letters, digits or hyphens"),
    ("country", "Ghana", "Use the two-letter code"),
    ("reply_to", "not-an-address", "does not look right"),
    ("default_locale", "xx", "Not a valid choice"),
])
def test_bad_values_get_a_clear_message_and_change_nothing(app, client, auth, two_forums, field, value, message):
    before = _tenant(app)
    auth.login(two_forums["a_sec"]["email"])
    r = _post(client, auth, {**GOOD, field: value})
    body = r.get_data(as_text=True)
    assert r.status_code == 422 and message in body, (field, value, r.status_code)
    assert "mining task force, Accra.</textarea>" in body  # what was typed is kept
    after = _tenant(app)
    assert (after.name, after.timezone, after.settings) == (before.name, before.timezone, before.settings)


def test_bad_values_are_explained_in_the_users_language(client, auth, two_forums):
    auth.login(two_forums["a_sec"]["email"])
    r = client.post("/t/forum-a/settings/?lang=fr", data={
        "csrf_token": auth.csrf("/t/forum-a/settings/"), **{**GOOD, "core_constituencies": []}})
    assert r.status_code == 422 and "Choisissez au moins un groupe représenté clé" in r.get_data(as_text=True)


def test_another_forums_secretariat_and_members_cannot_touch_the_settings(app, client, auth, factory, two_forums):
    before = _tenant(app)
    for email in (two_forums["b_sec"]["email"], two_forums["a_member"]["email"]):
        auth.login(email)
        assert client.get("/t/forum-a/settings/").status_code == 404
        r = _post(client, auth, GOOD) if email == two_forums["a_member"]["email"] else client.post(
            "/t/forum-a/settings/", data={"csrf_token": auth.csrf("/t/forum-b/settings/"), **GOOD})
        assert r.status_code == 404, email
        auth.logout()
    assert _tenant(app).name == before.name and _tenant(app, "forum-b").name != GOOD["name"]


@pytest.mark.parametrize("locale", ["fr", "es", "sw", "ha"])
def test_wtforms_own_messages_speak_every_language(app, client, auth, two_forums, locale):
    """WTForms ships no Swahili or Hausa: its messages come from our catalogues (webapp/core/forms.py)."""
    from pathlib import Path

    from babel.support import Translations

    catalogue = Translations.load(str(Path(app.root_path).parent / "translations"), [locale])
    expected = [catalogue.gettext("Not a valid integer value."),
                catalogue.ungettext("Field cannot be longer than %(max)d character.",
                                    "Field cannot be longer than %(max)d characters.", 2000) % {"max": 2000}]
    assert "Not a valid integer value." not in expected
    auth.login(two_forums["a_sec"]["email"])
    r = client.post(f"/t/forum-a/settings/?lang={locale}", data={
        "csrf_token": auth.csrf("/t/forum-a/settings/"), **{**GOOD, "quorum_share": "half", "about": "x" * 2001}})
    body = r.get_data(as_text=True)
    for message in expected:
        assert message.replace("'", "&#39;") in body, (locale, message)
