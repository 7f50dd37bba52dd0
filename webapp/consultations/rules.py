"""What makes a public comment need a close look in the queue: links, or a long text (none is published without
the secretariat; these are flagged)."""
from __future__ import annotations

import re

REVIEW_LENGTH = 1500
LINK = re.compile(r"(https?://|www\.|\b[\w-]+\.(com|org|net|info|io|xyz|ru|cn)\b)", re.IGNORECASE)


def needs_a_look(body: str) -> bool:
    return bool(LINK.search(body)) or len(body) > REVIEW_LENGTH
