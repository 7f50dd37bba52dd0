"""The member roll through its pages: directory, privacy, roles, import/export, terms, erasure, invitations."""
from __future__ import annotations

import re
from datetime import date, timedelta

import psycopg
import pytest
from sqlalchemy import select

from tenants.rls import tenant_context
from tests.conftest import count_queries
from webapp.core.audit import AuditEvent
from webapp.extensions import db
from webapp.members import services
from webapp.members.models import Committee, CommitteeMember, Member, Organisation

HEADER = "name,email,phone,organisation,constituency,role,gender,youth,languages,preferred_language,region\n"


def csv_rows(n: int, start: int = 0) -> str:
    lines = [HEADER]
    for i in range(start, start + n):
        org, constituency = [("Minerals Commission", "government"), ("Ghana Mine Workers Union", "workers"),
                             ("Ghana Employers Association", "employers"), ("GNASSM", "asm_miners")][i % 4]
        gender = ["woman", "man", "undisclosed"][i % 3]
        lines.append(f"Member Number {i},member{i}@roll.example.org,+233 20 000 {i:04d},{org},{constituency},"
                     f"member,{gender},{'yes' if i % 5 == 0 else ''},en tw,en,Ashanti\n")
    return "".join(lines)


def upload(client, auth, content: bytes, filename: str = "roll.csv"):
    import io

    token = auth.csrf("/t/forum-a/members/import")
    return client.post("/t/forum-a/members/import", data={"csrf_token": token, "file": (io.BytesIO(content), filename)},
                       content_type="multipart/form-data")


def confirm(client, auth, preview_html: str):
    """Posts the preview's confirmation form as a browser would: every hidden field it carries, as
    multipart/form-data (where Werkzeug refuses a non-file field over MAX_FORM_MEMORY_SIZE, 500 kB, with 413)."""
    import html as html_lib

    form = re.search(r'<form method="post" action="([^"]*/import/(?:\d+/)?confirm)"(.*?)</form>', preview_html, re.S)
    fields = {name: html_lib.unescape(value) for name, value in
              re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.group(2), re.S)}
    fields["csrf_token"] = auth.csrf("/t/forum-a/members/")
    return client.post(html_lib.unescape(form.group(1)), data=fields, content_type="multipart/form-data")


def roll(app, tenant) -> list[Member]:
    with app.app_context(), tenant_context(tenant):
        rows = db.session.scalars(select(Member).order_by(Member.id)).all()
        for r in rows:
            db.session.expunge(r)
        return rows


@pytest.fixture
def secretariat(auth, two_forums):
    auth.login(two_forums["a_sec"]["email"])
    return two_forums


def test_valid_40_row_import_with_preview(app, client, auth, secretariat):
    r = upload(client, auth, csv_rows(40).encode())
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "40 lines are ready." in html
    assert len(roll(app, secretariat["a"])) == 2  # nothing written by the preview
    r = confirm(client, auth, html)
    assert r.status_code == 303
    assert "Import done: 40 new members, 0 updated." in client.get(r.headers["Location"]).get_data(as_text=True)
    members = roll(app, secretariat["a"])
    assert len(members) == 42
    imported = [m for m in members if m.email.endswith("@roll.example.org")]
    assert {m.languages[0] for m in imported} == {"en"} and imported[0].phone == "+233200000000"
    with app.app_context(), tenant_context(secretariat["a"]):
        orgs = {o.name: o.constituency for o in db.session.scalars(select(Organisation))}
    assert orgs["GNASSM"] == "asm_miners" and len(orgs) == 4


def test_two_bad_rows_write_nothing_and_are_both_reported(app, client, auth, secretariat):
    text = csv_rows(10).splitlines(keepends=True)
    text[3] = "Bad Email Person,not-an-email,,,,member,,,,,\n"  # line 4
    text[8] = "Bad Role Person,badrole@roll.example.org,,,,president,,,,,\n"  # line 9
    r = upload(client, auth, "".join(text).encode())
    html = r.get_data(as_text=True)
    assert r.status_code == 422
    assert "2 problems found. Nothing has been saved" in html
    cells = re.findall(r"<tr><td>(\d+)</td><td>(\w*)</td>", html)
    assert ("4", "email") in cells and ("9", "role") in cells
    assert "Import these members" not in html
    assert len(roll(app, secretariat["a"])) == 2


def test_importing_the_same_file_twice_creates_no_duplicate(app, client, auth, secretariat):
    content = csv_rows(12).encode()
    confirm(client, auth, upload(client, auth, content).get_data(as_text=True))
    second = upload(client, auth, content).get_data(as_text=True)
    assert second.count(">update<") == 12 and ">new<" not in second
    r = confirm(client, auth, second)
    assert "Import done: 0 new members, 0 updated." in client.get(r.headers["Location"]).get_data(as_text=True)
    assert len(roll(app, secretariat["a"])) == 14


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1252"])
def test_bom_utf16_and_windows_1252_files(app, client, auth, secretariat, encoding):
    text = HEADER + "Espérance Mwamba,esperance@roll.example.org,,Réseau des femmes,civil_society,member,woman,,fr sw,fr,\n"
    r = upload(client, auth, text.encode(encoding))
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "Espérance Mwamba" in html
    confirm(client, auth, html)
    [m] = [m for m in roll(app, secretariat["a"]) if m.email == "esperance@roll.example.org"]
    assert m.name == "Espérance Mwamba" and m.gender == "woman" and m.languages == ["fr", "sw"]


def test_oversized_file_is_rejected(client, auth, secretariat):
    big = (HEADER + "x" * 1000 + "\n").encode() * 2200
    r = upload(client, auth, big)
    assert r.status_code in (413, 422)
    assert "larger than" in r.get_data(as_text=True) or "too large" in r.get_data(as_text=True).lower()


def test_export_escapes_formulas(app, client, auth, secretariat, factory):
    factory.member(secretariat["a"], "Formula Person", account=False, email="formula@roll.example.org")
    with app.app_context(), tenant_context(secretariat["a"]):
        m = db.session.scalar(select(Member).where(Member.email == "formula@roll.example.org"))
        services.update_member(m, {"region": "=HYPERLINK(\"http://evil.example\")", "phone": "+233 24 123 4567"})
        db.session.commit()
    r = client.get("/t/forum-a/members/export.csv")
    body = r.get_data(as_text=True)
    assert r.status_code == 200 and r.headers["Content-Disposition"].startswith("attachment")
    assert "'=HYPERLINK" in body and ",=HYPERLINK" not in body
    assert "'+233241234567" in body  # E.164, escaped so that a spreadsheet reads it as text


def test_export_is_for_staff_only(client, auth, two_forums):
    auth.login(two_forums["a_member"]["email"])
    assert client.get("/t/forum-a/members/export.csv").status_code == 404


def _bulk(app, tenant, n: int) -> None:
    with app.app_context(), tenant_context(tenant):
        org = services.save_organisation(None, name=f"Org {n}", acronym=None, constituency="workers", country=None)
        for i in range(n):
            services.add_member(f"Bulk {n} {i}", f"bulk{n}-{i}@roll.example.org", "member", organisation_id=org.id,
                                gender=["woman", "man"][i % 2], languages=["en"])
        db.session.commit()




def test_directory_query_count_is_the_same_for_5_and_500(app, client, auth, secretariat):
    _bulk(app, secretariat["a"], 3)
    with count_queries(app) as few:
        assert client.get("/t/forum-a/members/?language=en").status_code == 200
    _bulk(app, secretariat["a"], 495)
    with count_queries(app) as many:
        r = client.get("/t/forum-a/members/?language=en")
    assert r.status_code == 200 and "498 members found" in r.get_data(as_text=True)
    assert many["n"] == few["n"], (few, many)


def test_directory_filters_and_htmx_fragment(app, client, auth, secretariat, factory):
    factory.member(secretariat["a"], "Zainab Miner", account=False)
    with app.app_context(), tenant_context(secretariat["a"]):
        org = services.save_organisation(None, name="GNASSM", acronym="GNASSM", constituency="asm_miners", country="GH")
        m = db.session.scalar(select(Member).where(Member.name == "Zainab Miner"))
        services.update_member(m, {"organisation_id": org.id, "gender": "woman", "languages": ["ha", "en"]})
        db.session.commit()
    page = client.get("/t/forum-a/members/?constituency=asm_miners").get_data(as_text=True)
    assert "Zainab Miner" in page and "Ama Secretariat" not in page and "1 member found" in page
    frag = client.get("/t/forum-a/members/?language=ha", headers={"HX-Request": "true"})
    html = frag.get_data(as_text=True)
    assert "<html" not in html and "<form" not in html and "Zainab Miner" in html
    assert "Amadou Member" not in html
    assert "HX-Request" in frag.headers["Vary"]
    assert "Zainab Miner" in client.get("/t/forum-a/members/?gender=woman").get_data(as_text=True)


def test_gender_is_private_to_self_and_staff(app, client, auth, two_forums, factory):
    other = factory.member(two_forums["a"], "Other Member", "member")
    with app.app_context(), tenant_context(two_forums["a"]):
        services.update_member(db.session.get(Member, (two_forums["a"].id, two_forums["a_member"]["id"])),
                               {"gender": "another", "youth": True, "phone": "+233 24 555 0000"})
        db.session.commit()
    url = f"/t/forum-a/members/{two_forums['a_member']['id']}"
    auth.login(other["email"])
    page = client.get(url).get_data(as_text=True)
    assert "Amadou Member" in page and "Another gender" not in page and "+233245550000" not in page
    listing = client.get("/t/forum-a/members/?gender=another").get_data(as_text=True)
    assert "Another gender" not in listing  # no gender column, and the filter is ignored for members
    auth.logout()
    auth.login(two_forums["a_member"]["email"])
    assert "Another gender" in client.get(url).get_data(as_text=True)
    auth.logout()
    auth.login(two_forums["a_sec"]["email"])
    assert "Another gender" in client.get(url).get_data(as_text=True)


@pytest.mark.parametrize("role", ["member", "observer", "alternate", "chair"])
def test_only_the_secretariat_edits_the_roll(app, client, auth, two_forums, factory, role):
    person = factory.member(two_forums["a"], f"Person {role}", role)
    auth.login(person["email"])
    token = auth.csrf("/t/forum-a/members/me")
    target = two_forums["a_member"]["id"]
    for url in (f"/t/forum-a/members/{target}/edit", "/t/forum-a/members/new", "/t/forum-a/organisations/new",
                "/t/forum-a/committees/new", "/t/forum-a/members/import", f"/t/forum-a/members/{target}/erase"):
        assert client.get(url).status_code == 404, url
        assert client.post(url, data={"csrf_token": token, "name": "Hacked", "confirm": "y"}).status_code == 404, url
    assert roll(app, two_forums["a"])[1].name == "Amadou Member"


def test_secretariat_edits_a_member_and_the_audit_log_shows_it(app, client, auth, secretariat):
    url = f"/t/forum-a/members/{secretariat['a_member']['id']}/edit"
    form = client.get(url).get_data(as_text=True)
    assert 'value="Amadou Member"' in form
    r = client.post(url, data={"csrf_token": auth.csrf(url), "name": "Amadou Diallo", "email": "amadou@roll.example.org",
                               "role": "vice_chair", "gender": "man", "youth": "no", "languages": "fr, ha",
                               "locale": "fr", "active": "y", "term_start": "2026-01-01", "term_end": "2025-01-01"})
    assert r.status_code == 422 and "The term cannot end before it starts." in r.get_data(as_text=True)
    r = client.post(url, data={"csrf_token": auth.csrf(url), "name": "Amadou Diallo", "email": "amadou@roll.example.org",
                               "role": "vice_chair", "gender": "man", "youth": "no", "languages": "fr, ha",
                               "locale": "fr", "active": "y", "term_start": "2026-01-01", "term_end": "2028-12-31"})
    assert r.status_code == 303
    m = roll(app, secretariat["a"])[1]
    assert (m.name, m.role, m.languages, m.term_end) == ("Amadou Diallo", "vice_chair", ["fr", "ha"], date(2028, 12, 31))
    log = client.get("/t/forum-a/members/audit").get_data(as_text=True)
    # what and which object in the reader's words (issue 21: codes are labelled in webapp/core/labels.py)
    assert "Ama Secretariat" in log and ">updated</td>" in log and "Member: Amadou Diallo" in log and "term_end" in log


def test_member_edits_own_profile(app, client, auth, two_forums):
    auth.login(two_forums["a_member"]["email"])
    r = client.post("/t/forum-a/members/me", data={"csrf_token": auth.csrf("/t/forum-a/members/me"),
                                                   "languages": "ha, en, tw", "gender": "man", "youth": "yes",
                                                   "locale": "ha", "consent_public_name": "y",
                                                   "notify_reminders": "y"})
    assert r.status_code == 303
    m = roll(app, two_forums["a"])[1]
    assert m.languages == ["ha", "en", "tw"] and m.locale == "ha" and m.youth is True and m.notify_digests is False
    bad = client.post("/t/forum-a/members/me", data={"csrf_token": auth.csrf("/t/forum-a/members/me"),
                                                     "languages": "hausa!", "gender": "man", "youth": ""})
    assert bad.status_code == 422 and "is not one" in bad.get_data(as_text=True)
    data = client.get("/t/forum-a/members/me/data.json")
    assert data.status_code == 200 and data.get_json()["name"] == "Amadou Member"
    r = client.post("/t/forum-a/members/me/withdraw-consent",
                    data={"csrf_token": auth.csrf("/t/forum-a/members/me")})
    assert r.status_code == 303 and roll(app, two_forums["a"])[1].consent_public_name is False


def test_term_end_removes_access(app, client, auth, two_forums):
    auth.login(two_forums["a_member"]["email"])
    assert client.get("/t/forum-a/").status_code == 200
    with app.app_context(), tenant_context(two_forums["a"]):
        m = db.session.get(Member, (two_forums["a"].id, two_forums["a_member"]["id"]))
        services.update_member(m, {"term_start": date.today() - timedelta(days=400),
                                   "term_end": date.today() - timedelta(days=2)})
        db.session.commit()
    assert client.get("/t/forum-a/").status_code == 404
    assert client.get("/t/forum-a/members/").status_code == 404


def test_term_reminder_reaches_the_secretariat_once(app, smtp, run_worker, two_forums):
    with app.app_context(), tenant_context(two_forums["a"]):
        m = db.session.get(Member, (two_forums["a"].id, two_forums["a_member"]["id"]))
        services.update_member(m, {"term_end": date.today() + timedelta(days=10)})
        db.session.commit()
        assert services.remind_term_ends() == 1
        db.session.commit()
        assert services.remind_term_ends() == 0
        db.session.commit()
    run_worker()
    [msg] = smtp.to(two_forums["a_sec"]["email"])
    assert "Amadou Member" in msg["Subject"]


def test_erasure_leaves_no_personal_data(app, client, auth, secretariat, databases):
    with app.app_context(), tenant_context(secretariat["a"]):
        m = db.session.get(Member, (secretariat["a"].id, secretariat["a_member"]["id"]))
        services.update_member(m, {"phone": "+233 24 123 4567", "region": "Ashanti", "languages": ["tw"],
                                   "gender": "woman", "youth": True})
        c = services.save_committee(None, name="Plenary", kind="plenary", level="national")
        services.set_seat(c, m, "member")
        db.session.commit()
    url = f"/t/forum-a/members/{secretariat['a_member']['id']}/erase"
    assert client.post(url, data={"csrf_token": auth.csrf(url)}).status_code == 422  # the box must be ticked
    assert client.post(url, data={"csrf_token": auth.csrf(url), "confirm": "y"}).status_code == 303
    with psycopg.connect(databases.owner_url.replace("postgresql+psycopg", "postgresql")) as conn:
        conn.execute("SELECT set_config('app.tenant_id', %s, false)", (str(secretariat["a"].id),))
        row = conn.execute("SELECT * FROM members WHERE id = %s", (secretariat["a_member"]["id"],)).fetchone()
        text = " ".join(str(v) for v in row)
        for secret in ("Amadou", "forum-a.test", "+233", "Ashanti", "tw", "woman"):
            assert secret not in text, secret
        audit = conn.execute("SELECT action, fields FROM audit_events WHERE object_id = %s ORDER BY id",
                             (secretariat["a_member"]["id"],)).fetchall()
        assert ("erased", []) in audit
        assert all("Amadou" not in str(a) for a in audit)
        assert conn.execute("SELECT count(*) FROM committee_members").fetchone()[0] == 0
    assert client.get(f"/t/forum-a/members/{secretariat['a_member']['id']}").status_code == 404


def test_erasure_leaves_no_name_anywhere_in_the_forum(app, client, auth, factory, secretariat, databases,
                                                      run_worker, queue_redis):
    """Not only the member's row: support notes, action-update authors and the change log's actor too."""
    from tests.actions.test_actions import make_plan
    from webapp.actions import services as actions
    from webapp.actions.models import ActionItem
    from webapp.meetings import services as meetings
    from webapp.meetings.models import Invitation

    tenant, member_id = secretariat["a"], secretariat["a_member"]["id"]
    m = factory.meeting(tenant, member_ids=(member_id,), notify=True)
    plan = make_plan(app, tenant, [{"title": "Survey sites", "owner_member_id": member_id}])
    auth.logout()
    auth.login(secretariat["a_member"]["email"])
    assert client.post("/t/forum-a/members/me", data={"csrf_token": auth.csrf("/t/forum-a/members/me"),
                                                      "region": "Ashanti", "locale": "en"}).status_code in (200, 303)
    with app.app_context(), tenant_context(tenant):
        invitation = db.session.scalar(select(Invitation).where(Invitation.meeting_id == m["id"],
                                                                Invitation.member_id == member_id))
        meetings.request_support(invitation, "travel", "Amadou needs a wheelchair-accessible bus")
        from webapp.inclusion import services as inclusion  # the name on a self-assessment answer and its history

        inclusion.save_self_assessment(inclusion.CHECKLIST[0], "yes", None, None,
                                       db.session.get(Member, (tenant.id, member_id)).name)
        item = db.session.get(ActionItem, (tenant.id, plan["item_ids"][0]))
        actions.record_update(item, db.session.get(Member, (tenant.id, member_id)), status="in_progress",
                              value=None, note="Visited two sites")
        db.session.commit()
    auth.logout()
    auth.login(secretariat["a_sec"]["email"])
    r = client.post("/t/forum-a/reports/", data={"csrf_token": auth.csrf("/t/forum-a/reports/"),
                                                 "kind": "attendance_meeting", "meeting_id": m["id"], "format": "csv"})
    assert r.status_code == 303
    run_worker()
    ready = client.get(r.headers["Location"]).get_data(as_text=True)
    download = re.search(r'id="download" href="([^"]+)"', ready).group(1)
    assert "Amadou" in client.get(download).get_data(as_text=True)  # the report names the member
    url = f"/t/forum-a/members/{member_id}/erase"
    assert client.post(url, data={"csrf_token": auth.csrf(url), "confirm": "y"}).status_code == 303
    assert client.get(download).status_code == 404  # and is gone with the erasure
    with psycopg.connect(databases.owner_url.replace("postgresql+psycopg", "postgresql")) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT table_name FROM information_schema.columns WHERE column_name = 'tenant_id' "
            "AND table_schema = 'public' AND table_name NOT IN ('user_forums')").fetchall()]
        assert "action_updates" in tables and "audit_events" in tables and "invitations" in tables
        conn.execute("SELECT set_config('app.tenant_id', %s, false)", (str(tenant.id),))  # RLS is forced
        seen = {}
        for table in tables:
            rows = conn.execute(f"SELECT t::text FROM {table} t WHERE tenant_id = %s", (tenant.id,)).fetchall()
            seen[table] = len(rows)
            leaks = [r[0] for r in rows if "Amadou" in r[0] or "amadou" in r[0]]
            assert leaks == [], (table, leaks)
        assert seen["action_updates"] == 1 and seen["invitations"] >= 1 and seen["audit_events"] > 5


def test_committees_seats_and_composition(app, client, auth, secretariat, factory):
    token = auth.csrf("/t/forum-a/committees/new")
    r = client.post("/t/forum-a/committees/new", data={"csrf_token": token, "name": "Subcommittee on Mining",
                                                       "kind": "subcommittee", "level": "national", "active": "y"})
    assert r.status_code == 303
    cid = int(r.headers["Location"].rstrip("/").split("/")[-1])
    for person, role in ((secretariat["a_sec"], "chair"), (secretariat["a_member"], "co_chair")):
        client.post(f"/t/forum-a/committees/{cid}/seats", data={"csrf_token": token, "member_id": person["id"],
                                                                "role": role})
    page = client.get(f"/t/forum-a/committees/{cid}").get_data(as_text=True)
    assert "Ama Secretariat" in page and "Co-chair" in page and "2 members" in page
    assert "Not disclosed: 2" in page
    dup = client.post("/t/forum-a/committees/new", data={"csrf_token": token, "name": "Subcommittee on Mining",
                                                         "kind": "subcommittee", "level": "national"})
    assert dup.status_code == 422 and "This name is already used." in dup.get_data(as_text=True)
    with app.app_context(), tenant_context(secretariat["a"]):
        assert db.session.scalar(select(Committee.name)) == "Subcommittee on Mining"
        assert len(db.session.scalars(select(CommitteeMember)).all()) == 2
        assert db.session.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "committee")).all() == \
            ["created"]


def test_term_reminder_sweep_runs_per_forum(app, smtp, run_worker, queue_redis, two_forums):
    from rq import Queue

    with app.app_context(), tenant_context(two_forums["b"]):
        b_member = services.add_member("Bintou Keita", "bintou@roll.example.org", "member",
                                       term_end=date.today() + timedelta(days=5))
        db.session.commit()
        assert b_member.id
    Queue("default", connection=queue_redis).enqueue("worker.sweeps.remind_term_ends")
    run_worker()
    [msg] = smtp.messages
    assert "Bintou Keita" in msg["Subject"] and two_forums["b_sec"]["email"] in msg["To"]


def test_secretariat_finds_former_members_and_members_do_not(app, client, auth, factory, secretariat):
    gone = factory.member(secretariat["a"], "Kojo Former", "member")
    with app.app_context(), tenant_context(secretariat["a"]):
        services.update_member(db.session.get(Member, (secretariat["a"].id, gone["id"])), {"active": False})
        db.session.commit()
    assert "Kojo Former" not in client.get("/t/forum-a/members/").get_data(as_text=True)
    page = client.get("/t/forum-a/members/?former=1").get_data(as_text=True)
    assert "Kojo Former" in page and "Amadou" not in page and 'name="former" value="1" checked' in page
    fragment = client.get("/t/forum-a/members/?former=1&q=kojo", headers={"HX-Request": "true"})
    assert "Kojo Former" in fragment.get_data(as_text=True)
    auth.logout()
    auth.login(secretariat["a_member"]["email"])
    page = client.get("/t/forum-a/members/?former=1").get_data(as_text=True)
    assert "Kojo Former" not in page and 'name="former"' not in page


def test_erasure_leaves_a_namesakes_records_alone(app, client, auth, factory, secretariat):
    from tests.actions.test_actions import make_plan
    from webapp.actions import services as actions
    from webapp.actions.models import ActionItem, ActionUpdate

    tenant = secretariat["a"]
    one = factory.member(tenant, "John Mensah", "member", email="john.one@forum-a.test")
    two = factory.member(tenant, "John Mensah", "member", email="john.two@forum-a.test")
    plan = make_plan(app, tenant, [{"title": "Survey", "owner_member_id": two["id"]}])
    with app.app_context(), tenant_context(tenant):
        item = db.session.get(ActionItem, (tenant.id, plan["item_ids"][0]))
        actions.record_update(item, db.session.get(Member, (tenant.id, two["id"])), status="in_progress",
                              value=None, note="Started")
        db.session.commit()
    url = f"/t/forum-a/members/{one['id']}/erase"
    assert client.post(url, data={"csrf_token": auth.csrf(url), "confirm": "y"}).status_code == 303
    with app.app_context(), tenant_context(tenant):
        assert db.session.scalar(select(ActionUpdate.author)) == "John Mensah"  # the other John's update


def big_roll(n: int = 3200) -> bytes:
    """About 1.5 MB: long but valid cells (names up to 200 characters, regions up to 100)."""
    lines = ["name,email,phone,organisation,acronym,constituency,role,gender,youth,languages,preferred_language,"
             "region\n"]
    for i in range(n):
        name = (f"Member {i:05d} " + "Mwamba-Kabila Nakitende-Ssebunya " * 6)[:200].strip()
        org, constituency = [("Minerals Commission", "government"), ("GNASSM", "asm_miners")][i % 2]
        lines.append(f"{name},member{i}@{'cooperative-' * 4}roll.example.org,+233 20 000 {i:04d},{org},"
                     f"{'MC' if i % 2 == 0 else 'GN'},{constituency},member,{['woman', 'man'][i % 2]},yes,"
                     f"en;tw;ha;fr;sw;ee;dag;gaa;fat,en,{('Ashanti Region, Obuasi Municipal District ' * 3)[:100]}\n")
    return "".join(lines).encode()


def test_a_roll_of_one_and_a_half_megabytes_passes_preview_and_confirmation(app, client, auth, secretariat):
    content = big_roll()
    assert 1_400_000 < len(content) < 1_700_000
    r = upload(client, auth, content, "big-roll.csv")
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "3200 lines are ready." in html
    r = confirm(client, auth, html)
    assert r.status_code == 303, r.status_code
    assert "Import done: 3200 new members, 0 updated." in client.get(r.headers["Location"]).get_data(as_text=True)
    assert len(roll(app, secretariat["a"])) == 3202


def staged(app, tenant) -> list:
    from webapp.members.models import RollImport

    with app.app_context(), tenant_context(tenant):
        return [(r.id, r.expires_at) for r in db.session.scalars(select(RollImport).order_by(RollImport.id))]


def expire(app, tenant, import_id: int) -> None:
    from datetime import UTC, datetime

    from sqlalchemy import update

    from webapp.members.models import RollImport

    with app.app_context(), tenant_context(tenant):
        db.session.execute(update(RollImport).where(RollImport.id == import_id)
                           .values(expires_at=datetime.now(UTC) - timedelta(minutes=1)))
        db.session.commit()


def confirm_url(preview_html: str) -> str:
    return re.search(r'<form method="post" action="([^"]*/import/(\d+)/confirm)"', preview_html).group(1)


def test_the_confirmation_carries_only_the_import_id_and_the_upload_waits_on_the_server(app, client, auth,
                                                                                     secretariat):
    html = upload(client, auth, csv_rows(3).encode()).get_data(as_text=True)
    form = re.search(r'<form method="post" action="[^"]*/import/(\d+)/confirm">(.*?)</form>', html, re.S)
    assert [int(form.group(1))] == [i for i, _e in staged(app, secretariat["a"])]
    assert re.findall(r'<input[^>]*name="([^"]+)"', form.group(2)) == ["csrf_token"]
    assert "member0@roll.example.org" not in form.group(2)
    assert confirm(client, auth, html).status_code == 303
    assert staged(app, secretariat["a"]) == []  # applied, then deleted


def test_another_forums_import_is_404_and_stays_for_its_own_forum(app, client, auth, secretariat):
    html = upload(client, auth, csv_rows(3).encode()).get_data(as_text=True)
    url = confirm_url(html)
    auth.logout()
    auth.login(secretariat["b_sec"]["email"])
    r = client.post(url.replace("/t/forum-a/", "/t/forum-b/"), data={"csrf_token": auth.csrf("/t/forum-b/members/")})
    assert r.status_code == 404
    assert len(roll(app, secretariat["b"])) == 1
    assert client.post(url, data={"csrf_token": auth.csrf("/t/forum-b/members/")}).status_code in (403, 404)
    auth.logout()
    auth.login(secretariat["a_sec"]["email"])
    assert confirm(client, auth, html).status_code == 303
    assert len(roll(app, secretariat["a"])) == 5


def test_an_expired_preview_says_so_and_imports_nothing(app, client, auth, secretariat):
    html = upload(client, auth, csv_rows(3).encode()).get_data(as_text=True)
    [(import_id, expires_at)] = staged(app, secretariat["a"])
    from datetime import UTC, datetime

    assert timedelta(minutes=50) < expires_at - datetime.now(UTC) <= timedelta(hours=1)
    expire(app, secretariat["a"], import_id)
    r = confirm(client, auth, html)
    page = r.get_data(as_text=True)
    assert r.status_code == 404
    assert "This preview expired: nothing was imported. Upload the file again." in page
    assert 'name="file"' in page  # the upload form is right there
    assert len(roll(app, secretariat["a"])) == 2
    assert confirm(client, auth, html).status_code == 404  # and again: still nothing
    assert len(roll(app, secretariat["a"])) == 2


def test_a_second_confirmation_of_the_same_import_imports_nothing(app, client, auth, secretariat):
    html = upload(client, auth, csv_rows(3).encode()).get_data(as_text=True)
    assert confirm(client, auth, html).status_code == 303
    with app.app_context(), tenant_context(secretariat["a"]):
        m = db.session.scalar(select(Member).where(Member.email == "member0@roll.example.org"))
        services.update_member(m, {"name": "Member Zero (corrected after the import)"})
        db.session.commit()
    r = confirm(client, auth, html)  # the back button, or a second click
    assert r.status_code == 404
    assert "already imported or has expired" in r.get_data(as_text=True)
    members = roll(app, secretariat["a"])
    assert len(members) == 5
    assert "Member Zero (corrected after the import)" in [m.name for m in members]


def test_expired_previews_are_deleted_on_the_next_upload_and_by_the_sweep(app, client, auth, secretariat):
    from worker import sweeps

    upload(client, auth, csv_rows(3).encode())
    [(first, _e)] = staged(app, secretariat["a"])
    expire(app, secretariat["a"], first)
    upload(client, auth, csv_rows(2, start=10).encode())
    [(second, _e)] = staged(app, secretariat["a"])
    assert second != first
    expire(app, secretariat["a"], second)
    with app.app_context():
        assert sweeps.purge_roll_imports() == {"forum-a": 1}
    assert staged(app, secretariat["a"]) == []


def test_the_form_states_the_size_limit_from_the_configuration_in_the_readers_language(app, client, auth,
                                                                                     secretariat):
    page = client.get("/t/forum-a/members/import").get_data(as_text=True)
    assert "At most 2 MB and 5,000 members per file." in page
    french = client.get("/t/forum-a/members/import?lang=fr").get_data(as_text=True)
    assert "2\u202fMo" in french and "5\u202f000" in french
    app.config["ROLL_IMPORT_MAX_BYTES"] = 1024 * 1024
    try:
        assert "At most 1 MB and 5,000 members per file." in \
            client.get("/t/forum-a/members/import").get_data(as_text=True)
        r = upload(client, auth, big_roll())
        assert r.status_code == 422 and "too large" in r.get_data(as_text=True)
        assert staged(app, secretariat["a"]) == []
    finally:
        app.config["ROLL_IMPORT_MAX_BYTES"] = 2 * 1024 * 1024


def test_erasing_a_member_drops_staged_imports_that_name_them(app, client, auth, secretariat):
    upload(client, auth, (HEADER + "Amadou Member,amadou.member@forum-a.test,,,,member,,,,,\n").encode())
    upload(client, auth, csv_rows(2).encode())
    assert len(staged(app, secretariat["a"])) == 2
    r = client.post(f"/t/forum-a/members/{secretariat['a_member']['id']}/erase",
                    data={"csrf_token": auth.csrf("/t/forum-a/members/"), "confirm": "y"})
    assert r.status_code == 303
    assert len(staged(app, secretariat["a"])) == 1
