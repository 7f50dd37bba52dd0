"""Full-text search: the one home of the text-search configurations and of the stored documents' SQL.

Searchable rows keep a stored ``search_vector`` (a generated ``tsvector`` column) with a GIN index, so a search
reads the index instead of computing ``to_tsvector`` over every row.

- Rows whose language is on the row (a meeting's ``language``, a content translation's ``locale``) are indexed
  in that language's configuration: English, French and Spanish stem with PostgreSQL's Snowball dictionaries;
  Swahili and Hausa have no stemmer in PostgreSQL, so migration 0026 creates ``swahili`` and ``hausa``, copies of
  ``simple`` whose words first go through the ``unaccent`` dictionary (ɗ → d, ɓ → b, ƙ → k, ƴ → y, é → e): a
  reader typing without the hooked letters still finds the text. (``unaccent()`` the function is not IMMUTABLE
  and cannot feed a generated column; ``to_tsvector`` with a configuration that uses the unaccent dictionary is.)
- Rows whose language is not on the row (agenda items, minutes, decisions, action items take their meeting's or
  forum's language, which a generated column cannot read) are indexed in every configuration at once.

A query is parsed in every configuration and the parts ORed, so one search finds a French text by a French
word's other forms and a Hausa text with or without its hooked letters, whatever the reader's language.
"""
from __future__ import annotations

from functools import reduce

from sqlalchemy import Column, Computed, Text, cast, func, literal, select
from sqlalchemy.dialects.postgresql import REGCONFIG, TSQUERY, TSVECTOR
from sqlalchemy.sql.elements import ColumnElement

from webapp.extensions import db

# language code -> PostgreSQL text-search configuration
CONFIGS: dict[str, str] = {"en": "english", "fr": "french", "es": "spanish", "sw": "swahili", "ha": "hausa"}
# the configurations a text of unknown language is indexed in (hausa is defined as swahili is: indexing both
# would store every word twice)
ANY_LANGUAGE = ("english", "french", "spanish", "swahili")
PAGE_SIZE = 20
MAX_QUERY = 200


def vector_column(expression: str) -> Column:
    """The stored ``search_vector`` of a model: in its table (migrations and GIN index), not mapped, so the ORM
    never loads it nor asks for it back after an INSERT. Use with ``__mapper_args__ = search.unmapped()``."""
    return Column("search_vector", TSVECTOR, Computed(expression, persisted=True))


def unmapped() -> dict[str, list[str]]:
    return {"exclude_properties": ["search_vector"]}


def config_of(column: str) -> str:
    """SQL: the configuration for a language-code column (English when the code is unknown)."""
    whens = " ".join(f"WHEN '{code}' THEN '{cfg}'::regconfig" for code, cfg in CONFIGS.items() if code != "en")
    return f"CASE {column} {whens} ELSE 'english'::regconfig END"


def _weighted(config: str, columns: tuple[str, ...]) -> str:
    parts = []
    for n, column in enumerate(columns):
        weight = "A" if n == 0 else "B"
        parts.append(f"setweight(to_tsvector({config}, coalesce({column}, '')), '{weight}')")
    return " || ".join(parts)


def document(language_column: str, *columns: str) -> str:
    """SQL of a generated tsvector: ``columns`` (the first weighted A, the rest B) in the row's language."""
    return _weighted(config_of(language_column), columns)


def document_any_language(*columns: str) -> str:
    """SQL of a generated tsvector: ``columns`` in every configuration of ANY_LANGUAGE."""
    return " || ".join(f"({_weighted(repr(cfg) + '::regconfig', columns)})" for cfg in ANY_LANGUAGE)


def tsquery(q: str) -> ColumnElement:
    """The reader's words (web-search syntax: "quoted phrase", -not, or) parsed in every configuration, ORed."""
    text = literal(q[:MAX_QUERY])
    parts = [func.websearch_to_tsquery(literal(cfg, REGCONFIG), text, type_=TSQUERY) for cfg in CONFIGS.values()]
    return reduce(lambda a, b: a.op("||", return_type=TSQUERY)(b), parts)


def parsed_text(q: str) -> str | None:
    """The reader's words parsed once (one short statement), as tsquery text for the search's statement, where a
    parameter cast to tsquery keeps the GIN indexes usable; None when nothing is left to search for (only stop
    words or punctuation)."""
    return db.session.scalar(select(cast(tsquery(q), Text))) or None


def matches(vector: ColumnElement, query: ColumnElement) -> ColumnElement[bool]:
    return vector.op("@@")(query)


def rank(vector: ColumnElement, query: ColumnElement) -> ColumnElement[float]:
    return func.ts_rank(vector, query)
