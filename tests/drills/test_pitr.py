"""Issue 44's drill: restore to any minute with the PostgreSQL binaries the project ships (docs/operations.md,
"Restore to any minute"). A server archives its WAL (archive_command), a base backup is taken (pg_basebackup),
rows are written, the time is noted, more rows are written; the backup restored into a fresh folder with
recovery_target_time = the noted time has the first rows and not the later ones."""
from __future__ import annotations

import shutil
import subprocess
import time

import psycopg

from tests.drills.test_load import stack


def _own(pg, path) -> None:  # noqa: ANN001
    """A folder PostgreSQL's user writes (as root it runs as its own system user)."""
    path.mkdir(parents=True, exist_ok=True)
    if pg.user:
        subprocess.run(["chown", "-R", f"{pg.user}:{pg.user}", str(path)], check=True)
    path.chmod(0o700)


def test_point_in_time_restore_keeps_the_minutes_before_the_noted_time():
    with stack.throwaway_dir() as base:
        primary = stack.Postgres(base / "primary", stack.free_port())
        primary.throwaway = True
        restored = stack.Postgres(base / "restored", stack.free_port())
        restored.throwaway = True
        bin_ = stack.pg_bin_dir() if primary.user else stack._pg_bin()
        archive, backup = base / "archive", base / "backup"
        try:
            primary.start()
            _own(primary, archive)
            _own(primary, backup)
            with psycopg.connect(primary.superuser_dsn, autocommit=True) as conn:
                conn.execute("ALTER SYSTEM SET archive_mode = on")
                conn.execute(f"ALTER SYSTEM SET archive_command = 'test ! -f {archive}/%f && cp %p {archive}/%f'")
            primary.stop()
            primary.start()  # archive_mode needs a restart
            with psycopg.connect(primary.superuser_dsn, autocommit=True) as conn:
                conn.execute("CREATE TABLE minutes (what text, at timestamptz DEFAULT clock_timestamp())")
                conn.execute("INSERT INTO minutes (what) VALUES ('before the backup')")
            subprocess.run([str(bin_ / "pg_basebackup"), "-h", str(primary.sock), "-p", str(primary.port),
                            "-U", "postgres", "-D", str(backup), "-X", "stream", "--checkpoint=fast"],
                           check=True, capture_output=True, **primary._as_user())
            with psycopg.connect(primary.superuser_dsn, autocommit=True) as conn:
                conn.execute("INSERT INTO minutes (what) VALUES ('first minute')")
                noted = conn.execute("SELECT clock_timestamp()").fetchone()[0]
                time.sleep(1.1)
                conn.execute("INSERT INTO minutes (what) VALUES ('second minute')")
                last = conn.execute("SELECT pg_walfile_name(pg_switch_wal())").fetchone()[0]
                deadline = time.monotonic() + 30
                while conn.execute("SELECT last_archived_wal FROM pg_stat_archiver").fetchone()[0] != last:
                    assert time.monotonic() < deadline, "the WAL was not archived"
                    time.sleep(0.2)
            primary.stop()  # the disk dies: only the base backup and the archive are left

            shutil.copytree(backup, restored.data / "pgdata")
            (restored.data / "PG_VERSION").parent.mkdir(parents=True, exist_ok=True)
            (restored.data / "PG_VERSION").write_text("initialised\n")
            (restored.data / "pgdata" / "recovery.signal").write_text("")
            with open(restored.data / "pgdata" / "postgresql.auto.conf", "a") as conf:
                conf.write(f"archive_mode = off\nrestore_command = 'cp {archive}/%f \"%p\"'\n"
                           f"recovery_target_time = '{noted.isoformat()}'\nrecovery_target_action = 'promote'\n")
            _own(restored, restored.data / "pgdata")
            restored.start()
            with psycopg.connect(restored.superuser_dsn, autocommit=True) as conn:
                deadline = time.monotonic() + 60
                while conn.execute("SELECT pg_is_in_recovery()").fetchone()[0]:
                    assert time.monotonic() < deadline, "the restored server did not finish its recovery"
                    time.sleep(0.2)
                rows = [r[0] for r in conn.execute("SELECT what FROM minutes ORDER BY at")]
            assert rows == ["before the backup", "first minute"]
        finally:
            restored.stop()
            primary.stop()
