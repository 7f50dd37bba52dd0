"""A QR code as inline SVG (no script, no style attribute: the CSP allows it), e.g. the printed notice's link to a
public meeting's page (issue 41)."""
from __future__ import annotations

import segno
from markupsafe import Markup


def svg(url: str, title: str) -> Markup:
    """``url`` as a QR code; ``title`` says what it opens (read by screen readers)."""
    code = segno.make(url, error="m").svg_inline(scale=3, dark="#111", light="#fff", title=title)
    return Markup(code)  # noqa: S704  (segno's own SVG, the URL and the title escaped by segno)
