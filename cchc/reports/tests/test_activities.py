"""The actions of the communication log: who may write what, locking, links, tokens."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cchc.reports.activities import (
    do_create_activity,
    do_delete_activity,
    do_issue_token,
    do_revoke_token,
    do_update_activity,
    hash_key,
)
from cchc.reports.choices import PeriodType, SubmissionStatus
from cchc.reports.models import Activity, Channel, Period, ReportForm, Submission, Topic


def make_taxonomy() -> tuple[Channel, Channel, Topic, Topic]:
    web = Channel.objects.create(code="thu-cong", name="Cổng thông tin thử nghiệm", order=1)
    led = Channel.objects.create(code="thu-led", name="Màn hình LED thử nghiệm", order=2)
    dvc = Topic.objects.create(code="thu-dvc", name="Dịch vụ công thử nghiệm", order=1)
    ket_qua = Topic.objects.create(code="thu-ket-qua", name="Kết quả thử nghiệm", order=2)
    return web, led, dvc, ket_qua


def make_activity(unit: Any, channel: Channel, title: str = "Bài viết về dịch vụ công", **fields: Any) -> Activity:
    fields.setdefault("date", date(2020, 3, 15))
    return do_create_activity(acting_user=None, unit=unit, channel=channel, title=title, **fields)


def lock(activity: Activity) -> Submission:
    """Attach ``activity`` to an approved report of its unit (via the ORM)."""
    form, _created = ReportForm.objects.get_or_create(code="quy", defaults={"name": "Báo cáo quý",
                                                                           "period_type": PeriodType.QUARTER})
    period, _created = Period.objects.get_or_create(form=form, key="2020-Q1", defaults={
        "label": "Quý I/2020", "start": date(2019, 12, 15), "end": date(2020, 3, 14), "deadline": date(2020, 3, 17)})
    submission = Submission.objects.create(form=form, period=period, unit=activity.unit,
                                           status=SubmissionStatus.APPROVED)
    submission.activities.add(activity)
    return submission


@pytest.mark.django_db
def test_it_creates_an_activity_for_the_officers_unit(province, alice):
    web, _led, dvc, _kq = make_taxonomy()
    activity = do_create_activity(acting_user=alice, unit=province.stttt, date=date(2020, 3, 2), channel=web,
                                  title="  Bài   viết  ", topics=[dvc], quantity=3, quantity_unit="bài", reach=1200,
                                  links="https://stttt.gialai.gov.vn/bai-1\n\n https://youtu.be/x ")
    assert activity.title == "Bài viết"
    assert activity.created_by == alice
    assert list(activity.topics.all()) == [dvc]
    assert activity.link_list() == ["https://stttt.gialai.gov.vn/bai-1", "https://youtu.be/x"]


@pytest.mark.django_db
def test_it_refuses_another_units_activity_for_an_officer(province, alice):
    web, *_rest = make_taxonomy()
    with pytest.raises(PermissionDenied):
        do_create_activity(acting_user=alice, unit=province.pleiku, date=date(2020, 3, 2), channel=web, title="X")
    assert not Activity.objects.exists()


@pytest.mark.django_db
def test_it_refuses_writes_by_a_leader(province, leader):
    web, *_rest = make_taxonomy()
    with pytest.raises(PermissionDenied):
        do_create_activity(acting_user=leader, unit=province.stttt, date=date(2020, 3, 2), channel=web, title="X")


@pytest.mark.django_db
def test_it_lets_a_coordinator_write_for_any_unit(province, coordinator):
    web, *_rest = make_taxonomy()
    activity = do_create_activity(acting_user=coordinator, unit=province.pleiku, date=date(2020, 3, 2), channel=web,
                                  title="Hội nghị")
    do_update_activity(activity, acting_user=coordinator, title="Hội nghị tập huấn")
    assert Activity.objects.get().title == "Hội nghị tập huấn"


@pytest.mark.django_db
def test_it_refuses_a_bad_link(province, alice):
    web, *_rest = make_taxonomy()
    with pytest.raises(ValidationError) as info:
        do_create_activity(acting_user=alice, unit=province.stttt, date=date(2020, 3, 2), channel=web, title="X",
                           links="javascript:alert(1)")
    assert "links" in info.value.message_dict


@pytest.mark.django_db
def test_it_locks_an_activity_in_an_approved_report(province, alice):
    web, *_rest = make_taxonomy()
    activity = make_activity(province.stttt, web)
    lock(activity)
    assert activity.is_locked()
    with pytest.raises(PermissionDenied):
        do_update_activity(activity, acting_user=alice, title="Sửa")
    with pytest.raises(PermissionDenied):
        do_delete_activity(activity, acting_user=alice)
    assert Activity.objects.get().title == "Bài viết về dịch vụ công"


@pytest.mark.django_db
def test_it_issues_a_token_keeping_only_its_hash(province, coordinator):
    token, key = do_issue_token(province.stttt, "Cổng thông tin của Sở", acting_user=coordinator)
    assert key.startswith("cchc_") and len(key) > 40
    assert token.key_hash == hash_key(key) and key not in token.key_hash
    assert token.prefix == key[:8]
    do_revoke_token(token, acting_user=coordinator)
    token.refresh_from_db()
    assert token.revoked_at is not None and not token.is_active


@pytest.mark.django_db
def test_it_lets_only_coordinators_issue_tokens(province, alice, leader):
    for user in (alice, leader):
        with pytest.raises(PermissionDenied):
            do_issue_token(province.stttt, "Cổng", acting_user=user)
