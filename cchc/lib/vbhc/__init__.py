"""Reader and parser for Vietnamese administrative documents (Decree 30/2020/NĐ-CP layout).

Pure Python, no Django::

    from cchc.lib.vbhc import read_text, parse_document

    doc = parse_document(read_text("cong-van.docx"))
    doc.number, doc.subject, doc.to_dict()
"""

from __future__ import annotations

from .errors import (
    BinaryFileError,
    CorruptFileError,
    DocumentReadError,
    EmptyDocumentError,
    FileAccessError,
    LegacyFormatError,
    ScannedPdfError,
    UnsupportedFormatError,
)
from .model import FIELD_NAMES, Deadline, ParsedDocument, Reference, Section, Signature, TableTask
from .parser import parse_document
from .reader import read_text
from .text import fold

__all__ = [
    "FIELD_NAMES",
    "BinaryFileError",
    "CorruptFileError",
    "Deadline",
    "DocumentReadError",
    "EmptyDocumentError",
    "FileAccessError",
    "LegacyFormatError",
    "ParsedDocument",
    "Reference",
    "ScannedPdfError",
    "Section",
    "Signature",
    "TableTask",
    "UnsupportedFormatError",
    "fold",
    "parse_document",
    "read_text",
]
