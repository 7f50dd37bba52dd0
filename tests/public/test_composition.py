"""The public composition (issue 31): the women's count, the figure the forum exists to show, is never what is
withheld to protect another small group; and no count under five can be worked out from the figures shown and the
total (a reader who knows the rule: "fewer than 5" is 1 to 4, a count withheld to protect a small group is 5 or more).
"""
from __future__ import annotations

import itertools

from tenants.rls import tenant_context
from webapp.extensions import db
from webapp.members import services as roll


def _possible(shown: dict[str, int | None], total: int) -> dict[str, set[int]]:
    """Every value each hidden count can take, given the shown counts and the total (brute force)."""
    from webapp.public.queries import HIDDEN_WITH_A_SMALL_GROUP

    hidden = [k for k, v in shown.items() if v is None or v == HIDDEN_WITH_A_SMALL_GROUP]
    rest = total - sum(v for v in shown.values() if v is not None and v >= 0)
    ranges = [range(1, 5) if shown[k] is None else range(5, rest + 1) for k in hidden]
    found: dict[str, set[int]] = {k: set() for k in hidden}
    for values in itertools.product(*ranges):
        if sum(values) == rest:
            for k, v in zip(hidden, values, strict=True):
                found[k].add(v)
    return found


def _assert_safe(true: dict[str, int], shown: dict[str, int | None]) -> None:
    from webapp.public.queries import HIDDEN_WITH_A_SMALL_GROUP

    total = sum(true.values())
    assert set(shown) == set(true)
    if total < 5:
        return  # the whole forum is a group under five: every count is hidden, and the total is the forum itself
    if all(v == HIDDEN_WITH_A_SMALL_GROUP for v in shown.values()):
        return  # no count shown: nothing but the total (a 1 beside a 5 and nothing else)
    for key, value in shown.items():
        if value is not None and value >= 0:
            assert value == true[key] and value >= 5, (true, shown)
    for key, values in _possible(shown, total).items():
        assert true[key] in values, (true, shown)
        if true[key] < 5:
            assert len(values) > 1, f"{key} = {true[key]} can be worked out from {shown} and the total {total}"


def test_no_gender_count_under_five_can_be_worked_out_and_the_womens_count_shows():
    """"Not disclosed" is merged into "other or not stated"; when protecting a small group would need the women's
    count withheld, every other count is merged into one instead. The women's count is withheld only when the rest of
    the forum is itself a group under five (then the total would give it away)."""
    from webapp.public.queries import gender_composition

    for woman, man, another, undisclosed in itertools.product(range(0, 13), range(0, 13), range(0, 4), range(0, 9)):
        counts = {k: n for k, n in (("woman", woman), ("man", man), ("another", another),
                                    ("undisclosed", undisclosed)) if n}
        if not counts:
            continue
        shown = gender_composition(counts)
        by_key = {"woman": woman, "man": man, "other_or_undisclosed": another + undisclosed,
                  "man_or_other": man + another + undisclosed}
        _assert_safe({k: by_key[k] for k in shown}, shown)
        assert sum(by_key[k] for k in shown) == woman + man + another + undisclosed, (counts, shown)
        rest = man + another + undisclosed
        if woman >= 5 and (rest == 0 or rest >= 5):
            assert shown["woman"] == woman, (counts, shown)


def test_no_constituency_count_under_five_can_be_worked_out():
    from webapp.public.queries import suppress

    for counts in itertools.product(range(0, 9), repeat=4):
        true = {k: n for k, n in zip(("government", "employers", "workers", "asm_miners"), counts, strict=True) if n}
        if true:
            _assert_safe(true, suppress(true))


def test_the_public_home_shows_the_womens_count_when_few_did_not_say(app, client, two_forums):
    """20 women, 25 men and 3 who did not say (the roll's Amadou Member among them): the women's count shows."""
    with app.app_context(), tenant_context(two_forums["a"]):
        for i in range(20):
            roll.add_member(f"Woman {i}", f"woman{i}@x.example.org", "member", gender="woman")
        for i in range(25):
            roll.add_member(f"Man {i}", f"man{i}@x.example.org", "member", gender="man")
        for i in range(2):
            roll.add_member(f"Unsaid {i}", f"unsaid{i}@x.example.org", "member")
        db.session.commit()
    html = client.get("/t/forum-a/public/").get_data(as_text=True)
    who = html.split('id="who-title"')[1].split("</section>")[0]
    assert "Woman: 20" in who
    assert "Other or not stated: fewer than 5" in who
    assert "Man: not shown, to protect a small group" in who
