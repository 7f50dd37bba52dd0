"""Quorum: examples and properties over random attendance (alternates, observers, missing constituencies)."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from webapp.meetings.quorum import Seat, quorum

CONSTITUENCIES = ["government", "employers", "workers", "civil_society"]


def test_half_of_five_titular_members_needs_three():
    people = [Seat(i, "member", "government", present=i < 3) for i in range(5)]
    r = quorum(people, share=0.5)
    assert (r.seats, r.present, r.needed, r.reached) == (5, 3, 3, True)
    r = quorum([*people[:2], *[Seat(i, "member", "government", False) for i in range(2, 5)]])
    assert (r.present, r.reached) == (2, False)


def test_observers_and_secretariat_never_count_and_alternates_stand_in_once():
    people = [Seat(1, "member", "workers", False), Seat(2, "member", "employers", True),
              Seat(3, "alternate", "workers", True, alternate_of=1), Seat(4, "alternate", "workers", True, alternate_of=1),
              Seat(5, "observer", "other", True), Seat(6, "secretariat", "government", True)]
    r = quorum(people, share=0.5)
    assert (r.seats, r.present, r.reached) == (2, 2, True)


def test_each_core_constituency_when_required():
    people = [Seat(1, "chair", "government", True), Seat(2, "member", "employers", True),
              Seat(3, "member", "workers", False), Seat(4, "member", "workers", False)]
    core = ("government", "employers", "workers")
    assert quorum(people, core=core).reached is True
    r = quorum(people, core=core, require_each_core=True)
    assert r.reached is False and r.missing_core == ("workers",)
    r = quorum([*people, Seat(5, "alternate", "workers", True, alternate_of=3)], core=core, require_each_core=True)
    assert r.reached is True and r.present == 3


seat = st.builds(
    Seat, member_id=st.integers(0, 30), role=st.sampled_from(["chair", "vice_chair", "member", "alternate",
                                                              "observer", "secretariat"]),
    constituency=st.sampled_from(CONSTITUENCIES), present=st.booleans(),
    alternate_of=st.one_of(st.none(), st.integers(0, 30)))
rosters = st.lists(seat, max_size=25, unique_by=lambda s: s.member_id)
shares = st.floats(min_value=0.1, max_value=1.0)


@settings(deadline=None, max_examples=300)
@given(rosters, shares, st.booleans())
def test_properties(people, share, require):
    r = quorum(people, share=share, core=CONSTITUENCIES[:3], require_each_core=require)
    titular = [p for p in people if p.role in ("chair", "vice_chair", "member")]
    assert r.seats == len(titular)
    assert 0 <= r.present <= r.seats
    assert r.present >= sum(p.present for p in titular)
    assert r.reached == (r.present >= r.needed and not r.missing_core)
    # observers and the secretariat never change the result
    others = [p for p in people if p.role not in ("observer", "secretariat")]
    assert quorum(others, share=share, core=CONSTITUENCIES[:3], require_each_core=require) == r


@settings(deadline=None, max_examples=300)
@given(rosters, shares, st.data())
def test_marking_someone_present_never_lowers_the_count(people, share, data):
    if not people:
        return
    i = data.draw(st.integers(0, len(people) - 1))
    before = quorum(people, share=share)
    after_people = [*people[:i], Seat(people[i].member_id, people[i].role, people[i].constituency, True,
                                      people[i].alternate_of), *people[i + 1:]]
    after = quorum(after_people, share=share)
    assert after.present >= before.present and after.needed == before.needed
    assert after.reached or not before.reached
