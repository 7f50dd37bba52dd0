"""Where a page's server time goes: cProfile over many requests in process, on the demo data (issue 43).

    .venv/bin/python bench/profile_page.py                          # meeting page and forum home, 40 requests each
    .venv/bin/python bench/profile_page.py --requests 100 --top 30
    .venv/bin/python bench/profile_page.py --callers union      # who calls the functions matching "union"
    .venv/bin/python bench/profile_page.py --root /tmp/other        # another checkout's code

The same throwaway PostgreSQL and Redis as bench/side_by_side.py, the demo data, production settings; the member
signs in once, each page is asked for once (cold), then profiled over ``--requests`` requests (warm: the shared
parts cached). Prints the median time of a request and the top functions by own time and by cumulative time.
cProfile adds its own cost (about a third here): read the shares, not the absolute times.
"""
from __future__ import annotations

import argparse
import os
import subprocess
from pathlib import Path

from side_by_side import BENCH, DEMO, find_ids, run_flask, stack_module

CODE = r"""
import cProfile, io, pstats, re, statistics, sys, time
from webapp import create_app
app = create_app()
who, pages, n, top, callers = {who!r}, {pages!r}, {requests}, {top}, {callers!r}
client = app.test_client()
kw = {{"base_url": "https://localhost"}}
html = client.get("/login", **kw).get_data(as_text=True)
token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
client.post("/login", data={{"email": who["member"], "password": who["password"], "csrf_token": token}},
            headers={{"Referer": "https://localhost/login"}}, **kw)
for name, path in pages.items():
    assert client.get(path, **kw).status_code == 200, path
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        client.get(path, **kw)
        times.append((time.perf_counter() - t0) * 1000)
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(n):
        client.get(path, **kw)
    profile.disable()
    print(f"\n=== {{name}}: {{path}}, median {{statistics.median(times):.1f}} ms a request unprofiled ({{n}} requests)")
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
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--callers", default="", help="print who calls the functions matching this")
    parser.add_argument("--root", type=Path, default=BENCH.parent, help="the checkout whose code is profiled")
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
        pages = {"meeting page (member, held plenary)": f"{t}/meetings/{ids['meeting']}",
                 "forum home (member)": f"{t}/"}
        code = CODE.format(who=DEMO, pages=pages, requests=args.requests, top=args.top, callers=args.callers)
        subprocess.run([str(root / ".venv" / "bin" / "python"), "-c", code], cwd=root, env=env, check=True)


if __name__ == "__main__":
    main()
