"""Issue 27: a meeting's texts translated side by side, out-of-date translations, the queue per language, who may
translate, and readers seeing content in their language (page, printable notice, e-mail)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from tenants.rls import tenant_context
from webapp.core import content
from webapp.core.content import ContentTranslation
from webapp.core.visibility import Reader
from webapp.extensions import db
from webapp.meetings import services, translation
from webapp.meetings.models import AgendaItem, Meeting
from webapp.members import services as roll
from webapp.members.models import Member

STAFF = Reader.staff()


@pytest.fixture
def planned(app, factory, two_forums):
    return factory.meeting(two_forums["a"], "Mining subcommittee", member_ids=(two_forums["a_member"]["id"],))


def _meeting(forum, m):  # noqa: ANN001, ANN202
    return db.session.get(Meeting, (forum.id, m["id"]))


def _item_key(m):  # noqa: ANN001, ANN202
    return f"agenda_item-{m['item_id']}-title"


def test_a_changed_original_marks_the_translation_out_of_date(app, two_forums, planned):
    a = two_forums["a"]
    with app.app_context(), tenant_context(a):
        m = _meeting(a, planned)
        assert services.save_translations(m, "ha", {_item_key(planned): "Buɗewa"}) == 1
        row = db.session.scalar(select(ContentTranslation).where(ContentTranslation.object_type == "agenda_item"))
        assert row.source_text == "Opening" and row.source_hash == content.source_hash("Opening")
        [unit] = [u for u in translation.units(m, "ha", STAFF) if u.kind == "agenda_item"]
        assert unit.draft.text == "Buɗewa" and not unit.draft.stale and unit.change is None
        item = db.session.get(AgendaItem, (a.id, planned["item_id"]))
        services.save_agenda_item(m, item, title="Opening <b>prayer</b>", presenter=None, minutes=None,
                                  kind="information")
        [unit] = [u for u in translation.units(m, "ha", STAFF) if u.kind == "agenda_item"]
        assert unit.draft.stale
        assert str(unit.change) == "Opening<ins> &lt;b&gt;prayer&lt;/b&gt;</ins>"  # escaped, word by word
        # saved again unchanged, it stays out of date; confirmed, it is made from the new original
        services.save_translations(m, "ha", {unit.key: "Buɗewa"})
        assert [u for u in translation.units(m, "ha", STAFF) if u.kind == "agenda_item"][0].draft.stale
        services.save_translations(m, "ha", {unit.key: "Buɗewa"}, confirmed={unit.key})
        assert not [u for u in translation.units(m, "ha", STAFF) if u.kind == "agenda_item"][0].draft.stale


def test_no_translation_into_the_meetings_own_language(app, two_forums, planned):
    with app.app_context(), tenant_context(two_forums["a"]), pytest.raises(services.MeetingError):
        services.save_translations(_meeting(two_forums["a"], planned), "en", {_item_key(planned): "x"})


def test_queue_puts_the_coming_meetings_first_and_drops_what_is_translated(app, factory, two_forums, planned):
    a = two_forums["a"]
    past = factory.meeting(a, "Last year's public meeting", days_ahead=-40, visibility="public")
    later = factory.meeting(a, "Later meeting", days_ahead=60)
    with app.app_context(), tenant_context(a):
        titles = [r.meeting.title for r in translation.queue("fr", STAFF)]
        assert titles == ["Mining subcommittee", "Later meeting", "Last year's public meeting"]
        m = _meeting(a, later)
        services.save_translations(m, "fr", {u.key: "traduit" for u in translation.units(m, "fr", STAFF)})
        assert "Later meeting" not in [r.meeting.title for r in translation.queue("fr", STAFF)]
        assert past  # a public meeting held: in the queue after the coming ones


def test_only_staff_and_members_allowed_to_translate_see_the_translators_view(app, client, auth, two_forums,
                                                                              planned):
    url = f"/t/forum-a/meetings/{planned['id']}/translate/ha"
    auth.login(two_forums["a_member"]["email"])
    assert client.get(url).status_code == 404
    assert client.get("/t/forum-a/meetings/translations/ha").status_code == 404
    assert "/translate/" not in client.get(f"/t/forum-a/meetings/{planned['id']}").get_data(as_text=True)
    with app.app_context(), tenant_context(two_forums["a"]):
        roll.update_member(db.session.get(Member, (two_forums["a"].id, two_forums["a_member"]["id"])),
                           {"may_translate": True})
        db.session.commit()
    page = client.get(url)
    assert page.status_code == 200 and "Opening" in page.get_data(as_text=True)
    r = client.post(url, data={"csrf_token": auth.csrf(url), f"t-ha-{_item_key(planned)}": "Buɗewa"})
    assert r.status_code == 303
    assert "Buɗewa" in client.get(url).get_data(as_text=True)
    auth.logout()
    auth.login(two_forums["a_sec"]["email"])  # the staff may always translate
    assert client.get(url).status_code == 200


def test_readers_see_the_agenda_in_their_language_with_the_original_a_tap_away(app, client, auth, two_forums,
                                                                                planned):
    with app.app_context(), tenant_context(two_forums["a"]):
        services.save_translations(_meeting(two_forums["a"], planned), "fr", {_item_key(planned): "Ouverture"})
        services.send_notice(_meeting(two_forums["a"], planned))
        db.session.commit()
    auth.login(two_forums["a_member"]["email"])
    html = client.get(f"/t/forum-a/meetings/{planned['id']}?lang=fr").get_data(as_text=True)
    assert "Ouverture" in html and "<details class=\"original\">" in html and "Opening" in html
    # no translation into Spanish: the original, its language named in Spanish, once over the agenda (issue 33)
    html = client.get(f"/t/forum-a/meetings/{planned['id']}?lang=es").get_data(as_text=True)
    agenda = html.split('id="agenda"')[1].split("</ol>")[0]
    assert "Opening" in agenda and agenda.count("(se muestra en inglés: aún sin traducir)") == 1
    printed = client.get(f"/t/forum-a/meetings/{planned['id']}/print?lang=fr").get_data(as_text=True)
    assert "Ouverture" in printed


def test_invitation_email_carries_the_agenda_in_the_recipients_language(app, factory, two_forums, smtp,
                                                                        run_worker, planned):
    a = two_forums["a"]
    with app.app_context(), tenant_context(a):
        roll.update_member(db.session.get(Member, (a.id, two_forums["a_member"]["id"])), {"locale": "ha"})
        m = _meeting(a, planned)
        services.save_translations(m, "ha", {_item_key(planned): "Buɗewa", f"meeting-{m.id}-title": "Taron ma'adinai"})
        services.send_notice(m)
        db.session.commit()
    run_worker()
    [mail] = smtp.to(two_forums["a_member"]["email"])
    body = "".join(p.get_content() for p in mail.walk() if p.get_content_type() in ("text/plain", "text/html"))
    assert "Buɗewa" in body and "Opening" not in body and "Taron ma'adinai" in mail["Subject"]


def test_the_secretariat_lets_a_member_translate_without_changing_their_role(app, client, auth, two_forums, planned):
    target = two_forums["a_member"]
    url = f"/t/forum-a/members/{target['id']}/edit"
    auth.login(two_forums["a_sec"]["email"])
    r = client.post(url, data={"csrf_token": auth.csrf(url), "name": "Amadou Member", "role": "member",
                               "gender": "man", "active": "y", "may_translate": "y"})
    assert r.status_code == 303
    with app.app_context(), tenant_context(two_forums["a"]):
        m = db.session.get(Member, (two_forums["a"].id, target["id"]))
        assert m.may_translate and m.role == "member"
    auth.logout()
    auth.login(target["email"])
    assert client.get(f"/t/forum-a/meetings/{planned['id']}/translate/ha").status_code == 200
    assert client.get(f"/t/forum-a/meetings/{planned['id']}/edit").status_code == 404  # still a member


def test_names_and_titles_translated_as_a_list(app, client, auth, two_forums, planned):
    """Committee names (and organisations, plans, objectives, action items, webinar series) side by side, as a
    list."""
    a = two_forums["a"]
    with app.app_context(), tenant_context(a):
        roll.update_member(db.session.get(Member, (a.id, two_forums["a_member"]["id"])), {"may_translate": True})
        db.session.commit()
    auth.login(two_forums["a_member"]["email"])
    url = "/t/forum-a/meetings/translations/fr/committee"
    html = client.get(url).get_data(as_text=True)
    assert "Committee of Mining subcommittee" in html
    assert "/meetings/translations/fr/organisation" in client.get("/t/forum-a/meetings/translations/fr").get_data(
        as_text=True)
    key = f"t-fr-committee-{planned['committee_id']}-name"
    assert client.post(url, data={"csrf_token": auth.csrf(url), key: "Comité des mines"}).status_code == 303
    with app.app_context(), tenant_context(a):
        assert content.translations("committee", [planned["committee_id"]], "fr") == {
            (planned["committee_id"], "name"): "Comité des mines"}
    assert client.get("/t/forum-a/meetings/translations/fr/nothing").status_code == 404
    # readers of French see the committee's translated name on the meeting page and the printable notice
    with app.app_context(), tenant_context(a):
        services.send_notice(_meeting(a, planned))
        db.session.commit()
    assert "Comité des mines" in client.get(f"/t/forum-a/meetings/{planned['id']}?lang=fr").get_data(as_text=True)
    assert "Comité des mines" in client.get(f"/t/forum-a/meetings/{planned['id']}/print?lang=fr").get_data(
        as_text=True)
    assert "Comité des mines" not in client.get(f"/t/forum-a/meetings/{planned['id']}?lang=en").get_data(as_text=True)


def test_action_plans_in_the_readers_language_with_constant_statements(app, client, auth, two_forums):
    """Plans, objectives and action items translated as lists appear translated on the plan page (one query per
    kind, whatever the number of items) and on the item's page with its original a tap away."""
    from datetime import date

    from tests.conftest import count_queries
    from webapp.actions import services as actions
    from webapp.actions.models import ActionPlan

    a = two_forums["a"]
    with app.app_context(), tenant_context(a):
        plan = actions.save_plan(None, title="Mining component", description=None, period_start=date(2026, 1, 1),
                                 period_end=date(2027, 12, 31), visibility="public")
        objective = actions.add_objective(plan, "Remove children from hazardous work")
        items = [actions.save_item(plan, None, {"objective_id": objective.id, "title": f"Visit site {i}",
                                                "status": "in_progress"}) for i in range(3)]
        for kind, oid, field, text in [("action_plan", plan.id, "title", "Volet minier"),
                                       ("objective", objective.id, "title", "Retirer les enfants"),
                                       *[("action_item", it.id, "title", f"Visiter le site {i}")
                                         for i, it in enumerate(items)]]:
            content.set_translation(kind, oid, field, "fr", text, source="x")
        db.session.commit()
        plan_id, objective_id, item_id = plan.id, objective.id, items[0].id
    auth.login(two_forums["a_member"]["email"])
    url = f"/t/forum-a/actions/plans/{plan_id}?lang=fr"
    client.get(url)
    with count_queries(app) as few:
        html = client.get(url).get_data(as_text=True)
    assert "Volet minier" in html and "Retirer les enfants" in html and "Visiter le site 2" in html
    with app.app_context(), tenant_context(a):
        plan_row = db.session.get(ActionPlan, (a.id, plan_id))
        for i in range(3, 30):
            it = actions.save_item(plan_row, None, {"objective_id": objective_id, "title": f"Visit site {i}",
                                                    "status": "in_progress"})
            content.set_translation("action_item", it.id, "title", "fr", f"Visiter le site {i}", source="x")
        db.session.commit()
    with count_queries(app) as many:
        html = client.get(url).get_data(as_text=True)
    assert "Visiter le site 29" in html and many["n"] == few["n"]
    item = client.get(f"/t/forum-a/actions/items/{item_id}?lang=fr").get_data(as_text=True)
    assert "Visiter le site 0" in item and '<details class="original">' in item and "Visit site 0" in item


def test_committee_pages_name_the_committee_in_the_readers_language(app, client, auth, two_forums, planned):
    with app.app_context(), tenant_context(two_forums["a"]):
        content.set_translation("committee", planned["committee_id"], "name", "sw", "Kamati ya madini", source="x")
        db.session.commit()
    auth.login(two_forums["a_member"]["email"])
    listed = client.get("/t/forum-a/committees/?lang=sw").get_data(as_text=True)
    assert "Kamati ya madini" in listed
    page = client.get(f"/t/forum-a/committees/{planned['committee_id']}?lang=sw").get_data(as_text=True)
    assert "Kamati ya madini" in page and "Committee of Mining subcommittee" in page  # the original, a tap away


def test_public_meeting_page_shows_the_agenda_in_the_visitors_language(app, client, factory, two_forums):
    m = factory.meeting(two_forums["a"], "Public plenary", visibility="public", notify=True)
    with app.app_context(), tenant_context(two_forums["a"]):
        services.save_translations(_meeting(two_forums["a"], m), "fr", {_item_key(m): "Ouverture"})
        db.session.commit()
    html = client.get(f"/t/forum-a/public/meetings/{m['id']}?lang=fr").get_data(as_text=True)
    assert "Ouverture" in html and '<details class="original">' in html


def test_papers_carry_their_language_and_versions_in_other_languages(app, client, auth, two_forums, planned):
    """A paper is written in a language (the meeting's by default); a version in another language hangs under
    it; the meeting's balance warns while a paper is missing in one of the forum's working languages."""
    from webapp.inclusion import services as inclusion
    from webapp.meetings.models import MeetingDocument

    a = two_forums["a"]
    with app.app_context(), tenant_context(a):
        a_row = db.session.get(type(a), a.id)
        a_row.enabled_locales = ["en", "ha"]
        db.session.commit()
    a.enabled_locales = ["en", "ha"]  # the fixture's copy, used as the tenant context below
    auth.login(two_forums["a_sec"]["email"])
    url = f"/t/forum-a/meetings/{planned['id']}"
    with app.app_context(), tenant_context(a):
        [check] = [r for r in inclusion.meeting_checks(_meeting(a, planned)) if r.key == "papers_language"]
        assert check.status == "warn" and check.figures["missing"] == 1
    import io

    def upload(**data):  # noqa: ANN003, ANN202
        return client.post(f"{url}/documents", data={"csrf_token": auth.csrf(url), "file": (io.BytesIO(b"%PDF-1.4 x"),
                                                                                             "agenda-ha.pdf"), **data},
                           content_type="multipart/form-data")

    assert upload(language="en", original_id=str(planned["doc_id"])).status_code == 422  # not another language
    assert upload(language="ha", original_id=str(planned["doc_id"])).status_code == 303
    with app.app_context(), tenant_context(a):
        version = db.session.scalar(select(MeetingDocument).where(MeetingDocument.original_id == planned["doc_id"]))
        assert version.language == "ha" and version.filename == "agenda-ha.pdf"
        [check] = [r for r in inclusion.meeting_checks(_meeting(a, planned)) if r.key == "papers_language"]
        assert check.status == "ok"
    html = client.get(url).get_data(as_text=True)
    assert '<ul class="versions">' in html and ">Hausa</a>" in html


def test_minutes_translated_side_by_side_and_read_in_the_readers_language(app, client, auth, two_forums, planned):
    from webapp.meetings.outcomes import services as outcomes

    a = two_forums["a"]
    with app.app_context(), tenant_context(a):
        m = _meeting(a, planned)
        services.send_notice(m)
        minutes = outcomes.save_minutes(m, "We **agreed** the list.", False, "members")
        outcomes.circulate_minutes(m)
        key = f"minutes-{minutes.id}-body_md"
        assert key in {u.key for u in translation.units(m, "fr", STAFF)}
        services.save_translations(m, "fr", {key: "Nous avons **adopté** la liste. <script>x</script>"})
        db.session.commit()
    auth.login(two_forums["a_member"]["email"])
    html = client.get(f"/t/forum-a/meetings/{planned['id']}?lang=fr").get_data(as_text=True)
    assert "<strong>adopté</strong>" in html and "<script>x" not in html  # sanitised as the original is
    assert "<strong>agreed</strong>" in html  # the original, a tap away
    assert "adopté" not in client.get(f"/t/forum-a/meetings/{planned['id']}?lang=en").get_data(as_text=True)


def test_a_translated_meeting_title_has_its_original_a_tap_away(app, client, auth, two_forums, planned):
    with app.app_context(), tenant_context(two_forums["a"]):
        m = _meeting(two_forums["a"], planned)
        services.save_translations(m, "fr", {f"meeting-{m.id}-title": "Sous-comité des mines"})
        services.send_notice(m)
        db.session.commit()
    auth.login(two_forums["a_member"]["email"])
    html = client.get(f"/t/forum-a/meetings/{planned['id']}?lang=fr").get_data(as_text=True)
    head = html[html.index("<hgroup>"):html.index("<hgroup>") + 1500]
    assert "Sous-comité des mines" in head and '<details class="original">' in head and "Mining subcommittee" in head


def test_the_meeting_page_offers_the_translators_view_from_its_page_model(app, client, auth, factory, two_forums):
    """Issue 35: show.html reads may_translate from the meeting page's model (the reader's capability), not from a
    predicate call: a plain member has no link, a member allowed to translate and the secretariat have it."""
    m = factory.meeting(two_forums["a"], "Mining subcommittee", member_ids=(two_forums["a_member"]["id"],),
                        notify=True)
    page = f"/t/forum-a/meetings/{m['id']}"
    auth.login(two_forums["a_member"]["email"])
    r = client.get(page)
    assert r.status_code == 200 and f"/meetings/{m['id']}/translate/" not in r.get_data(as_text=True)
    with app.app_context(), tenant_context(two_forums["a"]):
        roll.update_member(db.session.get(Member, (two_forums["a"].id, two_forums["a_member"]["id"])),
                           {"may_translate": True})
        db.session.commit()
    assert f"/meetings/{m['id']}/translate/" in client.get(page).get_data(as_text=True)
    auth.logout()
    auth.login(two_forums["a_sec"]["email"])
    assert f"/meetings/{m['id']}/translate/" in client.get(page).get_data(as_text=True)
