"""The notification centre: the bell and its count, the list, mark as read, mark all read."""

from __future__ import annotations

import re
from typing import Any

from django.test import RequestFactory
from django.urls import reverse

from cchc.core.context_processors import site
from cchc.core.models import Notification, notify
from cchc.directives.models import Assignment
from cchc.reminders.run import run_reminders

from .conftest import STEP_DATES


def bell_count(client: Any) -> str | None:
    content = client.get(reverse("core:home")).content.decode()
    assert 'data-testid="notification-bell"' in content and "<svg" in content
    found = re.search(r'data-testid="notification-count">([^<]+)<', content)
    return found.group(1) if found else None


def test_a_reminder_lights_the_officers_bell(assignment: Assignment, alice_client: Any, bob_client: Any,
                                             on_day: Any) -> None:
    assert bell_count(alice_client) is None
    on_day(STEP_DATES["before-1"])
    run_reminders()
    on_day(STEP_DATES["due"])
    run_reminders()
    assert bell_count(alice_client) == "2"
    assert bell_count(bob_client) is None  # Pleiku was not reminded
    response = alice_client.get(reverse("core:notifications"))
    assert response.status_code == 200
    titles = [n.title for n in response.context["notifications"]]
    assert len(titles) == 2 and all("Nhiệm vụ 1 — Công văn 2031/UBND-NC" in t for t in titles)
    assert "Đánh dấu tất cả đã đọc" in response.content.decode()


def test_opening_a_notification_marks_it_read_and_follows_its_link(alice: Any, alice_client: Any) -> None:
    notification, other = notify([alice, alice], "Nhắc việc", url="/tasks/12/")
    response = alice_client.post(reverse("core:notification_read", args=[notification.pk]))
    assert response.status_code == 302 and response["Location"] == "/tasks/12/"
    notification.refresh_from_db()
    assert notification.is_read
    assert bell_count(alice_client) == "1"
    # "Mark as read" without leaving the list
    response = alice_client.post(reverse("core:notification_read", args=[other.pk]), {"stay": "1"})
    assert response["Location"] == reverse("core:notifications")
    assert bell_count(alice_client) is None


def test_marking_read_takes_a_post(alice: Any, alice_client: Any) -> None:
    (notification,) = notify([alice], "Nhắc việc")
    assert alice_client.get(reverse("core:notification_read", args=[notification.pk])).status_code == 405
    assert alice_client.get(reverse("core:notifications_read_all")).status_code == 405


def test_a_link_elsewhere_is_not_followed(alice: Any, alice_client: Any) -> None:
    (notification,) = notify([alice], "Lừa đảo", url="https://evil.example/")
    response = alice_client.post(reverse("core:notification_read", args=[notification.pk]))
    assert response["Location"] == reverse("core:notifications")


def test_nobody_reads_another_users_notifications(alice: Any, bob: Any, bob_client: Any) -> None:
    (notification,) = notify([alice], "Của An")
    assert bob_client.post(reverse("core:notification_read", args=[notification.pk])).status_code == 404
    assert list(bob_client.get(reverse("core:notifications")).context["notifications"]) == []
    bob_client.post(reverse("core:notifications_read_all"))
    notification.refresh_from_db()
    assert not notification.is_read


def test_mark_all_read(alice: Any, bob: Any, alice_client: Any) -> None:
    notify([alice, alice, alice, bob], "Nhắc việc")
    assert bell_count(alice_client) == "3"
    response = alice_client.post(reverse("core:notifications_read_all"))
    assert response.status_code == 302
    assert bell_count(alice_client) is None
    assert Notification.objects.for_user(bob).unread().count() == 1
    unread_page = alice_client.get(reverse("core:notifications"), {"show": "unread"})
    assert list(unread_page.context["notifications"]) == []
    assert "Không có thông báo nào." in unread_page.content.decode()


def test_the_count_costs_one_query(alice: Any, django_assert_num_queries: Any) -> None:
    notify([alice, alice], "Nhắc việc")
    request = RequestFactory().get("/")
    request.user = alice
    alice._cchc_unit_ids = set()
    with django_assert_num_queries(1):
        context = site(request)
    assert context["unread_notifications"] == 2


def test_anonymous_pages_have_no_bell(client: Any, db: Any) -> None:
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    assert site(request)["unread_notifications"] == 0
    assert 'data-testid="notification-bell"' not in client.get(reverse("accounts:login")).content.decode()
