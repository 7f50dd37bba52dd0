"""Every rotation rule, as examples and as properties over random pools, declines, swaps, additions,
removals and cancellations (hypothesis)."""
from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from webapp.webinars.rotation import Org, Slot, rotate

POOL = [Org(1, "employers"), Org(2, "employers"), Org(3, "workers"), Org(4, "workers"), Org(5, "government")]


def chairs(pool, slots):
    return [a.chair for a in rotate(pool, slots)]


def test_rounds_alternate_constituencies():
    got = chairs(POOL, [Slot(i) for i in range(10)])
    assert got == [1, 3, 2, 4, 5, 1, 3, 2, 4, 5]
    for a, b in zip(got, got[1:], strict=False):
        assert {o.id: o.constituency for o in POOL}[a] != {o.id: o.constituency for o in POOL}[b] or a == b


def test_decline_keeps_the_turn_once_then_skips():
    got = rotate(POOL, [Slot(0, declined_by=(1,)), Slot(1), Slot(2)])
    assert [a.chair for a in got] == [2, 1, 3]  # 1 declined the first, is offered the second
    got = rotate(POOL, [Slot(0, declined_by=(1,)), Slot(1, declined_by=(1,)), *[Slot(i) for i in range(2, 6)]])
    assert got[1].skipped == (1,) and 1 not in [a.chair for a in got[:4]] and got[4].chair == 1  # next round


def test_cancelled_session_passes_the_turn_and_past_never_changes():
    plain = chairs(POOL, [Slot(i) for i in range(6)])
    with_cancel = chairs(POOL, [Slot(0), Slot(1, cancelled=True), *[Slot(i) for i in range(2, 7)]])
    assert with_cancel[1] is None and [c for c in with_cancel if c is not None] == plain
    past = [Slot(0, past=True, chair=4), Slot(1, past=True, chair=5)]
    got = chairs(POOL + [Org(6, "civil_society")], [*past, Slot(2), Slot(3)])
    assert got[:2] == [4, 5]


def test_swap_pins_two_future_sessions():
    base = chairs(POOL, [Slot(i) for i in range(5)])
    swapped = chairs(POOL, [Slot(0), Slot(1, chair=base[3], pinned=True), Slot(2), Slot(3, chair=base[1], pinned=True),
                            Slot(4)])
    assert swapped[1] == base[3] and swapped[3] == base[1]
    assert sorted(swapped) == sorted(base)


constituencies = st.sampled_from(["government", "employers", "workers", "civil_society", None])
pools = st.lists(constituencies, min_size=1, max_size=8).map(lambda cs: [Org(i + 1, c) for i, c in enumerate(cs)])


@st.composite
def scenarios(draw):
    pool = draw(pools)
    ids = [o.id for o in pool]
    n = draw(st.integers(1, 30))
    past = draw(st.integers(0, n))
    slots = []
    for i in range(n):
        if i < past:
            slots.append(Slot(i, past=True, cancelled=draw(st.booleans()) and draw(st.booleans()),
                              chair=draw(st.sampled_from(ids))))
        else:
            declined = tuple(draw(st.lists(st.sampled_from(ids), max_size=2, unique=True)))
            slots.append(Slot(i, cancelled=draw(st.integers(0, 9)) == 0, declined_by=declined))
    return pool, slots


@settings(deadline=None, max_examples=500)
@given(scenarios())
def test_properties(scenario):
    pool, slots = scenario
    got = rotate(pool, slots)
    assert got == rotate(pool, slots)  # deterministic
    ids = {o.id for o in pool}
    for slot, a in zip(slots, got, strict=True):
        if slot.past:
            assert a.chair == (None if slot.cancelled else slot.chair)  # past never changes
        elif slot.cancelled:
            assert a.chair is None
        else:
            assert a.chair is None or a.chair in ids
            assert a.chair not in slot.declined_by
    # within a round nobody chairs twice (future sessions, no pins)
    per_round = Counter((a.round, a.chair) for s, a in zip(slots, got, strict=True) if not s.past and a.chair)
    assert all(n == 1 for n in per_round.values())


@settings(deadline=None, max_examples=300)
@given(pools, st.integers(1, 3))
def test_each_round_everyone_once_and_alternation_when_possible(pool, rounds):
    n = len(pool) * rounds
    got = rotate(pool, [Slot(i) for i in range(n)])
    for r in range(rounds):
        assert sorted(a.chair for a in got[r * len(pool):(r + 1) * len(pool)]) == sorted(o.id for o in pool)
    constituency = {o.id: o.constituency for o in pool}
    for i in range(1, n):
        owed_before = {o.id for o in pool} - {a.chair for a in got[(i // len(pool)) * len(pool):i]}
        prev = constituency[got[i - 1].chair]
        if any(constituency[o] != prev for o in owed_before):
            assert constituency[got[i].chair] != prev


@settings(deadline=None, max_examples=300)
@given(scenarios(), constituencies)
def test_additions_and_removals_change_only_future_sessions(scenario, new_constituency):
    pool, slots = scenario
    before = rotate(pool, slots)
    grown = rotate([*pool, Org(99, new_constituency)], slots)
    shrunk_pool = pool[1:] or pool
    shrunk = rotate(shrunk_pool, slots)
    for slot, a, b, c in zip(slots, before, grown, shrunk, strict=True):
        if slot.past:
            assert a.chair == b.chair == c.chair
        elif len(pool) > 1:
            assert c.chair != pool[0].id  # a removed organisation never chairs again


@settings(deadline=None, max_examples=300)
@given(pools, st.integers(0, 6), st.integers(0, 6))
def test_first_decline_is_offered_the_next_session(pool, at, decliner_index):
    if len(pool) < 2:
        return
    n = len(pool) * 2
    at = at % (n - 1)
    plain = rotate(pool, [Slot(i) for i in range(n)])
    decliner = plain[at].chair
    got = rotate(pool, [Slot(i, declined_by=(decliner,) if i == at else ()) for i in range(n)])
    assert got[at].chair != decliner
    if got[at].round == got[at + 1].round or decliner in {o.id for o in pool}:
        assert got[at + 1].chair == decliner


@settings(deadline=None, max_examples=500)
@given(scenarios(), st.data())
def test_time_passing_changes_nothing(scenario, data):
    """Sessions becoming past (with the chair they had and the declines they got) leave every later session's
    chair as it was: a decline is remembered after its session is over."""
    pool, slots = scenario
    ids = [o.id for o in pool]
    # a cancelled session keeps the chair it had when it was cancelled, as in the application
    future = [Slot(s.index, cancelled=s.cancelled, declined_by=s.declined_by,
                   chair=data.draw(st.sampled_from(ids)) if s.cancelled else None) for s in slots]
    before = rotate(pool, future)
    k = data.draw(st.integers(0, len(future)))
    aged = [Slot(s.index, past=True, cancelled=s.cancelled, chair=s.chair if s.cancelled else a.chair,
                 declined_by=s.declined_by) if s.index < k else s for s, a in zip(future, before, strict=True)]
    after = rotate(pool, aged)
    assert [a.chair for a in after] == [a.chair for a in before]
    assert [a.skipped for a in after[:k]] == [a.skipped for a in before[:k]]


def test_a_second_decline_is_remembered_when_the_first_session_is_over():
    pool = [Org(1, "employers"), Org(2, "workers"), Org(3, "employers"), Org(4, "workers")]
    future = [Slot(0, declined_by=(1,)), Slot(1, declined_by=(1,)), Slot(2), Slot(3)]
    before = rotate(pool, future)
    aged = [Slot(0, past=True, chair=before[0].chair, declined_by=(1,)), *future[1:]]
    after = rotate(pool, aged)
    assert before[1].skipped == after[1].skipped == (1,)
    assert [a.chair for a in after] == [a.chair for a in before]


@settings(deadline=None, max_examples=300)
@given(scenarios(), st.data())
def test_swapped_sessions_keep_their_swapped_chairs_and_the_past_stays(scenario, data):
    pool, slots = scenario
    before = rotate(pool, slots)
    open_slots = [s.index for s, a in zip(slots, before, strict=True)
                  if not s.past and not s.cancelled and a.chair is not None]
    if len(open_slots) < 2:
        return
    i, j = data.draw(st.lists(st.sampled_from(open_slots), min_size=2, max_size=2, unique=True))
    chair = {a.index: a.chair for a in before}
    pinned = [Slot(s.index, past=s.past, cancelled=s.cancelled, declined_by=s.declined_by,
                   chair=chair[j] if s.index == i else chair[i] if s.index == j else s.chair,
                   pinned=s.index in (i, j)) for s in slots]
    after = rotate(pool, pinned)
    assert after == rotate(pool, pinned)  # deterministic
    got = {a.index: a.chair for a in after}
    assert (got[i], got[j]) == (chair[j], chair[i])
    assert all(got[s.index] == chair[s.index] for s in slots if s.past)
