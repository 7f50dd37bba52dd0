"""Issue 38: the speakers' queue orders, as pure functions (webapp/live/queue.py)."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from webapp.live import queue
from webapp.live.queue import Entry, Spoke

T0 = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
GENDERS = ("woman", "man", "another", "undisclosed")
CS = ("government", "employers", "workers", None)


def e(i: int, gender: str = "man", constituency: str | None = "workers", speaker: str | None = None,
      rank: int | None = None) -> Entry:
    return Entry(i, speaker or f"s{i}", gender, constituency, T0 + timedelta(seconds=i), rank)


entries = st.lists(st.tuples(st.sampled_from(GENDERS), st.sampled_from(CS), st.integers(0, 5)), max_size=12).map(
    lambda xs: [Entry(i, f"s{k}", g, c, T0 + timedelta(seconds=(i * 7) % 11, microseconds=i), None)
                for i, (g, c, k) in enumerate(xs)])


def test_first_come_is_the_order_of_asking() -> None:
    late, early = e(2), e(1)
    assert [x.id for x in queue.order([late, early])] == [1, 2]


def test_alternating_gives_the_floor_to_women_and_others_in_turn() -> None:
    q = [e(1, "man"), e(2, "man"), e(3, "woman"), e(4, "man"), e(5, "woman")]
    assert [x.id for x in queue.order(q, queue.ALTERNATING)] == [1, 3, 2, 5, 4]
    # a man spoke last on the item: a woman first
    assert [x.id for x in queue.order(q, queue.ALTERNATING, [Spoke("x", "man", None)])] == [3, 1, 5, 2, 4]


def test_first_time_speakers_on_the_item_come_first() -> None:
    q = [e(1, speaker="ama"), e(2, speaker="kofi"), e(3, speaker="esi")]
    assert [x.id for x in queue.order(q, queue.FIRST_TIME, [Spoke("ama", "woman", None)])] == [2, 3, 1]


def test_one_per_constituency_in_turn() -> None:
    q = [e(1, constituency="workers"), e(2, constituency="workers"), e(3, constituency="government"),
         e(4, constituency="employers"), e(5, constituency="government")]
    assert [x.id for x in queue.order(q, queue.CONSTITUENCY_TURNS)] == [1, 3, 4, 2, 5]
    # workers already spoke in this round: government and employers first
    spoke = [Spoke("x", "man", "workers")]
    assert [x.id for x in queue.order(q, queue.CONSTITUENCY_TURNS, spoke)] == [3, 4, 1, 5, 2]


def test_the_chairs_order_comes_first_and_moving_up_swaps_with_the_one_above() -> None:
    q = [e(1), e(2), e(3)]
    ranks = queue.moved_up(queue.order(q), 3)
    assert ranks == {1: 0, 3: 1, 2: 2}
    ranked = [Entry(x.id, x.speaker, x.gender, x.constituency, x.requested_at, ranks[x.id]) for x in q]
    assert [x.id for x in queue.order([*ranked, e(4)])] == [1, 3, 2, 4]
    assert queue.moved_up(queue.order(q), 1) == {1: 0, 2: 1, 3: 2}  # the first stays first


@settings(deadline=None, max_examples=150)
@given(entries, st.sampled_from(queue.POLICIES))
def test_every_order_is_a_permutation(q: list[Entry], policy: str) -> None:
    out = queue.order(q, policy)
    assert sorted(x.id for x in out) == sorted(x.id for x in q)


@settings(deadline=None, max_examples=150)
@given(entries)
def test_alternating_never_gives_the_same_side_twice_while_the_other_waits(q: list[Entry]) -> None:
    out = queue.order(q, queue.ALTERNATING)
    for i in range(1, len(out)):
        if queue.side(out[i].gender) == queue.side(out[i - 1].gender):
            # only when nobody of the other side is left
            assert all(queue.side(x.gender) == queue.side(out[i].gender) for x in out[i:])


@settings(deadline=None, max_examples=150)
@given(entries)
def test_constituency_turns_give_each_waiting_constituency_the_floor_before_any_twice(q: list[Entry]) -> None:
    out = queue.order(q, queue.CONSTITUENCY_TURNS)
    distinct = len({x.constituency for x in q})
    assert len({x.constituency for x in out[:distinct]}) == distinct


@settings(deadline=None, max_examples=150)
@given(entries, st.sets(st.integers(0, 5)))
def test_first_time_speakers_all_precede_repeat_speakers(q: list[Entry], had: set[int]) -> None:
    spoke = [Spoke(f"s{k}", "man", None) for k in sorted(had)]
    out = queue.order(q, queue.FIRST_TIME, spoke)
    repeat = [x.speaker in {s.speaker for s in spoke} for x in out]
    assert repeat == sorted(repeat)
