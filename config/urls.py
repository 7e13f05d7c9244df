from django.contrib import admin
from django.urls import include, path

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
]
