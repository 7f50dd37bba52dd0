"""Saving a forum's settings: one place that checks every value, whatever form or command sends it."""
from __future__ import annotations

from typing import Any

from tenants.models import TENANT_KINDS, Tenant
from webapp.core import audit, languages, licences
from webapp.core.i18n import LANGUAGES
from webapp.core.text import SHORT_NAME, is_one_line
from webapp.core.zones import is_zone
from webapp.extensions import db
from webapp.meetings.rules import RULES
from webapp.members.models import CONSTITUENCIES

COLUMNS = ("name", "short_name", "kind", "country", "timezone", "default_locale", "enabled_locales")
SETTINGS = ("about", "core_constituencies", "age_bands", "quorum_share", "quorum_requires_each_core",
            "reminder_offsets_minutes", "reply_to", "sms_plain_accents", "sms_plain_hausa", "proposal_rules",
            "data_licence", "public_contact_address", "public_contact_phone", "language_names")


class SettingsError(ValueError):
    def __init__(self, field: str) -> None:
        super().__init__(field)
        self.field = field


def save_settings(tenant: Tenant, values: dict[str, Any]) -> list[str]:
    """Apply the values that changed; returns their names (also written to the audit log)."""
    values = {k: v for k, v in values.items() if k in COLUMNS + SETTINGS}
    if "name" in values:
        values["name"] = (values["name"] or "").strip()
        if not values["name"] or len(values["name"]) > 200 or not is_one_line(values["name"]):
            raise SettingsError("name")
    if "short_name" in values:
        values["short_name"] = (values["short_name"] or "").strip().upper()
        if not SHORT_NAME.match(values["short_name"]):
            raise SettingsError("short_name")
    if "kind" in values and values["kind"] not in TENANT_KINDS:
        raise SettingsError("kind")
    if "country" in values:
        values["country"] = (values["country"] or "").strip().upper() or None
        if values["country"] is not None and not (len(values["country"]) == 2 and values["country"].isalpha()):
            raise SettingsError("country")
    if "timezone" in values and not is_zone(values["timezone"]):
        raise SettingsError("timezone")
    default = values.get("default_locale", tenant.default_locale)
    if default not in LANGUAGES:
        raise SettingsError("default_locale")
    if "enabled_locales" in values or "default_locale" in values:
        others = values.get("enabled_locales", tenant.enabled_locales or [])
        extras = list(dict.fromkeys(lc for lc in others if lc not in LANGUAGES))  # the forum's own (issue 46)
        if len(extras) > languages.MAX_EXTRA or not all(languages.is_code(lc) for lc in extras):
            raise SettingsError("other_languages")
        values["enabled_locales"] = [default] + [lc for lc in LANGUAGES if lc in others and lc != default] + extras
    if "language_names" in values:  # names of working languages Babel does not know, in the language itself
        given = {lc: " ".join(str(n).split()) for lc, n in (values["language_names"] or {}).items() if str(n).strip()}
        if any(not languages.is_code(lc) or len(n) > languages.NAME_LENGTH or not is_one_line(n)
               for lc, n in given.items()):
            raise SettingsError("other_languages")
        values["language_names"] = given or None
        codes = values.get("enabled_locales", tenant.enabled_locales or [])
        if any(lc not in LANGUAGES and not languages.babel_knows(lc) and lc not in given for lc in codes):
            raise SettingsError("other_languages")
    if "core_constituencies" in values:
        core = [c for c in CONSTITUENCIES if c in (values["core_constituencies"] or [])]
        if not core or len(core) != len(set(values["core_constituencies"])):
            raise SettingsError("core_constituencies")
        values["core_constituencies"] = core
    if "quorum_share" in values and not 0 < float(values["quorum_share"]) <= 1:
        raise SettingsError("quorum_share")
    if "reminder_offsets_minutes" in values:
        offsets = values["reminder_offsets_minutes"] or []
        if len(offsets) > 4 or any(not 60 <= int(m) <= 720 * 60 for m in offsets):
            raise SettingsError("reminder_offsets_minutes")
    if "proposal_rules" in values:  # the decision rules a proposal may use (webapp/meetings/rules.py); none: all
        chosen = values["proposal_rules"] or list(RULES)
        if any(r not in RULES for r in chosen):
            raise SettingsError("proposal_rules")
        values["proposal_rules"] = [r for r in RULES if r in chosen] if set(chosen) != set(RULES) else None
    if "age_bands" in values:
        bands = [b.strip() for b in values["age_bands"] or [] if b.strip()]
        if not 1 <= len(bands) <= 8 or len(set(bands)) != len(bands) or any(len(b) > 20 for b in bands):
            raise SettingsError("age_bands")
        values["age_bands"] = bands
    if "data_licence" in values and values["data_licence"] not in licences.LICENCES:
        raise SettingsError("data_licence")
    for key, longest in (("public_contact_address", 300), ("public_contact_phone", 40)):
        if key in values:
            values[key] = (values[key] or "").strip() or None
            if values[key] is not None and (len(values[key]) > longest or not is_one_line(values[key])):
                raise SettingsError(key)
    if "about" in values:
        values["about"] = (values["about"] or "").strip()[:2000] or None

    changed = []
    settings = dict(tenant.settings or {})
    for key, value in values.items():
        if key in COLUMNS:
            if getattr(tenant, key) != value:
                setattr(tenant, key, value)
                changed.append(key)
        elif tenant.setting(key) != value:
            settings[key] = value
            changed.append(key)
    if changed:
        tenant.settings = settings
        db.session.flush()
        audit.record("updated", "forum_settings", None, changed)
    return changed
