"""Paragraphs of a draft and how a comment's anchor survives a new version (issue 37), as pure functions.

A draft is split into paragraphs at blank lines (a heading is a paragraph: a comment on it is a comment on that
agenda item). A comment keeps the paragraph's text as its author read it and its place. In a later version the
anchor is found again:

- the same text: the paragraph is unchanged (if it is there more than once, the one nearest its old place);
- else the paragraph most like it (difflib's ratio at least ``SIMILAR``), preferring the nearest place on a tie:
  the comment shows "the paragraph changed" there;
- else the paragraph is gone: the comment shows under the whole text, quoting what it was written on.

Inserting, removing or moving other paragraphs never loses an anchor; rewriting a paragraph beyond recognition
does, and says so.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

SIMILAR = 0.55
_BLANK = re.compile(r"\n[ \t]*\n")


def paragraphs(text: str) -> list[str]:
    """The non-empty paragraphs of a Markdown text, each stripped, line ends normalised."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [p.strip() for p in _BLANK.split(text) if p.strip()]


@dataclass(frozen=True)
class Place:
    index: int | None  # the paragraph in the current text; None: gone (or the comment is on the whole text)
    changed: bool = False


def locate(anchor_text: str, position: int | None, current: list[str]) -> Place:
    if position is None or not anchor_text:
        return Place(None)
    exact = [i for i, p in enumerate(current) if p == anchor_text]
    if exact:
        return Place(min(exact, key=lambda i: abs(i - position)))
    scored = [(SequenceMatcher(None, anchor_text, p, autojunk=False).ratio(), -abs(i - position), i)
              for i, p in enumerate(current)]
    best = max(scored, default=None)
    if best is None or best[0] < SIMILAR:
        return Place(None, changed=True)
    return Place(best[2], changed=True)
