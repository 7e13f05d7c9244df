"""The JSON API: one NinjaAPI instance; each app adds its router from its own api.py.

Authentication is the Allied session (see docs/api.md): sign in as on the pages, and send the
CSRF token with every write. Errors are JSON, mapped in `allied.core.api.errors`."""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.operation import Operation
from ninja.security import django_auth

from allied.accounts.api import router as organisations_router
from allied.core.api.errors import register_error_handlers
from allied.matching.api import router as matching_router
from allied.partnerships.api import router as partnerships_router
from allied.people.api import router as people_router
from allied.programmes.api import router as programmes_router


class AlliedAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        # Client generators name methods after these: `programme_list`, not the module path.
        return operation.view_func.__name__


api = AlliedAPI(
    title="Allied API",
    version="1",
    description=(
        "Programmes, cohorts, sessions, applications, people, organisations, relationships "
        "and matching. "
        "Signs in with the Allied session cookie; writes need the CSRF token in the "
        "`X-CSRFToken` header. See docs/api.md."
    ),
    auth=django_auth,
    urls_namespace="api",
)
register_error_handlers(api)

api.add_router("/organisations", organisations_router)
api.add_router("/people", people_router)
api.add_router("/", programmes_router)
api.add_router("/", partnerships_router)
api.add_router("/", matching_router)
