"""The import pages: upload or paste, the preview with corrections, confirmation; only coordinators and admins."""

from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from lxml import html as lxml_html

import cchc.demo
from cchc.core.choices import Role
from cchc.demo.loader import load_units
from cchc.directives.importing import do_start_import
from cchc.directives.models import Assignment, Directive, ImportDraft, Task
from cchc.test import make_user
from cchc.units.models import UnitAlias

SEED = Path(cchc.demo.__file__).parent / "data" / "cong-van-2031-UBND-NC.txt"


@pytest.fixture
def units(db):
    return load_units()


@pytest.fixture
def sonoivu(units):
    return make_user("sonoivu", Role.COORDINATOR, [units["snv"]])


@pytest.fixture
def client_(client, sonoivu):
    client.force_login(sonoivu)
    return client


def form_values(response, testid: str = "preview-form") -> dict[str, list[str]]:
    """What a browser would submit from the page's form (checked boxes, selected options, typed text)."""
    document = lxml_html.fromstring(response.content.decode())
    form = document.xpath(f'//form[@data-testid="{testid}"]')[0]
    values: dict[str, list[str]] = {}
    for name, value in form.form_values():
        values.setdefault(name, []).append(value)
    return values


def upload_seed(client, content: bytes | None = None, name: str = "cong-van-2031.txt"):
    response = client.post("/directives/import/", {"file": SimpleUploadedFile(name, content or SEED.read_bytes())})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def test_the_upload_page_offers_a_file_and_a_text_box(client_):
    response = client_.get("/directives/import/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'type="file"' in html and 'name="text"' in html and 'enctype="multipart/form-data"' in html


def test_uploading_shows_a_preview_with_every_part(client_):
    url = upload_seed(client_)
    draft = ImportDraft.objects.get()
    assert url == f"/directives/import/{draft.pk}/"
    response = client_.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for testid in ("metadata-card", "recipients-card", "report-card", "references-card", "import-confirm"):
        assert f'data-testid="{testid}"' in html
    assert html.count('data-testid="task-card"') == 3
    assert html.count('data-testid="reference-row"') == 6  # five cited documents and an empty row to add one
    assert 'value="2031/UBND-NC"' in html and 'value="2020-10-01"' in html and 'value="2020-11-25"' in html
    assert "Bru điện tỉnh" in html
    assert 'data-testid="duplicate-warning"' not in html and 'data-testid="unresolved-card"' not in html


def test_confirming_the_preview_creates_the_directive_and_redirects_to_it(client_):
    url = upload_seed(client_)
    response = client_.post(url, form_values(client_.get(url)))
    directive = Directive.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/directives/{directive.pk}/"
    assert directive.tasks.count() == 3
    assert Assignment.objects.filter(task__directive=directive).count() == 48
    assert directive.references.count() == 5
    assert directive.report_requests.get().units.count() == 48
    assert directive.original_file
    # The draft now leads to the directive.
    assert client_.get(url)["Location"] == f"/directives/{directive.pk}/"


def test_pasting_text_works_too(client_):
    response = client_.post("/directives/import/", {"text": SEED.read_text(encoding="utf-8")})
    assert response.status_code == 302
    preview = client_.get(response["Location"])
    client_.post(response["Location"], form_values(preview))
    directive = Directive.objects.get()
    assert not directive.original_file and directive.source_text


def test_corrections_typed_in_the_preview_are_what_gets_created(client_, units):
    url = upload_seed(client_)
    data = form_values(client_.get(url))
    data["meta-subject"] = ["Tuyên truyền CCHC năm 2020"]
    data["tasks-2-units"] = [str(units["baogialai"].pk), str(units["stttt"].pk)]  # remove two, add one
    data["tasks-2-text"] = ["Báo, đài đưa tin."]
    data["tasks-2-due_date"] = ["2020-11-15"]
    data["tasks-1-DELETE"] = ["on"]
    data["refs-0-DELETE"] = ["on"]
    data["refs-5-doc_type"], data["refs-5-number"] = ["Kế hoạch"], ["99/KH-UBND"]
    response = client_.post(url, data)
    assert response.status_code == 302
    directive = Directive.objects.get()
    assert directive.subject == "Tuyên truyền CCHC năm 2020"
    assert list(directive.tasks.values_list("label", flat=True)) == ["1", "3"]
    press = directive.tasks.get(label="3")
    assert press.text == "Báo, đài đưa tin."
    assert set(press.assignments.values_list("unit__code", "due_date")) == {
        ("baogialai", date(2020, 11, 15)), ("stttt", date(2020, 11, 15))}
    numbers = list(directive.references.values_list("number", flat=True))
    assert "4849/BNV-CCHC" not in numbers and "99/KH-UBND" in numbers and len(numbers) == 5


def test_a_failed_confirmation_keeps_everything_typed(client_):
    url = upload_seed(client_)
    data = form_values(client_.get(url))
    data["meta-subject"] = ["Chủ đề đã sửa"]
    data["tasks-0-text"] = [""]  # required
    data["report-deadline"] = ["không phải ngày"]
    response = client_.post(url, data)
    assert response.status_code == 200
    assert not Directive.objects.exists() and not Task.objects.exists()
    html = response.content.decode()
    assert 'data-testid="preview-errors"' in html
    assert "Chủ đề đã sửa" in html and "không phải ngày" in html
    assert response.context["preview"].tasks.forms[0].errors["text"]
    assert response.context["preview"].report.errors["deadline"]
    draft = ImportDraft.objects.get()
    assert draft.proposal["metadata"]["subject"] == "Chủ đề đã sửa"  # kept for a reload
    assert draft.proposal["report_request"]["deadline"] == "2020-11-25"  # the invalid value did not replace it
    # After a reload the typed subject is still there.
    assert "Chủ đề đã sửa" in client_.get(url).content.decode()


def test_a_task_needs_units(client_):
    url = upload_seed(client_)
    data = form_values(client_.get(url))
    data.pop("tasks-1-units")
    response = client_.post(url, data)
    assert response.status_code == 200 and not Directive.objects.exists()
    assert response.context["preview"].tasks.forms[1].errors["units"]


def test_an_unresolved_phrase_is_mapped_by_hand_and_remembered(client_, units):
    portal = units["cong-ttdt"]
    portal.aliases.all().delete()
    portal.name, portal.short_name = "Cổng TTĐT Gia Lai", ""
    portal.save()
    url = upload_seed(client_)
    page = client_.get(url)
    html = page.content.decode()
    assert 'data-testid="unresolved-card"' in html and "bg-warning-subtle" in html
    data = form_values(page)
    assert data["map-remember_0"] == ["on"]  # remembering is the default
    data["map-unit_0"] = [str(portal.pk)]
    response = client_.post(url, data)
    assert response.status_code == 302
    directive = Directive.objects.get()
    assert set(directive.tasks.get(label="3").assignments.values_list("unit__code", flat=True)) == {
        "baogialai", "dai-ptth", "cong-ttdt"}
    assert UnitAlias.objects.filter(unit=portal, name="Cổng Thông tin điện tử tỉnh").exists()


def test_a_duplicate_is_shown_with_a_link_and_confirming_is_refused_until_the_number_changes(client_):
    first = upload_seed(client_)
    client_.post(first, form_values(client_.get(first)))
    existing = Directive.objects.get()
    second = upload_seed(client_)
    page = client_.get(second)
    html = page.content.decode()
    assert 'data-testid="duplicate-warning"' in html and f'href="/directives/{existing.pk}/"' in html
    data = form_values(page)
    response = client_.post(second, data)
    assert response.status_code == 200 and Directive.objects.count() == 1
    assert response.context["preview"].meta.errors["number"]
    data["meta-number"] = ["2031b/UBND-NC"]
    response = client_.post(second, data)
    assert response.status_code == 302 and Directive.objects.count() == 2


@pytest.mark.parametrize(("name", "content"), [
    ("cong-van.pdf", SEED.read_bytes()),
    ("virus.exe", b"MZ"),
    ("trong.txt", b"  "),
])
def test_a_bad_file_is_refused_on_the_upload_page(client_, name, content):
    response = client_.post("/directives/import/", {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not ImportDraft.objects.exists() and not Directive.objects.exists()


def test_a_read_error_is_shown_in_vietnamese(client_):
    response = client_.post("/directives/import/", {"file": SimpleUploadedFile("cong-van.pdf", SEED.read_bytes())})
    assert "Tệp PDF “cong-van.pdf” bị hỏng" in response.content.decode()


def test_file_and_text_together_or_neither_are_refused(client_):
    assert client_.post("/directives/import/", {}).context["form"].errors
    both = client_.post("/directives/import/", {"text": "abc", "file": SimpleUploadedFile("a.txt", b"abc")})
    assert both.context["form"].errors and not ImportDraft.objects.exists()


@pytest.mark.parametrize("role", [Role.OFFICER, Role.LEADER])
def test_officers_and_leaders_get_403(client, units, sonoivu, role):
    draft = do_start_import(acting_user=sonoivu, text=SEED.read_text(encoding="utf-8"))
    client.force_login(make_user("nguoidung", role, [units["stttt"]]))
    assert client.get("/directives/import/").status_code == 403
    assert client.post("/directives/import/", {"text": "abc"}).status_code == 403
    assert client.get(f"/directives/import/{draft.pk}/").status_code == 403
    assert client.post(f"/directives/import/{draft.pk}/", {}).status_code == 403
    assert not Directive.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get("/directives/import/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
