"""The members' operations: their relationships and what each shares (the agreement, meetings,
goals, sponsorship, support and concerns), and their own check-ins, hours, informal mentoring
and email settings. Each calls the same selectors and services as the pages, which answer 404
for a relationship the caller has no part in and 403 for one they facilitate (they see its
health, never its content)."""

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.pagination import paginate

from allied.accounts.http import acting_user
from allied.core.api.schemas import READ_ERRORS, WRITE_ERRORS, Pages
from allied.notifications.models import EmailPreference
from allied.partnerships import selectors, services
from allied.partnerships.api.requests import expectations_by_member, member_relationship
from allied.partnerships.api.schemas import (
    AgreementIn,
    AgreementOut,
    AgreementsOut,
    CommitmentOut,
    EmailSettingsIn,
    EmailSettingsOut,
    EndIn,
    HoursOut,
    HoursQuery,
    InformalLogIn,
    InformalLogOut,
    MeetingIn,
    MeetingOut,
    PrivateNoteIn,
    PrivateNoteOut,
    PulseAnswerIn,
    PulseOut,
    ReflectionIn,
    ReflectionOut,
    RelationshipDetailOut,
    RelationshipOut,
    RespondIn,
)
from allied.partnerships.models import (
    Agreement,
    ClosingReflection,
    InformalLog,
    Meeting,
    PulseCheckIn,
    Relationship,
)
from allied.partnerships.selectors import api_reads
from allied.partnerships.selectors.api_reads import MentorHours

router = Router(tags=["relationships"])


# --- Your own records ---------------------------------------------------------------------


@router.get("/relationships", response={200: list[RelationshipOut], **READ_ERRORS})
@paginate(Pages)
def relationship_list(request: HttpRequest) -> QuerySet[Relationship]:
    """Your relationships of every kind, latest first."""
    return selectors.relationship_list_for_member(user=acting_user(request))


@router.get("/relationships/commitment", response={200: CommitmentOut, **READ_ERRORS})
def relationship_commitment(request: HttpRequest) -> selectors.Commitment:
    """Your live relationships of every kind and the hours a month they add up to."""
    return api_reads.commitment_for_member(user=acting_user(request))


@router.get("/relationships/hours", response={200: HoursOut, **READ_ERRORS})
def mentor_hours(request: HttpRequest, query: Query[HoursQuery]) -> MentorHours:
    """Your meeting hours by relationship between two dates: evidence for a job plan."""
    return api_reads.hours_for(user=acting_user(request), start=query.start, end=query.end)


@router.get("/relationships/informal", response={200: list[InformalLogOut], **READ_ERRORS})
@paginate(Pages)
def informal_list(request: HttpRequest) -> QuerySet[InformalLog]:
    """Your one-off, taster and informal mentoring, latest first."""
    return api_reads.informal_log_list_own(user=acting_user(request))


@router.post("/relationships/informal", response={201: InformalLogOut, **WRITE_ERRORS})
def informal_log(request: HttpRequest, payload: InformalLogIn) -> Status[InformalLog]:
    """Log a taster, a single meeting or informal mentoring, with no relationship."""
    person = selectors.person_get_own(user=acting_user(request))
    return Status(201, services.informal_log_add(person=person, **payload.model_dump()))


@router.get("/relationships/email-settings", response={200: EmailSettingsOut, **READ_ERRORS})
def email_settings(request: HttpRequest) -> EmailPreference:
    """Whether you get reminders and nudges (essential emails always go)."""
    return api_reads.email_settings_for(user=acting_user(request))


@router.put("/relationships/email-settings", response={200: EmailSettingsOut, **WRITE_ERRORS})
def email_settings_set(request: HttpRequest, payload: EmailSettingsIn) -> EmailPreference:
    """Turn reminders and nudges on or off for yourself."""
    user = acting_user(request)
    person = selectors.person_get_own(user=user)
    return services.email_preference_set(
        person=person, by=user, non_essential=payload.non_essential
    )


@router.get("/relationships/pulses/{pulse_id}", response={200: PulseOut, **READ_ERRORS})
def pulse_detail(request: HttpRequest, pulse_id: int) -> PulseCheckIn:
    """Your own pulse check-in. Your answers go to the facilitators only."""
    return selectors.pulse_get_own(user=acting_user(request), pulse_id=pulse_id)


@router.post("/relationships/pulses/{pulse_id}", response={200: PulseOut, **WRITE_ERRORS})
def pulse_answer(request: HttpRequest, pulse_id: int, payload: PulseAnswerIn) -> PulseCheckIn:
    """Answer your own check-in, once. Only the facilitators will see your answers."""
    user = acting_user(request)
    pulse = selectors.pulse_get_own(user=user, pulse_id=pulse_id)
    services.pulse_answer(pulse=pulse, by=user, **payload.model_dump())
    return selectors.pulse_get_own(user=user, pulse_id=pulse_id)


# --- A relationship -----------------------------------------------------------------------


@router.get(
    "/relationships/{relationship_id}", response={200: RelationshipDetailOut, **READ_ERRORS}
)
def relationship_detail(request: HttpRequest, relationship_id: int) -> Relationship:
    """A relationship you are in: its members, your partners' matching profiles, its dates and
    whether the agreement is confirmed."""
    return member_relationship(request, relationship_id)


@router.post(
    "/relationships/{relationship_id}/respond",
    response={200: RelationshipDetailOut, **WRITE_ERRORS},
)
def relationship_respond(
    request: HttpRequest, relationship_id: int, payload: RespondIn
) -> Relationship:
    """Accept or decline a proposed match; to decline, say briefly why (facilitators see it)."""
    services.relationship_respond(
        relationship=member_relationship(request, relationship_id),
        user=acting_user(request),
        accept=payload.accept,
        reason=payload.reason,
    )
    return member_relationship(request, relationship_id)


@router.post(
    "/relationships/{relationship_id}/end", response={200: RelationshipOut, **WRITE_ERRORS}
)
def relationship_end(request: HttpRequest, relationship_id: int, payload: EndIn) -> Relationship:
    """End a relationship, as planned or early. Its members and the programme's facilitators
    may; each member is then asked for a closing reflection."""
    user = acting_user(request)
    services.relationship_end(
        relationship=api_reads.relationship_get_for_ending(
            user=user, relationship_id=relationship_id
        ),
        by=user,
        reason=payload.reason,
        note=payload.note,
    )
    return api_reads.relationship_get_for_ending(user=user, relationship_id=relationship_id)


@router.post(
    "/relationships/{relationship_id}/reflection",
    response={200: ReflectionOut, **WRITE_ERRORS},
)
def reflection_submit(
    request: HttpRequest, relationship_id: int, payload: ReflectionIn
) -> ClosingReflection:
    """Write (or rewrite) your closing reflection once the relationship has ended."""
    return services.reflection_submit(
        relationship=member_relationship(request, relationship_id),
        by=acting_user(request),
        **payload.model_dump(),
    )


# --- Agreement ----------------------------------------------------------------------------


@router.get(
    "/relationships/{relationship_id}/agreements",
    response={200: AgreementsOut, **READ_ERRORS},
)
def agreement_list(request: HttpRequest, relationship_id: int) -> list[Agreement]:
    """The latest version of the agreement and every earlier one, newest first."""
    return selectors.agreement_history(relationship=member_relationship(request, relationship_id))


@router.post(
    "/relationships/{relationship_id}/agreements",
    response={201: AgreementOut, **WRITE_ERRORS},
)
def agreement_propose(
    request: HttpRequest, relationship_id: int, payload: AgreementIn
) -> Status[Agreement]:
    """Propose a new version of the agreement; proposing it confirms it for you, and the
    other members confirm it in turn."""
    user = acting_user(request)
    relationship = member_relationship(request, relationship_id)
    expectations = expectations_by_member(payload.expectations)
    agreement = services.agreement_propose(
        relationship=relationship,
        by=user,
        expectations=expectations,
        **payload.model_dump(exclude={"expectations"}),
    )
    return Status(201, _agreement(request, relationship_id, agreement.pk))


def _agreement(request: HttpRequest, relationship_id: int, agreement_id: int) -> Agreement:
    return selectors.agreement_get_for_member(
        user=acting_user(request),
        relationship=member_relationship(request, relationship_id),
        agreement_id=agreement_id,
    )


@router.post(
    "/relationships/{relationship_id}/agreements/{agreement_id}/confirm",
    response={200: AgreementOut, **WRITE_ERRORS},
)
def agreement_confirm(request: HttpRequest, relationship_id: int, agreement_id: int) -> Agreement:
    """Confirm the latest version of the agreement."""
    agreement = _agreement(request, relationship_id, agreement_id)
    services.agreement_confirm(agreement=agreement, by=acting_user(request))
    return _agreement(request, relationship_id, agreement_id)


# --- Meetings -----------------------------------------------------------------------------


@router.get(
    "/relationships/{relationship_id}/meetings",
    response={200: list[MeetingOut], **READ_ERRORS},
)
@paginate(Pages)
def meeting_list(request: HttpRequest, relationship_id: int) -> list[Meeting]:
    """The meetings, latest first, with their shared summaries and your own private note
    (never anyone else's)."""
    relationship = member_relationship(request, relationship_id)
    return api_reads.meetings_with_attendance(user=acting_user(request), relationship=relationship)


@router.post(
    "/relationships/{relationship_id}/meetings",
    response={201: MeetingOut, **WRITE_ERRORS},
)
def meeting_record(
    request: HttpRequest, relationship_id: int, payload: MeetingIn
) -> Status[Meeting]:
    """Record a meeting that has happened: a summary the members share and, if you like, a
    private note only you will see. Circles record who came."""
    user = acting_user(request)
    relationship = member_relationship(request, relationship_id)
    meeting = services.meeting_record(
        relationship=relationship, by=user, today=timezone.localdate(), **payload.model_dump()
    )
    return Status(
        201,
        api_reads.meeting_with_attendance_get(
            user=user, relationship=relationship, meeting_id=meeting.pk
        ),
    )


@router.put(
    "/relationships/{relationship_id}/meetings/{meeting_id}/private-note",
    response={200: PrivateNoteOut, **WRITE_ERRORS},
)
def private_note_save(
    request: HttpRequest, relationship_id: int, meeting_id: int, payload: PrivateNoteIn
) -> PrivateNoteOut:
    """Write, replace or (with empty text) clear your private note on a meeting. Only you
    will ever read it."""
    user = acting_user(request)
    meeting = selectors.meeting_get_for_member(
        user=user, relationship=member_relationship(request, relationship_id), meeting_id=meeting_id
    )
    note = services.private_note_save(meeting=meeting, by=user, text=payload.text)
    return PrivateNoteOut(meeting_id=meeting.pk, text=note.text if note is not None else None)
