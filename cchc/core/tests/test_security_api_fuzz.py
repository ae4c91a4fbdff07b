"""The whole API fuzzed with schemathesis (in process, through the WSGI application) with a coordinator's and an
officer's token: no answer may be a server error (5xx) or break the documented response schema.

Bounded: a few generated examples per operation and per user, no shrinking, so the test stays within about two
minutes whatever endpoints the apps add. ``CCHC_FUZZ_EXAMPLES`` raises the number of examples for a deeper run.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.authtoken.models import Token

from cchc.reports.tests.test_activities import make_activity, make_taxonomy
from cchc.wsgi import application

EXAMPLES = int(os.environ.get("CCHC_FUZZ_EXAMPLES", "4"))
SKIPPED_PATHS = ("/api/v1/auth/token/",)  # tries passwords: the lock-out would only slow the run down


def operations() -> list[Any]:
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
    found = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation is not None and not operation.path.startswith(SKIPPED_PATHS):
            found.append(operation)
    return found


def _reasons(exc: BaseException) -> str:
    return "; ".join(getattr(failure, "title", "") or str(failure) or type(failure).__name__
                     for failure in getattr(exc, "exceptions", [exc]))[:300]


CALLS: list[str] = []


def fuzz(operation: Any, headers: dict[str, str]) -> list[str]:
    failures: list[str] = []

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy())
    def run(case: Any) -> None:
        label = f"{operation.method.upper()} {case.formatted_path}"
        CALLS.append(label)
        try:
            response = case.call(headers=headers)
        except Exception as exc:  # noqa: BLE001 - the in-process transport raises on some server errors
            failures.append(f"{label} → {type(exc).__name__}: {_reasons(exc)}")
            return
        if response.status_code >= 500:
            failures.append(f"{label} → {response.status_code}: {response.text[:300]}")
            return
        if not operation.is_valid_response(response):
            failures.append(f"{label} → {response.status_code}: the response does not match the schema: "
                            f"{response.text[:300]}")

    run()
    return failures


@pytest.mark.django_db
def test_the_api_never_answers_a_server_error(province, coordinator, alice):
    web, _led, _dvc, _kq = make_taxonomy()
    make_activity(province.stttt, web, title="Tin có sẵn", external_id="co-san")
    tokens = {"coordinator": Token.objects.create(user=coordinator).key,
              "officer": Token.objects.create(user=alice).key}
    failures: list[str] = []
    CALLS.clear()
    # Called through WSGI, each request would close the test's database connection (as Django's test client
    # avoids): keep it open for the whole run.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        found = operations()
        assert len(found) > 10
        for operation in found:
            for who, key in tokens.items():
                failures += [f"[{who}] {line}" for line in fuzz(operation, {"Authorization": f"Token {key}"})]
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert len(CALLS) >= 2 * len(found)  # every operation was called, for both users
    assert not failures, "\n".join(dict.fromkeys(failures))
