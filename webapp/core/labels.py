"""Words shared by several features, each in one place: the kinds of forum (tenants.models.TENANT_KINDS) and the
three visibilities of meetings, minutes, decisions, action plans, action items and webinar series."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

VISIBILITIES = ("public", "members", "restricted")  # widest first: each level sees itself and those before it


def visibility_check(column: str = "visibility") -> str:
    """The CHECK constraint's text: the column holds one of the visibilities."""
    return f"{column} IN ({', '.join(repr(v) for v in VISIBILITIES)})"


def visible_levels(staff: bool) -> tuple[str, ...]:
    """What a reader may see: the secretariat and chairs everything, anyone else public and members-only."""
    return VISIBILITIES if staff else VISIBILITIES[:2]


def visibility_labels() -> dict[str, str]:
    return {"public": _l("Public"), "members": _l("Members only"),
            "restricted": _l("Restricted (secretariat and chairs)")}


def forum_kind_labels() -> dict[str, str]:
    return {"steering_committee": _l("National steering committee"),
            "provincial_platform": _l("Provincial multi-stakeholder platform"),
            "round_table": _l("Round table"), "other": _l("Other forum")}


def forum_kind_label(kind: str) -> str:
    return str(forum_kind_labels().get(kind, kind))


def invitation_reason_label(reason: str, detail: str | None = None) -> str:
    """Why someone is invited, as the meeting page says it. ``detail`` is the committee's or organisation's name,
    or the constituency's name already translated (the roll's labels live with the members feature)."""
    from flask_babel import gettext

    if reason == "committee":
        return gettext("Invited as members of %(name)s", name=detail or "")
    if reason == "constituency":
        return gettext("Invited as the %(name)s constituency", name=detail or "")
    if reason == "organisation":
        return gettext("Invited as members of %(name)s", name=detail or "")
    return str({"roll": _l("Invited with the whole roll"), "individual": _l("Invited individually"),
                "guest": _l("Guest")}.get(reason, reason))
