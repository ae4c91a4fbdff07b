"""Zip-based files (DOCX, XLSX, PPTX, ODT, ODS, ODP, ZIP) inspected without trusting them: no decompression bombs.

Pure Python, no Django. ``inspect_zip`` reads the central directory first (entry count, declared sizes, compression
ratio, encryption) and then, when asked, inflates every entry in small chunks, counting what actually comes out, so
a header that lies about its size is caught too. Memory stays bounded by the chunk size whatever the archive holds.

    from cchc.lib.archives import ArchiveLimits, ArchiveRefused, inspect_zip
    try:
        info = inspect_zip(file_or_bytes)
    except ArchiveRefused as refused:
        refused.reason   # "not_zip", "damaged", "method", "entries", "entry_size", "total_size", "ratio", "lying",
                         # "encrypted"

``read_member`` reads one entry with the same bounds (e.g. ``[Content_Types].xml`` or ``mimetype``).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import IO, Any

CHUNK = 64 * 1024


@dataclass(frozen=True)
class ArchiveLimits:
    max_entries: int = 5_000
    max_entry_bytes: int = 200 * 1024 * 1024  # one inflated entry
    max_total_bytes: int = 400 * 1024 * 1024  # all entries inflated together
    max_ratio: float = 200.0  # inflated / compressed, for entries bigger than ``ratio_floor``
    ratio_floor: int = 2 * 1024 * 1024  # small entries may compress as much as they like
    max_member_read: int = 2 * 1024 * 1024  # ``read_member`` reads at most this much


DEFAULT_LIMITS = ArchiveLimits()


class ArchiveRefused(Exception):
    """The archive exceeds a limit or cannot be read; ``reason`` says which, ``detail`` holds the figures."""

    def __init__(self, reason: str, **detail: Any) -> None:
        super().__init__(reason, detail)
        self.reason = reason
        self.detail = detail


@dataclass
class ArchiveInfo:
    names: list[str] = field(default_factory=list)
    entries: int = 0
    compressed_bytes: int = 0
    declared_bytes: int = 0
    inflated_bytes: int = 0  # counted while reading (0 when ``deep`` was False)


def _as_file(source: Any) -> IO[bytes]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return io.BytesIO(bytes(source))
    return source


def is_zip(source: Any) -> bool:
    handle = _as_file(source)
    position = handle.tell()
    try:
        handle.seek(0)
        return handle.read(4) == b"PK\x03\x04"
    finally:
        handle.seek(position)


def _open(handle: IO[bytes]) -> zipfile.ZipFile:
    try:
        handle.seek(0)
        return zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise ArchiveRefused("not_zip") from exc


def _check_directory(archive: zipfile.ZipFile, limits: ArchiveLimits, info: ArchiveInfo) -> list[zipfile.ZipInfo]:
    entries = archive.infolist()
    info.entries = len(entries)
    if len(entries) > limits.max_entries:
        raise ArchiveRefused("entries", count=len(entries), limit=limits.max_entries)
    for entry in entries:
        info.names.append(entry.filename)
        if entry.flag_bits & 0x1:
            raise ArchiveRefused("encrypted", name=entry.filename)
        info.compressed_bytes += entry.compress_size
        info.declared_bytes += entry.file_size
        if entry.file_size > limits.max_entry_bytes:
            raise ArchiveRefused("entry_size", name=entry.filename, size=entry.file_size,
                                 limit=limits.max_entry_bytes)
        if entry.file_size > limits.ratio_floor and entry.file_size > limits.max_ratio * max(entry.compress_size, 1):
            raise ArchiveRefused("ratio", name=entry.filename, ratio=entry.file_size / max(entry.compress_size, 1),
                                 limit=limits.max_ratio)
    if info.declared_bytes > limits.max_total_bytes:
        raise ArchiveRefused("total_size", size=info.declared_bytes, limit=limits.max_total_bytes)
    return entries


def _inflate(handle: IO[bytes], entry: zipfile.ZipInfo, limits: ArchiveLimits, budget: int,
             keep: int = 0) -> tuple[int, bytes]:
    """Inflate ``entry`` from its raw bytes, chunk by chunk, whatever its header declares: (bytes produced, the
    first ``keep`` bytes). Refuses beyond the limits, and when the real size or CRC differs from the declared."""
    entry_limit = min(limits.max_entry_bytes, budget)
    produced, kept, crc = 0, bytearray(), 0

    def count(data: bytes) -> None:
        nonlocal produced, crc
        if not data:
            return
        produced += len(data)
        crc = zlib.crc32(data, crc)
        if keep and len(kept) < keep:
            kept.extend(data[: keep - len(kept)])
        if produced > entry.file_size:
            # The header lies: the entry holds more than it declares.
            raise ArchiveRefused("lying", name=entry.filename, declared=entry.file_size, size=produced)
        if produced > entry_limit:
            reason = "entry_size" if entry_limit == limits.max_entry_bytes else "total_size"
            raise ArchiveRefused(reason, name=entry.filename, size=produced, limit=entry_limit)
        if produced > limits.ratio_floor and produced > limits.max_ratio * max(entry.compress_size, 1):
            raise ArchiveRefused("ratio", name=entry.filename, ratio=produced / max(entry.compress_size, 1),
                                 limit=limits.max_ratio)

    try:
        handle.seek(entry.header_offset)
        header = handle.read(30)
        if len(header) != 30 or header[:4] != b"PK\x03\x04":
            raise ArchiveRefused("damaged", name=entry.filename)
        name_length, extra_length = struct.unpack("<HH", header[26:30])
        handle.seek(entry.header_offset + 30 + name_length + extra_length)
        remaining = entry.compress_size
        if entry.compress_type == zipfile.ZIP_STORED:
            while remaining > 0:
                data = handle.read(min(CHUNK, remaining))
                if not data:
                    break
                remaining -= len(data)
                count(data)
        elif entry.compress_type == zipfile.ZIP_DEFLATED:
            inflater = zlib.decompressobj(-15)
            while remaining > 0 and not inflater.eof:
                raw = handle.read(min(CHUNK, remaining))
                if not raw:
                    break
                remaining -= len(raw)
                count(inflater.decompress(raw, CHUNK))
                while inflater.unconsumed_tail and not inflater.eof:
                    count(inflater.decompress(inflater.unconsumed_tail, CHUNK))
            count(inflater.flush())
        else:
            raise ArchiveRefused("method", name=entry.filename, method=entry.compress_type)
    except ArchiveRefused:
        raise
    except (OSError, EOFError, ValueError, zlib.error, struct.error) as exc:
        raise ArchiveRefused("damaged", name=entry.filename) from exc
    if produced != entry.file_size or (crc & 0xFFFFFFFF) != entry.CRC:
        # A header that lies about its size (or a damaged entry): what it holds is not what it declares.
        raise ArchiveRefused("damaged", name=entry.filename, declared=entry.file_size, size=produced)
    return produced, bytes(kept)


def inspect_zip(source: Any, *, limits: ArchiveLimits = DEFAULT_LIMITS, deep: bool = True) -> ArchiveInfo:
    """Check an archive against ``limits``; with ``deep`` every entry is actually inflated (bounded, streamed).

    ``source`` is bytes or a seekable binary file (its position is restored). Raises ``ArchiveRefused``.
    """
    handle = _as_file(source)
    position = handle.tell()
    info = ArchiveInfo()
    try:
        with _open(handle) as archive:
            entries = _check_directory(archive, limits, info)
            if deep:
                for entry in entries:
                    if entry.is_dir():
                        continue
                    produced, _head = _inflate(handle, entry, limits, limits.max_total_bytes - info.inflated_bytes)
                    info.inflated_bytes += produced
    finally:
        handle.seek(position)
    return info


def read_member(source: Any, name: str, *, limits: ArchiveLimits = DEFAULT_LIMITS) -> bytes | None:
    """The content of entry ``name`` (None when absent), read with bounds; ``ArchiveRefused`` when it is too big."""
    handle = _as_file(source)
    position = handle.tell()
    try:
        with _open(handle) as archive:
            try:
                entry = archive.getinfo(name)
            except KeyError:
                return None
            if entry.flag_bits & 0x1:
                raise ArchiveRefused("encrypted", name=name)
            if entry.file_size > limits.max_member_read:
                raise ArchiveRefused("entry_size", name=name, size=entry.file_size, limit=limits.max_member_read)
            member_limits = ArchiveLimits(
                max_entries=limits.max_entries, max_entry_bytes=limits.max_member_read,
                max_total_bytes=limits.max_member_read, max_ratio=limits.max_ratio, ratio_floor=limits.ratio_floor,
                max_member_read=limits.max_member_read)
            _produced, content = _inflate(handle, entry, member_limits, limits.max_member_read,
                                          keep=limits.max_member_read)
            return content
    finally:
        handle.seek(position)
