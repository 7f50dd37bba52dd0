"""Issue 39: remedies for the balance in the room — when a group's floor time is low against its share of those
present, the chair's view names the first of that group waiting and gives them the floor in one tap."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from tenants.rls import tenant_context
from tests.live.helpers import T0, room
from webapp.extensions import db
from webapp.live import clock, parity
from webapp.live.models import Intervention


@pytest.fixture(autouse=True)
def controlled_clock():  # noqa: ANN201
    clock.set(T0)
    yield
    clock.set(None)


COUNTS = {"gender": {"woman": [1, 30], "man": [1, 240]},
          "constituency": {"workers": [1, 30], "employers": [1, 240]},
          "present": {"gender": {"woman": 2, "man": 2}, "constituency": {"workers": 2, "employers": 1,
                                                                          "government": 1}}}


def test_floor_remedies_name_the_first_of_the_low_group_waiting() -> None:
    waiting = [(7, "man", "workers", "Yaw Owusu"), (9, "woman", "government", "Esi Asante")]
    [women, government, workers] = parity.floor_remedies(COUNTS, 2 / 3, waiting)
    assert (women.kind, women.group, women.request_id, women.name) == ("gender", "woman", 9, "Esi Asante")
    assert round(women.share_time, 2) == 0.11 and women.share_present == 0.5 and women.turns_after == 2 / 3
    assert (government.group, government.request_id) == ("government", 9)
    assert (workers.group, workers.request_id) == ("workers", 7)
    assert parity.floor_remedies(COUNTS, 2 / 3, [])[0].request_id is None
    assert parity.floor_remedies({}, 2 / 3, waiting) == []


def test_the_chair_gives_the_floor_to_the_remedy_in_one_tap(app, client, auth, factory, two_forums) -> None:
    from webapp.live import services
    from webapp.meetings.models import Meeting
    from webapp.members.models import Member

    r = room(app, factory, two_forums["a"])
    tid = two_forums["a"].id
    with app.app_context(), tenant_context(two_forums["a"]):
        m = db.session.get(Meeting, (tid, r["id"]))
        services.start(m, T0)
        for i, seconds in ((1, 240), (0, 30)):  # Kofi (man) 4 min, Ama (woman) 30 s
            member = db.session.get(Member, (tid, r["member_ids"][i]))
            services.give_floor(m, services.ask(m, member, T0), T0)
            services.end_intervention(m, T0 + timedelta(seconds=seconds))
        services.ask(m, db.session.get(Member, (tid, r["member_ids"][2])), T0)  # Yaw, then Esi, wait
        services.ask(m, db.session.get(Member, (tid, r["member_ids"][3])), T0 + timedelta(seconds=1))
        db.session.commit()
    auth.login(two_forums["a_sec"]["email"])
    base = f"/t/forum-a/live/{r['id']}"
    page = client.get(base).get_data(as_text=True)
    assert "Woman: 11% of the floor for 50% of those present." in page
    match = re.search(r'<button class="small" name="give" value="(\d+)">Give the floor to Esi Asante</button>', page)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    assert client.post(f"{base}/floor", data={"csrf_token": token, "give": match.group(1)}).status_code == 303
    with app.app_context(), tenant_context(two_forums["a"]):
        speaking = db.session.scalars(select(Intervention).where(Intervention.seconds.is_(None))).one()
        assert speaking.name == "Esi Asante"


def test_gender_remedy_picks_the_fewest_women_alternates_of_men_first() -> None:
    from webapp.inclusion import checks

    t = checks.Targets()
    invited = ["man"] * 6 + ["woman"]
    candidates = [checks.Candidate(1, "Adjoa", "woman"), checks.Candidate(2, "Zainab", "woman", alternate_of_man=True),
                  checks.Candidate(3, "Bea", "woman"), checks.Candidate(4, "Carla", "woman"),
                  checks.Candidate(5, "Kwame", "man")]
    remedy = checks.gender_remedy(invited, candidates, t)
    assert remedy == {"ids": [2, 1, 3], "names": ["Zainab", "Adjoa", "Bea"], "share": 0.4, "status": "ok"}
    assert checks.gender_remedy(["man"] * 3 + ["woman"] * 3, candidates, t) is None  # balanced: nothing to do
    assert checks.gender_remedy(invited, candidates[:2], t) is None  # two women are not enough: no false promise


def test_a_meeting_whose_womens_share_warns_offers_a_remedy_taken_in_one_tap(app, client, auth, factory,
                                                                            two_forums) -> None:
    from webapp.inclusion import services as inclusion
    from webapp.meetings.models import Meeting
    from webapp.members import services as roll

    tenant = two_forums["a"]
    with app.app_context(), tenant_context(tenant):
        men = [roll.add_member(f"Man {i}", f"man{i}@a.test", "member", gender="man").id for i in range(6)]
        woman = roll.add_member("Akosua Mensah", "akosua@a.test", "member", gender="woman").id
        roll.add_member("Zainab Bello", "zainab@a.test", "alternate", gender="woman", alternate_of_id=men[0])
        for name in ("Abena Ofori", "Efua Sarpong", "Yaa Asantewaa"):
            roll.add_member(name, name.split()[0].lower() + "@a.test", "member", gender="woman")
        db.session.commit()
    m = factory.meeting(tenant, title="Budget", member_ids=(*men, woman))
    auth.login(two_forums["a_sec"]["email"])
    page = client.get(f"/t/forum-a/meetings/{m['id']}?open=invitees").get_data(as_text=True)
    assert "Remedy: invite Zainab Bello, Abena Ofori, Efua Sarpong — women 40% of the invitees." in page
    form = re.search(r'<form method="post" action="([^"]+)" id="remedy-gender".*?</form>', page, re.S).group(0)
    data = {"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', form).group(1),
            "member_id": re.findall(r'name="member_id" value="(\d+)"', form)}
    assert client.post(re.search(r'action="([^"]+)"', form).group(1), data=data).status_code == 303
    with app.app_context(), tenant_context(tenant):
        [check] = [r for r in inclusion.meeting_checks(db.session.get(Meeting, (tenant.id, m["id"])))
                   if r.key == "gender"]
        assert check.status == "ok" and check.figures["women"] == 4
    assert "Remedy: invite" not in client.get(f"/t/forum-a/meetings/{m['id']}?open=invitees").get_data(as_text=True)


def test_group_remedies_name_the_fewest_of_the_missing_groups_women_alternates_of_men_first() -> None:
    from webapp.inclusion import checks

    t = checks.Targets(youth_target=0.3)
    core = ("government", "employers", "workers")
    invited = [checks.Invitee("man", "workers", False), checks.Invitee("man", "workers", False),
               checks.Invitee("man", "employers", True), checks.Invitee("woman", "employers", False),
               checks.Invitee("man", "employers", False), checks.Invitee("man", "workers", False)]
    pool = [checks.Candidate(1, "Kwesi Owusu", "man", constituency="government", young=True),
            checks.Candidate(2, "Abla Dzifa", "woman", constituency="government"),
            checks.Candidate(3, "Efua Mensah", "woman", alternate_of_man=True, constituency="employers",
                             organisation="GEA"),
            checks.Candidate(4, "Yaw Boakye", "man", constituency="asm_miners", young=True),
            checks.Candidate(5, "Adwoa Nkrumah", "woman", alternate_of_man=True, constituency="asm_miners",
                             young=True, organisation="GNASSM")]
    remedies = checks.group_remedies(invited, pool, core, t, plenary=True)
    # a government woman before a government man; every core constituency present, women 2 of 7
    assert remedies["constituencies"]["names"] == ["Abla Dzifa"] and remedies["constituencies"]["missing"] == []
    assert remedies["constituencies"]["constituencies_status"] == "ok"
    assert round(remedies["constituencies"]["women"], 3) == round(2 / 7, 3)
    # the miners: the woman alternate of a man invited, named with her organisation
    assert remedies["miners_voice"]["names"] == ["Adwoa Nkrumah (GNASSM)"] and remedies["miners_voice"]["miners"]
    # young people 1 of 6: the fewest young people to reach 30 % — Adwoa, then Kwesi (young men after young women)
    assert remedies["youth"]["names"] == ["Adwoa Nkrumah (GNASSM)", "Kwesi Owusu"]
    assert remedies["youth"]["youth"] == 3 / 8
    # nothing to mend: no remedy; a group the roll cannot supply: no false promise
    balanced = [*invited, checks.Invitee("woman", "government", True), checks.Invitee("man", "asm_miners", True)]
    assert checks.group_remedies(balanced, pool, core, t, plenary=True) == {}
    assert "constituencies" not in checks.group_remedies(invited, pool[2:], core, t, plenary=True)
    assert "miners_voice" not in checks.group_remedies(invited, pool, core, t, plenary=False)


def _unbalanced_meeting(app, factory, tenant, extra: int = 0) -> tuple[dict, dict[str, int]]:  # noqa: ANN001
    """Six invited to a plenary — three workers, three employers (one woman), no government, no miners — and a roll
    with GEA's woman alternate of an invited man, a government woman and man, a woman miner alternate, and ``extra``
    more members not invited."""
    from webapp.members import services as roll

    with app.app_context(), tenant_context(tenant):
        gea = roll.save_organisation(None, name="Ghana Employers' Association", acronym="GEA",
                                     constituency="employers", country="GH")
        invited = [roll.add_member(f"Worker {i}", f"worker{i}@r.test", "member", gender="man",
                                   constituency="workers").id for i in range(3)]
        invited += [roll.add_member("Kofi Employer", "kofi@r.test", "member", gender="man", organisation_id=gea.id).id,
                    roll.add_member("Kwame Employer", "kwame@r.test", "member", gender="man",
                                    constituency="employers").id,
                    roll.add_member("Akua Employer", "akua@r.test", "member", gender="woman",
                                    constituency="employers").id]
        people = {
            "efua": roll.add_member("Efua Mensah", "efua@r.test", "alternate", gender="woman", organisation_id=gea.id,
                                    alternate_of_id=invited[3]).id,
            "abla": roll.add_member("Abla Dzifa", "abla@r.test", "member", gender="woman",
                                    constituency="government").id,
            "kwesi": roll.add_member("Kwesi Owusu", "kwesi@r.test", "member", gender="man",
                                     constituency="government").id,
            "adwoa": roll.add_member("Adwoa Nkrumah", "adwoa@r.test", "alternate", gender="woman",
                                     constituency="asm_miners", alternate_of_id=invited[0]).id}
        for i in range(extra):
            roll.add_member(f"Member {i:03}", f"member{i}@r.test", "member", gender=("man", "woman")[i % 2],
                            constituency=("workers", "government", "asm_miners", "employers")[i % 4])
        db.session.commit()
    return factory.meeting(tenant, title="Plenary on permits", member_ids=tuple(invited)), people


def test_each_balance_warning_offers_its_remedy_with_the_figures_reached_and_one_tap_mends_it(
        app, client, auth, factory, two_forums) -> None:
    from webapp.inclusion import services as inclusion
    from webapp.meetings.models import Meeting

    tenant = two_forums["a"]
    m, people = _unbalanced_meeting(app, factory, tenant)
    auth.login(two_forums["a_sec"]["email"])
    path = f"/t/forum-a/meetings/{m['id']}?open=invitees"
    page = client.get(path).get_data(as_text=True)
    assert "Remedy: invite Abla Dzifa — every core constituency present. Women: 29% of the invitees." in page
    assert "Remedy: invite Adwoa Nkrumah — the artisanal miners present. Women: 29% of the invitees." in page
    assert "Remedy: invite Adwoa Nkrumah, Efua Mensah (GEA), Abla Dzifa — women 44% of the invitees." in page
    form = re.search(r'<form method="post" action="([^"]+)" id="remedy-constituencies".*?</form>', page, re.S).group(0)
    assert re.findall(r'name="member_id" value="(\d+)"', form) == [str(people["abla"])]
    data = {"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', form).group(1), "member_id": [people["abla"]]}
    assert client.post(re.search(r'action="([^"]+)"', form).group(1), data=data).status_code == 303
    with app.app_context(), tenant_context(tenant):
        checks = {r.key: r for r in inclusion.meeting_checks(db.session.get(Meeting, (tenant.id, m["id"])))}
        assert checks["constituencies"].status == "ok" and checks["constituencies"].figures["missing"] == []
        assert "remedy" in checks["miners_voice"].figures  # the miners are still to be invited
    page = client.get(path).get_data(as_text=True)
    assert 'id="remedy-constituencies"' not in page and 'id="remedy-miners_voice"' in page


def test_remedies_are_read_in_the_same_statements_for_a_small_and_a_large_roll(app, factory, databases) -> None:
    from tests.conftest import count_queries
    from webapp.inclusion import services as inclusion
    from webapp.meetings.models import Meeting

    counted = []
    for slug, extra in (("remedy-small", 0), ("remedy-large", 120)):
        tenant = factory.forum(slug)
        m, _people = _unbalanced_meeting(app, factory, tenant, extra=extra)
        with app.app_context(), tenant_context(tenant):
            meeting = db.session.get(Meeting, (tenant.id, m["id"]))
            with count_queries(app) as n:
                results = inclusion.meeting_checks(meeting)
            assert {r.key for r in results if "remedy" in r.figures} == {"gender", "constituencies", "miners_voice"}
            counted.append(n["n"])
    assert counted[0] == counted[1], counted


def test_the_demos_draft_plenary_offers_a_remedy_for_each_warning(app, databases) -> None:
    from tenants.models import Tenant
    from webapp import demo, demo_data
    from webapp.inclusion import services as inclusion
    from webapp.meetings.models import Meeting

    with app.app_context():
        demo.load()
        ghana = db.session.scalar(select(Tenant).where(Tenant.slug == "ghana-nsccl"))
        with tenant_context(ghana):
            m = db.session.scalar(select(Meeting).where(Meeting.title == demo_data.UNBALANCED_DRAFT_TITLE))
            assert m.status == "draft" and m.kind == "plenary"
            checks = {r.key: r for r in inclusion.meeting_checks(m)}
            assert checks["constituencies"].figures["missing"] == ["government"]
            mend = checks["constituencies"].figures["remedy"]
            assert len(mend["names"]) == 1 and mend["missing"] == [] and mend["women"] > 0
            assert checks["miners_voice"].figures["remedy"]["miners"]
            assert checks["gender"].figures["remedy"]["status"] == "ok"
            assert checks["panel"].figures["remedy"]["part"] == "speaker"  # the all-male panel: a woman asked to speak


def test_panel_remedy_asks_the_fewest_women_to_speak_invitees_without_a_part_first() -> None:
    from webapp.inclusion import checks

    t = checks.Targets()
    free = [checks.Candidate(7, "Akua Employer", "woman"), checks.Candidate(8, "Kwame", "man")]
    roll = [checks.Candidate(9, "Abla Dzifa", "woman", organisation="MELR")]
    assert checks.panel_remedy(["man", "man"], free + roll, t) == {
        "ids": [7], "names": ["Akua Employer"], "women": 1, "people": 3, "status": "ok"}
    assert checks.panel_remedy(["man", "man"], roll, t)["names"] == ["Abla Dzifa (MELR)"]
    assert checks.panel_remedy(["man", "woman"], free, t) is None  # a woman speaks: nothing to mend
    assert checks.panel_remedy(["man", "man"], free[1:], t) is None  # no woman to ask: no false promise


def test_an_all_male_panel_offers_a_woman_invitee_to_speak_in_one_tap(app, client, auth, factory,
                                                                      two_forums) -> None:
    from webapp.inclusion import services as inclusion
    from webapp.meetings import services as meetings
    from webapp.meetings.models import Invitation, Meeting

    tenant = two_forums["a"]
    m, people = _unbalanced_meeting(app, factory, tenant)
    with app.app_context(), tenant_context(tenant):
        invitations = db.session.scalars(select(Invitation).where(Invitation.meeting_id == m["id"])
                                         .order_by(Invitation.member_id)).all()
        meetings.set_part(invitations[0], "chair")  # Worker 0 chairs, Worker 1 speaks
        meetings.set_part(invitations[1], "speaker")
        db.session.commit()
        akua = invitations[5].member_id
    auth.login(two_forums["a_sec"]["email"])
    path = f"/t/forum-a/meetings/{m['id']}?open=invitees"
    page = client.get(path).get_data(as_text=True)
    assert "Remedy: ask Akua Employer to speak — then 1 of the 3 who chair and speak are women." in page
    form = re.search(r'<form method="post" action="([^"]+)" id="remedy-panel".*?</form>', page, re.S).group(0)
    data = {"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', form).group(1),
            "member_id": re.findall(r'name="member_id" value="(\d+)"', form),
            "part": re.search(r'name="part" value="(\w+)"', form).group(1)}
    assert data["member_id"] == [str(akua)]
    assert client.post(re.search(r'action="([^"]+)"', form).group(1), data=data).status_code == 303
    with app.app_context(), tenant_context(tenant):
        assert db.session.scalar(select(Invitation.part).where(Invitation.meeting_id == m["id"],
                                                               Invitation.member_id == akua)) == "speaker"
        checks = {r.key: r for r in inclusion.meeting_checks(db.session.get(Meeting, (tenant.id, m["id"])))}
        assert checks["panel"].status == "ok" and "remedy" not in checks["panel"].figures
    assert 'id="remedy-panel"' not in client.get(path).get_data(as_text=True)


def test_rotation_remedy_changes_the_fewest_contacts_busiest_organisations_first() -> None:
    from webapp.inclusion import checks

    t = checks.Targets()
    chairs = [(1, "man", 2), (2, "man", 1), (3, "woman", 1), (4, "man", 1), (5, "man", 1)]
    women = {2: checks.Candidate(21, "Abla", "woman", organisation="ICMM"),
             1: checks.Candidate(11, "Zainab", "woman", organisation="IOE")}
    remedy = checks.rotation_remedy(chairs, women, t)
    assert remedy == {"orgs": [1], "ids": [11], "names": ["Zainab (IOE)"], "share": 0.5, "status": "ok"}
    assert checks.rotation_remedy(chairs, {2: women[2]}, t) is None  # 2 of 6: not enough, no false promise
    assert checks.rotation_remedy([(1, "woman", 3), (2, "man", 3)], women, t) is None  # balanced


def test_a_webinar_rotation_chaired_by_men_offers_women_contacts_in_one_tap(app, client, auth, factory,
                                                                            two_forums) -> None:
    from tests.webinars.test_series import make_series
    from webapp.members import services as roll
    from webapp.members.models import Member
    from webapp.webinars import services as webinars
    from webapp.webinars.models import WebinarSeries

    tenant = two_forums["a"]
    made = make_series(app, factory, tenant, count=6)
    with app.app_context(), tenant_context(tenant):
        for contact in made["contacts"]:
            db.session.get(Member, (tenant.id, contact["id"])).gender = "man"
        for i, org_id in enumerate(made["orgs"]):
            roll.add_member(f"Woman {i} of the rotation", f"woman{i}@rot.test", "member", gender="woman",
                            organisation_id=org_id)
        db.session.commit()
    auth.login(two_forums["a_sec"]["email"])
    path = f"/t/forum-a/webinars/{made['series_id']}"
    page = client.get(path).get_data(as_text=True)
    form = re.search(r'<form method="post" action="([^"]+)" id="remedy-rotation".*?</form>', page, re.S).group(0)
    assert re.search(r"Remedy: make Woman \d of the rotation.* the contact of their organisation — women would chair "
                     r"50% of the sessions\.", form), form
    data = {"csrf_token": re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', form).group(1),
            "organisation_id": re.findall(r'name="organisation_id" value="(\d+)"', form),
            "contact_id": re.findall(r'name="contact_id" value="(\d+)"', form)}
    assert len(data["organisation_id"]) == len(data["contact_id"]) >= 1
    assert client.post(re.search(r'action="([^"]+)"', form).group(1), data=data).status_code == 303
    with app.app_context(), tenant_context(tenant):
        fair = webinars.fairness(db.session.get(WebinarSeries, (tenant.id, made["series_id"])))
        [gender_check] = [r for r in fair["checks"] if r.key == "gender"]
        assert gender_check.status == "ok" and fair["remedy"] is None
    assert 'id="remedy-rotation"' not in client.get(path).get_data(as_text=True)


def test_the_one_tap_remedy_reads_the_members_it_names_in_one_statement_for_one_or_five(app, client, auth, factory,
                                                                                       two_forums) -> None:
    """The remedy's members are read together: one statement on the roll for one member as for five; a member of
    another forum among them is a 404 and nobody is invited."""
    from sqlalchemy import event

    from webapp.meetings.models import Invitation
    from webapp.members import services as roll

    tenant = two_forums["a"]
    with app.app_context(), tenant_context(tenant):
        ids = [roll.add_member(f"Remedy {i}", f"remedy{i}@a.test", "member", gender="woman").id for i in range(6)]
        db.session.commit()
    auth.login(two_forums["a_sec"]["email"])

    def roll_reads(people: list[int]) -> tuple[int, int]:
        m = factory.meeting(tenant, title=f"Remedy for {len(people)}")
        path = f"/t/forum-a/meetings/{m['id']}"
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get(f"{path}?open=invitees")
                          .get_data(as_text=True)).group(1)
        seen: list[str] = []

        def keep(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
            seen.append(statement)

        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", keep)
        try:
            status = client.post(f"{path}/invitees/remedy", data={"csrf_token": token, "member_id": people}).status_code
        finally:
            event.remove(engine, "before_cursor_execute", keep)
        with app.app_context(), tenant_context(tenant):
            invited = len(db.session.scalars(select(Invitation).where(
                Invitation.tenant_id == tenant.id, Invitation.meeting_id == m["id"])).all())
        assert status in (303, 404)
        return sum(1 for s in seen if re.search(r"\bFROM members\b", s) and "invitations" not in s), invited

    assert roll_reads(ids[:1]) == (1, 1)
    assert roll_reads(ids[1:6]) == (1, 5)
    assert roll_reads([ids[0], two_forums["b_sec"]["id"]])[1] == 0  # another forum's member: nobody invited
