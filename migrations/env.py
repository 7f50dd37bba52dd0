"""Alembic environment: runs as the owner role (DATABASE_OWNER_URL), never as the app role."""
import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app
from sqlalchemy import create_engine, event, pool

config = context.config
if config.config_file_name is not None and not config.attributes.get("skip_logging"):
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

db = current_app.extensions["migrate"].db
target_metadata = db.metadata


def owner_url() -> str:
    return config.attributes.get("url") or current_app.config["DATABASE_OWNER_URL"]


def run_migrations_offline() -> None:
    context.configure(url=owner_url(), target_metadata=target_metadata, literal_binds=True,
                      compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


AUTOCOMMIT = "-- autocommit\n"


def statement_recorder(engine):
    """Issue 44: when the caller puts a dict in ``config.attributes["statement_log"]``, every statement an upgrade
    executes is kept there under its revision (squawk lints them: tests/test_migration_safety.py). Returns the
    ``on_version_apply`` callback, or None."""
    log = config.attributes.get("statement_log")
    if log is None:
        return None
    pending = []

    def keep(conn, _cursor, statement, _params, _context, _many):
        if "alembic_version" not in statement:  # outside the revision's transaction: op.get_context().autocommit_block()
            outside = conn.get_execution_options().get("isolation_level") == "AUTOCOMMIT"
            pending.append(AUTOCOMMIT + statement if outside else statement)

    def applied(ctx, step, heads, run_args):
        log.setdefault(step.up_revision_id if step.is_upgrade else step.down_revision_ids[0], []).extend(pending)
        pending.clear()

    event.listen(engine, "before_cursor_execute", keep)
    return applied


def run_migrations_online() -> None:
    # issue 44: a statement that waits more than 5 s for a lock (a busy table) fails the upgrade instead of queueing
    # every request behind it; run the upgrade again later (docs/operations.md, "Migrating safely")
    engine = create_engine(owner_url(), poolclass=pool.NullPool, connect_args={"options": "-c lock_timeout=5s"})
    on_version_apply = statement_recorder(engine)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, compare_type=True,
                          transaction_per_migration=True,
                          **({"on_version_apply": on_version_apply} if on_version_apply else {}))
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
