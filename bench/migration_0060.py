"""Migration 0060's locks, measured (docs/operations.md "Migration 0060"): on bench/generate.py's data, how long
building the content translations' expression index CONCURRENTLY takes and what a writer updating translations
meanwhile waits; the same for the first version of 0060 (``ALTER … SET EXPRESSION`` of the stored column, a table
rewrite); and the later contract step (dropping release 0.1's column and index).

    .venv/bin/python bench/migration_0060.py --tenants 100     # 24,000 translations

Throwaway PostgreSQL (scripts/stack.py's, as the test command uses).
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg

BENCH = Path(__file__).resolve().parent
INDEX = "ix_content_translations_language_search"
NEW_EXPRESSION = ("setweight(to_tsvector(CASE coalesce(locale, 'en') WHEN 'en' THEN 'english'::regconfig "
                  "WHEN 'fr' THEN 'french'::regconfig WHEN 'es' THEN 'spanish'::regconfig WHEN 'sw' THEN "
                  "'swahili'::regconfig WHEN 'ha' THEN 'hausa'::regconfig ELSE 'unaccented'::regconfig END, "
                  "coalesce(text, '')), 'A')")


def stack_module():  # noqa: ANN201
    spec = importlib.util.spec_from_file_location("stack", BENCH.parent / "scripts" / "stack.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Writer(threading.Thread):
    """Updates one translation every 20 ms (its own connection, autocommit), keeping each statement's time."""

    def __init__(self, dsn: str) -> None:
        super().__init__(daemon=True)
        self.dsn, self.times, self.done = dsn, [], threading.Event()

    def run(self) -> None:
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            ids = [r[0] for r in conn.execute("SELECT id FROM content_translations ORDER BY id LIMIT 200")]
            n = 0
            while not self.done.is_set():
                t0 = time.perf_counter()
                conn.execute("UPDATE content_translations SET text = text || '' WHERE id = %s", (ids[n % len(ids)],))
                self.times.append(time.perf_counter() - t0)
                n += 1
                time.sleep(0.02)


def timed(dsn: str, label: str, *statements: str) -> None:
    writer = Writer(dsn)
    writer.start()
    time.sleep(0.5)
    before = len(writer.times)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("SET lock_timeout = '5s'")
        t0 = time.perf_counter()
        for statement in statements:
            conn.execute(statement)
        took = time.perf_counter() - t0
    time.sleep(0.3)
    writer.done.set()
    writer.join()
    during = writer.times[before:]
    print(f"{label:58} {took:6.2f} s; writer: {len(during)} updates, longest {max(during) * 1000:7.1f} ms",
          flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tenants", type=int, default=100)
    args = parser.parse_args()
    stack = stack_module()
    with stack.throwaway_dir() as base, stack.local_services(base, throwaway=True) as services:
        env = {**os.environ, **services, "BARAZA_ENV": "development"}
        db = "baraza_scale"
        subprocess.run([sys.executable, str(BENCH / "generate.py"), "--tenants", str(args.tenants), "--db", db,
                        "--superuser", services["BARAZA_PG_SUPERUSER_DSN"]], cwd=BENCH.parent, env=env, check=True)
        dsn = services["BARAZA_PG_SUPERUSER_DSN"].replace("dbname=postgres", f"dbname={db}")
        with psycopg.connect(dsn, autocommit=True) as conn:
            rows, size = conn.execute("SELECT count(*), pg_size_pretty(pg_total_relation_size('content_translations'))"
                                      " FROM content_translations").fetchone()
            conn.execute(f"DROP INDEX {INDEX}")
            conn.execute("VACUUM ANALYZE content_translations")
        print(f"content_translations: {rows} rows, {size} with its indexes ({args.tenants} forums)")
        timed(dsn, "0060 upgrade: CREATE INDEX CONCURRENTLY (expression)",
              f"CREATE INDEX CONCURRENTLY {INDEX} ON content_translations USING gin (language_search_vector(locale, text))")
        timed(dsn, "0060 downgrade: DROP INDEX CONCURRENTLY", f"DROP INDEX CONCURRENTLY {INDEX}")
        timed(dsn, "first 0060 (not used): ALTER ... SET EXPRESSION (rewrite)",
              f"ALTER TABLE content_translations ALTER COLUMN search_vector SET EXPRESSION AS ({NEW_EXPRESSION})")
        timed(dsn, "contract (next release): drop old index and column",
              "DROP INDEX CONCURRENTLY ix_content_translations_search",
              "ALTER TABLE content_translations DROP COLUMN search_vector")


if __name__ == "__main__":
    main()
