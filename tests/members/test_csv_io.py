"""Member roll CSV import/export: pure functions, no database."""
from __future__ import annotations

import codecs
from datetime import date

import pytest

from webapp.members.csv_io import (
    EXPORT_HEADER,
    MAX_BYTES,
    MAX_ROWS,
    CsvError,
    RowData,
    decode,
    escape_cell,
    export_row,
    parse,
    to_csv,
)

HEADER = ",".join(EXPORT_HEADER)


def _errors(result):
    return [(e.line, e.column) for e in result.errors]


def _messages(result):
    return [str(e.message) for e in result.errors]


# --- valid files ----------------------------------------------------------------------------------------------

def test_valid_forty_row_file_parses_into_forty_rows():
    constituencies = ["government", "employers", "workers", "civil society", "ASM miners"]
    roles = ["chair", "vice chair", "secretariat", "member", "alternate", "observer"]
    genders = ["woman", "man", "F", "m", "", "another"]
    lines = [HEADER]
    for i in range(40):
        lines.append(",".join([
            f"Member {i}", f" Member.{i}@Example.ORG ", f"+233 24 000 {i:04d}", f"Cooperative {i % 7}", f"CO{i % 7}",
            constituencies[i % 5], roles[i % 6], genders[i % 6], ["yes", "no", ""][i % 3], '"en;tw"',
            ["en", "fr", ""][i % 3], f"Region {i % 4}", "2024-01-15", "31/12/2026",
        ]))
    result = parse("\n".join(lines) + "\n")
    assert result.errors == []
    assert result.ok is True
    assert len(result.rows) == 40
    assert [r.line for r in result.rows] == list(range(2, 42))
    first, second, last = result.rows[0], result.rows[1], result.rows[39]
    assert first == RowData(
        line=2, name="Member 0", email="member.0@example.org", phone="+233240000000", organisation="Cooperative 0",
        acronym="CO0", constituency="government", role="chair", gender="woman", youth=True, languages=("en", "tw"),
        preferred_language="en", region="Region 0", term_start=date(2024, 1, 15), term_end=date(2026, 12, 31),
    )
    assert (second.role, second.gender, second.youth, second.preferred_language) == ("vice_chair", "man", False, "fr")
    assert second.constituency == "employers"
    assert result.rows[3].constituency == "civil_society"
    assert result.rows[4].constituency == "asm_miners"
    third = result.rows[2]
    assert (third.gender, third.youth, third.preferred_language) == ("woman", None, None)
    assert result.rows[4].gender == "undisclosed"
    assert last.email == "member.39@example.org" and last.line == 41


def test_minimal_file_uses_defaults_and_none_for_empty_fields():
    result = parse("Name,Email,Phone,Region\nAma Owusu,ama@example.org,,  \n")
    assert result.rows == [RowData(line=2, name="Ama Owusu", email="ama@example.org")]
    row = result.rows[0]
    assert (row.role, row.gender, row.youth, row.languages, row.phone, row.region) == (
        "member", "undisclosed", None, (), None, None)


def test_blank_lines_are_skipped_but_still_counted():
    result = parse("name,email\n\nAma,ama@example.org\n,,\n;\nKofi,kofi@example.org\n\n")
    assert [(r.line, r.name) for r in result.rows] == [(3, "Ama"), (6, "Kofi")]


def test_header_only_is_not_ok_and_has_no_errors():
    result = parse("name,email\n")
    assert (result.rows, result.errors, result.ok) == ([], [], False)


def test_multi_line_cell_counts_as_one_spreadsheet_row():
    result = parse('name,email,region\nAma,ama@example.org,"Upper\nEast"\nKofi,not-an-email,\n')
    assert result.rows[0].region == "Upper East"
    assert _errors(result) == [(3, "email")]


# --- errors ---------------------------------------------------------------------------------------------------

def test_two_bad_rows_are_both_reported_with_lines_and_columns():
    text = (
        "name,email,role,youth\n"
        "Ama,ama@example.org,member,yes\n"
        "Kofi,kofi-at-example.org,member,no\n"
        "Esi,esi@example.org,member,yes\n"
        ",esi2@example.org,president,maybe\n"
    )
    result = parse(text)
    assert _errors(result) == [(3, "email"), (5, "name"), (5, "role"), (5, "youth")]
    assert [r.name for r in result.rows] == ["Ama", "Esi"]
    assert result.ok is False
    messages = _messages(result)
    assert "kofi-at-example.org" in messages[0]
    assert "“president”" in messages[2] and "vice_chair" in messages[2]
    assert "“maybe”" in messages[3]


def test_duplicate_email_is_reported_on_the_second_line_naming_the_first():
    result = parse("name,email\nAma,ama@example.org\nKofi,kofi@example.org\nAma again, AMA@Example.org \n")
    assert _errors(result) == [(4, "email")]
    assert "line 2" in _messages(result)[0]
    assert [r.line for r in result.rows] == [2, 3]


def test_missing_email_in_a_row():
    result = parse("name,email\nAma,\n")
    assert _errors(result) == [(2, "email")]
    assert "missing" in _messages(result)[0]


@pytest.mark.parametrize(("column", "value", "expected"), [
    ("constituency", "farmers", "“farmers”"),
    ("role", "president", "“president”"),
    ("gender", "x", "“x”"),
    ("youth", "maybe", "“maybe”"),
    ("languages", "english;fr", "“english”"),
    ("preferred_language", "de", "“de”"),
    ("term_start", "2024/31/01", "“2024/31/01”"),
    ("term_end", "31-12-2026", "“31-12-2026”"),
    ("term_start", "2025-02-30", "“2025-02-30”"),
])
def test_bad_value_is_an_error_naming_it(column, value, expected):
    result = parse(f"name,email,{column}\nAma,ama@example.org,{value}\n")
    assert _errors(result) == [(2, column)]
    assert expected in _messages(result)[0]
    assert result.rows == []


@pytest.mark.parametrize(("column", "limit"), [
    ("name", 200), ("organisation", 200), ("acronym", 40), ("region", 100)])  # phones: tests/notices/sms
def test_text_fields_have_maximum_lengths(column, limit):
    def roll(length):
        values = {"name": "Ama", "email": "a@example.org", column: "x" * length}
        return parse(",".join(values) + "\n" + ",".join(values.values()) + "\n")

    ok, too_long = roll(limit), roll(limit + 1)
    assert ok.errors == [] and len(ok.rows) == 1
    assert _errors(too_long) == [(2, column)]
    assert str(limit) in _messages(too_long)[0]


def test_term_end_before_term_start():
    result = parse("name,email,term_start,term_end\nAma,a@example.org,2025-06-01,31/05/2025\n")
    assert _errors(result) == [(2, "term_end")]


# --- values ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    ("yes", True), ("No", False), ("TRUE", True), ("false", False), ("1", True), ("0", False), ("y", True),
    ("N", False), ("oui", True), ("Non", False), ("sí", True), ("si", True), ("Ndiyo", True), ("hapana", False),
    ("i", True), ("a'a", False), ("A'A", False), ("", None),
])
def test_youth_values(value, expected):
    result = parse(f"name,email,youth\nAma,a@example.org,{value}\n")
    assert result.errors == []
    assert result.rows[0].youth is expected


@pytest.mark.parametrize(("value", "expected"), [
    ("woman", "woman"), ("Woman", "woman"), ("f", "woman"), ("Female", "woman"), ("W", "woman"),
    ("man", "man"), ("M", "man"), ("male", "man"), ("another", "another"), ("undisclosed", "undisclosed"),
    ("", "undisclosed"),
])
def test_gender_values(value, expected):
    assert parse(f"name,email,gender\nAma,a@example.org,{value}\n").rows[0].gender == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("government", "government"), ("Civil Society", "civil_society"), ("civil-society", "civil_society"),
    ("ASM miners", "asm_miners"), ("artisanal miners", "asm_miners"), ("Development partners", "development_partners"),
    ("ACADEMIA", "academia"), ("", None),
])
def test_constituency_values(value, expected):
    result = parse(f"name,email,constituency\nAma,a@example.org,{value}\n")
    assert result.errors == []
    assert result.rows[0].constituency == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("vice chair", "vice_chair"), ("Vice-Chair", "vice_chair"), ("vice_chair", "vice_chair"), ("Chair", "chair"),
    ("observer", "observer"), ("", "member"),
])
def test_role_values(value, expected):
    assert parse(f"name,email,role\nAma,a@example.org,{value}\n").rows[0].role == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("en", ("en",)), ("EN; fr", ("en", "fr")), ("tw/ln", ("tw", "ln")), ("sw ha  en", ("sw", "ha", "en")),
    ("fr;en;fr", ("fr", "en")), ("fil", ("fil",)), ("", ()),
])
def test_languages(value, expected):
    result = parse(f'name,email,languages\nAma,a@example.org,"{value}"\n')
    assert result.errors == []
    assert result.rows[0].languages == expected


def test_languages_split_on_commas_inside_a_quoted_cell():
    assert parse('name,email,languages\nAma,a@example.org,"en, fr,sw"\n').rows[0].languages == ("en", "fr", "sw")


@pytest.mark.parametrize(("value", "expected"), [("fr", "fr"), ("SW", "sw"), ("ha", "ha"), ("", None)])
def test_preferred_language(value, expected):
    result = parse(f"name,email,preferred_language\nAma,a@example.org,{value}\n")
    assert result.errors == []
    assert result.rows[0].preferred_language == expected


def test_dates_in_both_formats():
    row = parse("name,email,term_start,term_end\nAma,a@example.org,2024-03-01,01/03/2027\n").rows[0]
    assert (row.term_start, row.term_end) == (date(2024, 3, 1), date(2027, 3, 1))


def test_email_is_normalised_and_lower_cased():
    assert parse("name,email\nAma,  Ama.Owusu@GhanaMail.COM \n").rows[0].email == "ama.owusu@ghanamail.com"


# --- headers and delimiters -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("header", "column"), [
    ("Organization", "organisation"), ("organisation", "organisation"), ("Language", "languages"),
    ("Languages spoken", "languages"), ("languages-spoken", "languages"), ("Locale", "preferred_language"),
    ("Preferred Language", "preferred_language"), ("  PHONE  ", "phone"), ("Term-Start", "term_start"),
])
def test_header_aliases_and_spellings(header, column):
    values = {"organisation": "Tarkwa Miners", "languages": "tw", "preferred_language": "en",
              "phone": "+233 24 123 4567", "term_start": "2024-01-01"}
    row = parse(f"name,email,{header}\nAma,a@example.org,{values[column]}\n").rows[0]
    expected = {"languages": ("tw",), "term_start": date(2024, 1, 1), "phone": "+233241234567"}.get(
        column, values[column])
    assert getattr(row, column) == expected


@pytest.mark.parametrize("name_header", ["name", "Full name", "full_name", "FULL-NAME", " Name "])
@pytest.mark.parametrize("email_header", ["email", "E-mail", "e_mail", "Mail", "EMAIL"])
def test_name_and_email_aliases(name_header, email_header):
    result = parse(f"{name_header},{email_header}\nAma,a@example.org\n")
    assert result.rows == [RowData(line=2, name="Ama", email="a@example.org")]


def test_unknown_columns_are_ignored_and_reported():
    result = parse("name,Notes,email,Date of birth,\nAma,likes tea,a@example.org,1990,\n")
    assert result.ignored_columns == ["Notes", "Date of birth"]
    assert result.rows == [RowData(line=2, name="Ama", email="a@example.org")]


def test_duplicate_column_is_ignored_and_reported():
    result = parse("email,name,E-mail\na@example.org,Ama,b@example.org\n")
    assert result.ignored_columns == ["E-mail"]
    assert result.rows[0].email == "a@example.org"


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiters(delimiter):
    text = delimiter.join(["name", "email", "organisation", "languages"]) + "\n"
    text += delimiter.join(["Espérance Mwamba", "esperance@example.org", "Coopérative, Kolwezi", "fr sw"]) + "\n"
    if delimiter == ",":
        text = text.replace("Coopérative, Kolwezi", '"Coopérative, Kolwezi"')
    result = parse(text)
    assert result.errors == []
    assert result.rows[0].organisation == "Coopérative, Kolwezi"
    assert result.rows[0].languages == ("fr", "sw")


def test_semicolon_file_from_french_excel():
    text = "name;email;role;term_start\r\nAwa Traoré;awa@example.org;Vice-présidente;01/02/2024\r\n"
    result = parse(text)
    assert _errors(result) == [(2, "role")]
    result = parse(text.replace("Vice-présidente", "vice-chair"))
    assert result.rows[0].role == "vice_chair" and result.rows[0].term_start == date(2024, 2, 1)


@pytest.mark.parametrize("header", ["name,organisation", "email,phone", "nom,courriel", "Ama,a@example.org"])
def test_missing_name_or_email_header_raises(header):
    with pytest.raises(CsvError) as info:
        parse(f"{header}\nAma,a@example.org\n")
    assert "name" in str(info.value) and "email" in str(info.value)
    missing = str(info.value).split("Missing:")[1]
    for column in ("name", "email"):
        assert (column in missing) == (column not in header.split(","))


def test_too_many_rows_raises():
    rows = "".join(f"M{i},m{i}@example.org\n" for i in range(MAX_ROWS + 1))
    with pytest.raises(CsvError) as info:
        parse("name,email\n" + rows)
    assert str(MAX_ROWS) in str(info.value)
    exactly = parse("name,email\n" + "".join(f"M{i},m{i}@example.org\n" for i in range(MAX_ROWS)))
    assert len(exactly.rows) == MAX_ROWS


@pytest.mark.parametrize("text", ["", "  \n\n", "\ufeff"])
def test_empty_text_raises(text):
    with pytest.raises(CsvError, match="empty"):
        parse(text)


# --- decoding -------------------------------------------------------------------------------------------------

ROLL = "name,email,region\nEspérance Mwamba,esperance@example.org,Haut-Katanga\nLucía Quispe,lucia@example.org,Puno\n"


@pytest.mark.parametrize(("data", "label"), [
    (codecs.BOM_UTF8 + ROLL.encode("utf-8"), "utf-8 with BOM"),
    (ROLL.encode("utf-8"), "utf-8"),
    (ROLL.encode("utf-16"), "utf-16 with BOM"),
    (codecs.BOM_UTF16_LE + ROLL.encode("utf-16-le"), "utf-16 LE"),
    (codecs.BOM_UTF16_BE + ROLL.encode("utf-16-be"), "utf-16 BE"),
    (ROLL.encode("cp1252"), "windows-1252"),
    (ROLL.replace("\n", "\r\n").encode("cp1252"), "windows-1252, CRLF"),
])
def test_decode(data, label):
    text = decode(data)
    assert text == ROLL, label
    rows = parse(text).rows
    assert [(r.name, r.region) for r in rows] == [("Espérance Mwamba", "Haut-Katanga"), ("Lucía Quispe", "Puno")]


def test_decode_normalises_old_mac_newlines_and_strips_bom():
    assert decode(codecs.BOM_UTF8 + b"name,email\rA,a@example.org\r") == "name,email\nA,a@example.org\n"


def test_cp1252_specific_characters():
    text = decode("name,email,organisation\nN’Golo,n@example.org,“Or” – coopérative\n".encode("cp1252"))
    assert parse(text).rows[0].organisation == "“Or” – coopérative"
    assert parse(text).rows[0].name == "N’Golo"


def test_oversized_input_raises():
    with pytest.raises(CsvError) as info:
        decode(b"name,email\n" + b"x" * MAX_BYTES)
    assert "2 MB" in str(info.value)
    assert decode(b"name,email\n" + b"x" * (MAX_BYTES - 11)).startswith("name,email")


@pytest.mark.parametrize("data", [b"", b"   \r\n", b"PK\x03\x04\x14\x00\x06\x00rest-of-xlsx",
                                  b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1xls", b"name,email\n\x00\x01\x02\x81\x8d"])
def test_decode_rejects_empty_and_non_csv(data):
    with pytest.raises(CsvError):
        decode(data)


def test_csv_error_is_a_value_error_with_a_lazy_message():
    with pytest.raises(ValueError) as info:
        decode(b"")
    assert isinstance(info.value, CsvError)
    assert str(info.value.message) == str(info.value)


# --- export ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    ("=HYPERLINK(\"http://evil\",\"x\")", "'=HYPERLINK(\"http://evil\",\"x\")"),
    ("+233 24 000 0000", "'+233 24 000 0000"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("Ama = chair", "Ama = chair"), (None, ""), (42, "42"), (date(2024, 1, 2), "2024-01-02"),
    ("", ""),
])
def test_escape_cell(value, expected):
    assert escape_cell(value) == expected


def test_escape_cell_hyperlink_starts_with_quote():
    assert escape_cell('=HYPERLINK("http://example.org","click")').startswith("'")


def test_to_csv_format_and_escaping():
    text = to_csv(["name", "email", "organisation"],
                  [["=HYPERLINK(\"http://evil\")", "a@example.org", "Coop, Ltd"], [None, "b@example.org", 7]])
    assert text.startswith("\ufeff")
    assert "'=" in text
    assert text == ('\ufeffname,email,organisation\r\n'
                    '"\'=HYPERLINK(""http://evil"")",a@example.org,"Coop, Ltd"\r\n'
                    ',b@example.org,7\r\n')


def test_export_header_matches_import_columns():
    assert list(EXPORT_HEADER) == ["name", "email", "phone", "organisation", "acronym", "constituency", "role",
                                   "gender", "youth", "languages", "preferred_language", "region", "term_start",
                                   "term_end"]
    assert parse(to_csv(EXPORT_HEADER, [])).ignored_columns == []


def test_round_trip_export_then_import_gives_the_same_rows():
    rows = [
        RowData(line=2, name="Espérance Mwamba", email="esperance@example.org", phone="+243810000000",
                organisation="Coopérative minière, Kolwezi", acronym="COMIKO", constituency="asm_miners",
                role="vice_chair", gender="woman", youth=True, languages=("fr", "sw", "ln"), preferred_language="fr",
                region="Lualaba", term_start=date(2024, 1, 1), term_end=date(2026, 12, 31)),
        RowData(line=3, name="Kwame Mensah", email="kwame@example.org", phone=None, organisation=None, acronym=None,
                constituency=None, role="member", gender="man", youth=False, languages=("tw", "en"),
                preferred_language=None, region=None, term_start=None, term_end=None),
        RowData(line=4, name="=cmd|' /C calc'!A0", email="x@example.org", phone=None, organisation="@risk",
                acronym=None, constituency="civil_society", role="observer", gender="undisclosed", youth=None,
                languages=(), preferred_language="ha", region="Zamfara", term_start=date(2025, 5, 6),
                term_end=None),
        RowData(line=5, name="Lucía Quispe", email="lucia@example.org", phone=None, organisation="Sindicato",
                acronym="SMP", constituency="workers", role="alternate", gender="another", youth=True,
                languages=("es", "qu"), preferred_language="es", region="Puno\nAltiplano".replace("\n", " "),
                term_start=None, term_end=date(2027, 1, 1)),
    ]
    text = to_csv(EXPORT_HEADER, [export_row(r) for r in rows])
    assert text.startswith("\ufeff") and "'+243" in text and "'=cmd" in text
    for data in (text.encode("utf-8"), text.encode("utf-16")):
        result = parse(decode(data))
        assert result.errors == []
        assert result.ignored_columns == []
        assert result.rows == rows
