"""Issue 42, registration for open sessions without an account: a seat while there is one, then a waiting list; a
cancellation moves the first waiting person up and tells them; the confirmation carries an .ics and the online link,
which the public page never shows; the cached public page stays the same bytes for every visitor."""
from __future__ import annotations

import re
from datetime import timedelta

from icalendar import Calendar

from tenants.rls import tenant_context
from webapp.extensions import db
from webapp.meetings.models import Meeting
from webapp.registrations import services
from webapp.registrations.models import Registration

LINK = "https://meet.example.org/secret-room-42"


def _open_meeting(app, factory, tenant, capacity: int = 1) -> int:
    m = factory.meeting(tenant, title="Open webinar on mining", visibility="public", notify=True, online_link=LINK)
    with app.app_context(), tenant_context(tenant):
        services.open_registration(db.session.get(Meeting, (tenant.id, m["id"])), capacity)
    return m["id"]


def _register(client, slug: str, mid: int, name: str, email: str, address: str = "127.0.0.1", **fields):
    url = f"/t/{slug}/public/meetings/{mid}/register"
    html = client.get(url).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    return client.post(url, data={"csrf_token": token, "name": name, "email": email, "language": "en", **fields},
                       environ_base={"REMOTE_ADDR": address})


def test_a_seat_then_the_waiting_list_and_a_cancellation_moves_the_first_up(app, smtp, run_worker, factory,
                                                                              two_forums):
    mid = _open_meeting(app, factory, two_forums["a"], capacity=1)
    run_worker()
    smtp.messages.clear()
    first, second = app.test_client(), app.test_client()
    r = _register(first, "forum-a", mid, "Amina Yusuf", "amina@example.org", access_needs="Hausa interpretation")
    assert r.status_code == 200 and "You are registered" in r.get_data(as_text=True)
    r = _register(second, "forum-a", mid, "Kofi Mensah", "kofi@example.org")
    assert r.status_code == 200 and "waiting list" in r.get_data(as_text=True)
    run_worker()
    [confirmed] = smtp.to("amina@example.org")
    [part] = [p for p in confirmed.walk() if p.get_content_type() == "text/calendar"]
    event = Calendar.from_ical(part.get_content()).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Open webinar on mining" and LINK in str(event["LOCATION"])
    assert LINK in confirmed.get_body(("plain",)).get_content()
    [waiting] = smtp.to("kofi@example.org")
    assert LINK not in waiting.as_string() and not [p for p in waiting.walk()
                                                     if p.get_content_type() == "text/calendar"]
    # Amina cancels with the link of her e-mail: Kofi moves up and is told, with the link and the .ics
    cancel_url = re.search(r"(http\S+/public/registrations/\S+/cancel)", confirmed.get_body(("plain",)).get_content())
    path = "/" + cancel_url.group(1).split("/", 3)[3]
    page = first.get(path).get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)  # the button_form macro's field
    assert first.post(path, data={"csrf_token": token}).status_code == 200
    smtp.messages.clear()
    run_worker()
    [moved] = smtp.to("kofi@example.org")
    assert "A seat is yours" in moved["Subject"] and LINK in moved.get_body(("plain",)).get_content()
    assert [p for p in moved.walk() if p.get_content_type() == "text/calendar"]
    with app.app_context(), tenant_context(two_forums["a"]):
        rows = db.session.scalars(db.select(Registration)).all()
        assert [(r.email, r.status) for r in rows] == [("kofi@example.org", "confirmed")]  # Amina's data are gone


def test_the_public_page_links_the_form_never_the_online_link_and_stays_the_same_bytes(app, factory, two_forums):
    mid = _open_meeting(app, factory, two_forums["a"])
    before = app.test_client().get(f"/t/forum-a/public/meetings/{mid}")
    assert before.status_code == 200
    body = before.get_data(as_text=True)
    assert f"/public/meetings/{mid}/register" in body and LINK not in body
    assert "Set-Cookie" not in before.headers
    form = app.test_client().get(f"/t/forum-a/public/meetings/{mid}/register")
    assert form.headers["Cache-Control"] == "no-store" and LINK not in form.get_data(as_text=True)
    visitor = app.test_client()
    assert _register(visitor, "forum-a", mid, "Amina Yusuf", "amina@example.org").status_code == 200
    after = app.test_client().get(f"/t/forum-a/public/meetings/{mid}")
    assert after.get_data() == before.get_data() and "Set-Cookie" not in after.headers
    again = visitor.get(f"/t/forum-a/public/meetings/{mid}")  # the registered visitor sees the same page
    assert again.get_data() == before.get_data()


def test_a_second_registration_of_one_address_and_a_flood_are_refused(app, factory, two_forums):
    mid = _open_meeting(app, factory, two_forums["a"], capacity=50)
    client = app.test_client()
    assert "You are registered" in _register(client, "forum-a", mid, "A", "a@example.org").get_data(as_text=True)
    again = _register(client, "forum-a", mid, "A", "A@example.org")
    assert again.status_code == 422 and "already registered" in again.get_data(as_text=True)
    for i in range(services.PER_ADDRESS_PER_HOUR + 1):  # one network floods (its count outlives the test)
        r = _register(client, "forum-a", mid, "B", f"b{i}@example.org", address="192.0.2.66")
    assert r.status_code == 422 and "Too many registrations" in r.get_data(as_text=True)


def test_only_open_public_meetings_take_registrations_and_other_forums_ids_are_404(app, factory, two_forums):
    mid = _open_meeting(app, factory, two_forums["a"])
    members_only = factory.meeting(two_forums["a"], title="Closed", notify=True)
    client = app.test_client()
    assert client.get(f"/t/forum-a/public/meetings/{mid}/register").status_code == 200
    assert client.get(f"/t/forum-b/public/meetings/{mid}/register").status_code == 404
    assert client.get(f"/t/forum-a/public/meetings/{members_only['id']}/register").status_code == 404
    _register(client, "forum-a", mid, "Amina", "amina@example.org")
    with app.app_context(), tenant_context(two_forums["a"]):
        token = db.session.scalars(db.select(Registration.token)).one()
    assert client.get(f"/t/forum-a/public/registrations/{token}/cancel").status_code == 200
    assert client.get(f"/t/forum-b/public/registrations/{token}/cancel").status_code == 404


def test_the_secretariat_sees_and_removes_registrants(app, client, auth, factory, two_forums):
    mid = _open_meeting(app, factory, two_forums["a"])
    _register(app.test_client(), "forum-a", mid, "Amina Yusuf", "amina@example.org", access_needs="Step-free access")
    _register(app.test_client(), "forum-a", mid, "Kofi Mensah", "kofi@example.org")
    auth.login(two_forums["a_member"]["email"])
    assert client.get(f"/t/forum-a/meetings/{mid}/registrations").status_code == 404  # members do not see the list
    auth.logout()
    auth.login(two_forums["a_sec"]["email"])
    show = client.get(f"/t/forum-a/meetings/{mid}").get_data(as_text=True)  # the meeting page links the list
    assert f'href="/t/forum-a/meetings/{mid}/registrations" id="registrations-link"' in show
    page = client.get(f"/t/forum-a/meetings/{mid}/registrations").get_data(as_text=True)
    assert "Amina Yusuf" in page and "Step-free access" in page and "1 of 1 seats taken; 1 waiting." in page
    with app.app_context(), tenant_context(two_forums["a"]):
        amina = db.session.scalars(db.select(Registration).where(Registration.email == "amina@example.org")).one()
    token = auth.csrf(f"/t/forum-a/meetings/{mid}/registrations")
    r = client.post(f"/t/forum-a/meetings/{mid}/registrations/{amina.id}/remove", data={"csrf_token": token})
    assert r.status_code == 303
    page = client.get(f"/t/forum-a/meetings/{mid}/registrations").get_data(as_text=True)
    assert "Amina" not in page and "1 of 1 seats taken; 0 waiting." in page


def test_registrants_with_a_seat_are_reminded_once_per_offset_with_the_link(app, smtp, run_worker, factory,
                                                                             two_forums):
    mid = _open_meeting(app, factory, two_forums["a"], capacity=1)
    _register(app.test_client(), "forum-a", mid, "Amina Yusuf", "amina@example.org")
    _register(app.test_client(), "forum-a", mid, "Kofi Mensah", "kofi@example.org")
    run_worker()
    smtp.messages.clear()
    with app.app_context(), tenant_context(two_forums["a"]):
        start = db.session.get(Meeting, (two_forums["a"].id, mid)).start_at
        soon = start - timedelta(minutes=100)  # within both default offsets (3 days and 2 hours)
        assert services.send_reminders(start - timedelta(days=10)) == 0
        assert services.send_reminders(soon) == 2
        assert services.send_reminders(soon) == 0  # once per offset
    run_worker()
    reminders = smtp.to("amina@example.org")
    assert len(reminders) == 2 and all(m["Subject"].startswith("Reminder: Open webinar on mining") for m in reminders)
    assert LINK in reminders[0].get_body(("plain",)).get_content()
    assert smtp.to("kofi@example.org") == []  # the waiting list is not reminded


def test_registrants_are_in_the_forums_export_and_gone_from_it_once_removed(app, factory, two_forums):
    import io
    import json
    import zipfile

    from webapp import tenant_data

    mid = _open_meeting(app, factory, two_forums["a"])
    _register(app.test_client(), "forum-a", mid, "Amina Yusuf", "amina@example.org", access_needs="Captions")

    def exported() -> dict:
        with app.app_context():
            return json.loads(zipfile.ZipFile(io.BytesIO(tenant_data.export(two_forums["a"]))).read("data.json"))

    data = exported()
    assert [(r["name"], r["email"], r["access_needs"]) for r in data["registrations"]] == [
        ("Amina Yusuf", "amina@example.org", "Captions")]
    assert "amina@example.org" in json.dumps(data["notices"])  # her confirmation e-mail
    with app.app_context(), tenant_context(two_forums["a"]):
        services.cancel(db.session.scalars(db.select(Registration)).one())
    data = exported()
    assert data["registrations"] == [] and "amina" not in json.dumps(data).lower()  # nowhere, e-mails included
