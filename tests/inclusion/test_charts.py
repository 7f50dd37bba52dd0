"""The dashboard's charts as data: coordinates, the target band, months without data."""
from __future__ import annotations

from datetime import date

from webapp.inclusion import charts


def test_bars_band_and_months_without_data():
    series = [(date(2026, 1, 1), 0.5), (date(2026, 2, 1), None), (date(2026, 3, 1), 1.0), (date(2026, 4, 1), 0.0)]
    chart = charts.bar_chart(series, title="Women", desc="d", max_value=1, band=(0.4, 0.6),
                             value_text=lambda v: f"{round(v * 100)}%")
    assert chart.width == 4 * charts.SLOT
    jan, feb, mar, apr = chart.bars
    assert [b.month for b in chart.bars] == ["Jan", "Feb", "Mar", "Apr"]
    assert (jan.value, mar.value, apr.value) == ("50%", "100%", "0%")
    assert mar.y == charts.PLOT_TOP and mar.height == charts.BASELINE - charts.PLOT_TOP
    assert jan.y == (charts.BASELINE + charts.PLOT_TOP) / 2 and apr.height == 0
    assert feb.missing and feb.value == "—" and not apr.missing  # no data is not a zero
    assert jan.centre == charts.SLOT / 2 and mar.x == 2 * charts.SLOT + (charts.SLOT - charts.BAR) / 2
    span = charts.BASELINE - charts.PLOT_TOP
    assert chart.band.y == round(charts.BASELINE - 0.6 * span, 1)
    assert chart.band.y + chart.band.height == round(charts.BASELINE - 0.4 * span, 1)


def test_scale_defaults_to_the_largest_value():
    chart = charts.bar_chart([(date(2026, 1, 1), 2), (date(2026, 2, 1), 4)], title="t", desc="d")
    assert chart.bars[1].y == charts.PLOT_TOP and chart.bars[0].value == "2" and chart.band is None
    assert charts.bar_chart([(date(2026, 1, 1), None)], title="t", desc="d").bars[0].missing
