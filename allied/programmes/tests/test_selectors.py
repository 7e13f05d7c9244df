"""The fetch-and-check selectors: NotFound for what the user may not see, NotAllowed for what
they see but may not do. Views and the API call these, so each rule answers the same in both."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from allied.core.errors import ApplicationError, NotAllowed, NotFound
from allied.programmes import selectors
from allied.programmes.models import Application, EligibilityRule, Side
from tests.support.world import ROLES


def user_for(world, role):
    return world.users[role] or AnonymousUser()


def _application(world):
    return Application.objects.get(person=world.users["participant"].person)


# Who sees the participant's application (applicant and facilitator), and who may do what.
DECIDE = {"facilitator": None, "participant": NotAllowed}
WITHDRAW = {"participant": None, "facilitator": NotAllowed}


@pytest.mark.parametrize("role", ROLES)
def test_an_application_is_got_for_deciding_by_the_programmes_facilitators_only(world, role):
    application = _application(world)
    error = DECIDE.get(role, NotFound)
    if error is None:
        found = selectors.application_get_for_decision(
            user=user_for(world, role), application_id=application.pk
        )
        assert found == application
    else:
        with pytest.raises(error):
            selectors.application_get_for_decision(
                user=user_for(world, role), application_id=application.pk
            )


@pytest.mark.parametrize("role", ROLES)
def test_an_application_is_got_for_withdrawing_by_its_applicant_only(world, role):
    application = _application(world)
    error = WITHDRAW.get(role, NotFound)
    if error is None:
        found = selectors.application_get_for_withdrawal(
            user=user_for(world, role), application_id=application.pk
        )
        assert found == application
    else:
        with pytest.raises(error):
            selectors.application_get_for_withdrawal(
                user=user_for(world, role), application_id=application.pk
            )


def test_the_refusal_to_decide_says_who_may(world):
    with pytest.raises(NotAllowed, match="Only the programme's facilitators can decide"):
        selectors.application_get_for_decision(
            user=world.users["participant"], application_id=_application(world).pk
        )


@pytest.mark.parametrize(
    ("role", "error"),
    [
        ("other_participant", None),
        ("evaluator", None),
        ("org_admin", None),
        ("foreign_admin", NotFound),
        ("anonymous", NotFound),
    ],
)
def test_a_cohort_is_got_for_applying_by_those_with_a_profile_in_its_organisation(
    world, role, error
):
    if error is None:
        cohort = selectors.cohort_get_for_applying(
            user=user_for(world, role), cohort_id=world.cohort.pk
        )
        assert cohort == world.cohort
    else:
        with pytest.raises(error):
            selectors.cohort_get_for_applying(user=user_for(world, role), cohort_id=world.cohort.pk)


def test_someone_who_sees_a_cohort_but_has_no_profile_may_not_apply(world):
    facilitator = world.users["facilitator"]
    facilitator.person.delete()
    facilitator.refresh_from_db()
    with pytest.raises(NotAllowed, match="cannot apply"):
        selectors.cohort_get_for_applying(user=facilitator, cohort_id=world.cohort.pk)


@pytest.mark.parametrize(
    ("role", "error"),
    [
        ("facilitator", None),
        ("org_admin", None),
        ("other_facilitator", NotAllowed),
        ("evaluator", NotAllowed),
        ("participant", NotAllowed),
        ("foreign_admin", NotFound),
    ],
)
def test_a_programme_is_got_for_changing_by_its_facilitators_and_admins(world, role, error):
    get = selectors.programme_get_managed
    if error is None:
        assert get(user=world.users[role], programme_id=world.programme.pk) == world.programme
    else:
        with pytest.raises(error):
            get(user=world.users[role], programme_id=world.programme.pk)


@pytest.mark.parametrize("role", ["participant", "evaluator"])
def test_only_facilitators_and_admins_have_organisations_to_create_programmes_in(world, role):
    with pytest.raises(NotAllowed, match="Only facilitators and admins"):
        selectors.organisations_for_programme_create(user=world.users[role])


def test_a_facilitator_creates_programmes_in_their_own_organisation(world):
    organisations = selectors.organisations_for_programme_create(user=world.users["facilitator"])
    assert list(organisations) == [world.organisation]


def test_a_side_of_another_programme_is_not_found_or_refused_on_the_field(world):
    other_side = world.other_programme.sides.first()
    programme = selectors.programme_get(
        user=world.users["facilitator"], programme_id=world.programme.pk
    )
    mentee = programme.sides.get(key=Side.Key.MENTEE)
    assert selectors.side_get(programme=programme, side_id=mentee.pk) == mentee
    with pytest.raises(NotFound):
        selectors.side_get(programme=programme, side_id=other_side.pk)
    with pytest.raises(ApplicationError) as error:
        selectors.side_get(programme=programme, side_id=other_side.pk, field="side_id")
    assert error.value.field == "side_id"


def test_a_rule_is_got_only_through_its_own_programme(world):
    other_rule = EligibilityRule.objects.create(
        side=world.other_programme.sides.first(), attribute="band", operator="at_least", value="6"
    )
    user = world.users["org_admin"]  # manages both programmes
    with pytest.raises(NotFound):
        selectors.eligibility_rule_get_managed(
            user=user, programme_id=world.programme.pk, rule_id=other_rule.pk
        )
    found = selectors.eligibility_rule_get_managed(
        user=user, programme_id=world.other_programme.pk, rule_id=other_rule.pk
    )
    assert found == other_rule
    with pytest.raises(NotAllowed):
        selectors.eligibility_rule_get_managed(
            user=world.users["facilitator"],
            programme_id=world.other_programme.pk,
            rule_id=other_rule.pk,
        )


def test_a_guidance_page_is_got_by_its_slug_within_its_programme(world):
    programme = selectors.programme_get(
        user=world.users["participant"], programme_id=world.programme.pk
    )
    assert (
        selectors.resource_get(programme=programme, slug="four-questions").slug == "four-questions"
    )
    with pytest.raises(NotFound):
        selectors.resource_get(programme=programme, slug="no-such-page")
