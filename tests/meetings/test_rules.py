"""Decision rules: the edge cases of webapp/meetings/rules.py, and properties over random answers."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from webapp.meetings.models import POSITIONS
from webapp.meetings.rules import (
    ABSTAIN,
    AGREE,
    ANSWERS,
    CONSENT,
    MAJORITY,
    NO_OBJECTION,
    OBJECT,
    RESERVATIONS,
    Answer,
    Rule,
    Seat,
    decide,
    position,
    tally_by,
)

CORE = ("government", "employers", "workers")
T0 = datetime(2026, 3, 1, 12, tzinfo=UTC)
DEADLINE = T0 + timedelta(days=7)


def seats(per: int = 2) -> list[Seat]:
    return [Seat(i * 10 + j, c, "woman" if j % 2 else "man") for i, c in enumerate(CORE) for j in range(per)]


def ans(member: int, answer: str, hours: int = 0, **kw: object) -> Answer:
    return Answer(member, answer, at=T0 + timedelta(hours=hours), **kw)  # type: ignore[arg-type]


def test_no_objection_is_adopted_in_silence_and_blocked_by_one_objection_with_its_reason():
    rule = Rule(NO_OBJECTION)
    quiet = decide(rule, seats(), [], DEADLINE)
    assert (quiet.adopted, quiet.answered, quiet.positions) == (True, 0, {})
    blocked = decide(rule, seats(), [ans(0, AGREE), ans(11, OBJECT, comment="The budget is missing")], DEADLINE)
    assert blocked.adopted is False and blocked.reason == "objected"
    assert blocked.objections == ((11, "The budget is missing"),)


def test_reservations_count_as_agreement_and_are_kept():
    out = decide(Rule(CONSENT, core=CORE), seats(1),
                 [ans(0, AGREE), ans(10, RESERVATIONS, comment="Only for 2026"), ans(20, AGREE)], DEADLINE)
    assert out.adopted is True
    assert out.reservations == ((10, "Only for 2026"),)
    assert out.positions == {"government": "consensus", "employers": "consensus", "workers": "consensus"}


def test_abstention_counts_toward_turnout_not_agreement():
    rule = Rule(MAJORITY, min_turnout=0.5)
    # 6 seats, 3 answer: turnout reached; one agrees, two abstain: no majority of those answering
    out = decide(rule, seats(), [ans(0, AGREE), ans(1, ABSTAIN), ans(10, ABSTAIN)], DEADLINE)
    assert (out.answered, out.turnout, out.adopted, out.reason) == (3, 0.5, False, "no_majority")
    out = decide(rule, seats(), [ans(0, AGREE), ans(1, AGREE), ans(10, ABSTAIN)], DEADLINE)
    assert out.adopted is True
    low = decide(rule, seats(), [ans(0, AGREE), ans(1, AGREE)], DEADLINE)
    assert (low.adopted, low.reason) == (False, "turnout_low")
    # a core constituency that only abstains has not consented
    out = decide(Rule(CONSENT, core=CORE), seats(1), [ans(0, AGREE), ans(10, ABSTAIN), ans(20, AGREE)], DEADLINE)
    assert (out.adopted, out.missing_core, out.positions["employers"]) == (False, ("employers",), "abstains")


def test_a_silent_core_constituency_is_not_consent():
    out = decide(Rule(CONSENT, core=CORE), seats(), [ans(0, AGREE), ans(10, AGREE)], DEADLINE)
    assert (out.adopted, out.reason, out.missing_core) == (False, "core_silent", ("workers",))


def test_one_core_constituencys_majority_disagreeing_withholds_consent():
    answers = [ans(0, AGREE), ans(1, AGREE), ans(10, AGREE), ans(20, OBJECT, comment="No"), ans(21, OBJECT)]
    out = decide(Rule(CONSENT, core=CORE), seats(), answers, DEADLINE)
    assert (out.adopted, out.reason, out.missing_core) == (False, "core_withheld", ("workers",))
    assert out.positions == {"government": "consensus", "employers": "consensus", "workers": "disagrees"}


def test_the_titulars_answer_overrides_the_alternates_whenever_given():
    alt = 99  # the alternate of seat 0, answering in the seat's name
    early_alt = decide(Rule(NO_OBJECTION), seats(), [ans(alt, OBJECT, 1, alternate_of=0), ans(0, AGREE, 0)])
    assert (early_alt.adopted, early_alt.counted[0].member_id) == (True, 0)
    late_alt = decide(Rule(NO_OBJECTION), seats(), [ans(0, AGREE, 0), ans(alt, OBJECT, 5, alternate_of=0)])
    assert late_alt.adopted is True
    # a silent titular: the alternate's answer counts for the seat, in the titular's constituency
    alone = decide(Rule(CONSENT, core=("government",)), seats(), [ans(alt, AGREE, alternate_of=0)])
    assert (alone.adopted, alone.answered, alone.counts) == (True, 1, {"government": {AGREE: 1}})
    # someone who holds no seat and stands in for none does not count
    assert decide(Rule(NO_OBJECTION), seats(), [ans(555, OBJECT)]).adopted is True


def test_answers_change_until_the_deadline_and_not_after():
    out = decide(Rule(NO_OBJECTION), seats(), [ans(0, OBJECT, 1), ans(0, AGREE, 2)], DEADLINE)
    assert out.adopted is True
    out = decide(Rule(NO_OBJECTION), seats(), [ans(0, AGREE, 1), ans(0, OBJECT, 2)], DEADLINE)
    assert out.adopted is False
    late = decide(Rule(NO_OBJECTION), seats(), [ans(0, AGREE, 1), ans(0, OBJECT, 24 * 8)], DEADLINE)
    assert (late.adopted, late.counted[0].answer) == (True, AGREE)


def test_positions_map_onto_the_decisions_positions():
    assert position({}) is None
    assert position({AGREE: 2, RESERVATIONS: 1}) == "consensus"
    assert position({AGREE: 2, ABSTAIN: 1}) == "agrees"
    assert position({OBJECT: 2, AGREE: 1}) == "disagrees"
    assert position({OBJECT: 1, AGREE: 1}) == "abstains"
    assert position({ABSTAIN: 3}) == "abstains"
    for t in ({AGREE: 1}, {AGREE: 2, ABSTAIN: 1}, {OBJECT: 1}, {ABSTAIN: 1}):
        assert position(t) in POSITIONS


def test_tallies_per_constituency_and_gender_show_who_has_not_answered():
    s = seats()
    counted = decide(Rule(NO_OBJECTION), s, [ans(0, AGREE), ans(11, OBJECT)]).counted
    assert tally_by(s, counted, "constituency")["government"] == {AGREE: 1, "none": 1}
    assert tally_by(s, counted, "gender") == {"man": {AGREE: 1, "none": 2}, "woman": {OBJECT: 1, "none": 2}}


def test_unknown_rules_and_answers_are_refused():
    with pytest.raises(ValueError):
        Rule("acclamation")
    with pytest.raises(ValueError):
        Answer(1, "maybe")
    with pytest.raises(ValueError):
        Rule(MAJORITY, min_turnout=1.5)


def test_consent_without_core_constituencies_is_never_given():
    assert decide(Rule(CONSENT), seats(), [ans(0, AGREE)]).adopted is False


answer_lists = st.lists(st.tuples(st.sampled_from([s.member_id for s in seats()]), st.sampled_from(ANSWERS),
                                  st.integers(0, 400)), max_size=20)


def _answers(raw: list[tuple[int, str, int]]) -> list[Answer]:
    return [ans(m, a, h) for m, a, h in raw]


@settings(max_examples=150, deadline=None)
@given(answer_lists, st.sampled_from([Rule(NO_OBJECTION), Rule(CONSENT, core=CORE), Rule(MAJORITY, min_turnout=0.3)]))
def test_properties_of_every_rule(raw, rule):
    answers = _answers(raw)
    out = decide(rule, seats(), answers, DEADLINE)
    # one answer per seat, never more answers than seats; the order the answers arrive in does not matter
    assert out.answered == len(out.counted) <= out.seats
    assert decide(rule, seats(), list(reversed(answers)), DEADLINE).adopted == out.adopted or \
        len({(a.member_id, a.at) for a in answers}) < len(answers)
    assert sum(sum(t.values()) for t in out.counts.values()) == out.answered
    assert set(out.positions.values()) <= set(POSITIONS)
    # no answer after the deadline counts
    assert all(a.at <= DEADLINE for a in out.counted.values())
    if rule.kind == NO_OBJECTION:
        assert out.adopted == (not any(a.answer == OBJECT for a in out.counted.values()))


@settings(max_examples=150, deadline=None)
@given(answer_lists, st.sampled_from([s.member_id for s in seats()]),
       st.sampled_from([Rule(CONSENT, core=CORE), Rule(MAJORITY, min_turnout=0.3), Rule(NO_OBJECTION)]))
def test_turning_an_answer_into_agreement_never_turns_adoption_into_rejection(raw, member, rule):
    before = decide(rule, seats(), _answers(raw), DEADLINE)
    after = decide(rule, seats(), [*_answers(raw), ans(member, AGREE, 100)], DEADLINE)
    latest = max((a.at for a in _answers(raw) if a.member_id == member and a.at <= DEADLINE), default=None)
    if before.adopted and (latest is None or latest <= T0 + timedelta(hours=100)):
        assert after.adopted
