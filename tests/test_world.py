from allied.accounts.models import Membership
from allied.programmes.models import Application


def test_world_has_one_person_per_role(world):
    assert world.users["anonymous"] is None
    # Seven roles held by six people: the facilitator is also a participant.
    assert Membership.objects.filter(organisation=world.organisation).count() == 7
    assert Application.objects.filter(cohort=world.cohort).count() == 1
    assert world.programme.facilitators.get() == world.users["facilitator"]
