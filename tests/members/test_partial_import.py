"""A partial roll changes only what it names (issue 31): through the real import pages, upload → preview → confirm.

A column absent from the file changes nothing; an empty cell in a column the file has is shown in the preview as
"clears …"; a role change is listed per member; the last secretariat member cannot be demoted by an import."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tenants.rls import tenant_context
from tests.members.test_roll import confirm, upload
from webapp.extensions import db
from webapp.members import services
from webapp.members.models import Member, Organisation


@pytest.fixture
def secretariat(auth, two_forums):
    auth.login(two_forums["a_sec"]["email"])
    return two_forums


def _observer(app, factory, tenant) -> int:
    """An observer with a phone, an organisation, a region and a term: what a partial roll must not wipe."""
    m = factory.member(tenant, "Olu Observer", "observer", account=False, email="olu@roll.example.org")
    with app.app_context(), tenant_context(tenant):
        member = db.session.get(Member, (tenant.id, m["id"]))
        org = services.save_organisation(None, name="Minerals Commission", acronym="MC", constituency="government",
                                         country=None)
        services.update_member(member, {"phone": "+233 24 123 4567", "region": "Ashanti", "organisation_id": org.id,
                                        "gender": "woman", "languages": ["en", "tw"],
                                        "term_start": date(2025, 1, 1), "term_end": date(2030, 12, 31)})
        db.session.commit()
    return m["id"]


def _row(app, tenant, member_id: int) -> Member:
    with app.app_context(), tenant_context(tenant):
        member = db.session.get(Member, (tenant.id, member_id))
        db.session.expunge(member)
        return member


def _org_name(app, tenant, org_id: int | None) -> str | None:
    with app.app_context(), tenant_context(tenant):
        return db.session.scalar(select(Organisation.name).where(Organisation.id == org_id)) if org_id else None


def test_a_name_and_email_roll_changes_only_the_name(app, client, auth, factory, secretariat):
    tenant = secretariat["a"]
    mid = _observer(app, factory, tenant)
    page = upload(client, auth, b"name,email\nOlu Observer-Mensah,olu@roll.example.org\n")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    preview = html.split("<tbody>")[1]
    assert "changes name" in preview and "clears" not in preview and "Observer → Member" not in preview
    r = confirm(client, auth, html)
    assert r.status_code == 303
    m = _row(app, tenant, mid)
    assert m.name == "Olu Observer-Mensah"
    assert (m.role, m.region, m.phone, m.gender, m.languages) == ("observer", "Ashanti", "+233241234567", "woman",
                                                                  ["en", "tw"])
    assert (m.term_start, m.term_end) == (date(2025, 1, 1), date(2030, 12, 31))
    assert _org_name(app, tenant, m.organisation_id) == "Minerals Commission"


def test_an_empty_cell_is_shown_as_clearing_and_a_role_change_is_listed(app, client, auth, factory, secretariat):
    tenant = secretariat["a"]
    mid = _observer(app, factory, tenant)
    page = upload(client, auth, b"name,email,region,role,phone\nOlu Observer,olu@roll.example.org,,member,"
                                b"+233 24 123 4567\n")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "clears region" in html
    assert "Observer → Member" in html
    assert "clears phone" not in html
    confirm(client, auth, html)
    m = _row(app, tenant, mid)
    assert (m.role, m.region, m.phone) == ("member", None, "+233241234567")
    assert _org_name(app, tenant, m.organisation_id) == "Minerals Commission"  # no organisation column


def test_the_last_secretariat_member_cannot_be_demoted_by_import(app, client, auth, secretariat):
    tenant = secretariat["a"]
    sec = secretariat["a_sec"]
    page = upload(client, auth, f"name,email,role\nAma Secretariat,{sec['email']},member\n".encode())
    html = page.get_data(as_text=True)
    assert "Secretariat → Member" in html
    assert page.status_code == 422
    assert "last secretariat member" in html
    assert "Import these members" not in html
    assert _row(app, tenant, sec["id"]).role == "secretariat"


def test_a_preview_confirmed_after_the_last_secretariat_changed_imports_nothing(app, client, auth, factory,
                                                                                  secretariat):
    """Two secretariat members: the preview demoting one is fine; if the other is demoted before the confirmation,
    the confirmation is refused with a message and nothing of the file is saved."""
    tenant = secretariat["a"]
    other = factory.member(tenant, "Kofi Secretariat", "secretariat", account=False, email="kofi@roll.example.org")
    sec = secretariat["a_sec"]
    page = upload(client, auth, f"name,email,role\nAma Secretariat,{sec['email']},member\n"
                                f"New Person,new.person@roll.example.org,member\n".encode())
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Secretariat → Member" in html
    with app.app_context(), tenant_context(tenant):
        services.update_member(db.session.get(Member, (tenant.id, other["id"])), {"role": "member"})
        db.session.commit()
    r = confirm(client, auth, html)
    assert r.status_code == 422
    assert "last secretariat member" in r.get_data(as_text=True)
    assert _row(app, tenant, sec["id"]).role == "secretariat"
    with app.app_context(), tenant_context(tenant):
        assert db.session.scalar(select(Member).where(Member.email == "new.person@roll.example.org")) is None


def test_the_refusal_is_translated(app, client, auth, secretariat):
    sec = secretariat["a_sec"]
    with client.session_transaction() as s:
        s["lang"] = "fr"
    page = upload(client, auth, f"name,email,role\nAma Secretariat,{sec['email']},member\n".encode())
    html = page.get_data(as_text=True)
    assert page.status_code == 422
    assert "dernier membre du secrétariat" in html and "last secretariat member" not in html


def test_ending_the_last_secretariat_members_term_by_import_is_refused(app, client, auth, secretariat):
    sec = secretariat["a_sec"]
    page = upload(client, auth, f"name,email,term_start,term_end\nAma Secretariat,{sec['email']},2020-01-01,"
                                f"2021-01-01\n".encode())
    assert page.status_code == 422
    assert "last secretariat member" in page.get_data(as_text=True)
    assert _row(app, secretariat["a"], sec["id"]).term_end is None
