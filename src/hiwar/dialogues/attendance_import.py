"""Reading the attendance lists that online meeting platforms export (Zoom, Teams, Kudo, Webex,
or a list retyped in Excel), and matching their rows to a dialogue's participants.

No database here: the service in services/participants.py loads the participants and stores the
outcome. Every problem with a file raises `AttendanceFileError` with a translated message, before
anything is stored.

How a file is read:

- **Size**: at most `MAX_FILE_BYTES` (2 MB, tens of thousands of rows; a real list is a few KB).
- **Not a CSV at all**: Excel workbooks, PDF and images are recognised by their first bytes and
  refused with a hint (save the sheet as CSV).
- **Encoding**: a byte order mark decides (UTF-8, UTF-16 LE or BE: Teams exports UTF-16 with a
  mark). Without a mark the file is decoded as strict UTF-8 and, if that fails, as Windows-1256,
  the code page in which Arabic Excel saves "CSV (comma delimited)"; it also holds the French
  accented letters, so a Latin-1 French file reads correctly too. Windows-1256 decodes any byte
  sequence, so the decoded text is then checked for control characters: a file that holds some
  (UTF-16 without its mark, a binary file) is refused with the list of encodings tried.
- **Header row**: summary lines come first in many exports (Teams' "Meeting Summary", Zoom's
  meeting details). The header is the first of the first `HEADER_SEARCH_LINES` lines that holds
  at least two recognisable column names (name, email, organization, country, in English, French
  or Arabic); failing that, the first with one. Zoom's meeting-details line names only the
  host's "User Email", so the participants' header below it wins.
- **Delimiter**: comma, semicolon (Excel in many Arabic and French locales) or tab (Teams):
  `csv.Sniffer` on the header line, kept when it splits the header as well as the delimiter that
  recognised it; otherwise the latter.
- **End of the table**: the first blank line after the attendees. Teams' newer export follows the
  participants with an "In-Meeting Activities" section; what follows the blank line is counted
  and reported, not read.
- **Rows**: shorter rows are padded; extra cells that are empty (trailing delimiters) are dropped;
  extra cells with text mean the row does not fit the header (usually a name with an unquoted
  comma) and the file is refused, naming the line.

Cells are kept as typed. Text that a spreadsheet would run as a formula ("=HYPERLINK(...)") is
stored as it is and neutralised when exported (see views/participants.py).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from hiwar.analysis.engine.terms import fold_arabic, fold_latin

MAX_FILE_BYTES = 2 * 1024 * 1024
HEADER_SEARCH_LINES = 30

# The fields a column can be mapped to. "attended" is not a column: every row of an attendance
# list is someone who joined the meeting.
FIELDS = ("name", "email", "organization", "country")

# Column names as the platforms and people write them; compared after `_fold_header`.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "name": (
        "Name",
        "Name (Original Name)",
        "User Name (Original Name)",
        "User Name",
        "Full Name",
        "Display Name",
        "Participant",
        "Participant Name",
        "Attendee",
        "Attendee Name",
        "Nom",
        "Nom complet",
        "Nom et prénom",
        "Prénom et nom",
        "Nom (nom d'origine)",
        "Nom du participant",
        "Participant(e)",
        "الاسم",
        "الاسم الكامل",
        "الاسم الثلاثي",
        "اسم المشارك",
        "اسم المشاركة",
        "الاسم (الاسم الأصلي)",
    ),
    "email": (
        "Email",
        "E-mail",
        "User Email",
        "Email Address",
        "E-mail Address",
        "Attendee Email",
        "Participant ID (UPN)",
        "Adresse e-mail",
        "Adresse électronique",
        "Adresse courriel",
        "Courriel",
        "E-mail de l'utilisateur",
        "البريد الإلكتروني",
        "البريد الالكتروني",
        "الإيميل",
        "الايميل",
        "البريد",
    ),
    "organization": (
        "Organization",
        "Organisation",
        "Organization Name",
        "Company",
        "Company Name",
        "Institution",
        "Entity",
        "Organisme",
        "Entreprise",
        "Structure",
        "Nom de l'organisation",
        "المنظمة",
        "المؤسسة",
        "الجهة",
        "الهيئة",
        "اسم المنظمة",
        "اسم الجهة",
    ),
    "country": (
        "Country",
        "Country/Region",
        "Country or Region",
        "Country Name",
        "Pays",
        "Pays/Région",
        "البلد",
        "الدولة",
        "الدوله",
    ),
}

# Aliases are ranked, earlier is better: Teams exports both "Email" and "Participant ID (UPN)"
# (the sign-in name, usually but not always the address), and "Email" is proposed.

_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "workbook"),  # .xlsx, .ods (zip)
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "workbook"),  # .xls (OLE2)
    (b"%PDF", "other"),
    (b"\x89PNG", "other"),
    (b"\xff\xd8\xff", "other"),
    (b"GIF8", "other"),
)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NOT_WORD = re.compile(r"[\W_]+")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PARENTHESIS = re.compile(r"^(?P<outer>.*?)\s*\((?P<inner>[^()]*)\)\s*$")
_DELIMITERS = (",", ";", "\t")


class AttendanceFileError(Exception):
    """A file that cannot be imported; the message is translated, for the user."""


# --- Decoding --------------------------------------------------------------------------------


def _encoding_label(encoding: str) -> str:
    return {
        "utf-8-sig": _("UTF-8 (with byte order mark)"),
        "utf-8": _("UTF-8"),
        "utf-16": _("UTF-16"),
        "cp1256": _("Windows-1256 (Arabic)"),
    }[encoding]


def _refuse_unreadable(tried: Sequence[str]) -> AttendanceFileError:
    return AttendanceFileError(
        _(
            "We could not read the text of this file. Encodings tried: %(tried)s. Save the list "
            "as “CSV UTF-8” from your spreadsheet program and upload it again."
        )
        % {"tried": ", ".join(_encoding_label(encoding) for encoding in tried)}
    )


def decode_attendance_file(data: bytes) -> tuple[str, str]:
    """The text of the file and the encoding it was read with (a Python codec name)."""
    if len(data) > MAX_FILE_BYTES:
        raise AttendanceFileError(
            _("The file is larger than %(size)d MB: an attendance list is much smaller.")
            % {"size": MAX_FILE_BYTES // (1024 * 1024)}
        )
    if not data.strip():
        raise AttendanceFileError(_("The file is empty."))
    for signature, kind in _BINARY_SIGNATURES:
        if data.startswith(signature):
            if kind == "workbook":
                raise AttendanceFileError(
                    _(
                        "This is a spreadsheet workbook, not a CSV file. Open it and save the "
                        "attendance sheet as “CSV UTF-8”, then upload that file."
                    )
                )
            raise AttendanceFileError(
                _("This is not a CSV file. Upload the attendance list exported as CSV.")
            )
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "cp1256"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _CONTROL.search(text):
            # Windows-1256 reads any bytes; control characters betray binary or UTF-16 data.
            break
        if not text.strip():
            raise AttendanceFileError(_("The file is empty."))
        return text, encoding
    raise _refuse_unreadable(candidates)


# --- The table -------------------------------------------------------------------------------


def _fold_header(text: str) -> str:
    text = fold_arabic(fold_latin(unicodedata.normalize("NFKC", text).casefold()))
    return " ".join(_NOT_WORD.sub(" ", text).split())


def _alias_ranks() -> dict[str, tuple[str, int]]:
    """Folded alias → (field, rank); a lower rank is a better name for the field."""
    ranks: dict[str, tuple[str, int]] = {}
    for field_name, aliases in HEADER_ALIASES.items():
        for rank, alias in enumerate(aliases):
            ranks.setdefault(_fold_header(alias), (field_name, rank))
    return ranks


_ALIAS_RANK = _alias_ranks()


def recognise_column(header: str) -> str | None:
    """The field a column name stands for, or None."""
    found = _ALIAS_RANK.get(_fold_header(header))
    return found[0] if found else None


def _recognised_fields(cells: Iterable[str]) -> set[str]:
    return {found for cell in cells if (found := recognise_column(cell)) is not None}


def _split(line: str, delimiter: str) -> list[str]:
    try:
        cells = next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:  # e.g. a cell longer than the csv module's field limit
        return [line.strip()]
    return [cell.strip() for cell in cells]


def _delimiter_label(delimiter: str) -> str:
    return {",": _("comma"), ";": _("semicolon"), "\t": _("tab")}[delimiter]


@dataclass(frozen=True)
class AttendanceTable:
    """The attendees' table of a file: its header and its rows, as text."""

    encoding: str
    delimiter: str
    header_line: int  # counted from 1, as a spreadsheet shows it
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line, cells), each as long as the header
    lines_after_table: int = 0

    @property
    def encoding_label(self) -> str:
        return _encoding_label(self.encoding)

    @property
    def delimiter_label(self) -> str:
        return _delimiter_label(self.delimiter)

    @property
    def columns(self) -> list[tuple[int, str]]:
        """(index, label) of every column; unnamed columns are numbered."""
        return [
            (index, name or _("Column %(n)d") % {"n": index + 1})
            for index, name in enumerate(self.header)
        ]

    def proposed_mapping(self) -> dict[str, int | None]:
        """For each field, the column whose name is the best-ranked alias, if any."""
        best: dict[str, tuple[int, int]] = {}
        for index, name in enumerate(self.header):
            found = _ALIAS_RANK.get(_fold_header(name))
            if found is None:
                continue
            field_name, rank = found
            if field_name not in best or rank < best[field_name][0]:
                best[field_name] = (rank, index)
        return {name: (best[name][1] if name in best else None) for name in FIELDS}


def _find_header(lines: list[str]) -> tuple[int, str] | None:
    """(index, delimiter) of the header line among the first lines of the file."""
    fallback: tuple[int, str] | None = None
    for index, line in enumerate(lines[:HEADER_SEARCH_LINES]):
        if not line.strip():
            continue
        counts = {
            delimiter: len(_recognised_fields(_split(line, delimiter))) for delimiter in _DELIMITERS
        }
        delimiter = max(_DELIMITERS, key=lambda d: counts[d])
        if counts[delimiter] >= 2:
            return index, delimiter
        if counts[delimiter] == 1 and fallback is None:
            fallback = (index, delimiter)
    return fallback


def _sniffed_delimiter(line: str, found: str) -> str:
    """The delimiter `csv.Sniffer` sees in the header, if it splits it as well as `found`."""
    try:
        sniffed = csv.Sniffer().sniff(line, delimiters="".join(_DELIMITERS)).delimiter
    except csv.Error:
        return found
    if len(_recognised_fields(_split(line, sniffed))) >= len(
        _recognised_fields(_split(line, found))
    ):
        return sniffed
    return found


def read_attendance_file(data: bytes) -> AttendanceTable:
    """Decode the file, find its header and read the attendees' rows."""
    text, encoding = decode_attendance_file(data)
    lines = io.StringIO(text, newline="").readlines()
    found = _find_header(lines)
    if found is None:
        raise AttendanceFileError(
            _(
                "We could not find the header row of the attendance list: no line names a column "
                "such as “Name”, “Email”, “Nom” or “الاسم” in its first %(n)d lines."
            )
            % {"n": HEADER_SEARCH_LINES}
        )
    header_index, delimiter = found
    delimiter = _sniffed_delimiter(lines[header_index], delimiter)
    header = _split(lines[header_index], delimiter)
    rows: list[tuple[int, list[str]]] = []
    after = 0
    body = "".join(lines[header_index + 1 :])
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter)
    first_line = header_index + 2
    try:
        for cells in reader:
            line = first_line + reader.line_num - 1
            cells = [cell.strip() for cell in cells]
            if not any(cells):
                if rows:
                    after = sum(1 for rest in reader if any(cell.strip() for cell in rest))
                    break
                continue
            extra = cells[len(header) :]
            if any(extra):
                raise AttendanceFileError(
                    _(
                        "Line %(line)d has %(cells)d columns but the header has %(columns)d. "
                        "A name or organization with a %(delimiter)s in it must be in quotes."
                    )
                    % {
                        "line": line,
                        "cells": len(cells),
                        "columns": len(header),
                        "delimiter": _delimiter_label(delimiter),
                    }
                )
            cells = cells[: len(header)] + [""] * (len(header) - len(cells))
            rows.append((line, cells))
    except csv.Error as error:
        raise AttendanceFileError(
            _("Line %(line)d could not be read: %(error)s")
            % {"line": first_line + reader.line_num - 1, "error": error}
        ) from error
    if not rows:
        raise AttendanceFileError(
            _("The attendance list has a header (line %(line)d) but no attendees below it.")
            % {"line": header_index + 1}
        )
    return AttendanceTable(
        encoding=encoding,
        delimiter=delimiter,
        header_line=header_index + 1,
        header=header,
        rows=rows,
        lines_after_table=after,
    )


# --- Rows ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceRow:
    """One attendee as the file names them."""

    line: int
    name: str
    email: str = ""
    organization: str = ""
    country: str = ""

    def as_dict(self) -> dict[str, str | int]:
        return {
            "line": self.line,
            "name": self.name,
            "email": self.email,
            "organization": self.organization,
            "country": self.country,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> AttendanceRow:
        return cls(
            line=int(str(data["line"])),
            name=str(data.get("name", "")),
            email=str(data.get("email", "")),
            organization=str(data.get("organization", "")),
            country=str(data.get("country", "")),
        )


def rows_of(table: AttendanceTable, mapping: dict[str, int | None]) -> list[AttendanceRow]:
    """The rows of the table as attendees, by the column chosen for each field. Rows with
    neither a name nor an email are left out; an email that is not an address (Zoom leaves the
    cell empty or writes "Guest") counts as none."""
    if mapping.get("name") is None:
        raise AttendanceFileError(_("Choose the column that holds the attendees' names."))
    width = len(table.header)
    for name, index in mapping.items():
        if name not in FIELDS or (index is not None and not 0 <= index < width):
            raise AttendanceFileError(_("The columns chosen do not match the file."))

    def cell(cells: list[str], name: str) -> str:
        index = mapping.get(name)
        return cells[index] if index is not None else ""

    rows = []
    for line, cells in table.rows:
        email = cell(cells, "email")
        row = AttendanceRow(
            line=line,
            name=" ".join(cell(cells, "name").split()),
            email=email if _EMAIL.match(email) else "",
            organization=" ".join(cell(cells, "organization").split()),
            country=" ".join(cell(cells, "country").split()),
        )
        if row.name or row.email:
            rows.append(row)
    return rows


# --- Matching --------------------------------------------------------------------------------


def name_key(name: str) -> str:
    """A name reduced for comparison: case, accents, Arabic harakat, tatweel and alef forms,
    punctuation and spacing do not count ("Layla  NASSER" = "layla nasser", "أمل" = "امل")."""
    return _fold_header(name)


def name_keys(name: str) -> list[str]:
    """The keys under which a displayed name may match: the name, and for Zoom's
    "Name (Original Name)" or "Layla Nasser (Guest)" each part. Each key comes twice: as
    written and with its words sorted, for "Nasser, Layla" (Teams in many organizations)."""
    variants = [name]
    parts = _PARENTHESIS.match(name)
    if parts:
        variants += [parts["outer"], parts["inner"]]
    keys: list[str] = []
    for variant in variants:
        key = name_key(variant)
        if key and key not in keys:
            keys.append(key)
    for key in list(keys):
        ordered = " ".join(sorted(key.split()))
        if ordered not in keys:
            keys.append(ordered)
    return keys


@dataclass(frozen=True)
class Candidate:
    """A participant the rows are matched against."""

    pk: int
    full_name: str
    email: str = ""


NO_MATCH = "no_match"
AMBIGUOUS = "ambiguous"


@dataclass
class MatchResult:
    matched: dict[int, AttendanceRow] = field(default_factory=dict)  # participant pk → row
    duplicates: list[AttendanceRow] = field(default_factory=list)
    unmatched: list[tuple[AttendanceRow, str]] = field(default_factory=list)  # row, reason


def match_rows(rows: Iterable[AttendanceRow], candidates: Iterable[Candidate]) -> MatchResult:
    """Match each row to a participant: by email (in any case), else by name (see
    `name_keys`); a name that several participants share matches none. A person found twice
    (reconnections, a second device) counts once; so does an unmatched person listed twice."""
    by_email: dict[str, int] = {}
    by_name: dict[str, set[int]] = {}
    for candidate in candidates:
        if candidate.email:
            by_email[candidate.email.casefold()] = candidate.pk
        for key in name_keys(candidate.full_name):
            by_name.setdefault(key, set()).add(candidate.pk)
    result = MatchResult()
    seen_unmatched: set[str] = set()
    for row in rows:
        pk = by_email.get(row.email.casefold()) if row.email else None
        reason = NO_MATCH
        if pk is None:
            for key in name_keys(row.name):
                found = by_name.get(key, set())
                if len(found) == 1:
                    pk = next(iter(found))
                    break
                if len(found) > 1:
                    reason = AMBIGUOUS
        if pk is not None:
            if pk in result.matched:
                result.duplicates.append(row)
            else:
                result.matched[pk] = row
            continue
        keys = {f"name:{key}" for key in name_keys(row.name)[:1]}
        if row.email:
            keys.add(f"email:{row.email.casefold()}")
        if keys & seen_unmatched:
            result.duplicates.append(row)
        else:
            seen_unmatched |= keys
            result.unmatched.append((row, reason))
    return result


def neutralise_formula(text: str) -> str:
    """Text made inert for a spreadsheet, which would run "=...", "+...", "-...", "@..." as a
    formula (CSV injection); the stored text is unchanged."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
