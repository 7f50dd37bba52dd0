"""Search at the scale data (bench/generate.py): server time of one search, in-process, as the app role (RLS on).

    .venv/bin/python bench/search.py [--db baraza_scale] [--forums 50] [--rounds 3] [--big 20000]

For each of the first ``--forums`` forums, each query below, as the secretariat (drafts and restricted rows
included) and as a member: ``outcomes.search`` (one statement: every source UNIONed, ranked, paged) timed from
the call to its rows as dicts. Prints p50, p95 and max per query and overall, and the plan of the widest query.
``--big N`` first copies the first forum's meetings (with a word per row from a small vocabulary) up to N
meetings, to see the GIN index carry a forum far larger than the scale data's 40 meetings.
"""
from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("BARAZA_ENV", "development")
os.environ.setdefault("DATABASE_URL", "postgresql+psycopg://baraza_app:baraza-app-dev@127.0.0.1:55432/baraza")
os.environ.setdefault("DATABASE_OWNER_URL",
                      "postgresql+psycopg://baraza_owner:baraza-owner-dev@127.0.0.1:55432/baraza")
os.environ.setdefault("REDIS_URL", "redis://:baraza-redis-dev@127.0.0.1:56379/0")

QUERIES = ["decisions", "action plan", "children removed", "progress", "meeting 12", "mercury", '"action 17"',
           "réunions minières", "ɗan kwangila"]
WORDS = ["mercury", "cyanide", "tailings", "cooperative", "licence", "traceability", "school", "safety"]


def _db(url: str, name: str) -> str:
    return url.rsplit("/", 1)[0] + "/" + name


def grow(owner_url: str, tenant_id: int, n: int) -> None:
    import psycopg

    with psycopg.connect(owner_url.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute("SELECT set_config('app.tenant_id', %s, false)", (str(tenant_id),))
        have = conn.execute("SELECT count(*) FROM meetings WHERE tenant_id = %s", (tenant_id,)).fetchone()[0]
        if have >= n:
            return
        words = "ARRAY[" + ", ".join(f"'{w}'" for w in WORDS) + "]"
        conn.execute(f"""
            INSERT INTO meetings (tenant_id, committee_id, kind, title, expected_outputs, start_at, end_at, language,
                                  interpretation_languages, visibility, status, sequence, summary)
            SELECT m.tenant_id, m.committee_id, m.kind, 'Meeting on ' || ({words})[1 + g %% 8] || ' ' || g,
                   m.expected_outputs, m.start_at - g * interval '1 day', m.end_at - g * interval '1 day', m.language,
                   m.interpretation_languages, m.visibility, m.status, 0, m.summary
            FROM (SELECT * FROM meetings WHERE tenant_id = %s ORDER BY id LIMIT 1) m,
                 generate_series(1, %s) g""", (tenant_id, n - have))
        conn.execute("VACUUM ANALYZE meetings")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="baraza_scale")
    parser.add_argument("--forums", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--big", type=int, default=0)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = _db(os.environ["DATABASE_URL"], args.db)
    os.environ["DATABASE_OWNER_URL"] = _db(os.environ["DATABASE_OWNER_URL"], args.db)

    from sqlalchemy import select

    from tenants.models import Tenant
    from tenants.rls import tenant_context
    from webapp import create_app
    from webapp.core.visibility import Reader
    from webapp.extensions import db
    from webapp.meetings.outcomes import services as outcomes
    from webapp.members.models import Member

    app = create_app()
    with app.app_context():
        tenants = list(db.session.scalars(select(Tenant).order_by(Tenant.id).limit(args.forums)))
        for t in tenants:
            db.session.expunge(t)
        db.session.rollback()
    if args.big:
        grow(os.environ["DATABASE_OWNER_URL"], tenants[0].id, args.big)
        tenants = tenants[:1]
        queries = [*WORDS[:3], "meeting", "decisions", "meeting on school", "nothing here"]
    else:
        queries = QUERIES
    from sqlalchemy import event

    times: dict[str, list[float]] = {q: [] for q in queries}
    cpu: list[float] = []
    in_db: list[float] = []
    clock = {"db": 0.0, "t": 0.0}

    def before(*_args: object) -> None:
        clock["t"] = time.perf_counter()

    def after(*_args: object) -> None:
        clock["db"] += time.perf_counter() - clock["t"]

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", before)
        event.listen(db.engine, "after_cursor_execute", after)
    found: dict[str, int] = {q: 0 for q in queries}
    for _ in range(args.rounds):
        for t in tenants:
            with app.app_context(), tenant_context(t):
                readers = {role: db.session.scalar(select(Member).where(Member.tenant_id == t.id, Member.role == role)
                                                   .limit(1)) for role in ("secretariat", "member")}
                for q in queries:
                    for staff in (True, False):
                        member = readers["secretariat" if staff else "member"]
                        clock["db"] = 0.0
                        t0, c0 = time.perf_counter(), time.process_time()
                        page = outcomes.search(q, Reader.of(member), member=member)
                        times[q].append((time.perf_counter() - t0) * 1000)
                        cpu.append((time.process_time() - c0) * 1000)
                        in_db.append(clock["db"] * 1000)
                        found[q] = max(found[q], page.total)
                db.session.rollback()
    every = sorted(x for v in times.values() for x in v)

    def p(values: list[float], share: float) -> float:
        values = sorted(values)
        return values[min(len(values) - 1, int(share * len(values)))]

    print(f"{len(tenants)} forum(s) x {args.rounds} rounds x 2 readers; ms per search (server time, in-process)")
    print("| query | most results | p50 | p95 | max |\n|---|---|---|---|---|")
    for q in queries:
        print(f"| `{q}` | {found[q]} | {statistics.median(times[q]):.1f} | {p(times[q], .95):.1f} | "
              f"{max(times[q]):.1f} |")
    print(f"| all | | {statistics.median(every):.1f} | {p(every, .95):.1f} | {max(every):.1f} |")
    print(f"| of which in PostgreSQL (two statements, wall) | | {statistics.median(in_db):.1f} | {p(in_db, .95):.1f} | "
          f"{max(in_db):.1f} |")
    print(f"| of which Python CPU time | | {statistics.median(cpu):.1f} | {p(cpu, .95):.1f} | {max(cpu):.1f} |")
    print(f"load average at the end: {os.getloadavg()}")
    with app.app_context(), tenant_context(tenants[0]):
        seen: list[tuple[str, object]] = []
        listener = lambda _c, _cur, stmt, params, _ctx, _many: seen.append((stmt, params))  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        outcomes.search(queries[0], Reader.staff())
        event.remove(db.engine, "before_cursor_execute", listener)
        stmt, params = seen[-1]
        plan = db.session.connection().exec_driver_sql("EXPLAIN (ANALYZE, COSTS OFF) " + stmt, params).scalars().all()
        print("\nplan of", repr(queries[0]), "as the secretariat:\n" + "\n".join(plan))


if __name__ == "__main__":
    main()
