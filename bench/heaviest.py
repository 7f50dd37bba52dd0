"""The heaviest SQL statements of the key pages at the scale data, with `EXPLAIN (ANALYZE, BUFFERS)` (issue 43).

    .venv/bin/python bench/heaviest.py [--db baraza_scale] [--slug scale-1] [--top 5] [--rounds 5]

Signs in as bench/generate.py's member, secretariat and chair of ``--slug`` and asks for the key pages of
bench/side_by_side.py and a search, in process, as the app role (RLS on), ``--rounds`` times each; every statement
is timed from the cursor's execute to its end. The ``--top`` statements by median time are then run again under
`EXPLAIN (ANALYZE, BUFFERS)` in a transaction with the forum set, as the app runs them, and printed as Markdown.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _db(url: str, name: str) -> str:
    return url.rsplit("/", 1)[0] + "/" + name


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="baraza_scale")
    parser.add_argument("--slug", default="scale-1")
    parser.add_argument("--top", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("BARAZA_ENV", "development")
    os.environ["DATABASE_URL"] = _db(os.environ.get(
        "DATABASE_URL", "postgresql+psycopg://baraza_app:baraza-app-dev@127.0.0.1:55432/x"), args.db)
    os.environ["DATABASE_OWNER_URL"] = _db(os.environ.get(
        "DATABASE_OWNER_URL", "postgresql+psycopg://baraza_owner:baraza-owner-dev@127.0.0.1:55432/x"), args.db)
    os.environ.setdefault("REDIS_URL", "redis://:baraza-redis-dev@127.0.0.1:56379/0")
    from sqlalchemy import event

    from bench.side_by_side import find_ids, pages
    from webapp import create_app
    from webapp.extensions import db

    n = args.slug.rsplit("-", 1)[1]
    who = {"slug": args.slug, "password": "scale password", "member": f"member-{n}@scale.example.org",
           "secretariat": f"sec-{n}@scale.example.org", "chair": f"chair-{n}@scale.example.org"}
    table = pages(args.slug, find_ids(ROOT, dict(os.environ), who))
    table["search (secretariat)"] = ("secretariat", f"/t/{args.slug}/meetings/search?q=action+plan")
    table["search (member)"] = ("member", f"/t/{args.slug}/meetings/search?q=decisions")
    app = create_app()
    times: dict[str, list[float]] = defaultdict(list)
    example: dict[str, tuple[str, object, str]] = {}
    clock = {"t": 0.0, "page": ""}

    def before(_c: object, _cur: object, stmt: str, params: object, _ctx: object, _many: object) -> None:
        clock["t"] = time.perf_counter()
        example.setdefault(stmt, (stmt, params, clock["page"]))

    def after(_c: object, _cur: object, stmt: str, *_a: object) -> None:
        times[stmt].append((time.perf_counter() - clock["t"]) * 1000)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", before)
        event.listen(db.engine, "after_cursor_execute", after)
    for role in ("member", "secretariat", "chair", "anonymous"):
        client = app.test_client()
        if role != "anonymous":
            html = client.get("/login").get_data(as_text=True)
            token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
            client.post("/login", data={"email": who[role], "password": who["password"], "csrf_token": token})
        for name, (page_role, path) in table.items():
            if page_role != role:
                continue
            clock["page"] = name
            for _ in range(args.rounds):
                status = client.get(path).status_code
                assert status == 200, (name, path, status)
    with app.app_context():
        event.remove(db.engine, "before_cursor_execute", before)
        event.remove(db.engine, "after_cursor_execute", after)
    ranked = sorted(((statistics.median(v), len(v), s) for s, v in times.items()
                     if s.lstrip().upper().startswith(("SELECT", "WITH"))), reverse=True)[:args.top]
    print(f"load average {os.getloadavg()}; {len(times)} distinct statements over {len(table)} pages\n")
    with app.app_context():
        conn = db.session.connection()
        tid = conn.exec_driver_sql("SELECT id FROM tenants WHERE slug = %(s)s", {"s": args.slug}).scalar()
        conn.exec_driver_sql("SELECT set_config('app.tenant_id', %(t)s, true)", {"t": str(tid)})
        for rank, (median, count, stmt) in enumerate(ranked, 1):
            _s, params, page = example[stmt]
            plan = conn.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + stmt, params).scalars().all()
            print(f"### {rank}. {page}: median {median:.1f} ms over {count} runs\n")
            print("```sql\n" + " ".join(stmt.split())[:1500] + "\n```\n\n```\n" + "\n".join(plan) + "\n```\n")
        db.session.rollback()


if __name__ == "__main__":
    main()
