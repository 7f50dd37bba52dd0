"""Numbers as people write them: no trailing zeros, never scientific notation, the reader's locale (issue 19)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from webapp.core.numbers import format_number, format_quantity, plain_number


@pytest.mark.parametrize(("value", "locale", "expected"), [
    (Decimal("0.0000"), "en", "0"),
    (Decimal("6.0000"), "en", "6"),
    (Decimal("200.0000"), "fr", "200"),
    (Decimal("2E+2"), "en", "200"),
    (Decimal("1E+6"), "en", "1,000,000"),
    (Decimal("1234.5000"), "en", "1,234.5"),
    (Decimal("1234.5000"), "fr", "1\u202f234,5"),
    (Decimal("1234.5000"), "es", "1.234,5"),
    (Decimal("0.1250"), "fr", "0,125"),
    (Decimal("-3.5"), "sw", "-3.5"),
])
def test_numbers_in_the_readers_locale_without_trailing_zeros(value, locale, expected):
    assert format_number(value, locale) == expected


def test_quantity_with_its_unit_and_a_dash_for_nothing():
    assert format_quantity(Decimal("200.0000"), "children", "en") == "200 children"
    assert format_quantity(Decimal("6.0000"), None, "en") == "6"
    assert format_quantity(None, "children", "en") == "—"
    assert plain_number(Decimal("22.5000")) == "22.5" and plain_number(Decimal("2E+2")) == "200"
    assert plain_number(None) == ""
