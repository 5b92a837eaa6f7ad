"""The registry's one CSV reader and one CSV writer: encodings, layouts, cells from outside, formula injection.

Every CSV the registry produces (admin export, `export_catalogue`, `/data/` and its filtered downloads)
is written by `csv_chunks`, and every CSV it reads (admin import, `import_catalogue`) by `read_table`,
so a fault found in one path is fixed for all of them.
"""

import csv
import io
import itertools
import re

import tablib
from django.conf import settings
from django.utils.translation import gettext as _
from import_export.formats.base_formats import CSV

from registry.translated import in_default_language

BOM = "\ufeff"
LIST_SEPARATOR = ";"
# A cell starting with one of these is run as a formula by spreadsheet programs (OWASP ASVS 1.2.10).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Delimiters a spreadsheet writes: comma, semicolon (locales whose decimal separator is a comma), tab.
DELIMITERS = (",", ";", "\t")
# The csv module refuses fields over 131,072 characters by default, but descriptions may be longer and
# what the registry stores it must read back. No cell can be longer than its file, and uploads are
# capped in bytes (IMPORT_MAX_BYTES), so the limit only has to be a value every platform accepts
# (a C long, 32 bits on Windows), not sys.maxsize.
FIELD_LIMIT = 2**31 - 1
csv.field_size_limit(FIELD_LIMIT)
ASCII_DIGITS = re.compile(r"[0-9]+")
ROWS_PER_CHUNK = 1000


class FileError(ValueError):
    """The file as a whole cannot be read; the message is meant for the person who uploaded it."""


# Numbers and characters from outside ---------------------------------------------------------------


def whole_number(text, *, minimum=0, maximum=2**31 - 1):
    """The int written in `text` (ASCII digits only), within [minimum, maximum].

    `str.isdigit()` and `int()` accept superscripts ("54¹") and other scripts' digits ("١٢");
    a number from a file or a form must be plain digits, and small enough for every database
    (PostgreSQL's integer is 32 bits, SQLite's 64). Raises ValueError with a message for the user.
    """
    value = (text or "").strip()
    if not ASCII_DIGITS.fullmatch(value):
        raise ValueError(_('"%(value)s" is not a whole number (write digits only, e.g. 54)') % {"value": value})
    # Compare lengths first: int() of thousands of digits is slow, and refused past 4,300.
    if len(value.lstrip("0")) > len(str(maximum)) or not minimum <= int(value) <= maximum:
        raise ValueError(
            _('"%(value)s" is out of range (%(minimum)s–%(maximum)s)')
            % {"value": value, "minimum": minimum, "maximum": maximum}
        )
    return int(value)


# Formula neutralisation ----------------------------------------------------------------------------


def _is_risky(item):
    # A leading space does not stop every spreadsheet from reading a formula.
    return item.lstrip(" ")[:1] in FORMULA_TRIGGERS and item.lstrip(" ") != ""


def _is_escaped(item):
    return item.startswith("'") and _is_risky(item.lstrip("'"))


def _neutralise_item(item):
    return "'" + item if _is_risky(item) or _is_escaped(item) else item


def _restore_item(item):
    return item[1:] if _is_escaped(item) else item


def neutralise(value):
    """Prefix `'` to each `;`-separated item of a cell that a spreadsheet would run as a formula.

    Each item, not only the cell's start: a spreadsheet in a locale whose separator is `;` splits
    `2nd alias;=7*191` into two cells and computes the second. An item that already starts with
    `'` before a trigger gets one more, so that `restore` gives back exactly what was written.
    """
    if not isinstance(value, str) or not value:
        return value
    if LIST_SEPARATOR not in value:
        return _neutralise_item(value)
    return LIST_SEPARATOR.join(_neutralise_item(item) for item in value.split(LIST_SEPARATOR))


def restore(value):
    """Undo `neutralise` on a cell read back from a file (the exact inverse, item by item)."""
    if LIST_SEPARATOR not in value:
        return _restore_item(value)
    return LIST_SEPARATOR.join(_restore_item(item) for item in value.split(LIST_SEPARATOR))


# Reading -------------------------------------------------------------------------------------------


def decode(data, file_name="the file"):
    """Bytes to text: UTF-8 with or without a byte-order mark, anything else is refused clearly."""
    if isinstance(data, str):
        return data.removeprefix(BOM)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FileError(
            _(
                "%(file)s is not UTF-8 text (unreadable bytes on line %(line)s). In Excel use "
                '"Save as" > "CSV UTF-8"; in LibreOffice choose the character set "Unicode (UTF-8)".'
            )
            % {"file": file_name, "line": line}
        ) from None


def _reader(text, delimiter):
    # newline="" keeps line breaks inside quoted cells and lets the reader end a record on
    # CR-only (Excel for Mac), LF or CRLF alike.
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)


def sniff_delimiter(text):
    """The delimiter under which the file's first record (its header row) has the most cells.

    Judged on records the csv module parses, so quoted cells, commas inside them and any line
    ending are handled the way the rest of the file will be read; a comma when all tie.
    """
    best, most = ",", 0
    for delimiter in DELIMITERS:
        try:
            first = next(_reader(text, delimiter), [])
        except csv.Error:
            continue
        if len(first) > most:
            best, most = delimiter, len(first)
    return best


def _excel_separator_line(text):
    """Excel's optional first line `sep=;` names the delimiter; return (delimiter or None, rest of text)."""
    match = re.match(r"sep=(.)(\r\n|\r|\n)", text)
    if match and match.group(1) in DELIMITERS:
        return match.group(1), text[match.end() :]
    return None, text


def read_table(data, file_name="the file", *, max_rows=None):
    """(headers, rows) of a CSV file; rows are numbered from 2 (the header is row 1), blank ones kept.

    Accepts UTF-8 with or without BOM, comma, semicolon or tab delimiters, any line ending and
    cells of any length. Raises FileError naming the row when the file cannot be read, or has
    more than `max_rows` rows of data.
    """
    text = decode(data, file_name)
    if not text.strip():
        raise FileError(
            _("%(file)s is empty: it needs a header row and at least one row of data.") % {"file": file_name}
        )
    delimiter, text = _excel_separator_line(text)
    delimiter = delimiter or sniff_delimiter(text)
    reader, rows = _reader(text, delimiter), []
    try:
        for row in reader:
            if max_rows is not None and len(rows) > max_rows:
                raise FileError(
                    _(
                        "%(file)s has more than %(max)s rows of data: split it into smaller files "
                        "(or import it with manage.py import_catalogue)."
                    )
                    % {"file": file_name, "max": f"{max_rows:,}"}
                )
            rows.append(row)
    except csv.Error as error:
        raise FileError(
            _("%(file)s, row %(row)s: not a well-formed CSV record (%(error)s).")
            % {"file": file_name, "row": len(rows) + 1, "error": error}
        ) from None
    headers = [cell.strip() for cell in rows[0]]
    # Spreadsheets leave trailing empty cells off or add some; only non-empty extra cells are an error.
    body, ragged = [], []
    for number, row in enumerate(rows[1:], start=2):
        if len(row) > len(headers) and any(cell.strip() for cell in row[len(headers) :]):
            ragged.append(number)
        body.append([restore(cell) for cell in (row + [""] * len(headers))[: len(headers)]])
    if ragged:
        shown = ", ".join(str(n) for n in ragged[:10]) + (" ..." if len(ragged) > 10 else "")
        raise FileError(
            _(
                "%(file)s: row %(rows)s has more cells than the header row has columns (%(count)s). "
                "A value containing %(delimiter)r must be enclosed in double quotes."
            )
            % {"file": file_name, "rows": shown, "count": len(headers), "delimiter": delimiter}
        )
    return headers, body


# Writing -------------------------------------------------------------------------------------------


def cell_text(value):
    """A value as the text of one cell: lists joined with `;`, None empty, then neutralised."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = LIST_SEPARATOR.join(str(item) for item in value)
    return neutralise(str(value))


@in_default_language
def csv_chunks(headers, rows, *, rows_per_chunk=ROWS_PER_CHUNK):
    """A CSV file as text chunks (for streaming): UTF-8 BOM, every cell quoted and neutralised, CRLF.

    Read in English whatever the visitor's language (registry.translated.in_default_language).

    The BOM makes Excel read UTF-8 (without it, "Türkiye" shows as "TÃ¼rkiye"); quoting every
    cell keeps a `;` inside a cell from splitting it in spreadsheets whose separator is `;`.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow([cell_text(header) for header in headers])
    rows = iter(rows)
    while batch := list(itertools.islice(rows, rows_per_chunk)):
        writer.writerows([cell_text(cell) for cell in row] for row in batch)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():  # no rows: the header alone
        yield buffer.getvalue()


class RegistryCSV(CSV):
    """The admin's CSV format: reads with `read_table` (capped), writes with `csv_chunks`."""

    CONTENT_TYPE = "text/csv; charset=utf-8"

    def get_title(self):
        return "csv"

    def is_binary(self):
        # Read as bytes, so that a wrong encoding gets our message, not a traceback name.
        return True

    def get_content_type(self):
        return self.CONTENT_TYPE

    def create_dataset(self, in_stream, **kwargs):
        headers, rows = read_table(in_stream, max_rows=settings.IMPORT_MAX_ROWS)
        # Blank rows are kept so that a row's index still gives its number in the spreadsheet.
        return tablib.Dataset(*rows, headers=headers)

    def export_data(self, dataset, **kwargs):
        return "".join(csv_chunks(dataset.headers, dataset))
