"""Content translations: user-written text (a meeting's title, a decision, minutes' summary, later members',
actions' and webinars' texts) in other languages, and showing it in the reader's language. Below the features,
so that translating any content creates no import between features."""
from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from markupsafe import Markup, escape
from sqlalchemy import BigInteger, Index, String, Text, UniqueConstraint, delete, select
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.elements import ColumnElement

from tenants.context import current_tenant_id
from tenants.models import TenantScoped
from webapp.binding import Interface
from webapp.core import languages, search, visibility
from webapp.core.service_errors import ServiceError, tenant_id_or
from webapp.core.text import is_clean_text, is_one_line
from webapp.core.visibility import Reader
from webapp.extensions import db

# the generated expression of release 0.1's search column (migration 0026), which migration 0060 leaves as it was
_RELEASE_0_1_VECTOR = ("setweight(to_tsvector(CASE locale WHEN 'fr' THEN 'french'::regconfig WHEN 'es' THEN "
                       "'spanish'::regconfig WHEN 'sw' THEN 'swahili'::regconfig WHEN 'ha' THEN 'hausa'::regconfig "
                       "ELSE 'english'::regconfig END, coalesce(text, '')), 'A')")


class ContentTranslation(TenantScoped, db.Model):
    """User-written text in another language: (object, field, locale) -> text."""

    __tablename__ = "content_translations"
    __mapper_args__ = search.unmapped()
    __table_args__ = (UniqueConstraint("tenant_id", "object_type", "object_id", "field", "locale"),
                      # searched through this expression index (migration 0060, webapp/core/search.py)
                      Index("ix_content_translations_language_search",
                            sql_text(search.language_vector_sql("locale", "text")), postgresql_using="gin"),
                      # release 0.1's stored column and its index, read by that release's nodes until an upgrade
                      # has restarted them all; no longer read: dropped by the next release (docs/operations.md)
                      Index("ix_content_translations_search", "search_vector", postgresql_using="gin"))

    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int] = mapped_column(BigInteger)
    field: Mapped[str] = mapped_column(String(40))
    locale: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)
    search_vector = search.vector_column(_RELEASE_0_1_VECTOR)
    # the original this translation was made from (issue 27): its hash, to tell when the original changed since,
    # and a copy, to show what changed; NULL for translations saved before
    source_hash: Mapped[str | None] = mapped_column(String(64))
    source_text: Mapped[str | None] = mapped_column(Text)


def translation_vector() -> ColumnElement:
    """SQL: a translation's search document, in its locale's configuration (the expression of its GIN index)."""
    return search.language_vector(ContentTranslation.locale, ContentTranslation.text)


def source_hash(original: str | None) -> str:
    return hashlib.sha256((original or "").strip().encode()).hexdigest()


def word_diff(old: str | None, new: str | None) -> Markup:
    """What changed between two versions of a text, word by word: removed words in <del>, added ones in <ins>,
    every word escaped."""
    a, b = re.split(r"(\s+)", old or ""), re.split(r"(\s+)", new or "")
    out: list[Markup] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        removed, added = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            out.append(escape(removed))
            continue
        if removed.strip():
            out.append(Markup("<del>{}</del>").format(removed))
        if added.strip():
            out.append(Markup("<ins>{}</ins>").format(added))
    return Markup("").join(out)


@dataclass
class Draft:
    """A translation as the translator's view shows it: its text, and whether the original changed since."""

    text: str
    source_text: str | None
    stale: bool


def drafts(object_type: str, originals: dict[tuple[int, str], str | None], locale: str) -> dict[tuple[int, str], Draft]:
    """(object id, field) -> the translation in ``locale`` of each of ``originals`` that has one, marked out of
    date when its original changed since it was made; one query for all."""
    ids = sorted({oid for oid, _field in originals})
    if not ids:
        return {}
    rows = db.session.execute(select(ContentTranslation.object_id, ContentTranslation.field, ContentTranslation.text,
                                     ContentTranslation.source_hash, ContentTranslation.source_text)
                              .where(ContentTranslation.tenant_id == current_tenant_id(),
                                     ContentTranslation.object_type == object_type,
                                     ContentTranslation.object_id.in_(ids), ContentTranslation.locale == locale))
    return {(oid, field): Draft(text, source, digest is not None and digest != source_hash(originals.get((oid, field))))
            for oid, field, text, digest, source in rows if (oid, field) in originals}
# --- reads ------------------------------------------------------------------------------------------

def translations(object_type: str, ids: list[int], locale: str) -> dict[tuple[int, str], str]:
    """(object id, field) -> text in ``locale``, for many objects in one query."""
    if not ids:
        return {}
    rows = db.session.execute(select(ContentTranslation.object_id, ContentTranslation.field, ContentTranslation.text)
                              .where(ContentTranslation.tenant_id == current_tenant_id(),
                                     ContentTranslation.object_type == object_type,
                                     ContentTranslation.object_id.in_(ids), ContentTranslation.locale == locale))
    return {(oid, field): text for oid, field, text in rows}


def all_translations(object_type: str, object_id: int) -> dict[tuple[str, str], str]:
    rows = db.session.execute(select(ContentTranslation.field, ContentTranslation.locale, ContentTranslation.text)
                              .where(ContentTranslation.tenant_id == current_tenant_id(),
                                     ContentTranslation.object_type == object_type,
                                     ContentTranslation.object_id == object_id))
    return {(field, locale): text for field, locale, text in rows}


@dataclass
class Localised:
    """A user-written text shown in the reader's language when a translation exists, else the original."""

    text: str
    locale: str
    translated: bool
    original: str | None = None  # when translated: the text as written, one tap away
    original_locale: str | None = None
    untranslated: bool = False  # the reader reads another language and no translation exists yet

    def __str__(self) -> str:
        return self.text


def localise(original: str | None, original_locale: str, table: dict[tuple[int, str], str], object_id: int,
             field: str, locale: str) -> Localised | None:
    if locale != original_locale and (object_id, field) in table:
        return Localised(table[(object_id, field)], locale, True, original, original_locale)
    if original is None:
        return None
    return Localised(original, original_locale, False, None, original_locale, locale != original_locale)


# --- kinds of content a translator translates as a list (issue 27) --------------------------------------

@dataclass(frozen=True)
class Kind:
    """Short texts of one model translated as a list (committee names, action items ...), written in the forum's
    language. Declared by the feature that owns the model and bound in webapp/wiring.py, so that core names no
    feature."""

    name: str  # the object_type of its translations
    label: object  # a lazy string: "Committee names"
    model: type
    fields: tuple[str, ...]
    # who may read a row, as a WHERE clause built from the one rule by reader (webapp/core/visibility.py); by
    # default the model's own ``visibility`` column, if it has one
    readable: Callable[[Reader], ColumnElement[bool]] | None = None


CONTENT_KINDS: Interface[Mapping[str, Kind]] = Interface(
    "core.content.CONTENT_KINDS", "The kinds of content translated as lists, by name (members, notices, actions, "
    "webinars).")


def kinds() -> Mapping[str, Kind]:
    return CONTENT_KINDS()


def originals(kind: Kind, reader: Reader, limit: int = 300) -> dict[tuple[int, str], str]:
    """(object id, field) -> the text as written, for the forum's objects of ``kind`` the reader may see (the one
    rule by reader: translating grants nothing here), in one query."""
    model: object = kind.model
    stmt = select(model.id, *(getattr(model, f) for f in kind.fields)).where(  # type: ignore[attr-defined]
        model.tenant_id == current_tenant_id())  # type: ignore[attr-defined]
    if kind.readable is not None:
        stmt = stmt.where(kind.readable(reader))
    elif hasattr(model, "visibility"):
        stmt = stmt.where(visibility.level_sql(reader, model.visibility))  # type: ignore[attr-defined]
    rows = db.session.execute(stmt.order_by(model.id).limit(limit))  # type: ignore[attr-defined]
    return {(row[0], f): row[i + 1] for row in rows for i, f in enumerate(kind.fields) if row[i + 1]}


def localise_one(object_type: str, object_id: int, field: str, original: str | None, original_locale: str,
                 locale: str) -> Localised | None:
    """One text in ``locale`` (one query): a committee's name on a notice, say."""
    if locale == original_locale:
        return localise(original, original_locale, {}, object_id, field, locale)
    return localise(original, original_locale, translations(object_type, [object_id], locale), object_id, field,
                    locale)


def in_reader_language(object_type: str, obj: object, field: str, original_locale: str | None = None
                       ) -> Localised | None:
    """A template's text in the reader's language (names and titles written in the forum's language, unless
    ``original_locale`` says otherwise). The translations of one kind come in one query per page, whatever the
    number of rows shown (cached on ``g``)."""
    from flask import g

    from tenants.context import current_tenant

    locale = languages.content_locale()
    original_locale = original_locale or (current_tenant().default_locale or "en")
    tables = g.setdefault("_content_tables", {})
    if (object_type, locale) not in tables:
        tables[(object_type, locale)] = {} if locale == original_locale else dict(
            ((oid, f), text) for oid, f, text in db.session.execute(
                select(ContentTranslation.object_id, ContentTranslation.field, ContentTranslation.text).where(
                    ContentTranslation.tenant_id == current_tenant_id(), ContentTranslation.object_type == object_type,
                    ContentTranslation.locale == locale)))
    return localise(getattr(obj, field), original_locale, tables[(object_type, locale)], obj.id,  # type: ignore[attr-defined]
                    field, locale)


# --- the write --------------------------------------------------------------------------------------

ONE_LINE_TRANSLATED = ("title",)


def delete_translations(object_type: str, ids: list[int]) -> int:
    """Deleting an object deletes its translations too: no foreign key holds them. Returns how many went."""
    if not ids:
        return 0
    result = db.session.execute(delete(ContentTranslation).where(
        ContentTranslation.tenant_id == current_tenant_id(), ContentTranslation.object_type == object_type,
        ContentTranslation.object_id.in_(ids)))
    return int(result.rowcount or 0)


def set_translation(object_type: str, object_id: int, field: str, locale: str, text: str | None,
                    error: type[ServiceError] = ServiceError, source: str | None = None,
                    confirm: bool = False) -> None:
    """Saves (or, for empty text, removes) one translation, made from ``source`` (the original as the translator
    saw it: its hash and a copy are kept; a text saved unchanged keeps the original it was made from, unless
    ``confirm`` says it still fits the current one); bad input raises ``error`` (the calling feature's ServiceError
    subclass). Flushes nothing itself."""
    tid = tenant_id_or(error)
    if not languages.is_content(locale):
        raise error("locale", "invalid")
    row = db.session.scalar(select(ContentTranslation).where(
        ContentTranslation.tenant_id == tid, ContentTranslation.object_type == object_type,
        ContentTranslation.object_id == object_id, ContentTranslation.field == field,
        ContentTranslation.locale == locale))
    text = (text or "").strip()
    if field in ONE_LINE_TRANSLATED and not is_one_line(text):  # read by hand from the request: no form checked it
        raise error(field, "control_characters")
    if not is_clean_text(text):
        raise error(field, "control_characters_text")
    if not text:
        if row is not None:
            db.session.delete(row)
        return
    if row is None:
        row = ContentTranslation(object_type=object_type, object_id=object_id, field=field, locale=locale, text=text)
        db.session.add(row)
    elif row.text == text and not confirm:
        return
    row.text = text
    if source is not None:
        row.source_hash, row.source_text = source_hash(source), source.strip()
