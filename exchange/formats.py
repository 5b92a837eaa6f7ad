"""Reading and writing the registry's CSV files: encodings, delimiters and spreadsheet formula injection."""

import csv
import io

import tablib
from import_export.formats.base_formats import CSV

# A cell starting with one of these is run as a formula by spreadsheet programs (OWASP ASVS 1.2.10).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


class FileError(ValueError):
    """The file as a whole cannot be read; the message is meant for the person who uploaded it."""


def neutralise(value):
    """Prefix `'` so spreadsheets show a would-be formula as text.

    A value that already starts with `'` before a trigger gets one more, so that `restore`
    gives back exactly what was exported and round trips stay lossless.
    """
    if isinstance(value, str) and value and (value[0] in FORMULA_TRIGGERS or _is_escaped(value)):
        return "'" + value
    return value


def restore(value):
    """Undo `neutralise` on a cell read back from a file the registry wrote."""
    if _is_escaped(value):
        return value[1:]
    return value


def _is_escaped(value):
    return value.startswith("'") and value.lstrip("'")[:1] in FORMULA_TRIGGERS and value.lstrip("'") != ""


def decode(data, file_name="the file"):
    """Bytes to text: UTF-8 with or without a byte-order mark, anything else is refused clearly."""
    if isinstance(data, str):
        return data.removeprefix(BOM)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FileError(
            f"{file_name} is not UTF-8 text (unreadable bytes on line {line}). In Excel use "
            '"Save as" > "CSV UTF-8"; in LibreOffice choose the character set "Unicode (UTF-8)".'
        ) from None


def read_table(data, file_name="the file"):
    """Headers and rows (row 2 onwards, blank ones kept) of a CSV file with commas or Excel's semicolons."""
    text = decode(data, file_name)
    if not text.strip():
        raise FileError(f"{file_name} is empty: it needs a header row and at least one row of data.")
    first_line = text.split("\n", 1)[0]
    # Excel writes semicolons where the decimal separator is a comma; the header row tells us which.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        rows = [row for row in reader]
    except csv.Error as error:
        raise FileError(f"{file_name} is not a well-formed CSV file: {error}.") from None
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
            f"{file_name}: row {shown} has more cells than the header row has columns "
            f"({len(headers)}). A value containing {delimiter!r} must be enclosed in double quotes."
        )
    return headers, body


class _Echo:
    def write(self, value):
        return value


def csv_lines(headers, rows, *, bom=False):
    """Yield a CSV file line by line (for streaming), every cell neutralised."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield (BOM if bom else "") + writer.writerow(headers)
    for row in rows:
        yield writer.writerow([neutralise(cell) for cell in row])


class RegistryCSV(CSV):
    """The admin's CSV format: reads like `read_table`, writes neutralised cells with a BOM for Excel."""

    def get_title(self):
        return "csv"

    def is_binary(self):
        # Read the upload as bytes so that a wrong encoding gets our message, not a traceback name.
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        headers, rows = read_table(in_stream)
        # Blank rows are kept so that a row's index still gives its number in the spreadsheet.
        return tablib.Dataset(*rows, headers=headers)

    def export_data(self, dataset, **kwargs):
        return "".join(csv_lines(dataset.headers, dataset))
