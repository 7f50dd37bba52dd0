"""The languages a forum works in (issue 46): its content languages, apart from the interface's five.

The interface speaks the five `LANGUAGES` of webapp/core/i18n.py. A forum's *working languages* — what its agenda,
minutes, titles, names, announcements and papers may be translated into, and what a member may read them in — are
any BCP-47 codes (tw, dag, dje, ln, lu, qu ...): ``tenants.enabled_locales``, the main language first. Their names
come from Babel (CLDR) where it knows them, else from the names the forum gave in its settings
(``settings["language_names"]``), else the code itself. Dates in a language Babel has no data for fall back to a
numeric form (webapp/core/dates.py).

This module owns: the forum's working languages, a code's names, the check of a code (``normal_tag``: every
language tag a forum writes, webapp/core/language_tags.py reads a name into one)."""
from __future__ import annotations

import re
from typing import Any

from babel import Locale, UnknownLocaleError, localedata
from flask import has_request_context, request

from tenants.context import current_tenant
from webapp.core.i18n import LANGUAGES

# BCP-47, the parts forums use: language (2-3 letters), script (4 letters), region (2 letters or 3 digits), variants
_LANGUAGE, _SCRIPT, _REGION = r"[a-z]{2,3}", r"[a-z]{4}", r"(?:[a-z]{2}|[0-9]{3})"
_VARIANT = r"(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3})"
TAG = re.compile(rf"^{_LANGUAGE}(?:-{_SCRIPT})?(?:-{_REGION})?(?:-{_VARIANT})*$")  # matched written in lower case
# a working language's code: no variants, at most 10 characters (the columns are String(10))
_CODE = re.compile(rf"^{_LANGUAGE}(?:-{_SCRIPT})?(?:-{_REGION})?$")
MAX_EXTRA = 12  # working languages besides the interface's five
NAME_LENGTH = 40


def normal_tag(code: str | None) -> str:
    """``code`` written as BCP 47 recommends (tw, qu-PE, sr-Latn-RS); "" when it is no tag. The one check of a
    language tag: working languages (``is_code``), SMS languages, interpretation pairs, support requests."""
    code = (code or "").strip().replace("_", "-").lower()
    if not TAG.match(code):
        return ""
    parts = code.split("-")
    return "-".join([parts[0]] + [p.title() if i == 1 and len(p) == 4 and p.isalpha() else
                                  p.upper() if len(p) == 2 else p for i, p in enumerate(parts[1:], 1)])


def normalise(code: str | None) -> str:
    """'TW' → 'tw', 'sr_latn_rs' → 'sr-Latn-RS': BCP-47's usual case; anything else is returned trimmed."""
    parts = (code or "").strip().replace("_", "-").split("-")
    out = [parts[0].lower()]
    for p in parts[1:]:
        out.append(p.title() if len(p) == 4 else p.upper())
    return "-".join(out) if parts[0] else ""


def is_code(code: str | None) -> bool:
    """A well-formed BCP-47 language tag of the kind a forum names its languages with (normalised, no variants)."""
    return (bool(code) and len(code or "") <= 10 and bool(_CODE.match((code or "").lower()))
            and normal_tag(code) == code)


def is_interface(code: str | None) -> bool:
    return code in LANGUAGES


def working(tenant: Any = None) -> list[str]:  # noqa: ANN401 - a Tenant
    """The forum's working languages, its main language first."""
    tenant = tenant if tenant is not None else current_tenant()
    if tenant is None:
        return list(LANGUAGES)
    main = tenant.default_locale or "en"
    return [main] + [lc for lc in tenant.enabled_locales or [] if lc != main]


def is_working(code: str | None, tenant: Any = None) -> bool:  # noqa: ANN401 - a Tenant
    return bool(code) and code in working(tenant)


def may_hold_meeting_in(code: str | None, tenant: Any = None) -> bool:  # noqa: ANN401 - a Tenant
    """The one rule for a meeting's language (a webinar series' sessions are meetings): any working language of the
    forum (issue 46: Twi, Dagbani ...), and the interface's five always (for the meetings features make: webinars,
    polls)."""
    return is_interface(code) or is_working(code, tenant)


def others(tenant: Any = None) -> list[str]:  # noqa: ANN401 - a Tenant
    """The working languages the interface does not speak (Twi, Dagbani ...)."""
    return [lc for lc in working(tenant) if lc not in LANGUAGES]


def given_names(tenant: Any = None) -> dict[str, str]:  # noqa: ANN401 - a Tenant
    tenant = tenant if tenant is not None else current_tenant()
    return dict((tenant.setting("language_names") if tenant is not None else None) or {})


def babel_name(code: str, reader: str = "en") -> str | None:
    """Babel's name of ``code`` in ``reader``'s language ("Twi", "twi", "Tiwiniyanci"), or None."""
    try:
        names = Locale.parse(reader.replace("-", "_")).languages
    except (UnknownLocaleError, ValueError):
        return None
    return names.get(code.replace("-", "_")) or names.get(code.split("-")[0])


def babel_knows(code: str) -> bool:
    """Babel has a name for the language (in English): the forum need not give one."""
    return babel_name(code) is not None


def has_locale_data(code: str | None) -> bool:
    """Babel can write dates and numbers in this language (else: a numeric form)."""
    try:
        return bool(code) and Locale.parse((code or "").replace("-", "_")) is not None
    except (UnknownLocaleError, ValueError, TypeError):
        return False


def own_name(code: str | None, tenant: Any = None) -> str:  # noqa: ANN401 - a Tenant
    """The language's name in itself: "Français", "Lingála", "Twi" (the forum's, where Babel has none)."""
    code = code or ""
    if code in LANGUAGES:
        return LANGUAGES[code]
    given = given_names(tenant).get(code)
    if given:
        return given
    if localedata.exists(code.replace("-", "_")):
        name = Locale.parse(code.replace("-", "_")).get_display_name(code.replace("-", "_"))
        if name:
            return name[:1].upper() + name[1:]
    return babel_name(code) or code


def name(code: str | None, reader: str | None = None, tenant: Any = None) -> str:  # noqa: ANN401 - a Tenant
    """The language's name in the reader's language (Babel's), else the forum's name for it, else its own name."""
    from flask_babel import get_locale

    code = code or ""
    reader = reader or (str(get_locale() or "en") if has_request_context() else "en")
    return babel_name(code, reader) or given_names(tenant).get(code) or (LANGUAGES.get(code) or code)


def label(code: str, tenant: Any = None) -> str:  # noqa: ANN401 - a Tenant
    """A choice's label: its own name, and the reader's name for it where different: "Lingála (Lingala)"."""
    own, here = own_name(code, tenant), name(code, tenant=tenant)
    return own if own.casefold() == here.casefold() else f"{own} ({here})"


def choices(codes: list[str] | None = None, tenant: Any = None) -> list[tuple[str, str]]:  # noqa: ANN401
    """(code, label) for each working language (or ``codes``)."""
    return [(lc, label(lc, tenant)) for lc in (working(tenant) if codes is None else codes)]


def names(codes: list[str] | None = None, tenant: Any = None) -> dict[str, str]:  # noqa: ANN401 - a Tenant
    """code → the language's name in the reader's language, for templates (``languages[locale]``)."""
    return {lc: name(lc, tenant=tenant) for lc in (working(tenant) if codes is None else codes)}


def content_names(tenant: Any = None) -> dict[str, str]:  # noqa: ANN401 - a Tenant
    """What content may be written or translated in, by the languages' own names: the interface's five, then the
    forum's other working languages (the translator's language links, a paper's "Written in")."""
    return {lc: own_name(lc, tenant) for lc in [*LANGUAGES, *others(tenant)]}


def member_choices(tenant: Any = None) -> list[tuple[str, str]]:  # noqa: ANN401 - a Tenant
    """What a member's notice language may be: the interface's five and the forum's working languages."""
    return choices(list(LANGUAGES) + [lc for lc in others(tenant)], tenant)


def interface_of(code: str | None, tenant: Any = None) -> str:  # noqa: ANN401 - a Tenant
    """The interface language to write to someone whose language is ``code``: itself when the interface speaks
    it, else the forum's main language (when the interface speaks it), else English."""
    if code in LANGUAGES:
        return code  # type: ignore[return-value]
    tenant = tenant if tenant is not None else current_tenant()
    main = tenant.default_locale if tenant is not None else None
    return main if main in LANGUAGES else "en"


def content_locale(member: Any = None) -> str:  # noqa: ANN401 - the signed-in Member
    """The language the reader reads the forum's content in: ``?lang=`` naming a working language; else the
    signed-in member's notice language when it is a working language the interface does not speak (a Twi reader
    reads the agenda in Twi, the interface in their own choice of the five); else the interface's language."""
    from flask_babel import get_locale

    here = str(get_locale() or "en")
    if not has_request_context():
        return here
    asked = request.args.get("lang")
    if asked and asked not in LANGUAGES and is_working(asked):
        return asked
    if asked in LANGUAGES:
        return here
    if member is None:
        from webapp.core.permissions import current_member

        member = current_member._get_current_object()
    locale = getattr(member, "locale", None)
    if locale and locale not in LANGUAGES and is_working(locale):
        return locale
    return here


def is_content(code: str | None, tenant: Any = None) -> bool:  # noqa: ANN401 - a Tenant
    """Content may be written or translated in this language: a working language of the forum, or one of the
    interface's (a reader's interface language is where content shows when nothing else is asked)."""
    return code in LANGUAGES or is_working(code, tenant)
