"""The partnerships API's operations. Each calls the same selectors and services as the pages.

Members of a relationship read and write what it shares; facilitators of its programme read its
health and act on it (pause, resume, rematch, message, end). A relationship the caller has no
part in is a 404; one they can see but whose content or health is not theirs is a 403 — so a
facilitator asking for meetings, or a member asking for pulse answers, is refused with a 403."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.pagination import paginate

from allied.accounts.models import User
from allied.core.api.schemas import READ_ERRORS, WRITE_ERRORS, Pages
from allied.core.errors import ApplicationError
from allied.notifications.models import OutboxMessage
from allied.partnerships import access, selectors, services
from allied.partnerships.api.schemas import (
    AgreementIn,
    AgreementOut,
    AgreementsOut,
    CommitmentOut,
    ConcernIn,
    ConcernOut,
    EmailSettingsIn,
    EmailSettingsOut,
    EndIn,
    GoalActionIn,
    GoalActionOut,
    GoalActionUpdateIn,
    GoalIn,
    GoalOut,
    GoalUpdateIn,
    HealthFilters,
    HealthRowOut,
    HoursOut,
    HoursQuery,
    InformalLogIn,
    InformalLogOut,
    MeetingIn,
    MeetingOut,
    MessageIn,
    MessageSentOut,
    OutboxOut,
    PauseIn,
    PrivateNoteIn,
    PrivateNoteOut,
    PulseAnswerIn,
    PulseOut,
    ReflectionIn,
    ReflectionOut,
    RelationshipDetailOut,
    RelationshipHealthOut,
    RelationshipOut,
    RematchIn,
    RespondIn,
    SponsorshipIn,
    SponsorshipOut,
    SponsorshipStatusIn,
    SupportOut,
)
from allied.partnerships.models import (
    Agreement,
    Goal,
    GoalAction,
    InformalLog,
    Meeting,
    MeetingAttendance,
    PulseCheckIn,
    Relationship,
    SponsorshipAction,
)
from allied.partnerships.selectors import HealthRow
from allied.people.models import Person
from allied.programmes import selectors as programme_selectors

router = Router(tags=["relationships"])

MEMBERS_ONLY = "Only the members of a relationship see its content; facilitators see its health."
FACILITATORS_ONLY = "Only the programme's facilitators see a relationship's health."


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _person(user: User) -> Person:
    person = getattr(user, "person", None)
    if person is None:
        raise Http404("You have no profile yet.")
    return person


# --- Finding the relationship: 404 if it is not yours to know of, 403 if not yours to read ---


def _is_facilitated(user: User, relationship_id: int) -> bool:
    return Relationship.objects.filter(
        access.relationships_facilitated_q(user), pk=relationship_id
    ).exists()


def _is_membered(user: User, relationship_id: int) -> bool:
    return Relationship.objects.filter(
        access.relationships_as_member_q(user), pk=relationship_id
    ).exists()


def _for_member(user: User, relationship_id: int) -> Relationship:
    """A relationship whose shared content the user reads: its members only."""
    try:
        return selectors.relationship_get_for_member(user=user, relationship_id=relationship_id)
    except Http404:
        if _is_facilitated(user, relationship_id):
            raise PermissionDenied(MEMBERS_ONLY) from None
        raise


def _for_facilitator(user: User, relationship_id: int) -> Relationship:
    """A relationship whose health the user reads: its programme's facilitators only."""
    try:
        return selectors.relationship_get_for_facilitator(
            user=user, relationship_id=relationship_id
        )
    except Http404:
        if _is_membered(user, relationship_id):
            raise PermissionDenied(FACILITATORS_ONLY) from None
        raise


def _cohort_for_facilitator(user: User, cohort_id: int) -> Any:
    # Visible to the caller (else 404), then theirs to facilitate (else 403).
    programme_selectors.cohort_get(user=user, cohort_id=cohort_id)
    return selectors.cohort_get_for_dashboard(user=user, cohort_id=cohort_id)


# --- Turning models into the shapes, without a query per row ------------------------------


def _members(relationship: Relationship, user: User) -> list[dict[str, Any]]:
    return [
        {
            "id": m.pk,
            "person_id": m.person_id,
            "name": m.person.display_name,
            "role": m.role,
            "role_label": m.get_role_display(),
            "response": m.response,
            "joined_on": m.joined_on,
            "left_on": m.left_on,
            "is_me": m.person.user_id == user.pk,
        }
        for m in relationship.members.all()
    ]


def _relationship(relationship: Relationship, user: User) -> dict[str, Any]:
    return {
        "id": relationship.pk,
        "programme_id": relationship.programme_id,
        "programme_name": relationship.programme.name,
        "cohort_id": relationship.cohort_id,
        "kind": relationship.kind,
        "kind_label": relationship.get_kind_display(),
        "name": relationship.name,
        "status": relationship.status,
        "status_label": relationship.get_status_display(),
        "started_on": relationship.started_on,
        "earliest_end": relationship.earliest_end,
        "planned_end": relationship.planned_end,
        "ended_on": relationship.ended_on,
        "end_reason": relationship.end_reason,
        "paused_until": relationship.paused_until,
        "hours_per_month": float(relationship.hours_per_month),
        "members": _members(relationship, user),
    }


def _current_member_ids(relationship: Relationship) -> set[int]:
    return {m.pk for m in relationship.members.all() if m.left_on is None}


def _agreement(agreement: Agreement, relationship: Relationship) -> dict[str, Any]:
    names = {str(m.pk): m.person.display_name for m in relationship.members.all()}
    return {
        "id": agreement.pk,
        "version": agreement.version,
        "expectations": [
            {"member_id": int(key), "name": names.get(key, ""), "text": text}
            for key, text in agreement.expectations.items()
        ],
        "mutual_aims": agreement.mutual_aims,
        "meeting_frequency": agreement.meeting_frequency,
        "meeting_arrangements": agreement.meeting_arrangements,
        "confidentiality": agreement.confidentiality,
        "race_discussion_raised_by": agreement.race_discussion_raised_by,
        "race_discussion_managed_by": agreement.race_discussion_managed_by,
        "race_discussion_notes": agreement.race_discussion_notes,
        "boundaries": agreement.boundaries,
        "created_by_member_id": agreement.created_by_id,
        "created_at": agreement.created_at,
        "confirmed_by_member_ids": sorted(c.member_id for c in agreement.confirmations.all()),
        "confirmed": services.agreement_is_confirmed(agreement, _current_member_ids(relationship)),
    }


def _meeting(meeting: Meeting, attendance: dict[int, list[dict[str, Any]]]) -> dict[str, Any]:
    own = meeting.my_notes  # type: ignore[attr-defined]
    return {
        "id": meeting.pk,
        "held_on": meeting.held_on,
        "minutes": meeting.minutes,
        "mode": meeting.mode,
        "private_place": meeting.private_place,
        "topics": list(meeting.topics),
        "mentoring_model": meeting.mentoring_model,
        "summary": meeting.summary,
        "next_meeting_at": meeting.next_meeting_at,
        "recorded_by_member_id": meeting.recorded_by_id,
        "recorded_by_name": meeting.recorded_by.person.display_name,
        "my_private_note": own[0].text if own else None,
        "attendance": attendance.get(meeting.pk, []),
    }


def _meetings(user: User, relationship: Relationship) -> list[dict[str, Any]]:
    meetings = selectors.meetings_for_member(user=user, relationship=relationship)
    attendance: dict[int, list[dict[str, Any]]] = {}
    if relationship.kind == Relationship.Kind.CIRCLE:
        for row in MeetingAttendance.objects.filter(meeting__relationship=relationship).order_by(
            "member_id"
        ):
            attendance.setdefault(row.meeting_id, []).append(
                {"member_id": row.member_id, "attended": row.attended}
            )
    return [_meeting(m, attendance) for m in meetings]


def _goal(goal: Goal, names: dict[int, str]) -> dict[str, Any]:
    return {
        "id": goal.pk,
        "owner_member_id": goal.owner_id,
        "owner_name": names.get(goal.owner_id, ""),
        "goal": goal.goal,
        "reality": goal.reality,
        "options": goal.options,
        "way_forward": goal.way_forward,
        "progress": goal.progress,
        "status": goal.status,
        "created_at": goal.created_at,
        "updated_at": goal.updated_at,
        "actions": list(goal.actions.all()),
    }


def _names(relationship: Relationship) -> dict[int, str]:
    return {m.pk: m.person.display_name for m in relationship.members.all()}


def _sponsorship(action: SponsorshipAction, names: dict[int, str]) -> dict[str, Any]:
    return {
        "id": action.pk,
        "member_id": action.member_id,
        "member_name": names.get(action.member_id, ""),
        "direction": action.direction,
        "kind": action.kind,
        "kind_label": action.get_kind_display(),
        "description": action.description,
        "status": action.status,
        "created_at": action.created_at,
        "updated_at": action.updated_at,
    }


def _support(relationship: Relationship) -> list[dict[str, Any]]:
    return [
        {
            "kind": c.kind,
            "kind_label": c.get_kind_display(),
            "name": c.name,
            "description": c.description,
            "contact": c.contact,
        }
        for c in relationship.programme.organisation.support_contacts.all()
    ]


def _health_row(row: HealthRow) -> dict[str, Any]:
    relationship = row.relationship
    return {
        "relationship_id": relationship.pk,
        "kind": relationship.kind,
        "status": relationship.status,
        "status_label": relationship.get_status_display(),
        "names": row.names,
        "started_on": relationship.started_on,
        "planned_end": relationship.planned_end,
        "last_meeting": row.last_meeting,
        "meetings": row.meetings,
        "meetings_per_month": row.assessment.meetings_per_month,
        "agreement_confirmed": row.agreement_confirmed,
        "goals_in_progress": row.goals_in_progress,
        "sponsorship_offered": row.sponsorship_offered,
        "sponsorship_taken": row.sponsorship_taken,
        "pulse_usefulness": row.pulse_usefulness,
        "flags": [
            {"code": f.code, "message": f.message, "severity": f.severity}
            for f in row.assessment.flags
        ],
    }


# --- Relationships (members) --------------------------------------------------------------


@router.get("/relationships", response={200: list[RelationshipOut], **READ_ERRORS})
@paginate(Pages)
def relationship_list(request: HttpRequest) -> list[dict[str, Any]]:
    """Your relationships of every kind, latest first."""
    user = _user(request)
    return [_relationship(r, user) for r in selectors.relationship_list_for_member(user=user)]


@router.get("/relationships/commitment", response={200: CommitmentOut, **READ_ERRORS})
def relationship_commitment(request: HttpRequest) -> dict[str, Any]:
    """Your live relationships of every kind and the hours a month they add up to."""
    user = _user(request)
    commitment = selectors.commitment_of(person=_person(user))
    live = (
        selectors.relationship_list_for_member(user=user)
        .filter(pk__in=[r.pk for r in commitment.items])
        .order_by("-started_on", "pk")
    )
    return {
        "relationships": commitment.relationships,
        "hours_per_month": float(commitment.hours_per_month),
        "items": [_relationship(r, user) for r in live],
    }


@router.get("/relationships/hours", response={200: HoursOut, **READ_ERRORS})
def mentor_hours(request: HttpRequest, query: Query[HoursQuery]) -> dict[str, Any]:
    """Your meeting hours by relationship between two dates: evidence for a job plan."""
    rows = selectors.mentor_hours(person=_person(_user(request)), start=query.start, end=query.end)
    return {
        "start": query.start,
        "end": query.end,
        "rows": [{**row, "relationship_id": row["relationship"]} for row in rows],
        "total_meetings": sum(int(str(row["meetings"])) for row in rows),
        "total_hours": round(sum(float(str(row["hours"])) for row in rows), 2),
    }


@router.get("/relationships/informal", response={200: list[InformalLogOut], **READ_ERRORS})
@paginate(Pages)
def informal_list(request: HttpRequest) -> Any:
    """Your one-off, taster and informal mentoring, latest first."""
    return InformalLog.objects.filter(person=_person(_user(request))).order_by("-held_on", "-id")


@router.post("/relationships/informal", response={201: InformalLogOut, **WRITE_ERRORS})
def informal_log(request: HttpRequest, payload: InformalLogIn) -> Status[InformalLog]:
    """Log a taster, a single meeting or informal mentoring, with no relationship."""
    log = services.informal_log_add(person=_person(_user(request)), **payload.model_dump())
    return Status(201, log)


@router.get("/relationships/email-settings", response={200: EmailSettingsOut, **READ_ERRORS})
def email_settings(request: HttpRequest) -> dict[str, bool]:
    """Whether you get reminders and nudges (essential emails always go)."""
    pref = getattr(_person(_user(request)), "email_preference", None)
    return {"non_essential": pref.non_essential if pref is not None else True}


@router.put("/relationships/email-settings", response={200: EmailSettingsOut, **WRITE_ERRORS})
def email_settings_set(request: HttpRequest, payload: EmailSettingsIn) -> dict[str, bool]:
    """Turn reminders and nudges on or off for yourself."""
    user = _user(request)
    pref = services.email_preference_set(
        person=_person(user), by=user, non_essential=payload.non_essential
    )
    return {"non_essential": pref.non_essential}


@router.get("/relationships/pulses/{pulse_id}", response={200: PulseOut, **READ_ERRORS})
def pulse_detail(request: HttpRequest, pulse_id: int) -> dict[str, Any]:
    """Your own pulse check-in. Your answers go to the facilitators only."""
    pulse = selectors.pulse_get_own(user=_user(request), pulse_id=pulse_id)
    return _pulse(pulse)


def _pulse(pulse: PulseCheckIn) -> dict[str, Any]:
    return {
        "id": pulse.pk,
        "relationship_id": pulse.relationship_id,
        "programme_name": pulse.relationship.programme.name,
        "due_on": pulse.due_on,
        "answered_at": pulse.answered_at,
        "usefulness": pulse.usefulness,
        "expectations_aligned": pulse.expectations_aligned,
        "for_facilitator": pulse.for_facilitator,
    }


@router.post("/relationships/pulses/{pulse_id}", response={200: PulseOut, **WRITE_ERRORS})
def pulse_answer(request: HttpRequest, pulse_id: int, payload: PulseAnswerIn) -> dict[str, Any]:
    """Answer your own check-in, once. Only the facilitators will see your answers."""
    user = _user(request)
    pulse = selectors.pulse_get_own(user=user, pulse_id=pulse_id)
    services.pulse_answer(pulse=pulse, by=user, **payload.model_dump())
    return _pulse(selectors.pulse_get_own(user=user, pulse_id=pulse_id))


@router.get(
    "/relationships/{relationship_id}", response={200: RelationshipDetailOut, **READ_ERRORS}
)
def relationship_detail(request: HttpRequest, relationship_id: int) -> dict[str, Any]:
    """A relationship you are in: its members, your partners' matching profiles, its dates and
    whether the agreement is confirmed."""
    return _detail(_user(request), relationship_id)


def _detail(user: User, relationship_id: int) -> dict[str, Any]:
    relationship = _for_member(user, relationship_id)
    status = selectors.agreement_status(user=user, relationship=relationship)
    profiles = selectors.partner_profiles(user=user, relationship=relationship)
    return {
        **_relationship(relationship, user),
        "end_note": relationship.end_note,
        "profiles": [
            {
                "member_id": p["member"].pk,  # type: ignore[attr-defined]
                "name": p["person"].display_name,  # type: ignore[attr-defined]
                "statements": [
                    {"prompt": prompt, "statement": statement}
                    for prompt, statement in p["statements"]  # type: ignore[attr-defined]
                ],
                "topics": p["topics"],
                "meeting_mode": p["meeting_mode"],
            }
            for p in profiles
        ],
        "agreement": {
            "latest_version": status.latest.version if status.latest else None,
            "confirmed": status.confirmed,
            "i_confirmed": status.i_confirmed,
        },
    }


@router.post(
    "/relationships/{relationship_id}/respond",
    response={200: RelationshipDetailOut, **WRITE_ERRORS},
)
def relationship_respond(
    request: HttpRequest, relationship_id: int, payload: RespondIn
) -> dict[str, Any]:
    """Accept or decline a proposed match; to decline, say briefly why (facilitators see it)."""
    user = _user(request)
    relationship = _for_member(user, relationship_id)
    services.relationship_respond(
        relationship=relationship, user=user, accept=payload.accept, reason=payload.reason
    )
    return _detail(user, relationship_id)


@router.post(
    "/relationships/{relationship_id}/end", response={200: RelationshipOut, **WRITE_ERRORS}
)
def relationship_end(request: HttpRequest, relationship_id: int, payload: EndIn) -> dict[str, Any]:
    """End a relationship, as planned or early. Its members and the programme's facilitators
    may; each member is then asked for a closing reflection."""
    user = _user(request)
    try:
        relationship = _for_member(user, relationship_id)
    except PermissionDenied:
        relationship = _for_facilitator(user, relationship_id)
    services.relationship_end(
        relationship=relationship, by=user, reason=payload.reason, note=payload.note
    )
    relationship.refresh_from_db()
    return _relationship(relationship, user)


@router.post(
    "/relationships/{relationship_id}/reflection",
    response={200: ReflectionOut, **WRITE_ERRORS},
)
def reflection_submit(request: HttpRequest, relationship_id: int, payload: ReflectionIn) -> Any:
    """Write (or rewrite) your closing reflection once the relationship has ended."""
    user = _user(request)
    relationship = _for_member(user, relationship_id)
    return services.reflection_submit(relationship=relationship, by=user, **payload.model_dump())


# --- Agreement ----------------------------------------------------------------------------


@router.get(
    "/relationships/{relationship_id}/agreements",
    response={200: AgreementsOut, **READ_ERRORS},
)
def agreement_list(request: HttpRequest, relationship_id: int) -> dict[str, Any]:
    """The latest version of the agreement and every earlier one, newest first."""
    relationship = _for_member(_user(request), relationship_id)
    history = [
        _agreement(a, relationship)
        for a in sorted(relationship.agreements.all(), key=lambda a: -a.version)
    ]
    return {"latest": history[0] if history else None, "history": history}


@router.post(
    "/relationships/{relationship_id}/agreements",
    response={201: AgreementOut, **WRITE_ERRORS},
)
def agreement_propose(
    request: HttpRequest, relationship_id: int, payload: AgreementIn
) -> Status[dict[str, Any]]:
    """Propose a new version of the agreement; proposing it confirms it for you, and the
    other members confirm it in turn."""
    user = _user(request)
    relationship = _for_member(user, relationship_id)
    expectations: dict[int, str] = {}
    for item in payload.expectations:
        if item.member_id in expectations:
            raise ApplicationError("Give each member's expectations once.", field="expectations")
        expectations[item.member_id] = item.text
    agreement = services.agreement_propose(
        relationship=relationship,
        by=user,
        expectations=expectations,
        **payload.model_dump(exclude={"expectations"}),
    )
    relationship = _for_member(user, relationship_id)
    latest = next(a for a in relationship.agreements.all() if a.pk == agreement.pk)
    return Status(201, _agreement(latest, relationship))


@router.post(
    "/relationships/{relationship_id}/agreements/{agreement_id}/confirm",
    response={200: AgreementOut, **WRITE_ERRORS},
)
def agreement_confirm(
    request: HttpRequest, relationship_id: int, agreement_id: int
) -> dict[str, Any]:
    """Confirm the latest version of the agreement."""
    user = _user(request)
    relationship = _for_member(user, relationship_id)
    agreement = next((a for a in relationship.agreements.all() if a.pk == agreement_id), None)
    if agreement is None:
        raise Http404("No such agreement.")
    services.agreement_confirm(agreement=agreement, by=user)
    relationship = _for_member(user, relationship_id)
    confirmed = next(a for a in relationship.agreements.all() if a.pk == agreement_id)
    return _agreement(confirmed, relationship)


# --- Meetings -----------------------------------------------------------------------------


@router.get(
    "/relationships/{relationship_id}/meetings",
    response={200: list[MeetingOut], **READ_ERRORS},
)
@paginate(Pages)
def meeting_list(request: HttpRequest, relationship_id: int) -> list[dict[str, Any]]:
    """The meetings, latest first, with their shared summaries and your own private note
    (never anyone else's)."""
    user = _user(request)
    return _meetings(user, _for_member(user, relationship_id))


@router.post(
    "/relationships/{relationship_id}/meetings",
    response={201: MeetingOut, **WRITE_ERRORS},
)
def meeting_record(
    request: HttpRequest, relationship_id: int, payload: MeetingIn
) -> Status[dict[str, Any]]:
    """Record a meeting that has happened: a summary the members share and, if you like, a
    private note only you will see. Circles record who came."""
    user = _user(request)
    relationship = _for_member(user, relationship_id)
    data = payload.model_dump()
    meeting = services.meeting_record(
        relationship=relationship, by=user, today=timezone.localdate(), **data
    )
    return Status(201, _one_meeting(user, relationship, meeting.pk))


def _one_meeting(user: User, relationship: Relationship, meeting_id: int) -> dict[str, Any]:
    found = next((m for m in _meetings(user, relationship) if m["id"] == meeting_id), None)
    if found is None:
        raise Http404("No such meeting.")
    return found


@router.put(
    "/relationships/{relationship_id}/meetings/{meeting_id}/private-note",
    response={200: PrivateNoteOut, **WRITE_ERRORS},
)
def private_note_save(
    request: HttpRequest, relationship_id: int, meeting_id: int, payload: PrivateNoteIn
) -> dict[str, Any]:
    """Write, replace or (with empty text) clear your private note on a meeting. Only you
    will ever read it."""
    user = _user(request)
    relationship = _for_member(user, relationship_id)
    meeting = relationship.meetings.filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404("No such meeting.")
    note = services.private_note_save(meeting=meeting, by=user, text=payload.text)
    return {"meeting_id": meeting.pk, "text": note.text if note is not None else None}


# --- Goals --------------------------------------------------------------------------------


def _goals_of(relationship: Relationship) -> list[Goal]:
    return list(relationship.goals.all())


@router.get(
    "/relationships/{relationship_id}/goals",
    response={200: list[GoalOut], **READ_ERRORS},
)
@paginate(Pages)
def goal_list(request: HttpRequest, relationship_id: int) -> list[dict[str, Any]]:
    """The goals both sides set, with their GROW fields, progress and actions."""
    relationship = _for_member(_user(request), relationship_id)
    names = _names(relationship)
    return [_goal(g, names) for g in _goals_of(relationship)]


def _one_goal(user: User, relationship_id: int, goal_id: int) -> tuple[Relationship, Goal]:
    relationship = _for_member(user, relationship_id)
    goal = next((g for g in relationship.goals.all() if g.pk == goal_id), None)
    if goal is None:
        raise Http404("No such goal.")
    return relationship, goal


@router.post(
    "/relationships/{relationship_id}/goals",
    response={201: GoalOut, **WRITE_ERRORS},
)
def goal_create(
    request: HttpRequest, relationship_id: int, payload: GoalIn
) -> Status[dict[str, Any]]:
    """Set a goal of your own (in a reciprocal pair both sides set goals)."""
    user = _user(request)
    relationship = _for_member(user, relationship_id)
    goal = services.goal_create(relationship=relationship, by=user, **payload.model_dump())
    relationship, goal = _one_goal(user, relationship_id, goal.pk)
    return Status(201, _goal(goal, _names(relationship)))


@router.patch(
    "/relationships/{relationship_id}/goals/{goal_id}",
    response={200: GoalOut, **WRITE_ERRORS},
)
def goal_update(
    request: HttpRequest, relationship_id: int, goal_id: int, payload: GoalUpdateIn
) -> dict[str, Any]:
    """Change your own goal: its GROW fields, progress or status. Send only what changes."""
    user = _user(request)
    _, goal = _one_goal(user, relationship_id, goal_id)
    changes = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    services.goal_update(instance=goal, by=user, **changes)
    relationship, goal = _one_goal(user, relationship_id, goal_id)
    return _goal(goal, _names(relationship))


@router.post(
    "/relationships/{relationship_id}/goals/{goal_id}/actions",
    response={201: GoalActionOut, **WRITE_ERRORS},
)
def goal_action_add(
    request: HttpRequest, relationship_id: int, goal_id: int, payload: GoalActionIn
) -> Status[GoalAction]:
    """Add an action to a goal, with an optional due date; either member may."""
    user = _user(request)
    _, goal = _one_goal(user, relationship_id, goal_id)
    action = services.goal_action_add(goal=goal, by=user, text=payload.text, due_on=payload.due_on)
    return Status(201, action)


@router.patch(
    "/relationships/{relationship_id}/goals/{goal_id}/actions/{goal_action_id}",
    response={200: GoalActionOut, **WRITE_ERRORS},
)
def goal_action_update(
    request: HttpRequest,
    relationship_id: int,
    goal_id: int,
    goal_action_id: int,
    payload: GoalActionUpdateIn,
) -> GoalAction:
    """Tick an action off, or untick it; either member may."""
    user = _user(request)
    _, goal = _one_goal(user, relationship_id, goal_id)
    action = next((a for a in goal.actions.all() if a.pk == goal_action_id), None)
    if action is None:
        raise Http404("No such action.")
    return services.goal_action_done(action=action, by=user, done=payload.done)


# --- Sponsorship --------------------------------------------------------------------------


@router.get(
    "/relationships/{relationship_id}/sponsorship",
    response={200: list[SponsorshipOut], **READ_ERRORS},
)
@paginate(Pages)
def sponsorship_list(request: HttpRequest, relationship_id: int) -> list[dict[str, Any]]:
    """Opportunities offered or asked for in the relationship, latest first."""
    relationship = _for_member(_user(request), relationship_id)
    names = _names(relationship)
    return [_sponsorship(a, names) for a in relationship.sponsorship_actions.all()]


@router.post(
    "/relationships/{relationship_id}/sponsorship",
    response={201: SponsorshipOut, **WRITE_ERRORS},
)
def sponsorship_add(
    request: HttpRequest, relationship_id: int, payload: SponsorshipIn
) -> Status[dict[str, Any]]:
    """Record an opportunity you offer (an introduction, shadowing, a stretch project…) or
    ask for."""
    user = _user(request)
    relationship = _for_member(user, relationship_id)
    action = services.sponsorship_add(relationship=relationship, by=user, **payload.model_dump())
    return Status(201, _sponsorship(action, _names(relationship)))


@router.patch(
    "/relationships/{relationship_id}/sponsorship/{sponsorship_action_id}",
    response={200: SponsorshipOut, **WRITE_ERRORS},
)
def sponsorship_set_status(
    request: HttpRequest,
    relationship_id: int,
    sponsorship_action_id: int,
    payload: SponsorshipStatusIn,
) -> dict[str, Any]:
    """Mark an opportunity open, taken up or declined; either member may."""
    user = _user(request)
    relationship = _for_member(user, relationship_id)
    action = next(
        (a for a in relationship.sponsorship_actions.all() if a.pk == sponsorship_action_id), None
    )
    if action is None:
        raise Http404("No such opportunity.")
    action = services.sponsorship_set_status(action=action, by=user, status=payload.status)
    return _sponsorship(action, _names(relationship))


# --- Concerns and support -----------------------------------------------------------------


@router.get(
    "/relationships/{relationship_id}/support",
    response={200: SupportOut, **READ_ERRORS},
)
def support_list(request: HttpRequest, relationship_id: int) -> dict[str, Any]:
    """Where to get help in your organisation, and the facilitators a concern can go to."""
    relationship = _for_member(_user(request), relationship_id)
    facilitators = relationship.programme.facilitators.select_related("person").order_by("pk")
    return {
        "support": _support(relationship),
        "facilitators": [
            {"id": f.pk, "name": getattr(getattr(f, "person", None), "display_name", f.email)}
            for f in facilitators
        ],
    }


@router.post(
    "/relationships/{relationship_id}/concerns",
    response={201: ConcernOut, **WRITE_ERRORS},
)
def concern_raise(
    request: HttpRequest, relationship_id: int, payload: ConcernIn
) -> Status[dict[str, Any]]:
    """Raise a concern. Nobody is told unless you set `tell_facilitator` and name one of the
    programme's facilitators; the answer lists where to get support."""
    user = _user(request)
    relationship = _for_member(user, relationship_id)
    facilitator = None
    if payload.facilitator_id is not None:
        facilitator = relationship.programme.facilitators.filter(pk=payload.facilitator_id).first()
        if facilitator is None:
            raise ApplicationError(
                "Choose one of the programme's facilitators.", field="facilitator_id"
            )
    concern = services.concern_raise(
        relationship=relationship,
        by=user,
        message=payload.message,
        tell_facilitator=payload.tell_facilitator,
        facilitator=facilitator,
    )
    return Status(
        201,
        {
            "id": concern.pk,
            "told_facilitator": concern.tell_facilitator,
            "facilitator_id": concern.facilitator_id,
            "support": _support(relationship),
        },
    )


# --- For facilitators ---------------------------------------------------------------------


@router.get(
    "/cohorts/{cohort_id}/health",
    response={200: list[HealthRowOut], **READ_ERRORS},
    tags=["partnership health"],
)
@paginate(Pages)
def cohort_health(
    request: HttpRequest, cohort_id: int, filters: Query[HealthFilters]
) -> list[dict[str, Any]]:
    """Every relationship in a cohort with its health and flags, for the programme's
    facilitators; filter by `flag` or `status`. Never summaries, notes or agreement text."""
    user = _user(request)
    cohort = _cohort_for_facilitator(user, cohort_id)
    rows = selectors.dashboard_rows(
        user=user, cohort=cohort, flag=filters.flag or "", status=filters.status or ""
    )
    return [_health_row(row) for row in rows]


@router.get(
    "/relationships/{relationship_id}/health",
    response={200: RelationshipHealthOut, **READ_ERRORS},
    tags=["partnership health"],
)
def relationship_health(request: HttpRequest, relationship_id: int) -> dict[str, Any]:
    """One relationship's health, its members' pulse answers and who could partner its first
    remaining member in a rematch: for the programme's facilitators only."""
    return _health(_user(request), relationship_id)


def _health(user: User, relationship_id: int) -> dict[str, Any]:
    relationship = _for_facilitator(user, relationship_id)
    row = None
    if relationship.cohort is not None:
        rows = selectors.dashboard_rows(user=user, cohort=relationship.cohort)
        row = next((r for r in rows if r.relationship.pk == relationship.pk), None)
    pulses = selectors.pulses_for_facilitator(user=user, relationship=relationship)
    candidates: list[Person] = []
    remaining = next((m for m in relationship.members.all() if m.left_on is None), None)
    if relationship.cohort is not None and remaining is not None:
        candidates = selectors.rematch_candidates(
            user=user, relationship=relationship, remaining=remaining
        )
    return {
        "relationship_id": relationship.pk,
        "programme_id": relationship.programme_id,
        "cohort_id": relationship.cohort_id,
        "kind": relationship.kind,
        "status": relationship.status,
        "status_label": relationship.get_status_display(),
        "started_on": relationship.started_on,
        "planned_end": relationship.planned_end,
        "ended_on": relationship.ended_on,
        "end_reason": relationship.end_reason,
        "paused_until": relationship.paused_until,
        "members": _members(relationship, user),
        "health": _health_row(row) if row is not None else None,
        "pulses": [
            {
                "id": p.pk,
                "member_id": p.member_id,
                "name": p.member.person.display_name,
                "due_on": p.due_on,
                "answered_at": p.answered_at,
                "usefulness": p.usefulness,
                "expectations_aligned": p.expectations_aligned,
                "for_facilitator": p.for_facilitator,
            }
            for p in pulses.order_by("-due_on", "pk")
        ],
        "rematch_candidates": [{"id": p.pk, "name": p.display_name} for p in candidates],
    }


@router.post(
    "/relationships/{relationship_id}/pause",
    response={200: RelationshipHealthOut, **WRITE_ERRORS},
    tags=["partnership health"],
)
def relationship_pause(
    request: HttpRequest, relationship_id: int, payload: PauseIn | None = None
) -> dict[str, Any]:
    """Pause an active relationship, optionally until a date (the programme's facilitators)."""
    user = _user(request)
    relationship = _for_facilitator(user, relationship_id)
    until = payload.until if payload is not None else None
    services.relationship_pause(relationship=relationship, by=user, until=until)
    return _health(user, relationship_id)


@router.post(
    "/relationships/{relationship_id}/resume",
    response={200: RelationshipHealthOut, **WRITE_ERRORS},
    tags=["partnership health"],
)
def relationship_resume(request: HttpRequest, relationship_id: int) -> dict[str, Any]:
    """Resume a paused relationship (the programme's facilitators)."""
    user = _user(request)
    relationship = _for_facilitator(user, relationship_id)
    services.relationship_resume(relationship=relationship, by=user)
    return _health(user, relationship_id)


@router.post(
    "/relationships/{relationship_id}/rematch",
    response={201: RelationshipHealthOut, **WRITE_ERRORS},
    tags=["partnership health"],
)
def relationship_rematch(
    request: HttpRequest, relationship_id: int, payload: RematchIn
) -> Status[dict[str, Any]]:
    """End the relationship (if live) and propose a new one for the member who stays, with
    one of the rematch candidates; both are asked to accept. Answers the new relationship."""
    user = _user(request)
    relationship = _for_facilitator(user, relationship_id)
    remaining = next(
        (m for m in relationship.members.all() if m.pk == payload.remaining_member_id), None
    )
    if remaining is None:
        raise ApplicationError(
            "Choose a member of this relationship to stay.", field="remaining_member_id"
        )
    candidates = selectors.rematch_candidates(
        user=user, relationship=relationship, remaining=remaining
    )
    partner = next((p for p in candidates if p.pk == payload.partner_person_id), None)
    if partner is None:
        raise ApplicationError(
            "Choose a new partner from the rematch candidates.", field="partner_person_id"
        )
    new = services.relationship_rematch(
        relationship=relationship,
        by=user,
        remaining=remaining,
        partner=partner,
    )
    return Status(201, _health(user, new.pk))


@router.post(
    "/relationships/{relationship_id}/message",
    response={200: MessageSentOut, **WRITE_ERRORS},
    tags=["partnership health"],
)
def relationship_message(
    request: HttpRequest, relationship_id: int, payload: MessageIn
) -> dict[str, int]:
    """Email every current member of the relationship, through the outbox."""
    user = _user(request)
    relationship = _for_facilitator(user, relationship_id)
    sent = services.facilitator_message(
        relationship=relationship, by=user, subject=payload.subject, body=payload.body
    )
    return {"sent": sent}


@router.get(
    "/cohorts/{cohort_id}/outbox",
    response={200: list[OutboxOut], **READ_ERRORS},
    tags=["partnership health"],
)
@paginate(Pages)
def outbox_list(request: HttpRequest, cohort_id: int) -> Any:
    """Every reminder and notice for a cohort's relationships, newest first, with how far
    sending got. Interrupted sends are 'uncertain': check before resending."""
    user = _user(request)
    cohort = _cohort_for_facilitator(user, cohort_id)
    return selectors.outbox_for_facilitator(user=user, cohort=cohort).order_by("-created_at", "-id")


@router.post(
    "/outbox/{message_id}/resend",
    response={200: OutboxOut, **WRITE_ERRORS},
    tags=["partnership health"],
)
def outbox_resend(request: HttpRequest, message_id: int) -> OutboxMessage:
    """Send an uncertain or failed email again (the programme's facilitators)."""
    user = _user(request)
    message = (
        OutboxMessage.objects.filter(pk=message_id, relationship__programme__facilitators=user)
        .select_related("person")
        .first()
    )
    if message is None:
        raise Http404("No such message.")
    return services.outbox_resend(message=message)
