"""Evidence files: type by content and extension, size limit, storage, and who may download them."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.reports.activities import do_add_evidence, do_delete_evidence
from cchc.reports.models import Evidence
from cchc.reports.uploads import check_upload

from .test_activities import lock, make_activity, make_taxonomy

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64


def png_bytes() -> bytes:
    """A real 1×1 PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
            + chunk(b"IEND", b""))


def office_bytes(main_part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", f'<Types><Override ContentType="application/vnd.openxmlformats-'
                                                f'officedocument.{main_part}"/></Types>')
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("anh.jpg", JPEG, "image/jpeg"),
    ("anh.PNG", png_bytes(), "image/png"),
    ("anh.gif", b"GIF89a" + b"\x00" * 20, "image/gif"),
    ("anh.webp", b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 20, "image/webp"),
    ("van-ban.pdf", PDF, "application/pdf"),
    ("bao-cao.docx", office_bytes("wordprocessingml.document.main+xml"),
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("so-lieu.xlsx", office_bytes("spreadsheetml.sheet.main+xml"),
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("trinh-chieu.pptx", office_bytes("presentationml.presentation.main+xml"),
     "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    ("cu.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40, "application/msword"),
    ("clip.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 20, "video/mp4"),
    ("clip.webm", b"\x1a\x45\xdf\xa3" + b"\x00" * 20, "video/webm"),
])
def test_it_accepts_files_whose_content_matches_the_extension(settings, name, content, expected):
    settings.CCHC_ALLOW_LEGACY_OFFICE = True  # .doc is refused unless allowed (see core/tests/test_security_uploads)
    content_type, _extension = check_upload(upload(name, content), allowed={
        "jpg", "png", "gif", "webp", "pdf", "docx", "xlsx", "pptx", "doc", "mp4", "webm"})
    assert content_type == expected


@pytest.mark.parametrize(("name", "content", "words"), [
    ("anh.jpg", PDF, ["anh.jpg", "JPEG", "PDF"]),
    ("bao-cao.pdf", b"just some text, not a PDF", ["bao-cao.pdf", "PDF"]),
    ("bao-cao.docx", office_bytes("spreadsheetml.sheet.main+xml"), ["bao-cao.docx", "XLSX"]),
    ("bao-cao.docx", b"PK\x03\x04 not really a zip", ["bao-cao.docx"]),
    ("script.html", b"<script>alert(1)</script>", ["script.html"]),
    ("khong-duoi", PDF, ["khong-duoi"]),
])
def test_it_refuses_a_false_extension(settings, name, content, words):
    with pytest.raises(ValidationError) as info:
        check_upload(upload(name, content), allowed={"jpg", "pdf", "docx"})
    message = " ".join(info.value.messages)
    for word in words:
        assert word in message


def test_it_limits_the_size(settings):
    settings.CCHC_MAX_UPLOAD_MB = 1
    big_pdf = PDF + b"0" * (1024 * 1024)
    with pytest.raises(ValidationError) as info:
        check_upload(upload("lon.pdf", big_pdf), allowed={"pdf"})
    assert "1 MB" in info.value.messages[0]
    settings.CCHC_MAX_UPLOAD_MB = 20
    big_image = JPEG + b"0" * (10 * 1024 * 1024)
    with pytest.raises(ValidationError) as info:
        check_upload(upload("lon.jpg", big_image), allowed={"jpg"})
    assert "10 MB" in info.value.messages[0]
    assert check_upload(upload("vua.pdf", PDF + b"0" * (11 * 1024 * 1024)), allowed={"pdf"})[0] == "application/pdf"


@pytest.mark.django_db
def test_it_stores_evidence_through_the_storage_and_deletes_it(province, alice, settings,
                                                               django_capture_on_commit_callbacks):
    web, *_rest = make_taxonomy()
    activity = make_activity(province.stttt, web)
    evidence = do_add_evidence(activity, upload("Ảnh hội nghị.png", png_bytes()), acting_user=alice)
    assert evidence.original_name == "Ảnh hội nghị.png" and evidence.content_type == "image/png"
    assert evidence.size == len(png_bytes()) and evidence.uploaded_by == alice
    assert evidence.file.name.startswith(f"evidence/{province.stttt.pk}/") and "Ảnh" not in evidence.file.name
    assert default_storage.exists(evidence.file.name)
    with django_capture_on_commit_callbacks(execute=True):
        do_delete_evidence(evidence, acting_user=alice)
    assert not default_storage.exists(evidence.file.name)


@pytest.mark.django_db
def test_a_refused_file_stores_nothing(province, alice, settings):
    web, *_rest = make_taxonomy()
    activity = make_activity(province.stttt, web)
    with pytest.raises(ValidationError):
        do_add_evidence(activity, upload("anh.jpg", PDF), acting_user=alice)
    assert not Evidence.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.django_db
def test_an_officer_cannot_attach_to_another_units_or_a_locked_activity(province, alice, bob, settings):
    web, *_rest = make_taxonomy()
    theirs = make_activity(province.pleiku, web)
    with pytest.raises(PermissionDenied):
        do_add_evidence(theirs, upload("anh.png", png_bytes()), acting_user=alice)
    mine = make_activity(province.stttt, web)
    lock(mine)
    with pytest.raises(PermissionDenied):
        do_add_evidence(mine, upload("anh.png", png_bytes()), acting_user=alice)
    assert stored_files(settings) == []


@pytest.mark.django_db
def test_evidence_is_served_only_to_those_who_may_see_it(province, alice, bob, alice_client, bob_client,
                                                         leader_client, coordinator_client, settings, client):
    web, *_rest = make_taxonomy()
    bobs = make_activity(province.pleiku, web)
    evidence = do_add_evidence(bobs, upload("van-ban.pdf", PDF), acting_user=bob)
    url = f"/reports/evidence/{evidence.pk}/"
    response = bob_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert leader_client.get(url).status_code == 200
    assert coordinator_client.get(url).status_code == 200
    assert alice_client.get(url).status_code == 404
    assert client.get(url).status_code == 302  # anonymous: to the login page
    # No public media address: the raw stored path is not served.
    assert alice_client.get(f"/media/{evidence.file.name}").status_code == 404
    assert bob_client.get(f"/media/{evidence.file.name}").status_code == 404
    assert client.get(f"/media/{evidence.file.name}").status_code == 404


@pytest.mark.django_db
def test_evidence_delete_page_is_scoped(province, alice, bob, alice_client, bob_client, leader_client):
    web, *_rest = make_taxonomy()
    evidence = do_add_evidence(make_activity(province.pleiku, web), upload("van-ban.pdf", PDF), acting_user=bob)
    url = f"/reports/evidence/{evidence.pk}/delete/"
    assert alice_client.post(url).status_code == 404
    assert leader_client.post(url).status_code == 403
    assert Evidence.objects.count() == 1
    lock(evidence.activity)
    assert bob_client.post(url).status_code == 403
    assert Evidence.objects.count() == 1
