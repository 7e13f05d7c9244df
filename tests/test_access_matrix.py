"""Who gets what: every page and every API operation, requested as every role.

The cases are generated, not listed: every named URL pattern in Allied's own namespaces (from
`django.urls.get_resolver()`) and every path and method in the API's OpenAPI schema. Each is
requested once per role with the ids of the world (tests/support/world.py, plus a relationship
and a match run) filled in, and compared with the tables below, which say which roles may
succeed. The world is built once for the module; each test runs in a savepoint inside it, at a
fixed moment (`NOW`), so a case may change the state freely.

Both directions are proved, for reads and writes alike:

- A role in the table's set must succeed. A read (GET) answers 2xx, or redirects somewhere that
  is not the sign-in page. A write is sent what a successful caller sends — a valid JSON body
  (`API_WRITES`), or valid form data (`PAGE_WRITES`: the form the page itself shows, as the
  role would see it, with the blanks filled in) — after the case has arranged the state the
  action needs (a run approved before it is published, a relationship paused before it is
  resumed…). An API write must answer 2xx. A page write must redirect, not to the sign-in
  page, with no warning or error message, and either elsewhere than the page posted to or,
  for a page that answers itself (post, redirect, get), with a success message; a page whose
  success looks otherwise says how to tell (`Write.done`). A 400, a form shown again or a
  redirect with an error message is a failure: the permitted role did not get through.
- Any other role must be refused on access, having sent the same valid body or form data:
  signed-in roles get 403 or 404 (never 400, 405 or 422, which would mean the request was
  judged on its shape or state, not on who sent it); anonymous visitors are sent to sign in
  (pages) or get 401 (API). Never a 2xx, never a 500.

That the matrix can fail is itself tested (the last tests in this module): a service is made to
refuse the facilitator for one page cell and one API cell, and the same check the matrix runs
for those cells must then fail; and an access rule is loosened for one refused cell, which must
then fail too.

A page or operation missing from the tables fails with a message saying where to add it, so a
new page cannot slip past. Add it with the roles the app's `access.py` says may use it; a page
that changes state on POST also needs an entry in `PAGE_WRITES` (and one in `PAGE_ACTIONS` for
each other thing its POST does), and every API write one in `API_WRITES`. A page that shows a
form the matrix never posts fails too, unless the form is a search or posts to another page
(`FORMS_POSTED_ELSEWHERE`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.contrib import messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.test.utils import ContextList
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from allied.accounts.models import Membership, User
from allied.core.errors import ApplicationError, NotAllowed
from allied.matching import services as matching
from allied.matching.models import MatchRun
from allied.matching.tests.django_fixtures import make_ready_cohort
from allied.notifications.models import OutboxMessage
from allied.partnerships import selectors as partnership_selectors
from allied.partnerships import services as relationships
from allied.partnerships.models import Member, PulseCheckIn, Relationship, SupportContact
from allied.people.models import Consent, ImportJob
from allied.programmes import access as programme_access
from allied.programmes import services as programme_services
from allied.programmes.models import Application, EligibilityRule, GroupSession, Programme, Side
from config.api import api
from tests.support.forms import form_data
from tests.support.world import (
    ANONYMOUS,
    FAST_PASSWORD_HASHERS,
    ROLES,
    World,
    build_organisation,
    build_world,
    make_user,
)

pytestmark = pytest.mark.django_db

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
REL = f"{V1}/relationships/{{relationship_id}}"
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


# --- Writes: what a successful caller sends, and the state it needs -----------------------


@dataclass
class Cell:
    """One case as one role: the world's ids with what the case arranged, and who is acting
    (for a refused role's request, the data is still written as a permitted role would)."""

    matrix: Matrix
    role: str
    ids: dict[str, Any]

    @property
    def user(self) -> User:
        user = self.matrix.world.users[self.role]
        assert user is not None, "Anonymous visitors write nothing."
        return user


def _nothing(cell: Cell) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Write:
    """How to succeed at a write: the body or form fields to send (on top of the form the page
    shows, for a page with a GET), and the state to arrange first. `arrange` runs in the test's
    savepoint, for every role alike, and may answer ids to use instead of the world's."""

    data: Callable[[Cell], dict[str, Any]] = _nothing
    arrange: Callable[[Matrix], dict[str, Any] | None] | None = None
    post_only: bool = False  # a page whose view refuses GET (405): no read case
    roles: frozenset[str] | None = None  # who may POST, where it is not who may GET
    # For a page whose success is not simply a redirect elsewhere (it shows the result itself,
    # or the same redirect follows success and failure alike): did it work?
    done: Callable[[Cell, Any], bool] | None = None


def _participants_member(m: Matrix) -> Member:
    return Member.objects.get(
        relationship_id=m.ids["relationship_id"], person__user=m.world.users["participant"]
    )


def _relationship(m: Matrix) -> Relationship:
    return Relationship.objects.get(pk=m.ids["relationship_id"])


def _propose_the_relationship(m: Matrix) -> None:
    """Make the world's relationship a proposed match that both members have yet to answer."""
    _relationship(m).members.update(response=Member.Response.PENDING)
    Relationship.objects.filter(pk=m.ids["relationship_id"]).update(
        status=Relationship.Status.PROPOSED
    )


def _pause_the_relationship(m: Matrix) -> None:
    Relationship.objects.filter(pk=m.ids["relationship_id"]).update(
        status=Relationship.Status.PAUSED
    )


def _end_the_relationship(m: Matrix) -> None:
    relationships.relationship_end(
        relationship=_relationship(m),
        by=m.world.users["participant"],
        reason=Relationship.EndReason.COMPLETED,
    )


def _a_rematch_partner(m: Matrix) -> dict[str, Any]:
    """The participant stays; their new partner is the first person the facilitator is
    offered."""
    remaining = _participants_member(m)
    candidates = partnership_selectors.rematch_candidates(
        user=m.world.users["facilitator"], relationship=_relationship(m), remaining=remaining
    )
    assert candidates, "The matrix's world has nobody to rematch the participant with."
    return {"remaining_member_id": remaining.pk, "partner_person_id": candidates[0].pk}


def _a_failed_email(m: Matrix) -> None:
    OutboxMessage.objects.filter(pk=m.ids["message_id"]).update(status=OutboxMessage.Status.FAILED)


def _approve_the_run(m: Matrix) -> None:
    run = MatchRun.objects.get(pk=m.ids["run_id"])
    matching.match_run_approve(run=run, by=m.world.users["facilitator"])


def _free_the_participant_to_apply(m: Matrix) -> None:
    # Every other member of the organisation has yet to apply to the cohort.
    Application.objects.filter(pk=m.ids["application_id"]).delete()


def _statements(cell: Cell) -> list[str]:
    prompts = cell.matrix.world.programme.profile_prompts
    return [f"Statement {n} from the access matrix." for n in range(1, len(prompts) + 1)]


def _staff_file(cell: Cell) -> dict[str, Any]:
    text = "staff_number,full_name,email\nM1,Mo Matrix,mo.matrix@example.org\n"
    return {"file": SimpleUploadedFile("staff.csv", text.encode(), content_type="text/csv")}


def _shown_or_sent_to_own_page(cell: Cell, response: Any) -> bool:
    """Another person's demographics are shown on the page, once a reason is given; the person
    themselves is sent to their own demographics."""
    if cell.role == "participant":
        return response.get("Location") == reverse("people:my_demographics")
    return response.status_code == 200 and bool(_context(response, "shown"))


PAGE_WRITES: dict[str, Write] = {
    "accounts:settings": Write(),
    "accounts:member_roles": Write(),
    "people:me_edit": Write(data=lambda c: {"job_title": "Matrix physiotherapist"}),
    "people:my_demographics": Write(),
    "people:consent_withdraw": Write(post_only=True),
    "people:import": Write(data=_staff_file),
    "people:demographics": Write(
        data=lambda c: {"reason": "Access matrix"}, done=_shown_or_sent_to_own_page
    ),
    "programmes:create": Write(data=lambda c: {"kind": Programme.Kind.ONE_TO_ONE}),
    "programmes:edit": Write(data=lambda c: {"summary": "Changed by the access matrix."}),
    "programmes:facilitators": Write(),
    "programmes:eligibility": Write(
        data=lambda c: {"attribute": "band", "operator": "at_least", "value": "6"}
    ),
    "programmes:eligibility_rule_delete": Write(post_only=True),
    "programmes:resource_create": Write(),
    "programmes:resource_edit": Write(data=lambda c: {"body": "Changed by the access matrix."}),
    "programmes:cohort_create": Write(
        data=lambda c: {
            "recruitment_opens": "2030-07-01",
            "recruitment_closes": "2030-09-30",
            "start_date": "2030-11-01",
            "planned_end": "2031-12-31",
        }
    ),
    "programmes:cohort_edit": Write(data=lambda c: {"name": "Renamed by the access matrix"}),
    "programmes:apply": Write(arrange=lambda m: _free_the_participant_to_apply(m)),
    "programmes:session_create": Write(
        data=lambda c: {"starts_at": "2031-04-01T10:00", "ends_at": "2031-04-01T11:00"}
    ),
    "programmes:session_edit": Write(data=lambda c: {"location": "Room 9"}),
    # The session page shows everyone the session, and its managers the attendance form.
    "programmes:session": Write(roles=MANAGERS),
    "programmes:application_decide": Write(
        post_only=True, data=lambda c: {"decision": "waitlisted"}
    ),
    "programmes:application_withdraw": Write(),
    "partnerships:informal": Write(),
    "partnerships:email_settings": Write(),
    "partnerships:support": Write(),
    "partnerships:pulse": Write(data=lambda c: {"usefulness": "4", "expectations_aligned": "yes"}),
    "partnerships:respond": Write(
        post_only=True,
        arrange=lambda m: _propose_the_relationship(m),
        data=lambda c: {"accept": "yes"},
    ),
    "partnerships:agreement": Write(),
    "partnerships:agreement_confirm": Write(post_only=True),
    "partnerships:meeting_create": Write(data=lambda c: {"held_on": "2030-05-20"}),
    "partnerships:meeting": Write(data=lambda c: {"text": "Changed by the access matrix."}),
    "partnerships:goals": Write(),
    "partnerships:goal_edit": Write(data=lambda c: {"progress": "40"}),
    "partnerships:goal_action_add": Write(post_only=True, data=lambda c: {"text": "Read a book"}),
    "partnerships:goal_action_done": Write(post_only=True),
    "partnerships:sponsorship_add": Write(
        post_only=True,
        data=lambda c: {"direction": "asked", "kind": "shadowing", "description": "A day."},
    ),
    "partnerships:sponsorship_status": Write(post_only=True, data=lambda c: {"status": "taken"}),
    "partnerships:concern": Write(),
    "partnerships:end": Write(data=lambda c: {"reason": "completed"}),
    "partnerships:reflection": Write(arrange=lambda m: _end_the_relationship(m)),
    "partnerships:outbox": Write(
        arrange=lambda m: _a_failed_email(m), data=lambda c: {"message": c.ids["message_id"]}
    ),
    "partnerships:pause": Write(post_only=True),
    "partnerships:facilitator_end": Write(post_only=True, data=lambda c: {"reason": "completed"}),
    "partnerships:rematch": Write(
        post_only=True,
        arrange=_a_rematch_partner,
        data=lambda c: {
            "prefix": f"m{c.ids['remaining_member_id']}",
            f"m{c.ids['remaining_member_id']}-remaining": c.ids["remaining_member_id"],
            f"m{c.ids['remaining_member_id']}-partner": c.ids["partner_person_id"],
        },
    ),
    "partnerships:message": Write(
        post_only=True, data=lambda c: {"subject": "Matrix", "body": "From the access matrix."}
    ),
    "matching:run_create": Write(),
    "matching:rerun": Write(),
    "matching:approve": Write(post_only=True),
    "matching:publish": Write(arrange=lambda m: _approve_the_run(m)),
    "matching:swap": Write(
        post_only=True,
        data=lambda c: {"first": c.ids["proposal_id"], "second": c.ids["other_proposal_id"]},
    ),
    "matching:assign": Write(
        post_only=True,
        data=lambda c: {
            "mentee": c.ids["mentee_application_id"],
            "mentor": c.ids["free_mentor_application_id"],
        },
    ),
    "matching:proposal_lock": Write(post_only=True),
    "matching:proposal_forbid": Write(post_only=True),
}


def _support_contacts(m: Matrix) -> dict[str, Any]:
    """A source of support in each organisation, for its admins to remove."""
    return {
        "contact_ids": {
            organisation.pk: SupportContact.objects.create(
                organisation=organisation, kind="other", name="Matrix", contact="0100"
            ).pk
            for organisation in (m.world.organisation, m.world.foreign_organisation)
        }
    }


def _own_contact(cell: Cell) -> int:
    return cell.ids["contact_ids"][cell.user.person.organisation_id]


# A page whose POST does more than one thing: each other thing, with what asks for it. Sent
# with its own data only (the form the page shows is for its main write).
PAGE_ACTIONS: dict[tuple[str, str], Write] = {
    ("partnerships:pause", "resume"): Write(
        arrange=lambda m: _pause_the_relationship(m),
        done=lambda cell, response: _relationship(cell.matrix).status == Relationship.Status.ACTIVE,
    ),
    ("partnerships:support", "delete"): Write(
        arrange=_support_contacts,
        data=lambda c: {"delete": _own_contact(c)},
        done=lambda cell, response: (
            not SupportContact.objects.filter(pk=_own_contact(cell)).exists()
        ),
    ),
}

# Pages whose GET shows a form that is not posted back to them: a search, or a form that posts
# to another page (which has its own case).
FORMS_POSTED_ELSEWHERE = {
    "people:list",  # the search (GET)
    "people:detail",  # the reason form posts to people:demographics
    "partnerships:hours",  # the dates (GET)
}


# Query strings a permitted role's read needs.
QUERIES: dict[tuple[str, str], dict[str, str]] = {
    ("GET", f"{V1}/people/{{person_id}}/demographics"): {"reason": "Access matrix"},
    ("GET", f"{V1}/relationships/hours"): {"start": "2030-01-01", "end": "2030-12-31"},
}


def _body(body: dict[str, Any]) -> Callable[[Cell], dict[str, Any]]:
    return lambda cell: body


API_WRITES: dict[tuple[str, str], Write] = {
    ("POST", f"{V1}/programmes"): Write(
        data=lambda c: {
            "organisation_id": c.ids["organisation_id"],
            "name": "Matrix programme",
            "kind": "circles",
            "summary": "Made by the access matrix.",
        }
    ),
    ("PATCH", f"{V1}/programmes/{{programme_id}}"): Write(
        data=_body({"summary": "Changed by the matrix."})
    ),
    ("POST", f"{V1}/programmes/{{programme_id}}/cohorts"): Write(
        data=_body(
            {
                "name": "Matrix cohort",
                "recruitment_opens": "2030-07-01",
                "recruitment_closes": "2030-09-30",
                "start_date": "2030-11-01",
                "planned_end": "2031-12-31",
            }
        )
    ),
    ("PATCH", f"{V1}/cohorts/{{cohort_id}}"): Write(data=_body({"name": "Renamed by the matrix"})),
    ("POST", f"{V1}/cohorts/{{cohort_id}}/sessions"): Write(
        data=_body(
            {
                "title": "Matrix check-in",
                "starts_at": "2031-04-01T10:00:00+01:00",
                "ends_at": "2031-04-01T11:00:00+01:00",
            }
        )
    ),
    ("PATCH", f"{V1}/sessions/{{session_id}}"): Write(data=_body({"location": "Room 9"})),
    ("POST", f"{V1}/cohorts/{{cohort_id}}/applications"): Write(
        arrange=lambda m: _free_the_participant_to_apply(m),
        data=lambda c: {
            "side_id": c.ids["side_id"],
            "profile_statements": _statements(c),
            "consent_participation": True,
        },
    ),
    ("POST", f"{V1}/applications/{{application_id}}/decision"): Write(
        data=_body({"decision": "waitlisted"})
    ),
    ("POST", f"{V1}/applications/{{application_id}}/withdraw"): Write(
        data=_body({"reason": "Matrix"})
    ),
    ("POST", f"{V1}/relationships/informal"): Write(
        data=_body({"held_on": "2030-05-01", "topic": "Matrix", "minutes": 10})
    ),
    ("PUT", f"{V1}/relationships/email-settings"): Write(data=_body({"non_essential": False})),
    ("POST", f"{V1}/relationships/pulses/{{pulse_id}}"): Write(
        data=_body({"usefulness": 3, "expectations_aligned": "yes"})
    ),
    ("POST", f"{REL}/respond"): Write(
        arrange=lambda m: _propose_the_relationship(m), data=_body({"accept": True})
    ),
    ("POST", f"{REL}/end"): Write(data=_body({"reason": "completed"})),
    ("POST", f"{REL}/reflection"): Write(
        arrange=lambda m: _end_the_relationship(m),
        data=_body({"what_changed": "Matrix", "would_recommend": "yes"}),
    ),
    ("POST", f"{REL}/agreements"): Write(
        data=lambda c: {
            "expectations": [{"member_id": c.ids["mentee_member_id"], "text": "Matrix"}],
            "mutual_aims": "Matrix",
            "meeting_frequency": "Monthly",
            "meeting_arrangements": "Video",
            "confidentiality": "Matrix",
            "boundaries": "Matrix",
        }
    ),
    ("POST", f"{REL}/agreements/{{agreement_id}}/confirm"): Write(),
    ("POST", f"{REL}/meetings"): Write(
        data=_body({"held_on": "2030-05-20", "minutes": 30, "mode": "video"})
    ),
    ("PUT", f"{REL}/meetings/{{meeting_id}}/private-note"): Write(data=_body({"text": "Matrix"})),
    ("POST", f"{REL}/goals"): Write(data=_body({"goal": "Matrix goal"})),
    ("PATCH", f"{REL}/goals/{{goal_id}}"): Write(data=_body({"progress": 10})),
    ("POST", f"{REL}/goals/{{goal_id}}/actions"): Write(data=_body({"text": "Matrix action"})),
    ("PATCH", f"{REL}/goals/{{goal_id}}/actions/{{goal_action_id}}"): Write(
        data=_body({"done": True})
    ),
    ("POST", f"{REL}/sponsorship"): Write(
        data=_body({"direction": "asked", "kind": "shadowing", "description": "Matrix"})
    ),
    ("PATCH", f"{REL}/sponsorship/{{sponsorship_action_id}}"): Write(
        data=_body({"status": "taken"})
    ),
    ("POST", f"{REL}/concerns"): Write(data=_body({"message": "Matrix"})),
    ("POST", f"{V1}/outbox/{{message_id}}/resend"): Write(arrange=lambda m: _a_failed_email(m)),
    ("POST", f"{REL}/pause"): Write(data=_body({"until": "2030-09-01"})),
    ("POST", f"{REL}/resume"): Write(arrange=lambda m: _pause_the_relationship(m)),
    ("POST", f"{REL}/rematch"): Write(
        arrange=_a_rematch_partner,
        data=lambda c: {
            "remaining_member_id": c.ids["remaining_member_id"],
            "partner_person_id": c.ids["partner_person_id"],
        },
    ),
    ("POST", f"{REL}/message"): Write(data=_body({"subject": "Matrix", "body": "Matrix"})),
    ("POST", f"{V1}/cohorts/{{cohort_id}}/match-runs"): Write(
        data=_body({"weights": {"topics": 8}})
    ),
    ("POST", f"{V1}/match-runs/{{run_id}}/rerun"): Write(data=_body({"objective": "fairest"})),
    ("POST", f"{V1}/match-runs/{{run_id}}/approve"): Write(),
    ("POST", f"{V1}/match-runs/{{run_id}}/publish"): Write(arrange=lambda m: _approve_the_run(m)),
    ("POST", f"{V1}/match-runs/{{run_id}}/swap"): Write(
        data=lambda c: {
            "first_proposal_id": c.ids["proposal_id"],
            "second_proposal_id": c.ids["other_proposal_id"],
        }
    ),
    ("POST", f"{V1}/match-runs/{{run_id}}/assign"): Write(
        data=lambda c: {
            "mentee_application_id": c.ids["mentee_application_id"],
            "mentor_application_id": c.ids["free_mentor_application_id"],
        }
    ),
    ("POST", f"{V1}/proposals/{{proposal_id}}/lock"): Write(data=_body({"locked": True})),
    ("POST", f"{V1}/proposals/{{proposal_id}}/forbid"): Write(),
}


# --- The cases, generated from the URL configuration and the API schema -------------------

SKIPPED_NAMESPACES = {"admin", "api"}  # Django's admin; the API is covered by its schema


@dataclass(frozen=True)
class Page:
    name: str  # "namespace:name"
    parameters: tuple[str, ...]


@dataclass(frozen=True)
class PageCase:
    method: str  # GET: the page as shown; POST: the form on it sent, or the action done
    page: Page
    action: str = ""  # one of the other things its POST does (PAGE_ACTIONS)

    @property
    def name(self) -> str:
        return self.page.name

    def __str__(self) -> str:
        return f"{self.method} {self.page.name}" + (f" ({self.action})" if self.action else "")

    @property
    def write(self) -> Write | None:
        if self.method == "GET":
            return None
        if self.action:
            return PAGE_ACTIONS[self.name, self.action]
        return PAGE_WRITES[self.name]


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


def _page_cases(pages: list[Page]) -> list[PageCase]:
    cases = []
    for page in pages:
        write = PAGE_WRITES.get(page.name)
        if write is None or not write.post_only:
            cases.append(PageCase("GET", page))
        if write is not None:
            cases.append(PageCase("POST", page))
        cases.extend(
            PageCase("POST", page, action) for name, action in PAGE_ACTIONS if name == page.name
        )
    return cases


def _operations() -> list[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return sorted(
        (method.upper(), path)
        for path, methods in schema["paths"].items()
        for method in methods
        if method in {"get", "post", "put", "patch", "delete"}
    )


PAGES_FOUND = _pages()
PAGE_CASES = _page_cases(PAGES_FOUND)
OPERATION_CASES = _operations()


# --- The world, built once for the module -------------------------------------------------

# The moment every test runs at: recruitment for the world's cohort is open, and the
# relationship below started months ago.
NOW = dt.datetime(2030, 6, 1, 11, 0, tzinfo=dt.UTC)

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
    world: World
    ids: dict[str, Any]
    sessions: dict[str, str]  # role → session key
    # One client for the whole module: each new test client loads the middleware again, and
    # WhiteNoise then rescans every static file (a fifth of a second each time).
    _client: Client = field(default_factory=Client)

    def client(self, role: str) -> Client:
        client = self._client
        client.cookies = SimpleCookie()
        if role in self.sessions:
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[role]
        return client


def _value(ids: dict[str, Any], parameter: str, page_name: str = "") -> Any:
    namespace = page_name.split(":")[0]
    parameter = PARAMETER_MEANINGS.get(
        (page_name, parameter), PARAMETER_MEANINGS.get((namespace, parameter), parameter)
    )
    if parameter not in ids:
        pytest.fail(
            f"The access matrix has no value for the URL parameter {parameter!r}. Add one to "
            "`ids` in `_matrix_for` in tests/test_access_matrix.py (a real id from the world "
            "that the roles relate to as the pages expect)."
        )
    return ids[parameter]


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker):
    """The world, built once inside a transaction that is rolled back at the end; each test
    runs in a savepoint inside it, as Django's TestCase.setUpTestData does, at `NOW`."""
    with (
        time_machine.travel(NOW, tick=False),
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS),
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield _matrix_for(build_world(build_organisation()))
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _matrix_for(world: World) -> Matrix:
    participant = world.users["participant"]
    assert participant is not None
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
    return Matrix(world=world, ids=ids, sessions=sessions)


def _partnership_ids(world: World) -> dict[str, int]:
    """An active mentoring pair of the participant and a mentor with none of the roles, with
    one of everything a pair keeps: an agreement the mentor proposed, a meeting, a goal with an
    action, an opportunity and a pulse check-in waiting for the participant's answer."""
    mentee = world.users["participant"]
    assert mentee is not None
    mentor = make_user(world.organisation, Membership.Role.PARTICIPANT, name="Mo Mentor")
    relationship = relationships.relationship_create(
        programme=world.programme,
        cohort=world.cohort,
        members=[(mentor.person, Member.Role.MENTOR), (mentee.person, Member.Role.MENTEE)],
        started_on=dt.date(2030, 1, 15),
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
        held_on=dt.date(2030, 2, 1),
        minutes=60,
        mode="video",
        private_place=True,
        topics=["confidence"],
        mentoring_model="grow",
        summary="We met.",
        private_note="Only mine.",
        next_meeting_at=dt.datetime(2030, 3, 1, 10, tzinfo=dt.UTC),
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
        member=member, relationship=relationship, due_on=dt.date(2030, 5, 1)
    )
    return {
        "relationship_id": relationship.pk,
        "mentee_member_id": member.pk,
        "agreement_id": agreement.pk,
        "meeting_id": meeting.pk,
        "goal_id": goal.pk,
        "goal_action_id": goal_action.pk,
        "sponsorship_action_id": opportunity.pk,
        "pulse_id": pulse.pk,
        "message_id": relationship.outbox.order_by("pk").values_list("pk", flat=True)[0],
    }


def _matching_ids(world: World) -> dict[str, int]:
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


# --- Requesting one cell and checking the answer -------------------------------------------


def _login_url() -> str:
    return reverse("account_login")


def _author(role: str, allowed: frozenset[str]) -> str:
    """Whose data a request carries: the role's own if it may succeed, else a permitted
    role's, so that a refused role is refused on access, not on what it sent."""
    if role in allowed:
        return role
    return next(r for r in ROLES if r in allowed and r != ANONYMOUS)


def _arranged(matrix: Matrix, write: Write | None) -> dict[str, Any]:
    ids = dict(matrix.ids)
    if write is not None and write.arrange is not None:
        ids.update(write.arrange(matrix) or {})
    return ids


def page_allowed(case: PageCase) -> frozenset[str]:
    write = case.write
    if write is not None and write.roles is not None:
        return write.roles
    return PAGES[case.name]


def check_page(matrix: Matrix, case: PageCase, role: str) -> None:
    """Request one page as one role and check the answer against the tables."""
    if case.name not in PAGES:
        _missing("PAGES", case.name)
    allowed = page_allowed(case)
    write = case.write
    ids = _arranged(matrix, write)
    url = reverse(case.name, kwargs={p: _value(ids, p, case.name) for p in case.page.parameters})
    target = f"{case} ({url})"
    if write is None:
        response = matrix.client(role).get(url)
        _check_read(target=target, role=role, allowed=allowed, response=response, api_call=False)
        if role in allowed:
            _check_no_form_left_unposted(case, response)
        return
    author = Cell(matrix, _author(role, allowed), ids)
    data: dict[str, Any] = {}
    if not write.post_only and not case.action:
        form = _context(matrix.client(author.role).get(url), "form")
        if form is not None:
            data = form_data(form)
    data.update(write.data(author))
    response = matrix.client(role).post(url, {k: v for k, v in data.items() if v is not None})
    where = f"{target} as {role} gave {response.status_code}"
    if role in allowed:
        _check_page_write_succeeded(where, Cell(matrix, role, ids), url, response, write)
    else:
        _check_refused(where=where, role=role, response=response, api_call=False)


def check_operation(matrix: Matrix, operation: tuple[str, str], role: str) -> None:
    """Call one API operation as one role and check the answer against the tables."""
    if operation not in OPERATIONS:
        _missing("OPERATIONS", operation)
    method, path = operation
    allowed = OPERATIONS[operation]
    write = None if method == "GET" else API_WRITES.get(operation)
    if method != "GET" and write is None:
        _missing("API_WRITES", operation)
    ids = _arranged(matrix, write)
    url = re.sub(r"\{(\w+)\}", lambda m: str(_value(ids, m.group(1))), path)
    client = matrix.client(role)
    if write is None:
        response = client.get(url, QUERIES.get(operation, {}))
        _check_read(
            target=f"{method} {url}", role=role, allowed=allowed, response=response, api_call=True
        )
        return
    body = write.data(Cell(matrix, _author(role, allowed), ids))
    response = getattr(client, method.lower())(
        url, data=json.dumps(body), content_type="application/json"
    )
    where = f"{method} {url} as {role} gave {response.status_code}"
    if role in allowed:
        assert 200 <= response.status_code < 300, (
            f"{where}, but the table lets {role} use it (sent {body}): {_content(response)}"
        )
    else:
        _check_refused(where=where, role=role, response=response, api_call=True)


def _check_read(
    *, target: str, role: str, allowed: frozenset[str], response: Any, api_call: bool
) -> None:
    status = response.status_code
    where = f"{target} as {role} gave {status}"
    if role in allowed:
        location = response.get("Location", "") if 300 <= status < 400 else ""
        ok = 200 <= status < 300 or (300 <= status < 400 and not location.startswith(_login_url()))
        assert ok, f"{where}, but the table lets {role} use it: {_content(response)}"
    else:
        _check_refused(where=where, role=role, response=response, api_call=api_call)


def _check_refused(*, where: str, role: str, response: Any, api_call: bool) -> None:
    status = response.status_code
    location = response.get("Location", "") if 300 <= status < 400 else ""
    assert status < 500, where
    assert not 200 <= status < 300, f"{where}: a role outside the table got through"
    if role == ANONYMOUS:
        if api_call:
            assert status == 401, where
        else:
            assert status == 302 and location.startswith(_login_url()), f"{where} → {location}"
        return
    assert status in (403, 404), (
        f"{where}, expected a refusal on access (403 or 404) {location} {_content(response)}"
    )


def _check_page_write_succeeded(
    where: str, cell: Cell, url: str, response: Any, write: Write
) -> None:
    status = response.status_code
    location = response.get("Location", "") if 300 <= status < 400 else ""
    refused = f"{where}, but the table lets {cell.role} use it"
    assert status < 400, f"{refused}: {_content(response)}"
    assert not location.startswith(_login_url()), f"{refused}: sent to sign in"
    errors = _messages(response, messages.WARNING, messages.ERROR)
    assert not errors, f"{refused}: it said {errors}"
    if write.done is not None:
        assert write.done(cell, response), f"{refused}, but it did not work: {_content(response)}"
        return
    assert location, f"{refused}: the form came back: {_form_errors(response)}"
    if location.split("?")[0] == url:
        # Post, redirect, get: a page that answers itself must say that it worked.
        assert _messages(response, messages.SUCCESS), (
            f"{refused}, but it came back to itself without saying it worked"
        )


def _check_no_form_left_unposted(case: PageCase, response: Any) -> None:
    if case.name in PAGE_WRITES or case.name in FORMS_POSTED_ELSEWHERE:
        return
    assert _context(response, "form") is None, (
        f"{case.name} shows a form, but the access matrix never posts it. Add the page to "
        "PAGE_WRITES in tests/test_access_matrix.py with what a successful post sends (or, "
        "for a search or a form that posts elsewhere, to FORMS_POSTED_ELSEWHERE)."
    )


def _context(response: Any, key: str) -> Any:
    """A value the view gave its template (not one of the templates it includes: the form
    renderer's templates each have a `form` of their own)."""
    context = getattr(response, "context", None)
    if isinstance(context, ContextList):
        context = context[0] if context else None
    if context is None:
        return None
    try:
        return context[key]
    except KeyError:
        return None


def _messages(response: Any, *levels: int) -> list[str]:
    """The messages at these levels that the request queued for the next page."""
    storage = getattr(response.wsgi_request, "_messages", None)
    queued = getattr(storage, "_queued_messages", [])
    return [str(m) for m in queued if m.level in levels]


def _form_errors(response: Any) -> str:
    form = _context(response, "form")
    errors = getattr(form, "errors", None)
    return str(errors.as_data()) if errors else _content(response)


def _content(response: Any) -> str:
    content = getattr(response, "content", b"")
    return content[:300].decode(errors="replace")


def _missing(table: str, key: object) -> None:
    pytest.fail(
        f"{key!r} is not in the access matrix. Add it to {table} in tests/test_access_matrix.py "
        "with the set of roles that may use it (see the rules in each app's access.py)."
    )


# --- The tests ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", PAGE_CASES, ids=str)
def test_page_access(matrix, case, role):
    check_page(matrix, case, role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", OPERATION_CASES, ids=lambda op: f"{op[0]} {op[1]}")
def test_api_access(matrix, operation, role):
    check_operation(matrix, operation, role)


def test_every_page_and_operation_is_in_the_tables():
    pages = {page.name for page in PAGES_FOUND}
    missing = sorted(pages - set(PAGES)) + [
        f"{m} {p}" for m, p in sorted(set(OPERATION_CASES) - set(OPERATIONS))
    ]
    assert not missing, (
        "Add these to PAGES or OPERATIONS in tests/test_access_matrix.py, with the roles that "
        f"may use them: {missing}"
    )
    writes = {op for op in OPERATION_CASES if op[0] != "GET"}
    assert not writes - set(API_WRITES), (
        "Add these to API_WRITES in tests/test_access_matrix.py, with the body a permitted "
        f"caller sends: {sorted(writes - set(API_WRITES))}"
    )


def test_the_tables_name_only_pages_and_operations_that_exist():
    pages = {page.name for page in PAGES_FOUND}
    stale = (
        sorted(set(PAGES) - pages)
        + sorted(set(PAGE_WRITES) - pages)
        + sorted({name for name, _ in PAGE_ACTIONS} - pages)
        + sorted(FORMS_POSTED_ELSEWHERE - pages)
        + [f"{m} {p}" for m, p in sorted(set(OPERATIONS) - set(OPERATION_CASES))]
        + [f"{m} {p}" for m, p in sorted(set(API_WRITES) - set(OPERATION_CASES))]
    )
    assert not stale, f"Remove these from tests/test_access_matrix.py: {stale}"


@pytest.mark.parametrize(
    "name", sorted(name for name, write in PAGE_WRITES.items() if write.post_only)
)
def test_pages_marked_post_only_refuse_a_get(matrix, name):
    """A page marked `post_only` has no read case, so it had better have nothing to read."""
    page = next(page for page in PAGES_FOUND if page.name == name)
    role = _author(ANONYMOUS, PAGES[name])
    url = reverse(name, kwargs={p: _value(matrix.ids, p, name) for p in page.parameters})
    assert matrix.client(role).get(url).status_code == 405, f"GET {name} as {role}"


# --- The matrix can fail ------------------------------------------------------------------


def _case(method: str, name: str) -> PageCase:
    return next(c for c in PAGE_CASES if c.method == method and c.name == name)


def test_the_matrix_fails_a_page_that_wrongly_refuses_a_permitted_role(matrix, monkeypatch):
    """The facilitator may decide applications; a service that refuses them must fail the
    matrix's cell, whether the refusal is a 403 or the form shown again with an error."""
    case = _case("POST", "programmes:application_decide")
    _in_a_savepoint(check_page, matrix, case, "facilitator")  # as the matrix runs it: passes
    decide = programme_services.application_decide
    facilitator = matrix.world.users["facilitator"]

    def refusing(*, decided_by: User, **kwargs: Any) -> Any:
        if decided_by == facilitator:
            raise NotAllowed("Broken on purpose by the access matrix's own test.")
        return decide(decided_by=decided_by, **kwargs)

    monkeypatch.setattr(programme_services, "application_decide", refusing)
    with pytest.raises(AssertionError, match="as facilitator gave 403, but the table lets"):
        _in_a_savepoint(check_page, matrix, case, "facilitator")

    monkeypatch.setattr(programme_services, "application_decide", _raising(ApplicationError))
    with pytest.raises(AssertionError, match="as facilitator gave 400, but the table lets"):
        _in_a_savepoint(check_page, matrix, case, "facilitator")


def test_the_matrix_fails_an_api_write_that_wrongly_refuses_a_permitted_role(matrix, monkeypatch):
    """The facilitator may publish an approved run; a service that answers them with a 400
    (or a 403) must fail the matrix's cell."""
    operation = ("POST", f"{V1}/match-runs/{{run_id}}/publish")
    _in_a_savepoint(check_operation, matrix, operation, "facilitator")
    monkeypatch.setattr(matching, "match_run_publish", _raising(ApplicationError))
    with pytest.raises(AssertionError, match="as facilitator gave 400, but the table lets"):
        _in_a_savepoint(check_operation, matrix, operation, "facilitator")
    monkeypatch.setattr(matching, "match_run_publish", _raising(NotAllowed))
    with pytest.raises(AssertionError, match="as facilitator gave 403, but the table lets"):
        _in_a_savepoint(check_operation, matrix, operation, "facilitator")


def test_the_matrix_fails_when_a_refused_role_gets_through(matrix, monkeypatch):
    """An applicant sees their own application but may not decide it. If the rule let them,
    the matrix's refused cells for the page and the API must fail."""
    page = _case("POST", "programmes:application_decide")
    operation = ("POST", f"{V1}/applications/{{application_id}}/decision")
    _in_a_savepoint(check_page, matrix, page, "participant")
    _in_a_savepoint(check_operation, matrix, operation, "participant")
    monkeypatch.setattr(programme_access, "can_decide_application", lambda user, app: True)
    with pytest.raises(AssertionError, match="as participant gave 302, expected a refusal"):
        _in_a_savepoint(check_page, matrix, page, "participant")
    with pytest.raises(AssertionError, match="a role outside the table got through"):
        _in_a_savepoint(check_operation, matrix, operation, "participant")


def _in_a_savepoint(check: Callable[..., None], *args: Any) -> None:
    """Run a check and undo what it did, so the next check starts from the same world."""
    with transaction.atomic():
        try:
            check(*args)
        finally:
            transaction.set_rollback(True)


def _raising(error: type[Exception]) -> Callable[..., Any]:
    def broken(**kwargs: Any) -> Any:
        raise error("Broken on purpose by the access matrix's own test.")

    return broken
