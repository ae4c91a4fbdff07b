"""Class 13: the Content-Security-Policy holds on the main pages (staff and public) and on the API docs (Swagger UI
served locally): Chromium reports no violation and no script error on any of them."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import NoReverseMatch, reverse

from cchc.test import browser_login

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__csp.push(event.violatedDirective + ' ' + (event.blockedURI || 'inline') + ' @' + event.sourceFile);
});
"""

PAGES = {
    "sonoivu": ["core:home", "directives:list", "reports:activities", "reports:submissions", "reports:review",
                "monitoring:overview", "synthesis:list", "units:list", "accounts:user_list", "reminders:holidays",
                "reports:activity_create", "accounts:profile"],
    "alice": ["core:home", "directives:my_tasks", "reports:activities", "reports:submissions",
              "reports:activity_create", "units:list", "accounts:profile"],
}
PUBLIC_PATHS = ["/", "/tin-tuc/", "/chi-so/", "/phan-anh/", "/cuoc-thi/", "/khao-sat/", "/accounts/login/",
                "/api/v1/docs/"]


def paths(names: list[str]) -> list[str]:
    found = []
    for name in names:
        try:
            found.append(reverse(name))
        except NoReverseMatch:
            continue
    return found


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_main_pages_raise_no_csp_violation(page: Any, live_server: Any, coordinator: Any, alice: Any) -> None:
    problems: list[str] = []
    page.on("console", lambda message: problems.append(f"console {message.type}: {message.text}")
            if message.type == "error" or "Content Security Policy" in message.text else None)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.add_init_script(RECORD_VIOLATIONS)

    def visit(path: str, who: str) -> None:
        response = page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        assert response is not None and response.status < 500, f"{who} {path}: {response and response.status}"
        assert "Content-Security-Policy" in response.headers or "content-security-policy" in response.headers
        for violation in page.evaluate("window.__csp || []"):
            problems.append(f"{who} {path}: {violation}")

    for path in PUBLIC_PATHS:
        visit(path, "anonymous")
    page.wait_for_selector("#swagger-ui .information-container, #swagger-ui .info", timeout=15000) \
        if page.url.endswith("/api/v1/docs/") else None
    for username, names in PAGES.items():
        page.context.clear_cookies()
        browser_login(page, live_server.url, username)
        for path in paths(names):
            visit(path, username)
    assert problems == []
