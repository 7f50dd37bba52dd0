"""Where a page's server time goes: cProfile over many requests in process, on the demo data (issue 43).

    .venv/bin/python bench/profile_page.py                          # meeting page and forum home, 40 requests each
    .venv/bin/python bench/profile_page.py --requests 100 --top 30
    .venv/bin/python bench/profile_page.py --callers union      # who calls the functions matching "union"
    .venv/bin/python bench/profile_page.py --callees preprocess_request   # what the matching functions call
    .venv/bin/python bench/profile_page.py --root /tmp/other        # another checkout's code
    .venv/bin/python bench/profile_page.py --py-spy /tmp/spy --requests 300 --only home   # py-spy's samples
    .venv/bin/python bench/profile_page.py --read /tmp/spy/*.txt    # their summary again, from the raw files
    .venv/bin/python bench/profile_page.py --read /tmp/spy/forum-home-member.*.txt   # side_by_side.py --py-spy's

The same throwaway PostgreSQL and Redis as bench/side_by_side.py, the demo data, production settings; the member
and the chair sign in once, each page is asked for once (cold), then timed over ``--requests`` requests (warm: the
shared parts cached) and profiled over as many again. Prints the median time of a request, the function calls of a
request and the top functions by own time and by cumulative time. cProfile adds its own cost (about a third here):
read the shares, not the absolute times. With ``--py-spy``, each page runs in its own process sampled by py-spy
from outside (no cost inside the process): the top frames of the requests' stacks, by own and inclusive samples.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
from pathlib import Path

from side_by_side import BENCH, DEMO, find_ids, run_flask, stack_module

CODE = r"""
import cProfile, io, pstats, re, statistics, sys, time
import webapp
from webapp import create_app
print("code from", webapp.__file__, flush=True)
app = create_app()
who, pages, n, top, callers, callees, spy = {who!r}, {pages!r}, {requests}, {top}, {callers!r}, {callees!r}, {spy!r}
kw = {{"base_url": "https://localhost"}}
clients = {{}}


def client_of(role):
    if role not in clients:
        client = app.test_client()
        html = client.get("/login", **kw).get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
        client.post("/login", data={{"email": who[role], "password": who["password"], "csrf_token": token}},
                    headers={{"Referer": "https://localhost/login"}}, **kw)
        clients[role] = client
    return clients[role]


for name, (role, path) in pages.items():
    client = client_of(role)
    assert client.get(path, **kw).status_code == 200, path
    times = []
    cpu0 = time.process_time()
    for _ in range(n):
        t0 = time.perf_counter()
        client.get(path, **kw)
        times.append((time.perf_counter() - t0) * 1000)
    cpu = (time.process_time() - cpu0) * 1000 / n
    if spy:  # py-spy samples this process from outside: only the timed requests above
        print(f"\n=== {{name}}: {{path}}, median {{statistics.median(times):.2f}} ms a request ({{n}} requests)")
        continue
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(n):
        client.get(path, **kw)
    profile.disable()
    calls = pstats.Stats(profile).total_calls // n
    print(f"\n=== {{name}}: {{path}}, median {{statistics.median(times):.2f}} ms a request unprofiled ({{n}} requests), "
          f"{{cpu:.2f}} ms of this process's CPU a request, {{calls:,}} function calls a request")
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out).strip_dirs().sort_stats(order)
        stats.print_stats(top)
        print(f"--- by {{order}}")
        print("\n".join(line for line in out.getvalue().splitlines() if line.strip()
                        and not line.startswith(("   Ordered", "   List reduced"))))
    if callers:
        out = io.StringIO()
        pstats.Stats(profile, stream=out).strip_dirs().sort_stats("tottime").print_callers(callers)
        print(f"--- callers of {{callers}}")
        print(out.getvalue()[-6000:])
    if callees:
        out = io.StringIO()
        pstats.Stats(profile, stream=out).strip_dirs().sort_stats("cumulative").print_callees(callees)
        print(f"--- callees of {{callees}}")
        print(out.getvalue()[-12000:])
"""


AREAS = {  # where a sample's time goes, by the first of these found on its stack from the leaf up
    "PostgreSQL's driver (psycopg: its Python, libpq and the socket calls)": ("psycopg/",),
    "Redis (parts cache, versions)": ("redis/",),
    "Babel (translations, formats)": ("babel/",),
    "Jinja rendering": ("jinja2/", "markupsafe/"),
    "SQLAlchemy (statements, cache keys, rows)": ("sqlalchemy/",),
    "sessions, sign-in, CSRF (itsdangerous, Flask-Login, Flask-WTF)": ("itsdangerous/", "flask_login/",
                                                                       "flask_wtf/"),
    "the application's own code": ("(webapp/", "(tenants/"),
    "Werkzeug and Flask (routing, request, response)": ("werkzeug/", "flask/"),
    "gunicorn (HTTP parsing, sending)": ("gunicorn/",),
}


def top_frames(raws: Path | list[Path], top: int) -> str:
    """py-spy's collapsed stacks (``--format raw``; several files: one summary, e.g. both workers of a page) of the
    requests only (stacks through Flask's ``full_dispatch_request``, or gunicorn's ``SyncWorker.handle`` for a
    worker sampled under load): where the samples' own time goes by library, the frames with most samples of their
    own, and the application's frames on most stacks (the wrappers every request goes through left out)."""
    own: dict[str, int] = {}
    inclusive: dict[str, int] = {}
    areas: dict[str, int] = {}
    total = 0
    lines_in = [line for raw in (raws if isinstance(raws, list) else [raws]) for line in raw.read_text().splitlines()]
    for line in lines_in:
        stack, _, count = line.rpartition(" ")
        if "full_dispatch_request" not in stack and "SyncWorker.handle (" not in stack:
            continue  # not a request: start-up, or (under gunicorn, side_by_side.py --py-spy) waiting for one
        n = int(count)
        total += n
        frames = [re.sub(r":\d+\)$", ")", f) for f in stack.split(";")]
        own[frames[-1]] = own.get(frames[-1], 0) + n
        for f in set(frames):
            inclusive[f] = inclusive.get(f, 0) + n
        area = next((name for f in reversed(frames) for name, marks in AREAS.items() if any(m in f for m in marks)),
                    "other Python")
        areas[area] = areas.get(area, 0) + n
    lines = [f"{total} samples in requests", "--- by area (the leaf's library, or the nearest listed one)"]
    lines += [f"{100 * c / total:5.1f}%  {a}" for a, c in sorted(areas.items(), key=lambda kv: -kv[1])]
    lines.append("--- by own samples")
    lines += [f"{100 * c / total:5.1f}%  {f}" for f, c in sorted(own.items(), key=lambda kv: -kv[1])[:top]]
    lines.append("--- the application's frames by inclusive samples")
    mine = {f: c for f, c in inclusive.items() if "(webapp/" in f or "(tenants/" in f}
    lines += [f"{100 * c / total:5.1f}%  {f}" for f, c in sorted(mine.items(), key=lambda kv: -kv[1])[:top]]
    return "\n".join(lines)


if __name__ == "__main__" and len(__import__("sys").argv) > 1 and __import__("sys").argv[1] == "--read":
    import sys

    # bench/profile_page.py --read /tmp/spy/*.txt: the summary of raw files kept, one for all the files given (both
    # workers of side_by_side.py --py-spy); --each: one summary a file
    each = "--each" in sys.argv
    paths = [Path(a) for a in sys.argv[2:] if a != "--each"]
    for group in ([[p] for p in paths] if each else [paths]):
        print(f"\n=== {', '.join(map(str, group))}\n{top_frames(group, 14)}")
    raise SystemExit(0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--callers", default="", help="print who calls the functions matching this")
    parser.add_argument("--callees", default="", help="print what the functions matching this call")
    parser.add_argument("--root", type=Path, default=BENCH.parent, help="the checkout whose code is profiled")
    parser.add_argument("--py-spy", dest="spy", type=Path, default=None,
                        help="sample with py-spy (dev dependency) instead of cProfile; raw stacks kept in this folder")
    parser.add_argument("--only", default="", help="the pages whose name contains this")
    args = parser.parse_args()
    root = args.root.resolve()
    stack = stack_module(BENCH.parent)
    with stack.throwaway_dir() as base, stack.local_services(base, throwaway=True) as services:
        env = {**os.environ, **services, "BARAZA_ENV": "production", "TRUSTED_HOSTS": "localhost,127.0.0.1",
               "SECRET_KEY": "bench-profile", "BASE_URL": "http://127.0.0.1:5201", "MAIL_SERVER": "127.0.0.1",
               "MAIL_PORT": "1", "PYTHONPATH": str(root)}
        run_flask(root, {**env, "BARAZA_ENV": "development"}, "db", "upgrade")
        run_flask(root, {**env, "BARAZA_ENV": "development"}, "demo", "load")
        ids = find_ids(root, env, DEMO)
        t = f"/t/{DEMO['slug']}"
        pages = {"meeting page (member, held plenary)": ("member", f"{t}/meetings/{ids['meeting']}"),
                 "forum home (member)": ("member", f"{t}/"),
                 "My actions (member)": ("member", f"{t}/actions/mine"),
                 "chair dashboard (chair)": ("chair", f"{t}/inclusion/")}
        pages = {k: v for k, v in pages.items() if args.only in k}
        python = str(root / ".venv" / "bin" / "python")
        if args.spy is None:
            code = CODE.format(who=DEMO, pages=pages, requests=args.requests, top=args.top, callers=args.callers,
                               callees=args.callees, spy=False)
            subprocess.run([python, "-c", code], cwd=root, env=env, check=True)
            return
        args.spy.mkdir(parents=True, exist_ok=True)
        spy = str(BENCH.parent / ".venv" / "bin" / "py-spy")
        for name, page in pages.items():  # one process a page: its samples are that page's
            code = CODE.format(who=DEMO, pages={name: page}, requests=args.requests, top=args.top, callers="",
                               callees="", spy=True)
            raw = args.spy / (re.sub(r"[^a-z]+", "-", name.lower()).strip("-") + ".txt")
            subprocess.run([spy, "record", "--format", "raw", "--rate", "250", "--output", str(raw), "--", python,
                            "-c", code], cwd=root, env=env, check=True, stderr=subprocess.DEVNULL)
            print(top_frames(raw, args.top), flush=True)


if __name__ == "__main__":
    main()
