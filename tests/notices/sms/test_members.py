"""Members' channels, SMS consent and phone numbers: the member form, the roll import, the inclusion check."""
from __future__ import annotations

from sqlalchemy import select

from tenants.rls import tenant_context
from webapp.extensions import db
from webapp.members.models import Member


def _form(auth, url, **values):
    return {"csrf_token": auth.csrf(url), **values}


def test_member_form_stores_e164_and_refuses_an_invalid_number(app, client, auth, factory):
    forum = factory.forum("mines-gh", "Ghana ASM Forum", country="GH")
    sec = factory.member(forum, "Sena Secretariat", "secretariat")
    auth.login(sec["email"])
    url = "/t/mines-gh/members/new"
    bad = client.post(url, data=_form(auth, url, name="Kojo Miner", phone="12345", role="member", gender="undisclosed",
                                      channels="sms", sms_consent="y"))
    assert bad.status_code == 422 and "is not a valid phone number" in bad.get_data(as_text=True)
    ok = client.post(url, data=_form(auth, url, name="Kojo Miner", phone="020 123 4567", role="member",
                                     gender="undisclosed", channels="sms", sms_consent="y"))
    assert ok.status_code == 303
    with app.app_context(), tenant_context(forum):
        m = db.session.scalar(select(Member).where(Member.name == "Kojo Miner"))
        assert m.phone == "+233201234567" and m.email is None and m.channels == "sms" and m.sms_consent_at
    no_phone = client.post(url, data=_form(auth, url, name="Abena", role="member", gender="undisclosed",
                                           channels="sms"))
    assert no_phone.status_code == 422 and "SMS needs a phone number" in no_phone.get_data(as_text=True)


def test_invalid_phone_message_is_in_the_users_language(app, client, auth, factory):
    forum = factory.forum("mines-gh", "Ghana ASM Forum", country="GH", enabled_locales=["en", "fr"])
    sec = factory.member(forum, "Sena Secretariat", "secretariat")
    auth.login(sec["email"])
    url = "/t/mines-gh/members/new?lang=fr"
    page = client.post(url, data=_form(auth, url, name="Kojo", phone="abc", role="member", gender="undisclosed",
                                       channels="email"), headers={"Accept-Language": "fr"})
    assert page.status_code == 422
    assert "n'est pas un numéro de téléphone valide" in page.get_data(as_text=True)


def test_roll_import_accepts_a_phone_instead_of_an_email(app, factory):
    from webapp.members import csv_io, services

    forum = factory.forum("mines-gh", "Ghana ASM Forum", country="GH")
    with app.test_request_context(), tenant_context(forum):
        result = csv_io.parse("name,email,phone,constituency\nAma Mail,ama@x.test,,workers\n"
                              "Kojo Phone,,024 123 4567,asm_miners\nNobody,,,workers\nBad,,999,workers\n")
        messages = {}
        for e in result.errors:
            messages.setdefault(e.line, []).append(str(e.message))
        assert "phone number are missing" in messages[4][0] and "not a valid phone number" in messages[5][0]
        assert [(r.name, r.email, r.phone) for r in result.rows] == [
            ("Ama Mail", "ama@x.test", None), ("Kojo Phone", None, "+233241234567")]
        assert services.import_rows(result.rows) == (2, 0)
        assert services.import_rows(result.rows) == (0, 0)  # the phone-only member is found again by phone
        db.session.commit()
        kojo = db.session.scalar(select(Member).where(Member.name == "Kojo Phone"))
        assert kojo.channels == "sms" and kojo.email is None


def test_reach_check_counts_members_reached_by_sms(app, factory):
    from webapp.inclusion import services as inclusion
    from webapp.members import services as members

    forum = factory.forum("mines-gh", "Ghana ASM Forum", country="GH")
    with app.test_request_context(), tenant_context(forum):
        for i in range(3):
            members.add_member(f"Miner {i}", None, "member", phone=f"024123456{i}", channels="sms",
                               sms_consent=True, constituency="asm_miners")
        members.add_member("Miner no consent", None, "member", phone="0241234569", channels="sms",
                           constituency="asm_miners")
        members.add_member("Worker", "w@x.test", "member", constituency="workers")
        db.session.flush()
        reach = next(r for r in inclusion.roll_checks() if r.key == "reach")
        assert reach.figures["per"]["asm_miners"]["reached"] == 3 and reach.figures["per"]["asm_miners"]["total"] == 4
        assert list(reach.figures["per"])[0] == "asm_miners" and reach.status == "fail"
        db.session.rollback()


def test_the_platform_admin_sets_a_forums_monthly_allowance(app, client, auth, factory):
    from webapp.auth import services as accounts
    from webapp.notices.sms import services as sms

    forum = factory.forum("mines-gh", "Ghana ASM Forum", country="GH")
    with app.app_context():
        accounts.create_user("admin@baraza.test", "Admin", "correct horse battery staple", is_platform_admin=True)
        db.session.commit()
    auth.login("admin@baraza.test")
    page = client.get("/admin/").get_data(as_text=True)
    assert 'name="allowance"' in page
    url = f"/admin/forums/{forum.id}/sms-allowance"
    assert client.post(url, data={"csrf_token": auth.csrf("/admin/"), "allowance": "-3"}).status_code == 303
    response = client.post(url, data={"csrf_token": auth.csrf("/admin/"), "allowance": "1200"})
    assert response.status_code == 303
    with app.app_context():
        from tenants.models import Tenant

        assert sms.allowance(db.session.get(Tenant, forum.id)) == 1200
    assert client.post("/admin/forums/999999/sms-allowance",
                       data={"csrf_token": auth.csrf("/admin/"), "allowance": "5"}).status_code == 404


def test_the_platform_admin_sets_who_a_forums_sms_are_from(app, client, auth, factory):
    from tenants.models import Tenant
    from webapp.auth import services as accounts

    forum = factory.forum("mines-gh", "Ghana ASM Forum", country="GH")
    sec = factory.member(forum, "Sena Secretariat", "secretariat")
    with app.app_context():
        accounts.create_user("admin@baraza.test", "Admin", "correct horse battery staple", is_platform_admin=True)
        db.session.commit()
    url = f"/admin/forums/{forum.id}/sms-name"
    auth.login(sec["email"])  # a forum's secretariat is no platform admin
    assert client.post(url, data={"csrf_token": auth.csrf("/t/mines-gh/settings/"), "short_name": "X"}).status_code \
        in (403, 404)
    auth.logout()
    auth.login("admin@baraza.test")
    page = client.get("/admin/").get_data(as_text=True)
    assert 'name="short_name"' in page and 'value="GASMF"' in page  # suggested from the initials until set
    bad = client.post(url, data={"csrf_token": auth.csrf("/admin/"), "short_name": "Ghana ASM Forum"})
    assert bad.status_code == 303
    assert "2 to 12 capital letters" in client.get("/admin/").get_data(as_text=True)
    assert client.post(url, data={"csrf_token": auth.csrf("/admin/"), "short_name": "gh-asm"}).status_code == 303
    with app.app_context():
        assert db.session.get(Tenant, forum.id).short_name == "GH-ASM"
    assert client.post("/admin/forums/999999/sms-name",
                       data={"csrf_token": auth.csrf("/admin/"), "short_name": "ABC"}).status_code == 404


def test_the_forum_chooses_plain_letters_for_hausa_sms(app, client, auth, two_forums):
    from tenants.models import Tenant

    auth.login(two_forums["a_sec"]["email"])
    url = "/t/forum-a/settings/"
    page = client.get(url).get_data(as_text=True)
    assert 'name="sms_plain_hausa"' in page
    data = {"csrf_token": auth.csrf(url), "name": "Forum A", "kind": "steering_committee", "country": "GH",
            "timezone": "Africa/Accra", "default_locale": "en", "core_constituencies": ["government"],
            "quorum_share": "50", "reminder_hours": "72, 2", "sms_plain_hausa": "y", "short_name": "FA"}
    assert client.post(url, data=data).status_code == 303
    with app.app_context():
        assert db.session.get(Tenant, two_forums["a"].id).setting("sms_plain_hausa") is True
