from django.contrib import admin
from django.urls import include, path

from allied.core import health
from config.api import api

urlpatterns = [
    path("", include("allied.home.urls")),
    path("accounts/", include("allauth.urls")),
    path("organisation/", include("allied.accounts.urls")),
    path("people/", include("allied.people.urls")),
    path("programmes/", include("allied.programmes.urls")),
    path("relationships/", include("allied.partnerships.urls")),
    path("matching/", include("allied.matching.urls")),
    path("api/v1/", api.urls),
    path("django-admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]

# A database outage answers 503 with Retry-After; other failures 500 (JSON under /api/).
handler500 = "allied.core.outage.server_error"
# Django reports a session it could not save as a 400; during an outage that is a 503 too.
handler400 = "allied.core.outage.bad_request"
# The API answers JSON for an address it does not have, as for every other error.
handler404 = "allied.core.outage.not_found"
