"""Load test of Baraza's key pages and writes with wrk, beside a bare Flask app as the ceiling.

    .venv/bin/python bench/load.py --db baraza --slug ghana-nsccl            # demo data (./scripts/run's)
    .venv/bin/python bench/load.py --db baraza_scale --slug scale-1          # after bench/generate.py

Both apps run under the same gunicorn settings (2 sync workers) on loopback; wrk -t2 -c8 for a bounded
time per page. Per page: requests/s, p50/p95/p99 (ms), SQL statements (counted in-process), bytes raw and
gzipped, and the ratio to the bare app's requests/s. Needs Debian's wrk (apt-get install wrk).
"""
from __future__ import annotations

import argparse
import gzip
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LUA = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %.1f %.2f %.2f %.2f %d\\n", summary.requests,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.errors.status + summary.errors.connect + summary.errors.timeout))
end
"""
POST_LUA = """
wrk.method = "POST"
wrk.body = "{body}"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["X-CSRFToken"] = "{token}"
wrk.headers["HX-Request"] = "true"
""" + LUA


def env_for(db: str) -> dict[str, str]:
    return {**os.environ, "BARAZA_ENV": "development", "SECRET_KEY": "bench-secret",
            "DATABASE_URL": f"postgresql+psycopg://baraza_app:baraza-app-dev@127.0.0.1:55432/{db}",
            "DATABASE_OWNER_URL": f"postgresql+psycopg://baraza_owner:baraza-owner-dev@127.0.0.1:55432/{db}",
            "REDIS_URL": "redis://:baraza-redis-dev@127.0.0.1:56379/0",
            "CACHE_REDIS_URL": "redis://:baraza-redis-dev@127.0.0.1:56380/0", "NOTICE_RETRY_INTERVALS": "30"}


def start(app: str, port: int, env: dict[str, str]) -> subprocess.Popen:
    proc = subprocess.Popen([str(ROOT / ".venv" / "bin" / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers",
                             "2", app], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz" if "wsgi" in app else f"http://127.0.0.1:{port}/",
                                   timeout=1)  # noqa: S310 - loopback
            return proc
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{app} did not start")


def login(port: int, email: str, password: str) -> tuple[str, str]:
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(f"http://127.0.0.1:{port}/login").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    data = urllib.parse.urlencode({"email": email, "password": password, "csrf_token": token}).encode()
    opener.open(f"http://127.0.0.1:{port}/login", data=data)
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    page = opener.open(f"http://127.0.0.1:{port}/account").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    return cookie, token


def wrk(url: str, cookie: str | None, seconds: int, script: str) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    args = ["wrk", "-t2", "-c8", f"-d{seconds}s", "-s", f.name, url]
    if cookie:
        args[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(args, capture_output=True, text=True, timeout=seconds + 30).stdout
    os.unlink(f.name)
    _n, rps, p50, p95, p99, errors = re.search(r"RESULT (\d+) ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) (\d+)", out).groups()
    return {"rps": float(rps), "p50": float(p50), "p95": float(p95), "p99": float(p99), "errors": int(errors)}


def in_process(db: str, slug: str, emails: dict[str, str], password: str) -> tuple[dict, dict]:
    """Ids for the pages, and SQL statements and bytes per page, measured with the test client."""
    os.environ.update(env_for(db))
    sys.path.insert(0, str(ROOT))
    from sqlalchemy import event, select

    from tenants.models import Tenant
    from tenants.rls import tenant_context
    from webapp import create_app
    from webapp.actions.models import ActionItem
    from webapp.extensions import db as sa
    from webapp.meetings.models import Invitation, Meeting
    from webapp.members.models import Member

    app = create_app()
    with app.app_context():
        tenant = sa.session.scalar(select(Tenant).where(Tenant.slug == slug))
        with tenant_context(tenant):
            member = sa.session.scalar(select(Member).where(Member.email == emails["member"]))
            visible = (Meeting.tenant_id == Invitation.tenant_id) & (Meeting.id == Invitation.meeting_id)
            invitation = sa.session.execute(select(Invitation.id, Invitation.meeting_id).join(Meeting, visible).where(
                Invitation.member_id == member.id, Meeting.visibility.in_(("public", "members")),
                Meeting.status == "notified").limit(1)).first() or \
                sa.session.execute(select(Invitation.id, Invitation.meeting_id).join(Meeting, visible).where(
                    Invitation.member_id == member.id, Meeting.visibility.in_(("public", "members")),
                    Meeting.status != "draft").order_by(Meeting.start_at.desc()).limit(1)).first()
            item = sa.session.scalar(select(ActionItem.id).where(ActionItem.owner_member_id == member.id,
                                                                  ActionItem.status != "dropped").limit(1))
    ids = {"invitation": invitation[0], "meeting": invitation[1], "item": item}
    stats = {}
    for role, email in emails.items():
        client = app.test_client()
        html = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
        client.post("/login", data={"email": email, "password": password, "csrf_token": token})
        for name, (page_role, path) in pages(slug, ids).items():
            if page_role != role:
                continue
            queries = []

            def count(*_a, queries=queries):
                queries.append(1)

            with app.app_context():
                engine = sa.engine
            event.listen(engine, "before_cursor_execute", count)
            body = client.get(path).data
            event.remove(engine, "before_cursor_execute", count)
            stats[name] = {"sql": len(queries), "bytes": len(body), "gzip": len(gzip.compress(body))}
    return ids, stats


def pages(slug: str, ids: dict) -> dict[str, tuple[str, str]]:
    return {"forum home": ("member", f"/t/{slug}/"),
            "meeting page": ("member", f"/t/{slug}/meetings/{ids['meeting']}"),
            "My actions": ("member", f"/t/{slug}/actions/mine"),
            "members directory": ("secretariat", f"/t/{slug}/members/"),
            "chair dashboard": ("chair", f"/t/{slug}/inclusion/"),
            "public home": ("anonymous", f"/t/{slug}/public/")}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="baraza")
    parser.add_argument("--slug", default="ghana-nsccl")
    parser.add_argument("--seconds", type=int, default=8)
    args = parser.parse_args()
    if args.slug.startswith("scale-"):
        n = args.slug.split("-")[1]
        emails = {"member": f"member-{n}@scale.example.org", "secretariat": f"sec-{n}@scale.example.org",
                  "chair": f"chair-{n}@scale.example.org"}
        password = "scale password"  # noqa: S105
    else:
        emails = {"member": "abena.darko@example.org", "secretariat": "akosua.mensah@example.org",
                  "chair": "kwame.asante@example.org"}
        password = "baraza-demo-2026"  # noqa: S105
    ids, stats = in_process(args.db, args.slug, {**emails, "anonymous": "nobody@example.org"}, password)
    env = env_for(args.db)
    baraza = start("wsgi:app", 5101, env)
    bare = start("bench.bare:app", 5102, env)
    try:
        ceiling = wrk("http://127.0.0.1:5102/", None, args.seconds, LUA)
        cookies = {role: login(5101, email, password) for role, email in emails.items()}
        rows = [("bare Flask (20-line template)", ceiling, {"sql": 0, "bytes": 0, "gzip": 0})]
        for name, (role, path) in pages(args.slug, ids).items():
            cookie = cookies[role][0] if role != "anonymous" else None
            rows.append((name, wrk(f"http://127.0.0.1:5101{path}", cookie, args.seconds, LUA), stats.get(name, {})))
        writes = {
            "RSVP (member)": ("member", f"/t/{args.slug}/meetings/{ids['meeting']}/rsvp", "answer=yes"),
            "action update (member)": ("member", f"/t/{args.slug}/actions/items/{ids['item']}/update",
                                       "status=in_progress&value=&note=bench"),
            "attendance tap (secretariat)": ("secretariat", f"/t/{args.slug}/meetings/{ids['meeting']}/attendance/"
                                                            f"{ids['invitation']}", "present=1"),
        }
        for name, (role, path, body) in writes.items():
            cookie, token = cookies[role]
            rows.append((name, wrk(f"http://127.0.0.1:5101{path}", cookie, args.seconds,
                                   POST_LUA.format(body=body, token=token)), {}))
    finally:
        baraza.terminate()
        bare.terminate()
    print(f"\n{args.db} / {args.slug}: wrk -t2 -c8 -d{args.seconds}s, gunicorn 2 sync workers, same 2 cores\n")
    print("| page | req/s | p50 ms | p95 ms | p99 ms | errors | SQL | KiB raw | KiB gz | vs bare |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, r, s in rows:
        ratio = r["rps"] / ceiling["rps"] if ceiling["rps"] else 0
        print(f"| {name} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} | {r['errors']} | "
              f"{s.get('sql', '')} | {s.get('bytes', 0) / 1024:.1f} | {s.get('gzip', 0) / 1024:.1f} | {ratio:.2f} |")


if __name__ == "__main__":
    main()
