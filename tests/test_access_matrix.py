"""Who gets what: every page and every API operation, requested as every role.

The cases are generated, not listed: every named URL pattern in Allied's own namespaces (from
`django.urls.get_resolver()`) and every path and method in the API's OpenAPI schema. Each is
requested once per role with the ids of the `world` fixture filled in, and compared with the
expectations table below, which says which roles may succeed:

- a role in the table's set must succeed (2xx or a redirect that is not to the sign-in page;
  for a write, a 400 refusal of the body also counts, since the caller got past access);
- any other role must be refused: anonymous visitors are sent to sign in (pages) or get 401
  (API); signed-in roles get 403 or 404, or for a write without a valid body 400, 405 or 422.
  Never a 2xx, never a 500.

A page or operation missing from the table fails with a message saying where to add it, so a
new page cannot slip past. Add it with the roles the app's `access.py` says may use it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from allied.accounts.models import Membership
from allied.matching import services as matching
from allied.matching.tests.django_fixtures import make_ready_cohort
from allied.partnerships import services as relationships
from allied.partnerships.models import Member, PulseCheckIn
from allied.people.models import Consent, ImportJob
from allied.programmes.models import Application, EligibilityRule, GroupSession, Side
from config.api import api
from tests.support.world import ROLES, build_organisation, build_world, make_user

pytestmark = pytest.mark.django_db

ANONYMOUS = "anonymous"

# --- Who may succeed, by page (URL name) or API operation (method, path) -----------------

EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {ANONYMOUS}
# Everyone in the world's organisation, which runs `programme` (all have a profile there).
MEMBERS = frozenset(
    {
        "participant",
        "other_participant",
        "facilitator",
        "other_facilitator",
        "evaluator",
        "org_admin",
    }
)
# Who may change `programme`: its facilitator and the organisation's admin.
MANAGERS = frozenset({"facilitator", "org_admin"})
ANY_ADMIN = frozenset({"org_admin", "foreign_admin"})
# The participant's own application, profile and demographics: them, and the facilitator of
# the programme they applied to; their organisation's admin for the profile, not the application.
APPLICANT_AND_FACILITATOR = frozenset({"participant", "facilitator"})
PROFILE_READERS = frozenset({"participant", "facilitator", "org_admin"})
# A relationship (meetings, notes, goals, agreement) is its members' alone; its health is for
# the programme's facilitators, not admins or evaluators.
RELATIONSHIP_MEMBER = frozenset({"participant"})
PROGRAMME_FACILITATOR = frozenset({"facilitator"})

PAGES: dict[str, frozenset[str]] = {
    "home:home": EVERYONE,
    "home:privacy": EVERYONE,
    "home:accessibility": EVERYONE,
    "accounts:organisation": ANY_ADMIN,
    "accounts:members": frozenset({"org_admin"}),
    "accounts:settings": frozenset({"org_admin"}),
    "accounts:member_roles": frozenset({"org_admin"}),
    "people:list": ANY_ADMIN,
    "people:me": SIGNED_IN,
    "people:me_edit": SIGNED_IN,
    "people:my_demographics": SIGNED_IN,
    "people:my_consents": SIGNED_IN,
    "people:consent_withdraw": frozenset({"participant"}),
    "people:audit": ANY_ADMIN,
    "people:import": ANY_ADMIN,
    "people:import_job": frozenset({"org_admin"}),
    "people:detail": PROFILE_READERS,
    "people:demographics": PROFILE_READERS,
    "programmes:list": SIGNED_IN,
    "programmes:create": frozenset(
        {"facilitator", "other_facilitator", "org_admin", "foreign_admin"}
    ),
    "programmes:detail": MEMBERS,
    "programmes:edit": MANAGERS,
    "programmes:facilitators": MANAGERS,
    "programmes:eligibility": MANAGERS,
    "programmes:eligibility_rule_delete": MANAGERS,
    "programmes:resource_create": MANAGERS,
    "programmes:resource": MEMBERS,
    "programmes:resource_edit": MANAGERS,
    "programmes:cohort_create": MANAGERS,
    "programmes:cohort": MEMBERS,
    "programmes:cohort_edit": MANAGERS,
    "programmes:apply": MEMBERS,
    "programmes:cohort_applications": frozenset({"facilitator"}),
    "programmes:session_create": MANAGERS,
    "programmes:session": MEMBERS,
    "programmes:session_edit": MANAGERS,
    "programmes:session_ics": MEMBERS,
    "programmes:my_applications": SIGNED_IN,
    "programmes:application": APPLICANT_AND_FACILITATOR,
    "programmes:application_decide": frozenset({"facilitator"}),
    "programmes:application_withdraw": frozenset({"participant"}),
    # The participant is in a mentoring pair with a mentor who holds none of the roles.
    "partnerships:list": SIGNED_IN,
    "partnerships:informal": SIGNED_IN,
    "partnerships:email_settings": SIGNED_IN,
    "partnerships:hours": SIGNED_IN,
    "partnerships:support": ANY_ADMIN,  # the organisation's list of well-being support
    "partnerships:pulse": RELATIONSHIP_MEMBER,
    "partnerships:detail": RELATIONSHIP_MEMBER,
    "partnerships:respond": RELATIONSHIP_MEMBER,
    "partnerships:agreement": RELATIONSHIP_MEMBER,
    "partnerships:agreement_confirm": RELATIONSHIP_MEMBER,
    "partnerships:meeting_create": RELATIONSHIP_MEMBER,
    "partnerships:meeting": RELATIONSHIP_MEMBER,
    "partnerships:meeting_ics": RELATIONSHIP_MEMBER,
    "partnerships:goals": RELATIONSHIP_MEMBER,
    "partnerships:goal_edit": RELATIONSHIP_MEMBER,
    "partnerships:goal_action_add": RELATIONSHIP_MEMBER,
    "partnerships:goal_action_done": RELATIONSHIP_MEMBER,
    "partnerships:sponsorship_add": RELATIONSHIP_MEMBER,
    "partnerships:sponsorship_status": RELATIONSHIP_MEMBER,
    "partnerships:concern": RELATIONSHIP_MEMBER,
    "partnerships:end": RELATIONSHIP_MEMBER,
    "partnerships:reflection": RELATIONSHIP_MEMBER,
    "partnerships:dashboard": PROGRAMME_FACILITATOR,
    "partnerships:outbox": PROGRAMME_FACILITATOR,
    "partnerships:manage": PROGRAMME_FACILITATOR,
    "partnerships:pause": PROGRAMME_FACILITATOR,
    "partnerships:facilitator_end": PROGRAMME_FACILITATOR,
    "partnerships:rematch": PROGRAMME_FACILITATOR,
    "partnerships:message": PROGRAMME_FACILITATOR,
    # Matching: the programme's facilitators only (not admins, evaluators or other facilitators).
    "matching:runs": PROGRAMME_FACILITATOR,
    "matching:run_create": PROGRAMME_FACILITATOR,
    "matching:run": PROGRAMME_FACILITATOR,
    "matching:run_progress": PROGRAMME_FACILITATOR,
    "matching:rerun": PROGRAMME_FACILITATOR,
    "matching:approve": PROGRAMME_FACILITATOR,
    "matching:publish": PROGRAMME_FACILITATOR,
    "matching:fairness": PROGRAMME_FACILITATOR,
    "matching:download": PROGRAMME_FACILITATOR,
    "matching:swap": PROGRAMME_FACILITATOR,
    "matching:assign": PROGRAMME_FACILITATOR,
    "matching:proposal_lock": PROGRAMME_FACILITATOR,
    "matching:proposal_forbid": PROGRAMME_FACILITATOR,
}

V1 = "/api/v1"
OPERATIONS: dict[tuple[str, str], frozenset[str]] = {
    ("GET", f"{V1}/organisations"): SIGNED_IN,
    ("GET", f"{V1}/organisations/{{organisation_id}}"): MEMBERS,
    ("GET", f"{V1}/people"): SIGNED_IN,
    ("GET", f"{V1}/people/{{person_id}}"): PROFILE_READERS,
    ("GET", f"{V1}/people/{{person_id}}/demographics"): PROFILE_READERS,
    ("GET", f"{V1}/programmes"): SIGNED_IN,
    ("POST", f"{V1}/programmes"): frozenset({"facilitator", "other_facilitator", "org_admin"}),
    ("GET", f"{V1}/programmes/{{programme_id}}"): MEMBERS,
    ("PATCH", f"{V1}/programmes/{{programme_id}}"): MANAGERS,
    ("GET", f"{V1}/programmes/{{programme_id}}/cohorts"): MEMBERS,
    ("POST", f"{V1}/programmes/{{programme_id}}/cohorts"): MANAGERS,
    ("GET", f"{V1}/cohorts/{{cohort_id}}"): MEMBERS,
    ("PATCH", f"{V1}/cohorts/{{cohort_id}}"): MANAGERS,
    ("GET", f"{V1}/cohorts/{{cohort_id}}/sessions"): MEMBERS,
    ("POST", f"{V1}/cohorts/{{cohort_id}}/sessions"): MANAGERS,
    ("GET", f"{V1}/cohorts/{{cohort_id}}/applications"): frozenset({"facilitator"}),
    ("POST", f"{V1}/cohorts/{{cohort_id}}/applications"): MEMBERS,
    ("GET", f"{V1}/sessions/{{session_id}}"): MEMBERS,
    ("PATCH", f"{V1}/sessions/{{session_id}}"): MANAGERS,
    ("GET", f"{V1}/sessions/{{session_id}}/invite.ics"): MEMBERS,
    ("GET", f"{V1}/applications"): SIGNED_IN,
    ("GET", f"{V1}/applications/{{application_id}}"): APPLICANT_AND_FACILITATOR,
    ("POST", f"{V1}/applications/{{application_id}}/decision"): frozenset({"facilitator"}),
    ("POST", f"{V1}/applications/{{application_id}}/withdraw"): frozenset({"participant"}),
    # Relationships: content for members, health for the programme's facilitators.
    ("GET", f"{V1}/relationships"): SIGNED_IN,
    ("GET", f"{V1}/relationships/commitment"): SIGNED_IN,
    ("GET", f"{V1}/relationships/hours"): SIGNED_IN,
    ("GET", f"{V1}/relationships/informal"): SIGNED_IN,
    ("POST", f"{V1}/relationships/informal"): SIGNED_IN,
    ("GET", f"{V1}/relationships/email-settings"): SIGNED_IN,
    ("PUT", f"{V1}/relationships/email-settings"): SIGNED_IN,
    ("GET", f"{V1}/relationships/pulses/{{pulse_id}}"): RELATIONSHIP_MEMBER,
    ("POST", f"{V1}/relationships/pulses/{{pulse_id}}"): RELATIONSHIP_MEMBER,
    ("GET", f"{V1}/relationships/{{relationship_id}}"): RELATIONSHIP_MEMBER,
    ("POST", f"{V1}/relationships/{{relationship_id}}/respond"): RELATIONSHIP_MEMBER,
    ("POST", f"{V1}/relationships/{{relationship_id}}/end"): RELATIONSHIP_MEMBER
    | PROGRAMME_FACILITATOR,
    ("POST", f"{V1}/relationships/{{relationship_id}}/reflection"): RELATIONSHIP_MEMBER,
    ("GET", f"{V1}/relationships/{{relationship_id}}/agreements"): RELATIONSHIP_MEMBER,
    ("POST", f"{V1}/relationships/{{relationship_id}}/agreements"): RELATIONSHIP_MEMBER,
    (
        "POST",
        f"{V1}/relationships/{{relationship_id}}/agreements/{{agreement_id}}/confirm",
    ): RELATIONSHIP_MEMBER,
    ("GET", f"{V1}/relationships/{{relationship_id}}/meetings"): RELATIONSHIP_MEMBER,
    ("POST", f"{V1}/relationships/{{relationship_id}}/meetings"): RELATIONSHIP_MEMBER,
    (
        "PUT",
        f"{V1}/relationships/{{relationship_id}}/meetings/{{meeting_id}}/private-note",
    ): RELATIONSHIP_MEMBER,
    ("GET", f"{V1}/relationships/{{relationship_id}}/goals"): RELATIONSHIP_MEMBER,
    ("POST", f"{V1}/relationships/{{relationship_id}}/goals"): RELATIONSHIP_MEMBER,
    ("PATCH", f"{V1}/relationships/{{relationship_id}}/goals/{{goal_id}}"): RELATIONSHIP_MEMBER,
    (
        "POST",
        f"{V1}/relationships/{{relationship_id}}/goals/{{goal_id}}/actions",
    ): RELATIONSHIP_MEMBER,
    (
        "PATCH",
        f"{V1}/relationships/{{relationship_id}}/goals/{{goal_id}}/actions/{{goal_action_id}}",
    ): RELATIONSHIP_MEMBER,
    ("GET", f"{V1}/relationships/{{relationship_id}}/sponsorship"): RELATIONSHIP_MEMBER,
    ("POST", f"{V1}/relationships/{{relationship_id}}/sponsorship"): RELATIONSHIP_MEMBER,
    (
        "PATCH",
        f"{V1}/relationships/{{relationship_id}}/sponsorship/{{sponsorship_action_id}}",
    ): RELATIONSHIP_MEMBER,
    ("GET", f"{V1}/relationships/{{relationship_id}}/support"): RELATIONSHIP_MEMBER,
    ("POST", f"{V1}/relationships/{{relationship_id}}/concerns"): RELATIONSHIP_MEMBER,
    ("GET", f"{V1}/cohorts/{{cohort_id}}/health"): PROGRAMME_FACILITATOR,
    ("GET", f"{V1}/cohorts/{{cohort_id}}/outbox"): PROGRAMME_FACILITATOR,
    ("POST", f"{V1}/outbox/{{message_id}}/resend"): PROGRAMME_FACILITATOR,
    ("GET", f"{V1}/relationships/{{relationship_id}}/health"): PROGRAMME_FACILITATOR,
    ("POST", f"{V1}/relationships/{{relationship_id}}/pause"): PROGRAMME_FACILITATOR,
    ("POST", f"{V1}/relationships/{{relationship_id}}/resume"): PROGRAMME_FACILITATOR,
    ("POST", f"{V1}/relationships/{{relationship_id}}/rematch"): PROGRAMME_FACILITATOR,
    ("POST", f"{V1}/relationships/{{relationship_id}}/message"): PROGRAMME_FACILITATOR,
    # Matching: the programme's facilitators only (not admins, evaluators or other facilitators).
    ("GET", f"{V1}/cohorts/{{cohort_id}}/match-runs"): PROGRAMME_FACILITATOR,
    ("POST", f"{V1}/cohorts/{{cohort_id}}/match-runs"): PROGRAMME_FACILITATOR,
    ("GET", f"{V1}/match-runs/{{run_id}}"): PROGRAMME_FACILITATOR,
    ("GET", f"{V1}/match-runs/{{run_id}}/proposals"): PROGRAMME_FACILITATOR,
    ("GET", f"{V1}/match-runs/{{run_id}}/fairness"): PROGRAMME_FACILITATOR,
    ("POST", f"{V1}/match-runs/{{run_id}}/rerun"): PROGRAMME_FACILITATOR,
    ("POST", f"{V1}/match-runs/{{run_id}}/approve"): PROGRAMME_FACILITATOR,
    ("POST", f"{V1}/match-runs/{{run_id}}/publish"): PROGRAMME_FACILITATOR,
    ("POST", f"{V1}/match-runs/{{run_id}}/swap"): PROGRAMME_FACILITATOR,
    ("POST", f"{V1}/match-runs/{{run_id}}/assign"): PROGRAMME_FACILITATOR,
    ("POST", f"{V1}/proposals/{{proposal_id}}/lock"): PROGRAMME_FACILITATOR,
    ("POST", f"{V1}/proposals/{{proposal_id}}/forbid"): PROGRAMME_FACILITATOR,
}

# Query strings and bodies that let a permitted role succeed (a refused role must still be
# refused on access, not on the shape of what it sent).
QUERIES: dict[tuple[str, str], dict[str, str]] = {
    ("GET", f"{V1}/people/{{person_id}}/demographics"): {"reason": "Access matrix"},
    ("GET", f"{V1}/relationships/hours"): {"start": "2031-01-01", "end": "2031-12-31"},
}


def _bodies(ids: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        ("POST", f"{V1}/programmes"): {
            "organisation_id": ids["organisation_id"],
            "name": "Matrix programme",
            "kind": "circles",
            "summary": "Made by the access matrix.",
        },
        ("PATCH", f"{V1}/programmes/{{programme_id}}"): {"summary": "Changed by the matrix."},
        ("POST", f"{V1}/programmes/{{programme_id}}/cohorts"): {
            "name": "Matrix cohort",
            "recruitment_opens": "2031-01-01",
            "recruitment_closes": "2031-06-30",
            "start_date": "2031-09-01",
            "planned_end": "2032-09-30",
        },
        ("PATCH", f"{V1}/cohorts/{{cohort_id}}"): {"name": "Renamed by the matrix"},
        ("POST", f"{V1}/cohorts/{{cohort_id}}/sessions"): {
            "title": "Matrix check-in",
            "starts_at": "2031-04-01T10:00:00+01:00",
            "ends_at": "2031-04-01T11:00:00+01:00",
        },
        ("PATCH", f"{V1}/sessions/{{session_id}}"): {"location": "Room 9"},
        ("POST", f"{V1}/cohorts/{{cohort_id}}/applications"): {
            "side_id": ids["side_id"],
            "profile_statements": ["I bring energy", "I want to lead", "I like walking"],
            "consent_participation": True,
        },
        ("POST", f"{V1}/applications/{{application_id}}/decision"): {"decision": "waitlisted"},
        ("POST", f"{V1}/applications/{{application_id}}/withdraw"): {"reason": "Matrix"},
        **_relationship_bodies(),
        # The world's run is in review, so publishing it is a 400 until it is approved.
        ("POST", f"{V1}/cohorts/{{cohort_id}}/match-runs"): {"weights": {"topics": 8}},
        ("POST", f"{V1}/match-runs/{{run_id}}/rerun"): {"objective": "fairest"},
        ("POST", f"{V1}/proposals/{{proposal_id}}/lock"): {"locked": True},
        ("POST", f"{V1}/match-runs/{{run_id}}/swap"): {
            "first_proposal_id": ids["proposal_id"],
            "second_proposal_id": ids["other_proposal_id"],
        },
        ("POST", f"{V1}/match-runs/{{run_id}}/assign"): {
            "mentee_application_id": ids["mentee_application_id"],
            "mentor_application_id": ids["free_mentor_application_id"],
        },
    }


def _relationship_bodies() -> dict[tuple[str, str], dict[str, Any]]:
    rel = f"{V1}/relationships/{{relationship_id}}"
    return {
        ("POST", f"{V1}/relationships/informal"): {
            "held_on": "2031-01-01",
            "topic": "Matrix",
            "minutes": 10,
        },
        ("PUT", f"{V1}/relationships/email-settings"): {"non_essential": True},
        ("POST", f"{V1}/relationships/pulses/{{pulse_id}}"): {
            "usefulness": 3,
            "expectations_aligned": "yes",
        },
        ("POST", f"{rel}/respond"): {"accept": True},
        ("POST", f"{rel}/end"): {"reason": "completed"},
        ("POST", f"{rel}/reflection"): {"what_changed": "Matrix", "would_recommend": "yes"},
        ("POST", f"{rel}/agreements"): {
            "expectations": [{"member_id": 1, "text": "Matrix"}],
            "mutual_aims": "Matrix",
            "meeting_frequency": "Monthly",
            "meeting_arrangements": "Video",
            "confidentiality": "Matrix",
            "boundaries": "Matrix",
        },
        ("POST", f"{rel}/meetings"): {"held_on": "2031-02-02", "minutes": 30, "mode": "video"},
        ("PUT", f"{rel}/meetings/{{meeting_id}}/private-note"): {"text": "Matrix"},
        ("POST", f"{rel}/goals"): {"goal": "Matrix goal"},
        ("PATCH", f"{rel}/goals/{{goal_id}}"): {"progress": 10},
        ("POST", f"{rel}/goals/{{goal_id}}/actions"): {"text": "Matrix action"},
        ("PATCH", f"{rel}/goals/{{goal_id}}/actions/{{goal_action_id}}"): {"done": True},
        ("POST", f"{rel}/sponsorship"): {
            "direction": "asked",
            "kind": "shadowing",
            "description": "Matrix",
        },
        ("PATCH", f"{rel}/sponsorship/{{sponsorship_action_id}}"): {"status": "taken"},
        ("POST", f"{rel}/rematch"): {"remaining_member_id": 1, "partner_person_id": 1},
        ("POST", f"{rel}/message"): {"subject": "Matrix", "body": "Matrix"},
    }


# --- The cases, generated from the URL configuration and the API schema -------------------

SKIPPED_NAMESPACES = {"admin", "api"}  # Django's admin; the API is covered by its schema


@dataclass(frozen=True)
class Page:
    name: str  # "namespace:name"
    parameters: tuple[str, ...]


def _pages() -> list[Page]:
    found: dict[str, Page] = {}

    def walk(resolver: URLResolver, namespace: str | None, parameters: tuple[str, ...]) -> None:
        for entry in resolver.url_patterns:
            here = parameters + _parameters_of(entry)
            if isinstance(entry, URLResolver):
                inner = entry.namespace
                if namespace is None and inner in SKIPPED_NAMESPACES:
                    continue
                walk(
                    entry,
                    f"{namespace}:{inner}" if namespace and inner else inner or namespace,
                    here,
                )
            elif isinstance(entry, URLPattern) and entry.name and namespace:
                # Unnamespaced patterns belong to allauth, which tests its own views.
                name = f"{namespace}:{entry.name}"
                found.setdefault(name, Page(name, here))

    walk(get_resolver(), None, ())
    return sorted(found.values(), key=lambda page: page.name)


def _parameters_of(entry: URLPattern | URLResolver) -> tuple[str, ...]:
    pattern = entry.pattern
    converters = getattr(pattern, "converters", None)
    if converters:
        return tuple(converters)
    return tuple(pattern.regex.groupindex)


def _operations() -> list[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return sorted(
        (method.upper(), path)
        for path, methods in schema["paths"].items()
        for method in methods
        if method in {"get", "post", "put", "patch", "delete"}
    )


PAGE_CASES = _pages()
OPERATION_CASES = _operations()


# --- The world, built once for the module -------------------------------------------------


# Where a parameter name means different things in different places: (URL name or namespace,
# parameter) → the key in `ids`.
PARAMETER_MEANINGS = {
    ("accounts", "slug"): "organisation_slug",
    ("programmes", "slug"): "resource_slug",
    ("partnerships:goal_action_done", "action_id"): "goal_action_id",
    ("partnerships:sponsorship_status", "action_id"): "sponsorship_action_id",
}


@dataclass
class Matrix:
    ids: dict[str, Any]
    sessions: dict[str, str]  # role → session key
    # One client for the whole module: each new test client loads the middleware again, and
    # WhiteNoise then rescans every static file (a fifth of a second each time).
    _client: Client = field(default_factory=Client)

    def value(self, parameter: str, page_name: str = "") -> Any:
        namespace = page_name.split(":")[0]
        parameter = PARAMETER_MEANINGS.get(
            (page_name, parameter), PARAMETER_MEANINGS.get((namespace, parameter), parameter)
        )
        if parameter not in self.ids:
            pytest.fail(
                f"The access matrix has no value for the URL parameter {parameter!r}. Add one to "
                "`ids` in the `matrix` fixture of tests/test_access_matrix.py (a real id from "
                "the world that the roles relate to as the pages expect)."
            )
        return self.ids[parameter]

    def client(self, role: str) -> Client:
        client = self._client
        client.cookies = SimpleCookie()
        if role in self.sessions:
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[role]
        return client


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker):
    """The project's `world`, built once inside a transaction that is rolled back at the end;
    each test runs in a savepoint inside it, as Django's TestCase.setUpTestData does."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = build_world(build_organisation())
            yield _matrix_for(world)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _matrix_for(world: Any) -> Matrix:
    participant = world.users["participant"]
    application = Application.objects.get(person=participant.person, cohort=world.cohort)
    mentor = world.programme.sides.get(key=Side.Key.MENTOR)
    rule = EligibilityRule.objects.create(
        side=mentor, attribute=EligibilityRule.Attribute.BAND, operator="at_least", value="5"
    )
    session = GroupSession.objects.create(
        cohort=world.cohort,
        title="Launch",
        kind=GroupSession.Kind.LAUNCH,
        starts_at=dt.datetime(2031, 1, 20, 10, tzinfo=dt.UTC),
        ends_at=dt.datetime(2031, 1, 20, 12, tzinfo=dt.UTC),
    )
    consent = Consent.objects.create(
        person=participant.person,
        purpose=Consent.Purpose.EVALUATION,
        programme=world.programme,
        information_text="I agree.",
        given_at=dt.datetime(2027, 1, 1, tzinfo=dt.UTC),
    )
    job = ImportJob.objects.create(
        organisation=world.organisation, filename="staff.csv", status=ImportJob.Status.SUCCEEDED
    )
    sessions = {}
    for role, user in world.users.items():
        if user is not None:
            client = Client()
            client.force_login(user)
            sessions[role] = client.session.session_key
    ids = {
        "organisation_id": world.organisation.pk,
        "programme_id": world.programme.pk,
        "cohort_id": world.cohort.pk,
        "session_id": session.pk,
        "application_id": application.pk,
        "side_id": application.side_id,
        "rule_id": rule.pk,
        "person_id": participant.person.pk,
        "member_id": participant.pk,
        "consent_id": consent.pk,
        "job_id": job.pk,
    }
    ids.update(
        organisation_slug=world.organisation.slug,
        resource_slug=world.programme.resources.order_by("order").first().slug,
        **_partnership_ids(world),
        **_matching_ids(world),
    )
    return Matrix(ids=ids, sessions=sessions)


def _partnership_ids(world: Any) -> dict[str, int]:
    """A mentoring pair of the participant and a mentor with none of the roles, with one of
    everything a pair keeps: an agreement, a meeting, a goal with an action, an opportunity and
    a pulse check-in."""
    mentee = world.users["participant"]
    mentor = make_user(world.organisation, Membership.Role.PARTICIPANT, name="Mo Mentor")
    relationship = relationships.relationship_create(
        programme=world.programme,
        cohort=world.cohort,
        members=[(mentor.person, Member.Role.MENTOR), (mentee.person, Member.Role.MENTEE)],
        started_on=dt.date(2031, 1, 15),
    )
    member = relationship.members.get(person=mentee.person)
    agreement = relationships.agreement_propose(
        relationship=relationship,
        by=mentor,
        expectations={member.pk: "Meet monthly and be honest."},
        mutual_aims="A band 8a role within a year.",
        meeting_frequency="Monthly, an hour",
        meeting_arrangements="Video",
        confidentiality="What we say stays between us.",
        boundaries="We signpost to occupational health when needed.",
    )
    meeting = relationships.meeting_record(
        relationship=relationship,
        by=mentee,
        held_on=dt.date(2031, 2, 1),
        minutes=60,
        mode="video",
        private_place=True,
        topics=["confidence"],
        mentoring_model="grow",
        summary="We met.",
        private_note="Only mine.",
        next_meeting_at=dt.datetime(2031, 3, 1, 10, tzinfo=dt.UTC),
    )
    goal = relationships.goal_create(relationship=relationship, by=mentee, goal="Apply for 8a")
    goal_action = relationships.goal_action_add(
        goal=goal, by=mentee, text="Update my CV", due_on=None
    )
    opportunity = relationships.sponsorship_add(
        relationship=relationship,
        by=mentor,
        direction="offered",
        kind="shadowing",
        description="Shadow the director of therapies.",
    )
    pulse = PulseCheckIn.objects.create(
        member=member, relationship=relationship, due_on=dt.date(2031, 3, 1)
    )
    return {
        "relationship_id": relationship.pk,
        "agreement_id": agreement.pk,
        "meeting_id": meeting.pk,
        "goal_id": goal.pk,
        "goal_action_id": goal_action.pk,
        "sponsorship_action_id": opportunity.pk,
        "pulse_id": pulse.pk,
        "message_id": relationship.outbox.order_by("pk").values_list("pk", flat=True)[0],
    }


def _matching_ids(world: Any) -> dict[str, int]:
    """A finished match run in review for the world's cohort: 6 mentees, 4 mentors with two
    places each, so that two pairs can be swapped and a mentee moved to a free place."""
    ready = make_ready_cohort(world.cohort, mentors=4)
    run = matching.match_run_create(cohort=world.cohort, created_by=world.users["facilitator"])
    run = matching.match_run_execute(run=run)
    load = Counter(run.proposals.values_list("mentor_id", flat=True))
    free = next(m for m in ready.mentors if load[m.pk] < 2)
    proposal = run.proposals.exclude(mentor=free).order_by("pk").first()
    other = run.proposals.exclude(mentor__in=[free, proposal.mentor]).order_by("pk").first()
    return {
        "run_id": run.pk,
        "proposal_id": proposal.pk,
        "other_proposal_id": other.pk,
        "mentee_application_id": proposal.mentee_id,
        "free_mentor_application_id": free.pk,
    }


# --- Checking one response ----------------------------------------------------------------


def _login_url() -> str:
    return reverse("account_login")


def _check(
    *, target: str, role: str, allowed: frozenset[str], response: Any, write: bool, api_call: bool
) -> None:
    status = response.status_code
    where = f"{target} as {role} gave {status}"
    location = response.get("Location", "") if 300 <= status < 400 else ""
    assert status < 500, where
    if role in allowed:
        ok = 200 <= status < 300 or (300 <= status < 400 and not location.startswith(_login_url()))
        if write:
            ok = ok or status == 400
        assert ok, f"{where}, but the table lets {role} use it: {_body(response)}"
        return
    assert not 200 <= status < 300, f"{where}: a role outside the table got through"
    if role == ANONYMOUS:
        if api_call:
            assert status == 401, where
        else:
            assert status == 302 and location.startswith(_login_url()), f"{where} → {location}"
        return
    refused = {403, 404} | ({400, 405, 422} if write else set())
    assert status in refused, f"{where} (expected one of {sorted(refused)}) {location}"


def _body(response: Any) -> str:
    content = getattr(response, "content", b"")
    return content[:300].decode(errors="replace")


def _missing(table: str, key: object) -> None:
    pytest.fail(
        f"{key!r} is not in the access matrix. Add it to {table} in tests/test_access_matrix.py "
        "with the set of roles that may use it (see the rules in each app's access.py)."
    )


# --- The tests ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", PAGE_CASES, ids=lambda page: page.name)
def test_page_access(matrix, page, role):
    if page.name not in PAGES:
        _missing("PAGES", page.name)
    url = reverse(page.name, kwargs={p: matrix.value(p, page.name) for p in page.parameters})
    client = matrix.client(role)
    response = client.get(url)
    write = False
    if response.status_code == 405:  # a POST-only view: send it an empty form
        response = client.post(url, {})
        write = True
    _check(
        target=f"{page.name} ({url})",
        role=role,
        allowed=PAGES[page.name],
        response=response,
        write=write,
        api_call=False,
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", OPERATION_CASES, ids=lambda op: f"{op[0]} {op[1]}")
def test_api_access(matrix, operation, role):
    if operation not in OPERATIONS:
        _missing("OPERATIONS", operation)
    method, path = operation
    url = re.sub(r"\{(\w+)\}", lambda m: str(matrix.value(m.group(1))), path)
    client = matrix.client(role)
    if method == "GET":
        response = client.get(url, QUERIES.get(operation, {}))
    else:
        body = _bodies(matrix.ids).get(operation, {})
        response = getattr(client, method.lower())(
            url, data=json.dumps(body), content_type="application/json"
        )
    _check(
        target=f"{method} {url}",
        role=role,
        allowed=OPERATIONS[operation],
        response=response,
        write=method != "GET",
        api_call=True,
    )


def test_every_page_and_operation_is_in_the_table():
    pages = {page.name for page in PAGE_CASES}
    missing = sorted(pages - set(PAGES)) + [
        f"{m} {p}" for m, p in sorted(set(OPERATION_CASES) - set(OPERATIONS))
    ]
    assert not missing, (
        "Add these to PAGES or OPERATIONS in tests/test_access_matrix.py, with the roles that "
        f"may use them: {missing}"
    )


def test_the_table_names_only_pages_and_operations_that_exist():
    stale = sorted(set(PAGES) - {page.name for page in PAGE_CASES}) + [
        f"{m} {p}" for m, p in sorted(set(OPERATIONS) - set(OPERATION_CASES))
    ]
    assert not stale, f"Remove these from tests/test_access_matrix.py: {stale}"
