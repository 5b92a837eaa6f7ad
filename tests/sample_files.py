"""Small, well-formed PDF, DOCX and ODT files for upload tests, and files that only pretend to be one."""

import io
import zipfile

from library.files import DOCX_MAIN, ODT


def pdf_bytes(text="Sample document"):
    """A one-page PDF whose bytes are ASCII and contain `text` (so a test can look for it in a download)."""
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
        b"% " + text.encode("ascii") + b"\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )


def docx_bytes(main_type=DOCX_MAIN):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'<Types><Override PartName="/word/document.xml" ContentType="{main_type}"/></Types>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def odt_bytes(mimetype=ODT.content_type):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
