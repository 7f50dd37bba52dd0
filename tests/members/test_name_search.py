"""The directory's search box: a member's name, region, organisation name or acronym (each by trigram index)."""
from __future__ import annotations

import pytest

from tenants.rls import tenant_context
from webapp.extensions import db
from webapp.members import services as roll


@pytest.fixture
def roll_a(app, two_forums):
    with app.app_context(), tenant_context(two_forums["a"]):
        org = roll.save_organisation(None, name="Ghana National Association of Small Scale Miners", acronym="GNASSM",
                                     constituency="asm_miners", country="GH")
        roll.add_member("Kofi Mensah", None, "member", organisation_id=org.id)
        roll.add_member("Esi Owusu", None, "member", region="Ashanti")
        roll.add_member("Yaw Boateng", None, "member", region="Western")
        db.session.commit()
    with app.app_context(), tenant_context(two_forums["b"]):
        roll.add_member("Kofi of forum B", None, "member", region="Ashanti")
        db.session.commit()


@pytest.mark.parametrize(("q", "found", "not_found"), [
    ("mensah", {"Kofi Mensah"}, {"Esi Owusu", "Yaw Boateng", "forum B"}),
    ("ashant", {"Esi Owusu"}, {"Kofi Mensah", "Yaw Boateng", "forum B"}),
    ("small scale", {"Kofi Mensah"}, {"Esi Owusu", "Yaw Boateng"}),
    ("gnassm", {"Kofi Mensah"}, {"Esi Owusu", "Yaw Boateng"}),
    ("kofi", {"Kofi Mensah"}, {"forum B", "Esi Owusu"}),
])
def test_the_directory_finds_by_name_region_organisation_and_acronym(client, auth, two_forums, roll_a, q, found,
                                                                    not_found):
    auth.login(two_forums["a_sec"]["email"])
    html = client.get("/t/forum-a/members/", query_string={"q": q}).get_data(as_text=True)
    assert all(name in html for name in found), q
    assert not any(name in html for name in not_found), q
