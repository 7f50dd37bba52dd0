"""A report as a PDF (fpdf2): an optional cover, page numbers, charts drawn with the PDF's own lines and boxes, and
tables left-aligned and wrapped whose header row comes back on every page. Text in DejaVu Sans, embedded: it covers
Hausa's ɓ ɗ ƙ ƴ and every interface language (Debian's fonts-dejavu-core, installed by scripts/run and scripts/test).

The month charts are the dashboard's (webapp/inclusion/charts.py: coordinates in a viewBox, scaled here); the
horizontal bars (progress per objective, membership by constituency and gender) are drawn here."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _
from fpdf import FPDF
from fpdf.enums import TableCellFillMode
from fpdf.fonts import FontFace

from webapp.inclusion.charts import BAR, Chart

if TYPE_CHECKING:
    from webapp.reports.builders import Table

FONT_CANDIDATES = (
    os.environ.get("REPORT_FONT", ""),
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
)
INK = (33, 37, 41)
MUTED = (108, 117, 125)
BAND = (209, 231, 221)       # the target range, behind the bars
ACCENT = (13, 110, 253)
RULE = (173, 181, 189)
HEADING_FILL = (233, 236, 239)
# colours of a stacked bar's parts, in order (women, men, another gender, undisclosed …): told apart by lightness too
PALETTE = ((111, 66, 193), (32, 201, 151), (253, 126, 20), (173, 181, 189), (13, 202, 240))


class FontMissing(RuntimeError):
    pass


@dataclass
class HBars:
    """Horizontal bars, one row per label, each a stack of parts (value, legend index); ``scale`` is the full
    length's value (100 for percentages); ``legend`` names the parts when there are several."""
    title: str
    rows: list[tuple[str, list[float], str]]  # label, parts, the value written after the bar
    scale: float
    legend: list[str] = field(default_factory=list)


@dataclass
class Section:
    heading: str
    lines: list[str] = field(default_factory=list)
    charts: list[Any] = field(default_factory=list)  # Chart (months) or HBars
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    widths: tuple[int, ...] | None = None  # relative column widths


def font() -> str:
    for path in FONT_CANDIDATES:
        if path and os.path.exists(path):
            return path
    raise FontMissing("no Unicode font found: install fonts-dejavu-core or set REPORT_FONT")


class _Document(FPDF):
    def __init__(self, running_head: str, page_text: str) -> None:
        super().__init__(orientation="portrait", format="A4")
        self.running_head = running_head
        self.page_text = page_text  # "Page {page} of {nb}", in the reader's language
        self.skip_head = False

    def header(self) -> None:
        if self.page_no() == 1 and self.skip_head:
            return
        self.set_font("DejaVu", size=8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, self.running_head, new_x="LMARGIN", new_y="NEXT", align="L")
        self.set_draw_color(*RULE)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(3)
        self.set_text_color(*INK)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", size=8)
        self.set_text_color(*MUTED)
        self.cell(0, 6, self.page_text.replace("{page}", str(self.page_no())), align="C")
        self.set_text_color(*INK)


def render(table: Table, forum: str) -> bytes:
    pdf = _Document(f"{forum} · {table.title}", _("Page %(page)s of %(pages)s", page="{page}", pages="{nb}"))
    pdf.set_auto_page_break(auto=True, margin=18)
    regular = font()
    bold = regular.replace("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
    pdf.add_font("DejaVu", "", regular)
    pdf.add_font("DejaVu", "B", bold if os.path.exists(bold) else regular)
    pdf.set_title(table.title)
    pdf.set_author(forum)
    pdf.set_creator("Baraza")
    pdf.set_lang(table.locale.replace("_", "-") if table.locale else "en")
    if table.cover:
        _cover(pdf, table, forum)
    else:
        pdf.add_page()
        _title_block(pdf, table, forum)
    for line in table.totals:
        _paragraph(pdf, line)
    if table.totals:
        pdf.ln(2)
    for chart in table.charts:
        _chart(pdf, chart)
    if table.heading:
        _heading(pdf, table.heading)
    if table.rows:
        _table(pdf, table.header, table.rows, table.widths)
    for section in table.sections:
        _section(pdf, section)
    return bytes(pdf.output())


def _cover(pdf: _Document, table: Table, forum: str) -> None:
    pdf.skip_head = True
    pdf.add_page()
    pdf.set_y(70)
    pdf.set_font("DejaVu", size=13)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(0, 8, forum, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(1.2)
    pdf.line(pdf.l_margin, pdf.get_y() + 3, pdf.l_margin + 40, pdf.get_y() + 3)
    pdf.set_line_width(0.2)
    pdf.ln(8)
    pdf.set_text_color(*INK)
    pdf.set_font("DejaVu", "B", 26)
    pdf.multi_cell(0, 13, table.title, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("DejaVu", size=13)
    for line in (table.period, table.issued):
        if line:
            pdf.multi_cell(0, 8, line, align="L", new_x="LMARGIN", new_y="NEXT")
    if table.subtitle and table.subtitle != forum:
        pdf.ln(6)
        pdf.set_font("DejaVu", size=10)
        pdf.set_text_color(*MUTED)
        pdf.multi_cell(0, 6, table.subtitle, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(*INK)
    pdf.add_page()


def _title_block(pdf: _Document, table: Table, forum: str) -> None:
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(0, 8, table.title, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", size=10)
    for line in (table.subtitle, table.period, table.issued):
        if line and line != forum:
            pdf.multi_cell(0, 6, line, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def _paragraph(pdf: FPDF, text: str, size: float = 10) -> None:
    pdf.set_font("DejaVu", size=size)
    pdf.multi_cell(0, 5.5, text, align="L", new_x="LMARGIN", new_y="NEXT")


def _heading(pdf: FPDF, text: str) -> None:
    if pdf.get_y() > pdf.h - 60:
        pdf.add_page()
    pdf.ln(4)
    pdf.set_font("DejaVu", "B", 13)
    pdf.multi_cell(0, 7, text, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _section(pdf: FPDF, section: Section) -> None:
    _heading(pdf, section.heading)
    for line in section.lines:
        _paragraph(pdf, line)
    for chart in section.charts:
        _chart(pdf, chart)
    if section.rows:
        pdf.ln(1)
        _table(pdf, section.header, section.rows, section.widths)


def _table(pdf: FPDF, header: list[str], rows: list[list[str]], widths: tuple[int, ...] | None) -> None:
    pdf.set_font("DejaVu", size=9)
    pdf.set_fill_color(255)
    style = FontFace(emphasis="BOLD", fill_color=HEADING_FILL)
    with pdf.table(first_row_as_headings=True, repeat_headings=1, text_align="LEFT", align="LEFT", line_height=5,
                   col_widths=widths, headings_style=style, width=pdf.epw, padding=1.2,
                   cell_fill_mode=TableCellFillMode.NONE, borders_layout="HORIZONTAL_LINES") as grid:
        grid.row(header)
        for row in rows:
            grid.row([str(c) for c in row])
    pdf.ln(3)


def _chart(pdf: FPDF, chart: Chart | HBars) -> None:
    if isinstance(chart, HBars):
        _hbars(pdf, chart)
    else:
        _columns(pdf, chart)


def _chart_title(pdf: FPDF, title: str, needed: float) -> None:
    if pdf.get_y() + needed > pdf.h - 20:
        pdf.add_page()
    pdf.ln(2)
    pdf.set_font("DejaVu", "B", 10)
    pdf.multi_cell(0, 6, title, align="L", new_x="LMARGIN", new_y="NEXT")


def _columns(pdf: FPDF, chart: Chart) -> None:
    """The dashboard's month chart: its viewBox scaled to the page's width (at most 11 mm a month)."""
    scale = min(pdf.epw / max(float(chart.width), 1), 11 / 28)

    def mm(v: object) -> float:  # viewBox units (averages may come as Decimal) to millimetres
        return float(v) * scale  # type: ignore[arg-type]

    _chart_title(pdf, chart.title, mm(chart.height) + 20)
    x0, y0 = pdf.l_margin, pdf.get_y() + 2
    if chart.band is not None:
        pdf.set_fill_color(*BAND)
        pdf.rect(x0, y0 + mm(chart.band.y), mm(chart.width), mm(chart.band.height), style="F")
    pdf.set_draw_color(*RULE)
    pdf.line(x0, y0 + mm(chart.baseline), x0 + mm(chart.width), y0 + mm(chart.baseline))
    pdf.set_font("DejaVu", size=7)
    for bar in chart.bars:
        x, w = x0 + mm(bar.x), mm(BAR)
        if bar.missing:
            with pdf.local_context():
                pdf.set_dash_pattern(dash=1, gap=1)
                pdf.set_draw_color(*RULE)
                pdf.rect(x, y0 + mm(bar.y), w, mm(bar.height), style="D")
        elif bar.height > 0:
            pdf.set_fill_color(*ACCENT)
            pdf.rect(x, y0 + mm(bar.y), w, mm(bar.height), style="F")
        centre = x0 + mm(bar.centre)
        pdf.set_xy(centre - 8, y0 + mm(bar.y) - 4)
        pdf.cell(16, 4, bar.value, align="C")
        pdf.set_xy(centre - 8, y0 + mm(chart.baseline) + 1)
        pdf.cell(16, 4, bar.month, align="C")
    pdf.set_fill_color(255)
    pdf.set_xy(pdf.l_margin, y0 + mm(chart.height) + 1)
    if chart.desc:
        pdf.set_text_color(*MUTED)
        _paragraph(pdf, chart.desc, size=8)
        pdf.set_text_color(*INK)
    pdf.ln(3)


def _hbars(pdf: FPDF, chart: HBars) -> None:
    row_h, label_w, value_w = 6.0, min(60.0, pdf.epw * 0.35), 34.0
    bar_w = pdf.epw - label_w - value_w
    _chart_title(pdf, chart.title, row_h * min(len(chart.rows), 6) + 12)
    if chart.legend:
        pdf.set_font("DejaVu", size=8)
        x = pdf.l_margin
        y = pdf.get_y() + 1
        for i, name in enumerate(chart.legend):
            pdf.set_fill_color(*PALETTE[i % len(PALETTE)])
            pdf.rect(x, y + 1, 3, 3, style="F")
            width = pdf.get_string_width(name) + 8
            pdf.set_xy(x + 4, y)
            pdf.cell(width - 4, 5, name)
            x += width
        pdf.set_xy(pdf.l_margin, y + 6)
    pdf.set_font("DejaVu", size=8)
    for label, parts, value in chart.rows:
        lines = pdf.multi_cell(label_w - 2, 4, label, align="L", dry_run=True, output="LINES")
        h = max(row_h, 4 * len(lines) + 1)
        if pdf.get_y() + h > pdf.h - 20:
            pdf.add_page()
        y = pdf.get_y()
        pdf.set_xy(pdf.l_margin, y)
        pdf.multi_cell(label_w - 2, 4, label, align="L")
        pdf.set_fill_color(*HEADING_FILL)
        pdf.rect(pdf.l_margin + label_w, y + 0.5, bar_w, 4, style="F")
        x = pdf.l_margin + label_w
        for i, part in enumerate(parts):
            w = bar_w * max(0.0, min(part / chart.scale, 1.0)) if chart.scale else 0
            if w > 0:
                pdf.set_fill_color(*PALETTE[i % len(PALETTE)] if chart.legend else ACCENT)
                pdf.rect(x, y + 0.5, w, 4, style="F")
                x += w
        pdf.set_xy(pdf.l_margin + label_w + bar_w + 2, y)
        pdf.cell(value_w - 2, 5, value, align="L")
        pdf.set_xy(pdf.l_margin, y + h)
    pdf.set_fill_color(255)
    pdf.ln(3)
