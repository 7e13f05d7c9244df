import datetime as dt
from dataclasses import dataclass

import pytest

from allied.accounts.models import Membership, User
from allied.partnerships.models import Member, Relationship
from allied.partnerships.services import relationship_create
from tests.support.world import make_user

START = dt.date(2031, 1, 15)


@dataclass
class Pair:
    relationship: Relationship
    mentor: User
    mentee: User
    mentor_member: Member
    mentee_member: Member


@pytest.fixture
def pair(world) -> Pair:
    """An active mentoring pair in the world's programme: a new mentor and the participant."""
    mentor = make_user(world.organisation, Membership.Role.PARTICIPANT, name="Mo Mentor")
    mentee = world.users["participant"]
    relationship = relationship_create(
        programme=world.programme,
        cohort=world.cohort,
        members=[(mentor.person, Member.Role.MENTOR), (mentee.person, Member.Role.MENTEE)],
        started_on=START,
    )
    members = {m.person_id: m for m in relationship.members.all()}
    return Pair(relationship, mentor, mentee, members[mentor.person.pk], members[mentee.person.pk])
