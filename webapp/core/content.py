"""Content translations: user-written text (a meeting's title, a decision, minutes' summary, later members',
actions' and webinars' texts) in other languages, and showing it in the reader's language. Below the features,
so that translating any content creates no import between features."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import BigInteger, Index, String, Text, UniqueConstraint, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from tenants.context import current_tenant_id
from tenants.models import TenantScoped
from webapp.core import search
from webapp.core.i18n import LANGUAGES
from webapp.core.service_errors import ServiceError, tenant_id_or
from webapp.core.text import is_clean_text, is_one_line
from webapp.extensions import db


class ContentTranslation(TenantScoped, db.Model):
    """User-written text in another language: (object, field, locale) -> text."""

    __tablename__ = "content_translations"
    __mapper_args__ = search.unmapped()
    __table_args__ = (UniqueConstraint("tenant_id", "object_type", "object_id", "field", "locale"),
                      Index("ix_content_translations_search", "search_vector", postgresql_using="gin"))

    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int] = mapped_column(BigInteger)
    field: Mapped[str] = mapped_column(String(40))
    locale: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)
    search_vector = search.vector_column(search.document("locale", "text"))


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


def localise(original: str | None, original_locale: str, table: dict[tuple[int, str], str], object_id: int,
             field: str, locale: str) -> Localised | None:
    if locale != original_locale and (object_id, field) in table:
        return Localised(table[(object_id, field)], locale, True)
    if original is None:
        return None
    return Localised(original, original_locale, False)


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
                    error: type[ServiceError] = ServiceError) -> None:
    """Saves (or, for empty text, removes) one translation; bad input raises ``error`` (the calling feature's
    ServiceError subclass). Flushes nothing itself."""
    tid = tenant_id_or(error)
    if locale not in LANGUAGES:
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
        db.session.add(ContentTranslation(object_type=object_type, object_id=object_id, field=field, locale=locale,
                                          text=text))
    else:
        row.text = text
