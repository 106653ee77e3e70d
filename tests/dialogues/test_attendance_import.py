"""Reading attendance lists as the meeting platforms export them (files in tests/dialogues/data:
Zoom in UTF-8 with a byte order mark, Teams in UTF-16 with tabs and its "Meeting Summary", an
Arabic Excel list in Windows-1256 with semicolons), the bad files people upload by mistake, and
matching rows to participants. No database: this is the pure half of the import."""

import codecs
from pathlib import Path

import pytest

from hiwar.dialogues.attendance_import import (
    AMBIGUOUS,
    MAX_FILE_BYTES,
    NO_MATCH,
    AttendanceFileError,
    AttendanceRow,
    Candidate,
    decode_attendance_file,
    match_rows,
    name_key,
    name_keys,
    neutralise_formula,
    read_attendance_file,
    recognise_column,
    rows_of,
)

DATA = Path(__file__).parent / "data"


def _read(name: str) -> bytes:
    return (DATA / name).read_bytes()


def _error(data: bytes) -> str:
    with pytest.raises(AttendanceFileError) as caught:
        read_attendance_file(data)
    return str(caught.value)


# --- Real-shaped files -----------------------------------------------------------------------


def test_a_zoom_participants_report():
    table = read_attendance_file(_read("zoom_participants.csv"))
    assert (table.encoding, table.delimiter, table.header_line) == ("utf-8-sig", ",", 4)
    assert table.encoding_label == "UTF-8 (with byte order mark)"
    # The meeting-details line above names only the host's "User Email": not the header.
    assert table.header[:3] == ["Name (Original Name)", "User Email", "Join Time"]
    assert table.proposed_mapping() == {
        "name": 0,
        "email": 1,
        "organization": None,
        "country": None,
    }
    rows = rows_of(table, table.proposed_mapping())
    assert len(rows) == 9
    assert rows[1] == AttendanceRow(
        line=6, name="Layla Nasser", email="LAYLA.NASSER@jmwn.example.org"
    )
    assert rows[3].name == "Karim (Karim Alaoui)"
    assert rows[7].name == '=HYPERLINK("http://attacker.example/","Open")'  # kept as typed


def test_a_teams_attendance_list_in_utf16_with_tabs():
    table = read_attendance_file(_read("teams_meetingAttendanceList.csv"))
    assert (table.encoding, table.delimiter, table.header_line) == ("utf-16", "\t", 7)
    assert table.delimiter_label == "tab"
    # "Email" is preferred to "Participant ID (UPN)", which Teams exports as well.
    assert table.proposed_mapping()["email"] == 4
    names = [row.name for row in rows_of(table, table.proposed_mapping())]
    assert names == [
        "ESCWA Dialogues",
        "Nasser, Layla",
        "أمل حدّاد",
        "Karim Alaoui (Guest)",
        "Karim Alaoui (Guest)",
        "Sami Khoury",
    ]


def test_an_arabic_excel_list_in_windows_1256_with_semicolons():
    data = _read("excel_arabic_cp1256.csv")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the file really is not UTF-8
    table = read_attendance_file(data)
    assert (table.encoding, table.delimiter, table.header_line) == ("cp1256", ";", 3)
    assert table.encoding_label == "Windows-1256 (Arabic)"
    assert table.header == ["الاسم", "البريد الإلكتروني", "المنظمة", "الدولة"]
    assert table.proposed_mapping() == {"name": 0, "email": 1, "organization": 2, "country": 3}
    rows = rows_of(table, table.proposed_mapping())
    assert rows[0] == AttendanceRow(
        line=4, name="أمـل حـداد", email="", organization="وزارة العمل", country="الأردن"
    )
    assert rows[-1].name == "Hélène Dubois"  # Windows-1256 holds the French letters too


def test_the_newer_teams_export_ends_the_table_at_the_blank_line():
    text = (
        "1. Summary\n"
        "Meeting title\tDialogue II\n"
        "Attended participants\t2\n"
        "\n"
        "2. Participants\n"
        "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole\n"
        "Layla Nasser\t11/3/20, 9:58 AM\t11/3/20, 1:00 PM\t3h 1m\tlayla@example.org\t"
        "layla@example.org\tPresenter\n"
        "Sami Khoury\t11/3/20, 10:20 AM\t11/3/20, 11:05 AM\t45m\t\t\tAttendee\n"
        "\n"
        "3. In-Meeting Activities\n"
        "Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole\n"
        "Layla Nasser\t11/3/20, 9:58 AM\t11/3/20, 1:00 PM\t3h 1m\tlayla@example.org\tPresenter\n"
    )
    table = read_attendance_file(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    assert table.header_line == 6
    assert [cells[0] for _line, cells in table.rows] == ["Layla Nasser", "Sami Khoury"]
    assert table.lines_after_table == 3


def test_french_column_names_and_a_latin_1_file():
    data = (
        "Nom;Adresse e-mail;Organisation;Pays\r\n"
        "Hélène Dubois;helene@caritas.example.lb;Caritas Liban;Liban\r\n"
    )
    table = read_attendance_file(data.encode("latin-1"))
    assert (table.encoding, table.delimiter) == ("cp1256", ";")
    assert table.proposed_mapping() == {"name": 0, "email": 1, "organization": 2, "country": 3}
    assert table.rows == [
        (2, ["Hélène Dubois", "helene@caritas.example.lb", "Caritas Liban", "Liban"])
    ]


def test_a_plain_utf8_file_with_quoted_names_and_short_rows():
    data = 'Full Name,Email,Duration\n"Mansour, Ahmad",a.mansour@example.com,12\nSami Khoury\n'
    table = read_attendance_file(data.encode("utf-8"))
    assert table.encoding == "utf-8"
    assert table.rows == [
        (2, ["Mansour, Ahmad", "a.mansour@example.com", "12"]),
        (3, ["Sami Khoury", "", ""]),  # a short row is padded
    ]


def test_trailing_empty_cells_are_not_too_many_columns():
    table = read_attendance_file(b"Name,Email\nSami Khoury,sami@example.org,,,\n")
    assert table.rows == [(2, ["Sami Khoury", "sami@example.org"])]


def test_a_header_with_one_known_column_is_found_when_none_has_two():
    table = read_attendance_file(
        b"Webinar attendees\nName,Join time,Leave time\nSami,10:00,11:00\n"
    )
    assert table.header_line == 2
    assert table.proposed_mapping()["name"] == 0


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Name (Original Name)", "name"),
        ("  FULL   NAME ", "name"),
        ("Nom et prénom", "name"),
        ("Nom et prenom", "name"),
        ("الاسم", "name"),
        ("الإسم", "name"),  # alef with hamza below is folded like the alias
        ("E-mail", "email"),
        ("Adresse e-mail", "email"),
        ("البريد الإلكتروني", "email"),
        ("البريد الالكتروني", "email"),
        ("Organisation", "organization"),
        ("المنظمة", "organization"),
        ("Country/Region", "country"),
        ("Pays", "country"),
        ("الدولة", "country"),
        ("Join Time", None),
        ("Duration (Minutes)", None),
    ],
)
def test_known_column_names(header, field):
    assert recognise_column(header) == field


# --- Bad files -------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"  \r\n\r\n", codecs.BOM_UTF8, codecs.BOM_UTF16_LE])
def test_an_empty_file(data):
    assert _error(data) == "The file is empty."


def test_a_file_over_the_limit():
    data = b"Name,Email\n" + b"x" * MAX_FILE_BYTES
    assert _error(data) == "The file is larger than 2 MB: an attendance list is much smaller."


def test_an_excel_workbook():
    message = _error(b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 100)
    assert message.startswith("This is a spreadsheet workbook, not a CSV file.")


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"],
)
def test_a_binary_file(data):
    assert _error(data) == "This is not a CSV file. Upload the attendance list exported as CSV."


def test_utf16_without_its_byte_order_mark_names_the_encodings_tried():
    data = "Name,Email\r\nLayla Nasser,layla@example.org\r\n".encode("utf-16-le")
    assert _error(data) == (
        "We could not read the text of this file. Encodings tried: UTF-8, Windows-1256 (Arabic). "
        "Save the list as “CSV UTF-8” from your spreadsheet program and upload it again."
    )


def test_an_unknown_binary_file_names_the_encodings_tried():
    assert "Encodings tried: UTF-8, Windows-1256 (Arabic)." in _error(bytes(range(256)) * 4)


def test_a_byte_order_mark_that_lies():
    assert "Encodings tried: UTF-8 (with byte order mark)." in _error(
        codecs.BOM_UTF8 + "Name\nLayla\n".encode("cp1256") + b"\xc7\xe1"
    )
    assert "Encodings tried: UTF-16." in _error(codecs.BOM_UTF16_LE + b"N\x00a\x00m")


def test_the_decoder_reports_what_it_used():
    assert decode_attendance_file(b"Nom\nAmal\n") == ("Nom\nAmal\n", "utf-8")


def test_wrong_columns():
    message = _error(b"Meeting ID,Topic,Start Time\n812,Dialogue,10:00\n")
    assert message.startswith("We could not find the header row of the attendance list")
    assert "“Name”, “Email”, “Nom” or “الاسم”" in message


def test_a_header_without_rows():
    assert _error(b"Meeting summary\nName,Email\n\n") == (
        "The attendance list has a header (line 2) but no attendees below it."
    )


def test_a_row_with_too_many_columns_names_its_line():
    data = (
        b"Name,Email,Duration\n"
        b"Sami Khoury,sami@example.org,45\n"
        b"Nasser, Layla,layla@example.org,90\n"
    )
    assert _error(data) == (
        "Line 3 has 4 columns but the header has 3. "
        "A name or organization with a comma in it must be in quotes."
    )


def test_an_overlong_cell():
    data = b"Name,Email\n" + b'"' + b"x" * 200_000 + b'",a@example.org\n'
    assert _error(data).startswith("Line 2 could not be read:")


# --- Choosing the columns --------------------------------------------------------------------


def test_the_name_column_is_required():
    table = read_attendance_file(b"Email,Duration\nsami@example.org,45\n")
    assert table.proposed_mapping()["name"] is None
    with pytest.raises(AttendanceFileError, match="Choose the column that holds the attendees"):
        rows_of(table, table.proposed_mapping())


def test_a_column_outside_the_file_is_refused():
    table = read_attendance_file(b"Name,Email\nSami,sami@example.org\n")
    with pytest.raises(AttendanceFileError, match=r"The columns chosen do not match the file\."):
        rows_of(table, {"name": 0, "email": 7})


def test_rows_without_name_or_email_are_left_out_and_bad_addresses_dropped():
    table = read_attendance_file(b"Name,Email,Guest\nSami,Guest,Yes\n,,Yes\n,amal@example.jo,No\n")
    assert rows_of(table, {"name": 0, "email": 1}) == [
        AttendanceRow(line=2, name="Sami"),
        AttendanceRow(line=4, name="", email="amal@example.jo"),
    ]


# --- Matching --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Layla  NASSER", "layla nasser"),
        ("Hélène Dubois", "HELENE DUBOIS"),
        ("João Pereira", "Joao Pereira"),
        ("أمل حدّاد", "امل حداد"),  # shadda, and alef with hamza
        ("أمـل حـداد", "أمل حداد"),  # tatweel
        ("إيمان الصغيّر", "ايمان الصغير"),
        ("Anne-Marie O'Neil", "anne marie o neil"),
    ],
)
def test_names_that_are_the_same(first, second):
    assert name_key(first) == name_key(second)


def test_the_keys_of_a_zoom_name_and_a_reversed_name():
    assert name_keys("Karim (Karim Alaoui)") == [
        "karim karim alaoui",
        "karim",
        "karim alaoui",
        "alaoui karim karim",
        "alaoui karim",
    ]
    assert "layla nasser" in name_keys("Nasser, Layla")


def test_matching_by_email_then_by_name_counting_each_person_once():
    people = [
        Candidate(pk=1, full_name="Layla Nasser", email="layla.nasser@jmwn.example.org"),
        Candidate(pk=2, full_name="Karim Alaoui", email="karim@umt.example.ma"),
        Candidate(pk=3, full_name="Hélène Dubois"),
        Candidate(pk=4, full_name="Ahmad Mansour", email="ahmad@example.org"),
        Candidate(pk=5, full_name="Sara Haddad"),
        Candidate(pk=6, full_name="Sara Haddad"),
    ]
    rows = [
        AttendanceRow(line=2, name="Layla N.", email="LAYLA.NASSER@jmwn.example.org"),
        AttendanceRow(line=3, name="Layla Nasser", email=""),  # reconnected from a phone
        AttendanceRow(line=4, name="Karim (Karim Alaoui)"),
        AttendanceRow(line=5, name="HELENE DUBOIS"),
        AttendanceRow(line=6, name="Mansour, Ahmad", email="a.mansour@mail.example.com"),
        AttendanceRow(line=7, name="Sara Haddad"),
        AttendanceRow(line=8, name="Samsung Galaxy A51"),
        AttendanceRow(line=9, name="Samsung Galaxy A51"),
        AttendanceRow(line=10, name="Sami", email="sami@example.org"),
        AttendanceRow(line=11, name="Sami Khoury", email="SAMI@example.org"),
    ]
    result = match_rows(rows, people)
    assert {pk: row.line for pk, row in result.matched.items()} == {1: 2, 2: 4, 3: 5, 4: 6}
    assert [row.line for row in result.duplicates] == [3, 9, 11]
    assert [(row.line, reason) for row, reason in result.unmatched] == [
        (7, AMBIGUOUS),
        (8, NO_MATCH),
        (10, NO_MATCH),
    ]


@pytest.mark.parametrize(
    ("text", "exported"),
    [
        (
            '=HYPERLINK("http://attacker.example/","Open")',
            '\'=HYPERLINK("http://attacker.example/","Open")',
        ),
        ("+961 1 234567", "'+961 1 234567"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Layla Nasser", "Layla Nasser"),
        ("", ""),
    ],
)
def test_formulas_are_neutralised_for_export(text, exported):
    assert neutralise_formula(text) == exported
