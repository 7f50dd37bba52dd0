"""The SQL each migration executes, captured from a real upgrade, and squawk run over it (issue 44).

``alembic upgrade --sql`` cannot do it: five migrations read the database (``op.get_bind()``). So an upgrade of an
empty database records every statement it executes, revision by revision (migrations/env.py,
``statement_recorder``), and each revision's statements become one SQL file for squawk. A migration whose
statements are safe although squawk warns says why in its own file, on a line
``# squawk-ignore <rule>[, <rule>]: <why it is safe>``; the file then starts with squawk's ``squawk-ignore-file``."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent
VERSIONS = ROOT / "migrations" / "versions"
IGNORE = re.compile(r"^# squawk-ignore ([a-z0-9, -]+):\s*(\S.*)$", re.MULTILINE)
# what migrations/env.py sets on the upgrade's connection before the first revision (it holds for every revision)
SESSION = "SET lock_timeout = '5s';\n"
AUTOCOMMIT = "-- autocommit\n"  # migrations/env.py marks so the statements run outside the revision's transaction


def capture(app: Flask, url: str, revision: str = "head", directory: Path | None = None) -> dict[str, list[str]]:
    """Upgrades the (empty) database at ``url`` to ``revision`` with the migrations of ``directory`` (the project's
    by default); returns {revision id: [statements]}."""
    from alembic import command

    log: dict[str, list[str]] = {}
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config(directory=str(directory) if directory else None)
        config.attributes.update(url=url, statement_log=log, skip_logging=True)
        command.upgrade(config, revision)
    return log


def annotations(source: str) -> dict[str, str]:
    """{rule: why} from a migration's ``# squawk-ignore`` lines."""
    found: dict[str, str] = {}
    for rules, why in IGNORE.findall(source):
        for rule in rules.split(","):
            found[rule.strip()] = why
    return found


def as_sql(statements: list[str], ignored: dict[str, str]) -> str:
    """The revision's transaction as squawk should see it: BEGIN, the session's lock timeout, the statements, COMMIT;
    statements run in an ``autocommit_block`` (CREATE INDEX CONCURRENTLY) stand between a COMMIT and a new BEGIN."""
    lines = [f"-- squawk-ignore-file {', '.join(sorted(ignored))}"] if ignored else []
    lines += ["BEGIN;", SESSION.strip()]
    inside = True
    for statement in statements:
        outside = statement.startswith(AUTOCOMMIT)
        if outside == inside:
            lines.append("COMMIT;" if inside else "BEGIN;")
            inside = not outside
        lines.append(_parseable(statement.removeprefix(AUTOCOMMIT)).rstrip().rstrip(";") + ";")
    lines.append("COMMIT;" if inside else "BEGIN;\nCOMMIT;")
    return "\n".join(lines) + "\n"


def _parseable(statement: str) -> str:
    """psycopg's ``%(name)s`` placeholders as PostgreSQL's ``$n`` (squawk parses those), ``%%`` as ``%``."""
    names: dict[str, int] = {}

    def number(m: re.Match[str]) -> str:
        return f"${names.setdefault(m.group(1), len(names) + 1)}"

    return re.sub(r"%\((\w+)\)s", number, statement).replace("%%", "%")


def source_of(revision: str) -> str:
    files = list(VERSIONS.glob(f"{revision}_*.py"))
    return files[0].read_text() if files else ""


def write_files(log: dict[str, list[str]], folder: Path, sources: dict[str, str] | None = None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for revision, statements in log.items():
        source = (sources or {}).get(revision) or source_of(revision)
        path = folder / f"{revision}.sql"
        path.write_text(as_sql(statements, annotations(source)))
        paths.append(path)
    return paths


def squawk(paths: list[Path]) -> subprocess.CompletedProcess[str]:
    """squawk with the project's .squawk.toml, plain text (gcc reporter: one line per warning)."""
    binary = Path(sys.executable).parent / "squawk"
    return subprocess.run([str(binary), "--config", str(ROOT / ".squawk.toml"), "--reporter", "gcc",
                           *map(str, paths)], capture_output=True, text=True, timeout=120, check=False)
