"""Class 2: decompression and pixel bombs, legacy macro formats. Every zip-based kind and every way of lying is
refused in Vietnamese, in bounded memory, with nothing stored; sane files still pass."""

from __future__ import annotations

import tracemalloc

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.lib import archives
from cchc.reports.uploads import check_upload

from . import bombs

ZIP_KINDS = ["docx", "xlsx", "pptx", "odt", "ods", "odp"]
BOMBS = {
    "ratio": lambda kind: bombs.ratio_bomb(kind, 2048),
    "lying header": lambda kind: bombs.lying_bomb(kind, 2048),
    "declared size": bombs.declared_size_bomb,
    "many entries": lambda kind: bombs.many_entries_bomb(kind, 6_000),
    "content types part": lambda kind: bombs.content_types_bomb(kind, 1024),
}


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.parametrize("kind", ZIP_KINDS)
def test_sane_zip_documents_pass(kind):
    content_type, extension = check_upload(upload(f"bao-cao.{kind}", bombs.real_office(kind)))
    assert extension == kind and content_type


@pytest.mark.parametrize("bomb", list(BOMBS))
@pytest.mark.parametrize("kind", ZIP_KINDS)
def test_every_zip_bomb_is_refused_in_bounded_memory(kind, bomb):
    if bomb == "content types part" and kind.startswith("od"):
        pytest.skip("OpenDocument files have no [Content_Types].xml")
    data = BOMBS[bomb](kind)
    assert len(data) < 3 * 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError) as refused:
            check_upload(upload(f"minh-chung.{kind}", data))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    message = " ".join(refused.value.messages)
    assert "minh-chung." + kind in message
    assert any(word in message for word in ("bom giải nén", "thành phần", "không được nhận dạng", "bị hỏng")), message
    assert peak < 40 * 1024 * 1024, f"peak {peak / 1048576:.0f} MB"


def test_the_bomb_message_says_why_in_vietnamese():
    with pytest.raises(ValidationError) as refused:
        check_upload(upload("bao-cao.docx", bombs.ratio_bomb("docx", 1024)))
    assert "bom giải nén" in refused.value.messages[0]


def test_a_lying_header_is_caught_by_reading_not_by_trusting():
    data = bombs.lying_bomb("docx", 64)
    info = archives.inspect_zip(data, deep=False)  # the directory alone looks harmless
    assert info.declared_bytes < 10_000
    with pytest.raises(archives.ArchiveRefused) as refused:
        archives.inspect_zip(data)
    assert refused.value.reason == "lying"


def test_a_pixel_bomb_image_is_refused():
    with pytest.raises(ValidationError) as refused:
        check_upload(upload("anh.png", bombs.pixel_bomb_png()))
    assert "điểm ảnh" in refused.value.messages[0]


def test_a_normal_image_passes():
    assert check_upload(upload("anh.png", bombs.pixel_bomb_png(800, 600)))[0] == "image/png"


@pytest.mark.parametrize("extension", ["doc", "xls", "ppt"])
def test_legacy_macro_formats_are_refused_unless_allowed(settings, extension):
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    with pytest.raises(ValidationError) as refused:
        check_upload(upload(f"cu.{extension}", data))
    assert "macro" in refused.value.messages[0]
    settings.CCHC_ALLOW_LEGACY_OFFICE = True
    assert check_upload(upload(f"cu.{extension}", data))[1] == extension


def test_macro_enabled_ooxml_is_not_taken_for_a_document():
    data = bombs.raw_zip([bombs._stored("[Content_Types].xml", b'<Types><Override ContentType="application/'
                                        b'vnd.ms-word.document.macroEnabled.main+xml"/></Types>')])
    with pytest.raises(ValidationError):
        check_upload(upload("bao-cao.docx", data))
