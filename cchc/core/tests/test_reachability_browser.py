"""Every page a role uses is reached from the home page by following links (issue 11): nothing is left that only a
typed address opens. The lists are in ``pages.py``; a new page of a listed part must join them."""

from __future__ import annotations

from typing import Any

import pytest

from cchc.core.choices import Role

from .pages import (
    NOT_PAGES,
    PUBLIC_PAGES,
    ROLE_PAGES,
    USERS,
    listed_url_names,
    login,
    officer_with_a_draft,
    seed_campaign,
    walk,
)

MAX_CLICKS = 4


def test_every_page_is_listed() -> None:
    """A page of the listed parts is used by some role, or is named as not a page (an action, a download)."""
    listed = set().union(*ROLE_PAGES.values()) | PUBLIC_PAGES | NOT_PAGES
    missing = sorted(name for name in listed_url_names() if name not in listed)
    assert missing == [], f"add these pages to ROLE_PAGES or NOT_PAGES in cchc/core/tests/pages.py: {missing}"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_each_role_reaches_its_pages_from_the_home_page(page: Any, live_server: Any, settings: Any,
                                                        console_errors: list[str]) -> None:
    settings.CCHC_TODAY = "2020-11-20"
    seed_campaign()
    users = {"visitor": None, **USERS, Role.OFFICER: officer_with_a_draft()}
    report = {}
    for role, username in users.items():
        login(page, live_server.url, username)
        wanted = PUBLIC_PAGES if username is None else ROLE_PAGES[role]
        result = walk(page, live_server.url, wanted=wanted)
        assert result.errors == [], f"{username}: a link leads to an error: {result.errors}"
        missing = sorted(wanted - set(result.reached))
        assert missing == [], f"{username} ({role}) cannot reach by clicks: {missing}"
        report[role] = {name: result.clicks[name] for name in wanted - result.second_pass
                        if result.clicks[name] > MAX_CLICKS}
    assert console_errors == []
    # Every page is a few clicks away from the home page.
    assert all(not deep for deep in report.values()), report
