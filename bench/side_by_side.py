"""Baraza's key pages side by side with the ceiling (a bare Flask app), one run, the same settings.

    .venv/bin/python bench/side_by_side.py                       # demo data, 3 rounds of 10 s per page
    .venv/bin/python bench/side_by_side.py --rounds 1 --seconds 3 # a quick look
    .venv/bin/python bench/side_by_side.py --rounds 2 --only "forum home" --py-spy /tmp/spy   # where it goes
    .venv/bin/python bench/side_by_side.py --scale                # bench/generate.py's data, forum scale-1
    .venv/bin/python bench/side_by_side.py --root /tmp/old-checkout   # another checkout's code, same method
    .venv/bin/python bench/side_by_side.py --only meeting --only "forum home"   # some pages only

The method (issue 23), fixed here so that every figure in bench/README.md comes from it:
- throwaway PostgreSQL and Redis (scripts/stack.py's, as the test command uses), migrated, demo data loaded
  (or the scale data of bench/generate.py with --scale);
- Baraza (`wsgi:app`) and the ceiling (`bench.bare:app`: a bare Flask app rendering a 20-line template) under
  the same gunicorn settings: 2 sync workers, BARAZA_ENV=production;
- `wrk -t1 -c16 -d10s --latency` against each page in turn, the ceiling first in every round, 3 interleaved
  rounds; per page the median req/s and p50/p99, and its share of the ceiling (median of the per-round ratios);
- SQL statements and bytes per page counted in-process with the test client (the second request: a warm one);
- the gunicorn workers' resident memory (RSS, largest seen while wrk runs);
- the CPU a request costs each kind of process (the workers, PostgreSQL, Redis, the rest), from /proc.
Needs Debian's wrk: run as root it installs it with apt-get, otherwise `apt-get install wrk`.
"""
from __future__ import annotations

import argparse
import contextlib
import http.client
import importlib.util
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

BENCH = Path(__file__).resolve().parent
LUA = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %.1f %.2f %.2f %d\\n", summary.requests,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.timeout))
end
"""
DEMO = {"slug": "ghana-nsccl", "password": "baraza-demo-2026",
        "member": "abena.darko@example.org", "secretariat": "akosua.mensah@example.org",
        "chair": "kwame.asante@example.org"}


def stack_module(root: Path):  # noqa: ANN201 - scripts/stack.py, loaded by path
    spec = importlib.util.spec_from_file_location("stack", root / "scripts" / "stack.py")
    stack = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(stack)
    return stack


def ensure_wrk() -> None:
    if shutil.which("wrk"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("==> installing wrk with apt-get", flush=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, stdout=subprocess.DEVNULL)
        return
    raise SystemExit("wrk is missing: apt-get install wrk (Debian's package)")


def run_flask(root: Path, env: dict[str, str], *args: str) -> None:
    subprocess.run([str(root / ".venv" / "bin" / "flask"), "--app", "wsgi", *args], cwd=root, env=env, check=True,
                   stdout=subprocess.DEVNULL)


def find_ids(root: Path, env: dict[str, str], who: dict[str, str]) -> dict[str, int]:
    """A held plenary the member was invited to, a plan the member sees, an announced public meeting and a
    published outcome: read as the owner role with the forum's tenant setting (RLS)."""
    import psycopg

    url = env["DATABASE_OWNER_URL"].replace("postgresql+psycopg", "postgresql")
    with psycopg.connect(url) as conn:
        tid = conn.execute("SELECT id FROM tenants WHERE slug = %s", (who["slug"],)).fetchone()[0]
        conn.execute("SELECT set_config('app.tenant_id', %s, false)", (str(tid),))
        member = conn.execute("SELECT id FROM members WHERE email = %s", (who["member"],)).fetchone()[0]
        one = lambda sql, *a: (conn.execute(sql, a).fetchone() or [None])[0]  # noqa: E731
        return {
            "meeting": one("SELECT m.id FROM meetings m JOIN invitations i ON i.tenant_id = m.tenant_id AND "
                           "i.meeting_id = m.id WHERE i.member_id = %s AND m.visibility IN ('public', 'members') "
                           "AND m.status IN ('held', 'outcomes_published') ORDER BY m.start_at DESC LIMIT 1", member),
            "plan": one("SELECT id FROM action_plans WHERE visibility IN ('public', 'members') ORDER BY id LIMIT 1"),
            "public meeting": one("SELECT id FROM meetings WHERE visibility = 'public' AND status IN "
                                  "('notified', 'held', 'outcomes_published') ORDER BY start_at DESC LIMIT 1"),
            "outcome": one("SELECT id FROM meetings WHERE visibility = 'public' AND status = 'outcomes_published' "
                           "ORDER BY start_at DESC LIMIT 1"),
        }


def pages(slug: str, ids: dict[str, int]) -> dict[str, tuple[str, str]]:
    t = f"/t/{slug}"
    table = {"meeting page (member, held plenary)": ("member", f"{t}/meetings/{ids['meeting']}"),
             "public home (anonymous)": ("anonymous", f"{t}/public/"),
             "forum home (member)": ("member", f"{t}/"),
             "My actions (member)": ("member", f"{t}/actions/mine"),
             "chair dashboard (chair)": ("chair", f"{t}/inclusion/"),
             "plan (member)": ("member", f"{t}/actions/plans/{ids['plan']}"),
             "directory (secretariat)": ("secretariat", f"{t}/members/"),
             "public meeting (anonymous)": ("anonymous", f"{t}/public/meetings/{ids['public meeting']}"),
             "outcome (anonymous)": ("anonymous", f"{t}/public/outcomes/{ids['outcome']}")}
    # a page the data has no object for (the scale data publishes no public meeting's outcomes) is left out
    return {name: page for name, page in table.items() if "/None" not in page[1]}


def in_process(root: Path, env: dict[str, str], who: dict[str, str], table: dict[str, tuple[str, str]]) -> dict:
    """SQL statements and bytes per page, measured with the test client: the first (cold) request's statements and
    the second's (warm), and the median server time of 15 more, one at a time, in process."""
    code = f"""
import gzip, json, re, statistics, sys, time
from sqlalchemy import event
from webapp import create_app
from webapp.extensions import db
app = create_app()
who, table = {who!r}, {table!r}
out = {{}}
for role in ("member", "secretariat", "chair", "anonymous"):
    client = app.test_client()
    kw = {{"base_url": "https://localhost"}}
    if role != "anonymous":
        html = client.get("/login", **kw).get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
        client.post("/login", data={{"email": who[role], "password": who["password"], "csrf_token": token}},
                    headers={{"Referer": "https://localhost/login"}}, **kw)
    for name, (page_role, path) in table.items():
        if page_role != role:
            continue
        n = [0]
        def count(*_a, n=n):
            n[0] += 1
        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", count)
        client.get(path, **kw)  # cold: the first request (shared parts not cached yet)
        cold = n[0]
        n[0] = 0
        r = client.get(path, **kw)
        event.remove(engine, "before_cursor_execute", count)
        times = []
        for _ in range(15):  # server time in process, one request at a time (no queueing, no network)
            t0 = time.perf_counter()
            client.get(path, **kw)
            times.append((time.perf_counter() - t0) * 1000)
        out[name] = {{"status": r.status_code, "sql": n[0], "sql_cold": cold, "bytes": len(r.data),
                     "gzip": len(gzip.compress(r.data)), "ms": statistics.median(times)}}
print("STATS " + json.dumps(out))
"""
    res = subprocess.run([str(root / ".venv" / "bin" / "python"), "-c", code], cwd=root, env=env,
                         capture_output=True, text=True, check=False)
    line = next((x for x in res.stdout.splitlines() if x.startswith("STATS ")), None)
    if line is None:
        raise SystemExit("in-process measure failed:\n" + res.stderr[-3000:])
    import json

    return json.loads(line[6:])


def start(root: Path, app: str, port: int, env: dict[str, str]) -> subprocess.Popen:
    proc = subprocess.Popen([str(root / ".venv" / "bin" / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers",
                             "2", "--worker-class", "sync", app], cwd=root, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(150):
        with contextlib.suppress(OSError):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz" if app == "wsgi:app" else "/")
            if conn.getresponse().status == 200:
                return proc
        time.sleep(0.2)
    proc.terminate()
    raise SystemExit(f"{app} did not start")


def _cookies(headers: list[tuple[str, str]], jar: dict[str, str]) -> None:
    for k, v in headers:
        if k.lower() == "set-cookie":
            name, _, rest = v.partition("=")
            jar[name] = rest.split(";", 1)[0]


def login(port: int, email: str, password: str) -> str:
    """Signs in over plain HTTP (production cookies are Secure: they are kept by hand) and returns a Cookie."""
    jar: dict[str, str] = {}
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("GET", "/login")
    r = conn.getresponse()
    html = r.read().decode()
    _cookies(r.getheaders(), jar)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    body = urllib.parse.urlencode({"email": email, "password": password, "csrf_token": token})
    conn.request("POST", "/login", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())})
    r = conn.getresponse()
    r.read()
    _cookies(r.getheaders(), jar)
    if r.status not in (302, 303):
        raise SystemExit(f"sign-in as {email} failed ({r.status})")
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def workers_rss_mb(master: int) -> float:
    total = 0.0
    with contextlib.suppress(OSError):
        for child in Path(f"/proc/{master}/task/{master}/children").read_text().split():
            for line in Path(f"/proc/{child}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total = max(total, int(line.split()[1]) / 1024)
    return total


def cpu_by_kind(master: int) -> dict[str, float]:
    """CPU seconds used so far by the measured server's workers, PostgreSQL, Redis and the rest (/proc, every
    process of the machine): the difference over a run, divided by its requests, says where a request's CPU goes.
    wrk has exited when the run's figures are read: its own CPU is in no column."""
    tick = os.sysconf("SC_CLK_TCK")
    workers = set(Path(f"/proc/{master}/task/{master}/children").read_text().split()) if master else set()
    out = {"app": 0.0, "postgres": 0.0, "redis": 0.0, "other": 0.0}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text()
        except OSError:
            continue
        comm, fields = stat[stat.index("(") + 1:stat.rindex(")")], stat[stat.rindex(")") + 2:].split()
        kind = "app" if proc.name in workers else "postgres" if comm.startswith("postgres") else \
            "redis" if comm.startswith("redis") else "other"
        out[kind] += (int(fields[11]) + int(fields[12])) / tick
    return out


def spy_on_workers(master: int, seconds: int, out: Path) -> list[subprocess.Popen]:
    """py-spy (a dev dependency) samples each gunicorn worker from outside while wrk runs: the stacks of a page served
    under load, gunicorn's and Flask's own work included (``bench/profile_page.py --read`` summarises them)."""
    spy = str(BENCH.parent / ".venv" / "bin" / "py-spy")
    workers = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [subprocess.Popen([spy, "record", "--pid", pid, "--format", "raw", "--rate", "250", "--duration",
                              str(max(seconds - 1, 1)), "--output", str(out.with_suffix(f".{pid}.txt"))],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for pid in workers]


def wrk(url: str, cookie: str | None, seconds: int, master: int, spy: Path | None = None) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(LUA)
    args = ["wrk", "-t1", "-c16", f"-d{seconds}s", "--latency", "--timeout", "10s", "-s", f.name, url]
    if cookie:
        args[1:1] = ["-H", f"Cookie: {cookie}"]
    peak = [0.0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.5):
            peak[0] = max(peak[0], workers_rss_mb(master))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    before = cpu_by_kind(master)
    spies = spy_on_workers(master, seconds, spy) if spy is not None else []
    out = subprocess.run(args, capture_output=True, text=True, timeout=seconds + 60).stdout
    after = cpu_by_kind(master)
    for proc in spies:
        proc.wait(30)
    stop.set()
    sampler.join()
    os.unlink(f.name)
    n, rps, p50, p99, errors = re.search(r"RESULT (\d+) ([\d.]+) ([\d.]+) ([\d.]+) (\d+)", out).groups()
    cpu = {f"cpu_{k}": 1000 * (after[k] - before[k]) / max(int(n), 1) for k in after}
    return {"rps": float(rps), "p50": float(p50), "p99": float(p99), "errors": int(errors), "rss": peak[0], **cpu}


def measure(root: Path, env: dict[str, str], who: dict[str, str], rounds: int, seconds: int,  # noqa: PLR0913
            only: list[str] | None = None, spy: Path | None = None) -> str:
    ids = find_ids(root, env, who)
    table = {name: page for name, page in pages(who["slug"], ids).items()
             if not only or any(word in name for word in only)}
    stats = in_process(root, env, who, table)
    baraza, bare = start(root, "wsgi:app", 5201, env), start(BENCH.parent, "bench.bare:app", 5202, env)
    try:
        cookies = {role: login(5201, who[role], who["password"]) for role in ("member", "secretariat", "chair")}
        for name, (role, path) in table.items():  # every page answers 200 to its reader before it is timed
            conn = http.client.HTTPConnection("127.0.0.1", 5201)
            conn.request("GET", path, headers={"Cookie": cookies[role]} if role in cookies else {})
            r = conn.getresponse()
            r.read()
            if r.status != 200:
                raise SystemExit(f"{name}: HTTP {r.status} from gunicorn")
        runs: dict[str, list[dict]] = {"ceiling": [], **{name: [] for name in table}}
        for r in range(rounds):
            print(f"==> round {r + 1} of {rounds}", flush=True)
            runs["ceiling"].append(wrk("http://127.0.0.1:5202/", None, seconds, bare.pid))
            for name, (role, path) in table.items():
                sampled = spy / re.sub(r"[^a-z]+", "-", name.lower()).strip("-") if spy and r == rounds - 1 else None
                runs[name].append(wrk(f"http://127.0.0.1:5201{path}", cookies.get(role), seconds, baraza.pid,
                                      sampled))
    finally:
        baraza.terminate()
        bare.terminate()
        baraza.wait(10)
        bare.wait(10)
    load = os.getloadavg()
    lines = [f"load average at the end {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1 / 5 / 15 min)",
             f"{who['slug']}: wrk -t1 -c16 -d{seconds}s --latency, {rounds} interleaved round(s), gunicorn 2 sync "
             "workers, BARAZA_ENV=production, one machine (2 cores)", "",
             "| page | req/s | p50 ms | p99 ms | share of ceiling | SQL warm | SQL cold | in-process ms | KiB | KiB gz "
             "| worker RSS MB | errors | CPU ms a request: app / PostgreSQL / Redis / other |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for name, rs in runs.items():
        med = {k: statistics.median(x[k] for x in rs) for k in ("rps", "p50", "p99", "rss", "cpu_app", "cpu_postgres",
                                                                  "cpu_redis", "cpu_other")}
        share = statistics.median(x["rps"] / c["rps"] for x, c in zip(rs, runs["ceiling"], strict=True))
        s = stats.get(name, {"sql": 0, "sql_cold": 0, "ms": 0.0, "bytes": 0, "gzip": 0, "status": 200})
        flag = "" if s["status"] == 200 else f" (HTTP {s['status']})"
        lines.append(f"| {name}{flag} | {med['rps']:.0f} | {med['p50']:.1f} | {med['p99']:.1f} | {share:.3f} | "
                     f"{s['sql']} | {s['sql_cold']} | {s['ms']:.1f} | {s['bytes'] / 1024:.1f} | {s['gzip'] / 1024:.1f} | {med['rss']:.0f} | "
                     f"{sum(x['errors'] for x in rs)} | {med['cpu_app']:.2f} / {med['cpu_postgres']:.2f} / "
                     f"{med['cpu_redis']:.2f} / {med['cpu_other']:.2f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--scale", action="store_true", help="bench/generate.py's data (forum scale-1)")
    parser.add_argument("--tenants", type=int, default=500, help="with --scale: forums to generate")
    parser.add_argument("--root", type=Path, default=BENCH.parent, help="the checkout whose code is measured")
    parser.add_argument("--only", action="append", help="pages whose name contains this (repeatable)")
    parser.add_argument("--py-spy", dest="spy", type=Path, default=None,
                        help="sample the workers with py-spy during the last round; raw stacks kept in this folder "
                             "(the sampling slows the workers: that round's req/s are not comparable)")
    args = parser.parse_args()
    root = args.root.resolve()
    ensure_wrk()
    stack = stack_module(BENCH.parent)
    with stack.throwaway_dir() as base, stack.local_services(base, throwaway=True) as services:
        env = {**os.environ, **services, "BARAZA_ENV": "production", "TRUSTED_HOSTS": "localhost,127.0.0.1", "SECRET_KEY": "bench-side-by-side",
               "BASE_URL": "http://127.0.0.1:5201", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": "1",
               "PYTHONPATH": str(root)}
        print("==> migrating and loading the demo data", flush=True)
        run_flask(root, {**env, "BARAZA_ENV": "development"}, "db", "upgrade")
        who = DEMO
        if args.scale:
            db = "baraza_scale"
            subprocess.run([sys.executable, str(BENCH / "generate.py"), "--tenants", str(args.tenants), "--db", db,
                            "--superuser", services["BARAZA_PG_SUPERUSER_DSN"]], cwd=root, env=env, check=True)
            for key in ("DATABASE_URL", "DATABASE_OWNER_URL"):
                env[key] = env[key].rsplit("/", 1)[0] + "/" + db
            who = {"slug": "scale-1", "password": "scale password", "member": "member-1@scale.example.org",
                   "secretariat": "sec-1@scale.example.org", "chair": "chair-1@scale.example.org"}
        else:
            # the demo refuses production settings (its accounts share a published password): loaded as development
            run_flask(root, {**env, "BARAZA_ENV": "development"}, "demo", "load")
        if args.spy is not None:
            args.spy.mkdir(parents=True, exist_ok=True)
        print(measure(root, env, who, args.rounds, args.seconds, args.only, args.spy))


if __name__ == "__main__":
    main()
