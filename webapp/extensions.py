"""Flask extensions, created without an app (bound in create_app)."""
from flask_babel import Babel
from flask_htmx import HTMX
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
babel = Babel()
csrf = CSRFProtect()
htmx = HTMX()


def _cache_long_statements() -> None:
    """psycopg converts a statement to PostgreSQL's form (``%(name)s`` to ``$1``, the parameters' order) once and
    keeps it in an LRU cache, but only for statements up to 4,096 characters and 50 parameters (module settings
    read at each execution); others are parsed again on every execution. The forum home's one UNION ALL (about
    7,000 characters, 69 parameters: its constants are parameters too) was, at 3% of the page's samples (issue 43).
    Our statements are a fixed set built by the code (values are parameters), so caching up to 16 KiB and 200
    parameters keeps the same few entries, longer ones too (bulk inserts of many rows stay uncached)."""
    import psycopg._queries as queries

    queries.MAX_CACHED_STATEMENT_LENGTH = max(queries.MAX_CACHED_STATEMENT_LENGTH, 16_384)
    queries.MAX_CACHED_STATEMENT_PARAMS = max(queries.MAX_CACHED_STATEMENT_PARAMS, 200)


_cache_long_statements()
