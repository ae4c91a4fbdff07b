"""The demo: 2020 items in every state, some handed in through the signed Zalo webhook; loading twice adds nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from cchc.demo.loader import load_accounts, load_units
from cchc.feedback.choices import Channel, Status
from cchc.feedback.demo import load_demo
from cchc.feedback.models import Feedback


@pytest.mark.django_db
def test_the_demo_has_items_in_every_state(settings: Any) -> None:
    settings.CCHC_TODAY = "2020-11-20"
    from cchc.test import ensure_kinds

    ensure_kinds()
    load_accounts(load_units())
    lines: list[str] = []
    load_demo(lines.append)
    assert set(Feedback.objects.values_list("status", flat=True)) == set(Status.values)
    assert Feedback.objects.count() >= 30
    zalo = Feedback.objects.filter(channel=Channel.ZALO)
    assert zalo.count() >= 5 and all(item.external_ref.startswith("zalo-msg-") for item in zalo)
    assert Feedback.objects.filter(channel=Channel.HOTLINE).count() >= 2
    assert all(item.received_at.year == 2020 for item in Feedback.objects.all())
    assert Feedback.objects.filter(reopen_count=1).exists()
    assert Feedback.objects.overdue_on(date(2020, 11, 20)).exists()
    count = Feedback.objects.count()
    load_demo(lines.append)
    assert Feedback.objects.count() == count
