"""Visibility is decided in one place (webapp/core/visibility.py, DESIGN.md "Visibility: one rule by reader"):
no module or template outside it compares a visibility column or builds its own list of levels, and a restricted
proposal reaches no member through the surfaces that used to filter by hand (the proposals list and page, the
forum home's "for your answer", the proposal's e-mail)."""
from __future__ import annotations

import re
from pathlib import Path

from tests.proposals.test_proposals import _open, _setup

ROOT = Path(__file__).resolve().parents[2]
# The rule itself, and the action items' part of it (their effective level as SQL: webapp/actions/visibility.py).
THE_RULE = {"webapp/core/visibility.py", "webapp/actions/visibility.py"}
AD_HOC = re.compile(r"visibility\s*(==|!=)|visibility\.(in_|not_in)\(|\bvisible_levels\b|\.levels\b(?!\()")


def ad_hoc_filters(source: str) -> list[str]:
    """The lines of ``source`` that decide visibility by hand."""
    return [line.strip() for line in source.splitlines() if AD_HOC.search(line)]


def test_no_visibility_filter_outside_the_rule():
    found = {}
    for path in sorted((ROOT / "webapp").rglob("*")):
        rel = str(path.relative_to(ROOT))
        if path.suffix not in (".py", ".html", ".txt", ".xml") or rel in THE_RULE:
            continue
        lines = ad_hoc_filters(path.read_text(encoding="utf-8"))
        if lines:
            found[rel] = lines
    assert not found, f"visibility decided outside webapp/core/visibility.py: {found}"


def test_the_filter_rule_catches_a_violating_module():
    violating = '''
    stmt = select(Meeting).where(Meeting.visibility == "public")
    levels = visible_levels(staff)
    rows = select(Proposal).where(Proposal.visibility.in_(current_reader().levels))
    {% if m.visibility != "restricted" %}
    '''
    assert len(ad_hoc_filters(violating)) == 4
    assert not ad_hoc_filters('choices = list(labels.levels().items())\nvis.public_sql(Meeting.visibility)')


def test_a_restricted_proposal_reaches_no_member(app, client, auth, factory, smtp, run_worker, queue_redis,
                                                 two_forums):
    cid, people = _setup(app, factory, two_forums)
    auth.login(two_forums["a_sec"]["email"])
    ids = {level: _open(client, auth, cid, title=f"Proposal {level}-word", text=f"Text {level}-body",
                        visibility=level) for level in ("public", "members", "restricted")}
    run_worker()
    assert "restricted-word" in client.get("/t/forum-a/proposals/").get_data(as_text=True)  # staff: every level
    auth.logout()

    auth.login(people["gov"]["email"])  # a member holding a seat on all three
    listed = client.get("/t/forum-a/proposals/").get_data(as_text=True)
    assert "public-word" in listed and "members-word" in listed and "restricted-word" not in listed
    assert client.get(f"/t/forum-a/proposals/{ids['members']}").status_code == 200
    assert client.get(f"/t/forum-a/proposals/{ids['restricted']}").status_code == 404
    home = client.get("/t/forum-a/").get_data(as_text=True)
    assert "members-word" in home and "restricted-word" not in home

    mails = {m["Subject"]: m.get_body(("plain",)).get_content() for m in smtp.to(people["gov"]["email"])}
    bodies = {level: next(b for s, b in mails.items() if f"{level}-word" in s) for level in ids}
    assert "members-body" in bodies["members"] and "public-body" in bodies["public"]
    assert "restricted-body" not in bodies["restricted"]  # the link may be forwarded: the text stays behind sign-in
