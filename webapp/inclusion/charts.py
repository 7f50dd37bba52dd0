"""The dashboard's charts as plain data: a pure function from a month series to bars with coordinates,
labels, values and an optional target band. The Jinja macro `svg_chart` (inclusion/_checks.html) draws it
as inline SVG with SVG attributes and classes only (the CSP allows no inline style)."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

SLOT = 28          # width of one month in the viewBox
PLOT_TOP = 14      # room for the value above the tallest bar
BASELINE = 100     # y of the axis
HEIGHT = 118       # month labels below the axis
BAR = 18


@dataclass(frozen=True)
class Bar:
    month: str          # the month's label, in the reader's language
    value: str          # the value as text; "—" when there is no data
    x: float            # left edge of the bar
    y: float            # top of the bar (the plot's top when there is no data)
    height: float
    centre: float       # x of the labels
    missing: bool       # no data that month: drawn as an empty dashed box, never as 0


@dataclass(frozen=True)
class Band:
    y: float
    height: float


@dataclass(frozen=True)
class Chart:
    title: str
    desc: str
    width: float
    height: float
    baseline: float
    bars: list[Bar]
    band: Band | None = None
    note: str = ""  # said under the chart, on screen (the target band: what the shading means)


def _y(value: float, max_value: float) -> float:
    return round(BASELINE - min(max(value / max_value, 0.0), 1.0) * (BASELINE - PLOT_TOP), 1)


def bar_chart(series: Sequence[tuple[date, float | None]], *, title: str, desc: str, max_value: float | None = None,
              band: tuple[float, float] | None = None, month_label: Callable[[date], str] = lambda d: d.strftime("%b"),
              value_text: Callable[[float], str] = lambda v: str(round(v)), note: str = "") -> Chart:
    """``series``: (first day of the month, value or None). ``max_value`` defaults to the largest value (at least
    1); ``band`` (low, high) in the values' unit is drawn behind the bars."""
    known = [v for _m, v in series if v is not None]
    top = max_value or max([*known, 1])
    bars = []
    for i, (month, v) in enumerate(series):
        x = i * SLOT + (SLOT - BAR) / 2
        if v is None:
            bars.append(Bar(month_label(month), "—", x, PLOT_TOP, BASELINE - PLOT_TOP, i * SLOT + SLOT / 2, True))
        else:
            y = _y(v, top)
            bars.append(Bar(month_label(month), value_text(v), x, y, round(BASELINE - y, 1), i * SLOT + SLOT / 2,
                            False))
    drawn = None
    if band is not None:
        high, low = _y(band[1], top), _y(band[0], top)
        drawn = Band(high, round(low - high, 1))
    return Chart(title, desc, len(series) * SLOT, HEIGHT, BASELINE, bars, drawn, note)


def trend_charts(trend: Sequence, women_range: tuple[float, float]) -> list[Chart]:
    """The dashboard's four charts of the last months (``trend``: services.Month), labelled in the reader's
    language; the women's share carries the target band."""
    from flask_babel import gettext as _

    from webapp.core.dates import format_date

    def label(d: date) -> str:
        return format_date(d, "MMM")

    first, last = (format_date(trend[0].start, "MMM y"), format_date(trend[-1].start, "MMM y")) if trend else ("", "")
    span = _("From %(first)s to %(last)s; months without data are drawn as empty dashed boxes.",
             first=first, last=last)
    low, high = women_range
    band_text = _("The shaded band is the target range, %(low)s%% to %(high)s%%.", low=round(low * 100),
                  high=round(high * 100))
    women = bar_chart([(m.start, m.women_share) for m in trend], max_value=1, band=(low, high), month_label=label,
                      value_text=lambda v: f"{round(v * 100)}%",
                      title=_("Women's share among those present"), desc=band_text + " " + span, note=band_text)
    meetings = bar_chart([(m.start, m.meetings) for m in trend], month_label=label,
                         title=_("Meetings held"), desc=span)
    notice = bar_chart([(m.start, m.notice_days) for m in trend], max_value=max(
        [30, *(m.notice_days or 0 for m in trend)]), month_label=label, title=_("Days of notice (average)"), desc=span)
    publish = bar_chart([(m.start, m.publication_days) for m in trend], max_value=max(
        [30, *(m.publication_days or 0 for m in trend)]), month_label=label,
        title=_("Days to publish outcomes (average)"), desc=span)
    return [women, meetings, notice, publish]
