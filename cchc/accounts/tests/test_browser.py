"""In a real browser: an officer is refused the account pages and the audit log, in Vietnamese; a coordinator
creates an account and gets its temporary password once.

The unit kinds come from a data migration, which an earlier transactional test may have flushed away
(``serialized_rollback`` does not bring them back once the live server has served requests): ``unit_kinds``
puts them back before the personas are created.
"""

import pytest

from cchc.test import browser_login
from cchc.units.choices import DEFAULT_KINDS
from cchc.units.models import UnitKind


@pytest.fixture
def unit_kinds():
    for code, name, plural, order in DEFAULT_KINDS:
        UnitKind.objects.get_or_create(code=code, defaults={"name": name, "plural_name": plural, "order": order})


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_officer_is_refused_the_account_pages(unit_kinds, page, live_server, alice, console_errors):
    browser_login(page, live_server.url, "alice")
    assert "/accounts/login/" not in page.url
    nav = page.locator("#mainNav .navbar-nav.me-auto").inner_text()
    assert "Tài khoản" not in nav and "Nhật ký hệ thống" not in nav
    for path in ("/accounts/users/", "/accounts/users/new/", "/accounts/users/import/", "/accounts/audit/"):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 403, path
        assert page.locator("h1").inner_text() == "403 — Không có quyền truy cập"
        assert "Bạn không có quyền xem trang này" in page.locator("main").inner_text()
    # The browser reports each refused page itself as a failed resource; nothing else may fail.
    assert [error for error in console_errors if "status of 403" not in error] == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_coordinator_creates_an_officer_and_sees_the_password_once(unit_kinds, page, live_server, coordinator,
                                                                      province, console_errors):
    browser_login(page, live_server.url, "sonoivu")
    page.click("[data-testid='nav-menu-units']")  # the "Đơn vị và tài khoản" menu
    page.click("[data-testid='nav-accounts:user_list']")
    assert page.locator("h1").inner_text() == "Tài khoản"
    page.click("[data-testid=user-create]")
    page.fill("#id_username", "chau")
    page.fill("#id_full_name", "Lê Minh Châu")
    page.select_option("#id_role", "officer")
    page.select_option("#id_units", label="Sở Tư pháp tỉnh Gia Lai (stp)")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Đã tạo tài khoản"
    assert page.locator("[data-testid=credentials] code").count() == 1
    with page.expect_download() as download:
        page.click("[data-testid=credentials-download]")
    assert download.value.suggested_filename == "mat-khau-ban-dau.xlsx"
    assert console_errors == []
