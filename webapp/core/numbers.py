"""Numbers as people write them: ``0.0000`` → ``0``, ``1234.5000`` → ``1 234,5`` in French, with the unit after."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from babel.numbers import format_decimal
from flask_babel import get_locale


def plain_decimal(value: Decimal | int | float | str) -> Decimal:
    """``value`` without trailing zeros and never in scientific notation (``2.00E+2`` → ``200``)."""
    number = Decimal(str(value)).normalize()
    if number.as_tuple().exponent > 0:  # type: ignore[operator]  # 2E+2: put the zeros back as digits
        number = number.quantize(Decimal(1))
    return number


def format_number(value: Decimal | int | float | str | None, locale: str | None = None) -> str:
    """A number in the reader's locale, every significant decimal kept and no trailing zero; "" for None."""
    if value is None or value == "":
        return ""
    try:
        number = plain_decimal(value)
    except (InvalidOperation, ValueError):
        return str(value)
    return format_decimal(number, locale=locale or str(get_locale() or "en"), decimal_quantization=False)


def format_quantity(value: Decimal | int | float | str | None, unit: str | None = None,
                    locale: str | None = None) -> str:
    """``6`` with unit ``children`` → ``6 children``; "—" when there is no value."""
    if value is None or value == "":
        return "—"
    text = format_number(value, locale)
    return f"{text} {unit}" if unit else text


def plain_number(value: Decimal | int | float | str | None) -> str:
    """A number for an input field: no grouping, a point, no trailing zero (``22.5000`` → ``22.5``); "" for None.
    Services read it back whatever the reader's locale."""
    if value is None or value == "":
        return ""
    return format(plain_decimal(value), "f")
