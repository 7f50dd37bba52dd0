"""The inclusion engine: examples at each target's boundaries and properties over random data."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from webapp.inclusion import checks as c

T = c.Targets()
NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


def test_gender_boundaries_and_undisclosed_apart():
    assert c.gender(["woman"] * 4 + ["man"] * 6, T).status == c.OK  # exactly 40%
    assert c.gender(["woman"] * 6 + ["man"] * 4, T).status == c.OK  # exactly 60%
    assert c.gender(["woman"] * 3 + ["man"] * 7, T).status == c.WARN  # 30%: within 10 points
    assert c.gender(["woman"] * 2 + ["man"] * 8, T).status == c.FAIL
    r = c.gender(["woman"] * 2 + ["man"] * 3 + ["undisclosed"] * 20, T)
    assert r.status == c.OK and r.figures["share"] == 0.4 and r.figures["undisclosed"] == 20
    assert c.gender(["woman", "man", "man", "undisclosed"] * 1, T).status == c.NO_DATA
    assert c.gender([], T).status == c.NO_DATA


def test_workforce_share_replaces_the_range():
    t = c.Targets(workforce_share=0.3)
    assert c.gender(["woman"] * 3 + ["man"] * 7, t).status == c.OK
    assert c.gender(["woman"] * 6 + ["man"] * 4, t).status == c.FAIL


def test_constituencies_missing_core_and_dominance():
    core = ("government", "employers", "workers")
    assert c.constituencies(["government"] * 3 + ["employers"] * 3 + ["workers"] * 3, core, T).status == c.OK
    r = c.constituencies(["government"] * 5 + ["employers"] * 2, core, T)
    assert r.status == c.FAIL and r.figures["missing"] == ["workers"]
    assert c.constituencies(["government"] * 6 + ["employers"] * 2 + ["workers"] * 2, core, T).status == c.WARN
    assert c.constituencies(["government"], core, T).status == c.NO_DATA


def test_notice_publication_regularity_language_youth_miners():
    start = NOW + timedelta(days=30)
    assert c.early_notice(start - timedelta(days=14), start, T).status == c.OK
    assert c.early_notice(start - timedelta(days=10), start, T).status == c.WARN
    assert c.early_notice(start - timedelta(days=3), start, T).status == c.FAIL
    assert c.early_notice(None, start, T, now=NOW).status == c.OK  # notice sent now would be in time
    end = NOW - timedelta(days=30)
    assert c.publication(end, end + timedelta(days=14), NOW, T).status == c.OK
    assert c.publication(end, end + timedelta(days=20), NOW, T).status == c.WARN
    assert c.publication(end, None, NOW, T).status == c.FAIL
    assert c.publication(NOW - timedelta(days=5), None, NOW, T).status == c.NO_DATA
    assert c.regularity([NOW - timedelta(days=d) for d in (20, 100, 190, 280, 360)], NOW, T).status == c.OK
    assert c.regularity([NOW - timedelta(days=120)], NOW, T).status == c.WARN
    assert c.regularity([], NOW, T).status == c.FAIL
    assert c.language([["ha"], ["en", "tw"], ["fr"]], ["en", "ha"]).figures["left_out"] == 1
    assert c.language([["en"]], ["en"]).status == c.OK
    assert c.youth([True, False, False, False, False], c.Targets(youth_target=0.3)).status == c.WARN
    assert c.miners_voice(["government", "workers"], plenary=True).status == c.WARN
    assert c.miners_voice(["asm_miners"], plenary=True).status == c.OK


genders = st.lists(st.sampled_from(["woman", "man", "another", "undisclosed"]), max_size=60)
shares = st.floats(0, 1)


@settings(deadline=None, max_examples=400)
@given(genders, shares, shares)
def test_gender_properties(people, a, b):
    t = c.Targets(women_min=min(a, b), women_max=max(a, b))
    r = c.gender(people, t)
    disclosed = sum(1 for p in people if p != "undisclosed")
    assert r.figures["disclosed"] == disclosed
    assert r.figures["women"] + r.figures["men"] + r.figures["another"] == disclosed  # undisclosed never guessed
    if disclosed < t.min_people:
        assert r.status == c.NO_DATA
    else:
        assert 0.0 <= r.figures["share"] <= 1.0
        assert (r.status == c.OK) == (t.women_min <= r.figures["share"] <= t.women_max)
    # adding undisclosed people never changes the verdict
    assert c.gender([*people, "undisclosed", "undisclosed"], t).status == r.status


@settings(deadline=None, max_examples=300)
@given(st.lists(st.sampled_from(["government", "employers", "workers", "civil_society", "asm_miners", None]),
                max_size=40), st.floats(0.1, 1.0))
def test_constituency_properties(values, max_share):
    r = c.constituencies(values, ("government", "employers", "workers"), c.Targets(max_constituency_share=max_share))
    total = sum(1 for v in values if v)
    if total < 5:
        assert r.status == c.NO_DATA
    else:
        assert 0.0 < r.figures["largest_share"] <= 1.0
        assert (r.status == c.FAIL) == bool(r.figures["missing"])


def test_panel_warns_for_an_all_male_panel_even_when_small():
    assert c.panel(["man"], T).status == c.NO_DATA  # one person is not a panel
    assert c.panel(["man", "man"], T).status == c.WARN
    assert c.panel(["man", "woman"], T).status == c.OK
    assert c.panel(["man", "undisclosed", "undisclosed"], T).status == c.NO_DATA
    assert c.panel(["man"] * 5, T).status == c.gender(["man"] * 5, T).status == c.FAIL  # five or more: the range
    assert c.panel(["man"] * 3 + ["woman"] * 2, T).status == c.gender(["man"] * 3 + ["woman"] * 2, T).status


def test_reach_per_constituency_miners_first():
    t = c.Targets()
    people = [("workers", True), ("asm_miners", True), ("asm_miners", False), ("government", True),
              ("government", True), (None, True)]
    r = c.reach(people, t)
    assert list(r.figures["per"]) == ["asm_miners", "workers", "government", "other"]
    assert r.figures["per"]["asm_miners"] == {"reached": 1, "total": 2, "share": 0.5}
    assert r.status == c.FAIL  # a miner no channel reaches
    assert c.reach([("asm_miners", True)] * 3 + [("workers", True), ("workers", False)], t).status == c.WARN
    assert c.reach([("asm_miners", True)] * 5, t).status == c.OK
    assert c.reach([("asm_miners", False)] * 2, t).status == c.NO_DATA
