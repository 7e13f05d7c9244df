"""Role fixtures shared by every test, as thin wrappers around tests/support/world.py (see its
docstring for who is who). Test modules import from `tests.support.world`, never from here:
a conftest is pytest's to load, not a module to import."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from allied.accounts.models import Organisation
from allied.people.tests.factories import PersonFactory
from tests.support.world import (
    FAST_PASSWORD_HASHERS,
    World,
    build_organisation,
    build_world,
)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashing costs ~0.3 s a user; what is tested is sign-in behaviour, not PBKDF2.
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS


@pytest.fixture
def organisation(db) -> Organisation:
    return build_organisation()


@pytest.fixture
def world(db, organisation) -> World:
    return build_world(organisation)


@pytest.fixture
def client_for(world):
    """A test client signed in as one of the roles (or anonymous)."""

    def make(role: str) -> Client:
        client = Client()
        user = world.users[role]
        if user is not None:
            client.force_login(user)
        return client

    return make


# SQLite guards the audit table on each connection (allied.core.audit); Django's flush between
# transactional tests must empty it, so the suite runs without the guard, and the tests of the
# guard install it on their own connection (allied/core/tests/test_audit.py). PostgreSQL's
# trigger stays on: its flush truncates, which the trigger does not stop.
settings.ALLIED_AUDIT_GUARD = False


@pytest.fixture
def person_factory(db):
    return PersonFactory
