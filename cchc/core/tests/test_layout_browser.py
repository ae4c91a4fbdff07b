"""Every page of every role at 1366×768 and at 390×844 (issue 11): the page never scrolls sideways (wide tables
scroll inside their box), no control is narrower than 40 px, no two form fields overlap.

One browser, one login per role, the pages of the reachability walk (``pages.py``) checked in a loop."""

from __future__ import annotations

from typing import Any

import pytest

from .pages import PUBLIC_PAGES, ROLE_PAGES, USERS, login, officer_with_a_draft, seed_campaign, walk

SIZES = [(1366, 768), (390, 844)]

LAYOUT_JS = """() => {
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth + 1) {
    const wide = Array.from(document.querySelectorAll('body *')).filter(el => {
      const r = el.getBoundingClientRect();
      return r.right > window.innerWidth + 1 && !el.closest('.table-responsive')
        && getComputedStyle(el).position !== 'fixed';
    }).slice(0, 3).map(el => el.tagName.toLowerCase() + '.' + String(el.className).split(' ').join('.'));
    problems.push('page scrolls sideways: ' + doc.scrollWidth + ' px > ' + window.innerWidth + ' px ('
                  + wide.join(', ') + ')');
  }
  const visible = el => {
    if (!el.getClientRects().length) return false;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') return false;
    // Not in a closed <details> (Chromium keeps its content laid out but hidden), not parked off the page
    // (a honeypot field for robots).
    if (el.checkVisibility && !el.checkVisibility({visibilityProperty: true})) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0;
  };
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.name ? '[name=' + el.name + ']' : '')
    + ' "' + (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 30) + '"';
  const controls = Array.from(document.querySelectorAll(
    'main button, main .btn, main select, main textarea,'
    + ' main input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not(.vn-file-input)'))
    .filter(visible);
  for (const el of controls) {
    const r = el.getBoundingClientRect();
    if (r.width < 40 - 0.5) problems.push('control narrower than 40 px (' + Math.round(r.width) + '): ' + name(el));
  }
  const fields = Array.from(document.querySelectorAll(
    'main input:not([type=hidden]):not(.vn-file-input), main select, main textarea')).filter(visible);
  for (let i = 0; i < fields.length; i++) {
    const a = fields[i].getBoundingClientRect();
    for (let j = i + 1; j < fields.length; j++) {
      const b = fields[j].getBoundingClientRect();
      const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (x > 1 && y > 1) problems.push('fields overlap: ' + name(fields[i]) + ' and ' + name(fields[j]));
    }
  }
  return problems;
}"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_page_fits_a_desktop_and_a_phone(page: Any, live_server: Any, settings: Any) -> None:
    settings.CCHC_TODAY = "2020-11-20"
    seed_campaign()
    users = {"visitor": None, **USERS, **{"officer": officer_with_a_draft()}}
    problems: list[str] = []
    checked = 0
    for role, username in users.items():
        page.set_viewport_size({"width": SIZES[0][0], "height": SIZES[0][1]})
        login(page, live_server.url, username)

        def check(name: str, url: str, size: tuple[int, int] = SIZES[0], who: str = username or "visitor") -> None:
            nonlocal checked
            checked += 1
            for problem in page.evaluate(LAYOUT_JS):
                problems.append(f"{who} {size[0]}px {name} ({url.removeprefix(live_server.url)}): {problem}")

        wanted = PUBLIC_PAGES if username is None else ROLE_PAGES[role]
        result = walk(page, live_server.url, wanted=wanted, on_page=check)
        page.set_viewport_size({"width": SIZES[1][0], "height": SIZES[1][1]})
        for name, url in result.reached.items():
            page.goto(url)
            check(name, url, SIZES[1])
    assert checked > 100
    assert problems == [], "\n".join(problems)
