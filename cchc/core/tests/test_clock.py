from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured

from cchc.core import clock


def test_it_uses_the_fixed_date_when_cchc_today_is_set(settings):
    settings.CCHC_TODAY = "2020-11-20"
    assert clock.today() == date(2020, 11, 20)
    assert clock.now().date() == date(2020, 11, 20)
    assert clock.fixed_today() == date(2020, 11, 20)


def test_it_uses_the_real_date_in_vietnam_when_unset(settings):
    settings.CCHC_TODAY = ""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    assert clock.today() == datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
    assert clock.fixed_today() is None


def test_it_refuses_a_malformed_date(settings):
    settings.CCHC_TODAY = "20/11/2020"
    with pytest.raises(ImproperlyConfigured, match="YYYY-MM-DD"):
        clock.today()


@pytest.mark.django_db
def test_every_page_shows_the_demo_banner_while_the_clock_is_fixed(settings, client, coordinator):
    settings.CCHC_TODAY = "2020-11-20"
    page = client.get("/accounts/login/").content.decode()
    assert "Dữ liệu minh họa — ngày hệ thống: 20/11/2020" in page
    client.force_login(coordinator)
    assert "Dữ liệu minh họa — ngày hệ thống: 20/11/2020" in client.get("/").content.decode()
    settings.CCHC_TODAY = ""
    assert "Dữ liệu minh họa" not in client.get("/").content.decode()


def test_ids_in_templates_are_never_grouped_while_numbers_shown_are():
    from django.template import Context, Template

    rendered = Template('{% load cchc %}<input value="{{ pk }}"> {{ n|vnnumber }}').render(Context({"pk": 1590,
                                                                                                  "n": 1234567}))
    assert rendered == '<input value="1590"> 1.234.567'
