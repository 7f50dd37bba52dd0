"""Full-text search: the one home of the text-search configurations and of the stored documents' SQL.

Searchable rows keep a stored ``search_vector`` (a generated ``tsvector`` column) with a GIN index, so a search
reads the index instead of computing ``to_tsvector`` over every row — except content translations (below).

- Rows whose language is on the row (a meeting's ``language``, a content translation's ``locale``) are indexed
  in that language's configuration: English, French and Spanish stem with PostgreSQL's Snowball dictionaries;
  Swahili and Hausa have no stemmer in PostgreSQL, so migration 0026 creates ``swahili`` and ``hausa``, copies of
  ``simple`` whose words first go through the ``unaccent`` dictionary (ɗ → d, ɓ → b, ƙ → k, ƴ → y, é → e): a
  reader typing without the hooked letters still finds the text. (``unaccent()`` the function is not IMMUTABLE
  and cannot feed a generated column; ``to_tsvector`` with a configuration that uses the unaccent dictionary is.)
- A forum's other working languages (Twi, Dagbani, Lingala, Quechua ... issue 46: PostgreSQL has no stemmer for
  them) are indexed in ``unaccented`` (migration 0060), ``simple`` with the ``unaccent`` dictionary: whole words,
  found with or without their accents.
- Rows whose language is not on the row (agenda items, minutes, decisions, action items take their meeting's or
  forum's language, which a generated column cannot read) are indexed in every configuration at once.

The rule's exception: changing a generated column's expression rewrites its table under an ACCESS EXCLUSIVE lock
(and a new stored column is filled by a rewrite too), so a document whose expression must change on a large table
is an *expression index* instead: content translations, the largest searched table, are found through a GIN index
over ``language_search_vector(locale, text)`` (migration 0060: an IMMUTABLE SQL function choosing the
configuration by the language code, built CONCURRENTLY: no lock that blocks writers), and the search matches and
ranks that same expression (``language_vector``), so the planner reads the index. The function is inlined by the
planner; under row-level security the index is used because the database set-up marks ``to_tsvector`` and
``setweight`` LEAKPROOF (README). Changing its configurations later: a new function and a new index built
concurrently, the old ones dropped after. (Their old stored column stays until the next release drops it.)

A query is parsed in every configuration and the parts ORed, so one search finds a French text by a French
word's other forms and a Hausa text with or without its hooked letters, whatever the reader's language.
"""
from __future__ import annotations

import html
from functools import reduce

from markupsafe import Markup, escape
from sqlalchemy import Column, Computed, Text, case, cast, func, literal, select
from sqlalchemy.dialects.postgresql import REGCONFIG, TSQUERY, TSVECTOR
from sqlalchemy.sql.elements import ColumnElement

from webapp.extensions import db

# language code -> PostgreSQL text-search configuration
CONFIGS: dict[str, str] = {"en": "english", "fr": "french", "es": "spanish", "sw": "swahili", "ha": "hausa"}
# the configurations a text of unknown language is indexed in (hausa is defined as swahili is: indexing both
# would store every word twice)
ANY_LANGUAGE = ("english", "french", "spanish", "swahili")
# the configuration of every other language (no stemmer in PostgreSQL): simple words, accents removed
OTHER = "unaccented"
PAGE_SIZE = 20
MAX_QUERY = 200


def vector_column(expression: str) -> Column:
    """The stored ``search_vector`` of a model: in its table (migrations and GIN index), not mapped, so the ORM
    never loads it nor asks for it back after an INSERT. Use with ``__mapper_args__ = search.unmapped()``."""
    return Column("search_vector", TSVECTOR, Computed(expression, persisted=True))


def unmapped() -> dict[str, list[str]]:
    return {"exclude_properties": ["search_vector"]}


def language_vector_sql(language_column: str, column: str) -> str:
    """SQL of an expression index's document: ``column`` in the configuration of the row's language code (weight A),
    the function migration 0060 creates (its CASE is ``config_of``'s, codes being NOT NULL)."""
    return f"language_search_vector({language_column}, {column})"


def language_vector(language: ColumnElement, body: ColumnElement) -> ColumnElement:
    """SQL: the same document of a row, to match and rank against an index built over ``language_vector_sql``."""
    return func.language_search_vector(language, body, type_=TSVECTOR)


def config_of(column: str) -> str:
    """SQL: the configuration for a language-code column: the five's own, English when there is no code, else (a
    working language PostgreSQL has no stemmer for) ``unaccented``."""
    whens = " ".join(f"WHEN '{code}' THEN '{cfg}'::regconfig" for code, cfg in CONFIGS.items())
    return f"CASE coalesce({column}, 'en') {whens} ELSE '{OTHER}'::regconfig END"


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
    parts = [func.websearch_to_tsquery(literal(cfg, REGCONFIG), text, type_=TSQUERY)
             for cfg in (*CONFIGS.values(), OTHER)]
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


# --- excerpts with the matched words marked (issue 33) -----------------------------------------------------------
# PostgreSQL's ts_headline marks the words between two control characters that no stored text carries (they are
# removed from the text first); the text is then escaped as a whole and only then are they turned into <mark>: the
# page shows a result's words, never its markup, and no text can open a tag of its own.
START, STOP = "\x02", "\x03"
HEADLINE = f'StartSel="{START}", StopSel="{STOP}", MaxWords=35, MinWords=15'
WHOLE = f'StartSel="{START}", StopSel="{STOP}", HighlightAll=true'


def config_for(language: ColumnElement) -> ColumnElement:
    """SQL: the configuration for a language-code expression, as ``config_of`` (English when NULL)."""
    return case(*((language == code, cast(literal(cfg), REGCONFIG)) for code, cfg in CONFIGS.items()),
                (language.is_(None), cast(literal("english"), REGCONFIG)), else_=cast(literal(OTHER), REGCONFIG))


def headline(config: ColumnElement, text: ColumnElement, query: ColumnElement, whole: bool = False) -> ColumnElement:
    """SQL: ``text`` with the words of ``query`` between START and STOP — some 15 to 35 words around them, or the
    whole text (``whole``, for titles; a short text comes whole either way). Run it on one page of results only:
    it parses each text again."""
    clean = func.translate(text, START + STOP, "")
    return func.ts_headline(config, clean, query, literal(WHOLE if whole else HEADLINE))


def plain_html(column: ColumnElement) -> ColumnElement:
    """SQL: sanitised HTML (the minutes' body) as text: tags become spaces; marked() unescapes the entities."""
    return func.regexp_replace(column, "<[^>]*>", " ", "g")


def marked(text: str | None, from_html: bool = False) -> Markup:
    """A headline as safe HTML: the text escaped, the matched words in <mark>; spaces collapsed."""
    if not text:
        return Markup("")
    if from_html:
        text = html.unescape(text)
    first, *rest = " ".join(text.split()).split(START)
    html_out = escape(first.replace(STOP, ""))
    for part in rest:  # each part: the marked words, STOP, then plain text up to the next START
        words, _stop, after = part.partition(STOP)
        html_out += Markup("<mark>{}</mark>{}").format(words, after.replace(STOP, ""))  # format() escapes both
    return html_out
