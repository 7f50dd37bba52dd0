"""Builds DESIGN.md's scale data set in its own database, in minutes.

    .venv/bin/python bench/generate.py [--tenants 500] [--db baraza_scale]
    .venv/bin/python bench/generate.py --times 10        # ten times: 5,000 forums (issue 43)

500 forums, 50,000 members (100 each), 20,000 meetings (40 each over two years), 600,000 participations
(30 invitees a meeting, about 70% present), 40,000 decisions, 100,000 action items (200 a forum) with
updates, 100,000 agenda items (5 a meeting), 120,000 French translations (every meeting's and agenda item's title)
and 45,000 SMS (one to each invitee of the 3 notified meetings of a forum); ``--times 10`` makes ten times as
much (5,000 forums, 500,000 members, 200,000 meetings, 6 million invitations, 1 million action items). The rows
are made inside PostgreSQL (INSERT ... SELECT generate_series): nothing crosses the connection, which is faster
here than COPY of rows built in Python. Rows are made inside PostgreSQL with INSERT ... SELECT generate_series as the database
superuser (COPY and bulk loads are refused by row-level security for every other role; DESIGN.md
"Testing on this stack"). The app itself never connects as the superuser. Every forum has three
accounts: chair-<n>@scale.example.org, sec-<n>@scale.example.org and member-<n>@scale.example.org,
password "scale password".
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "scale password"  # noqa: S105


def _default_superuser() -> str:
    """The run command's PostgreSQL, over its unix socket (as root its data is under /var/lib/baraza-dev)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("stack", ROOT / "scripts" / "stack.py")
    stack = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(stack)
    port = os.environ.get("BARAZA_PG_PORT", "55432")
    return f"host={stack.dev_postgres_dir() / 'sock'} port={port} user=postgres dbname=postgres"


TABLES = ["tenants", "users", "user_forums", "organisations", "committees", "members", "committee_members", "meetings",
          "invitations", "decisions", "action_plans", "objectives", "action_items", "action_updates", "agenda_items",
          "content_translations", "sms_outbox"]


def set_aside_indexes(conn: psycopg.Connection) -> list[tuple[str, str]]:
    """Drops the filled tables' indexes that no constraint stands on (search GIN, trigram, secondary B-trees) and
    returns their definitions: built once over the loaded rows they cost a fraction of keeping them up to date row
    by row (issue 43). Primary keys and unique constraints stay, so the load is checked as before."""
    indexes = conn.execute("""
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
        JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = 'public' AND t.relname = ANY(%s)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        ORDER BY 1""", (TABLES,)).fetchall()
    for name, _definition in indexes:
        conn.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
    return indexes


def run(conn: psycopg.Connection, label: str, statement: str, params: tuple | None = None) -> None:
    t0 = time.perf_counter()
    conn.execute(statement, params)
    print(f"  {label:32} {time.perf_counter() - t0:6.1f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tenants", type=int, default=500)
    parser.add_argument("--times", type=int, default=None, help="N times the 500 forums (overrides --tenants)")
    parser.add_argument("--db", default="baraza_scale")
    parser.add_argument("--superuser", default=os.environ.get("BARAZA_PG_SUPERUSER_DSN") or _default_superuser())
    args = parser.parse_args()
    n = 500 * args.times if args.times else args.tenants
    with psycopg.connect(args.superuser, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(args.db)))
        conn.execute(sql.SQL("CREATE DATABASE {} OWNER baraza_owner").format(sql.Identifier(args.db)))
    db_dsn = args.superuser.replace("dbname=postgres", f"dbname={args.db}")
    with psycopg.connect(db_dsn, autocommit=True) as conn:
        conn.execute("GRANT USAGE ON SCHEMA public TO baraza_app")
        conn.execute("ALTER DEFAULT PRIVILEGES FOR ROLE baraza_owner IN SCHEMA public "
                      "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO baraza_app")
        conn.execute("ALTER DEFAULT PRIVILEGES FOR ROLE baraza_owner IN SCHEMA public "
                      "GRANT USAGE, SELECT ON SEQUENCES TO baraza_app")
    # the run command's servers by default; the environment's (bench/side_by_side.py's throwaway ones) if given
    urls = {var: (os.environ[var].rsplit("/", 1)[0] + f"/{args.db}") if os.environ.get(var) else
            f"postgresql+psycopg://{role}@127.0.0.1:55432/{args.db}"
            for var, role in (("DATABASE_URL", "baraza_app:baraza-app-dev"),
                              ("DATABASE_OWNER_URL", "baraza_owner:baraza-owner-dev"))}
    env = {**os.environ, "BARAZA_ENV": "development", **urls}
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"], env=env, cwd=ROOT, check=True,
                   capture_output=True)
    sys.path.insert(0, str(ROOT))
    from argon2 import PasswordHasher

    password_hash = PasswordHasher().hash(PASSWORD)
    t0 = time.perf_counter()
    print(f"building {n} forums in {args.db}", flush=True)
    with psycopg.connect(db_dsn, autocommit=True) as conn:
        # The rows are made consistent by construction: foreign keys are not checked row by row while loading
        # (session_replication_role = replica skips their triggers; the schema has no other trigger), and the
        # indexes no constraint needs are built once at the end. The database is the same as when every row was
        # checked and indexed on insert; it only takes less time (bench/README.md, issue 43).
        conn.execute("SET session_replication_role = replica")
        conn.execute("SET maintenance_work_mem = '256MB'")
        conn.execute("SET work_mem = '64MB'")
        aside = set_aside_indexes(conn)
        run(conn, "tenants", """
            INSERT INTO tenants (id, slug, name, kind, country, default_locale, enabled_locales, timezone, settings)
            OVERRIDING SYSTEM VALUE
            SELECT t, 'scale-' || t, 'Scale forum ' || t, 'steering_committee', 'GH', 'en', '{en,fr}',
                   'Africa/Accra', %s::jsonb FROM generate_series(1, %s) t""",
            (json.dumps({"core_constituencies": ["government", "employers", "workers"], "quorum_share": 0.5}), n))
        run(conn, "users (3 per forum)", """
            INSERT INTO users (id, email, name, password_hash, is_platform_admin, active, session_token)
            OVERRIDING SYSTEM VALUE
            SELECT t * 3 + r, (ARRAY['chair','sec','member'])[r + 1] || '-' || t || '@scale.example.org',
                   'Scale user ' || t || '/' || r, %s, false, true, md5(random()::text || t || r)
            FROM generate_series(1, %s) t, generate_series(0, 2) r""", (password_hash, n))
        run(conn, "user_forums", """
            INSERT INTO user_forums (user_id, tenant_id) SELECT t * 3 + r, t
            FROM generate_series(1, %s) t, generate_series(0, 2) r""", (n,))
        run(conn, "organisations (10 per forum)", """
            INSERT INTO organisations (tenant_id, id, name, constituency, country) OVERRIDING SYSTEM VALUE
            SELECT t, t * 100 + o, 'Organisation ' || o, (ARRAY['government','employers','workers','civil_society',
                   'asm_miners','industry','development_partners','academia','community','government'])[o], 'GH'
            FROM generate_series(1, %s) t, generate_series(1, 10) o""", (n,))
        run(conn, "committees (3 per forum)", """
            INSERT INTO committees (tenant_id, id, name, kind, level, active) OVERRIDING SYSTEM VALUE
            SELECT t, t * 10 + c, (ARRAY['Plenary','Subcommittee on Mining','Working Group'])[c],
                   (ARRAY['plenary','subcommittee','working_group'])[c], 'national', true
            FROM generate_series(1, %s) t, generate_series(1, 3) c""", (n,))
        run(conn, "members (100 per forum)", """
            INSERT INTO members (tenant_id, id, user_id, name, email, role, active, organisation_id, gender, youth,
                                 languages, locale, region, consent_public_name, notify_reminders, notify_digests,
                                 email_bouncing, term_start, term_end)
            OVERRIDING SYSTEM VALUE
            SELECT t, t * 1000 + k, CASE WHEN k <= 3 THEN t * 3 + k - 1 END,
                   'Member ' || t || '-' || k,
                   CASE WHEN k <= 3 THEN (ARRAY['chair','sec','member'])[k] || '-' || t || '@scale.example.org'
                        ELSE 'm' || t || '-' || k || '@scale.example.org' END,
                   CASE k WHEN 1 THEN 'chair' WHEN 2 THEN 'secretariat' WHEN 3 THEN 'member' ELSE
                     (ARRAY['member','member','member','alternate','observer'])[k %% 5 + 1] END, true,
                   t * 100 + (k %% 10) + 1, (ARRAY['woman','man','man','undisclosed','woman','man'])[k %% 6 + 1],
                   CASE WHEN k %% 4 = 0 THEN true WHEN k %% 4 = 1 THEN false END,
                   CASE WHEN k %% 3 = 0 THEN '{en,ha}'::varchar[] ELSE '{en}'::varchar[] END, 'en', 'Ashanti',
                   k %% 7 = 0, true, true, false, current_date - 400, current_date + 700
            FROM generate_series(1, %s) t, generate_series(1, 100) k""", (n,))
        run(conn, "committee seats", """
            INSERT INTO committee_members (tenant_id, committee_id, member_id, role)
            SELECT t, t * 10 + c, t * 1000 + k, CASE WHEN k = 1 THEN 'chair' ELSE 'member' END
            FROM generate_series(1, %s) t, generate_series(1, 100) k, generate_series(1, 3) c
            WHERE c = 1 OR k %% 3 = c - 1""", (n,))
        run(conn, "meetings (40 per forum)", """
            INSERT INTO meetings (tenant_id, id, committee_id, kind, title, expected_outputs, start_at, end_at, venue,
                                  language, interpretation_languages, visibility, status, sequence, notified_at,
                                  summary, outcomes_published_at)
            OVERRIDING SYSTEM VALUE
            SELECT t, t * 100 + g, t * 10 + (g %% 3) + 1, CASE WHEN g %% 3 = 0 THEN 'plenary' ELSE 'subcommittee' END,
                   'Meeting ' || g, 'Decisions on the action plan',
                   now() - interval '640 days' + g * interval '18 days',
                   now() - interval '640 days' + g * interval '18 days' + interval '3 hours', 'Accra', 'en', '{fr}',
                   (ARRAY['public','members','public','restricted'])[g %% 4 + 1],
                   CASE WHEN g <= 34 THEN (ARRAY['held','outcomes_published'])[g %% 2 + 1]
                        WHEN g <= 37 THEN 'notified' ELSE 'draft' END, 0,
                   CASE WHEN g <= 37 THEN now() - interval '640 days' + g * interval '18 days' - interval '16 days' END,
                   CASE WHEN g <= 34 AND g %% 2 = 1 THEN 'The forum reviewed progress.' END,
                   CASE WHEN g <= 34 AND g %% 2 = 1 THEN now() - interval '630 days' + g * interval '18 days' END
            FROM generate_series(1, %s) t, generate_series(1, 40) g""", (n,))
        run(conn, "invitations (30 per meeting)", """
            INSERT INTO invitations (tenant_id, id, meeting_id, member_id, rsvp, attended) OVERRIDING SYSTEM VALUE
            SELECT t, (t * 100 + g) * 100 + i, t * 100 + g, t * 1000 + ((g * 7 + i * 3) %% 100) + 1,
                   (ARRAY['yes','yes','maybe','no','none'])[i %% 5 + 1], g <= 34 AND i %% 10 < 7
            FROM generate_series(1, %s) t, generate_series(1, 40) g, generate_series(0, 29) i""", (n,))
        sys.path.insert(0, str(ROOT))
        from webapp.meetings.counters import REFRESH_ALL  # noqa: PLC0415 - the app's own computation

        conn.execute("ANALYZE meetings; ANALYZE invitations; ANALYZE members; ANALYZE organisations")
        run(conn, "who was present, counted on each meeting (issue 23)", REFRESH_ALL.replace("%", "%%"), ())
        run(conn, "decisions (2 per held meeting)", """
            INSERT INTO decisions (tenant_id, id, meeting_id, text, visibility) OVERRIDING SYSTEM VALUE
            SELECT t, (t * 100 + g) * 10 + d, t * 100 + g, 'Decision ' || d || ' of meeting ' || g,
                   (ARRAY['public','members'])[d]
            FROM generate_series(1, %s) t, generate_series(1, 34) g, generate_series(1, 2) d""", (n,))
        run(conn, "action plans and objectives", """
            INSERT INTO action_plans (tenant_id, id, title, visibility) OVERRIDING SYSTEM VALUE
            SELECT t, t, 'National plan of action, mining component', 'public' FROM generate_series(1, %s) t;
            """, (n,))
        run(conn, "objectives", """
            INSERT INTO objectives (tenant_id, id, plan_id, title, position) OVERRIDING SYSTEM VALUE
            SELECT t, t * 10 + o, t, 'Objective ' || o, o FROM generate_series(1, %s) t, generate_series(1, 3) o""",
            (n,))
        run(conn, "action items (200 per forum)", """
            INSERT INTO action_items (tenant_id, id, plan_id, objective_id, title, owner_member_id, due_on, status,
                                      indicator, unit, baseline, target, current_value, visibility)
            OVERRIDING SYSTEM VALUE
            SELECT t, t * 1000 + i, t, t * 10 + (i %% 3) + 1, 'Action ' || i, t * 1000 + (i %% 100) + 1,
                   current_date + (i - 100) * 3,
                   (ARRAY['planned','in_progress','in_progress','done','blocked','dropped'])[i %% 6 + 1],
                   'Children removed', 'children', 0, 100, (i * 7) %% 120, (ARRAY['public','members'])[i %% 2 + 1]
            FROM generate_series(1, %s) t, generate_series(1, 200) i""", (n,))
        run(conn, "action updates (1 per item)", """
            INSERT INTO action_updates (tenant_id, id, item_id, author, note, value) OVERRIDING SYSTEM VALUE
            SELECT tenant_id, id, id, 'Member', 'Site visit', current_value FROM action_items""")
        run(conn, "agenda items (5 per meeting)", """
            INSERT INTO agenda_items (tenant_id, meeting_id, position, title, presenter, minutes, kind)
            SELECT t, t * 100 + g, p, 'Item ' || p || ' of meeting ' || g, 'Chair', 20,
                   (ARRAY['information','discussion','decision','discussion','information'])[p]
            FROM generate_series(1, %s) t, generate_series(1, 40) g, generate_series(1, 5) p""", (n,))
        run(conn, "translations (French titles)", """
            INSERT INTO content_translations (tenant_id, object_type, object_id, field, locale, text)
            SELECT tenant_id, 'meeting', id, 'title', 'fr', 'Réunion ' || id FROM meetings
            UNION ALL
            SELECT tenant_id, 'agenda_item', id, 'title', 'fr', 'Point ' || position || ' de l''ordre du jour'
            FROM agenda_items""")
        run(conn, "SMS (invitees of notified meetings)", """
            INSERT INTO sms_outbox (tenant_id, member_id, recipient_phone, recipient_name, locale, kind, body,
                                    encoding, segments, dedupe_key, status, attempts, sent_at)
            SELECT i.tenant_id, i.member_id, '+23324' || lpad((i.member_id %% 10000000)::text, 7, '0'), 'Member',
                   'en', 'meeting_invitation', 'NSCCL: Meeting ' || i.meeting_id || ' on 12 Jan 10:00. Reply YES',
                   'gsm7', 1, 'meeting_invitation:' || i.id, 'sent', 1, now()
            FROM invitations i JOIN meetings m ON m.tenant_id = i.tenant_id AND m.id = i.meeting_id
            WHERE m.status = 'notified'""", ())
        for table, column in (("tenants", "id"), ("users", "id"), ("organisations", "id"), ("committees", "id"),
                              ("members", "id"), ("meetings", "id"), ("invitations", "id"), ("decisions", "id"),
                              ("action_plans", "id"), ("objectives", "id"), ("action_items", "id"),
                              ("action_updates", "id")):
            conn.execute(sql.SQL("SELECT setval(pg_get_serial_sequence({}, {}), (SELECT max({}) FROM {}))").format(
                sql.Literal(table), sql.Literal(column), sql.Identifier(column), sql.Identifier(table)))
        t_indexes = time.perf_counter()
        for _name, definition in aside:
            conn.execute(definition)
        print(f"  {'indexes (' + str(len(aside)) + ', built after the load)':32} "
              f"{time.perf_counter() - t_indexes:6.1f} s", flush=True)
        conn.execute("RESET session_replication_role")
        run(conn, "ANALYZE", "ANALYZE")
        counts = {t: conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(t))).fetchone()[0]
                  for t in ("tenants", "members", "meetings", "invitations", "action_items", "agenda_items",
                            "content_translations", "sms_outbox")}
    print(f"done in {time.perf_counter() - t0:.0f} s: {counts}")


if __name__ == "__main__":
    main()
