"""One sentence per check result, in the reader's language, with the figures."""
from __future__ import annotations

from flask_babel import format_percent
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp.core.i18n import LANGUAGES
from webapp.inclusion.checks import FAIL, NO_DATA, OK, WARN, Result


def status_labels() -> dict[str, str]:
    return {OK: _l("OK"), WARN: _l("Warning"), FAIL: _l("Problem"), NO_DATA: _l("Not enough data")}


# the checks' titles, translated when shown (lazy strings): built once, not for every result a page shows
_TITLES = {"gender": _l("Gender balance"), "attendance_gender": _l("Gender balance of those present"),
           "constituencies": _l("Constituencies"), "miners_voice": _l("Voice of miners"), "youth": _l("Youth"),
           "language": _l("Language"), "early_notice": _l("Early notice"), "publication": _l("Transparency"),
           "regularity": _l("Regularity"), "owners_gender": _l("Gender of action owners"),
           "owners_constituencies": _l("Constituencies of action owners"),
           "panel": _l("Speakers and chairs"), "reach": _l("Reached by e-mail or SMS"),
           "papers_language": _l("Papers in the forum's languages"),
           "voice_gender": _l("Floor time by gender"), "voice_constituency": _l("Floor time by constituency"),
           "relevance": _l("Uptake of the recommendations")}


def titles() -> dict[str, str]:
    return dict(_TITLES)


def title(key: str) -> str:
    """A check's title in the reader's language (the key itself for an unknown check)."""
    return _TITLES.get(key, key)


def _pct(x: float) -> str:
    return format_percent(x, format="#,##0%")


def sentence(r: Result) -> str:
    f = r.figures
    if r.key in ("gender", "attendance_gender", "owners_gender"):
        if r.status == NO_DATA:
            return _("Fewer than 5 people have said their gender (%(undisclosed)d did not say): too few to judge.",
                     undisclosed=f.get("undisclosed", 0))
        return _("Women are %(share)s of those who said their gender (target %(low)s to %(high)s); "
                 "%(undisclosed)d did not say.", share=_pct(f["share"]), low=_pct(f["low"]), high=_pct(f["high"]),
                 undisclosed=f["undisclosed"])
    if r.key == "panel":
        if r.status == NO_DATA:
            return _("Mark who chairs and who speaks in the list of invitees to check their balance.")
        return _("%(women)d women among the %(n)d speakers and chairs who said their gender.", women=f["women"],
                 n=f["disclosed"])
    if r.key in ("constituencies", "owners_constituencies"):
        if r.status == NO_DATA:
            return _("Fewer than 5 people: too few to judge.")
        if f["missing"]:
            from webapp.members.labels import constituencies

            names = ", ".join(str(constituencies().get(c, c)) for c in f["missing"])
            return _("No one from a core constituency: %(missing)s.", missing=names)
        from webapp.members.labels import constituencies

        return _("The largest constituency, %(name)s, is %(share)s (at most %(max)s).",
                 name=constituencies().get(f["largest"], f["largest"]), share=_pct(f["largest_share"]),
                 max=_pct(f["max_share"]))
    if r.key == "miners_voice":
        if r.status == NO_DATA:
            return _("Only checked for plenary meetings.")
        return _("%(n)d artisanal miners' representatives.", n=f["miners"]) if r.status == OK else \
            _("No artisanal miners' association is invited to this plenary.")
    if r.key == "reach":
        from webapp.members.labels import constituencies

        names = constituencies()
        per = ", ".join(f"{names.get(k, k)} {v['reached']}/{v['total']}" for k, v in f["per"].items())
        if r.status == NO_DATA:
            return _("Fewer than 5 people: too few to judge.")
        return _("%(reached)d of %(total)d members can be reached by e-mail or SMS. By constituency: %(list)s.",
                 reached=f["reached"], total=f["total"], list=per)
    if r.key == "youth":
        if r.status == NO_DATA:
            return _("Too few people said whether they are under 35.")
        return _("People under 35: %(share)s.", share=_pct(f["share"]))
    if r.key == "language":
        if r.status == NO_DATA:
            return _("No one has said which languages they speak.")
        if r.status != OK and not f["left_out"] and f.get("one_way"):
            return _("%(n)d of %(total)d people hear the meeting through interpretation but nothing is interpreted "
                     "from their language: they cannot be heard.", n=f["one_way"], total=f["people"])
        return _("Everyone speaks a language of the meeting or of its interpretation.") if r.status == OK else \
            _("%(n)d of %(total)d people speak none of the meeting's languages: consider interpretation.",
              n=f["left_out"], total=f["people"])
    if r.key == "papers_language":
        names = ", ".join(LANGUAGES.get(lc, lc) for lc in f["languages"])
        return _("Every paper exists in each of the forum's languages (%(languages)s).", languages=names) \
            if r.status == OK else _("%(n)d of %(total)d papers are not yet in each of the forum's languages "
                                     "(%(languages)s).", n=f["missing"], total=f["papers"], languages=names)
    if r.key == "early_notice":
        if r.status == NO_DATA:
            return _("Notice not sent yet.")
        return _("Notice %(days)d days before the meeting (at least %(target)d).", days=f["days"], target=f["target"])
    if r.key == "publication":
        if r.status == NO_DATA:
            return _("Not yet due.")
        if f["published"]:
            return _("Outcomes published %(days)d days after the meeting (at most %(target)d).", days=f["days"],
                     target=f["target"])
        return _("Outcomes not published %(days)d days after the meeting (at most %(target)d).", days=f["days"],
                 target=f["target"])
    if r.key == "regularity":
        if "since_last_days" not in f:
            return _("No plenary held yet.")
        return _("%(held)d plenaries in 12 months; the last was %(days)d days ago (one every %(months)d months "
                 "expected).", held=f["held"], days=f["since_last_days"], months=f["months"])
    if r.key in ("voice_gender", "voice_constituency"):
        return _voice(r)
    if r.key == "relevance":
        if r.status == NO_DATA:
            return _("No recommendation addressed to an institution yet.")
        return _("%(answered)d of %(count)d recommendations answered (%(answered_share)s), %(accepted)d accepted in "
                 "whole or in part (%(accepted_share)s).", answered=f["answered"], count=f["count"],
                 answered_share=_pct(f["answered_share"]), accepted=f["accepted"],
                 accepted_share=_pct(f["accepted_share"]))
    return ""


def voice_group(key: str, group: str) -> str:
    """A group of a voice-in-the-room check: a gender or a constituency, in the reader's language."""
    from webapp.members import labels

    if group == "none":
        return str(_("No constituency"))
    names = labels.genders() if key == "voice_gender" else labels.constituencies()
    return str(names.get(group, group))


def _voice(r: Result) -> str:
    f = r.figures
    if r.status == NO_DATA:
        return _("No floor time counted yet, or no one marked present.")
    if r.status == OK:
        return _("Every group's share of floor time is at least %(fraction)s of its share of those present.",
                 fraction=_pct(f["fraction"]))
    return _("Under %(fraction)s of their share of those present: %(groups)s.", fraction=_pct(f["fraction"]),
             groups=", ".join(voice_group(r.key, g) for g in f["low"]))
