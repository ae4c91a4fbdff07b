"""The column's workflow and its permissions: officers draft, coordinators publish, schedule, return, archive."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

from cchc.column import actions
from cchc.column.choices import ItemStatus
from cchc.column.models import Item
from cchc.core import clock
from cchc.reports.models import Activity, Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def topics(province):  # type: ignore[no-untyped-def]
    from cchc.reports.catalogue import load_catalogue

    load_catalogue()
    return Topic.objects.all()


def draft(unit, user, **fields):  # type: ignore[no-untyped-def]
    fields.setdefault("title", "Pleiku vận hành Trung tâm điều hành đô thị thông minh")
    fields.setdefault("summary", "Thành phố đưa vào vận hành trung tâm IOC.")
    fields.setdefault("body", "<p>Nội dung <strong>chính</strong>.</p>")
    return actions.do_create_item(unit=unit, acting_user=user, **fields)


def test_it_lets_an_officer_draft_and_submit_for_their_unit_only(province, alice, topics):  # type: ignore[no-untyped-def]
    item = draft(province.stttt, alice, topics=topics.filter(code="smart-city"))
    assert item.status == ItemStatus.DRAFT and item.author == alice
    assert item.slug == "pleiku-van-hanh-trung-tam-dieu-hanh-do-thi-thong-minh"
    actions.do_submit_item(item, acting_user=alice)
    assert item.status == ItemStatus.SUBMITTED
    with pytest.raises(PermissionDenied):
        draft(province.pleiku, alice)


def test_it_refuses_publishing_by_officers_and_leaders(province, alice, leader, topics):  # type: ignore[no-untyped-def]
    item = draft(province.stttt, alice)
    with pytest.raises(PermissionDenied):
        actions.do_publish_item(item, acting_user=alice)
    with pytest.raises(PermissionDenied):
        actions.do_publish_item(item, acting_user=leader)
    with pytest.raises(PermissionDenied):
        draft(province.stttt, leader)


def test_it_publishes_once_as_an_activity_of_the_unit(province, alice, coordinator, topics):  # type: ignore[no-untyped-def]
    item = draft(province.stttt, alice, topics=topics.filter(code__in=["smart-city", "results"]))
    actions.do_submit_item(item, acting_user=alice)
    actions.do_publish_item(item, acting_user=coordinator)
    actions.do_publish_item(item, acting_user=coordinator)
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED and item.published_at
    activities = Activity.objects.filter(unit=province.stttt)
    assert activities.count() == 1
    activity = activities.get()
    assert activity.channel.code == "portal"
    assert activity.links == f"http://127.0.0.1:8105/tin-tuc/{item.slug}/" or activity.links.endswith(
        f"/tin-tuc/{item.slug}/")
    assert set(activity.topics.values_list("code", flat=True)) == {"smart-city", "results"}
    assert item.activity_id == activity.pk
    # archived, it leaves the public pages but still counts (it was published)
    actions.do_archive_item(item, acting_user=coordinator)
    assert Activity.objects.filter(unit=province.stttt).count() == 1
    with pytest.raises(ValidationError):
        actions.do_publish_item(item, acting_user=coordinator)


def test_it_returns_with_a_reason_and_the_officer_can_edit_again(province, alice, coordinator, topics,  # type: ignore[no-untyped-def]
                                                                 django_capture_on_commit_callbacks):
    item = draft(province.stttt, alice)
    actions.do_submit_item(item, acting_user=alice)
    with pytest.raises(PermissionDenied):
        actions.do_update_item(item, acting_user=alice, title="Sửa khi đang chờ duyệt")
    with pytest.raises(ValidationError):
        actions.do_return_item(item, "  ", acting_user=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_return_item(item, "Bổ sung ảnh và nguồn số liệu.", acting_user=coordinator)
    assert item.status == ItemStatus.RETURNED and "Bổ sung ảnh" in item.return_reason
    assert alice.notifications.filter(category="column").exists()
    actions.do_update_item(item, acting_user=alice, title="Tiêu đề mới")
    actions.do_submit_item(item, acting_user=alice)
    assert item.status == ItemStatus.SUBMITTED


def test_it_publishes_scheduled_items_when_their_time_comes(province, alice, coordinator, topics):  # type: ignore[no-untyped-def]
    item = draft(province.stttt, alice)
    with pytest.raises(ValidationError):
        actions.do_schedule_item(item, clock.now() - timedelta(minutes=1), acting_user=coordinator)
    actions.do_schedule_item(item, clock.now() + timedelta(hours=1), acting_user=coordinator)
    call_command("publish-scheduled", verbosity=0)
    item.refresh_from_db()
    assert item.status == ItemStatus.SCHEDULED
    Item.objects.filter(pk=item.pk).update(publish_at=clock.now() - timedelta(seconds=5))
    call_command("publish-scheduled", verbosity=0)
    call_command("publish-scheduled", verbosity=0)
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED
    assert Activity.objects.filter(unit=province.stttt).count() == 1


def test_it_sanitises_rich_text_and_titles(province, alice, topics):  # type: ignore[no-untyped-def]
    item = draft(province.stttt, alice, title="Tin <script>alert(1)</script> mới",
                 body='<p onclick="alert(1)">A</p><script>alert(2)</script><a href="javascript:alert(3)">x</a>'
                      '<img src="x" onerror="alert(4)"><iframe src="https://evil.example"></iframe>')
    assert "<script" not in item.body and "onclick" not in item.body and "onerror" not in item.body
    assert "javascript:" not in item.body and "iframe" not in item.body
    assert "<p>A</p>" in item.body
    assert item.title == "Tin mới"
    item = actions.do_update_item(item, acting_user=alice, title="&lt;img src=x onerror=alert(1)&gt;Chỉ số PAPI")
    assert item.title == "Chỉ số PAPI"


def _png(width: int = 3000, height: int = 2000) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, "PNG")
    return SimpleUploadedFile("anh-bia.png", out.getvalue(), content_type="image/png")


def test_it_resizes_cover_images_and_refuses_disguised_files(province, alice, topics):  # type: ignore[no-untyped-def]
    item = draft(province.stttt, alice, cover=_png())
    with Image.open(item.cover.open("rb")) as image:
        assert max(image.size) == 1600
    fake = SimpleUploadedFile("anh.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    with pytest.raises(ValidationError):
        draft(province.stttt, alice, title="Khác", cover=fake)
    assert Item.objects.count() == 1


def test_it_publishes_a_directive_with_its_files_in_one_click(province, coordinator, topics):  # type: ignore[no-untyped-def]
    from django.core.files.base import ContentFile

    from cchc.directives.models import Directive

    directive = Directive.objects.create(number="2031/UBND-NC", doc_type="Công văn",
                                         subject="Về việc tuyên truyền CCHC",
                                         issuer="UBND tỉnh Gia Lai", date=clock.today(), source_text="Dòng 1\nDòng 2")
    directive.original_file.save("cv-2031.pdf", ContentFile(b"%PDF-1.4\n%test\n"), save=True)
    item = actions.do_publish_directive(directive, acting_user=coordinator)
    assert item.status == ItemStatus.PUBLISHED and item.kind == "document"
    assert item.files.count() == 1 and item.files.get().original_name == "cv-2031.pdf"
    again = actions.do_publish_directive(directive, acting_user=coordinator)
    assert again.pk == item.pk
    assert Activity.objects.filter(source="column").count() == 1


def test_it_refuses_decompression_bombs(province, alice, topics):  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    Image.new("1", (8000, 6000)).save(out, "PNG")
    bomb = SimpleUploadedFile("bom.png", out.getvalue(), content_type="image/png")
    with pytest.raises(ValidationError):
        draft(province.stttt, alice, cover=bomb)
    assert not Item.objects.exists()


def test_it_attaches_and_deletes_files(province, alice, coordinator, topics, alice_client):  # type: ignore[no-untyped-def]
    from django.urls import reverse

    pdf = SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4\n%k\n", content_type="application/pdf")
    item = draft(province.stttt, alice, files=[pdf])
    attached = item.files.get()
    assert attached.original_name == "ke-hoach.pdf" and attached.content_type == "application/pdf"
    alice_client.post(reverse("column:delete_file", args=[attached.pk]))
    assert not item.files.exists()


def test_the_coordinator_schedules_from_the_page(province, alice, coordinator, coordinator_client, topics):  # type: ignore[no-untyped-def]
    from django.urls import reverse

    item = draft(province.stttt, alice)
    moment = (clock.now() + timedelta(days=2)).astimezone(clock.VIETNAM).replace(hour=7, minute=30)
    response = coordinator_client.post(reverse("column:manage_action", args=[item.pk, "schedule"]),
                                       {"publish_at": moment.strftime("%Y-%m-%dT%H:%M")}, follow=True)
    assert f"Đã hẹn giờ đăng lúc 07:30 {moment:%d/%m/%Y}" in response.content.decode()
    item.refresh_from_db()
    assert item.status == ItemStatus.SCHEDULED
    assert item.publish_at.astimezone(clock.VIETNAM).strftime("%H:%M") == "07:30"
    past = coordinator_client.post(reverse("column:manage_action", args=[item.pk, "schedule"]),
                                   {"publish_at": "2001-01-01T07:00"}, follow=True)
    assert "Hãy chọn một thời điểm trong tương lai." in past.content.decode()
