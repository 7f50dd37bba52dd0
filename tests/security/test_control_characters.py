"""Control characters (CR, LF, NUL …) in one-line fields are refused with a clear message, by every form,
by the services that bypass forms (roll import, CLI), and stored ones never break an email."""
from __future__ import annotations

import importlib
import io
import pkgutil

import psycopg
import pytest
from sqlalchemy import select
from wtforms import Form as WtForm
from wtforms import HiddenField, PasswordField, StringField, TextAreaField

import webapp
from tenants.models import Tenant
from tenants.rls import tenant_context
from webapp.core.forms import Form, NoControlCharacters, SingleLine
from webapp.core.text import is_clean_text, is_one_line, one_line
from webapp.extensions import db
from webapp.members import services as roll
from webapp.members.models import Member

ONE_LINE = "Please write this on one line, without line breaks, tabs or other control characters."
CONTROL = "This text contains an invisible control character (such as NUL) that cannot be saved. Please remove it."


def _form_classes() -> list[type]:
    for info in pkgutil.walk_packages(webapp.__path__, "webapp."):
        if info.name.rsplit(".", 1)[-1].endswith("forms"):
            importlib.import_module(info.name)
    found, todo = [], [WtForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("webapp.") and sub.__module__ != "webapp.core.forms":
                found.append(sub)
    return found


def test_every_text_field_of_every_form_gets_the_character_rule(app):
    classes = _form_classes()
    assert len(classes) > 20  # the walk found the project's forms
    checked = 0
    with app.test_request_context():
        for cls in classes:
            assert issubclass(cls, Form), f"{cls.__module__}.{cls.__name__} must derive from webapp.core.forms.Form"
            form = cls(meta={"csrf": False})
            for field in form:
                if isinstance(field, TextAreaField | HiddenField):
                    assert any(isinstance(v, NoControlCharacters) for v in field.validators), (cls, field.name)
                    checked += 1
                elif isinstance(field, StringField) and not isinstance(field, PasswordField):
                    assert any(isinstance(v, SingleLine) for v in field.validators), (cls, field.name)
                    checked += 1
    assert checked > 50


@pytest.mark.parametrize(("value", "single", "multi"), [
    ("Ghana NSCCL — Mining", True, True), ("A\r\nB", False, True), ("A\nB", False, True), ("A\tB", False, True),
    ("A\x00B", False, False), ("A\x1bB", False, False), ("A\x7fB", False, False), ("A\u2028B", False, True),
    ("A\x85B", False, True), ("", True, True), (None, True, True),
])
def test_character_rules(value, single, multi):
    assert is_one_line(value) is single and is_clean_text(value) is multi


def test_one_line_turns_control_runs_into_one_space():
    assert one_line("Forum A\r\nBcc: x@example.org") == "Forum A Bcc: x@example.org"
    assert one_line(" A\x00\x00B ") == "A B" and one_line(None) == ""


def _tenant(app, slug="forum-a") -> Tenant:
    with app.app_context():
        tenant = db.session.scalar(select(Tenant).where(Tenant.slug == slug))
        db.session.expunge(tenant)
        return tenant


SETTINGS = {"name": "Forum A", "kind": "steering_committee", "country": "gh", "about": "About us.",
            "timezone": "Africa/Accra", "default_locale": "en", "enabled_locales": ["fr"],
            "core_constituencies": ["government", "workers", "employers"], "quorum_share": "50",
            "reminder_hours": "72, 2", "reply_to": "", "short_name": "FA"}


def _settings(client, auth, **changes):
    return client.post("/t/forum-a/settings/",
                       data={"csrf_token": auth.csrf("/t/forum-a/settings/"), **SETTINGS, **changes})


def test_line_break_in_a_forum_name_is_refused_and_nothing_changes(app, client, auth, two_forums):
    auth.login(two_forums["a_sec"]["email"])
    r = _settings(client, auth, name="A\r\nB")
    assert r.status_code == 422 and ONE_LINE in r.get_data(as_text=True)
    assert 'value="A' in r.get_data(as_text=True)  # the form keeps what was typed
    assert _tenant(app).name == "Forum A"
    assert _settings(client, auth, name="Forum A — Mining").status_code == 303
    assert _tenant(app).name == "Forum A — Mining"


def test_nul_in_a_textarea_is_a_422_with_the_form_not_an_error_page(app, client, auth, two_forums):
    auth.login(two_forums["a_sec"]["email"])
    r = _settings(client, auth, name="Renamed", about="Line one\r\nline\x00two")
    assert r.status_code == 422 and CONTROL in r.get_data(as_text=True)
    assert _tenant(app).name == "Forum A"
    r = _settings(client, auth, name="Renamed", about="Line one\r\n\tline two")  # line breaks and tabs are fine
    assert r.status_code == 303 and _tenant(app).name == "Renamed"


def test_line_break_in_a_member_name_is_refused_in_the_users_language(app, client, auth, two_forums):
    auth.login(two_forums["a_sec"]["email"])
    url = f"/t/forum-a/members/{two_forums['a_member']['id']}/edit"
    data = {"name": "A\r\nB", "email": "amadou@forum-a.test", "role": "member", "gender": "man", "youth": "no",
            "languages": "fr", "locale": "fr", "active": "y"}
    r = client.post(url, data={"csrf_token": auth.csrf(url), **data})
    assert r.status_code == 422 and ONE_LINE in r.get_data(as_text=True)
    with app.app_context(), tenant_context(two_forums["a"]):
        assert db.session.get(Member, (two_forums["a"].id, two_forums["a_member"]["id"])).name == "Amadou Member"
    r = client.post(url + "?lang=fr", data={"csrf_token": auth.csrf(url), **data, "name": "A\x00B"})
    assert r.status_code == 422
    with app.test_request_context():
        from flask_babel import force_locale, gettext

        with force_locale("fr"):
            french = gettext(ONE_LINE)
    assert french != ONE_LINE and french in r.get_data(as_text=True)
    r = client.post("/t/forum-a/members/new", data={"csrf_token": auth.csrf(url), **data,
                                                    "email": "new@forum-a.test"})
    assert r.status_code == 422 and ONE_LINE in r.get_data(as_text=True)
    with app.app_context(), tenant_context(two_forums["a"]):
        assert db.session.scalar(select(Member).where(Member.email == "new@forum-a.test")) is None


def test_line_break_in_a_title_translation_is_refused(app, client, auth, factory, two_forums):
    with app.app_context():
        db.session.get(Tenant, two_forums["a"].id).enabled_locales = ["en", "fr"]
        db.session.commit()
    m = factory.meeting(two_forums["a"])
    auth.login(two_forums["a_sec"]["email"])
    url = f"/t/forum-a/meetings/{m['id']}/edit"
    start = m["start"]
    data = {"title": "Plenary meeting", "committee_id": m["committee_id"], "kind": "plenary",
            "day": start.date().isoformat(), "start_time": "10:00", "end_time": "12:00", "venue": "Accra",
            "language": "en", "visibility": "members", "expected_outputs": "A work plan"}
    r = client.post(url, data={"csrf_token": auth.csrf(url), **data, "title_fr": "Réunion\r\nBcc: x@example.org"})
    assert r.status_code == 422 and ONE_LINE in r.get_data(as_text=True)
    r = client.post(url, data={"csrf_token": auth.csrf(url), **data, "expected_outputs_fr": "Un plan\x00"})
    assert r.status_code == 422 and CONTROL in r.get_data(as_text=True)
    r = client.post(url, data={"csrf_token": auth.csrf(url), **data, "title_fr": "Réunion plénière",
                               "expected_outputs_fr": "Un plan\r\nde travail"})
    assert r.status_code == 303


def test_services_refuse_control_characters_where_forms_are_bypassed(app, two_forums):
    with app.app_context(), tenant_context(two_forums["a"]):
        for call in (lambda: roll.add_member("A\nB", "ab@forum-a.test"),
                     lambda: roll.save_organisation(None, name="Org\r\n", acronym="X\x00", constituency="workers",
                                                    country=None),
                     lambda: roll.save_committee(None, name="Mining\u2028committee", kind="plenary",
                                                 level="national"),
                     lambda: roll.update_member(db.session.get(Member, (two_forums["a"].id,
                                                                        two_forums["a_member"]["id"])),
                                                {"region": "Ashanti\x1b"})):
            with pytest.raises(roll.MemberError) as info:
                call()
            assert info.value.code == "control_characters"
        db.session.rollback()


def test_roll_import_reports_control_characters_per_row(app, client, auth, two_forums):
    auth.login(two_forums["a_sec"]["email"])
    content = (b"name,email,region\n"
               b"Good Person,good@roll.example.org,Ashanti\n"
               b"Bad\x1bPerson,bad@roll.example.org,Volta\n")
    token = auth.csrf("/t/forum-a/members/import")
    r = client.post("/t/forum-a/members/import", data={"csrf_token": token, "file": (io.BytesIO(content), "r.csv")},
                    content_type="multipart/form-data")
    html = r.get_data(as_text=True)
    assert r.status_code == 422 and "<tr><td>3</td><td>name</td>" in html and "control character" in html
    with app.app_context(), tenant_context(two_forums["a"]):
        assert db.session.scalar(select(Member).where(Member.email == "good@roll.example.org")) is None


def test_cli_forum_creation_refuses_a_line_break_in_the_name(app, databases):
    result = app.test_cli_runner().invoke(args=[
        "forums", "create", "--slug", "broken", "--name", "Broken\r\nForum", "--secretariat-name", "Neema",
        "--secretariat-email", "neema@broken.test"])
    assert result.exit_code != 0 and "name" in result.output and "control" in result.output
    result = app.test_cli_runner().invoke(args=[
        "forums", "create", "--slug", "broken", "--name", "Forum", "--secretariat-name", "Nee\nma",
        "--secretariat-email", "neema@broken.test"])
    assert result.exit_code != 0 and "secretariat_name" in result.output
    with app.app_context():
        assert db.session.scalar(select(Tenant).where(Tenant.slug == "broken")) is None


def test_a_forum_whose_stored_name_has_a_line_break_still_sends_its_notices(app, databases, factory, smtp, run_worker,
                                                                            queue_redis, two_forums):
    """Data written before the rule (set here directly in the database, as the owner): the mail layer makes
    header values one line, so the notice arrives and nothing is injected."""
    evil = "Forum A\r\nBcc: victim@example.org"
    with psycopg.connect(databases.owner_url.replace("postgresql+psycopg://", "postgresql://"),
                         autocommit=True) as conn:
        conn.execute("UPDATE tenants SET name = %s WHERE slug = 'forum-a'", (evil,))
        conn.execute("SELECT set_config('app.tenant_id', %s, false)", (str(two_forums["a"].id),))
        conn.execute("UPDATE members SET name = %s WHERE id = %s",
                     ("Amadou\nMember", two_forums["a_member"]["id"]))
    tenant = _tenant(app)
    factory.meeting(tenant, title="Plenary", member_ids=(two_forums["a_member"]["id"],), notify=True)
    with app.app_context(), tenant_context(tenant):
        from webapp.meetings.models import Meeting

        db.session.execute(db.update(Meeting).values(title="Plenary\r\nX-Injected: yes"))
        db.session.commit()
    run_worker()
    [msg] = smtp.to(two_forums["a_member"]["email"])
    assert msg["From"].addresses[0].display_name == "Forum A Bcc: victim@example.org via Baraza"
    assert msg["To"].addresses[0].display_name == "Amadou Member"
    assert "Bcc" not in msg and "X-Injected" not in msg
    assert "\n" not in str(msg["Subject"]) and "\r" not in str(msg["Subject"])
    from icalendar import Calendar

    [part] = [p for p in msg.walk() if p.get_content_type() == "text/calendar"]
    event = Calendar.from_ical(part.get_content()).walk("VEVENT")[0]
    assert "victim" not in str(event["ATTENDEE"]) and event["ORGANIZER"].params["CN"] == \
        "Forum A Bcc: victim@example.org"
