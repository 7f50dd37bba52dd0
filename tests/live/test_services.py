"""Issue 38: the live meeting's services on a controlled clock; floor-time shares come out exactly as expected."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from tenants.rls import tenant_context
from tests.live.helpers import T0, room
from webapp.core.audit import AuditEvent
from webapp.extensions import db
from webapp.inclusion import checks
from webapp.live import queue, services, version
from webapp.live.models import Intervention, SpeakerRequest
from webapp.meetings.models import Meeting
from webapp.members.models import Member


def _at(seconds: int):  # noqa: ANN202
    return T0 + timedelta(seconds=seconds)


def test_the_room_on_a_controlled_clock_gives_exact_floor_time_shares(app, factory, two_forums) -> None:
    a = two_forums["a"]
    r = room(app, factory, a)
    ama, kofi, yaw, esi = r["member_ids"]
    with app.app_context():
        a_row = db.session.get(type(a), a.id)
        a_row.settings = a.settings = {**(a_row.settings or {}), "speaker_order": queue.ALTERNATING}
        db.session.commit()
    with app.app_context(), tenant_context(a):
        m = db.session.get(Meeting, (a.id, r["id"]))
        member = lambda i: db.session.get(Member, (a.id, i))  # noqa: E731
        services.start(m, _at(0))
        # the men ask first; the forum alternates: Kofi, then Ama, then Yaw, then Esi
        for i, who in enumerate((kofi, yaw, ama, esi)):
            services.ask(m, member(who), _at(i + 1))
        services.ask(m, member(kofi), _at(9))  # asking again keeps the place
        db.session.commit()
        assert [x.name for x in services.ordered(m, services.waiting(m), r["item_id"])] == \
            ["Kofi Boateng", "Ama Mensah", "Yaw Owusu", "Esi Asante"]
        clock, spoke = 10, []
        for seconds in (120, 60, 180, 40):
            iv = services.next_speaker(m, _at(clock))
            spoke.append(iv.name)
            clock += seconds
            db.session.commit()
        services.end_intervention(m, _at(clock))
        db.session.commit()
        assert spoke == ["Kofi Boateng", "Ama Mensah", "Yaw Owusu", "Esi Asante"]
        assert [iv.seconds for iv in db.session.scalars(select(Intervention).order_by(Intervention.id))] == \
            [120, 60, 180, 40]
        db.session.expire_all()
        counts = db.session.get(Meeting, (a.id, r["id"])).floor_counts
    assert counts["gender"] == {"man": [2, 300], "woman": [2, 100]}
    assert counts["constituency"] == {"workers": [2, 240], "employers": [1, 120], "government": [1, 40]}
    assert counts["present"] == {"gender": {"man": 2, "woman": 2},
                                 "constituency": {"workers": 2, "employers": 1, "government": 1}}
    by_gender = checks.voice_in_the_room({g: tuple(v) for g, v in counts["gender"].items()},
                                         counts["present"]["gender"])
    assert by_gender.status == checks.WARN and by_gender.figures["low"] == ["woman"]
    women = next(g for g in by_gender.figures["groups"] if g["group"] == "woman")
    assert (women["share_present"], women["share_interventions"], women["share_time"]) == (0.5, 0.5, 0.25)
    by_constituency = checks.voice_in_the_room({c: tuple(v) for c, v in counts["constituency"].items()},
                                               counts["present"]["constituency"])
    assert by_constituency.figures["low"] == ["government"]  # 10% of the time for 25% of the room
    assert checks.voice_in_the_room({"woman": (1, 30), "man": (1, 30)}, {"woman": 1, "man": 1}).status == checks.OK


def test_the_chair_adds_reorders_and_withdraws_and_the_queue_follows(app, factory, two_forums) -> None:
    a = two_forums["a"]
    r = room(app, factory, a)
    with app.app_context(), tenant_context(a):
        m = db.session.get(Meeting, (a.id, r["id"]))
        services.start(m, _at(0))
        first = services.add_speaker(m, _at(1), "Visitor One", "community", "woman")
        second = services.ask(m, db.session.get(Member, (a.id, r["member_ids"][1])), _at(2))
        third = services.add_speaker(m, _at(3), "Visitor Two", None, None)
        db.session.commit()
        services.move_up(m, third)
        db.session.commit()
        assert [x.id for x in services.ordered(m, services.waiting(m), r["item_id"])] == \
            [first.id, third.id, second.id]
        services.withdraw(first)
        db.session.commit()
        assert [x.id for x in services.ordered(m, services.waiting(m), r["item_id"])] == [third.id, second.id]
        assert third.gender == "undisclosed" and second.constituency == "employers"
        assert services.next_item(m, _at(50)).id == r["second_item_id"]
        assert services.next_item(m, _at(60)) is None
        db.session.commit()


def test_notes_entered_afterwards_and_corrected_are_audited_and_counted(app, factory, two_forums) -> None:
    a = two_forums["a"]
    r = room(app, factory, a)
    with app.app_context(), tenant_context(a):
        m = db.session.get(Meeting, (a.id, r["id"]))
        iv = services.enter_intervention(m, name="Chief Adjei", constituency="community", gender="man",
                                         item_id=r["item_id"], started_at=_at(0), seconds=90)
        db.session.commit()
        assert services.correct_intervention(m, iv, _at(100), gender="woman", seconds=75) == ["gender", "seconds"]
        db.session.commit()
        db.session.expire_all()
        assert db.session.get(Meeting, (a.id, r["id"])).floor_counts["gender"] == {"woman": [1, 75]}
        events = db.session.execute(select(AuditEvent.action, AuditEvent.fields)
                                    .where(AuditEvent.object_type == "intervention")
                                    .order_by(AuditEvent.id)).all()
        assert [(e.action, sorted(e.fields)) for e in events] == [
            ("enter", ["constituency", "gender", "name", "seconds"]), ("correct", ["gender", "seconds"])]
        assert db.session.get(Intervention, (a.id, iv.id)).corrected_at == _at(100)


def test_each_change_moves_the_meetings_version_after_commit_only(app, factory, two_forums) -> None:
    a = two_forums["a"]
    r = room(app, factory, a)
    with app.app_context(), tenant_context(a):
        m = db.session.get(Meeting, (a.id, r["id"]))
        before = version.get(a.id, m.id)
        services.start(m, _at(0))
        services.add_speaker(m, _at(1), "Visitor", None, None)
        assert version.get(a.id, m.id) == before
        db.session.commit()
        assert version.get(a.id, m.id) == before + 1  # one bump per commit, however many changes
        services.add_speaker(m, _at(2), "Other", None, None)
        db.session.rollback()
        assert version.get(a.id, m.id) == before + 1
        assert db.session.scalar(select(SpeakerRequest.name).where(SpeakerRequest.name == "Other")) is None


def test_the_demos_last_held_plenary_shows_voice_in_the_room(app, databases) -> None:
    from tenants.models import Tenant
    from webapp import demo
    from webapp.live import parity

    with app.app_context():
        demo.load()
        ghana = db.session.scalar(select(Tenant).where(Tenant.slug == "ghana-nsccl"))
        with tenant_context(ghana):
            m = db.session.scalar(select(Meeting).where(Meeting.kind == "plenary",
                                                        Meeting.status.in_(("held", "outcomes_published")))
                                  .order_by(Meeting.start_at.desc()))
            assert len(db.session.scalars(select(Intervention).where(Intervention.meeting_id == m.id)).all()) >= 4
            by_gender, _by_constituency = parity.meeting_voice(m)
            assert by_gender.status == checks.WARN and by_gender.figures["low"] == ["woman"]
