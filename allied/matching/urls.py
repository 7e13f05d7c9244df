from django.urls import path

from allied.matching import views

app_name = "matching"

urlpatterns = [
    path("cohorts/<int:cohort_id>/runs/", views.runs, name="runs"),
    path("cohorts/<int:cohort_id>/runs/new/", views.run_create, name="run_create"),
    path("runs/<int:run_id>/", views.run, name="run"),
    path("runs/<int:run_id>/progress/", views.run_progress, name="run_progress"),
    path("runs/<int:run_id>/rerun/", views.rerun, name="rerun"),
    path("runs/<int:run_id>/approve/", views.approve, name="approve"),
    path("runs/<int:run_id>/publish/", views.publish, name="publish"),
    path("runs/<int:run_id>/fairness/", views.fairness, name="fairness"),
    path("runs/<int:run_id>/download/", views.download, name="download"),
    path("runs/<int:run_id>/swap/", views.swap, name="swap"),
    path("runs/<int:run_id>/assign/", views.assign, name="assign"),
    path("proposals/<int:proposal_id>/lock/", views.proposal_lock, name="proposal_lock"),
    path("proposals/<int:proposal_id>/forbid/", views.proposal_forbid, name="proposal_forbid"),
]
