"""Health checks for load balancers: `/healthz` (the process answers) and `/readyz` (it can
serve: the database and the cache answer). Neither needs a session or reads personal data."""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from allied.core.outage import RETRY_AFTER_SECONDS

logger = logging.getLogger("allied.outage")


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database(), "cache": _cache()}
    ready = all(checks.values())
    response = JsonResponse(
        {
            "status": "ok" if ready else "unavailable",
            "checks": {name: "ok" if ok else "unreachable" for name, ok in checks.items()},
        },
        status=200 if ready else 503,
    )
    if not ready:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure means not ready; say why once, in the log
        logger.warning("Readiness: database unreachable (%s)", type(error).__name__)
        return False
    return True


def _cache() -> bool:
    try:
        cache.set("allied:readyz", "ok", timeout=10)
        return cache.get("allied:readyz") == "ok"
    except Exception as error:  # the cache may be Redis or the database
        logger.warning("Readiness: cache unreachable (%s)", type(error).__name__)
        return False
