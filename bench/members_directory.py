"""Directory speed and SQL query count at 5,000 members (in-process, against the run command's database).

    .venv/bin/python bench/members_directory.py [members]
"""
from __future__ import annotations

import os
import re
import statistics
import sys
import time

os.environ.setdefault("BARAZA_ENV", "development")
os.environ.setdefault("DATABASE_URL", "postgresql+psycopg://baraza_app:baraza-app-dev@127.0.0.1:55432/baraza")
os.environ.setdefault("REDIS_URL", "redis://:baraza-redis-dev@127.0.0.1:56379/0")

from sqlalchemy import event, func, select  # noqa: E402

from tenants.models import Tenant  # noqa: E402
from tenants.rls import tenant_context  # noqa: E402
from webapp import create_app  # noqa: E402
from webapp.auth import services as accounts  # noqa: E402
from webapp.extensions import db  # noqa: E402
from webapp.members import services  # noqa: E402
from webapp.members.models import CONSTITUENCIES, Member  # noqa: E402

PASSWORD = "bench password 5000"  # noqa: S105


def ensure(app, n: int) -> str:
    slug = f"bench-{n}"
    with app.app_context():
        tenant = db.session.scalar(select(Tenant).where(Tenant.slug == slug))
        if tenant is None:
            tenant = Tenant(slug=slug, name=f"Bench forum ({n} members)", timezone="Africa/Accra")
            db.session.add(tenant)
            db.session.commit()
        with tenant_context(tenant):
            have = db.session.scalar(select(func.count()).select_from(Member))
            if have < n:
                orgs = [services.save_organisation(None, name=f"Bench org {i}", acronym=None,
                                                   constituency=CONSTITUENCIES[i % len(CONSTITUENCIES)], country=None)
                        for i in range(40)] if have == 0 else []
                user = accounts.find_user_by_email("bench@example.org") or accounts.create_user(
                    "bench@example.org", "Bench Secretariat", PASSWORD)
                if have == 0:
                    services.add_member("Bench Secretariat", "bench@example.org", "secretariat", user=user)
                    have = 1
                for i in range(have, n):
                    services.add_member(f"Member {i:05d}", f"m{i}@bench.example.org", "member",
                                        organisation_id=orgs[i % 40].id if orgs else None,
                                        gender=("woman", "man", "undisclosed")[i % 3], languages=["en", "fr"][: 1 + i % 2])
                db.session.commit()
    return slug


def main(n: int) -> None:
    app = create_app()
    slug = ensure(app, n)
    client = app.test_client()
    html = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    client.post("/login", data={"email": "bench@example.org", "password": PASSWORD, "csrf_token": token})
    with app.app_context():
        engine = db.engine
    for label, url in (("first page", f"/t/{slug}/members/"),
                       ("filtered (constituency + language)", f"/t/{slug}/members/?constituency=workers&language=fr"),
                       ("search, page 3", f"/t/{slug}/members/?q=Member&page=3"),
                       ("htmx fragment", f"/t/{slug}/members/?q=Member+01")):
        queries = []

        def count_query(*_args, queries=queries):
            queries.append(1)

        headers = {"HX-Request": "true"} if "htmx" in label else {}
        event.listen(engine, "before_cursor_execute", count_query)
        assert client.get(url, headers=headers).status_code == 200
        event.remove(engine, "before_cursor_execute", count_query)
        count = len(queries)
        times = []
        for _ in range(30):
            t0 = time.perf_counter()
            r = client.get(url, headers=headers)
            times.append((time.perf_counter() - t0) * 1000)
            assert r.status_code == 200
        times.sort()
        print(f"{label:38} {count:3d} queries (first request)  p50 {statistics.median(times):6.1f} ms"
              f"  p95 {times[int(len(times) * 0.95) - 1]:6.1f} ms  ({len(r.data) / 1024:.1f} KiB)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
