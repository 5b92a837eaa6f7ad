"""Uploaded documents: a PDF, DOCX or ODT file judged by its content, within a size limit, under a safe name.

The leading bytes are identified by puremagic (PDF, or a zip container); a zip container is then
opened to check that it is the word-processing document its name claims: a DOCX holds
`[Content_Types].xml` declaring a WordprocessingML main part, an ODT starts with an uncompressed
`mimetype` member naming OpenDocument text (ODF 1.2, section 3.3). Other zip files (a spreadsheet,
an archive renamed `.docx`) and oversized or overly packed archives are refused. Every refusal says
what was wrong and what to do.
"""

import posixpath
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass

import puremagic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FileKind:
    extension: str
    content_type: str
    label: str


PDF = FileKind("pdf", "application/pdf", "PDF")
DOCX = FileKind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX")
ODT = FileKind("odt", "application/vnd.oasis.opendocument.text", "ODT")
KINDS = {kind.extension: kind for kind in (PDF, DOCX, ODT)}

MAX_NAME_LENGTH = 120
HEAD_BYTES = 8192
# A zip container is refused beyond these: a document does not need more, and a zip bomb does.
MAX_MEMBERS = 5000
MAX_UNPACKED_RATIO = 200
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_UNSAFE_NAME = re.compile(r"[/\\\x00-\x1f\x7f]|^\.|\.\.")


def upload_check(upload):
    """The FileKind of `upload` (a Django UploadedFile), or ValidationError saying why it is refused."""
    name = upload.name or ""
    if not name.strip() or _UNSAFE_NAME.search(name) or len(name) > MAX_NAME_LENGTH:
        raise ValidationError(
            _(
                "The file name “%(name)s” is refused: it is empty, longer than %(max)s characters, starts with a "
                "dot, or contains a folder path (/ \\ ..) or control characters. Rename the file and upload it again."
            ),
            code="unsafe_name",
            params={"name": name[:80], "max": MAX_NAME_LENGTH},
        )
    extension = posixpath.splitext(name)[1].lower().lstrip(".")
    kind = KINDS.get(extension)
    if kind is None:
        raise ValidationError(
            _("Only PDF, DOCX and ODT files are accepted; “%(name)s” is none of them."),
            code="extension",
            params={"name": name},
        )
    limit = settings.LIBRARY_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the largest file accepted is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    container = _container(head)
    if kind is PDF and container != "pdf" or kind is not PDF and (container != "zip" or not _holds(upload, kind)):
        raise ValidationError(
            _("The file is named .%(extension)s but its content is not a %(label)s document; nothing was saved."),
            code="content",
            params={"extension": extension, "label": kind.label},
        )
    upload.seek(0)
    return kind


def _container(head):
    """ "pdf", "zip" or None: what the leading bytes are, by their signature."""
    try:
        matches = puremagic.magic_string(head)
    except puremagic.PureError:
        return None
    mime_types = {match.mime_type for match in matches}
    if "application/pdf" in mime_types and head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    return None


def _holds(upload, kind):
    """Whether the zip container `upload` is a well-formed document of `kind` (DOCX or ODT)."""
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            unpacked = sum(member.file_size for member in members)
            if len(members) > MAX_MEMBERS or unpacked > max(upload.size, 1) * MAX_UNPACKED_RATIO:
                return False
            names = {member.filename for member in members}
            if kind is ODT:
                first = members[0] if members else None
                return (
                    first is not None
                    and first.filename == "mimetype"
                    and first.compress_type == zipfile.ZIP_STORED
                    and archive.read(first).strip() == ODT.content_type.encode()
                    and "content.xml" in names
                )
            if "[Content_Types].xml" not in names:
                return False
            declared = archive.read("[Content_Types].xml")
            return DOCX_MAIN.encode() in declared
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, KeyError, NotImplementedError, ValueError):
        return False


def stored_name(instance, filename):
    """Where an accepted upload is stored: a random folder, then the name reduced to safe characters.

    The folder keeps names unguessable and unique; the visitor never sees this path (files are
    served by `library.views.document_file`, which checks who asks).
    """
    stem, extension = posixpath.splitext(posixpath.basename(filename.replace("\\", "/")))
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    safe_stem = re.sub(r"[^A-Za-z0-9_-]+", "-", ascii_stem).strip("-")[:80] or "document"
    safe_extension = extension.lower() if extension.lower().lstrip(".") in KINDS else ""
    return f"documents/{uuid.uuid4().hex}/{safe_stem}{safe_extension}"
