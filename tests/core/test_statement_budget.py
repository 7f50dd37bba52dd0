"""Issues 23 and 43: at most 8 SQL statements on every key page, the same for 2 and for 200 rows, with the shared
parts' cache cold and warm."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.actions.test_actions import make_plan
from tests.conftest import count_queries
from tests.core.test_query_counts import _held_plenary
from tests.public.test_public import publish

BUDGET = 8


def _statements(app, client, path: str) -> tuple[int, list[str]]:  # noqa: ANN001
    """The statements of the page's second request with its shared parts dropped first (webapp/core/parts.py: a cold
    cache, as after any change in the forum) and of a third (from the parts): the larger of the two counts."""
    import redis
    from sqlalchemy import event

    from webapp.extensions import db

    client.get(path)  # warm: the session's first page may differ
    with redis.Redis.from_url(app.config["CACHE_REDIS_URL"]) as cache:
        for key in cache.scan_iter("baraza:parts:*"):
            cache.delete(key)
    with app.app_context():
        engine = db.engine
    counted = []
    for _ in ("cold", "from parts"):
        seen: list[str] = []

        def keep(_conn, _cursor, statement, *_a, seen=seen) -> None:  # noqa: ANN001
            seen.append(" ".join(statement.split())[:300])

        event.listen(engine, "before_cursor_execute", keep)
        try:
            with count_queries(app) as n:
                r = client.get(path)
        finally:
            event.remove(engine, "before_cursor_execute", keep)
        assert r.status_code == 200, (path, r.status_code)
        counted.append((n["n"], seen))
    return max(counted, key=lambda c: c[0])


def _affiliates(app, factory, coordinator) -> list[int]:  # noqa: ANN001
    """Two forums affiliated to ``coordinator`` (invited, accepted): the coordinating forum's plan page reads their
    newest snapshots (issue 43: the plan with affiliates within the budget too)."""
    from tenants.rls import tenant_context
    from webapp.extensions import db
    from webapp.federation import services as federation

    ids = []
    for slug in ("budget-district-1", "budget-district-2"):
        affiliate = factory.forum(slug, f"District {slug[-1]}")
        with app.app_context(), tenant_context(coordinator):
            affiliation = federation.invite(slug, "Secretariat")
            db.session.commit()
            aid = affiliation.id
        with app.app_context(), tenant_context(affiliate):
            from webapp.federation.queries import affiliations

            [affiliation] = affiliations(affiliation_id=aid)
            federation.accept(affiliation, ["progress", "inclusion", "outcomes"], "Chair")
            db.session.commit()
        ids.append(aid)
    return ids


def _share(app, tenant, objective_id: int, affiliation_ids: list[int]) -> None:  # noqa: ANN001
    """The plan's objective shared with the affiliates, and a snapshot of each (their progress on it)."""
    from tenants.rls import tenant_context
    from webapp.extensions import db
    from webapp.federation import services as federation
    from webapp.federation.queries import objective
    from worker.federation import take_snapshot

    with app.app_context(), tenant_context(tenant):
        federation.set_shared(objective(objective_id), True)
        db.session.commit()
    for n, aid in enumerate(affiliation_ids):
        take_snapshot(aid, (date.today() - timedelta(days=n)).isoformat())


@pytest.fixture
def forum_pages(app, factory, two_forums):  # noqa: ANN001, ANN201
    a = two_forums["a"]
    viewers = (two_forums["a_sec"]["id"], two_forums["a_member"]["id"])
    affiliations = _affiliates(app, factory, a)

    def build(tag: str, n: int) -> dict[str, str]:
        held = _held_plenary(app, factory, a, f"Held{tag}", n, viewers)
        public = factory.meeting(a, title=f"Open{tag}", visibility="public", notify=True, days_ahead=-3,
                                 member_ids=viewers)
        publish(app, a, public["id"], f"Summary {tag}", [(f"Decision {tag}", "public")])
        plan = make_plan(app, a, [{"title": f"{tag} item {i}", "owner_member_id": two_forums["a_member"]["id"],
                                   "due_on": date(2027, 1, 1) + timedelta(days=i)} for i in range(n)],
                         title=f"Plan {tag}")
        _share(app, a, plan["objective_id"], affiliations)
        return {"meeting": f"/t/forum-a/meetings/{held['id']}", "plan": f"/t/forum-a/actions/plans/{plan['plan_id']}",
                "public meeting": f"/t/forum-a/public/meetings/{public['id']}",
                "outcome": f"/t/forum-a/public/outcomes/{public['id']}"}

    return build


MEMBER_PAGES = {"home": "/t/forum-a/", "My actions": "/t/forum-a/actions/mine"}
SEC_PAGES = {"directory": "/t/forum-a/members/", "dashboard": "/t/forum-a/inclusion/"}
ANON_PAGES = {"public home": "/t/forum-a/public/"}


def _measure(app, client, auth, two_forums, paths: dict[str, str]) -> dict[str, tuple[int, list[str]]]:  # noqa: ANN001
    out = {}
    auth.login(two_forums["a_member"]["email"])
    for name in ("meeting", "home", "My actions", "plan"):
        out[name] = _statements(app, client, paths.get(name) or MEMBER_PAGES[name])
    plan = client.get(paths["plan"]).get_data(as_text=True)
    assert "shared-progress" in plan and "District 1" in plan and "District 2" in plan  # what was counted
    auth.logout()
    auth.login(two_forums["a_sec"]["email"])
    for name, path in SEC_PAGES.items():
        out[name] = _statements(app, client, path)
    out["meeting (secretariat)"] = _statements(app, client, paths["meeting"])
    auth.logout()
    for name in ("public home", "public meeting", "outcome"):
        out[name] = _statements(app, client, paths.get(name) or ANON_PAGES[name])
    return out


def test_key_pages_run_at_most_8_statements_whatever_the_size(app, client, auth, two_forums, forum_pages):
    small = _measure(app, client, auth, two_forums, forum_pages("S", 2))
    big = _measure(app, client, auth, two_forums, forum_pages("B", 200))
    report = {name: (small[name][0], big[name][0]) for name in small}
    print("statements (small, big):", report)
    for name, (n, seen) in big.items():
        assert n <= BUDGET, f"{name}: {n} statements\n" + "\n".join(seen)
        assert small[name][0] == n, f"{name}: {small[name][0]} then {n}\n" + "\n".join(seen)
