"""Personal data (name, phone, e-mail, channel user, attachments) never reaches a public page, the feed, the public
API or the public export; phone numbers and addresses written in the texts are masked."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from cchc.feedback import actions
from cchc.feedback.public import mask

from .conftest import SENDER


@pytest.fixture
def answered(categories: Any, province: Any, coordinator: Any, photo: Any) -> Any:
    item = actions.do_submit_feedback(
        category=categories["thai-do"], title="Cán bộ một cửa thiếu nhiệt tình với Nguyễn Văn Tư",
        content="Tôi là Nguyễn Văn Tư, số điện thoại 0905 123 456, thư nguyenvantu@example.com, bị trả hồ sơ.",
        consent=True, files=[photo], sender_ref="zalo-user-998877", **SENDER)
    actions.do_route_feedback(item, province.pleiku, acting_user=coordinator)
    actions.do_publish_answer(item, acting_user=coordinator,
                              text="Đã làm việc với cán bộ; xin lỗi ông Nguyễn Văn Tư (ĐT 0905123456).")
    return item


SECRETS = ("Nguyễn Văn Tư", "0905123456", "0905 123 456", "nguyenvantu@example.com", "zalo-user-998877", "anh-ho-so")


def _text_of(response: Any) -> str:
    if response["Content-Type"].startswith("application/vnd.openxml"):
        import io

        import openpyxl

        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        rows = [" ".join(str(c) for c in row if c is not None) for row in sheet.iter_rows(values_only=True)]
        assert len(rows) == 2 and "Đã làm việc với cán bộ" in rows[1]
        return "\n".join(rows)
    return response.content.decode()


def _assert_clean(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, secret


@pytest.mark.django_db
def test_no_personal_data_on_public_pages_feed_and_api(client: Any, answered: Any) -> None:
    code = answered.tracking_code
    pages = [
        client.get(reverse("feedback:status", args=[code])),
        client.get(reverse("feedback:answered")),
        client.get(reverse("feedback:answered"), {"q": "can bo"}),
        client.get(reverse("feedback:feed")),
        client.get(reverse("api:feedback-status", args=[code])),
        client.get(reverse("api:feedback-categories")),
    ]
    pages.append(client.get(reverse("feedback:answered"), {"export": "xlsx"}))
    for response in pages:
        assert response.status_code == 200
        _assert_clean(_text_of(response))
    found = client.get(reverse("feedback:answered"), {"q": "thai do phuc vu"}).content.decode()
    assert found.count('data-testid="answered-item"') == 1  # the category's name, without diacritics
    status = client.get(reverse("feedback:status", args=[code])).content.decode()
    assert "Đã làm việc với cán bộ" in status and "[đã ẩn]" in status
    data = json.loads(client.get(reverse("api:feedback-status", args=[code])).content)
    assert data["answer"].startswith("Đã làm việc với cán bộ")
    assert not {"sender_name", "sender_phone", "sender_email", "name", "phone", "email"} & set(data)
    # Attachments are staff only.
    attachment = answered.attachments.get()
    assert client.get(reverse("feedback:attachment", args=[attachment.pk])).status_code == 302  # to the login


@pytest.mark.django_db
def test_the_sender_with_the_link_sees_nothing_more_personal(client: Any, answered: Any) -> None:
    from cchc.feedback.notify import sender_token

    page = client.get(f"{reverse('feedback:status', args=[answered.tracking_code])}?k={sender_token(answered)}")
    _assert_clean(page.content.decode())


def test_masking_phone_numbers_and_addresses() -> None:
    assert mask("Gọi 0905.123.456 hoặc +84 905 123 456, thư a.b@gia-lai.vn") == \
        "Gọi [đã ẩn] hoặc [đã ẩn], thư [đã ẩn]"
    assert mask("Hạn 15 ngày, năm 2020, hồ sơ số 123") == "Hạn 15 ngày, năm 2020, hồ sơ số 123"
