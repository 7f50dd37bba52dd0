"""Platform administration: creating a forum and inviting its first secretariat."""
from __future__ import annotations

import re

from tests.conftest import PASSWORD


def _admin(factory, app):
    from webapp.auth import services as accounts
    from webapp.extensions import db

    with app.app_context():
        accounts.create_user("root@platform.test", "Root", PASSWORD, is_platform_admin=True)
        db.session.commit()
    return "root@platform.test"


FORM = {"name": "Copperbelt ASM Platform", "slug": "copperbelt", "kind": "provincial_platform", "country": "zm",
        "default_locale": "en", "enabled_locales": ["sw"], "timezone": "Africa/Lusaka",
        "secretariat_name": "Mwila Chanda", "secretariat_email": "mwila@copperbelt.example.org"}


def test_admin_creates_a_forum_and_the_secretariat_accepts(app, factory, client, auth, smtp, run_worker, databases):
    auth.login(_admin(factory, app))
    r = client.post("/admin/forums/new", data={**FORM, "csrf_token": auth.csrf("/admin/forums/new")})
    assert r.status_code == 303
    assert "Copperbelt ASM Platform" in client.get("/admin/").get_data(as_text=True)
    auth.logout()
    run_worker()
    [msg] = smtp.to("mwila@copperbelt.example.org")
    assert "Copperbelt ASM Platform" in msg["Subject"]
    link = re.search(r"http://baraza\.test(/invitation/\S+)", msg.get_body(("plain",)).get_content()).group(1)
    r = client.post(link, data={"password": "copper and cobalt", "confirm": "copper and cobalt",
                                "csrf_token": auth.csrf(link)})
    assert r.status_code == 303
    r = auth.login("mwila@copperbelt.example.org", "copper and cobalt")
    assert r.headers["Location"] == "/t/copperbelt/"
    assert "Your role: Secretariat." in client.get("/t/copperbelt/").get_data(as_text=True)


def test_taken_slug_and_bad_values_are_explained(app, factory, client, auth, two_forums):
    auth.login(_admin(factory, app))
    token = auth.csrf("/admin/forums/new")
    r = client.post("/admin/forums/new", data={**FORM, "slug": "forum-a", "csrf_token": token})
    assert r.status_code == 422 and "This short name is already taken." in r.get_data(as_text=True)
    r = client.post("/admin/forums/new", data={**FORM, "slug": "Bad Slug!", "timezone": "Mars/Olympus",
                                               "secretariat_email": "not-an-email", "csrf_token": token})
    html = r.get_data(as_text=True)
    assert r.status_code == 422
    assert "Use lower-case letters" in html and "Unknown time zone" in html and "does not look right" in html
    assert 'value="Copperbelt ASM Platform"' in html  # nothing typed is lost


def test_forums_create_command(app, databases, smtp, run_worker):
    result = app.test_cli_runner().invoke(args=[
        "forums", "create", "--slug", "umba-valley", "--name", "Umba Valley Gemstone Forum", "--country", "TZ",
        "--locale", "sw", "--also", "en", "--timezone", "Africa/Dar_es_Salaam",
        "--secretariat-name", "Neema Mushi", "--secretariat-email", "neema@umba.test"])
    assert result.exit_code == 0, result.output
    assert "created forum umba-valley" in result.output
    run_worker()
    [msg] = smtp.to("neema@umba.test")
    assert msg["Content-Language"] == "sw"
    again = app.test_cli_runner().invoke(args=[
        "forums", "create", "--slug", "umba-valley", "--name", "X", "--secretariat-name", "Y",
        "--secretariat-email", "y@umba.test"])
    assert again.exit_code != 0 and "taken" in again.output
