"""The chair's dashboard on the demo data and on a forum with 20,000 held meetings (10 attendees each).

    .venv/bin/python bench/dashboard.py [meetings]
Rows are made with INSERT ... SELECT generate_series as the owner role (with the tenant set for RLS).
Besides the wall time (p50, p95 of 15 requests) it prints the CPU time a request costs, this process's and the
PostgreSQL backends' it used (read from /proc: the server must run on this machine), which a loaded machine
inflates far less than the wall time (issue 43).
"""
from __future__ import annotations

import os
import re
import statistics
import sys
import time

os.environ.setdefault("BARAZA_ENV", "development")
os.environ.setdefault("DATABASE_URL", "postgresql+psycopg://baraza_app:baraza-app-dev@127.0.0.1:55432/baraza")
os.environ.setdefault("DATABASE_OWNER_URL",
                      "postgresql+psycopg://baraza_owner:baraza-owner-dev@127.0.0.1:55432/baraza")
os.environ.setdefault("REDIS_URL", "redis://:baraza-redis-dev@127.0.0.1:56379/0")

import psycopg  # noqa: E402
from sqlalchemy import select  # noqa: E402

from tenants.models import Tenant  # noqa: E402
from tenants.rls import tenant_context  # noqa: E402
from webapp import create_app  # noqa: E402
from webapp.auth import services as accounts  # noqa: E402
from webapp.extensions import db  # noqa: E402
from webapp.members import services as roll  # noqa: E402

PASSWORD = "bench password 20000"  # noqa: S105


def build(app, n: int) -> str:
    slug = f"bench-dashboard-{n}"
    with app.app_context():
        tenant = db.session.scalar(select(Tenant).where(Tenant.slug == slug))
        if tenant is not None:
            return slug
        tenant = Tenant(slug=slug, name=f"Bench dashboard ({n} meetings)", timezone="Africa/Accra")
        db.session.add(tenant)
        db.session.commit()
        with tenant_context(tenant):
            user = accounts.find_user_by_email("dash@example.org") or accounts.create_user(
                "dash@example.org", "Dashboard Chair", PASSWORD)
            roll.add_member("Dashboard Chair", "dash@example.org", "chair", user=user)
            orgs = [roll.save_organisation(None, name=f"Org {c}", acronym=None, constituency=c, country=None)
                    for c in ("government", "employers", "workers", "asm_miners")]
            committee = roll.save_committee(None, name="Plenary", kind="plenary", level="national")
            for i in range(40):
                m = roll.add_member(f"Voter {i}", f"v{i}@dash.example.org", "member",
                                    gender=("woman", "man", "undisclosed")[i % 3], organisation_id=orgs[i % 4].id)
                roll.set_seat(committee, m, "member")
            db.session.commit()
            tid, cid = tenant.id, committee.id
    with psycopg.connect(os.environ["DATABASE_OWNER_URL"].replace("+psycopg", "")) as conn:
        conn.execute("SELECT set_config('app.tenant_id', %s, false)", (str(tid),))
        conn.execute("""
            INSERT INTO meetings (tenant_id, committee_id, kind, title, start_at, end_at, language,
                                  interpretation_languages, visibility, status, sequence, notified_at,
                                  outcomes_published_at)
            SELECT %s, %s, 'plenary', 'Bench meeting ' || g, now() - (g * interval '26 minutes'),
                   now() - (g * interval '26 minutes') + interval '3 hours', 'en', '{}', 'members',
                   'outcomes_published', 0, now() - (g * interval '26 minutes') - interval '15 days',
                   now() - (g * interval '26 minutes') + interval '10 days'
            FROM generate_series(1, %s) g""", (tid, cid, n))
        conn.execute("""
            INSERT INTO invitations (tenant_id, meeting_id, member_id, rsvp, attended)
            SELECT m.tenant_id, m.id, mem.id, 'yes', (mem.id + m.id) %% 3 <> 0
            FROM meetings m JOIN LATERAL (SELECT id FROM members WHERE tenant_id = m.tenant_id
                                          AND role = 'member' ORDER BY id LIMIT 10 OFFSET (m.id %% 30)) mem ON true
            WHERE m.tenant_id = %s""", (tid,))
        from webapp.meetings.counters import REFRESH_ALL

        conn.execute("ANALYZE meetings; ANALYZE invitations")
        conn.execute(REFRESH_ALL)  # who was present, counted on each meeting (issue 23), as the app keeps it
        conn.execute("ANALYZE meetings")
    return slug


BACKENDS: set[int] = set()


def backends_cpu_ms() -> float:
    total = 0
    for pid in BACKENDS:
        try:
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()  # noqa: PTH123, SIM115
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime in clock ticks
    return total * 1000 / os.sysconf("SC_CLK_TCK")


def measure(app, slug: str, email: str, password: str) -> None:
    client = app.test_client()
    html = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    client.post("/login", data={"email": email, "password": password, "csrf_token": token})
    assert client.get(f"/t/{slug}/inclusion/").status_code == 200
    times = []
    pg0, py0 = backends_cpu_ms(), time.process_time()
    for _ in range(15):
        t0 = time.perf_counter()
        r = client.get(f"/t/{slug}/inclusion/")
        times.append((time.perf_counter() - t0) * 1000)
        assert r.status_code == 200
    pg, py = (backends_cpu_ms() - pg0) / 15, (time.process_time() - py0) * 1000 / 15
    times.sort()
    print(f"{slug:28} dashboard p50 {statistics.median(times):6.1f} ms  p95 {times[int(len(times) * .95) - 1]:6.1f} ms"
          f"  CPU a request: Python {py:5.1f} ms + PostgreSQL {pg:5.1f} ms = {py + pg:5.1f} ms"
          f"  (load average {os.getloadavg()[0]:.1f})")


def main(n: int) -> None:
    app = create_app()
    from sqlalchemy import event

    with app.app_context():
        event.listen(db.engine, "connect", lambda dbapi, _record: BACKENDS.add(dbapi.info.backend_pid))
    from webapp.demo import DEMO_PASSWORD

    measure(app, "ghana-nsccl", "kwame.asante@example.org", DEMO_PASSWORD)
    measure(app, build(app, n), "dash@example.org", PASSWORD)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20000)
