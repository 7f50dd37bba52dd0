"""One definition of "a member" for every figure (issue 31): the annual report said 51 members, the dashboard 46 and
the public composition added up to 50 for one forum.

A member is active, not erased, their term not ended, and seated (chair, vice-chair, member, alternate); observers
and the secretariat are counted apart, and every figure says so under it."""
from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import select

from tenants.models import Tenant
from tenants.rls import tenant_context
from webapp import demo
from webapp.extensions import db
from webapp.members import services as roll
from webapp.members.models import Member

NOTE = re.compile(r"Members: active, term not ended\. Not counted: (\d+) observers?, (\d+) secretariat\.")


def _login(client, email: str) -> None:
    client.post("/login", data={"email": email, "password": demo.DEMO_PASSWORD})


def _strings(value) -> list[str]:  # noqa: ANN001
    """Every text of a report's table, its sections and lines."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _strings(v)]
    if hasattr(value, "__dict__"):
        return [s for v in vars(value).values() for s in _strings(v)]
    return [str(value)] if value is not None and not isinstance(value, (int, float)) else []


def test_the_dashboard_the_annual_report_and_the_public_page_agree_on_the_demo_forum(app, client, databases):
    from webapp.members.membership import membership
    from webapp.public import queries as public
    from webapp.reports import builders

    app.config["WTF_CSRF_ENABLED"] = False
    try:
        with app.app_context():
            demo.load()
            ghana = db.session.scalar(select(Tenant).where(Tenant.slug == "ghana-nsccl"))
            with tenant_context(ghana):
                figures = membership()
                report = " ".join(_strings(builders.annual(date.today().year, "en")))
                composition = public.composition()
                # the demo roll has members of every kind the definition sets apart
                assert figures.observers >= 1 and figures.secretariat >= 1
                every = db.session.scalar(select(db.func.count()).select_from(Member).where(Member.active)) or 0
                db.session.commit()
        assert figures.members < every
        report_members = re.search(r"Members: (\d+)", report)
        assert report_members and int(report_members.group(1)) == figures.members, report_members
        assert NOTE.search(report), "the annual report states what it counts"
        assert composition["total"]["all"] == figures.members

        page = client.get("/t/ghana-nsccl/public/").get_data(as_text=True)
        who = page.split('id="who-title"')[1].split("</section>")[0]
        assert f"Members: {figures.members}" in who
        assert NOTE.search(who)
        by_constituency = who.split(f"Members: {figures.members}</p>")[1].split("</p>", 1)[0]
        counts = [int(n) for n in re.findall(r": (\d+)(?= ·|$)", by_constituency)]
        assert counts, by_constituency
        if len(counts) == len(composition["constituency"]):  # every constituency's count shown: they add up
            assert sum(counts) == figures.members

        _login(client, "akosua.mensah@example.org")
        dashboard = client.get("/t/ghana-nsccl/inclusion/").get_data(as_text=True)
        reached = re.search(r"(\d+) of (\d+) members can be reached", dashboard)
        assert reached and int(reached.group(2)) == figures.members
        assert NOTE.search(dashboard)
        note = NOTE.search(dashboard)
        assert (int(note.group(1)), int(note.group(2))) == (figures.observers, figures.secretariat)
    finally:
        app.config["WTF_CSRF_ENABLED"] = True


def test_observers_the_secretariat_ended_terms_and_erased_members_are_not_members(app, factory, two_forums):
    from webapp.members.membership import membership

    tenant = two_forums["a"]  # a secretariat member and a member already
    with app.app_context(), tenant_context(tenant):
        roll.add_member("Olu Observer", "olu@x.example.org", "observer")
        roll.add_member("Past Member", "past@x.example.org", "member", term_end=date.today() - timedelta(days=40))
        roll.add_member("Future End", "future@x.example.org", "alternate", term_end=date.today() + timedelta(days=40))
        roll.erase_member(roll.add_member("Gone Member", "gone@x.example.org", "chair"))
        roll.add_member("Left Member", "left@x.example.org", "member", active=False)
        db.session.commit()
        figures = membership()
        db.session.commit()
    assert (figures.members, figures.observers, figures.secretariat) == (2, 1, 1)


def test_the_directory_of_forums_shows_each_forums_members_kept_on_its_row(app, client, factory, two_forums):
    """The directory reads no tenant table: the count is kept on tenants when the roll changes, by the same
    definition (the secretariat and observers apart), and drops when a term ends."""
    a = two_forums["a"]  # Ama Secretariat and Amadou Member
    factory.member(a, "Olu Observer", "observer", account=False)
    factory.member(a, "Kofi Chair", "chair", account=False)
    cards = client.get("/").get_data(as_text=True)
    forum_a = cards.split("Forum A</a>")[1].split("</article>")[0]
    assert "· 2 members</p>" in forum_a
    forum_b = cards.split("Forum B</a>")[1].split("</article>")[0]
    assert "· 0 members</p>" in forum_b
    with app.app_context(), tenant_context(a):
        chair = db.session.scalar(select(Member).where(Member.name == "Kofi Chair"))
        roll.update_member(chair, {"term_start": date.today() - timedelta(days=400),
                                   "term_end": date.today() - timedelta(days=1)})
        db.session.commit()
        assert db.session.get(Tenant, a.id).member_count == 1
        db.session.commit()
    assert "· 1 member</p>" in client.get("/").get_data(as_text=True).split("Forum A</a>")[1].split("</article>")[0]
