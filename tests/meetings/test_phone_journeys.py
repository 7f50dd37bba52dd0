"""Issue 33, the secretariat on a phone: the ways to invite head the invitees section and the answer shows under
them, with the section's count sent again (htmx, out of band); the notice's confirmation says how the invitees are
reached ("1 by e-mail, 1 by SMS"); an invitee card without a support request has no empty "Support" label."""
from __future__ import annotations

import re

from tenants.rls import tenant_context
from webapp.extensions import db
from webapp.members import services as roll


def post(client, auth, url, headers=None, **data):
    return client.post(url, data={"csrf_token": auth.csrf("/t/forum-a/meetings/"), **data}, headers=headers or {})


def _workers(app, two_forums) -> list[int]:
    with app.app_context(), tenant_context(two_forums["a"]):
        union = roll.save_organisation(None, name="Ghana Mine Workers Union", acronym="GMWU",
                                       constituency="workers", country="GH")
        ids = [roll.add_member(name, f"{name.split()[0].lower()}@forum-a.test", "member",
                               organisation_id=union.id).id for name in ("Kofi Union", "Efua Union")]
        db.session.commit()
        return ids


def test_an_invite_answers_under_the_forms_and_updates_the_sections_count(app, client, auth, factory, two_forums):
    _workers(app, two_forums)
    m = factory.meeting(two_forums["a"], member_ids=(two_forums["a_sec"]["id"],))
    auth.login(two_forums["a_sec"]["email"])
    page = client.get(f"/t/forum-a/meetings/{m['id']}?open=invitees").get_data(as_text=True)
    section = page[page.index('id="invitees"'):]
    # the ways to invite come before the list
    assert section.index('id="invite-group-form"') < section.index('id="invitee-table"')
    assert section.index('id="invitee-form"') < section.index('id="invitee-table"')
    assert re.search(r'<small class="muted" id="invitees-count">1 invited · 0 yes</small>', page)
    # with htmx: the section, the answer at its head above the forms, and the summary's count out of band
    url = f"/t/forum-a/meetings/{m['id']}/invitees/group"
    html = post(client, auth, url, headers={"HX-Request": "true"}, group="constituency:workers").get_data(as_text=True)
    assert html.index("2 invited, 0 already invited") < html.index('id="invite-group-form"') \
        < html.index('id="invitee-table"')
    assert re.search(r'<small class="muted" id="invitees-count" hx-swap-oob="true">3 invited · 0 yes</small>', html)
    # without JavaScript: back to the section, opened, the answer at its head and not at the page's top
    r = post(client, auth, url, group="constituency:workers")
    assert r.status_code == 303 and r.headers["Location"].endswith("?open=invitees#invitees")
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert page.count("0 invited, 2 already invited") == 1
    assert page.index('id="invitees"') < page.index("0 invited, 2 already invited") \
        < page.index('id="invite-group-form"')
    assert 'hx-swap-oob' not in page  # the full page has its count once, in the summary


def test_the_notice_confirmation_says_how_many_by_email_and_by_sms(app, client, auth, factory, two_forums):
    with app.app_context(), tenant_context(two_forums["a"]):
        texted = roll.add_member("Miner Phone", None, "member", phone="+233201234567", channels="sms",
                                 sms_consent=True).id
        db.session.commit()
    m = factory.meeting(two_forums["a"], member_ids=(two_forums["a_sec"]["id"], two_forums["a_member"]["id"], texted))
    auth.login(two_forums["a_sec"]["email"])
    r = post(client, auth, f"/t/forum-a/meetings/{m['id']}/notice")
    assert "Send the notice to 3 invitees?" in r.get_data(as_text=True)
    r = post(client, auth, f"/t/forum-a/meetings/{m['id']}/notice", confirm="1")
    assert r.status_code == 303
    assert "Notice is on its way: 2 by e-mail, 1 by SMS." in client.get(r.headers["Location"]).get_data(as_text=True)


def test_an_invitee_card_without_a_support_request_has_no_support_label(app, client, auth, factory, two_forums):
    m = factory.meeting(two_forums["a"], member_ids=(two_forums["a_sec"]["id"],))
    auth.login(two_forums["a_sec"]["email"])
    page = client.get(f"/t/forum-a/meetings/{m['id']}?open=invitees").get_data(as_text=True)
    table = page[page.index('id="invitee-table"'):page.index("</table>", page.index('id="invitee-table"'))]
    assert 'data-label="Support"' not in table and "<td></td>" in table


def test_a_long_invitee_list_is_folded_by_why_people_are_invited(app, client, auth, factory, two_forums):
    with app.app_context(), tenant_context(two_forums["a"]):
        union = roll.save_organisation(None, name="Ghana Mine Workers Union", acronym="GMWU",
                                       constituency="workers", country="GH")
        for n in range(18):
            roll.add_member(f"Worker {n:02d}", f"worker{n}@forum-a.test", "member", organisation_id=union.id)
        db.session.commit()
    m = factory.meeting(two_forums["a"], member_ids=(two_forums["a_sec"]["id"], two_forums["a_member"]["id"]))
    auth.login(two_forums["a_sec"]["email"])
    post(client, auth, f"/t/forum-a/meetings/{m['id']}/invitees/group", group="constituency:workers")
    page = client.get(f"/t/forum-a/meetings/{m['id']}?open=invitees").get_data(as_text=True)
    assert 'id="invitee-table"' not in page and 'id="invitee-groups"' in page
    groups = re.findall(r'<details class="invitee-group"><summary>([^<]+) \((\d+)\)</summary>', page)
    assert len(groups) == 2 and sorted(int(n) for _label, n in groups) == [2, 18]  # folded: closed, counted
    assert page.index('id="invite-group-form"') < page.index('id="invitee-groups"')  # the ways to invite first
    groups_html = page[page.index('id="invitee-groups"'):]
    workers = next(part for part in groups_html.split('<details class="invitee-group">') if "(18)</summary>" in part)
    for n in range(18):  # each worker once, under the workers' reason
        assert workers.count(f"<td data-label=\"Name\">Worker {n:02d}") == 1
