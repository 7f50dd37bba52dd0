"""Jinja globals available in every template and inside render_block fragments."""
from __future__ import annotations

from flask import Flask
from flask_babel import format_decimal, get_locale
from flask_babel import lazy_gettext as _l

from tenants.context import current_tenant
from webapp.core import languages
from webapp.core.dates import format_date, format_datetime, format_span, format_time
from webapp.core.i18n import LANGUAGES
from webapp.core.labels import forum_kind_label
from webapp.core.numbers import format_number, format_quantity, plain_number
from webapp.core.permissions import PREDICATES, ROLES, current_member
from webapp.core.urls import absolute_url


def role_labels() -> dict[str, str]:
    return {
        "chair": _l("Chair"),
        "vice_chair": _l("Vice-chair"),
        "secretariat": _l("Secretariat"),
        "member": _l("Member"),
        "alternate": _l("Alternate"),
        "observer": _l("Observer"),
    }


def role_label(role: str) -> str:
    return str(role_labels().get(role, role))


def country_name(code: str | None) -> str:
    """A two-letter country code as the reader's language names it (GH → Ghana, Gana, Ghana, Ghana, Gana)."""
    from babel import Locale

    if not code:
        return ""
    return Locale.parse(str(get_locale())).territories.get(code.upper(), code.upper())


def country_codes_named(text: str) -> list[str]:
    """Codes of the countries whose name, in any of the five languages, contains ``text`` (for search)."""
    from babel import Locale

    needle = text.strip().lower()
    if len(needle) < 3:
        return []
    return sorted({code for lc in LANGUAGES for code, name in Locale.parse(lc).territories.items()
                   if len(code) == 2 and code.isalpha() and needle in name.lower()})


def format_file_size(size: int) -> str:
    """A size limit in bytes as the reader writes it: "2 MB", "2 Mo", "1,5 MB" (binary megabytes, as the
    upload limits are set)."""
    from babel.units import format_unit

    megabytes = size / (1024 * 1024)
    return format_unit(round(megabytes, 1) if megabytes < 10 else round(megabytes), "digital-megabyte",
                       length="short", locale=str(get_locale() or "en"))


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(role_label=role_label, get_locale=get_locale,
                                 forum_kind_label=forum_kind_label, country_name=country_name,
                                 format_datetime=format_datetime, format_date=format_date, format_time=format_time,
                                 format_span=format_span,
                                 format_decimal=format_decimal, format_file_size=format_file_size,
                                 format_number=format_number, format_quantity=format_quantity,
                                 plain_number=plain_number, absolute_url=absolute_url)
    app.jinja_env.globals.update(PREDICATES, forum_roles=ROLES)
    from webapp.core.content import in_reader_language

    app.jinja_env.globals["in_reader_language"] = in_reader_language  # issue 27
    from webapp.core.visibility import is_public

    app.jinja_env.globals["is_public"] = is_public  # what the public may read: the one rule by reader
    app.jinja_env.filters["quantity"] = format_quantity
    app.jinja_env.filters["lang_name"] = languages.own_name
    app.jinja_env.globals["content_languages"] = languages.content_names  # issue 46
    # issue 33: a language named in the reader's language (the "not translated" notes); a zone by its city
    from webapp.core.dates import zone_city, zone_label
    from webapp.core.i18n import language_name

    app.jinja_env.filters["reader_lang_name"] = language_name
    app.jinja_env.globals.update(zone_city=zone_city, zone_label=zone_label)
    from webapp.core import frame

    app.jinja_env.globals.update(site_header=frame.show, NEXT_MARK=frame.NEXT_MARK)  # issue 43

    @app.context_processor
    def tenant_and_member() -> dict[str, object]:
        return {"current_tenant": current_tenant(), "current_member": current_member}
