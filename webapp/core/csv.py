"""The one CSV writer of the project: every CSV Baraza writes (member roll, action plan, reports, the
per-forum export) goes through ``to_csv``, so that every cell is escaped against formula injection.

The rule (OWASP, "CSV Injection"): a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return is one a spreadsheet may run as a formula (``=HYPERLINK(...)``, ``+cmd|...``), so it
gets a leading ``'``, which spreadsheets show as text and do not display.

Numbers: a cell whose *value* is a number (``int``, ``float``, ``Decimal``; not ``bool``) is written
as it is, so ``Decimal("-5")`` stays ``-5`` and sums in a spreadsheet. A *text* cell is always
escaped, even ``"-5"``: text comes from people (names, phone numbers such as ``+233 …``), and
deciding which text "looks numeric" is exactly the guess an attacker plays with. Callers that mean a
number pass a number.

Files start with a UTF-8 byte order mark so that Excel reads them as UTF-8; lines end in CRLF
(RFC 4180); quoting is minimal.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

__all__ = ["FORMULA_START", "escape_cell", "to_csv"]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: object) -> str:
    """The text of a cell ('' for None), with a leading ' if a spreadsheet would run it as a formula."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(header: Sequence[object], rows: Iterable[Sequence[object]]) -> str:
    """CSV text (comma, minimal quoting, CRLF) starting with a BOM; every cell through ``escape_cell``."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=",", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([escape_cell(h) for h in header])
    for row in rows:
        writer.writerow([escape_cell(v) for v in row])
    return out.getvalue()
