"""Exceptions of the document reader. ``str(exc)`` is a Vietnamese message that says what to do."""

from __future__ import annotations

__all__ = [
    "BinaryFileError",
    "CorruptFileError",
    "DocumentReadError",
    "EmptyDocumentError",
    "FileAccessError",
    "LegacyFormatError",
    "ScannedPdfError",
    "UnsupportedFormatError",
]


class DocumentReadError(Exception):
    """A file could not be turned into text."""


class FileAccessError(DocumentReadError):
    """Missing file, a directory, or no permission."""


class EmptyDocumentError(DocumentReadError):
    """The file is empty or holds only whitespace."""


class UnsupportedFormatError(DocumentReadError):
    """A format the reader does not handle."""


class LegacyFormatError(UnsupportedFormatError):
    """Word 97-2003 (.doc) and similar binary office formats."""


class ScannedPdfError(DocumentReadError):
    """A PDF without a text layer (a scan)."""


class BinaryFileError(DocumentReadError):
    """Binary data or an undecodable text file."""


class CorruptFileError(DocumentReadError):
    """A .docx/.pdf that its library cannot open."""
