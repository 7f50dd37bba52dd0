"""Locale choice: explicit (?lang / session) > the person a page is for (prefer_locale) > user > tenant default >
Accept-Language."""
from __future__ import annotations

import flask_babel
from babel.support import NullTranslations, Translations
from flask import Flask, g, has_app_context, has_request_context, request, session
from flask_babel import refresh
from flask_login import current_user

from tenants.context import current_tenant

LANGUAGES: dict[str, str] = {
    "en": "English",
    "fr": "Français",
    "es": "Español",
    "sw": "Kiswahili",
    "ha": "Hausa",
}


def select_locale() -> str:
    if not has_request_context():  # jobs and commands: the forum's language (emails use force_locale)
        tenant = current_tenant()
        return tenant.default_locale if tenant is not None and tenant.default_locale in LANGUAGES else "en"
    lang = request.args.get("lang")
    if lang in LANGUAGES:
        return lang
    lang = session.get("lang")
    if lang in LANGUAGES:
        return lang
    if g.get("locale_hint") in LANGUAGES:
        return g.locale_hint
    if current_user and current_user.is_authenticated and current_user.locale in LANGUAGES:
        return current_user.locale
    if request.blueprint == "tenant.public":  # DESIGN.md: public pages speak ?lang= or the visitor's browser
        best = browser_language()
        if best:
            return best
    tenant = current_tenant()
    if tenant is not None and tenant.default_locale in LANGUAGES:
        return tenant.default_locale
    return browser_language() or "en"


def prefer_locale(locale: str | None) -> None:
    """This page is for one person (the page an RSVP link opens): it speaks their language, as their notice
    did, unless the visitor chose another (?lang= or the language switch). Call before rendering."""
    if locale in LANGUAGES:
        g.locale_hint = locale
        refresh()


def language_name(code: str | None, reader: str | None = None) -> str:
    """A language's name in the reader's language (Babel's CLDR names): "Kiingereza" for a Swahili reader, "Turanci"
    for a Hausa one, "anglais" in French — what "not translated" markers say (issue 33). Where the reader's language
    has no name for it, the language's own name (LANGUAGES)."""
    from webapp.core import languages  # a forum's working languages and their names (issue 46)

    return languages.name(code, reader)


def browser_language() -> str | None:
    """The visitor's most wanted language that Baraza speaks: 'fr-CD, en;q=0.3' is French (Werkzeug's
    best_match would prefer the exact 'en' over the regional 'fr-CD')."""
    for value, _quality in request.accept_languages:  # highest quality first
        primary = value.replace("_", "-").split("-")[0].lower()
        if primary in LANGUAGES:
            return primary
    return None


def select_timezone() -> str:
    """Flask-Babel's zone: the reader's (webapp/core/zones.py); pages format dates with webapp/core/dates.py."""
    from webapp.core.zones import reader_zone_name

    return reader_zone_name()


def request_translations() -> Translations | NullTranslations:
    """Flask-Babel's translations for the locale in force, looked up once per locale and request (issue 43).

    Flask-Babel's own lookup walks its request namespace three times and formats the locale's name for every string
    a template translates (hundreds a page). This keeps the translations found on that namespace beside the locale
    object they were found for: ``force_locale`` (an e-mail in the member's language) and ``refresh`` (a language
    switch) put another locale object there, and the next string looks them up afresh."""
    if not has_app_context():
        return flask_babel.get_translations()
    space = g.get("_flask_babel")  # Flask-Babel's per-request namespace: its locale, its domain
    kept = getattr(space, "baraza_translations", None)
    if kept is not None and kept[0] is getattr(space, "babel_locale", None) and kept[0] is not None:
        return kept[1]
    translations = flask_babel.get_translations()
    space = g.get("_flask_babel")
    if space is not None:
        space.baraza_translations = (getattr(space, "babel_locale", None), translations)
    return translations


def _install_template_gettext(app: Flask) -> None:
    """The templates' ``_``/``ngettext``/``pgettext`` through ``request_translations`` (Flask-Babel installs the
    same callables, each asking for the translations from scratch)."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: request_translations().ugettext(s),
        ngettext=lambda s, p, n: request_translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: request_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: request_translations().unpgettext(c, s, p, n),
    )


def init_app(app: Flask) -> None:
    _install_template_gettext(app)

    @app.context_processor
    def languages() -> dict[str, object]:
        return {"LANGUAGES": LANGUAGES}
