"""Import and export of a forum's member roll as CSV: pure functions, no database, no request.

Typical use::

    result = parse(decode(upload.read()))      # CsvError for whole-file problems
    if result.errors: show each RowError (line as the spreadsheet shows it, column, message)
    else: create or update members from result.rows (keyed by email)

    text = to_csv(EXPORT_HEADER, (export_row(r) for r in rows))

Line numbers count records the way a spreadsheet counts rows: the header is line 1, the first
data row line 2; blank rows are skipped but still counted, and a quoted cell that spans several
physical lines stays one row. ``RowError.column`` is the canonical column name (``EXPORT_HEADER``),
whatever alias the file used.

Export goes through the project's one CSV writer (webapp.core.csv): cells that a spreadsheet would run
as a formula get a leading ``'``; on import a ``'``
directly followed by one of those characters is removed again, so an exported file (e.g. a phone
number ``+233 …``) re-imports to the same values.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from tenants.context import current_tenant
from webapp.core import phones
from webapp.core.csv import escape_cell, to_csv
from webapp.core.languages import member_choices, own_name
from webapp.core.permissions import ROLES
from webapp.core.text import is_one_line
from webapp.members.models import CONSTITUENCIES, GENDERS

__all__ = [
    "EXPORT_HEADER",
    "MAX_BYTES",
    "MAX_ROWS",
    "CsvError",
    "ParseResult",
    "RowData",
    "RowError",
    "decode",
    "escape_cell",
    "export_row",
    "parse",
    "to_csv",
]

MAX_BYTES = 2 * 1024 * 1024  # the default; the app reads ROLL_IMPORT_MAX_BYTES from its configuration
MAX_ROWS = 5000

EXPORT_HEADER: tuple[str, ...] = (
    "name", "email", "phone", "organisation", "acronym", "constituency", "role", "gender", "youth",
    "languages", "preferred_language", "region", "term_start", "term_end",
)
REQUIRED_COLUMNS: tuple[str, ...] = ("name",)  # and "email" or "phone": a member without e-mail is reached by SMS

# Normalised header (see _key) -> canonical column.
_ALIASES: dict[str, str] = {
    "organization": "organisation",
    "language": "languages",
    "languages_spoken": "languages",
    "locale": "preferred_language",
    "full_name": "name",
    "e_mail": "email",
    "mail": "email",
    "mobile": "phone",
    "telephone": "phone",
}

_MAX_LENGTHS: dict[str, int] = {"name": 200, "phone": 40, "organisation": 200, "acronym": 40, "region": 100}

_CONSTITUENCY_ALIASES: dict[str, str] = {
    "artisanal_miners": "asm_miners",
    "artisanal_and_small_scale_miners": "asm_miners",
    "asm_miner": "asm_miners",
    "development_partner": "development_partners",
    "employer": "employers",
    "worker": "workers",
}
_ROLE_ALIASES: dict[str, str] = {"vicechair": "vice_chair"}
_GENDER_ALIASES: dict[str, str] = {
    "f": "woman", "female": "woman", "w": "woman",
    "m": "man", "male": "man",
    "other": "another",
}
_YES = frozenset({"yes", "true", "1", "y", "oui", "sí", "si", "ndiyo", "i"})
_NO = frozenset({"no", "false", "0", "n", "non", "hapana", "a'a", "a’a"})

_DELIMITERS = (",", ";", "\t")
_LANGUAGE_SPLIT = re.compile(r"[;,/\s]+")
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_SPACES = re.compile(r"\s+")

_ErrorSink = Callable[[str, LazyString], None]  # the ``error`` callback of _read_row: (column, message)


class CsvError(ValueError):
    """The whole file cannot be used (empty, too large, not CSV, no name/email column, too many rows)."""

    def __init__(self, message: LazyString | str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


@dataclass(frozen=True)
class RowError:
    line: int
    column: str | None
    message: LazyString | str


@dataclass(frozen=True)
class RowData:
    line: int
    name: str
    email: str | None
    phone: str | None = None
    organisation: str | None = None
    acronym: str | None = None
    constituency: str | None = None
    role: str = "member"
    gender: str = "undisclosed"
    youth: bool | None = None
    languages: tuple[str, ...] = ()
    preferred_language: str | None = None
    region: str | None = None
    term_start: date | None = None
    term_end: date | None = None
    # the file's columns whose cell is empty on this line: for a member already on the roll, the value is cleared
    # (a column the file does not have changes nothing: ParseResult.columns)
    blank: tuple[str, ...] = field(default=(), compare=False)


@dataclass
class ParseResult:
    rows: list[RowData] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    columns: tuple[str, ...] = ()  # the canonical columns the file has (EXPORT_HEADER order)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


# --- decoding -------------------------------------------------------------------------------------------------

def decode(data: bytes, max_bytes: int = MAX_BYTES) -> str:
    """Bytes of an upload -> text with "\\n" newlines and no BOM. Raises CsvError."""
    if len(data) > max_bytes:
        megabytes = f"{max_bytes / (1024 * 1024):g}"
        raise CsvError(_l("The file is too large (over %(size)s MB). Split it into smaller files.", size=megabytes))
    if not data.strip():
        raise CsvError(_l("The file is empty. Choose a CSV file with a header row and one row per member."))
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise CsvError(_l("This is a spreadsheet file, not CSV. In your spreadsheet choose "
                          "“Save as” › “CSV UTF-8”, then upload that file."))
    try:
        if data.startswith(b"\xef\xbb\xbf"):
            text = data[3:].decode("utf-8")
        elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = data.decode("utf-16")  # reads and drops the BOM, either byte order
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise _not_csv() from None
    text = _normalise_text(text)
    if "\x00" in text:
        raise _not_csv()
    return text


def _not_csv() -> CsvError:
    return CsvError(_l("This file could not be read as CSV. Save it from your spreadsheet as "
                       "“CSV UTF-8” and try again."))


def _normalise_text(text: str) -> str:
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


# --- parsing --------------------------------------------------------------------------------------------------

def _key(value: str) -> str:
    """Header or choice value -> lower_case_with_underscores."""
    value = value.replace("\ufeff", "").strip().casefold()
    return re.sub(r"[\s_-]+", "_", value).strip("_")


def _detect_delimiter(text: str) -> str:
    first = next((line for line in text.split("\n") if line.strip()), "")
    counts = {d: first.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])  # ties: the first, i.e. comma
    return best if counts[best] else ","


def _cell(value: str) -> str:
    value = value.strip()
    if len(value) > 1 and value[0] == "'" and value[1] in "=+-@":
        value = value[1:]  # undo escape_cell
    return value


def parse(text: str) -> ParseResult:
    """Parse and validate a member roll. Raises CsvError for whole-file problems; row problems
    are collected in ``ParseResult.errors`` (every problem of every row)."""
    text = _normalise_text(text)
    if not text.strip():
        raise CsvError(_l("The file is empty. Choose a CSV file with a header row and one row per member."))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_detect_delimiter(text))
    result = ParseResult()
    columns: dict[str, int] | None = None
    seen_emails: dict[str, int] = {}
    count = 0
    try:
        for line, record in enumerate(reader, start=1):
            cells = [_cell(c) for c in record]
            if not any(cells):
                continue
            if columns is None:
                columns = _read_header(record, result)
                result.columns = tuple(c for c in EXPORT_HEADER if c in columns)
                continue
            count += 1
            if count > MAX_ROWS:
                raise CsvError(_l("The file has more than %(max)s rows. Split it into smaller files.", max=MAX_ROWS))
            values = {col: (cells[i] if i < len(cells) else "") for col, i in columns.items()}
            _read_row(line, values, result, seen_emails)
    except csv.Error:
        raise _not_csv() from None
    return result


def _read_header(record: list[str], result: ParseResult) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, raw in enumerate(record):
        label = raw.replace("\ufeff", "").strip()
        key = _key(label)
        column = _ALIASES.get(key, key)
        if column in EXPORT_HEADER and column not in columns:
            columns[column] = index
        elif label:
            result.ignored_columns.append(label)
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if "email" not in columns and "phone" not in columns:
        missing.append("email / phone")
    if missing:
        raise CsvError(_l("The first row must name the columns, including “name” and “email” or “phone”. "
                          "Missing: %(columns)s.",
                          columns=", ".join(missing)))
    return columns


def _read_row(line: int, values: dict[str, str], result: ParseResult, seen_emails: dict[str, int]) -> None:
    errors: list[RowError] = []

    def error(column: str, message: LazyString) -> None:
        errors.append(RowError(line, column, message))

    def text(column: str) -> str | None:
        value = _SPACES.sub(" ", values.get(column, ""))  # line breaks in a cell become spaces
        if not is_one_line(value):
            error(column, _l("This cell contains an invisible control character. Retype it in your spreadsheet, "
                             "save as CSV again and upload the file."))
        limit = _MAX_LENGTHS[column]
        if len(value) > limit:
            error(column, _l("Too long (%(length)s characters). Shorten it to %(max)s characters or fewer.",
                             length=len(value), max=limit))
        return value or None

    name = text("name")
    if name is None:
        error("name", _l("The name is missing. Enter the member’s full name."))

    phone = _phone(text("phone"), error)
    email = _email(values.get("email", ""), error) if (values.get("email") or not phone) else None
    if email is not None:
        if email in seen_emails:
            error("email", _l("This email address is already on line %(line)s. Each member needs their own "
                              "email address.", line=seen_emails[email]))
        else:
            seen_emails[email] = line
    elif phone is not None and not values.get("email"):  # phone-only members are kept by their number
        if phone in seen_emails:
            error("phone", _l("This phone number is already on line %(line)s. A member without an email address "
                              "needs their own phone number.", line=seen_emails[phone]))
        else:
            seen_emails[phone] = line
    organisation = text("organisation")
    acronym = text("acronym")
    region = text("region")
    raw = {c: values.get(c, "") for c in ("constituency", "role", "gender", "youth", "preferred_language")}
    constituency = _choice(raw["constituency"], CONSTITUENCIES, _CONSTITUENCY_ALIASES)
    if raw["constituency"] and constituency is None:
        error("constituency", _l("Unknown constituency “%(value)s”. Use one of: %(choices)s.",
                                 value=raw["constituency"], choices=", ".join(CONSTITUENCIES)))
    role = _choice(raw["role"], ROLES, _ROLE_ALIASES)
    if raw["role"] and role is None:
        error("role", _l("Unknown role “%(value)s”. Use one of: %(choices)s.",
                         value=raw["role"], choices=", ".join(ROLES)))
    gender = _choice(raw["gender"], GENDERS, _GENDER_ALIASES)
    if raw["gender"] and gender is None:
        error("gender", _l("Unknown gender “%(value)s”. Use woman, man, another or undisclosed, or leave it empty.",
                           value=raw["gender"]))
    youth = _youth(raw["youth"])
    if raw["youth"] and youth is None:
        error("youth", _l("Youth must be yes or no, or left empty, not “%(value)s”.", value=raw["youth"]))
    languages = _languages(values.get("languages", ""), error)
    preferred = _preferred_language(raw["preferred_language"])
    if raw["preferred_language"] and preferred is None:
        error("preferred_language", _l("Unknown preferred language “%(value)s”. Use one of: %(choices)s, "
                                       "or leave it empty.",
                                       value=raw["preferred_language"], choices=", ".join(dict(member_choices()))))
    term_start = _date(values.get("term_start", ""), "term_start", error)
    term_end = _date(values.get("term_end", ""), "term_end", error)
    if term_start and term_end and term_end < term_start:
        error("term_end", _l("The term ends before it starts. Check term_start and term_end."))

    if errors or name is None or (email is None and phone is None):
        result.errors.extend(errors)
        return
    result.rows.append(RowData(
        line=line, name=name, email=email, phone=phone, organisation=organisation, acronym=acronym,
        constituency=constituency, role=role or "member", gender=gender or "undisclosed",
        youth=youth, languages=languages, preferred_language=preferred, region=region,
        term_start=term_start, term_end=term_end,
        blank=tuple(c for c in EXPORT_HEADER if c in values and not values[c]),
    ))


def _phone(value: str | None, error: _ErrorSink) -> str | None:
    """E.164, the forum's country the default region for numbers written without their country code."""
    if not value:
        return None
    tenant = current_tenant()
    try:
        return phones.normalise(value, tenant.country if tenant else None)
    except phones.InvalidPhone:
        error("phone", _l("“%(value)s” is not a valid phone number. Write it with its country code, e.g. "
                          "+233 20 123 4567.", value=value[:40]))
        return None


def _email(value: str, error: _ErrorSink) -> str | None:
    if not value:
        error("email", _l("The email address and the phone number are missing. Each member needs one of them: "
                          "an email address, or a phone number for members reached by SMS."))
        return None
    if len(value) > 254:
        error("email", _l("“%(value)s” is not a valid email address. Check for typos, e.g. name@example.org.",
                          value=value[:60] + "…"))
        return None
    try:
        return validate_email(value, check_deliverability=False, test_environment=True).normalized.lower()
    except EmailNotValidError:
        error("email", _l("“%(value)s” is not a valid email address. Check for typos, e.g. name@example.org.",
                          value=value))
        return None


def _choice(value: str, allowed: Sequence[str], aliases: dict[str, str]) -> str | None:
    """A known value or alias -> the canonical value; '' or an unknown value -> None."""
    key = _key(value)
    key = aliases.get(key, key)
    return key if key in allowed else None


def _youth(value: str) -> bool | None:
    """A yes word -> True, a no word -> False, '' or anything else -> None."""
    key = value.casefold()
    return True if key in _YES else False if key in _NO else None


def _languages(value: str, error: _ErrorSink) -> tuple[str, ...]:
    codes: list[str] = []
    bad: list[str] = []
    for token in _LANGUAGE_SPLIT.split(value):
        if not token:
            continue
        code = token.lower()
        if not _LANGUAGE_CODE.fullmatch(code):
            bad.append(token)
        elif code not in codes:
            codes.append(code)
    if bad:
        error("languages", _l("Unknown language code “%(value)s”. Use two- or three-letter codes such as en, fr, "
                              "sw, separated by semicolons.", value=", ".join(bad)))
    return tuple(codes)


def _preferred_language(value: str) -> str | None:
    """A notice language's code (or its name, e.g. "Français", "Twi"): the interface's five and the forum's working
    languages (webapp/core/languages.py) -> the code; '' or anything else -> None."""
    key = value.strip().casefold()
    codes = [code for code, _label in member_choices()]
    by_key = {code.casefold(): code for code in codes} | {own_name(code).casefold(): code for code in codes}
    return by_key.get(key)


def _date(value: str, column: str, error: _ErrorSink) -> date | None:
    if not value:
        return None
    if match := _ISO_DATE.fullmatch(value):
        year, month, day = match.groups()
    elif match := _DMY_DATE.fullmatch(value):
        day, month, year = match.groups()
    else:
        year = month = day = ""
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        error(column, _l("Use a date like 2025-03-31 or 31/03/2025, not “%(value)s”.", value=value))
        return None


# --- export ---------------------------------------------------------------------------------------------------

def export_row(row: RowData) -> list[str]:
    """The cells of one member in EXPORT_HEADER order, in the formats parse() reads back."""
    youth = "" if row.youth is None else ("yes" if row.youth else "no")
    return [
        row.name, row.email or "", row.phone or "", row.organisation or "", row.acronym or "", row.constituency or "",
        row.role, row.gender, youth, ";".join(row.languages), row.preferred_language or "", row.region or "",
        row.term_start.isoformat() if row.term_start else "", row.term_end.isoformat() if row.term_end else "",
    ]
