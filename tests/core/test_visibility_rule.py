"""Issue 31: one rule by reader (webapp/core/visibility.py). A member who may translate reads what their role
reads, and nothing more than the titles, agendas and expected outputs of draft meetings whose visibility they see;
and the matrix: every kind of reader x every kind of object and visibility x every surface that shows it (the
object's page, the translator's pages, search)."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tenants.rls import tenant_context
from webapp.actions import services as actions
from webapp.core.content import ContentTranslation
from webapp.extensions import db
from webapp.meetings.models import AgendaItem, Meeting
from webapp.meetings.outcomes import services as outcome_services
from webapp.members import services as roll
from webapp.members.models import Committee, Member

LEVELS = ("public", "members", "restricted")
SHORT = {"public": "pub", "members": "mem", "restricted": "res"}


def word(kind: str, level: str = "") -> str:
    """A made-up word, one per object, that the page, the translator's lists and the search can be asked for."""
    return f"zq{kind}{SHORT.get(level, level)}"


def _meeting(app, factory, forum, title: str, visibility: str, held: bool, committee_id: int | None = None):
    m = factory.meeting(forum, title, days_ahead=-10 if held else 20, visibility=visibility,
                        **({"committee_id": committee_id} if committee_id else {}))
    with app.app_context(), tenant_context(forum):
        meeting = db.session.get(Meeting, (forum.id, m["id"]))
        db.session.get(AgendaItem, (forum.id, m["item_id"])).title = f"{title} agenda"
        if held:
            meeting.status = "held"
        db.session.commit()
    return m


@pytest.fixture
def world(app, factory, two_forums):
    """One forum with a reader of every kind and an object of every kind at every visibility, each named by its
    own word."""
    a = two_forums["a"]
    people = {"secretariat": two_forums["a_sec"], "member": two_forums["a_member"]}
    for kind, name, role in (("observer", "Olu Observer", "observer"), ("owner", "Owen Owner", "member"),
                             ("org_seated", "Sena Seated", "member"), ("committee_chair", "Cece Cochair", "member"),
                             ("chair", "Kwame Chair", "chair"), ("translator", "Tina Translator", "member"),
                             ("ended", "Eddie Ended", "member")):
        people[kind] = factory.member(a, name, role)
    ids = {}
    base = _meeting(app, factory, a, word("base"), "members", held=True)
    committee_id = base["committee_id"]
    for level in LEVELS:
        ids[("held", level)] = _meeting(app, factory, a, word("held", level), level, True, committee_id)["id"]
        ids[("draft", level)] = _meeting(app, factory, a, word("draft", level), level, False, committee_id)["id"]
    for state in ("draft", "circulated", "approved"):
        ids[("minutes", state)] = _meeting(app, factory, a, word("mtg" + state[:4]), "members", True,
                                           committee_id)["id"]
    tid = a.id
    with app.app_context(), tenant_context(a):
        member = {k: db.session.get(Member, (tid, v["id"])) for k, v in people.items()}
        roll.update_member(member["translator"], {"may_translate": True})
        roll.update_member(member["ended"], {"term_end": date(2020, 1, 31)})
        org = roll.save_organisation(None, name="GNASSM", acronym="GNASSM", constituency="asm_miners", country="GH")
        roll.update_member(member["org_seated"], {"organisation_id": org.id})
        roll.set_seat(db.session.get(Committee, (tid, committee_id)), member["committee_chair"], "co_chair")
        # decisions of every visibility, in a meeting every member reads
        held = db.session.get(Meeting, (tid, base["id"]))
        for level in LEVELS:
            ids[("decision", level)] = outcome_services.save_decision(
                held, None, text=f"We decided {word('dec', level)}.", agenda_item_id=None, visibility=level,
                policy_outcome=None, review_on=None, positions={}).id
        # minutes not yet circulated, circulated, approved (members)
        for state in ("draft", "circulated", "approved"):
            m = db.session.get(Meeting, (tid, ids[("minutes", state)]))
            outcome_services.save_minutes(m, f"We met. {word('min', state[:4])}", False, "members")
            if state != "draft":
                outcome_services.circulate_minutes(m)
            if state == "approved":
                outcome_services.approve_minutes(m, member["chair"])
        # plans of every visibility, each with an objective and an item at the plan's level; in the restricted plan
        # an item owned by a member and one owned by an organisation
        for level in LEVELS:
            plan = actions.save_plan(None, title=word("plan", level), description=None, period_start=None,
                                     period_end=None, visibility=level)
            objective = actions.add_objective(plan, word("obj", level))
            item = actions.save_item(plan, None, {"title": word("item", level), "visibility": level,
                                                  "objective_id": objective.id, "due_on": date(2027, 1, 1)})
            ids[("plan", level)], ids[("item", level)] = plan.id, item.id
            if level == "restricted":
                for owned_by in ("own", "org"):
                    owned = actions.save_item(plan, None, {
                        "title": word("item", owned_by), "visibility": "restricted", "due_on": date(2027, 1, 1),
                        "owner_member_id": member["owner"].id if owned_by == "own" else None,
                        "owner_organisation_id": org.id if owned_by == "org" else None})
                    ids[("item", owned_by)] = owned.id
        db.session.commit()
    ids["base"] = base["id"]
    return {"people": people, "ids": ids, "forum": a}


def _sign_in(auth, world, kind: str) -> None:
    if kind != "anonymous":
        auth.login(world["people"][kind]["email"])


def test_a_translator_reads_only_what_their_role_reads(client, auth, world):
    """A member allowed to translate: restricted decisions, the objectives and items of a restricted plan, and
    minutes not yet circulated stay out of every translator's page; a members-level draft's title, agenda and
    expected outputs are there to translate; a restricted draft is not."""
    ids = world["ids"]
    _sign_in(auth, world, "translator")
    page = client.get(f"/t/forum-a/meetings/{ids['base']}/translate/fr").get_data(as_text=True)
    assert word("dec", "members") in page and word("dec", "public") in page
    assert word("dec", "restricted") not in page
    assert client.get(f"/t/forum-a/meetings/{ids['base']}").get_data(as_text=True).count(word("dec", "restricted")) == 0
    objectives = client.get("/t/forum-a/meetings/translations/fr/objective").get_data(as_text=True)
    assert word("obj", "members") in objectives and word("obj", "restricted") not in objectives
    items = client.get("/t/forum-a/meetings/translations/fr/action_item").get_data(as_text=True)
    assert word("item", "members") in items and word("item", "restricted") not in items
    assert client.get(f"/t/forum-a/actions/items/{ids[('item', 'restricted')]}").status_code == 404
    draft_minutes = client.get(f"/t/forum-a/meetings/{ids[('minutes', 'draft')]}/translate/fr").get_data(as_text=True)
    assert word("min", "draf") not in draft_minutes
    circulated = client.get(f"/t/forum-a/meetings/{ids[('minutes', 'circulated')]}/translate/fr")
    assert word("min", "circ") in circulated.get_data(as_text=True)
    draft = client.get(f"/t/forum-a/meetings/{ids[('draft', 'members')]}/translate/fr")
    assert draft.status_code == 200
    assert word("draft", "members") in draft.get_data(as_text=True)  # its title and its agenda item
    assert "A work plan" in draft.get_data(as_text=True)  # its expected outputs
    assert client.get(f"/t/forum-a/meetings/{ids[('draft', 'restricted')]}/translate/fr").status_code == 404
    queue = client.get("/t/forum-a/meetings/translations/fr").get_data(as_text=True)
    assert word("draft", "members") in queue and word("draft", "restricted") not in queue
    assert word("held", "restricted") not in queue
    # nor can a translation of what they may not read be written by hand-made form fields
    url = f"/t/forum-a/meetings/{ids['base']}/translate/fr"
    r = client.post(url, data={"csrf_token": auth.csrf(url),
                               f"t-fr-decision-{ids[('decision', 'restricted')]}-text": "Nous avons décidé",
                               f"t-fr-decision-{ids[('decision', 'members')]}-text": "Décision des membres"})
    assert r.status_code == 303
    with client.application.app_context(), tenant_context(world["forum"]):
        saved = db.session.scalars(select(ContentTranslation.object_id).where(
            ContentTranslation.object_type == "decision")).all()
    assert saved == [ids[("decision", "members")]]


# --- the matrix: reader kinds x objects x surfaces ----------------------------------------------------------------

READERS = ("anonymous", "observer", "member", "owner", "org_seated", "committee_chair", "secretariat", "chair",
           "translator", "ended")
READER_LEVEL = {"anonymous": "public", "ended": "public", "secretariat": "restricted", "chair": "restricted"}
RANK = {level: n for n, level in enumerate(LEVELS)}
STAFF = ("secretariat", "chair")
TRANSLATORS = ("translator", *STAFF)
OBJECTS = [*(("meeting", state, level) for state in ("held", "draft") for level in LEVELS),
           *(("decision", "", level) for level in LEVELS),
           *(("minutes", state, "members") for state in ("draft", "circulated", "approved")),
           *(("plan", "", level) for level in LEVELS), *(("objective", "", level) for level in LEVELS),
           *(("item", "", level) for level in LEVELS), ("item", "own", "restricted"), ("item", "org", "restricted"),
           ("figures", "", "committee")]  # a committee's balance and inclusion checks, on its meeting's page
SURFACES = ("page", "translator", "search")
TRANSLATED_KINDS = {"plan": "action_plan", "objective": "objective", "item": "action_item"}  # core/content.py KINDS


def expected(reader: str, obj: tuple[str, str, str], surface: str) -> bool | None:
    """What the one rule says (DESIGN.md, "Visibility: one rule by reader"); None: the surface does not show it."""
    kind, state, level = obj
    member = reader not in ("anonymous", "ended")  # an ended term reads the forum as the public does
    if kind == "figures":  # the staff, and the committee's chair and co-chairs, whatever their role
        return (reader in (*STAFF, "committee_chair")) if member and surface == "page" else None
    sees = RANK[level] <= RANK[READER_LEVEL.get(reader, "members")]
    staff = reader in STAFF
    owned = (state == "own" and reader == "owner") or (state == "org" and reader == "org_seated")
    read = {"meeting": sees and (state != "draft" or staff), "decision": sees,
            "minutes": state != "draft" or staff, "plan": sees, "objective": sees, "item": sees or owned}[kind]
    if surface == "page" and not member:  # the public pages
        return {"meeting": level == "public" and state == "held", "plan": level == "public",
                "item": level == "public" and not state}.get(kind)
    if surface == "page":
        return read
    if surface == "translator":
        if reader not in TRANSLATORS:
            return False
        # translating grants a draft meeting whose visibility the reader sees; nothing else
        return sees if kind == "meeting" else read
    if kind in ("plan", "objective"):
        return None  # not searched
    return member and read


def _shown(client, ids, obj, surface, reader) -> bool | None:
    kind, state, level = obj
    if kind == "figures":
        return client.get(f"/t/forum-a/meetings/{ids['base']}").get_data(as_text=True).count('id="balance"') == 1
    marker = {"meeting": word(state, level), "decision": word("dec", level), "minutes": word("min", state[:4]),
              "plan": word("plan", level), "objective": word("obj", level),
              "item": word("item", state or level)}[kind]
    public_reader = reader in ("anonymous", "ended")

    def has(url: str, start: str = "") -> bool:
        r = client.get(url)
        html = r.get_data(as_text=True)
        return r.status_code == 200 and marker in (html.split(start, 1)[-1].split("</ul>", 1)[0] if start else html)

    if surface == "search":  # in the results, not the search box
        return has(f"/t/forum-a/meetings/search?q={marker}", start='id="results"')
    if surface == "translator":
        if kind == "meeting":
            return client.get(f"/t/forum-a/meetings/{ids[(state, level)]}/translate/fr").status_code == 200
        if kind == "decision":
            return has(f"/t/forum-a/meetings/{ids['base']}/translate/fr")
        if kind == "minutes":
            return has(f"/t/forum-a/meetings/{ids[('minutes', state)]}/translate/fr")
        return has(f"/t/forum-a/meetings/translations/fr/{TRANSLATED_KINDS[kind]}")
    if public_reader:
        if kind == "meeting":
            return client.get(f"/t/forum-a/public/meetings/{ids[(state, level)]}").status_code == 200
        return has("/t/forum-a/public/")
    if kind == "meeting":
        return client.get(f"/t/forum-a/meetings/{ids[(state, level)]}").status_code == 200
    if kind == "decision":
        return has(f"/t/forum-a/meetings/{ids['base']}")
    if kind == "minutes":
        return has(f"/t/forum-a/meetings/{ids[('minutes', state)]}")
    if kind == "plan":
        return client.get(f"/t/forum-a/actions/plans/{ids[('plan', level)]}").status_code == 200
    if kind == "objective":
        return has(f"/t/forum-a/actions/plans/{ids[('plan', level)]}")
    return client.get(f"/t/forum-a/actions/items/{ids[('item', state or level)]}").status_code == 200


@pytest.mark.parametrize("reader", READERS)
def test_the_matrix_of_readers_objects_and_surfaces(client, auth, world, reader):
    """Every kind of reader, every kind of object at every visibility, on the object's page, the translator's pages
    and search: shown exactly when the one rule says so (a 200 or the object's word on the page)."""
    _sign_in(auth, world, reader)
    wrong = []
    for obj in OBJECTS:
        for surface in SURFACES:
            want = expected(reader, obj, surface)
            if want is None:
                continue
            got = _shown(client, world["ids"], obj, surface, reader)
            if got != want:
                wrong.append(f"{reader} {surface} {obj}: {'shown' if got else 'hidden'}, should be "
                             f"{'shown' if want else 'hidden'}")
    assert not wrong, "\n".join(wrong)


def test_the_reader_value_and_the_rule_without_a_database():
    """The rule's small API (webapp/core/visibility.py): who a member reads as, and what each kind of reader sees."""
    from types import SimpleNamespace

    from webapp.core import visibility as vis
    from webapp.core.visibility import Reader

    def member(role: str, **fields: object) -> SimpleNamespace:
        return SimpleNamespace(**{"id": 7, "role": role, "active": True, "erased_at": None, "organisation_id": 3,
                                  "may_translate": False, "term_end": None, **fields})

    today = date(2026, 6, 1)
    assert Reader.of(None) == Reader.anyone() and Reader.anyone().anonymous
    assert Reader.of(member("observer"), today=today).level == "members"
    assert Reader.of(member("observer"), today=today).organisation_id is None  # observers hold no seat
    assert Reader.of(member("member"), today=today).organisation_id == 3
    assert Reader.of(member("vice_chair"), today=today).sees_restricted
    ended = Reader.of(member("secretariat", term_end=date(2026, 5, 31)), today=today)
    assert ended.level == "public" and ended.term_ended and ended.anonymous
    assert Reader.of(member("member", term_end=today), today=today).level == "members"  # the last day counts
    translator = Reader.of(member("member", may_translate=True), today=today)
    # a cache is keyed by what the rule reads, never by the role: a translator and an observer share it
    assert translator.visibility_class == Reader.of(member("observer"), today=today).visibility_class == "members"
    assert vis.translates_meeting(translator, "members", "draft") and not vis.sees_meeting(translator, "members",
                                                                                             "draft")
    assert not vis.translates_meeting(translator, "restricted", "draft")
    assert vis.draft_fields_only(translator, "draft") and not vis.draft_fields_only(Reader.staff(), "draft")
    assert not vis.sees_minutes(translator, "members", "draft", "members")
    assert vis.sees_minutes(translator, "members", "circulated", "members")
    assert not vis.sees_minutes(translator, "members", "circulated", "restricted")  # no wider than the meeting
    assert not vis.sees_decision(translator, "public", "restricted")
    assert vis.sees_item(translator, "restricted", owned=True) and not vis.sees_item(translator, "restricted", False)
    assert not Reader.anyone().sees("unknown")  # fail closed
    co_chair = Reader.of(member("member"), chaired=frozenset({12}), today=today)
    assert vis.sees_committee_figures(co_chair, 12) and not vis.sees_committee_figures(co_chair, 13)
    assert not vis.sees_meeting(co_chair, "restricted", "held")  # chairing a committee widens no level
