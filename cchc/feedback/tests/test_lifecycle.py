"""The whole life of an item: the public form (with a photo) → route → the unit drafts → the coordinator
publishes → the status page shows the answer → the sender's verdict (yes closes, no reopens)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.core.models import Notification
from cchc.feedback import actions
from cchc.feedback.choices import EventKind, Status
from cchc.feedback.models import Attachment, Feedback
from cchc.feedback.notify import sender_token

from .conftest import SENDER, photo_bytes


def _form(category: str = "dat-dai", **extra: Any) -> dict[str, Any]:
    return {"category": category, "title": "Chậm cấp sổ đỏ", "content": "Hồ sơ của tôi đã quá hẹn hai tuần.",
            "name": SENDER["name"], "phone": SENDER["phone"], "email": SENDER["email"], "consent": "on", **extra}


@pytest.mark.django_db
def test_it_goes_from_the_form_to_a_resolved_answer(client: Any, categories: Any, province: Any,
                                                    coordinator: Any, bob: Any, coordinator_client: Any,
                                                    bob_client: Any) -> None:
    category = categories["dat-dai"]
    data = _form(category=category.pk)
    data["files"] = SimpleUploadedFile("anh.jpg", photo_bytes(), content_type="image/jpeg")
    response = client.post(reverse("feedback:submit"), data)
    assert response.status_code == 302
    item = Feedback.objects.get()
    assert response["Location"].startswith(reverse("feedback:sent", args=[item.tracking_code]))
    sent = client.get(response["Location"])
    assert item.tracking_code in sent.content.decode()
    assert Attachment.objects.filter(feedback=item, content_type="image/jpeg").count() == 1
    assert item.due_date is not None and item.status == Status.NEW
    assert item.consent_at is not None
    assert len(mail.outbox) == 1 and item.tracking_code in mail.outbox[0].subject  # confirmation

    # The coordinator sees the suggestion (the category's usual unit does not exist here: the text names Pleiku?)
    page = coordinator_client.get(item.get_absolute_url())
    assert page.status_code == 200
    response = coordinator_client.post(reverse("feedback:act", args=[item.pk, "route"]), {"unit": province.pleiku.pk})
    item.refresh_from_db()
    assert item.status == Status.ROUTED and item.unit == province.pleiku
    assert Notification.objects.filter(recipient=bob, url=item.get_absolute_url()).exists()

    bob_client.post(reverse("feedback:act", args=[item.pk, "note"]), {"note-text": "Đã gọi điện cho bộ phận một cửa."})
    bob_client.post(reverse("feedback:act", args=[item.pk, "draft"]),
                    {"text": "UBND thành phố đã trả kết quả cho Ông/Bà ngày 20/11/2020."})
    item.refresh_from_db()
    assert item.status == Status.DRAFTED
    # The officer cannot publish.
    bob_client.post(reverse("feedback:act", args=[item.pk, "publish"]))
    item.refresh_from_db()
    assert item.status == Status.DRAFTED

    coordinator_client.post(reverse("feedback:act", args=[item.pk, "publish"]))
    item.refresh_from_db()
    assert item.status == Status.ANSWERED and item.answered_on_time is True
    assert item.answer_unit == province.pleiku
    assert any("Đã có trả lời" in m.subject for m in mail.outbox)
    assert "resolved=yes" in mail.outbox[-1].body

    status = client.get(reverse("feedback:status", args=[item.tracking_code]))
    text = status.content.decode()
    assert "UBND thành phố đã trả kết quả" in text
    assert 'data-testid="resolved-yes"' not in text  # only the sender (signed link) may rate
    token = sender_token(item)
    status = client.get(f"{reverse('feedback:status', args=[item.tracking_code])}?k={token}")
    assert 'data-testid="resolved-yes"' in status.content.decode()
    forged = client.post(reverse("feedback:rate", args=[item.tracking_code]), {"k": "forged", "resolved": "yes"})
    assert forged.status_code == 404
    client.post(reverse("feedback:rate", args=[item.tracking_code]), {"k": token, "resolved": "yes"})
    item.refresh_from_db()
    assert item.status == Status.CLOSED and item.resolved is True
    assert item.events.filter(kind=EventKind.NOTIFIED).count() == len(mail.outbox)  # every mail on the history
    kinds = list(item.events.exclude(kind=EventKind.NOTIFIED).values_list("kind", flat=True))
    assert kinds == [EventKind.RECEIVED, EventKind.ROUTED, EventKind.NOTE, EventKind.DRAFTED, EventKind.PUBLISHED,
                     EventKind.RESOLVED]
    # The internal note never reaches the public page.
    public = client.get(reverse("feedback:status", args=[item.tracking_code])).content.decode()
    assert "Đã gọi điện cho bộ phận một cửa" not in public


@pytest.mark.django_db
def test_a_no_reopens_it_at_the_unit_with_a_new_time_limit(item: Any, province: Any, coordinator: Any,
                                                          bob: Any) -> None:
    """The "no" link of the answer e-mail reopens the item (the page it opens posts the verdict)."""
    actions.do_route_feedback(item, province.pleiku, acting_user=coordinator)
    actions.do_draft_answer(item, "Đã giải quyết.", acting_user=bob)
    actions.do_publish_answer(item, acting_user=coordinator)
    no_link = next(line for line in mail.outbox[-1].body.splitlines() if "resolved=no" in line).split(": ", 1)[1]
    from django.test import Client

    client = Client()
    path = no_link[no_link.index("/phan-anh/"):]
    page = client.get(path)  # what a link scanner does: nothing changes
    assert page.status_code == 200 and 'data-autosubmit' in page.content.decode()
    item.refresh_from_db()
    assert item.status == Status.ANSWERED
    form = {"k": path.split("k=")[1].split("&")[0], "resolved": "no"}
    client.post(reverse("feedback:rate", args=[item.tracking_code]), form)  # what the page's script posts
    item.refresh_from_db()
    assert item.status == Status.ROUTED and item.reopen_count == 1 and item.resolved is False
    assert item.events.filter(kind=EventKind.REOPENED).exists()
    assert any("mở lại" in m.subject for m in mail.outbox)


@pytest.mark.django_db
def test_triage_reject_merge_transfer_and_return(categories: Any, province: Any, coordinator: Any, alice: Any,
                                                 bob: Any) -> None:
    def new(title: str) -> Feedback:
        return actions.do_submit_feedback(category=categories["dich-vu-cong"], title=title,
                                          content="Cổng dịch vụ công báo lỗi khi tải tệp đính kèm hồ sơ mức độ 4.",
                                          consent=True)

    first, duplicate, wrong = new("Lỗi tải tệp"), new("Lỗi tải tệp lên cổng"), new("Tranh chấp đất")
    duplicate.sender_email = "trung@example.com"
    duplicate.save(update_fields=["sender_email"])
    from cchc.feedback.routing import similar_items

    assert first in [other for other, _score in similar_items(duplicate)]
    actions.do_merge_feedback(duplicate, first, acting_user=coordinator)
    assert duplicate.status == Status.MERGED and duplicate.duplicate_of == first
    with pytest.raises(actions.ValidationError):
        actions.do_reject_feedback(wrong, "  ", acting_user=coordinator)
    actions.do_reject_feedback(wrong, "Không thuộc phạm vi.", acting_user=coordinator)
    assert wrong.status == Status.REJECTED

    actions.do_route_feedback(first, province.pleiku, acting_user=coordinator)
    with pytest.raises(actions.PermissionDenied):
        actions.do_draft_answer(first, "…", acting_user=alice)  # not her unit
    actions.do_transfer_feedback(first, province.stttt, "Thuộc thẩm quyền Sở TT&TT.", acting_user=bob)
    first.refresh_from_db()
    assert first.unit == province.stttt
    event = first.events.get(kind=EventKind.TRANSFERRED)
    assert event.from_unit == province.pleiku and event.text == "Thuộc thẩm quyền Sở TT&TT."
    actions.do_draft_answer(first, "Đã khắc phục.", acting_user=alice)
    actions.do_return_draft(first, "Bổ sung thời điểm khắc phục.", acting_user=coordinator)
    assert first.status == Status.ROUTED
    with pytest.raises(actions.PermissionDenied):
        actions.do_publish_answer(first, acting_user=alice, text="Đã khắc phục ngày 20/11.")
    actions.do_publish_answer(first, acting_user=coordinator, text="Đã khắc phục ngày 20/11.")
    to_duplicate = [m for m in mail.outbox if m.to == ["trung@example.com"]]
    assert "Đã khắc phục ngày 20/11." in to_duplicate[-1].body  # the duplicate's sender follows the original


@pytest.mark.django_db
def test_the_sender_can_keep_it_unpublished(client: Any, item: Any, province: Any, coordinator: Any) -> None:
    actions.do_route_feedback(item, province.pleiku, acting_user=coordinator)
    actions.do_publish_answer(item, acting_user=coordinator, text="Đã trả kết quả cho Ông/Bà.")
    assert client.get(reverse("feedback:answered")).content.decode().count('data-testid="answered-item"') == 1
    client.post(reverse("feedback:privacy", args=[item.tracking_code]), {"k": sender_token(item), "keep_private": "1"})
    item.refresh_from_db()
    assert item.keep_private
    assert 'data-testid="answered-item"' not in client.get(reverse("feedback:answered")).content.decode()
    status = client.get(reverse("feedback:status", args=[item.tracking_code])).content.decode()
    assert "Đã trả kết quả cho Ông/Bà" not in status and "không được công khai" in status


@pytest.mark.django_db
def test_two_people_acting_at_once_do_not_both_win(item: Any, province: Any, coordinator: Any) -> None:
    seen_by_first, seen_by_second = Feedback.objects.get(pk=item.pk), Feedback.objects.get(pk=item.pk)
    actions.do_route_feedback(seen_by_first, province.pleiku, acting_user=coordinator)
    with pytest.raises(actions.ValidationError):
        actions.do_reject_feedback(seen_by_second, "Không thuộc phạm vi.", acting_user=coordinator)
    item.refresh_from_db()
    assert item.status == Status.ROUTED and item.events.filter(kind=EventKind.REJECTED).count() == 0


@pytest.mark.django_db
def test_the_unit_suggestion(categories: Any, province: Any) -> None:
    from cchc.feedback.routing import suggest_unit

    def new(category: str, content: str, **extra: Any) -> Feedback:
        return actions.do_submit_feedback(category=categories[category], title="Phản ánh", content=content,
                                          consent=True, **extra)

    named = suggest_unit(new("khac", "Cán bộ Sở Tư pháp tỉnh Gia Lai trả lời chậm."))
    assert named is not None and named.unit == province.stp
    given = suggest_unit(new("khac", "Chậm.", unit_concerned=province.chupah))
    assert given is not None and given.unit == province.chupah
    usual = suggest_unit(new("bcci", "Bưu tá giao kết quả chậm."))
    assert usual is not None and usual.unit == province.buudien
    by_keywords = suggest_unit(new("khac", "Nhận kết quả qua bưu điện chậm năm ngày."))
    assert by_keywords is not None and by_keywords.unit == province.buudien
    assert suggest_unit(new("khac", "Đề nghị mở cửa sáng thứ bảy.")) is None
