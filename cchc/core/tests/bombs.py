"""Hostile files built on the fly for the hardening tests and ``bench/bombs.py`` (nothing is stored in the repo).

Each builder returns bytes that are small on the wire and would be huge (or dangerous) once opened.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from functools import lru_cache

MB = 1024 * 1024
OOXML_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}
ODF_TYPES = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/worksheets/sheet1.xml", "pptx": "ppt/slides/slide1.xml",
             "odt": "content.xml", "ods": "content.xml", "odp": "content.xml"}


@lru_cache(maxsize=8)
def zeros_deflated(megabytes: int) -> tuple[bytes, int]:
    """A raw deflate stream of ``megabytes`` MB of zeros (about 1 KB per MB) and its CRC-32, built in O(1) memory:
    with a full flush after each identical 1 MB block the compressed block repeats."""
    block = b"\0" * MB
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    second = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert first == second
    stream = first * megabytes + compressor.flush()
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(block, crc)
    return stream, crc & 0xFFFFFFFF


def raw_zip(members: list[tuple[str, bytes, int, int, int, int]]) -> bytes:
    """A ZIP from (name, compressed data, method, crc, declared size, real compressed size) — headers written as
    given, so they may lie."""
    out = io.BytesIO()
    central = []
    for name, data, method, crc, declared, _size in members:
        offset = out.tell()
        encoded = name.encode()
        out.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, method, 0, 0x21, crc, len(data), declared,
                              len(encoded), 0))
        out.write(encoded)
        out.write(data)
        central.append(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, method, 0, 0x21, crc,
                                   len(data), declared, len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
    start = out.tell()
    for record in central:
        out.write(record)
    size = out.tell() - start
    out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(central), len(central), size, start, 0))
    return out.getvalue()


def _type_member(kind: str) -> tuple[str, bytes]:
    if kind in ODF_TYPES:
        return "mimetype", ODF_TYPES[kind].encode()
    return "[Content_Types].xml", f'<Types><Override PartName="/x" ContentType="{OOXML_TYPES[kind]}"/></Types>'.encode()


def _stored(name: str, content: bytes) -> tuple[str, bytes, int, int, int, int]:
    return name, content, zipfile.ZIP_STORED, zlib.crc32(content) & 0xFFFFFFFF, len(content), len(content)


def ratio_bomb(kind: str = "docx", megabytes: int = 2048) -> bytes:
    """An honest header: the main part declares ``megabytes`` MB, compressed about 1000 : 1."""
    stream, crc = zeros_deflated(megabytes)
    name, content = _type_member(kind)
    return raw_zip([_stored(name, content),
                    (MAIN_PART[kind], stream, zipfile.ZIP_DEFLATED, crc, megabytes * MB, len(stream))])


def lying_bomb(kind: str = "docx", megabytes: int = 2048) -> bytes:
    """The main part declares 1 KB but inflates to ``megabytes`` MB."""
    stream, crc = zeros_deflated(megabytes)
    name, content = _type_member(kind)
    return raw_zip([_stored(name, content), (MAIN_PART[kind], stream, zipfile.ZIP_DEFLATED, crc, 1024, len(stream))])


def declared_size_bomb(kind: str = "docx") -> bytes:
    """Tiny entries declaring 3.9 GB each (the central directory alone is the lie)."""
    name, content = _type_member(kind)
    stream, crc = zeros_deflated(1)
    return raw_zip([_stored(name, content),
                    (MAIN_PART[kind], stream, zipfile.ZIP_DEFLATED, crc, 0xFFFFFFF0 // 1, len(stream))])


def many_entries_bomb(kind: str = "docx", count: int = 20_000) -> bytes:
    name, content = _type_member(kind)
    return raw_zip([_stored(name, content)] + [_stored(f"x/{index}.xml", b"") for index in range(count)])


def content_types_bomb(kind: str = "docx", megabytes: int = 1024) -> bytes:
    """The very part read to recognise the type is the bomb."""
    stream, crc = zeros_deflated(megabytes)
    return raw_zip([("[Content_Types].xml", stream, zipfile.ZIP_DEFLATED, crc, megabytes * MB, len(stream))])


def real_office(kind: str = "docx") -> bytes:
    """A small, sane document of ``kind`` (enough for the content check)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        name, content = _type_member(kind)
        archive.writestr(name, content, compress_type=zipfile.ZIP_STORED)
        archive.writestr(MAIN_PART[kind], "<doc>" + "Báo cáo tuyên truyền CCHC. " * 2000 + "</doc>")
    return buffer.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def pixel_bomb_png(width: int = 60_000, height: int = 60_000) -> bytes:
    """A PNG declaring ``width`` × ``height`` pixels (3.6 gigapixels by default) in a few kilobytes."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    row = b"\0" * (width + 1)
    compressor = zlib.compressobj(9)
    data = compressor.compress(row * 16) + compressor.flush()
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", data) + _png_chunk(b"IEND", b"")


@lru_cache(maxsize=8)
def xlsx_dimension_bomb(rows: int = 1_048_576, columns: int = 16_384) -> bytes:
    """An XLSX whose sheet declares the full sheet size and holds cells at its far corner."""
    from openpyxl.utils import get_column_letter

    last = f"{get_column_letter(columns)}{rows}"
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="A1:{last}"/><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Mã đơn vị</t></is></c></row>'
        f'<row r="{rows}"><c r="{last}" t="inlineStr"><is><t>x</t></is></c></row>'
        '</sheetData></worksheet>')
    return _minimal_xlsx(sheet)


@lru_cache(maxsize=4)
def xlsx_many_rows(rows: int = 200_000) -> bytes:
    """An XLSX with ``rows`` short rows (each a value): small once zipped, huge once read."""
    body = "".join(f'<row r="{index}"><c r="A{index}" t="inlineStr"><is><t>x</t></is></c></row>'
                   for index in range(1, rows + 1))
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             f'{body}</sheetData></worksheet>')
    return _minimal_xlsx(sheet)


def _minimal_xlsx(sheet_xml: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
            'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/></Types>'))
        archive.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        archive.writestr("xl/workbook.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'))
        archive.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'))
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return buffer.getvalue()
