"""Translated labels for the roll's codes (constituencies, genders, committee kinds...)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l


def constituencies() -> dict[str, str]:
    return {"government": _l("Government"), "employers": _l("Employers"), "workers": _l("Workers"),
            "civil_society": _l("Civil society"), "asm_miners": _l("Artisanal and small-scale miners"),
            "industry": _l("Industry"), "development_partners": _l("Development partners"),
            "academia": _l("Academia"), "community": _l("Community"), "other": _l("Other")}


def genders() -> dict[str, str]:
    return {"woman": _l("Woman"), "man": _l("Man"), "another": _l("Another gender"),
            "undisclosed": _l("Not disclosed")}


def committee_kinds() -> dict[str, str]:
    return {"plenary": _l("Plenary"), "subcommittee": _l("Subcommittee"), "working_group": _l("Working group"),
            "task_force": _l("Task force")}


def levels() -> dict[str, str]:
    return {"national": _l("National"), "provincial": _l("Provincial"), "district": _l("District"),
            "community": _l("Community level")}


def committee_roles() -> dict[str, str]:
    return {"chair": _l("Chair"), "co_chair": _l("Co-chair"), "member": _l("Member")}


def all_labels() -> dict[str, dict[str, str]]:
    return {"constituency_labels": constituencies(), "gender_labels": genders(),
            "committee_kind_labels": committee_kinds(), "level_labels": levels(),
            "committee_role_labels": committee_roles()}
