"""What the reachability and layout browser tests share: the Gia Lai 2020 campaign as the demo plays it, each
role's pages (by URL name), and a walk that follows the links a person can click, from the home page.

A page is named by its URL name ("reports:review_item"). ``ROLE_PAGES`` lists the pages each role uses: the walk
must reach every one of them from the home page. ``NOT_PAGES`` lists the URL names that are not pages to walk to
(POST-only actions, downloads, fragments loaded by a page, signing in and out). ``test_every_page_is_listed``
fails when a page of a listed namespace is in neither: a new page must join one of the lists (one line).

When another part of the application is added (the public column, feedback, surveys…), add its namespace to
``NAMESPACES`` and its staff pages to the roles that use them.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import Resolver404, get_resolver, resolve

from cchc.core.choices import Role

# The namespaces whose pages the lists below must cover.
NAMESPACES = ("core", "accounts", "units", "directives", "reports", "monitoring", "reminders", "synthesis",
              "column", "indices", "harvest", "screens", "printing", "feedback", "contests", "surveys")

_OFFICER = {
    "core:home", "core:notifications",
    "accounts:profile", "accounts:password_change",
    "units:list", "units:detail",
    "directives:my_tasks", "directives:assignment",
    "reports:submissions", "reports:submission", "reports:submission_start", "reports:submission_edit",
    "reports:activities", "reports:activity", "reports:activity_create", "reports:activity_edit",
    "reports:activity_import", "reports:tokens",
    # The other parts, as an officer of a unit uses them (what the unit writes, shows, prints, answers).
    "column:home", "column:manage", "column:manage_create",
    "harvest:list", "harvest:sources",
    "screens:index", "screens:screen_create", "screens:playlists", "screens:playlist_create",
    "printing:index", "printing:publication_create", "printing:messages", "printing:addresses",
    "feedback:inbox", "feedback:stats", "feedback:settings",
    "contests:manage",
    "surveys:manage", "surveys:results", "surveys:print",
}
_READER = {  # what a leader reads (coordinators and administrators too)
    "core:home", "core:notifications",
    "accounts:profile", "accounts:password_change",
    "units:list", "units:detail",
    "directives:list", "directives:detail", "directives:assignment",
    "reports:submissions", "reports:submission", "reports:activities", "reports:activity",
    "reports:forms", "reports:form", "reports:indicators",
    "monitoring:overview", "monitoring:units", "monitoring:unit",
    "reminders:sent",
    "synthesis:list", "synthesis:register", "synthesis:draft",
    "column:home", "column:manage", "column:manage_item",
    "harvest:list", "harvest:sources",
    "screens:index", "screens:screen", "screens:plays", "screens:playlists", "screens:playlist",
    "printing:index", "printing:publication", "printing:messages", "printing:addresses",
    "feedback:inbox", "feedback:detail", "feedback:stats", "feedback:settings",
    "contests:manage", "contests:manage_contest", "contests:round", "contests:attempt_manage",
    "surveys:manage", "surveys:results", "surveys:print",
}
_COORDINATOR = _READER | {
    "directives:import", "directives:edit",
    "reports:review", "reports:review_item", "reports:form_create", "reports:form_edit",
    "reports:indicator_create", "reports:indicator_edit", "reports:activity_create", "reports:activity_edit",
    "reports:activity_import", "reports:tokens",
    "reminders:policies", "reminders:policy_create", "reminders:policy_edit", "reminders:holidays",
    "synthesis:templates",
    "units:create", "units:edit", "units:import", "units:close", "units:merge",
    "accounts:user_list", "accounts:user_detail", "accounts:user_create", "accounts:user_edit",
    "accounts:user_import", "accounts:user_hand_over",
    "column:manage_create", "column:manage_edit",
    "indices:manage",
    "harvest:keywords",
    "screens:screen_create", "screens:screen_edit", "screens:groups", "screens:group_edit",
    "screens:playlist_create", "screens:playlist_edit", "screens:slide_edit",
    "printing:publication_create", "printing:publication_edit", "printing:message_edit",
    "feedback:setting_add", "feedback:setting_edit",
    "contests:contest_create", "contests:contest_edit", "contests:round_create", "contests:round_edit",
    "contests:entry_register",
    "surveys:create",
}
# What a visitor (not signed in) reads and fills in: the column is the home page.
PUBLIC_PAGES = {
    "core:home",
    "column:latest", "column:item", "column:topic", "column:unit", "column:search", "column:directives",
    "column:directive",
    "indices:public",
    "feedback:submit", "feedback:lookup", "feedback:status", "feedback:answered",
    "contests:list", "contests:detail", "contests:start", "contests:winners", "contests:submit_entry",
    "surveys:list", "surveys:answer",
}
ROLE_PAGES: dict[str, set[str]] = {
    Role.OFFICER: _OFFICER,
    Role.LEADER: _READER,
    Role.COORDINATOR: _COORDINATOR,
    Role.ADMIN: _COORDINATOR | {"accounts:audit", "reports:taxonomies", "units:kinds", "units:kind_create",
                                "units:kind_edit"},
}

NOT_PAGES = {
    # Signing in and out, password reset by e-mail (reached from the login page, not from the home page).
    "accounts:login", "accounts:logout", "accounts:password_change_done", "accounts:password_reset",
    "accounts:password_reset_done", "accounts:password_reset_confirm", "accounts:password_reset_complete",
    # POST-only actions.
    "core:notification_read", "core:notifications_read_all",
    "accounts:user_set_active", "accounts:user_reset_password",
    "units:kind_delete",
    # (the import preview follows an upload: the directive-import browser test walks to it)
    "directives:remind", "directives:import_preview", "directives:forget_not_ours",
    "reports:submission_submit", "reports:submission_return", "reports:submission_approve",
    "reports:submission_reopen", "reports:activity_delete", "reports:evidence_delete", "reports:token_revoke",
    "reports:review_approve", "reports:review_return", "reports:review_approve_selected",
    "monitoring:remind", "reminders:run", "reminders:remind_now", "reminders:holiday_delete",
    "synthesis:generate", "synthesis:issue", "synthesis:template_toggle",
    # Downloads (files, not pages) and fragments a page loads.
    "units:export", "units:import_template", "accounts:user_import_template", "directives:export",
    "directives:letter", "reports:activity_template", "reports:evidence", "synthesis:download", "synthesis:scan",
    "synthesis:template_download", "monitoring:trend", "reminders:letter", "reminders:report_letter",
    "reminders:directive_report_letter",
    # Pages that exist only once the campaign has produced them: the browser test of the whole campaign
    # (test_campaign_en_browser.py) walks to them (a generated synthesis report).
    "synthesis:report",
    # Configuration pages of the report catalogue kept for administrators (listed under ROLE_PAGES[ADMIN]).
    # The public column: feeds, the embeddable widget, files and media, the short link that redirects.
    "column:rss", "column:atom", "column:topic_rss", "column:topic_atom", "column:unit_rss", "column:unit_atom",
    "column:widget", "column:download", "column:media", "column:by_id",
    "column:manage_action", "column:publish_directive", "column:delete_file",
    "indices:import", "indices:template",  # the import is a POST of the management page; the template a file
    "harvest:decide", "harvest:source_action",
    # The screens' player and its service worker (opened on the screen itself, with its key).
    "screens:player", "screens:worker",
    "screens:screen_key", "screens:screen_revoke", "screens:playlist_delete", "screens:slide_delete",
    "screens:slide_move",
    "printing:pdf",
    # Feedback: the staff's actions and attachments, the citizen's rating and privacy choice (POST), the feed,
    # the page after sending (reached by sending: the feedback browser test).
    "feedback:act", "feedback:attachment", "feedback:rate", "feedback:privacy", "feedback:feed", "feedback:sent",
    # Contests: an attempt and its result follow "Tham gia" (a POST with a token: the contests browser test);
    # a juror's pages (whoever is named to the jury, any role); the writing results once published; actions and
    # exports.
    "contests:attempt", "contests:result", "contests:jury", "contests:score", "contests:results",
    "contests:question_add", "contests:question_import", "contests:criterion_add", "contests:assign",
    "contests:entry_file", "contests:results_publish", "contests:results_export", "contests:assignment_remove",
    "contests:round_close", "contests:round_publish", "contests:round_export",
    # Surveys: a unit's link (a QR code that redirects to the form), the QR image, exports, actions.
    "surveys:link", "surveys:qr", "surveys:export", "surveys:delete_link",
}
NOT_PAGES -= {name for pages in ROLE_PAGES.values() for name in pages} | PUBLIC_PAGES


def seed_campaign() -> None:
    """The Gia Lai 2020 demo: units, the demo accounts (password ``CCHC_DEMO_PASSWORD``), the founding dispatch
    with its one-off report in progress (approved, submitted, returned, drafts, silent units), then each other
    part's demo (the column, indices, harvested news, screens, print, feedback, contests, surveys)."""
    from cchc.demo.campaign import load_campaign
    from cchc.demo.loader import load_accounts, load_app_demos, load_units
    from cchc.reports.catalogue import load_catalogue
    from cchc.test import ensure_kinds

    ensure_kinds()  # a transactional test's flush removed what the data migrations made
    load_catalogue()
    units = load_units()
    load_accounts(units)
    load_campaign()
    load_app_demos()


USERS = {Role.ADMIN: "admin", Role.COORDINATOR: "sonoivu", Role.LEADER: "lanhdao", Role.OFFICER: "stttt"}


def officer_with_a_draft() -> str:
    """The demo officer of a unit whose report is a draft (so that the officer's report pages exist)."""
    from cchc.reports.choices import SubmissionStatus
    from cchc.reports.models import Submission

    draft = Submission.objects.filter(status=SubmissionStatus.DRAFT).select_related("unit").order_by("id").first()
    return draft.unit.code if draft is not None else USERS[Role.OFFICER]


def login(page: Any, base: str, username: str | None) -> None:
    """Sign in as ``username``; ``None``: a visitor, signed out."""
    page.context.clear_cookies()
    if username is None:
        return
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", settings.CCHC_DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def url_name(path: str) -> str | None:
    """The URL name of a path of the listed parts (``NAMESPACES``), else None (not walked)."""
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name if match.namespace in NAMESPACES else None


def listed_url_names() -> Iterator[str]:
    """Every URL name of ``NAMESPACES``."""
    resolver = get_resolver()
    for namespace in NAMESPACES:
        sub = resolver.namespace_dict.get(namespace)
        if sub is None:
            continue
        for pattern in sub[1].url_patterns:
            name = getattr(pattern, "name", None)
            if name:
                yield f"{namespace}:{name}"


# The links a person follows (not downloads, not exports, not the API or the admin, not elsewhere).
# A search box counts as a link: the walk searches for "hành chính" (a visitor's words) with it.
LINKS_JS = """() => Array.from(document.querySelectorAll('a[href]'))
  .filter(a => !a.hasAttribute('download') && !a.closest('.pagination'))
  .map(a => a.href)
  .concat(Array.from(document.querySelectorAll('form[role=search][action]:not([action=""])')).map(f => {
    const url = new URL(f.action, location.href);
    const box = f.querySelector('input[type=search], input[type=text]');
    if (box && box.name) url.searchParams.set(box.name, 'hành chính');
    return url.href;
  }))
  .filter(h => h.startsWith(location.origin + '/') && !h.includes('export=') && !h.includes('download=')
               && !h.includes('#') && !h.includes('/api/') && !h.includes('/static/') && !h.includes('/media/'))"""


PER_NAME = 3  # pages of one URL name opened at most (a detail page whose object lacks a link: try another)


@dataclass
class Walk:
    reached: dict[str, str] = field(default_factory=dict)  # url name → the first URL that reached it
    clicks: dict[str, int] = field(default_factory=dict)  # url name → links followed from the home page
    errors: list[str] = field(default_factory=list)
    second_pass: set[str] = field(default_factory=set)  # reached only through another object's page


def walk(page: Any, base: str, *, wanted: set[str], limit: int = 200, on_page: Any = None) -> Walk:
    """From the home page, follow links breadth first, one URL per URL name, until every wanted page is reached
    (or ``limit`` pages were opened). Only when the first pass misses a page are other URLs of the same names
    opened (a detail page whose object lacks the link: another object may have it), up to ``PER_NAME`` each.
    ``on_page(name, url)`` runs on each page opened."""
    result = Walk()
    queue: deque[tuple[str, int]] = deque([(f"{base}/", 0)])
    deferred: deque[tuple[str, int]] = deque()
    seen_urls: set[str] = set()
    visits: dict[str, int] = {}
    opened = 0
    second = False
    while opened < limit and not wanted <= set(result.reached):
        if not queue:
            if not deferred:
                break
            queue, deferred = deferred, deque()
            second = True
        url, depth = queue.popleft()
        name = url_name(url.removeprefix(base))
        if name is None or name in NOT_PAGES or url in seen_urls or visits.get(name, 0) >= PER_NAME:
            continue
        if name in result.reached and queue:  # another page of a name already seen: only if still needed
            deferred.append((url, depth))
            continue
        visits[name] = visits.get(name, 0) + 1
        seen_urls.add(url)
        try:
            response = page.goto(url)
        except Exception as exc:  # noqa: BLE001 - a link to a file starts a download: not a page
            if "Download is starting" in str(exc):
                continue
            raise
        opened += 1
        status = response.status if response is not None else 0
        if status != 200:
            result.errors.append(f"{name}: {url} answered {status}")
            continue
        if second and name not in result.reached:
            result.second_pass.add(name)
        result.reached.setdefault(name, url)
        result.clicks.setdefault(name, depth)
        if on_page is not None:
            on_page(name, url)
        for href in page.evaluate(LINKS_JS):
            target = url_name(href.removeprefix(base))
            if target is not None and target not in NOT_PAGES and href not in seen_urls:
                (deferred if target in result.reached else queue).append((href, depth + 1))
    return result
