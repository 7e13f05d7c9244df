from django.urls import path

from allied.partnerships.views import (
    agreements,
    facilitator,
    goals_and_sponsorship,
    meetings,
    personal,
    relationships,
    wellbeing,
)

app_name = "partnerships"

urlpatterns = [
    path("", relationships.relationship_list, name="list"),
    path("informal/", personal.informal, name="informal"),
    path("email-settings/", personal.email_settings, name="email_settings"),
    path("hours/", personal.hours, name="hours"),
    path("support/", facilitator.support, name="support"),
    path("pulse/<int:pulse_id>/", wellbeing.pulse, name="pulse"),
    path("<int:relationship_id>/", relationships.relationship_detail, name="detail"),
    path("<int:relationship_id>/respond/", relationships.relationship_respond, name="respond"),
    path("<int:relationship_id>/agreement/", agreements.agreement, name="agreement"),
    path(
        "<int:relationship_id>/agreement/<int:agreement_id>/confirm/",
        agreements.agreement_confirm,
        name="agreement_confirm",
    ),
    path("<int:relationship_id>/meetings/new/", meetings.meeting_create, name="meeting_create"),
    path(
        "<int:relationship_id>/meetings/<int:meeting_id>/",
        meetings.meeting_detail,
        name="meeting",
    ),
    path(
        "<int:relationship_id>/meetings/<int:meeting_id>/next.ics",
        meetings.meeting_ics,
        name="meeting_ics",
    ),
    path("<int:relationship_id>/goals/", goals_and_sponsorship.goals, name="goals"),
    path(
        "<int:relationship_id>/goals/<int:goal_id>/",
        goals_and_sponsorship.goal_edit,
        name="goal_edit",
    ),
    path(
        "<int:relationship_id>/goals/<int:goal_id>/actions/",
        goals_and_sponsorship.goal_action_add,
        name="goal_action_add",
    ),
    path(
        "<int:relationship_id>/actions/<int:action_id>/done/",
        goals_and_sponsorship.goal_action_done,
        name="goal_action_done",
    ),
    path(
        "<int:relationship_id>/sponsorship/",
        goals_and_sponsorship.sponsorship_add,
        name="sponsorship_add",
    ),
    path(
        "<int:relationship_id>/sponsorship/<int:action_id>/",
        goals_and_sponsorship.sponsorship_status,
        name="sponsorship_status",
    ),
    path("<int:relationship_id>/concern/", wellbeing.concern, name="concern"),
    path("<int:relationship_id>/end/", relationships.end, name="end"),
    path("<int:relationship_id>/reflection/", relationships.reflection, name="reflection"),
    path("cohorts/<int:cohort_id>/health/", facilitator.dashboard, name="dashboard"),
    path("cohorts/<int:cohort_id>/outbox/", facilitator.outbox, name="outbox"),
    path("manage/<int:relationship_id>/", facilitator.manage, name="manage"),
    path("manage/<int:relationship_id>/pause/", facilitator.pause, name="pause"),
    path("manage/<int:relationship_id>/end/", facilitator.facilitator_end, name="facilitator_end"),
    path("manage/<int:relationship_id>/rematch/", facilitator.rematch, name="rematch"),
    path("manage/<int:relationship_id>/message/", facilitator.message_members, name="message"),
]
