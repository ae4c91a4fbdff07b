"""Checking uploaded evidence files: the type is read from the content (magic bytes) and must match the extension.

``check_upload`` never trusts the browser's content type nor the file name alone: a PDF renamed ``anh.jpg`` or a
text file renamed ``bao-cao.pdf`` is refused with a message in Vietnamese, and so is a file over the size limit.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

HEAD_BYTES = 64
IMAGE_MAX_MB = 10


@dataclass(frozen=True)
class FileFormat:
    key: str
    short: str  # "JPEG", "PDF", … (named in messages as the content found)
    noun: Promise  # "a JPEG image" (named in messages as what the extension promises)
    content_type: str
    extensions: tuple[str, ...]
    is_image: bool = False


FORMATS: dict[str, FileFormat] = {fmt.key: fmt for fmt in (
    FileFormat("jpeg", "JPEG", gettext_lazy("a JPEG image"), "image/jpeg", ("jpg", "jpeg"), True),
    FileFormat("png", "PNG", gettext_lazy("a PNG image"), "image/png", ("png",), True),
    FileFormat("gif", "GIF", gettext_lazy("a GIF image"), "image/gif", ("gif",), True),
    FileFormat("webp", "WEBP", gettext_lazy("a WEBP image"), "image/webp", ("webp",), True),
    FileFormat("pdf", "PDF", gettext_lazy("a PDF document"), "application/pdf", ("pdf",)),
    FileFormat("docx", "DOCX", gettext_lazy("a Word document (DOCX)"),
               "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",)),
    FileFormat("xlsx", "XLSX", gettext_lazy("an Excel workbook (XLSX)"),
               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",)),
    FileFormat("pptx", "PPTX", gettext_lazy("a PowerPoint presentation (PPTX)"),
               "application/vnd.openxmlformats-officedocument.presentationml.presentation", ("pptx",)),
    FileFormat("ole", "DOC/XLS/PPT", gettext_lazy("an Office 97–2003 document"), "application/msword",
               ("doc", "xls", "ppt")),
    FileFormat("mp4", "MP4", gettext_lazy("an MP4 video"), "video/mp4", ("mp4", "m4v", "mov")),
    FileFormat("webm", "WEBM/MKV", gettext_lazy("a WEBM or MKV video"), "video/webm", ("webm", "mkv")),
)}
OLE_CONTENT_TYPES = {"doc": "application/msword", "xls": "application/vnd.ms-excel",
                     "ppt": "application/vnd.ms-powerpoint"}
MKV_CONTENT_TYPE = "video/x-matroska"
OOXML_MAIN_PARTS = {
    "docx": "wordprocessingml.document.main+xml",
    "xlsx": "spreadsheetml.sheet.main+xml",
    "pptx": "presentationml.presentation.main+xml",
}
EXTENSION_FORMAT = {ext: fmt.key for fmt in FORMATS.values() for ext in fmt.extensions}
# What an activity's evidence may be: images, PDF, office documents and videos.
EVIDENCE_EXTENSIONS = frozenset(EXTENSION_FORMAT)


def max_upload_bytes(*, image: bool = False) -> int:
    limit_mb = int(getattr(settings, "CCHC_MAX_UPLOAD_MB", 20) or 20)
    if image:
        limit_mb = min(limit_mb, IMAGE_MAX_MB)
    return limit_mb * 1024 * 1024


def limit_mb(*, image: bool = False) -> int:
    return max_upload_bytes(image=image) // (1024 * 1024)


def extension_of(name: str) -> str:
    return PurePath(name or "").suffix.lower().lstrip(".")


def _read_head(uploaded_file: Any) -> bytes:
    uploaded_file.seek(0)
    head = uploaded_file.read(HEAD_BYTES)
    uploaded_file.seek(0)
    return head or b""


def _ooxml_kind(uploaded_file: Any) -> str | None:
    """"docx", "xlsx" or "pptx" from the ``[Content_Types].xml`` part of a ZIP; None for any other ZIP."""
    try:
        uploaded_file.seek(0)
        with zipfile.ZipFile(uploaded_file) as archive:
            types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, RuntimeError):
        return None
    finally:
        uploaded_file.seek(0)
    for kind, part in OOXML_MAIN_PARTS.items():
        if part in types:
            return kind
    return None


def sniff(uploaded_file: Any) -> str | None:
    """The format key the content is in (see ``FORMATS``), or None when it is none of them."""
    head = _read_head(uploaded_file)
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _ooxml_kind(uploaded_file)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head[4:8] == b"ftyp":
        return "mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "webm"
    return None


def check_upload(uploaded_file: Any, *, allowed: set[str] | frozenset[str] = EVIDENCE_EXTENSIONS) -> tuple[str, str]:
    """(content type, extension) of an acceptable upload; ``ValidationError`` in Vietnamese otherwise.

    ``allowed`` is the set of extensions (without the dot) accepted here. The content decides the type; the
    extension must name the same type; images are limited to 10 MB and other files to ``CCHC_MAX_UPLOAD_MB``.
    """
    name = getattr(uploaded_file, "name", "") or ""
    display = PurePath(name).name
    extension = extension_of(name)
    if not extension or extension not in allowed or extension not in EXTENSION_FORMAT:
        raise ValidationError(
            _("The file “%(name)s” cannot be attached: allowed types are %(types)s.")
            % {"name": display, "types": ", ".join(sorted(allowed))}, code="extension")
    size = getattr(uploaded_file, "size", None) or 0
    if size <= 0:
        raise ValidationError(_("The file “%(name)s” is empty.") % {"name": display}, code="empty")
    expected = FORMATS[EXTENSION_FORMAT[extension]]
    if size > max_upload_bytes(image=expected.is_image):
        raise ValidationError(_("The file “%(name)s” is larger than %(mb)s MB.")
                              % {"name": display, "mb": limit_mb(image=expected.is_image)}, code="size")
    found = sniff(uploaded_file)
    if found != expected.key:
        if found is None:
            message = _("The file “%(name)s” is not %(expected)s: its content is not a recognised type.")
        else:
            message = _("The file “%(name)s” is not %(expected)s: its content is %(found)s.")
        raise ValidationError(message % {"name": display, "expected": expected.noun,
                                         "found": FORMATS[found].short if found else ""}, code="content")
    if expected.key == "ole":
        return OLE_CONTENT_TYPES[extension], extension
    if extension == "mkv":
        return MKV_CONTENT_TYPE, extension
    if extension == "mov":
        return "video/quicktime", extension
    return expected.content_type, extension
