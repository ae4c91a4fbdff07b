"""Who may do what with contests.

- administrators and coordinators (Sở Nội vụ) organise: contests, rounds, questions, entries, juries, results;
- leaders see and export everything, change nothing;
- any staff user given entries to judge scores them (names hidden), and only them;
- the public takes part through the public pages and API (no account).
"""

from __future__ import annotations

import os
from typing import Any

from django.core.exceptions import PermissionDenied

from cchc.core.choices import Role
from cchc.core.permissions import MANAGERS, role_of
from cchc.core.ratelimit import client_ip, hit

# Public rate limits (per client address; a commune hall behind one address may hold many entrants).
IP_LIMIT = int(os.environ.get("CCHC_CONTEST_IP_LIMIT", "600"))
IP_WINDOW = 600


def can_manage(user: Any) -> bool:
    return role_of(user) in MANAGERS


def can_read(user: Any) -> bool:
    return role_of(user) in MANAGERS | {Role.LEADER}


def require_manager(user: Any) -> None:
    if not can_manage(user):
        raise PermissionDenied


def require_reader(user: Any) -> None:
    if not can_read(user):
        raise PermissionDenied


def public_allowed(request: Any, what: str, *, limit: int | None = None, window: int = IP_WINDOW) -> bool:
    """Count one public write under ``what`` for the client's address; False once over the limit."""
    return hit(f"contests:{what}:{client_ip(request)}", limit=limit or IP_LIMIT, window=window)


RATE_LIMITED = "Bạn gửi quá nhiều yêu cầu trong thời gian ngắn. Xin thử lại sau ít phút."
