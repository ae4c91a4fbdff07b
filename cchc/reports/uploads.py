"""Checking uploaded evidence files: the type is read from the content (magic bytes) and must match the extension.

``check_upload`` never trusts the browser's content type nor the file name alone: a PDF renamed ``anh.jpg`` or a
text file renamed ``bao-cao.pdf`` is refused with a message in Vietnamese, and so is a file over the size limit.

Hostile files are refused too, before anything is stored: zip-based documents (DOCX, XLSX, PPTX, ODT, ODS, ODP)
are inspected by ``cchc.lib.archives`` (entry count, declared and real inflated sizes, ratio, read in bounded
chunks), images by their declared dimensions (Pillow's decompression-bomb guard), and the legacy macro-capable
formats (.doc, .xls, .ppt) unless ``CCHC_ALLOW_LEGACY_OFFICE`` is on.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from struct import error as struct_error
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.lib import archives

HEAD_BYTES = 64
IMAGE_MAX_MB = 10
# An image may hold at most this many pixels (a 10 MB PNG may declare 50 000 × 50 000 and need gigabytes).
IMAGE_MAX_PIXELS = 64_000_000
LEGACY_OFFICE_EXTENSIONS = frozenset({"doc", "xls", "ppt"})


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
    FileFormat("odt", "ODT", gettext_lazy("an OpenDocument text (ODT)"), "application/vnd.oasis.opendocument.text",
               ("odt",)),
    FileFormat("ods", "ODS", gettext_lazy("an OpenDocument spreadsheet (ODS)"),
               "application/vnd.oasis.opendocument.spreadsheet", ("ods",)),
    FileFormat("odp", "ODP", gettext_lazy("an OpenDocument presentation (ODP)"),
               "application/vnd.oasis.opendocument.presentation", ("odp",)),
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
ODF_MIMETYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
ZIP_FORMATS = frozenset({"docx", "xlsx", "pptx", "odt", "ods", "odp"})
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


def _zip_kind(uploaded_file: Any) -> str | None:
    """"docx", "xlsx", "pptx" from ``[Content_Types].xml``, "odt", "ods", "odp" from ``mimetype``; None for any
    other ZIP. Parts are read with bounds (``archives.read_member``): a bomb there raises ``ArchiveRefused``."""
    try:
        types = archives.read_member(uploaded_file, "[Content_Types].xml")
        if types is not None:
            text = types.decode("utf-8", "replace")
            for kind, part in OOXML_MAIN_PARTS.items():
                if part in text:
                    return kind
            return None
        mimetype = archives.read_member(uploaded_file, "mimetype")
        if mimetype is not None:
            return ODF_MIMETYPES.get(mimetype.decode("ascii", "replace").strip())
    except archives.ArchiveRefused as refused:
        if refused.reason in ("not_zip", "damaged", "method"):
            return None
        raise
    finally:
        uploaded_file.seek(0)
    return None


def _ooxml_kind(uploaded_file: Any) -> str | None:
    """Kept for callers of the former name: the kind of a zip-based office document."""
    try:
        return _zip_kind(uploaded_file)
    except archives.ArchiveRefused:
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


def legacy_office_allowed() -> bool:
    return bool(getattr(settings, "CCHC_ALLOW_LEGACY_OFFICE", False))


def archive_message(refused: archives.ArchiveRefused, display: str) -> str:
    """Why a zip-based file is refused, in Vietnamese."""
    if refused.reason in ("entry_size", "total_size", "ratio", "lying"):
        return _("The file “%(name)s” is refused: once unpacked it would be far larger than a real document "
                 "(a “decompression bomb”). Save it again from your office program and attach it.") % {
            "name": display}
    if refused.reason == "entries":
        return _("The file “%(name)s” is refused: it holds %(count)s parts, more than the %(limit)s a document "
                 "may have.") % {"name": display, "count": refused.detail.get("count"),
                                 "limit": refused.detail.get("limit")}
    if refused.reason == "encrypted":
        return _("The file “%(name)s” is protected by a password: remove the password and attach it again.") % {
            "name": display}
    return _("The file “%(name)s” is damaged: its content cannot be read.") % {"name": display}


def check_archive(uploaded_file: Any, display: str = "") -> archives.ArchiveInfo:
    """Inspect a zip-based upload fully (bounded reads); ``ValidationError`` in Vietnamese when it is refused."""
    display = display or PurePath(getattr(uploaded_file, "name", "") or "").name
    try:
        return archives.inspect_zip(uploaded_file)
    except archives.ArchiveRefused as refused:
        raise ValidationError(archive_message(refused, display), code="archive") from refused
    finally:
        uploaded_file.seek(0)


def check_image(uploaded_file: Any, display: str = "") -> tuple[int, int] | None:
    """(width, height) of an image read from its header only; ``ValidationError`` when it declares more than
    ``IMAGE_MAX_PIXELS`` (a pixel bomb). None when Pillow does not recognise it (nothing will decode it then)."""
    from PIL import Image, UnidentifiedImageError

    display = display or PurePath(getattr(uploaded_file, "name", "") or "").name
    refused = ValidationError(
        _("The image “%(name)s” is refused: it declares more pixels than a real photo (over %(mp)s megapixels).")
        % {"name": display, "mp": IMAGE_MAX_PIXELS // 1_000_000}, code="pixels")
    try:
        uploaded_file.seek(0)
        with Image.open(uploaded_file) as image:
            width, height = image.size
            frames = getattr(image, "n_frames", 1) if image.format in ("GIF", "WEBP") else 1
    except Image.DecompressionBombError as exc:
        raise refused from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, struct_error, EOFError):
        return None
    finally:
        uploaded_file.seek(0)
    if width * height * max(1, min(frames, 1000)) > IMAGE_MAX_PIXELS:
        raise refused
    return width, height


def check_upload(uploaded_file: Any, *, allowed: set[str] | frozenset[str] = EVIDENCE_EXTENSIONS) -> tuple[str, str]:
    """(content type, extension) of an acceptable upload; ``ValidationError`` in Vietnamese otherwise.

    ``allowed`` is the set of extensions (without the dot) accepted here. The content decides the type; the
    extension must name the same type; images are limited to 10 MB and other files to ``CCHC_MAX_UPLOAD_MB``.
    Zip-based documents are inspected for decompression bombs, images for pixel bombs; the legacy .doc, .xls and
    .ppt (which may carry macros) only when ``CCHC_ALLOW_LEGACY_OFFICE`` is on.
    """
    name = getattr(uploaded_file, "name", "") or ""
    display = PurePath(name).name
    extension = extension_of(name)
    if not extension or extension not in allowed or extension not in EXTENSION_FORMAT:
        raise ValidationError(
            _("The file “%(name)s” cannot be attached: allowed types are %(types)s.")
            % {"name": display, "types": ", ".join(sorted(allowed))}, code="extension")
    if extension in LEGACY_OFFICE_EXTENSIONS and not legacy_office_allowed():
        raise ValidationError(
            _("The file “%(name)s” is in an old Office format (.doc, .xls, .ppt) that may carry macros: save it as "
              ".docx, .xlsx, .pptx or PDF and attach it again.") % {"name": display}, code="legacy")
    size = getattr(uploaded_file, "size", None) or 0
    if size <= 0:
        raise ValidationError(_("The file “%(name)s” is empty.") % {"name": display}, code="empty")
    expected = FORMATS[EXTENSION_FORMAT[extension]]
    if size > max_upload_bytes(image=expected.is_image):
        raise ValidationError(_("The file “%(name)s” is larger than %(mb)s MB.")
                              % {"name": display, "mb": limit_mb(image=expected.is_image)}, code="size")
    if _read_head(uploaded_file).startswith(b"PK\x03\x04") and expected.key in ZIP_FORMATS:
        check_archive(uploaded_file, display)
    found = sniff(uploaded_file)
    if found != expected.key:
        if found is None:
            message = _("The file “%(name)s” is not %(expected)s: its content is not a recognised type.")
        else:
            message = _("The file “%(name)s” is not %(expected)s: its content is %(found)s.")
        raise ValidationError(message % {"name": display, "expected": expected.noun,
                                         "found": FORMATS[found].short if found else ""}, code="content")
    if expected.is_image:
        check_image(uploaded_file, display)
    if expected.key == "ole":
        return OLE_CONTENT_TYPES[extension], extension
    if extension == "mkv":
        return MKV_CONTENT_TYPE, extension
    if extension == "mov":
        return "video/quicktime", extension
    return expected.content_type, extension
