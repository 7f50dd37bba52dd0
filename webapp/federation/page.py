"""What the federation pages show, assembled for the thin views."""
from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _

from tenants.context import current_tenant_id
from webapp.actions.forms import sex_labels
from webapp.core.dates import format_date
from webapp.core.permissions import may_speak_for_forum
from webapp.core.visibility import Reader, current_reader, sees_plan
from webapp.federation import forms, queries, services
from webapp.federation.services import FederationError


def error_message(e: FederationError) -> str:
    return {"unknown": _("No forum has this address. Check it with the forum you want to invite."),
            "self": _("A forum cannot invite itself."),
            "already": _("This forum is already invited or affiliated."),
            "not_pending": _("This invitation has already been answered."),
            "not_affiliate": _("Only the forum that sent the figures can withdraw them."),
            "ended": _("This affiliation has already ended."),
            "not_public": _("Only objectives of public plans can be shared: affiliates' members read them and their "
                            "plan's title. Make the plan public first, or share another objective.")
            }.get(e.code, _("Please check this value."))


def too_recent_message(recent: list[tuple[Any, date]]) -> str:
    """Which affiliates sent a snapshot too recently to be asked again, and from when one may be asked."""
    names = queries.forums({a.affiliate_id for a, _day in recent})
    return _("A snapshot was taken less than %(days)d days ago from %(forums)s: a new one can be asked for from "
             "%(day)s. Snapshots taken day after day would let anyone work out small counts from their differences.",
             days=services.ON_DEMAND_EVERY_DAYS,
             forums=", ".join(sorted(names[a.affiliate_id].name for a, _d in recent if a.affiliate_id in names)),
             day=format_date(max(day for _a, day in recent)))


def shared_titles() -> list[tuple[int, str]]:
    """The shared objectives the reader may see (one whose plan was narrowed after it was shared stays out)."""
    shared = queries.shared_objective_ids()
    return [(o.id, o.title) for o, _p in queries.objectives_with_plans(current_reader()) if o.id in shared]


def objectives_context() -> dict[str, Any]:
    """The coordinator's objectives and which of them may be shared (those of public plans)."""
    rows = queries.objectives_with_plans(current_reader())
    return {"rows": rows, "shared": queries.shared_objective_ids(),
            "shareable": {o.id for o, p in rows if sees_plan(Reader.audience(queries.SHARED_LEVEL), p.visibility)},
            "page_title": _("Shared objectives")}


def index_context(invite_form: forms.InviteForm) -> dict[str, Any]:
    every = queries.affiliations()
    tid = current_tenant_id()
    names = queries.forums({a.coordinator_id for a in every} | {a.affiliate_id for a in every})
    accept_form = forms.AcceptForm().fill_choices()
    accept_form.shares.data = [value for value, _label in forms.share_labels()]
    return {"rows": queries.affiliate_rows(), "objectives": shared_titles(), "names": names,
            "invited": [a for a in every if a.status == "pending" and a.coordinator_id == tid],
            "incoming": [a for a in every if a.status == "pending" and a.affiliate_id == tid],
            "memberships": [a for a in every if a.status == "active" and a.affiliate_id == tid],
            "ended": [a for a in every if a.status == "ended"], "share_labels": dict(forms.share_labels()),
            "ended_here": [a for a in every if a.status == "ended" and a.affiliate_id == tid and may_speak_for_forum()],
            "invite_form": invite_form, "accept_form": accept_form, "page_title": _("Affiliates"),
            "sex_labels": sex_labels()}


def _cell(value: Any, shared: bool = True) -> Any:  # noqa: ANN401
    """A figure as the CSV says it: a withheld one (a small count) says so, as the page does, not blank (issue 33)."""
    if not shared:
        return "not shared"
    return "withheld" if value is None else value


def csv_rows() -> tuple[list[str], list[list[Any]]]:
    objectives = shared_titles()
    header = ["forum", "address", "as_of", *[title for _id, title in objectives], "women_share", "last_plenary",
              "overdue_actions", "members_reachable"]
    rows = []
    for r in queries.affiliate_rows():
        f = r.figures
        progress = f.get("progress") or {}
        inclusion = f.get("inclusion") or {}
        if not r.snapshot:
            rows.append([r.forum.name if r.forum else "", r.forum.slug if r.forum else "", "",
                         *["" for _o in objectives], "", "", "", ""])
            continue
        by_progress, by_inclusion = "progress" in f, "inclusion" in f
        rows.append([r.forum.name if r.forum else "", r.forum.slug if r.forum else "", r.as_of,
                     *[_cell((progress.get(str(oid)) or {}).get("percent"), by_progress) for oid, _t in objectives],
                     _cell(inclusion.get("women_share"), by_inclusion),
                     _cell(inclusion.get("last_plenary"), by_inclusion), _cell(f.get("overdue"), by_progress),
                     _cell(inclusion.get("reachable"), by_inclusion)])
    return header, rows


def received_context() -> dict[str, Any]:
    reader = current_reader()
    own = queries.objectives_with_plans(reader)
    link_form = forms.LinkForm()
    link_form.objective_id.choices = [(o.id, f"{o.title} ({p.title})") for o, p in own]
    return {"received": queries.received(), "links": queries.links(reader), "link_form": link_form,
            "page_title": _("Objectives shared with us")}
