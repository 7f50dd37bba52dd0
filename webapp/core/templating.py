"""Jinja globals available in every template and inside render_block fragments."""
from __future__ import annotations

from flask import Flask
from flask_babel import format_date, format_datetime, format_decimal, format_time, get_locale
from flask_babel import lazy_gettext as _l

from tenants.context import current_tenant
from webapp.core.i18n import LANGUAGES
from webapp.core.permissions import current_member, has_role


def role_labels() -> dict[str, str]:
    return {
        "chair": _l("Chair"),
        "vice_chair": _l("Vice-chair"),
        "secretariat": _l("Secretariat"),
        "member": _l("Member"),
        "alternate": _l("Alternate"),
        "observer": _l("Observer"),
    }


def forum_kind_label(kind: str) -> str:
    return str({"steering_committee": _l("National steering committee"),
                "provincial_platform": _l("Provincial multi-stakeholder platform"), "round_table": _l("Round table"),
                "other": _l("Other forum")}.get(kind, kind))


def role_label(role: str) -> str:
    return str(role_labels().get(role, role))


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(role_label=role_label, has_role=has_role, get_locale=get_locale,
                                 forum_kind_label=forum_kind_label,
                                 format_datetime=format_datetime, format_date=format_date, format_time=format_time,
                                 format_decimal=format_decimal)
    app.jinja_env.filters["lang_name"] = lambda code: LANGUAGES.get(code, code)

    @app.context_processor
    def tenant_and_member() -> dict[str, object]:
        return {"current_tenant": current_tenant(), "current_member": current_member}
