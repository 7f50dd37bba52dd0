"""The checks of DESIGN.md as pure functions over plain data: no database, no Flask.

Each returns a Result: a status (ok, warn, fail, or no_data when there are too few people or events
to judge), the figures, and nothing else — webapp/inclusion/explain.py turns it into one sentence in
the reader's language. `undisclosed` gender is counted apart and never guessed.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

OK, WARN, FAIL, NO_DATA = "ok", "warn", "fail", "no_data"
DISCLOSED = ("woman", "man", "another")


@dataclass(frozen=True)
class Targets:
    women_min: float = 0.4
    women_max: float = 0.6
    workforce_share: float | None = None  # the women's share of the national ASM workforce, if chosen instead
    max_constituency_share: float = 0.5
    notice_days: int = 14
    publication_days: int = 14
    regularity_months: int = 3
    youth_target: float | None = None
    min_people: int = 5
    floor_parity_fraction: float = 2 / 3  # voice in the room (FLOOR_FRACTION below)

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> Targets:
        known = {f: settings[f] for f in cls.__dataclass_fields__ if settings.get(f) is not None}
        return cls(**known)

    @property
    def women_range(self) -> tuple[float, float]:
        if self.workforce_share is not None:
            return max(0.0, self.workforce_share - 0.1), min(1.0, self.workforce_share + 0.1)
        return self.women_min, self.women_max


@dataclass(frozen=True)
class Result:
    key: str
    status: str
    figures: dict[str, Any] = field(default_factory=dict)


def gender(genders: Iterable[str], targets: Targets, key: str = "gender") -> Result:
    counts = Counter(genders)
    disclosed = sum(counts[g] for g in DISCLOSED)
    figures = {"women": counts["woman"], "men": counts["man"], "another": counts["another"],
               "undisclosed": counts["undisclosed"], "disclosed": disclosed}
    if disclosed < targets.min_people:
        return Result(key, NO_DATA, figures)
    share = counts["woman"] / disclosed
    low, high = targets.women_range
    figures.update(share=share, low=low, high=high)
    if low <= share <= high:
        return Result(key, OK, figures)
    distance = low - share if share < low else share - high
    return Result(key, WARN if distance <= 0.1 + 1e-9 else FAIL, figures)


def panel(genders: Iterable[str], targets: Targets) -> Result:
    """Who chairs and speaks. Panels are small, so the usual five-person floor would never judge them: any
    panel of two or more people who said their gender and no woman among them is a warning (the all-male
    panel); from five people on, the forum's women's range applies as for any group."""
    counts = Counter(genders)
    disclosed = sum(counts[g] for g in DISCLOSED)
    figures = {"women": counts["woman"], "disclosed": disclosed, "undisclosed": counts["undisclosed"]}
    if disclosed >= targets.min_people:
        return Result("panel", gender(genders=list(counts.elements()), targets=targets).status, figures)
    if disclosed < 2:
        return Result("panel", NO_DATA, figures)
    return Result("panel", OK if counts["woman"] else WARN, figures)


def constituencies(values: Iterable[str | None], core: Sequence[str], targets: Targets,
                   key: str = "constituencies") -> Result:
    counts = Counter(v for v in values if v)
    total = sum(counts.values())
    missing = [c for c in core if not counts[c]]
    figures: dict[str, Any] = {"total": total, "missing": missing, "counts": dict(counts)}
    if total < targets.min_people:
        return Result(key, NO_DATA, figures)
    largest, largest_n = counts.most_common(1)[0]
    figures.update(largest=largest, largest_share=largest_n / total, max_share=targets.max_constituency_share)
    if missing:
        return Result(key, FAIL, figures)
    if largest_n / total > targets.max_constituency_share:
        return Result(key, WARN, figures)
    return Result(key, OK, figures)


def miners_voice(values: Iterable[str | None], plenary: bool) -> Result:
    miners = sum(1 for v in values if v == "asm_miners")
    if not plenary:
        return Result("miners_voice", NO_DATA, {"miners": miners})
    return Result("miners_voice", OK if miners else WARN, {"miners": miners})


def youth(flags: Iterable[bool | None], targets: Targets) -> Result:
    known = [f for f in flags if f is not None]
    young = sum(1 for f in known if f)
    figures: dict[str, Any] = {"young": young, "known": len(known), "target": targets.youth_target}
    if len(known) < targets.min_people:
        return Result("youth", NO_DATA, figures)
    figures["share"] = young / len(known)
    if targets.youth_target is not None and figures["share"] < targets.youth_target:
        return Result("youth", WARN, figures)
    return Result("youth", OK, figures)


REACH_FIRST = ("asm_miners", "workers")  # the miners' and workers' constituencies first: the ones e-mail misses


def reach(people: Iterable[tuple[str | None, bool]], targets: Targets) -> Result:
    """The share of members reachable by at least one channel (e-mail that does not bounce, or SMS with a phone and
    consent), per constituency, the miners' and workers' first. Any constituency below 100 % is a warning; one below
    half, or artisanal miners below 100 %, a problem."""
    by: dict[str, list[int]] = {}
    for constituency, reachable in people:
        counts = by.setdefault(constituency or "other", [0, 0])
        counts[0] += 1 if reachable else 0
        counts[1] += 1
    order = [k for k in REACH_FIRST if k in by] + sorted(k for k in by if k not in REACH_FIRST)
    per = {k: {"reached": by[k][0], "total": by[k][1], "share": by[k][0] / by[k][1]} for k in order}
    reached, total = sum(v[0] for v in by.values()), sum(v[1] for v in by.values())
    figures: dict[str, Any] = {"reached": reached, "total": total, "per": per}
    if total < targets.min_people:
        return Result("reach", NO_DATA, figures)
    figures["share"] = reached / total
    if any(v["share"] < 0.5 for v in per.values()) or per.get("asm_miners", {"share": 1.0})["share"] < 1.0:
        return Result("reach", FAIL, figures)
    if reached < total:
        return Result("reach", WARN, figures)
    return Result("reach", OK, figures)


def language(spoken: Iterable[Sequence[str]], meeting_languages: Sequence[str],
             pairs: Iterable[tuple[str, str]] = ()) -> Result:
    """Does everyone speak a language of the meeting? ``meeting_languages``: the meeting's and those it is interpreted
    into; ``pairs`` (issue 46): interpretation from one language into another (tw -> en, en -> tw). Someone whose
    only language is interpreted into but not from (en -> tw without tw -> en) hears the meeting but cannot be heard:
    counted ``one_way``, a warning too."""
    people = [{lang.split("-")[0] for lang in langs} for langs in spoken]
    pairs = [(a.split("-")[0], b.split("-")[0]) for a, b in pairs]
    offered = set(meeting_languages) | {b for _a, b in pairs}
    voiced = set(meeting_languages) | {a for a, _b in pairs}
    left_out = sum(1 for langs in people if langs and not offered & langs)
    one_way = sum(1 for langs in people if offered & langs and not voiced & langs)
    unknown = sum(1 for langs in people if not langs)
    figures = {"left_out": left_out, "people": len(people), "unknown": unknown, "one_way": one_way}
    if len(people) - unknown == 0:
        return Result("language", NO_DATA, figures)
    return Result("language", WARN if left_out or one_way else OK, figures)


def papers_languages(papers: Iterable[set[str]], working: Sequence[str]) -> Result:
    """Issue 27: each of a coming meeting's papers (the set of languages it exists in, its versions included)
    should exist in every working language of the forum."""
    papers = list(papers)
    missing = sum(1 for langs in papers if not set(working) <= langs)
    figures = {"missing": missing, "papers": len(papers), "languages": list(working)}
    if not papers or len(working) < 2:
        return Result("papers_language", NO_DATA, figures)
    return Result("papers_language", WARN if missing else OK, figures)


def early_notice(notified_at: datetime | None, start_at: datetime, targets: Targets,
                 now: datetime | None = None) -> Result:
    """Before notice goes out, judges notice sent now; afterwards, the notice actually sent."""
    sent = notified_at or now
    if sent is None:
        return Result("early_notice", NO_DATA, {})
    days = (start_at - sent) / timedelta(days=1)
    figures = {"days": math.floor(days), "target": targets.notice_days, "sent": notified_at is not None}
    if days >= targets.notice_days:
        return Result("early_notice", OK, figures)
    return Result("early_notice", WARN if days >= targets.notice_days / 2 else FAIL, figures)


def publication(end_at: datetime, published_at: datetime | None, now: datetime, targets: Targets) -> Result:
    if end_at > now:
        return Result("publication", NO_DATA, {})
    lag = ((published_at or now) - end_at) / timedelta(days=1)
    figures = {"days": math.floor(lag), "target": targets.publication_days, "published": published_at is not None}
    if published_at is not None and lag <= targets.publication_days:
        return Result("publication", OK, figures)
    if published_at is None and lag <= targets.publication_days:
        return Result("publication", NO_DATA, figures)  # still within the allowed time
    return Result("publication", WARN if lag <= 2 * targets.publication_days else FAIL, figures)


def regularity(plenaries: Iterable[datetime], now: datetime, targets: Targets) -> Result:
    """At least one plenary held in every period of N months over the last year."""
    held = sorted(d for d in plenaries if d <= now)
    window = timedelta(days=30.44 * targets.regularity_months)
    figures: dict[str, Any] = {"months": targets.regularity_months, "held": len([d for d in held
                                                                                 if d >= now - timedelta(days=365)])}
    if not held:
        return Result("regularity", FAIL, figures)
    figures["since_last_days"] = math.floor((now - held[-1]) / timedelta(days=1))
    gaps = [b - a for a, b in zip([now - timedelta(days=365), *held], [*held, now], strict=False)
            if b >= now - timedelta(days=365)]
    longest = max(gaps) if gaps else now - held[-1]
    figures["longest_gap_days"] = math.floor(longest / timedelta(days=1))
    if now - held[-1] > window:
        return Result("regularity", FAIL if now - held[-1] > 2 * window else WARN, figures)
    return Result("regularity", OK if longest <= window else WARN, figures)


def relevance(count: int, answered: int, accepted: int) -> Result:
    """Relevant (its outcomes affect policy), read from the recommendations' uptake: ok when at least half of them
    were accepted in whole or in part, a warning when some were answered, a problem when none was; no data without
    a recommendation. Shown beside the self-assessment's answer, not in its place."""
    figures = {"count": count, "answered": answered, "accepted": accepted}
    if not count:
        return Result("relevance", NO_DATA, figures)
    figures.update(answered_share=answered / count, accepted_share=accepted / count)
    if accepted * 2 >= count:
        return Result("relevance", OK, figures)
    return Result("relevance", WARN if answered else FAIL, figures)


def worst(results: Iterable[Result]) -> str:
    """The scorecard's status for a group of checks: the worst judged one; no_data if none judged."""
    order = {FAIL: 3, WARN: 2, OK: 1}
    judged = [r.status for r in results if r.status in order]
    return max(judged, key=order.__getitem__) if judged else NO_DATA


FLOOR_FRACTION = 2 / 3  # a group's share of floor time may fall to this fraction of its share of those present


def voice_in_the_room(floor: dict[str, tuple[int, int]], present: dict[str, int],
                      fraction: float = FLOOR_FRACTION, key: str = "voice") -> Result:
    """Share of interventions and of speaking time by group (gender or constituency) against its share of those
    present: a warning when a present group's share of floor time falls under ``fraction`` of its share present.
    ``floor`` maps a group to (interventions, seconds); ``present`` to people present. Undisclosed gender and people
    of no constituency are shown but never judged."""
    apart = ("undisclosed", "none")
    people = sum(n for g, n in present.items() if g not in apart)
    turns = sum(n for g, (n, _s) in floor.items() if g not in apart)
    seconds = sum(s for g, (_n, s) in floor.items() if g not in apart)
    groups = []
    for g in sorted(set(present) | set(floor)):
        n, s = floor.get(g, (0, 0))
        share_present = present.get(g, 0) / people if people and g not in apart else None
        share_turns = n / turns if turns and g not in apart else None
        share_time = s / seconds if seconds and g not in apart else None
        low = share_present is not None and share_time is not None and share_present > 0 \
            and share_time < fraction * share_present
        groups.append({"group": g, "present": present.get(g, 0), "interventions": n, "seconds": s,
                       "share_present": share_present, "share_interventions": share_turns,
                       "share_time": share_time, "low": low})
    figures = {"groups": groups, "fraction": fraction, "seconds": seconds, "interventions": turns,
               "low": [x["group"] for x in groups if x["low"]]}
    if not seconds or not people:
        return Result(key, NO_DATA, figures)
    return Result(key, WARN if figures["low"] else OK, figures)


@dataclass(frozen=True)
class Candidate:
    """A member not yet invited who could be: their gender, and whether they are the alternate of a man invited (the
    women alternates of delegations whose titular is a man come first)."""

    member_id: int
    name: str
    gender: str
    alternate_of_man: bool = False
    constituency: str | None = None
    young: bool | None = None
    organisation: str | None = None  # its acronym or name, to say whose alternate is invited

    @property
    def label(self) -> str:
        return f"{self.name} ({self.organisation})" if self.organisation else self.name


def gender_remedy(invited: list[str], candidates: Iterable[Candidate], targets: Targets) -> dict[str, Any] | None:
    """The fewest women from ``candidates`` whose invitation brings the invitees' women's share into the target range
    (issue 39), with the share it would reach: ``{"ids", "names", "share", "status"}``; None when the check does not
    warn for too few women, or no candidate would help."""
    before = gender(invited, targets)
    if before.status not in (WARN, FAIL) or before.figures["share"] >= before.figures["low"]:
        return None
    women = sorted((c for c in candidates if c.gender == "woman"), key=lambda c: (not c.alternate_of_man, c.name))
    chosen: list[Candidate] = []
    for c in women:
        chosen.append(c)
        after = gender(invited + ["woman"] * len(chosen), targets)
        if after.status == OK:
            return {"ids": [x.member_id for x in chosen], "names": [x.label for x in chosen],
                    "share": after.figures["share"], "status": after.status}
    return None


@dataclass(frozen=True)
class Invitee:
    """Someone invited, as the checks see them."""

    gender: str
    constituency: str | None = None
    young: bool | None = None


def first(c: Candidate) -> tuple[bool, bool, bool, str]:
    """The roll's order for a remedy: women alternates of men invited (a delegation whose titular is a man), then
    other women, then alternates, then the others; by name."""
    return (not (c.gender == "woman" and c.alternate_of_man), c.gender != "woman", not c.alternate_of_man, c.name)


def _reached(invited: list[Invitee], chosen: list[Candidate], core: Sequence[str], targets: Targets,
             plenary: bool) -> dict[str, Any]:
    """The figures the checks would reach with ``chosen`` invited too."""
    after = invited + [Invitee(x.gender, x.constituency, x.young) for x in chosen]
    women = gender([p.gender for p in after], targets)
    groups = constituencies([p.constituency for p in after], core, targets)
    young = youth([p.young for p in after], targets)
    return {"ids": [x.member_id for x in chosen], "names": [x.label for x in chosen],
            "women": women.figures.get("share"), "women_status": women.status, "missing": groups.figures["missing"],
            "constituencies_status": groups.status, "youth": young.figures.get("share"),
            "miners": miners_voice([p.constituency for p in after], plenary).status == OK}


def group_remedies(invited: list[Invitee], candidates: Iterable[Candidate], core: Sequence[str], targets: Targets,
                   plenary: bool) -> dict[str, dict[str, Any]]:
    """Issue 39: for each balance check before a meeting that a group missing from the invitees makes warn, the
    fewest members of the roll not yet invited who would mend it, and the figures the checks would then reach:

    - ``constituencies``: a core constituency has nobody invited — one of each missing one;
    - ``miners_voice``: a plenary without artisanal miners — one miner;
    - ``youth``: young people's share below the forum's target — the fewest young people reaching it.

    Within the group the women alternates of men invited come first, then women, then alternates (``first``), so the
    remedy does not cost the women's share. A check the roll cannot mend gets no remedy (no false promise)."""
    pool = sorted(candidates, key=first)
    out: dict[str, dict[str, Any]] = {}
    groups = constituencies([p.constituency for p in invited], core, targets)
    if groups.status == FAIL and groups.figures["missing"]:
        picks = [next((x for x in pool if x.constituency == k), None) for k in groups.figures["missing"]]
        if all(picks):
            out["constituencies"] = _reached(invited, [x for x in picks if x], core, targets, plenary)
    if miners_voice([p.constituency for p in invited], plenary).status == WARN:
        miner = next((x for x in pool if x.constituency == "asm_miners"), None)
        if miner is not None:
            out["miners_voice"] = _reached(invited, [miner], core, targets, plenary)
    if youth([p.young for p in invited], targets).status == WARN:
        chosen: list[Candidate] = []
        for x in (x for x in pool if x.young):
            chosen.append(x)
            if youth([p.young for p in invited] + [True] * len(chosen), targets).status == OK:
                out["youth"] = _reached(invited, chosen, core, targets, plenary)
                break
    return out


def panel_remedy(speakers: list[str], available: Iterable[Candidate], targets: Targets) -> dict[str, Any] | None:
    """Issue 39: an all-male panel (or one short of women, from five people on): the fewest women — invitees without
    a part first, as ``available`` lists them, then the roll's — whom asking to speak makes the panel check pass, with
    the panel it would make: ``{"ids", "names", "women", "people", "status"}``; None when it passes or none would."""
    if panel(speakers, targets).status not in (WARN, FAIL):
        return None
    chosen: list[Candidate] = []
    for x in (x for x in available if x.gender == "woman"):
        chosen.append(x)
        after = panel(speakers + ["woman"] * len(chosen), targets)
        if after.status == OK:
            return {"ids": [y.member_id for y in chosen], "names": [y.label for y in chosen],
                    "women": after.figures["women"], "people": after.figures["disclosed"], "status": OK}
    return None


def rotation_remedy(chairs: list[tuple[int, str, int]], women: dict[int, Candidate],
                    targets: Targets) -> dict[str, Any] | None:
    """Issue 39, webinar series: the chairs' women's share too low — the fewest organisations of the rotation (the
    ones with the most sessions first) whose contact, a man, a woman of the same organisation could replace, and the
    share the chairs would then reach. ``chairs``: (organisation, its contact's gender, sessions chaired and planned);
    ``women``: an organisation's woman who is not its contact. ``{"orgs", "ids", "names", "share", "status"}``; None
    when the check passes or no change of contact would make it."""
    before = gender([g for _o, g, n in chairs for _ in range(n)], targets)
    if before.status not in (WARN, FAIL) or before.figures["share"] >= before.figures["low"]:
        return None
    swapped: list[int] = []
    for org, g, _n in sorted(chairs, key=lambda x: (-x[2], x[0])):
        if g == "woman" or org not in women:
            continue
        swapped.append(org)
        after = gender(["woman" if o in swapped else x for o, x, n in chairs for _ in range(n)], targets)
        if after.status == OK:
            return {"orgs": swapped, "ids": [women[o].member_id for o in swapped],
                    "names": [women[o].label for o in swapped], "share": after.figures["share"], "status": OK}
    return None
