"""User-written Markdown (minutes, notes) to safe HTML: a pure function that writes and reads alike use."""
from __future__ import annotations

import markdown
import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "h2", "h3", "h4", "blockquote", "code", "pre", "table",
                "thead", "tbody", "tr", "th", "td", "a", "hr"}


def render_markdown(body: str) -> str:
    """User-written Markdown to HTML, sanitised: no script, no style, no event handler, safe links only."""
    html = markdown.markdown(body or "", extensions=["tables", "sane_lists"], output_format="html")
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}, "th": {"align"}, "td": {"align"}},
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer nofollow")
