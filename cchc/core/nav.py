"""The main navigation. Each app declares its entries in its AppConfig as ``nav_items``; core collects them.

An entry is ``NavItem(order, label, url_name, roles)``; ``roles`` empty means every signed-in user.
The order leaves room for the parts that later apps add: Văn bản chỉ đạo (10), Nhiệm vụ (20), Báo cáo (30),
Theo dõi (40), Tổng hợp (50), Cổng thông tin (60), Phản ánh kiến nghị (70), Khảo sát & cuộc thi (80),
Đơn vị (90), Tài khoản (100).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.urls import reverse

from .permissions import role_of


@dataclass(frozen=True)
class NavItem:
    order: int
    label: Any
    url_name: str
    roles: frozenset[str] = field(default_factory=frozenset)
    match: str = ""  # URL prefix that marks the entry active; defaults to the entry's own URL

    def visible_to(self, user: Any) -> bool:
        role = role_of(user)
        return role is not None and (not self.roles or role in self.roles)


def nav_for(user: Any, path: str) -> list[dict[str, Any]]:
    items: list[NavItem] = []
    for config in apps.get_app_configs():
        items.extend(getattr(config, "nav_items", ()))
    entries = []
    for item in sorted(items, key=lambda i: i.order):
        if not item.visible_to(user):
            continue
        url = reverse(item.url_name)
        prefix = item.match or url
        entries.append({"label": item.label, "url": url, "active": path.startswith(prefix)})
    return entries
