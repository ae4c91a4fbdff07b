"""Printed material: the PDFs (page sizes, every Vietnamese letter in an embedded font), the QR codes read back
to the addresses the coordinator set, print runs recorded as activities, and who may do what."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone

from cchc.column.models import Item
from cchc.printing import actions
from cchc.printing.models import Publication, PublicationKind
from cchc.printing.qr import DEFAULT_PORTAL_URL, addresses, qr_png
from cchc.printing.render import render_pdf
from cchc.reports.models import Activity

pytestmark = pytest.mark.django_db

# Every Vietnamese letter, lower and upper case (the vowels with their five tones, đ, ă, â, ê, ô, ơ, ư).
VOWELS = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
ALPHABET = VOWELS + VOWELS.upper()
TOOLS = all(shutil.which(tool) for tool in ("pdftotext", "pdffonts", "pdftoppm", "pdfinfo", "zbarimg"))
needs_tools = pytest.mark.skipif(not TOOLS, reason="poppler-utils and zbar-tools are needed")


def make_publication(province, kind=PublicationKind.LEAFLET, **fields) -> Publication:
    messages = [
        actions.do_save_message(None, acting_user=None, title="Bảng chữ cái tiếng Việt", body=ALPHABET, order=1),
        actions.do_save_message(None, acting_user=None, title="Nộp hồ sơ trực tuyến mức độ 3, 4",
                                body="Truy cập Cổng dịch vụ công trực tuyến để nộp hồ sơ mọi lúc, mọi nơi.", order=2),
        actions.do_save_message(None, acting_user=None, title="Nhận kết quả qua Bưu điện",
                                body="Dịch vụ bưu chính công ích: kết quả gửi tận nhà.", order=3),
    ]
    item, _ = Item.objects.get_or_create(slug="dvc", defaults={
        "unit": province.stttt, "title": "Gia Lai đẩy mạnh dịch vụ công trực tuyến", "status": "published",
        "summary": "Tỷ lệ hồ sơ trực tuyến tăng mạnh.", "published_at": timezone.now()})
    values = {"kind": kind, "title": "Bưu điện đồng hành cùng người dân", "subtitle": "Nộp hồ sơ, nhận kết quả tại nhà",
              "unit": province.buudien, "hotline": "1900 54 54 81", "qr_portal": True, "qr_feedback": True,
              "qr_column": True}
    values.update(fields)
    return actions.do_save_publication(None, acting_user=None, messages=messages, items=[item], **values)


def write(tmp_path: Path, publication: Publication) -> Path:
    path = tmp_path / f"{publication.kind}.pdf"
    path.write_bytes(render_pdf(publication, "http://cchc.test").pdf)
    return path


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout  # noqa: S603


@needs_tools
@pytest.mark.parametrize(("kind", "size", "pages"), [
    (PublicationKind.LEAFLET, "841.89 x 595.276", 2),  # A4 landscape, two sides
    (PublicationKind.RECEIPT_A4, "595.276 x 841.89", 1),
    (PublicationKind.RECEIPT_A5, "419.528 x 595.276", 1),
])
def test_pdfs_have_the_right_page_size_and_every_vietnamese_letter_embedded(province, tmp_path, kind, size, pages):
    publication = make_publication(province, kind=kind)
    path = write(tmp_path, publication)
    info = run("pdfinfo", str(path))
    assert f"Page size:       {size} pts" in info
    assert f"Pages:           {pages}" in info
    fonts = run("pdffonts", str(path)).splitlines()[2:]
    assert fonts, "no font in the PDF"
    for line in fonts:
        columns = line.split()
        assert columns[-5] == "yes", line  # emb
    text = run("pdftotext", str(path), "-")
    missing = [letter for letter in ALPHABET if letter not in text]
    assert not missing, f"letters missing from the text: {''.join(missing)}"
    for word in ("ỹ", "ợ", "ữ", "ậ"):
        assert word in text
    assert "bưu điện đồng hành cùng người dân" in text.replace("\n", " ").lower()


@needs_tools
def test_the_qr_codes_read_back_to_the_addresses_the_coordinator_set(province, tmp_path, coordinator):
    publication = make_publication(province, kind=PublicationKind.RECEIPT_A4)
    defaults = addresses("http://cchc.test")
    assert defaults["portal"] == DEFAULT_PORTAL_URL
    assert defaults["column"].endswith("/")
    actions.do_set_addresses(acting_user=coordinator, portal_url="https://dichvucong.gialai.gov.vn/dvc/tra-cuu?ma=1",
                             feedback_url="https://cchc.gialai.gov.vn/phan-anh/gui/",
                             column_url="https://cchc.gialai.gov.vn/tin-tuc/")
    path = write(tmp_path, publication)
    subprocess.run(["pdftoppm", "-png", "-r", "200", str(path), str(tmp_path / "page")], check=True)  # noqa: S603,S607
    image = next(tmp_path.glob("page*.png"))
    decoded = subprocess.run(["zbarimg", "--quiet", "--raw", str(image)], capture_output=True,  # noqa: S603,S607
                             text=True).stdout.split()
    assert sorted(decoded) == sorted(["https://dichvucong.gialai.gov.vn/dvc/tra-cuu?ma=1",
                                      "https://cchc.gialai.gov.vn/phan-anh/gui/",
                                      "https://cchc.gialai.gov.vn/tin-tuc/"])


@needs_tools
def test_a_png_qr_code_reads_back(tmp_path):
    url = "https://cchc.gialai.gov.vn/tin-tuc/cải-cách?q=một cửa"
    path = tmp_path / "qr.png"
    path.write_bytes(qr_png(url))
    decoded = subprocess.run(["zbarimg", "--quiet", "--raw", str(path)], capture_output=True,  # noqa: S603,S607
                             text=True).stdout.strip()
    assert decoded == "https://cchc.gialai.gov.vn/tin-tuc/c%E1%BA%A3i-c%C3%A1ch?q=m%E1%BB%99t%20c%E1%BB%ADa"


def test_only_coordinators_set_the_addresses(province, alice, alice_client, coordinator_client):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.do_set_addresses(acting_user=alice, portal_url="https://gia-mao.example/")
    assert alice_client.post("/print/qr/", {"portal_url": "https://gia-mao.example/"}).status_code == 403
    response = coordinator_client.post("/print/qr/", {"portal_url": "https://dichvucong.gov.vn/", "feedback_url": "",
                                                      "column_url": ""})
    assert response.status_code == 302
    assert addresses()["portal"] == "https://dichvucong.gov.vn/"
    page = coordinator_client.get("/print/qr/").content.decode()
    assert "https://dichvucong.gov.vn/" in page and "data:image/svg+xml" in page


def test_a_print_run_becomes_an_activity_of_its_unit(province, settings, coordinator_client):
    settings.CCHC_TODAY = "2020-11-20"
    publication = make_publication(province)
    response = coordinator_client.post(publication.get_absolute_url(), {
        "date": "2020-11-09", "copies": "5000", "distribution": "Các bưu cục huyện, thị xã, thành phố"})
    assert response.status_code == 302, response.context["form"].errors
    run_ = publication.runs.get()
    activity = run_.activity
    assert activity.unit == province.buudien and activity.channel.code == "leaflet"
    assert activity.quantity == 5000 and activity.date == date(2020, 11, 9)
    assert "Các bưu cục" in activity.description
    receipt = make_publication(province, kind=PublicationKind.RECEIPT_A5, title="Mặt sau giấy tiếp nhận")
    rec_run = actions.do_record_print_run(receipt, acting_user=None, date=date(2020, 11, 2), copies=20000,
                                          distribution="Quầy tiếp nhận")
    assert rec_run.activity.channel.code == "receipt"
    # Bad input leaves nothing behind.
    response = coordinator_client.post(publication.get_absolute_url(), {"date": "2020-11-10", "copies": "0",
                                                                         "distribution": ""})
    assert response.status_code == 200
    assert Activity.objects.filter(source="printing").count() == 2


def test_other_units_cannot_see_a_publication(province, alice_client, leader_client, coordinator_client):
    publication = make_publication(province)
    assert alice_client.get(publication.get_absolute_url()).status_code == 404
    assert alice_client.get(f"/print/{publication.pk}/pdf/").status_code == 404
    assert "Bưu điện đồng hành" not in alice_client.get("/print/").content.decode()
    assert leader_client.get(publication.get_absolute_url()).status_code == 200
    assert leader_client.post(publication.get_absolute_url(), {"date": "2020-11-10", "copies": "10",
                                                               "distribution": "x"}).status_code == 403
    response = coordinator_client.get(f"/print/{publication.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


def test_an_officer_composes_a_publication_of_their_unit(province, bob, bob_client):
    message = actions.do_save_message(None, acting_user=None, title="Một cửa", body="Nội dung")
    response = bob_client.post("/print/new/", {"kind": "receipt-a5", "title": "Mặt sau giấy tiếp nhận Pleiku",
                                               "unit": province.pleiku.pk, "messages": [message.pk],
                                               "qr_portal": "on"})
    assert response.status_code == 302
    publication = Publication.objects.get()
    assert publication.unit == province.pleiku and list(publication.messages.all()) == [message]
    response = bob_client.post("/print/new/", {"kind": "leaflet", "title": "Giả danh", "unit": province.snv.pk})
    assert response.status_code == 200 and Publication.objects.count() == 1  # not his unit: not in the choices
    for url in ("/print/", "/print/messages/", "/print/qr/", f"/print/{publication.pk}/",
                f"/print/{publication.pk}/edit/"):
        assert bob_client.get(url).status_code == 200, url


def test_the_api_lists_publications_and_runs_of_the_callers_units(province, bob_client, coordinator_client):
    publication = make_publication(province)
    actions.do_record_print_run(publication, acting_user=None, date=date(2020, 11, 9), copies=100,
                                distribution="Bưu cục Pleiku")
    data = coordinator_client.get("/api/v1/print/publications/").json()["results"]
    assert data[0]["title"] == "Bưu điện đồng hành cùng người dân"
    assert data[0]["pdf_url"].endswith(f"/print/{publication.pk}/pdf/")
    assert coordinator_client.get("/api/v1/print/runs/").json()["results"][0]["copies"] == 100
    assert bob_client.get("/api/v1/print/publications/").json()["results"] == []
    assert bob_client.get("/api/v1/print/runs/").json()["results"] == []
