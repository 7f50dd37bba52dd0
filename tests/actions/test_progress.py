"""Roll-up: examples and properties (falling targets, no targets, dropped items, beyond target, empty)."""
from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from webapp.actions.progress import ItemFacts, item_progress, rollup

TODAY = date(2026, 11, 23)


def test_rising_and_falling_targets():
    assert item_progress(ItemFacts("in_progress", baseline=0, target=100, current=60)) == 0.6
    # reducing child-labour incidence from 40% to 10%: at 25% we are half way
    assert item_progress(ItemFacts("in_progress", baseline=40, target=10, current=25)) == 0.5
    assert item_progress(ItemFacts("in_progress", baseline=40, target=10, current=50)) == 0.0  # worse than baseline
    assert item_progress(ItemFacts("in_progress", baseline=40, target=10, current=5)) == 1.0  # beyond target


def test_without_target_done_counts_one():
    assert item_progress(ItemFacts("done")) == 1.0
    assert item_progress(ItemFacts("in_progress")) == 0.0


def test_rollup_excludes_dropped_and_counts():
    items = [ItemFacts("done"), ItemFacts("blocked", due_on=TODAY - timedelta(days=1)),
             ItemFacts("in_progress", 0, 10, 5, due_on=TODAY - timedelta(days=3)), ItemFacts("dropped")]
    r = rollup(items, TODAY)
    assert r.progress == 0.5 and r.items == 3 and r.done == 1 and r.blocked == 1 and r.overdue == 2
    assert r.dropped == 1 and r.percent == 50


def test_empty_plan():
    r = rollup([], TODAY)
    assert r.progress is None and r.percent is None and r.items == 0
    assert rollup([ItemFacts("dropped")], TODAY).progress is None


numbers = st.one_of(st.none(), st.integers(-1000, 1000), st.floats(-1e6, 1e6, allow_nan=False))
item = st.builds(ItemFacts, status=st.sampled_from(["planned", "in_progress", "done", "blocked", "dropped"]),
                 baseline=numbers, target=numbers, current=numbers,
                 due_on=st.one_of(st.none(), st.dates(date(2025, 1, 1), date(2027, 12, 31))))


@settings(deadline=None, max_examples=400)
@given(st.lists(item, max_size=30))
def test_rollup_properties(items):
    r = rollup(items, TODAY)
    live = [i for i in items if i.status != "dropped"]
    for i in items:
        assert 0.0 <= item_progress(i) <= 1.0
    if live:
        assert 0.0 <= r.progress <= 1.0
        assert min(item_progress(i) for i in live) - 1e-9 <= r.progress <= max(item_progress(i) for i in live) + 1e-9
    else:
        assert r.progress is None
    assert r.items == len(live) and r.dropped == len(items) - len(live)
    assert r.done + r.blocked <= r.items and r.overdue <= r.items
    # adding a dropped item never changes the progress
    assert rollup([*items, ItemFacts("dropped", 0, 1, 1)], TODAY).progress == r.progress
