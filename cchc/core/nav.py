"""The main navigation. Each app declares its entries in its AppConfig as ``nav_items``; core collects them.

An entry is ``NavItem(order, label, url_name, roles)``; ``roles`` empty means every signed-in user. Entries that
name a ``group`` (a label) are shown together in one drop-down menu, placed at the order of its first entry; a group
holding a single visible entry is shown as that entry alone. The order leaves room for the parts that later apps
add: Văn bản chỉ đạo (10), Nhiệm vụ (20), Báo cáo (30), Theo dõi (40), Nhắc việc (45), Tổng hợp (50), Cổng thông
tin (60), Phản ánh kiến nghị (70), Khảo sát & cuộc thi (80), Đơn vị (90), Tài khoản (100).

Each role's menu follows its work: an officer sees the unit's tasks, the unit's reports and the communication log;
a coordinator sees directives, report forms, review, monitoring, reminders and synthesis.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .permissions import role_of

# The public-facing parts (portal column, screens, prints, feedback, surveys and contests: orders 60–89) share one
# drop-down menu unless they name a group themselves, so that the menu bar fits a 1366 px screen.
PUBLIC_ORDERS = (60, 90)
PUBLIC_GROUP = _("Public channels")


@dataclass(frozen=True)
class NavItem:
    order: int
    label: Any
    url_name: str
    roles: frozenset[str] = field(default_factory=frozenset)
    match: str = ""  # URL prefix that marks the entry active; defaults to the entry's own URL
    group: Any = ""  # label of the drop-down menu this entry belongs to ("" = a top-level entry)
    exact: bool = False  # active only on the entry's own URL (not on the pages below it)

    def visible_to(self, user: Any) -> bool:
        role = role_of(user)
        return role is not None and (not self.roles or role in self.roles)


def _entry(item: NavItem, path: str) -> dict[str, Any]:
    url = reverse(item.url_name)
    prefix = item.match or url
    active = path == url if item.exact else path.startswith(prefix)
    return {"label": item.label, "url": url, "active": active, "children": [], "testid": item.url_name}


def nav_for(user: Any, path: str) -> list[dict[str, Any]]:
    """The entries ``user`` sees, in order: ``{label, url, active, children}`` (``children`` for a drop-down)."""
    items: list[NavItem] = []
    for config in apps.get_app_configs():
        declared = getattr(config, "nav_items", ())
        items.extend(declared() if callable(declared) else declared)
    entries: list[dict[str, Any]] = []
    groups: dict[str, dict[str, Any]] = {}
    for item in sorted(items, key=lambda i: (i.order, str(i.label))):
        if not item.visible_to(user):
            continue
        try:
            entry = _entry(item, path)
        except NoReverseMatch:  # an app whose pages are not wired yet
            continue
        group_label = item.group or (PUBLIC_GROUP if PUBLIC_ORDERS[0] <= item.order < PUBLIC_ORDERS[1] else "")
        if not group_label:
            entries.append(entry)
            continue
        key = str(group_label)
        group = groups.get(key)
        if group is None:
            slug = "public" if not item.group else item.url_name.split(":")[0]
            group = {"label": group_label, "url": entry["url"], "active": False, "children": [],
                     "testid": f"menu-{slug}"}
            groups[key] = group
            entries.append(group)
        group["children"].append(entry)
    # Only the most specific active entry is marked (/reports/ is not active on /reports/activities/).
    leaves = [leaf for entry in entries for leaf in (entry["children"] or [entry])]
    active = [leaf for leaf in leaves if leaf["active"]]
    if len(active) > 1:
        best = max(active, key=lambda leaf: len(leaf["url"]))
        for leaf in active:
            leaf["active"] = leaf is best
    for group in groups.values():
        group["active"] = any(child["active"] for child in group["children"])
    # A group with a single entry is that entry.
    return [entry["children"][0] if len(entry["children"]) == 1 and entry["testid"].startswith("menu-") else entry
            for entry in entries]


def flat_nav(user: Any, path: str = "") -> list[dict[str, Any]]:
    """Every entry ``user`` sees, drop-down entries included (the home page's "Where to start")."""
    flat = []
    for entry in nav_for(user, path):
        flat.extend(entry["children"] or [entry])
    return flat
